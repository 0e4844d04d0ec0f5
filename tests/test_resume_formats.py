"""Each format with a known list of jobs and planted findings; bad inputs give ResumeError."""

from __future__ import annotations

import importlib.util
import json
from datetime import date
from pathlib import Path

import pytest

from tui.resume import ResumeError, explain_resume, load_resume, parse_resume_text
from tui.resume.findings import resume_findings
from tui.resume.jsonresume import resume_from_json

TODAY = date(2026, 11, 20)
FIXTURES = Path(__file__).parent / "fixtures" / "resume"
SAMPLE = Path(__file__).resolve().parent.parent / "assets" / "samples" / "sample_resume.json"


def _pdf_builder():
    spec = importlib.util.spec_from_file_location("make_two_column_pdf", FIXTURES / "make_two_column_pdf.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def jobs_of(resume) -> list[tuple[str, str, str | None, str | None]]:
    return [
        (j.employer, j.position, j.start.iso() if j.start else None, j.end.iso() if j.end else None)
        for j in resume.work
    ]


def finding_ids(resume) -> set[str]:
    return {f.id for f in resume_findings(resume, TODAY)}


# -- Markdown ------------------------------------------------------------------------------


def test_markdown_resume_jobs_and_findings() -> None:
    resume = load_resume(FIXTURES / "carter.md", TODAY)
    assert jobs_of(resume) == [
        ("Globex Inc", "Director of Engineering", "2022-02", None),
        ("Initech", "Senior Developer", "2019-03", "2021-12"),
        ("Hooli", "Software Engineer", "2018-06", "2019-01"),
        ("Vandelay Industries", "Junior Developer", "2015-09", "2017-09"),
    ]
    assert resume.basics.name == "John Carter"
    assert resume.basics.email == "john.carter@example.com"
    assert resume.work[0].highlights[1] == "Increased revenue by 40% through pricing experiments"
    # "Windows 2000 - 2003" in a bullet stays a highlight, not a job
    assert "Supported the Windows 2000 - 2003 server migration" in resume.work[3].highlights
    assert [(e.institution, e.study_type, e.in_progress) for e in resume.education] == [
        ("State University", "B.S.", False),
        ("Tech Institute", "M.S.", True),
    ]
    planted = {
        "gap-2017-10",  # Sep 2017 -> Jun 2018
        "short-hooli-2018-06",  # 8 months
        "metric-globex-inc-team-of-12-engineers",
        "metric-globex-inc-40-pct",
        "metric-globex-inc-2m",
        "metric-initech-3x",
        "skill-rust",
        "skill-haskell",
        "skill-terraform",
        "skill-docker",
        "degree-tech-institute",
    }
    found = finding_ids(resume)
    assert planted <= found, planted - found
    assert "skill-go" not in found and "skill-kubernetes" not in found and "skill-python" not in found


# -- plain text ----------------------------------------------------------------------------


def test_text_resume_jobs_and_findings() -> None:
    resume = load_resume(FIXTURES / "kim.txt", TODAY)
    assert jobs_of(resume) == [
        ("Acme Analytics", "Data Analyst", "2019", None),
        ("Beta Labs", "Analyst", "2016", "2018"),
        ("Gamma LLC", "Intern", "2013", "2013"),
    ]
    assert resume.work[1].summary == "Supported the Windows 2000 - 2003 migration for finance."
    found = finding_ids(resume)
    planted = {
        "gap-2014",  # 2014 and 2015 missing (year precision: whole years only)
        "metric-acme-analytics-300-customers",
        "skill-tableau",
        "skill-sas",
        "degree-university-of-somewhere",  # no dates
    }
    assert planted <= found, planted - found
    assert "skill-sql" not in found
    gap = next(f for f in resume_findings(resume, TODAY) if f.id == "gap-2014")
    assert gap.topic == "the 2014–2015 gap"


def test_year_only_dates_make_no_gap_unless_whole_years_are_missing() -> None:
    text = "Experience\nDeveloper, Initech | 2016 - 2018\nEngineer, Acme Corp | 2019 - 2021\n"
    resume = parse_resume_text(text, TODAY)
    assert len(resume.work) == 2
    assert not [f for f in resume_findings(resume, TODAY) if f.kind == "gap" and not f.id.startswith("gap-since")]


# -- DOCX with a table of jobs ----------------------------------------------------------------


def make_docx(path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("Sam Rivera")
    document.add_paragraph("Platform Engineer · sam.rivera@example.net")
    document.add_heading("Experience", level=1)
    table = document.add_table(rows=0, cols=4)
    rows = [
        ("Jan 2020 – Present", "Platform Engineer", "Northwind Traders",
         ["Reduced cloud spend by 25%", "Ran the Kubernetes upgrade program"]),
        ("06/2018 – 03/2020", "DevOps Engineer", "Contoso Ltd", ["Automated 120 deployments a week with Ansible"]),
        ("2015 – 2017", "Systems Administrator", "Fabrikam Inc", ["Kept 300 servers patched"]),
    ]  # fmt: skip
    for dates, title, employer, bullets in rows:
        cells = table.add_row().cells
        cells[0].text, cells[1].text, cells[2].text = dates, title, employer
        for index, bullet in enumerate(bullets):
            paragraph = cells[3].paragraphs[0] if index == 0 else cells[3].add_paragraph()
            paragraph.text = bullet
            paragraph.style = "List Bullet"
    document.add_heading("Skills", level=1)
    document.add_paragraph("Ansible, Kubernetes, COBOL, Terraform")
    document.add_heading("Education", level=1)
    document.add_paragraph("B.Sc. in Information Systems, Lakeside College (in progress)")
    document.save(str(path))


def test_docx_with_a_table_of_jobs(tmp_path: Path) -> None:
    path = tmp_path / "rivera.docx"
    make_docx(path)
    explained = explain_resume(path, TODAY)
    assert explained.format == "docx"
    resume = explained.resume
    assert jobs_of(resume) == [
        ("Northwind Traders", "Platform Engineer", "2020-01", None),
        ("Contoso Ltd", "DevOps Engineer", "2018-06", "2020-03"),
        ("Fabrikam Inc", "Systems Administrator", "2015", "2017"),
    ]
    assert resume.work[0].highlights == ["Reduced cloud spend by 25%", "Ran the Kubernetes upgrade program"]
    # the table came before the Skills heading: document order kept
    assert explained.text.index("Northwind") < explained.text.index("COBOL")
    found = finding_ids(resume)
    planted = {
        "overlap-contoso-ltd-northwind-traders",  # Jan-Mar 2020
        "metric-northwind-traders-25-pct",
        "skill-cobol",
        "skill-terraform",
        "degree-lakeside-college",  # in progress
    }
    assert planted <= found, planted - found
    assert "skill-ansible" not in found and "skill-kubernetes" not in found


def test_docx_academic_employment_list_units_and_long_titles(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("Robin Ash")
    document.add_heading("Relevant Employment", level=1)
    for line in [
        "2019 – Present. Research Fellow. Centre for Soils and School of Life Sciences, Hill University, Canada.",
        "2016 - 2019. Research Associate, Plant Lab. Centre for Soils and School of Biology (now part of School of "
        "Life Sciences), Hill University, Canada.",
        "2013 - 2016. Demonstrator for 3 undergraduate courses including Field Methods, and Soil Ecology. "
        "Department of Botany, Lakeside University, Canada.",
        "2012. Author of a Seed Survey Guide; a worked example in meadow plants. Department of Botany, Vale College, Canada.",
    ]:
        document.add_paragraph(line)
    document.save(str(tmp_path / "ash.docx"))
    resume = load_resume(tmp_path / "ash.docx", TODAY)
    assert jobs_of(resume) == [
        ("Hill University (Centre for Soils and School of Life Sciences)", "Research Fellow", "2019", None),
        ("Hill University (Centre for Soils and School of Biology)", "Research Associate, Plant Lab", "2016", "2019"),
        ("Lakeside University (Department of Botany)", "Demonstrator for 3 undergraduate courses", "2013", "2016"),
        ("Vale College (Department of Botany)", "Author of a Seed Survey Guide", "2012", "2012"),
    ]
    # One employer across its units: the titles at Hill University are a change of title.
    changes = [f for f in resume_findings(resume, TODAY) if f.kind == "title_change"]
    assert [f.fields["employer"] for f in changes] == ["Hill University"]


def test_docx_without_extension_is_sniffed(tmp_path: Path) -> None:
    path = tmp_path / "resume.docx"
    make_docx(path)
    renamed = tmp_path / "resume"
    path.rename(renamed)
    assert explain_resume(renamed, TODAY).format == "docx"


# -- two-column PDF -------------------------------------------------------------------------


def test_two_column_pdf_reading_order(tmp_path: Path) -> None:
    builder = _pdf_builder()
    path = tmp_path / "morgan.pdf"
    builder.build(str(path))
    explained = explain_resume(path, TODAY)
    assert explained.format == "pdf"
    resume = explained.resume
    assert jobs_of(resume) == builder.EXPECTED_JOBS
    assert resume.basics.name == "Alex Morgan"
    # the sidebar was read as its own column, not interleaved with the jobs
    assert "SKILLS EXPERIENCE" not in explained.text
    assert resume.skill_names() == ["Figma", "Sketch", "Photoshop", "Blender", "User research"]
    assert resume.education[0].institution == "Rhode Island School of Design"
    assert resume.work[2].highlights == [
        "Produced print and web campaigns in Photoshop",
        "Managed a $250k annual print budget",
    ]
    found = finding_ids(resume)
    planted = {
        "gap-2016-07",  # Jul 2016 - Dec 2017
        "title-pixel-co-2020-03",  # Senior Designer -> Lead Designer
        "metric-pixel-co-18-pct",
        "metric-dunder-mifflin-250k",
        "skill-sketch",
        "skill-blender",
    }
    assert planted <= found, planted - found
    assert "skill-figma" not in found and "skill-photoshop" not in found


# -- JSON Resume ---------------------------------------------------------------------------


def test_sample_json_resume() -> None:
    resume = load_resume(SAMPLE, TODAY)
    assert jobs_of(resume) == [
        ("Ledgerly", "Senior Backend Engineer", "2021-10", None),
        ("DataWorks", "Data Engineer", "2021-01", "2021-08"),
        ("Acme Corp", "Backend Engineer", "2016-03", "2019-12"),
        ("Acme Corp", "Software Engineer", "2014-06", "2016-02"),
    ]
    found = finding_ids(resume)
    planted = {
        "gap-2020-01",
        "short-dataworks-2021-01",
        "title-acme-corp-2016-03",
        "skill-rust",
        "skill-go",
        "skill-terraform",
        "skill-kafka",
    }
    assert planted <= found, planted - found
    metrics = {f.fields["claim"] for f in resume_findings(resume, TODAY) if f.kind == "metric"}
    assert {"30%", "team of 8 engineers", "from 6 hours to 40 minutes"} <= metrics


def test_json_resume_older_company_key_and_round_trip(tmp_path: Path) -> None:
    data = {
        "basics": {"name": "Lee Park"},
        "work": [
            {"company": "Old Style Inc", "position": "Engineer", "startDate": "2018", "endDate": "2020-06-30"},
            {"name": "New Style", "position": "Lead", "startDate": "2020-09"},
        ],
        "education": [{"institution": "MIT", "studyType": "PhD", "startDate": "2022-09"}],
    }
    path = tmp_path / "lee.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    resume = load_resume(path, TODAY)
    assert jobs_of(resume) == [("Old Style Inc", "Engineer", "2018", "2020-06"), ("New Style", "Lead", "2020-09", None)]
    out = resume.to_json_resume()
    assert out["work"][0] == {"name": "Old Style Inc", "position": "Engineer", "startDate": "2018", "endDate": "2020-06"}
    assert "endDate" not in out["work"][1]
    assert resume_from_json(out).work[1].position == "Lead"
    assert "degree-mit" in finding_ids(resume)  # a PhD in progress


# -- bad input -----------------------------------------------------------------------------


def test_encrypted_pdf(tmp_path: Path) -> None:
    path = tmp_path / "locked.pdf"
    _pdf_builder().build(str(path), encrypt_with="secret")
    with pytest.raises(ResumeError, match="password-protected"):
        load_resume(path)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("broken.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\ngarbage", "not a readable PDF"),
        ("fake.pdf", b"just some text pretending", "not a PDF file"),
        ("notes.docx", b"Experience\nEngineer, Acme 2019-2021\n", "not a Word .docx file"),
        ("zip.docx", b"PK\x03\x04" + b"\x00" * 60, "not a Word .docx file"),
        ("junk.txt", bytes(range(256)) * 8, "binary data"),
        ("junk.bin", b"\x89PNG\r\n\x1a\n" + b"\x00\x01\x02" * 300, "binary data"),
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old Word .doc"),
        ("empty.md", b"", "empty"),
        ("blank.txt", b"   \n\n  ", "no text"),
        ("bad.json", b"{\"work\": [", "not valid JSON"),
    ],
)
def test_bad_inputs(tmp_path: Path, name: str, content: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ResumeError) as error:
        load_resume(path)
    text = str(error.value)
    assert message in text and str(path) in text and "\n" not in text


def test_scanned_pdf_without_text(tmp_path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 50, style="F")
    path = tmp_path / "scan.pdf"
    pdf.output(str(path))
    with pytest.raises(ResumeError, match="no text"):
        load_resume(path)


def test_missing_folder_and_too_large(tmp_path: Path) -> None:
    with pytest.raises(ResumeError, match="no such file"):
        load_resume(tmp_path / "nope.pdf")
    with pytest.raises(ResumeError, match="is a folder"):
        load_resume(tmp_path)
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:
        handle.truncate(21 * 1024 * 1024)  # sparse: no 21 MB written to disk
    with pytest.raises(ResumeError, match="too large .*20 MB"):
        load_resume(big)


def test_heavy_libraries_are_imported_lazily() -> None:
    import subprocess
    import sys

    code = "import sys, tui.resume, tui.resume.cli, tui.resume.questions; print('pypdfium2' in sys.modules, 'docx' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parent.parent)
    assert out.stdout.split() == ["False", "False"]


def test_explain_trace_says_which_lines_produced_what() -> None:
    explained = explain_resume(FIXTURES / "carter.md", TODAY)
    produced = {entry.produced for entry in explained.trace}
    assert "heading: work" in produced
    assert "job 2: dates 2019-03 .. 2021-12" in produced
    assert "job 3: header" in produced  # the title line above the dates line
    lines = {entry.text: entry.produced for entry in explained.trace}
    assert lines["• Built the search indexer in Go"] == "job 3: highlight"


def test_text_layouts_title_employer_and_dates_in_any_order() -> None:
    resume = load_resume(FIXTURES / "layouts.txt", TODAY)
    assert jobs_of(resume) == [
        ("Acme Corp", "Backend Engineer", "2016-03", "2019-12"),  # employer line, then "title  dates"
        ("Acme Corp", "Software Engineer", "2014-06", "2016-02"),  # second role under the same employer
        ("Initech", "Developer", "2012", "2013"),  # city and state dropped
        ("Hooli", "Software Engineer", "2010-06", "2011-12"),  # "title — dates", then employer
        ("Vandelay Industries", "Junior Developer", "2008", "2010"),  # dates first
    ]
    found = finding_ids(resume)
    assert {"title-acme-corp-2016-03"} <= found
    assert not [f for f in found if f.startswith("gap-") and not f.startswith("gap-since")]


def test_one_column_pdf_with_right_aligned_dates(tmp_path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.set_font("Helvetica", "", 10)
    rows = [
        ("Casey Brown", ""),
        ("Experience", ""),
        ("Senior Engineer, Acme Corp", "Jan 2019 - Mar 2021"),
        ("- Cut costs by 20%", ""),
        ("Engineer, Initech", "Feb 2016 - Dec 2018"),
        ("- Wrote the reporting service", ""),
        ("Skills", ""),
        ("Python, Fortran", ""),
    ]
    for left, right in rows:
        y = pdf.get_y()
        pdf.cell(90, 7, left)
        if right:
            pdf.set_xy(120, y)
            pdf.cell(75, 7, right, align="R")
        pdf.ln(7)
    path = tmp_path / "brown.pdf"
    pdf.output(str(path))
    resume = load_resume(path, TODAY)
    assert jobs_of(resume) == [
        ("Acme Corp", "Senior Engineer", "2019-01", "2021-03"),
        ("Initech", "Engineer", "2016-02", "2018-12"),
    ]
    assert resume.work[0].highlights == ["Cut costs by 20%"]
