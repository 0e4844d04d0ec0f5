"""The shared job finder on the shapes real resumes take (fixtures written here, invented
people and employers), and the limits that keep hostile files from hanging the importer."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from tui.resume import ResumeError, explain_resume, load_resume, parse_resume_text
from tui.resume.jobs import choose_title_and_employer, header_parts
from tui.resume.sections import clean_line, heading_kind, split_sections

TODAY = date(2026, 11, 20)


def jobs(resume) -> list[tuple[str, str, str | None, str | None]]:
    return [
        (j.employer, j.position, j.start.iso() if j.start else None, None if j.is_current else j.end.iso())
        for j in resume.work
    ]


def test_markdown_title_at_employer_with_dates_in_the_heading() -> None:
    text = """---
date: 2024-01-01
lastmod: 2024-02-01
---
<p class="noprint">Printable version</p>

## Experience

### Director of Engineering at [Quillfeather](https://example.com/q) (July 2024-present)
Leads the research group.

### Software Engineer at [openLedger](https://example.com/o) (July 2014-July 2017)
- Built the grading service

### Intern at [openLedger](https://example.com/o) (May 2013-June 2014)

## Education
### Lakeside University (September 2010-May 2014)
"""
    resume = parse_resume_text(text, TODAY)
    assert jobs(resume) == [
        ("Quillfeather", "Director of Engineering", "2024-07", None),
        ("openLedger", "Software Engineer", "2014-07", "2017-07"),
        ("openLedger", "Intern", "2013-05", "2014-06"),
    ]


def test_markdown_comments_blockquote_dates_and_sub_sections() -> None:
    from tui.resume.sections import markdown_text

    text = markdown_text(
        """# Robin Vale
> 12 Elm Street
> robin@example.com

## Experience

### CTO, [Brightwheel Motors, Inc](https://example.com)
> August 2015 - Present
> Atlanta

- Runs the platform team
<!-- - a bullet the author hid -->

<!--
### Consultant, Side Gig
> May 2015 - August 2015
-->

### Developer at [Notely](https://example.com)

2014-01 - 2014-06

#### Projects
- **sync engine** : offline sync

#### Role: Backend Engineer
Wrote the API.

## Organizations
#### Volunteer, [Code Club](https://example.com)
> January 2017 - Present

## Speaking Events
### (2020-11-11) GoConf 2020
"""
    )
    resume = parse_resume_text(text, TODAY)
    assert jobs(resume) == [
        ("Brightwheel Motors, Inc", "CTO", "2015-08", None),
        ("Notely", "Developer", "2014-01", "2014-06"),
    ]
    assert resume.work[0].highlights == ["Runs the platform team"]
    assert "sync engine : offline sync" in resume.work[1].highlights


def test_markdown_employer_heading_bold_title_and_pandoc_dashes() -> None:
    text = r"""# Experience

## Marlow Biotech: Biosecurity

**Staff Software Engineer**\
Boston, MA | March 2021 -- November 2025

- Led the lab data platform

**Pine Air, Inc.** -- Network Administrator (intern & part-time) |
November 2011 -- March 2014

# Education
"""
    assert jobs(parse_resume_text(text, TODAY)) == [
        ("Marlow Biotech: Biosecurity", "Staff Software Engineer", "2021-03", "2025-11"),
        ("Pine Air, Inc.", "Network Administrator (intern & part-time)", "2011-11", "2014-03"),
    ]


def test_markdown_title_from_the_heading_above_a_team_line() -> None:
    text = """## Employment History
### Systems Administrator
#### Platform Team - Juniper Hosting, Portland, OR (June 2016 - Present)
- Ran the fleet
#### Night Operations - Juniper Hosting, Portland, OR (November 2014 - June 2016)
"""
    found = jobs(parse_resume_text(text, TODAY))
    # The team beside the employer stays with it, in brackets; the title is the heading above.
    assert [(j[0], j[2], j[3]) for j in found] == [("Juniper Hosting (Platform Team)", "2016-06", None),
                                                  ("Juniper Hosting (Night Operations)", "2014-11", "2016-06")]
    assert found[1][1] == "Systems Administrator"


def test_employer_printed_once_above_several_titles_with_icon_glyphs() -> None:
    text = """EXPERIENCE
Harbor Digital Service
Lead Developer
Ý July 2023 – Present
∙ Leads the platform team.
Senior Developer
Ý June 2021 – July 2023
∙ Ran the security rota.
Northwind Broadcasting
Trainee Web Developer
Ý July 2013 – Aug 2014
∙ Automated the build.
EDUCATION
"""
    assert jobs(parse_resume_text(text, TODAY)) == [
        ("Harbor Digital Service", "Lead Developer", "2023-07", None),
        ("Harbor Digital Service", "Senior Developer", "2021-06", "2023-07"),
        ("Northwind Broadcasting", "Trainee Web Developer", "2013-07", "2014-08"),
    ]


@pytest.mark.parametrize(
    ("line", "parts"),
    [
        ("FACEBOOK | SOFTWARE ENGINEER", ["FACEBOOK", "SOFTWARE ENGINEER"]),
        ("Excion, Web Engineer", ["Excion", "Web Engineer"]),
        ("WordPress.org, Contributor to Core, Plugins, & Themes", ["WordPress.org", "Contributor to Core, Plugins, & Themes"]),
        ("Superior Metals, Chittenango, NY — Production Planner - Shipping Coordinator",
         ["Superior Metals", "Production Planner - Shipping Coordinator"]),
        ("Insoft-im [Верстальщик]", ["Верстальщик", "Insoft-im"]),
        ("ООО «Факт»[ Препресс инженер ]", ["Препресс инженер", "ООО «Факт»"]),
        ("Senior Software Engineer at edX", ["Senior Software Engineer", "edX"]),
        ("Alternant développeur iOS chez Accengage (Airship)", ["Alternant développeur iOS", "Accengage (Airship)"]),
        ("Stage à l’École Nationale (ENX), poursuite d’une application Web", ["Stage", "École Nationale (ENX)"]),
        ("Software Engineer (formerly Junior C++ Developer), Qualitance, Romania.",
         ["Software Engineer (formerly Junior C++ Developer)", "Qualitance"]),
        ("ARC Fellow. Centre for Life Sciences, University of Lakeside, Australia.",
         ["ARC Fellow", "Centre for Life Sciences, University of Lakeside"]),
        ("Director of Outreach, Jo Smith for U.S. Congress", ["Director of Outreach", "Jo Smith for U.S. Congress"]),
        ("OVO Energy   Bristol", ["OVO Energy", "Bristol"]),
        ("Highspot – Seattle, WA", ["Highspot"]),
    ],
)
def test_header_shapes(line: str, parts: list[str]) -> None:
    assert header_parts(line) == parts


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        (["FACEBOOK", "SOFTWARE ENGINEER"], ("SOFTWARE ENGINEER", "FACEBOOK")),
        (["Excion", "Web Engineer"], ("Web Engineer", "Excion")),
        (["Технический редактор", "УкрГНТЦ «Энергосталь»"], ("Технический редактор", "УкрГНТЦ «Энергосталь»")),
        (["Entwickler", "Muster GmbH"], ("Entwickler", "Muster GmbH")),
        (["Desarrollador", "Empresa Sol"], ("Desarrollador", "Empresa Sol")),
    ],
)
def test_title_or_employer_by_words_in_seven_languages(parts, expected) -> None:
    assert choose_title_and_employer(parts) == expected


def test_plain_text_academic_cv_jobs_after_dozens_of_dated_publications() -> None:
    publications = "\n".join(
        f"{n}. Doe, J., Roe, R. & Poe, P. {2000 + n % 20}. A study of item {n}. Journal of Things, {n}: 1-{n + 9}."
        for n in range(1, 61)
    )
    talks = "\n".join(f"{n}. Doe, J. {2005 + n % 15}. Talk number {n}. Some Conference {2005 + n % 15}. City." for n in range(1, 20))
    text = f"""Jane Doe
Current Employment
Research Fellow
University of Lakeside

Education
2010-2013. Doctor of Philosophy (PhD), Zoology, University of Lakeside, New Zealand.

Publication Record
{publications}

Conference Contributions
{talks}

Relevant Employment
2018 – Present. Research Fellow. School of Life Sciences, University of Lakeside, Australia.
2014 - 2015. Post-Doctoral Research Associate, Physiology Lab. School of Biology, University of Lakeside, Australia.
2014. Guest Lecturer, Behavioural Ecology. Department of Zoology, University of Hillcrest, New Zealand.
2012. Developer of a Field Survey Toolkit; a worked example in garden birds. Department of Zoology, University of Hillcrest, New Zealand.
2010 - 2012. Demonstrator for 3 undergraduate courses including Data Analysis, and Field Ecology. School of Biology (now part of School of Life Sciences), University of Lakeside, Australia.

Students
2016-2021. PhD. Sam Student. A thesis about diets. University of Lakeside, Australia.

Referees
Professor Ann Smith – Supervisor
"""
    found = jobs(parse_resume_text(text, TODAY))
    # The unit printed before its university is kept in brackets after it (without "now part
    # of" asides); a title stops where its description starts ("; ...", "including ...").
    assert found == [
        ("University of Lakeside (School of Life Sciences)", "Research Fellow", "2018", None),
        ("University of Lakeside (School of Biology)", "Post-Doctoral Research Associate, Physiology Lab", "2014", "2015"),
        ("University of Hillcrest (Department of Zoology)", "Guest Lecturer, Behavioural Ecology", "2014", "2014"),
        ("University of Hillcrest (Department of Zoology)", "Developer of a Field Survey Toolkit", "2012", "2012"),
        ("University of Lakeside (School of Biology)", "Demonstrator for 3 undergraduate courses", "2010", "2012"),
    ]


def test_text_dates_first_bullets_and_french_headings() -> None:
    text = """FORMATION
● 2017-2019 : Master à l'École du Web
EXPÉRIENCE PROFESSIONNELLE
● Novembre 2017 - Novembre 2019 : Alternant développeur iOS chez Pomme Mobile.
● Avril - Juillet 2017 : Stage Développeur mobile chez Dièse Réseaux
CENTRES D'INTÉRÊT
● Musique
"""
    assert jobs(parse_resume_text(text, TODAY)) == [
        ("Pomme Mobile", "Alternant développeur iOS", "2017-11", "2019-11"),
        ("Dièse Réseaux", "Stage Développeur mobile", "2017-04", "2017-07"),
    ]


def test_prose_with_dates_is_not_a_job() -> None:
    text = """Professional Experience

Kestrel Networks – Seattle, WA

Senior Product Engineer, January 2015 - October 2016

Carried out the work of five positions over twelve years, always on time, from February 2004 to October
2016.

- Championed automation, saving the team
  many hours each week.
"""
    resume = parse_resume_text(text, TODAY)
    assert jobs(resume) == [("Kestrel Networks", "Senior Product Engineer", "2015-01", "2016-10")]
    assert resume.work[0].highlights == ["Championed automation, saving the team many hours each week."]


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("EXPÉRIENCE PROFESSIONNELLE", "work"),
        ("Berufserfahrung", "work"),
        ("Experiencia laboral", "work"),
        ("Esperienze lavorative", "work"),
        ("Experiência profissional", "work"),
        ("Опыт работы", "work"),
        ("EMPLOYMENT -----------------------------", "work"),
        ("work experience (5 years, 8 months)", "work"),
        ("Relevant Employment", "work"),
        ("VOLUNTEER EXPERIENCE", "other"),
        ("Research Interests:", "other"),
        ("Образование", "education"),
        ("COMPÉTENCES", "skills"),
        ("Experience Designer, Acme", None),
    ],
)
def test_headings_in_seven_languages(line: str, kind: str | None) -> None:
    assert heading_kind(clean_line(line)) == kind


def test_unknown_markdown_heading_ends_the_experience_section() -> None:
    text = "## Experience\n### Engineer at Acme\n2019-01 - 2020-01\n## Things I Made\n### Widget\n2020-01 - 2021-01\n"
    kinds = [s.kind for s in split_sections(text)]
    assert kinds == ["top", "work", "other"]
    assert len(parse_resume_text(text, TODAY).work) == 1


def test_invisible_characters_and_soft_hyphens() -> None:
    text = "Experience\nA\u200blternant développeur iOS chez Pomme\u00ad Mobile\n2017\u00ad2019\n"
    resume = parse_resume_text(text, TODAY)
    assert jobs(resume) == [("Pomme Mobile", "Alternant développeur iOS", "2017", "2019")]


# -- hostile input: linear time and bounded reads --------------------------------------------

LONG = 200_000  # a quadratic pattern would take minutes on lines this long


@pytest.mark.parametrize(
    "line",
    ["a" * LONG, "a@" + "b." * (LONG // 2) + "@", "_a " * (LONG // 3), "*a" * (LONG // 2), "[a](" * (LONG // 4),
     "[" * LONG, "\t" * LONG + "x", "2019 - " * (LONG // 7), "Jan " * (LONG // 4), "1 " * (LONG // 2),
     "<a " * (LONG // 3), "**" * (LONG // 2), "A, " * (LONG // 3), "at " * (LONG // 3), "a. B" * (LONG // 4)],
    ids=["letters", "email", "underscores", "stars", "links", "brackets", "tabs", "dashes", "months", "digits",
         "tags", "bold", "commas", "at", "sentences"],
)
def test_long_lines_are_read_in_linear_time(line: str) -> None:
    for text in (line, f"Experience\n{line}\nEngineer at Acme\n2019 - 2020"):
        resume = parse_resume_text(text, TODAY)
        assert all(len(job.position) < 1000 for job in resume.work)


@pytest.mark.parametrize("heading", ["Skills", "Education", "Certifications", "Projects", "Summary"])
def test_long_lines_in_every_section_are_read_in_linear_time(heading: str) -> None:
    for line in (", ".join(f"s{i}" for i in range(LONG // 8)), "Jan 2019 " * (LONG // 9), "University " * (LONG // 11)):
        resume = parse_resume_text(f"{heading}\n{line}", TODAY)
        assert sum(len(skill.keywords) for skill in resume.skills) <= LONG


def test_a_huge_one_line_text_file_is_refused_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_text("a" * 5_242_880 + "\n")
    with pytest.raises(ResumeError, match=r"too much text .* the limit is 2 MB"):
        load_resume(path, TODAY)


def test_too_many_lines_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "r.md"
    path.write_text("x\n" * 25_000)
    with pytest.raises(ResumeError, match="too many lines"):
        load_resume(path, TODAY)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "resume.txt"
    os.mkfifo(fifo)
    with pytest.raises(ResumeError, match="not a regular file"):
        load_resume(fifo, TODAY)


def test_a_docx_with_a_million_paragraphs_stops_early(tmp_path: Path) -> None:
    import zipfile

    import docx

    base = tmp_path / "base.docx"
    document = docx.Document()
    document.add_paragraph("Jane Doe")
    document.save(str(base))
    # Rewrite document.xml with many empty paragraphs (python-docx would take minutes to add them).
    bloated = tmp_path / "bloated.docx"
    with zipfile.ZipFile(base) as source, zipfile.ZipFile(bloated, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                data = data.replace(b"<w:body>", b"<w:body>" + b"<w:p/>" * 1_000_000, 1)
            target.writestr(item, data)
    with pytest.raises(ResumeError, match="too many paragraphs"):
        load_resume(bloated, TODAY)


def test_markdown_that_mentions_pdf_is_still_markdown(tmp_path: Path) -> None:
    path = tmp_path / "r.md"
    path.write_text("# Jo\nMy files start with %PDF- as all PDFs do.\n## Experience\nEngineer at Acme\n2019 - 2020\n")
    explained = explain_resume(path, TODAY)
    assert explained.format == "markdown"
    assert jobs(explained.resume) == [("Acme", "Engineer", "2019", "2020")]


# -- PDF layouts (built here with fpdf2; pdfium reads them back) ------------------------------


def _pdf(path: Path, pages: list[list[tuple[float, float, str, str, float]]]) -> Path:
    """Each page: (x mm, y mm, text, style, size) cells, written in the order given."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(False)
    for cells in pages:
        pdf.add_page()
        for x, y, text, style, size in cells:
            pdf.set_font("Helvetica", style, size)
            pdf.set_xy(x, y)
            pdf.cell(0, 5, text)
    pdf.output(str(path))
    return path


def _rows(x: float, y: float, lines: list[str], step: float = 6.0, size: float = 9) -> list:
    return [(x, y + i * step, text, "B" if text.isupper() else "", size) for i, text in enumerate(lines) if text]


def test_pdf_sidebar_columns_continue_across_pages_and_footers_are_dropped(tmp_path: Path) -> None:
    from itertools import zip_longest

    sidebar1 = ["SKILLS", "Kotlin, Go", "Terraform", "", "EDUCATION", "BSc Physics", "Lakeside University", "2005 - 2009"]
    sidebar2 = ["LANGUAGES", "English", "Welsh", "", "INTERESTS", "Climbing", "Chess"]
    main1 = ["EXPERIENCE", "Harbor Digital Service", "Lead Developer", "July 2023 - Present",
             "- Leads the platform team of nine", "Senior Developer", "June 2021 - July 2023",
             "- Ran the security rota", "- Cut errors across the site by 90%"] + ["- Kept the lights on"] * 20
    main2 = ["- Mentored two apprentices", "Northwind Broadcasting", "Trainee Web Developer",
             "July 2013 - Aug 2014", "- Automated the weekly build", "PUBLICATIONS", "Paper one (2019 - 2020)"]
    pages = []
    for number, (side, main) in enumerate(((sidebar1, main1), (sidebar2, main2)), start=1):
        cells = []
        if number == 1:
            cells.append((12, 10, "Robin Vale", "B", 18))
        y = 30.0
        for left, right in zip_longest(side, main, fillvalue=""):
            if left:
                cells.append((140, y, left, "B" if left.isupper() else "", 9))
            if right:
                cells.append((12, y, right, "B" if right.isupper() else "", 9))
            y += 7
        cells.append((12, 285, f"DECEMBER 2, 2026 ROBIN VALE - CURRICULUM VITAE {number}", "", 7))
        pages.append(cells)
    explained = explain_resume(_pdf(tmp_path / "sidebar.pdf", pages), TODAY)
    assert jobs(explained.resume) == [
        ("Harbor Digital Service", "Lead Developer", "2023-07", None),
        ("Harbor Digital Service", "Senior Developer", "2021-06", "2023-07"),
        ("Northwind Broadcasting", "Trainee Web Developer", "2013-07", "2014-08"),
    ]
    assert "Mentored two apprentices" in explained.resume.work[1].highlights  # carried over the page break
    assert "CURRICULUM VITAE" not in explained.text
    assert explained.text.index("Climbing") > explained.text.index("Automated the weekly build")


def test_pdf_margin_dates_wrapped_over_lines(tmp_path: Path) -> None:
    cells = [(20, 10, "Sam Ortiz", "B", 18), (50, 30, "work experience (6 years)", "B", 12)]
    entries = [
        (["May 2016 -", "present", "(4 years, 2", "months)"], "Software Engineer (formerly Junior Developer), Qualia Labs, Romania."),
        (["August 2014", "- October", "2015 (1 year,", "2 months)"], "Associate Software Engineer, Misra Financial Software, Romania."),
        (["June 2013 -", "October 2013"], "Software Engineering Intern, Intelligent Chips, Romania."),
    ]
    y = 45.0
    for margin, title in entries:
        cells.append((50, y, title, "B", 9))
        cells += _rows(20, y + 4, margin, step=4, size=8)
        cells += _rows(50, y + 4, ["Built the DHCP server features", "Wrote unit tests for the whole module"], step=4.5)
        y += 30
    explained = explain_resume(_pdf(tmp_path / "margin.pdf", [cells]), TODAY)
    assert jobs(explained.resume) == [
        ("Qualia Labs", "Software Engineer (formerly Junior Developer)", "2016-05", None),
        ("Misra Financial Software", "Associate Software Engineer", "2014-08", "2015-10"),
        ("Intelligent Chips", "Software Engineering Intern", "2013-06", "2013-10"),
    ]


def test_pdf_right_aligned_places_and_dates_stay_on_their_lines(tmp_path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.cell(0, 10, "Kim Bell", new_x="LMARGIN", new_y="NEXT")
    rows = [("Qualifications", ""), ("University of Lakeside", "Bristol"), ("BSC COMPUTER SCIENCE", "September 2000 - May 2004"),
            ("Employment", ""), ("Volt Energy", "Bristol"), ("SENIOR SOFTWARE ENGINEER", "2016 - Present"),
            ("Built the billing platform on Kafka.", ""), ("Line Radio - MixTape", "Bristol"),
            ("SENIOR SOFTWARE ENGINEER", "2014 - 2016"), ("Tuned the recommendations.", ""),
            ("Talgent", "Bristol"), ("JUNIOR SOFTWARE ENGINEER", "2004 - 2006")]
    for left, right in rows:
        pdf.set_font("Helvetica", "B" if left in ("Qualifications", "Employment") else "", 10)
        pdf.cell(120, 6, left)
        pdf.cell(0, 6, right, align="R", new_x="LMARGIN", new_y="NEXT")
    path = tmp_path / "right.pdf"
    pdf.output(str(path))
    explained = explain_resume(path, TODAY)
    assert jobs(explained.resume) == [
        ("Volt Energy", "Senior Software Engineer", "2016", None),
        ("Line Radio - MixTape", "Senior Software Engineer", "2014", "2016"),
        ("Talgent", "Junior Software Engineer", "2004", "2006"),
    ]
    assert "Volt Energy   Bristol" in explained.text.splitlines()


def test_pdf_with_too_many_pages_is_refused(tmp_path: Path) -> None:
    path = _pdf(tmp_path / "long.pdf", [[(10, 10, "x", "", 9)]] * 201)
    with pytest.raises(ResumeError, match="too many pages"):
        load_resume(path, TODAY)


MORE_SHAPES = {
    "markdown table": ("## Experience\n| Company | Role | Dates |\n|---|---|---|\n| Acme Corp | Backend Engineer | Jan 2019 – Present |\n"
                       "| Initech | Developer | 2015 – 2018 |\n",
                       [("Acme Corp", "Backend Engineer", "2019-01", None), ("Initech", "Developer", "2015", "2018")]),
    "dates first on one line": ("EXPERIENCE\n2019 – 2021 | Data Engineer | Globex\n2016 – 2019 | Analyst | Initech Ltd\n",
                                [("Globex", "Data Engineer", "2019", "2021"), ("Initech Ltd", "Analyst", "2016", "2019")]),
    "german": ("Berufserfahrung\n03/2019 – heute   Softwareentwickler, Muster GmbH, Berlin\n• Entwicklung von Microservices\n"
               "01/2016 – 02/2019   Werkstudent, Beispiel AG, München\nAusbildung\n2012 – 2016 Studium der Informatik, TU Berlin\n",
               [("Muster GmbH", "Softwareentwickler", "2019-03", None), ("Beispiel AG", "Werkstudent", "2016-01", "2019-02")]),
    "spanish": ("Experiencia laboral\nDesarrollador — Empresa Sol (ene. 2018 – actualidad)\n- Diseño de APIs\n"
                "Analista de sistemas — Banco Luna (mar. 2015 – dic. 2017)\nEducación\nUniversidad de Sevilla (2010 – 2014)\n",
                [("Empresa Sol", "Desarrollador", "2018-01", None), ("Banco Luna", "Analista de sistemas", "2015-03", "2017-12")]),
    "italian": ("ESPERIENZE LAVORATIVE\nSviluppatore Backend presso Rossi S.p.A.\nSettembre 2019 – Oggi\n"
                "Stagista presso Verdi Srl\nGiugno 2018 – Agosto 2018\nISTRUZIONE\n",
                [("Rossi S.p.A.", "Sviluppatore Backend", "2019-09", None), ("Verdi Srl", "Stagista", "2018-06", "2018-08")]),
    "portuguese": ("Experiência Profissional\nEngenheiro de Software na Empresa Azul\njan 2020 - atual\n"
                   "Estagiário na Empresa Verde\nfev 2018 - dez 2019\n",
                   [("Empresa Azul", "Engenheiro de Software", "2020-01", None), ("Empresa Verde", "Estagiário", "2018-02", "2019-12")]),
    "russian, dates first": ("Опыт работы\nИюль 2018 — настоящее время\nООО «Ромашка», Москва\nВедущий разработчик\n• Разработка сервисов\n"
                             "Январь 2015 — Июнь 2018\nАО «Лютик»\nПрограммист\n",
                             [("ООО «Ромашка»", "Ведущий разработчик", "2018-07", None), ("АО «Лютик»", "Программист", "2015-01", "2018-06")]),
    "linkedin export": ("Experience\nGlobex Corporation\nSenior Product Manager\nJanuary 2019 - Present (2 years 3 months)\n"
                        "San Francisco Bay Area\nLed the payments roadmap.\nProduct Manager\nMarch 2016 - December 2018 (2 years 10 months)\n"
                        "Initech\nAssociate Product Manager\nJune 2014 - February 2016 (1 year 9 months)\n",
                        [("Globex Corporation", "Senior Product Manager", "2019-01", None),
                         ("Globex Corporation", "Product Manager", "2016-03", "2018-12"),
                         ("Initech", "Associate Product Manager", "2014-06", "2016-02")]),
    "italic dates below bold title": ("## Work\n**Engineer**, Acme Corp\n*Jan 2019 – Mar 2021*\n- Built things\n**Senior Engineer**, Hooli\n*Apr 2021 – Present*\n",
                                      [("Acme Corp", "Engineer", "2019-01", "2021-03"), ("Hooli", "Senior Engineer", "2021-04", None)]),
    "no heading at all": ("Jane Roe\njane@example.com\n\nSoftware Engineer, Acme Corp          2019 – Present\n- Built APIs\n"
                          "Junior Developer, Initech              2016 – 2019\n\nBSc Computer Science, State University, 2012 – 2016\n",
                          [("Acme Corp", "Software Engineer", "2019", None), ("Initech", "Junior Developer", "2016", "2019")]),
    "dates in a left column": ("Academic Appointments\n2019–present  Associate Professor, Department of Physics, Lakeside University\n"
                               "2014–2019     Assistant Professor, Department of Physics, Hill College\nPublications\n2018  Doe J. A paper. Journal 12: 1-9.\n",
                               [("Lakeside University (Department of Physics)", "Associate Professor", "2019", None),
                                ("Hill College (Department of Physics)", "Assistant Professor", "2014", "2019")]),
    # Labelled entries ("Employer: Acme") and Europass's label column.
    "europass": ("Work experience\nDates   01/09/2015 - 31/08/2019\nOccupation or position held   Software Engineer\n"
                 "Main activities and responsibilities   Development of the billing platform\n"
                 "Name and address of employer   Acme Ltd, 12 High Street, London (United Kingdom)\n"
                 "Type of business or sector   Software\nDates   2012 - 2015\nOccupation or position held   Junior Developer\n"
                 "Name and address of employer   Initech GmbH, Berlin (Germany)\nEducation and training\n",
                 [("Acme Ltd", "Software Engineer", "2015-09", "2019-08"), ("Initech GmbH", "Junior Developer", "2012", "2015")]),
    "german labels": ("Berufserfahrung\nZeitraum: 03/2019 – heute\nArbeitgeber: Muster GmbH\nFunktion: Softwareentwickler\n"
                      "Zeitraum: 01/2016 – 02/2019\nArbeitgeber: Beispiel AG\nFunktion: Werkstudent\n",
                      [("Muster GmbH", "Softwareentwickler", "2019-03", None), ("Beispiel AG", "Werkstudent", "2016-01", "2019-02")]),
    "english labels": ("EXPERIENCE\nCompany: Acme Corp\nRole: Backend Engineer\nDates: Jan 2019 – Present\n- Built APIs\n"
                       "Company: Initech\nRole: Developer\nDates: 2015 – 2018\n",
                       [("Acme Corp", "Backend Engineer", "2019-01", None), ("Initech", "Developer", "2015", "2018")]),
}


@pytest.mark.parametrize("name", list(MORE_SHAPES))
def test_more_shapes_and_languages(name: str) -> None:
    text, expected = MORE_SHAPES[name]
    assert jobs(parse_resume_text(text, TODAY)) == expected


def test_thousands_of_jobs_are_refused(tmp_path: Path) -> None:
    import json

    path = tmp_path / "many.json"
    work = [{"name": f"Co {i}", "position": "Engineer", "startDate": "2019-01", "endDate": "2019-06"} for i in range(30_000)]
    path.write_text(json.dumps({"basics": {"name": "X"}, "work": work}))
    with pytest.raises(ResumeError, match="too many jobs"):
        load_resume(path, TODAY)
    text = tmp_path / "many.txt"
    text.write_text("Experience\n" + "Engineer at Acme\n2019 - 2020\n" * 2_500)
    with pytest.raises(ResumeError, match="too many jobs"):
        load_resume(text, TODAY)


def test_pdf_title_and_dates_above_employer_and_place(tmp_path: Path) -> None:
    """The common LaTeX layout: **Title** ... dates, then *Employer* ... place, then bullets."""
    from fpdf import FPDF

    pdf = FPDF(format="Letter")
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 18)
    pdf.cell(0, 10, "Casey Park", align="C", new_x="LMARGIN", new_y="NEXT")
    entries = [
        ("Software Engineer", "June 2020 - Present", "Acme Robotics", "Austin, TX",
         ["Built the fleet telemetry pipeline in Go", "Cut cloud costs by 30% with spot instances"]),
        ("Software Engineering Intern", "May 2019 - August 2019", "Initrode", "Remote", ["Wrote the billing exporter"]),
    ]
    pdf.set_font("Helvetica", "B", 11)
    pdf.cell(0, 8, "EXPERIENCE", new_x="LMARGIN", new_y="NEXT")
    for title, dates, employer, place, bullets in entries:
        pdf.set_font("Helvetica", "B", 10)
        pdf.cell(130, 5, title)
        pdf.set_font("Helvetica", "", 10)
        pdf.cell(0, 5, dates, align="R", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", "I", 9)
        pdf.cell(130, 5, employer)
        pdf.cell(0, 5, place, align="R", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", "", 9)
        for bullet in bullets:
            pdf.cell(0, 5, f"- {bullet}", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "B", 11)
    pdf.cell(0, 8, "PROJECTS", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    pdf.cell(130, 5, "Gitlytics | Python, Flask")
    pdf.cell(0, 5, "June 2020 - Present", align="R", new_x="LMARGIN", new_y="NEXT")
    path = tmp_path / "classic.pdf"
    pdf.output(str(path))
    resume = load_resume(path, TODAY)
    assert jobs(resume) == [
        ("Acme Robotics", "Software Engineer", "2020-06", None),
        ("Initrode", "Software Engineering Intern", "2019-05", "2019-08"),
    ]
    assert resume.work[0].highlights == ["Built the fleet telemetry pipeline in Go", "Cut cloud costs by 30% with spot instances"]


def test_dates_inside_details_are_not_jobs_and_lone_dates_need_a_job() -> None:
    text = """Experience
Senior Engineer, Acme Corp (2019)
- Led the move (2019 – 2020) to AWS with the platform team
- 2020: Promoted to team lead
2016 – 2018 | Analyst | Initech
2019: Promoted to Lead Engineer
Staff Engineer at Hooli — June 2021
"""
    assert jobs(parse_resume_text(text, TODAY)) == [
        ("Acme Corp", "Senior Engineer", "2019", "2019"),
        ("Initech", "Analyst", "2016", "2018"),
        ("Hooli", "Staff Engineer", "2021-06", "2021-06"),
    ]


# -- fuzz: the layout and the line reader take anything -------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

GLYPHS = st.lists(
    st.tuples(
        st.sampled_from(list("ab AZ19-–|\n\r\x02.•")),
        st.floats(0, 600, allow_nan=False),
        st.floats(0, 800, allow_nan=False),
        st.floats(0, 20, allow_nan=False),
        st.floats(0, 14, allow_nan=False),
    ).map(lambda g: (g[0], g[1], g[2], g[1] + g[3], g[2] + g[4])),
    max_size=400,
)


@settings(max_examples=150, deadline=None)
@given(st.lists(GLYPHS, min_size=1, max_size=3))
def test_page_layout_takes_any_glyphs(pages) -> None:
    from tui.resume.layout import document_lines, page_layout

    layouts = [page_layout(glyphs, 612.0) for glyphs in pages]
    text = "\n".join(document_lines(layouts))
    letters = {g[0] for glyphs in pages for g in glyphs}
    assert set(text) <= letters | {" ", "\n"}


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab #*_[]()!<>`|-–—:,.\\\t\u00ad\u200b2019")), max_size=200))
def test_line_reader_takes_any_markup(text: str) -> None:
    resume = parse_resume_text("Experience\n" + text + "\n" + text[::-1], TODAY)
    for job in resume.work:
        assert job.start is not None
    assert "\u200b" not in clean_line(text) and "\u00ad" not in clean_line(text)


def test_dates_in_a_sentence_are_not_a_job() -> None:
    text = "Jo Bloggs\n\nI worked at Acme from 2015 to 2019.\nWe shipped the app in 2018 - 2019 with a small team.\n"
    assert parse_resume_text(text, TODAY).work == []


def test_docx_text_boxes_and_page_header_are_read(tmp_path: Path) -> None:
    import docx
    from docx.oxml import parse_xml

    document = docx.Document()
    document.sections[0].header.is_linked_to_previous = False
    document.sections[0].header.paragraphs[0].text = "Morgan Lee | morgan@example.com"
    document.add_paragraph("Experience", style="Heading 1")
    anchor = document.add_paragraph("")
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    box = (
        '<w:r xmlns:w="{w}" xmlns:v="urn:schemas-microsoft-com:vml" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
        "<mc:AlternateContent><mc:Choice Requires=\"wps\"><w:pict><v:shape><v:textbox><w:txbxContent>"
        "<w:p><w:r><w:t>Senior Engineer, Quill Labs</w:t></w:r></w:p>"
        "<w:p><w:r><w:t>March 2018 – June 2021</w:t></w:r></w:p>"
        "</w:txbxContent></v:textbox></v:shape></w:pict></mc:Choice>"
        "<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>"
        "<w:p><w:r><w:t>Senior Engineer, Quill Labs</w:t></w:r></w:p>"
        "<w:p><w:r><w:t>March 2018 – June 2021</w:t></w:r></w:p>"
        "</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
    ).format(w=w)
    anchor._p.append(parse_xml(box))
    path = tmp_path / "boxes.docx"
    document.save(str(path))
    explained = explain_resume(path, TODAY)
    assert jobs(explained.resume) == [("Quill Labs", "Senior Engineer", "2018-03", "2021-06")]  # once, not twice
    assert explained.resume.basics.email == "morgan@example.com"


def test_pdf_label_column_set_against_its_values(tmp_path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.cell(0, 10, "Europa Candidate", new_x="LMARGIN", new_y="NEXT")
    rows = [("Work experience", ""), ("Dates", "01/09/2015 - 31/08/2019"), ("Occupation or position held", "Software Engineer"),
            ("Main activities and responsibilities", "Development of the billing platform"),
            ("Name and address of employer", "Acme Ltd, 12 High Street, London (United Kingdom)"),
            ("Dates", "2012 - 2015"), ("Occupation or position held", "Junior Developer"),
            ("Name and address of employer", "Initech GmbH, Berlin (Germany)"), ("Education and training", "")]
    for label, value in rows:
        pdf.set_font("Helvetica", "B" if not value else "", 9)
        pdf.cell(60, 6, label, align="R")
        pdf.set_x(75)
        pdf.cell(0, 6, value, new_x="LMARGIN", new_y="NEXT")
    path = tmp_path / "europass.pdf"
    pdf.output(str(path))
    assert jobs(load_resume(path, TODAY)) == [
        ("Acme Ltd", "Software Engineer", "2015-09", "2019-08"),
        ("Initech GmbH", "Junior Developer", "2012", "2015"),
    ]


def test_pdf_narrow_sidebar_of_skills_is_a_column_not_a_margin(tmp_path: Path) -> None:
    from itertools import zip_longest

    main = ["EXPERIENCE", "Senior Engineer, Acme Robotics", "March 2019 - Present", "- Built the telemetry pipeline for the fleet",
            "Engineer, Initrode Systems", "June 2015 - February 2019", "- Wrote the billing exporter and its test suite"]
    side = ["SKILLS", "Python", "Go", "Kubernetes", "Terraform", "LANGUAGES", "English"]
    cells = [(12, 10, "Jordan Reyes", "B", 18)]
    y = 30.0
    for left, right in zip_longest(main, side, fillvalue=""):
        if left:
            cells.append((12, y, left, "B" if left.isupper() else "", 9))
        if right:
            cells.append((168, y, right, "B" if right.isupper() else "", 9))
        y += 7
    explained = explain_resume(_pdf(tmp_path / "sidebar-right.pdf", [cells]), TODAY)
    assert jobs(explained.resume) == [
        ("Acme Robotics", "Senior Engineer", "2019-03", None),
        ("Initrode Systems", "Engineer", "2015-06", "2019-02"),
    ]
    assert "Python" in explained.resume.skill_names() and "Kubernetes" in explained.resume.skill_names()


@pytest.mark.parametrize(
    ("caps", "shown"),
    [("SENIOR SOFTWARE ENGINEER", "Senior Software Engineer"), ("CORNELL ROBOT LEARNING LAB", "Cornell Robot Learning Lab"),
     ("KPCB FELLOW", "KPCB Fellow"), ("ENSG (IGN)", "ENSG (IGN)"), ("IBM", "IBM"),
     ("OPEN SOURCE CONTRIBUTOR & TEAM LEADER", "Open Source Contributor & Team Leader")],
)
def test_small_capitals_are_shown_as_words_and_acronyms_stay(caps: str, shown: str) -> None:
    from tui.resume.jobs import _title_case

    assert _title_case(caps) == shown


def test_projects_named_by_headings_with_a_dates_line_and_a_wrapped_paragraph() -> None:
    from tui.resume.findings import resume_findings

    text = """# Experience
## Lumen Labs
**Engineer**\\
Denver, CO | March 2019 -- Present

# Projects

## Home Lab Cloud

2016 -- Present

Built a small platform on three second-hand servers from bare metal
through Kubernetes - hosting 30+ services. Nightly backups.

## Garden Sensors

Wrote the firmware for soil probes.
"""
    resume = parse_resume_text(text, TODAY)
    assert [(p.name, p.start.iso() if p.start else None) for p in resume.projects] == [
        ("Home Lab Cloud", "2016"), ("Garden Sensors", None)]
    assert resume.projects[0].description.startswith("Built a small platform") and "30+ services" in resume.projects[0].description
    [metric] = [f for f in resume_findings(resume, TODAY) if f.kind == "metric"]
    assert metric.fields["where"] == "in your Home Lab Cloud project"


@pytest.mark.parametrize(
    ("employer", "shown"),
    [("Department of Physics, Lakeside University", "Lakeside University (Department of Physics)"),
     ("Centre X and School of Biology (now part of School of Life Sciences), Hill University",
      "Hill University (Centre X and School of Biology)"),
     ("Acme Corp, Hill University", "Acme Corp, Hill University"),  # no unit word: two names, kept as written
     ("Department of Physics", "Department of Physics"), ("Acme Corp, Hill College Road", "Acme Corp, Hill College Road")],
)
def test_a_unit_printed_before_its_institution_goes_in_brackets(employer: str, shown: str) -> None:
    from tui.resume.jobs import institution_first

    assert institution_first(employer) == shown


def test_english_a_is_not_the_french_connector() -> None:
    # "Développeur à Acme" joins a title to its employer; "Developer of a Toolkit" does not.
    assert header_parts("Développeur à Acme") == ["Développeur", "Acme"]
    assert header_parts("Developer of a Field Toolkit") == ["Developer of a Field Toolkit"]


def test_roles_listed_as_labelled_bullets_are_sub_roles() -> None:
    from tui.resume.findings import resume_findings
    from tui.resume.questions import phrase

    text = """Experience
Northwind   Leeds
SENIOR SOFTWARE ENGINEER   2009 - 2013
My roles, newest first:
• Developer: Built the notification services.
• Developer: Moved the team to Java services.
• Build Manager: Ran the packaging of the phone operating system.
Fabrikam   Leeds
QA ENGINEER   2006 - 2009
• Tools: Selenium, Jenkins.
• Highlights: Cut the regression run from two days to four hours.
"""
    resume = parse_resume_text(text, TODAY)
    assert [(j.employer, j.roles) for j in resume.work] == [("Northwind", ["Developer", "Build Manager"]), ("Fabrikam", [])]
    [change] = [f for f in resume_findings(resume, TODAY) if f.kind == "title_change"]
    # Undated roles: the question does not say which came first.
    assert change.template == "sub_roles" and change.fields["roles"] == "Developer and Build Manager"
    assert all("became" not in phrase(change, seed) and "went from" not in phrase(change, seed) for seed in range(9))
    trace = explain_resume_text_lines(text)
    assert "job 1: highlight, sub-role 'Build Manager'" in trace


def test_education_details_and_skill_captions_and_label_columns() -> None:
    text = """## Education
### **B.S., Computer Engineering** from Hill Institute of Technology
2005-09 - 2009-06
#### Honors
- Member, Delta honors society
- Rowan Honors College Scholar
- Summa Cum Laude

## Skills
SOFTWARE
ARCHITECT
Database   Postgres, Redis, MongoDB
Languages: Go, Rust
- GIT
MICROSOFT OFFICE
"""
    resume = parse_resume_text(text, TODAY)
    # A bullet under an entry written as a line of its own is a detail, even when it names a college.
    assert [e.institution for e in resume.education] == ["Hill Institute of Technology"]
    assert [(s.name, s.keywords) for s in resume.skills] == [
        ("Skills", ["GIT", "MICROSOFT OFFICE"]), ("Database", ["Postgres", "Redis", "MongoDB"]), ("Languages", ["Go", "Rust"])]
    # Skills written in capitals one per line, with no list under them, are skills, not captions.
    capitals = parse_resume_text("## Skills\nPYTHON\nDOCKER\nKUBERNETES\n", TODAY)
    assert [kw for s in capitals.skills for kw in s.keywords] == ["PYTHON", "DOCKER", "KUBERNETES"]
    # A bullet that names a degree under an entry line is a second entry, not a detail.
    second = parse_resume_text("## Education\nB.S. Physics, Hill University, 2011\n- M.S. Chemistry, Vale University, 2013\n",
                               TODAY)
    assert [e.institution for e in second.education] == ["Hill University", "Vale University"]
    # Education written as bullets, one entry each, stays one entry per bullet.
    listed = parse_resume_text("## Education\n- B.S. Physics - Hill University - May 2011\n- B.A. History - Vale College - 2007\n", TODAY)
    assert [e.institution for e in listed.education] == ["Hill University", "Vale College"]


def test_school_grades_keep_their_brackets_and_are_not_asked_about() -> None:
    from tui.resume.findings import resume_findings

    resume = parse_resume_text("Education\nHill Comprehensive School, Wales\nAAB (A-Levels), B (AS Level),\n", TODAY)
    assert [(e.institution, e.area, e.study_type) for e in resume.education] == [
        ("Hill Comprehensive School", "AAB (A-Levels)", "")]
    assert not [f for f in resume_findings(resume, TODAY) if f.kind == "degree"]


def test_a_certification_after_a_degree_is_an_entry_of_its_own() -> None:
    text = """Education
Vale Community College, Syracuse, NY — A.S Information Systems
August 2018 - May 2020
Writers Guild, Remote - Technical Writing Certification
June 2024 - Present
"""
    resume = parse_resume_text(text, TODAY)
    assert [(e.study_type, e.start.iso(), e.in_progress) for e in resume.education] == [
        ("A.S Information Systems", "2018-08", False), ("Technical Writing Certification", "2024-06", True)]


def explain_resume_text_lines(text: str) -> str:
    from tui.resume.textparse import explain_resume_text

    return "\n".join(str(entry) for entry in explain_resume_text(text, TODAY)[1])


def test_class_of_major_and_minor_lines_and_degree_questions_without_a_degree_name() -> None:
    from tui.resume.findings import resume_findings
    from tui.resume.questions import phrase

    text = """EDUCATION
Lakeside College of Engineering, Class of April 2027.
Major: Computer Science
Minor: Economics
GPA: 3.30/4.00.
"""
    resume = parse_resume_text(text, TODAY)
    assert [(e.institution, e.area, e.study_type, e.end.iso()) for e in resume.education] == [
        ("Lakeside College of Engineering", "Computer Science", "", "2027-04")]
    honours = parse_resume_text("Education\nHonours Bachelor of Science, Hill University, 2012 - 2016\nHonors\nMinor: Art\n", TODAY)
    assert [(e.institution, e.study_type, e.area) for e in honours.education] == [("Hill University", "Honours Bachelor", "Science")]
    [degree] = [f for f in resume_findings(resume, TODAY) if f.kind == "degree"]
    # No degree is named: only the phrasing about the college is used, never "your Class of".
    assert {phrase(degree, seed) for seed in range(9)} == {
        "How are you fitting your studies at Lakeside College of Engineering around work?"}
