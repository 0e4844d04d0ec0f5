"""Resume text as lines with light structure, split into sections by their headings.

Every reader (PDF, DOCX, Markdown, plain text) produces text in one light markup: Markdown
headings ("## Experience"), bold ("**Acme**"), bullets, table rows ("a | b"), and three spaces
where a page leaves a wide gap. This module reads that markup into `Line`s and groups them
into sections ("## EXPERIENCE", "**Work History**", "Experience:", an underlined "Skills",
"EXPÉRIENCE PROFESSIONNELLE", "Опыт работы"). The heading words are data:
assets/lists/resume_sections.toml.

Every pattern here runs in linear time: no pattern can start a match at every character of a
long run (starts are anchored or guarded by a look-behind) and repetitions are bounded.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache

from tui.assets import load_toml
from tui.textsafe import clean_text

GAP = "   "  # what the readers put where a line has a wide gap (a right-aligned date)
KINDS = ("work", "education", "skills", "projects", "certificates", "summary", "other")

BULLET_RE = re.compile(r"[-*+•·▪◦●○■□➢►‣⁃∙◁▹▸❖✓✔➤→⦁\u2023\u25aa\u25cf\u25e6\uf0b7\uf0a7\uf0d8\uf076{](?=\s)|\d{1,2}[.)](?=\s)")
_DATE_START_RE = re.compile(r"\d{1,2}[.)/]\d{2,4}")  # "01/2019 –" and "10.2017 -" are not list items
_RULE_RE = re.compile(r"[=\-_~*#+.─━═ ]{3,}")  # a line of rule characters (checked with fullmatch)
_TRAILING_RULE_RE = re.compile(r"(?<=\w)\s{1,8}[=\-_~─━═]{3,}\s*$")  # "EMPLOYMENT -------"
_TABLE_RULE_RE = re.compile(r"[\s|:+\-=]{3,}")  # |---|:--:| or +----+ (fullmatch)
_HEADING_MARK_RE = re.compile(r"(#{1,6})\s+")
_IMAGE_RE = re.compile(r"!\[[^\[\]\n]{0,300}\]\([^()\n]{0,600}\)")
# A link's target looks like an address ("Employer [ Title ](2002–2005)" is not a link).
_LINK_RE = re.compile(r"\[([^\[\]\n]{0,300})\]\((?=[^()\s]{0,600}[/.:#@])[^()\s]{1,600}(?:\s{1,4}\"[^\"\n]{0,200}\")?\)")
_REF_LINK_RE = re.compile(r"\[([^\[\]\n]{1,300})\]\[[^\[\]\n]{0,100}\]")
_AUTOLINK_RE = re.compile(r"<((?:https?|mailto):[^<>\s]{1,600})>")
_HTML_TAG_RE = re.compile(r"</?[A-Za-z][^<>\n]{0,300}>|<br\s{0,3}/?>")
_HTML_CELL_END_RE = re.compile(r"</t[dh]>(?=.)", re.IGNORECASE)
_ESCAPE_RE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|~$<>])")
# Emphasis marks: a run of * or _ that opens (before a word) or closes (after one). Each run can
# only start where the previous character is not a mark, so a long run is scanned once.
_EMPHASIS_RE = re.compile(r"(?<![\w*_\\])[*_]{1,3}+(?=[^\s*_])|(?<=[^\s*_])[*_]{1,3}+(?![\w*_])")
_LEAD_STRONG_RE = re.compile(r"(\*\*|__)([^*_\n]{1,300}?)\1(?![*_])")
_SPACES_RE = re.compile(r" {3,}")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u180e"), None)


@dataclass
class Line:
    number: int  # 1-based line number in the text
    text: str  # cleaned text (markup removed, a bullet kept as "• ")
    raw: str
    level: int = 0  # heading level (1-6) when the reader marked the line as a heading
    strong: bool = False  # the whole line is bold
    lead: str = ""  # a bold span that opens the line and is followed by more text
    blank_before: bool = False

    @property
    def is_bullet(self) -> bool:
        return self.text.startswith("• ")

    @property
    def content(self) -> str:
        return self.text[2:] if self.is_bullet else self.text


@dataclass
class Section:
    kind: str  # "top" (before any heading), "work", "education", ... or "other"
    heading: Line | None
    lines: list[Line] = field(default_factory=list)


def normalise_text(text: str) -> str:
    """Safe text without invisible characters: escapes and controls removed (textsafe), tabs
    as gaps, zero-width spaces dropped, a soft hyphen dropped inside a word (kept as a dash
    between numbers, where it separates a date range)."""
    text = text.replace("\t", GAP).replace("\u00a0", " ").replace("\u202f", " ").translate(_INVISIBLE)
    if "\u00ad" in text:
        text = re.sub(r"(?<=\d)\s{0,2}\u00ad\s{0,2}(?=\d)", "-", text).replace("\u00ad", "")
    return clean_text(text)


def markdown_text(text: str) -> str:
    """Markdown without what a reader never sees: YAML front matter and HTML comments. The
    removed parts become blank lines, so line numbers still point into the file."""
    if text.startswith("---\n"):
        end = text.find("\n---", 4)
        if end != -1 and text[end + 4 : end + 5] in ("\n", ""):
            text = "\n" * text.count("\n", 0, end + 4) + text[end + 4 :]
    parts, position = [], 0
    while (start := text.find("<!--", position)) != -1:
        end = text.find("-->", start + 4)
        end = len(text) if end == -1 else end + 3
        parts += [text[position:start], "\n" * text.count("\n", start, end)]
        position = end
    parts.append(text[position:])
    return "".join(parts)


def clean_line(raw: str) -> str:
    """One line with the markup and invisible characters removed; a bullet becomes "• "."""
    return _parse_line(normalise_text(raw).replace("\n", " "))[0]


def _parse_line(raw: str) -> tuple[str, int, bool, str]:
    """(clean text, heading level, whole line bold, leading bold span)."""
    text = raw.rstrip()
    if text.endswith("\\"):  # a Markdown hard line break
        text = text[:-1].rstrip()
    stripped = text.lstrip()
    while stripped.startswith(">"):  # blockquotes, nested or not
        stripped = stripped[1:].lstrip()
    level = 0
    if heading := _HEADING_MARK_RE.match(stripped):
        level = len(heading.group(1))
        stripped = stripped[heading.end():].rstrip("# ").strip() or stripped
    is_bullet = False
    bullet = BULLET_RE.match(stripped)
    if bullet and not _DATE_START_RE.match(stripped) and not stripped.startswith(("**", "__")):
        rest = stripped[bullet.end():].strip()
        if rest:
            is_bullet, stripped = True, rest
    stripped = _IMAGE_RE.sub("", stripped)
    stripped = _LINK_RE.sub(r"\1", stripped)
    stripped = _REF_LINK_RE.sub(r"\1", stripped)
    stripped = _AUTOLINK_RE.sub(r"\1", stripped)
    stripped = _HTML_CELL_END_RE.sub(" | ", stripped)
    stripped = _HTML_TAG_RE.sub(" ", stripped)
    strong, lead = False, ""
    if stripped.startswith(("**", "__")):
        if match := _LEAD_STRONG_RE.match(stripped):
            rest = stripped[match.end():].strip(" \\")
            if not rest.strip(" |,;:–—-"):
                strong = True
            else:
                lead = _finish(match.group(2))
    stripped = _EMPHASIS_RE.sub("", stripped).replace("`", "")
    stripped = _finish(stripped)
    if strong and stripped.count("|") == 0 and not stripped:
        strong = False
    return (f"• {stripped}" if is_bullet and stripped else stripped), level, strong, lead


def _finish(text: str) -> str:
    text = _ESCAPE_RE.sub(r"\1", text)
    return _SPACES_RE.sub(GAP, text.strip()).strip(" \\")


@cache
def _heading_table() -> tuple[dict[str, str], list[tuple[str, frozenset[str]]]]:
    data = load_toml("lists", "resume_sections.toml")
    phrases: dict[str, str] = {}
    words: list[tuple[str, frozenset[str]]] = []
    for kind in KINDS:
        entry = data.get(kind, {})
        for phrase in entry.get("phrases", []):
            phrases.setdefault(heading_key(phrase), kind)
        words.append((kind, frozenset(heading_key(w) for w in entry.get("words", []))))
    # Every kind's words before "work": "Volunteer Experience" is not work.
    words.sort(key=lambda item: item[0] == "work")
    return phrases, words


def heading_key(text: str) -> str:
    """Lower case, no accents, letters and spaces only: "Expérience Pro.:" -> "experience pro"."""
    text = re.sub(r"\s*[&/+]\s*", " and ", unicodedata.normalize("NFKD", text.casefold()))
    text = "".join(" " if not (ch.isalpha() or ch == " ") else ch for ch in text if not unicodedata.combining(ch))
    return " ".join(text.split())


def heading_kind(text: str, looks_like_heading: bool = False) -> str | None:
    """The section a heading line starts, or None when the line is not a known heading.

    A line that is exactly a heading phrase is one; a line that looks like a heading (marked
    by the reader, ALL CAPS, or ending with ":") may also be one by its words."""
    if len(text) > 200:
        return None
    text = _TRAILING_RULE_RE.sub("", text.strip())
    text = re.sub(r"\s*\([^()]{0,40}\)\s*$", "", text)  # "work experience (5 years, 8 months)"
    if not text or len(text) > 60 or text.startswith("• ") and not text[2:].isupper():
        return None
    if text.startswith("• "):
        text = text[2:]
    if any(ch.isdigit() for ch in text) or "|" in text:
        return None
    key = heading_key(text)
    if not key:
        return None
    phrases, words = _heading_table()
    if key in phrases:
        return phrases[key]
    letters = [ch for ch in text if ch.isalpha()]
    shouting = bool(letters) and all(ch.isupper() for ch in letters)
    if not (looks_like_heading or shouting or text.rstrip().endswith(":")):
        return None
    tokens = key.split()
    if len(tokens) > 4 or "," in text or " at " in f" {key} ":
        return None  # "Experience Designer, Acme" is a job
    for kind, vocabulary in words:
        if any(token in vocabulary for token in tokens):
            return kind
    return None


def inline_heading(text: str) -> tuple[str, str] | None:
    """ "Skills: Python, Go" -> ("skills", "Python, Go")."""
    if ":" not in text or text.startswith("• "):
        return None
    head, rest = text.split(":", 1)
    kind = heading_kind(head)
    if kind and rest.strip():
        return kind, rest.strip()
    return None


def split_lines(text: str) -> list[Line]:
    """Cleaned non-blank lines; an underline rule turns the line above into a heading."""
    raw_lines = normalise_text(text).split("\n")
    lines: list[Line] = []
    blank = True
    for number, raw in enumerate(raw_lines, start=1):
        probe = raw.strip()
        if not probe:
            blank = True
            continue
        if _RULE_RE.fullmatch(probe) or ("-" in probe or "=" in probe) and _TABLE_RULE_RE.fullmatch(probe):
            if lines and not blank and probe[0] in "=-" and lines[-1].level == 0 and len(lines[-1].text) <= 60:
                lines[-1].level = 1 if probe[0] == "=" else 2  # a setext heading
            blank = True
            continue
        if probe.count("|") >= 2 and probe.startswith("|"):
            # A Markdown table row: keep the cells, joined by " | ".
            cells = [cell.strip() for cell in probe.strip("|").split("|")]
            raw_text = " | ".join(cell for cell in cells if cell)
            cleaned, level, strong, lead = _parse_line(raw_text)
        else:
            cleaned, level, strong, lead = _parse_line(raw)
        if not cleaned:
            continue
        previous = lines[-1] if lines else None
        if previous is not None and previous.is_bullet and not blank and raw[:2] == "  " and not level and not cleaned.startswith("• "):
            previous.text = f"{previous.text} {cleaned}"  # a wrapped list item, indented
        else:
            lines.append(Line(number, cleaned, raw, level, strong, lead, blank))
        blank = False
    return lines


def _looks_like_heading(line: Line) -> bool:
    return line.level > 0 or line.strong


def split_sections(text: str) -> list[Section]:
    return group_sections(split_lines(text))


def group_sections(lines: list[Line]) -> list[Section]:
    """Sections in order. A known heading starts one; an unknown heading marked as such
    (Markdown, Word style) ends the current section when it is at the same level or above."""
    sections = [Section("top", None)]
    for line in lines:
        kind = heading_kind(line.text, _looks_like_heading(line))
        current = sections[-1]
        deeper = bool(line.level and current.heading is not None and line.level > current.heading.level > 0)
        if kind and not deeper:  # "#### Projects" inside a job of "## Experience" is the job's
            sections.append(Section(kind, line))
            continue
        if (
            line.level
            and current.heading is not None
            and current.heading.level
            and line.level <= current.heading.level
        ):
            sections.append(Section("other", line))  # "## Speaking Events" ends "## Experience"
            continue
        inline = inline_heading(line.text)
        if inline and inline[0] in ("skills", "certificates", "summary"):
            kind, rest = inline
            # A "Skills: Python, Go" line inside a skills section stays there as a group.
            if current.kind != kind:
                sections.append(Section(kind, line))
                sections[-1].lines.append(Line(line.number, rest, line.raw))
                continue
        current.lines.append(line)
    return sections
