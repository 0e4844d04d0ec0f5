"""The one job finder for every text format (PDF, DOCX, Markdown, plain text).

Jobs are found by their shape, not by a template: each job is anchored on a date range (or a
lone date in an experience section) placed as a heading's dates are placed - at the start or
the end of a short line, in parentheses, after a bar. The title and the employer come from the
line itself and the short lines around it, in whichever common shape they take: "Title at
Company", "Company | Title", "Company — Title", "**Company** -- Title", "Employer [ Title ]",
"Title, Company", a date above or below, an employer printed once above several titles, a
title in the heading above. Bullets and paragraphs below become highlights and summary.

The words that tell a title from an employer are data: assets/lists/resume_words.toml.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import cache

from tui.assets import load_toml
from tui.resume.dates import DateRange, find_range
from tui.resume.model import Job
from tui.resume.sections import GAP, Line

MAX_ANCHOR_CHARS = 300  # a longer line is prose, never a job's heading
MAX_JOBS = 2000  # more than any career; beyond this the file is not a resume

_DURATION_RE = re.compile(
    r"\(?\s{0,2}\d{1,2}(?:[.,]\d)?\+?\s{0,2}(?:years?|yrs?|months?|mos?|ans?|mois|jahre?n?|monate?n?|"
    r"años|anos|meses|anni|mesi|лет|года?|мес(?:яцев|яца|\.)?)\b(?:[\s,]{1,3}\d{1,2}\s{0,2}"
    r"(?:months?|mos?|mois|monate?n?|meses|mesi|мес(?:яцев|яца|\.)?)\b)?(?:\s{1,3}(?:of\s)?experience)?\s{0,2}\)?",
    re.IGNORECASE,
)
_TOKEN_RE = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*")
_BRACKET_RE = re.compile(r"^(.{0,200}?)\s{0,3}\[\s{0,3}([^\[\]]{1,200}?)\s{0,3}\]\s{0,3}(.{0,200})$")
# "Austin, TX", "Seattle, WA 98101", "Paris (remote)"; a spelled-out region must be a known place.
_CITY_CODE_RE = re.compile(r"[A-Z][\w.'\-]{0,20}(?: [\w.'\-]{1,20}){0,3},\s{0,2}[A-Z]{2}(?:\s{1,2}\d{4,6})?(?:\s{0,2}\((?:remote|hybrid)\))?")
_AREA_RE = re.compile(r"(?:Greater\s[\w .'\-]{2,40}|[\w .'\-]{2,40}\s(?:Bay\s)?Area)(?:,\s{0,2}[\w .'\-]{2,30})?")  # LinkedIn's places
_EDGE_PUNCT = " |,;:–—-•·\\/"


class Labelled(str):
    """A header piece whose label said what it is ("Employer: Acme" -> employer)."""

    role: str = ""

    @classmethod
    def of(cls, text: str, role: str) -> Labelled:
        piece = cls(text)
        piece.role = role
        return piece


def labelled_value(text: str) -> tuple[str, str] | None:
    """("title" | "employer" | "dates" | "other", value) for "Label: value" or "Label   value"
    with a known label (assets/lists/resume_words.toml); None otherwise."""
    match = re.match(r"\s{0,3}([^\W\d][^:|]{0,60}?)\s{0,3}(?::|\|\s|" + GAP + r")\s{0,3}(.{1,300})$", text)
    if match is None:
        return None
    label = " ".join(_TOKEN_RE.findall(_fold(match.group(1)).replace("'", " ")))
    words = _words()
    for role in ("title", "employer", "date", "other"):
        if label in words[f"{role}_labels"]:
            return ("dates" if role == "date" else role), match.group(2).strip()
    return None


@dataclass
class JobHeader:
    position: str
    employer: str
    employer_alone: bool  # the employer was a line of its own (it may head several titles)
    inherited: bool = False  # the employer came from a job above


@cache
def _words() -> dict[str, frozenset[str]]:
    data = load_toml("lists", "resume_words.toml")
    return {key: frozenset(_fold(word) for word in values) for key, values in data.items()}


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def _tokens(text: str) -> list[str]:
    return _TOKEN_RE.findall(_fold(text[:400]))


def title_score(text: str) -> int:
    """How much a piece of text reads like a job title (the last word weighs more)."""
    words = _tokens(text)
    vocabulary = _words()["title"]
    return sum(1 for w in words if w in vocabulary) + (1 if words and words[-1] in vocabulary else 0)


def employer_score(text: str) -> int:
    words = _tokens(text)
    vocabulary = _words()["employer"]
    score = sum(1 for w in words if w in vocabulary) + (1 if words and words[-1] in vocabulary else 0)
    if re.search(r"\w\.(?:com|org|net|io|co|edu|gov)\b", text, re.IGNORECASE):
        score += 2
    if "«" in text or "»" in text or "&" in text and not title_score(text):
        score += 1
    return score


def is_place(text: str) -> bool:
    """ "Austin, TX", "Remote", "Romania", "Seattle, WA 98101"; not "Engineer, Initech"."""
    text = text.strip(" .,()")
    if not text or GAP in text:
        return False
    if _fold(text) in _words()["places"]:
        return True
    pieces = re.split(r"\s(?:&|and|/|or)\s|\s?/\s?", text)
    if len(pieces) > 1:
        return all(is_place(piece) for piece in pieces)  # "Palo Alto, CA & Ithaca, NY"
    if title_score(text) or employer_score(text):
        return False
    if _CITY_CODE_RE.fullmatch(text) or _AREA_RE.fullmatch(text):
        return True
    city, _, region = text.rpartition(",")
    return bool(city) and city[:1].isupper() and len(city.split()) <= 4 and _fold(region.strip(" .")) in _words()["places"]


# -- anchors -------------------------------------------------------------------------------


def find_anchor(line: Line, today: date, singles: bool, previous: Line | None = None) -> DateRange | None:
    """The date range that makes this line a job's dates line, or None.

    The range must sit where dates sit: at the start of the line, at its end, in brackets or
    after a bar or a wide gap, on a short line. A date inside a sentence is not a job."""
    text = line.content if line.is_bullet else line.text
    if len(text) > MAX_ANCHOR_CHARS:
        return None
    found = find_range(text, today, single=singles)
    if found is None:
        return None
    if not (line.level or line.strong) and text[:1].islower() and found.span[0] > 0 and not line.blank_before:
        if previous is None or not (previous.lead or previous.strong or previous.text.rstrip().endswith((",", "|", "-", "–", "—"))):
            return None  # the line goes on from a sentence above
    word_before = re.search(r"(\w+)\s{1,2}$", text[max(0, found.span[0] - 30) : found.span[0]])
    if word_before and word_before.group(1).isalpha() and word_before.group(1).islower() and len(word_before.group(1)) > 1:
        return None  # "...worked at Acme from 2015 to 2019": the dates belong to a sentence
    before = text[: found.span[0]].strip(" ([{|•·-–—:,")
    after = text[found.span[1]:].strip(" )]}|.,;:-–—")
    after = _DURATION_RE.sub(" ", after).strip(" )]}|.,;:-–—")
    rest_words = len(before.split()) + len(after.split())
    if found.single:
        # A lone date heads a one-month (or one-year) stint only as dates head entries: at the
        # start of a line that names a title or an employer ("2014. Guest Lecturer, ..."), or
        # set apart at the end of a short one ("Engineer, Acme (2019)"). "2019: Promoted to
        # lead" is an event; a bullet is a detail.
        rest = f"{before} {after}"
        if line.is_bullet or text[found.span[1] : found.span[1] + 2].strip()[:1] == ":":
            return None
        if not (title_score(rest) or employer_score(rest)):
            return None
        if before and (after or rest_words > 10 or not _is_delimited(text, found.span)):
            return None
    if not before:
        return found if rest_words <= 40 else None
    if line.is_bullet and (after or rest_words > 8):
        return None  # "• Led the move (2019 – 2020) to AWS" is a detail, not a job
    if not after:
        return found if rest_words <= 16 else None
    # Dates in the middle: "Engineer | Jan 2019 – Mar 2021 | Acme", not a sentence.
    return found if rest_words <= 6 and _is_delimited(text, found.span) or rest_words <= 3 else None


def continues_prose(previous: Line | None, line: Line) -> bool:
    """A line that goes on from a wrapped sentence above ("...from February 2004 to October" /
    "2016."): its dates are part of the sentence."""
    if previous is None or line.blank_before or line.level or line.strong or previous.level or previous.lead or previous.strong:
        return False
    tail = previous.text.rstrip()[-1:]
    return len(previous.text) > 60 and (tail.isalnum() or tail in ",(") and (line.text[:1].islower() or line.text[:1].isdigit())


def _is_delimited(text: str, span: tuple[int, int]) -> bool:
    left = text[max(0, span[0] - 3) : span[0]]
    right = text[span[1] : span[1] + 2]
    return any(mark in left for mark in "(|[,–—•") or GAP in text[max(0, span[0] - 4) : span[0] + 1] or right[:1] in ")]|"


# -- header parts --------------------------------------------------------------------------


def anchor_rest(text: str, span: tuple[int, int]) -> str:
    """The anchor line without its dates and durations ("(4 years, 2 months)")."""
    rest = text[: span[0]] + GAP + text[span[1]:]
    rest = _DURATION_RE.sub(" ", rest)
    rest = re.sub(r"\(\s{0,3}\)|\[\s{0,3}\]", " ", rest)
    rest = _strip_edges(rest)
    if " ".join(_TOKEN_RE.findall(_fold(rest).replace("'", " "))) in _words()["date_labels"]:
        return ""  # "Dates   2015 - 2019"
    return rest


def _strip_edges(text: str) -> str:
    text = text.strip(_EDGE_PUNCT + "\t")
    if text.endswith("."):
        last = text[:-1].rsplit(" ", 1)[-1]
        keep = _fold(last.strip(",")) in _words()["abbreviations"] | _words()["legal_forms"] or "." in last
        text = text if keep else text.rstrip(".").rstrip(_EDGE_PUNCT)
    text = text.lstrip(".")
    for opening, closing in ("()", "[]", "{}"):
        # Brackets that open or close outside the text: "(Intern" / "Acme)".
        while text.startswith(opening) and text.count(opening) > text.count(closing):
            text = text[1:].strip(_EDGE_PUNCT + ".")
        while text.endswith(closing) and text.count(closing) > text.count(opening):
            text = text[:-1].strip(_EDGE_PUNCT + ".")
        if text.startswith(opening) and text.endswith(closing) and text.count(opening) == 1:
            text = text[1:-1].strip(_EDGE_PUNCT + ".")
    # A leftover icon glyph ("Ý July 2023 – Present" -> "Ý").
    return "" if len(text) <= 1 else text


def header_parts(text: str) -> list[str]:
    """A header line cut into its pieces (title, employer, place...), strongest separator first."""
    text = _strip_edges(text)
    if not text or is_place(text):
        return []
    bracket = _BRACKET_RE.match(text)
    if bracket and bracket.group(2).strip():
        # "Employer [ Title ]" (and "[ Title ] Employer").
        outside = _strip_edges(f"{bracket.group(1)} {bracket.group(3)}")
        return [p for p in (_strip_edges(bracket.group(2)), outside) if p]
    connector = _split_connector(text)
    if connector:
        return connector
    for separator in (GAP, " | ", "|", " • ", " · ", " — ", " – ", " -- ", " - "):
        if separator in text:
            pieces = [_strip_edges(p) for p in text.split(separator)]
            pieces = [_drop_place_tail(p) for p in pieces if p]
            pieces = [p for p in pieces if p]
            if len(pieces) > 1:
                kept = [p for p in pieces if not is_place(p)]
                if len(kept) == 1 and separator == GAP:
                    return header_parts(kept[0]) or kept
                return kept or pieces[:1]
    sentences = _split_sentences(text)
    if len(sentences) > 1:
        return [p for p in (_drop_place_tail(s) for s in sentences) if p and not is_place(p)]
    return _split_commas(text)


def _split_connector(text: str) -> list[str] | None:
    """ "Senior Engineer at edX" -> ["Senior Engineer", "edX"] (title first, then employer)."""
    words = text.split(" ")
    for vocabulary in _connectors():
        weak = vocabulary is _connectors()[1]
        for index, word in enumerate(words[1:9], start=1):
            if word.casefold() not in vocabulary or index >= len(words) - 1:
                continue
            left = _strip_edges(" ".join(words[:index]))
            right = re.sub(r"^(?:l|d)['’]", "", _strip_edges(" ".join(words[index + 1 :])))  # "à l'ENSG"
            right = _drop_place_tail(re.split(r",\s(?=[a-zà-ÿа-яё])", right, maxsplit=1)[0])  # ", poursuite d'une..."
            if weak and not (title_score(left) and right[:1].isupper()):
                continue  # "Sistemas em Nuvem" is not "title at employer"
            if left and right:
                return [left, right]
    return None


@cache
def _connectors() -> tuple[frozenset[str], frozenset[str]]:
    """The connector words with their accents: French "à" joins, English "a" does not."""
    data = load_toml("lists", "resume_words.toml")
    return frozenset(w.casefold() for w in data["connectors"]), frozenset(w.casefold() for w in data["weak_connectors"])


def _split_sentences(text: str) -> list[str]:
    """ "ARC Fellow. Centre X, University of Sydney." -> two pieces; "Sr. Engineer" stays whole."""
    abbreviations = _words()["abbreviations"]
    pieces, start = [], 0
    for match in re.finditer(r"\.\s{1,3}(?=[A-ZА-ЯЁ\"«(])", text):
        word = re.search(r"([\w.]{1,20})$", text[start : match.start()])
        if word is None or _fold(word.group(1)) in abbreviations or len(word.group(1)) <= 1:
            continue
        if re.fullmatch(r"(?:\w\.){1,4}\w", word.group(1)):
            continue  # "U.S. Congress", "e.g. this"
        pieces.append(_strip_edges(text[start : match.start()]))
        start = match.end()
    pieces.append(_strip_edges(text[start:]))
    return [p for p in pieces if p]


def _split_commas(text: str) -> list[str]:
    """ "Excion, Web Engineer" / "Engineer, Acme Corp, Austin, TX": the best single cut into
    a title and an employer, keeping "Stoke, LLC." and commas inside brackets whole."""
    text = _drop_place_tail(text)
    pieces = _comma_pieces(text)
    if len(pieces) < 2:
        return [text] if text else []
    best: tuple[int, list[str]] | None = None
    for cut in range(1, len(pieces)):
        left, right = ", ".join(pieces[:cut]), ", ".join(pieces[cut:])
        score = max(title_score(left) - title_score(right), title_score(right) - title_score(left))
        score += employer_score(left) + employer_score(right) > 0
        if best is None or score > best[0]:
            best = (score, [left, right])
    assert best is not None
    if best[0] <= 0:
        return [text]
    left, right = best[1]
    if not title_score(left) and not title_score(right) and employer_score(left) and _looks_like_a_place_name(right):
        return [left]  # "ООО «Ромашка», Москва": an employer and its city
    return best[1]


def _looks_like_a_place_name(text: str) -> bool:
    words = text.strip(" .").split()
    return 0 < len(words) <= 2 and all(w[:1].isupper() and w[1:].islower() for w in words)


def _comma_pieces(text: str) -> list[str]:
    pieces: list[str] = []
    depth, current = 0, []
    for ch in text:
        depth += ch in "([{«"
        depth -= ch in ")]}»" and depth > 0
        if ch == "," and depth == 0:
            pieces.append("".join(current).strip())
            current = []
        else:
            current.append(ch)
    pieces.append("".join(current).strip())
    legal = _words()["legal_forms"]
    merged: list[str] = []
    for piece in pieces:
        if not piece:
            continue
        if merged and _fold(piece.strip(" .")) in legal:
            merged[-1] = f"{merged[-1]}, {piece}"  # "Stoke, LLC."
        else:
            merged.append(piece)
    return merged


def _drop_place_tail(text: str) -> str:
    """ "Acme, Austin, TX" -> "Acme"; "Qualitance, Romania." -> "Qualitance"."""
    text = _strip_edges(text)
    pieces = _comma_pieces(text)
    while len(pieces) >= 2:
        tail = pieces[-1]
        two = f"{pieces[-2]}, {tail}"
        state = re.fullmatch(r"[A-Z]{2}(?:\s\d{4,6})?", tail.strip(" ."))
        city = _fold(pieces[-2].strip(" .")) in _words()["places"]
        if len(pieces) >= 3 and (state or city) and is_place(two) and not employer_score(pieces[-2]):
            pieces = pieces[:-2]
        elif is_place(tail) or (len(pieces) >= 3 and (re.fullmatch(r"[A-Z]{2}", tail.strip(" .")) or _looks_like_a_place_name(tail))
                                 and not title_score(tail) and not employer_score(tail)):
            pieces = pieces[:-1]
        else:
            break
    return _strip_edges(", ".join(pieces))


def _title_case(text: str) -> str:
    """Small capitals read as ALL CAPS: "SENIOR SOFTWARE ENGINEER" -> "Senior Software Engineer",
    "CORNELL ROBOT LEARNING LAB" -> "Cornell Robot Learning Lab"; short words that are not
    title or employer words are acronyms and stay ("KPCB", "IBM", "ENSG")."""
    letters = [ch for ch in text if ch.isalpha()]
    if len(letters) < 4 or not all(ch.isupper() for ch in letters):
        return text
    small = {"of", "and", "the", "for", "in", "at", "to", "de", "du", "des", "la", "le", "et", "und", "y"}
    known = _words()["title"] | _words()["employer"] | _words()["plain_short_words"]
    words = []
    for index, word in enumerate(text.split(" ")):
        low = word.lower()
        if index and low in small:
            words.append(low)
        elif any(ch.isdigit() for ch in word) or (len(core := word.strip("()[]{},.;:&+«»\"'")) <= 4 and _fold(core) not in known):
            words.append(word)  # an acronym: "KPCB", "IBM", "(IGN)"
        else:
            start = len(word) - len(word.lstrip("([{«\"'"))
            words.append(word[: start + 1] + word[start + 1 :].lower())
    return " ".join(words)


_ASIDE_RE = re.compile(r"\s{0,3}\((?:now|formerly|later|previously|since|today)\b[^()]{0,120}\)", re.IGNORECASE)
_TITLE_TAIL_RE = re.compile(r";\s|\s(?:including|such as|e\.g\.|incl\.)\s", re.IGNORECASE)


def _has_word(text: str, kind: str) -> bool:
    return any(word in _words()[kind] for word in _tokens(text))


def institution_first(employer: str) -> str:
    """ "Department of Zoology, University of Otago" -> "University of Otago (Department of
    Zoology)": an institution's unit printed before it is kept in brackets after it, without
    asides on how it was reorganised ("(now part of ...)")."""
    pieces = _comma_pieces(employer)
    if len(pieces) < 2 or not _has_word(pieces[-1], "institutions"):
        return employer
    unit = _ASIDE_RE.sub("", ", ".join(pieces[:-1])).strip(" ,")
    if not _has_word(unit, "units") or _has_word(unit, "institutions") and not _has_word(unit, "units"):
        return employer
    return f"{pieces[-1]} ({unit})"


def title_alone(title: str) -> str:
    """A long title without the description written after it ("Demonstrator for 4 courses
    including Data Analysis, and Ecology" -> "Demonstrator for 4 courses"; "Developer of X; an
    example in Y" -> "Developer of X")."""
    if len(title.split()) <= 5:
        return title
    cut = _TITLE_TAIL_RE.search(title)
    return title[: cut.start()].strip(" ,") if cut and len(title[: cut.start()].split()) >= 2 else title


def choose_title_and_employer(parts: list[str], ordered: bool = False) -> tuple[str, str]:
    """(title, employer) from a job's header pieces. With ordered=True the pieces are known to
    be [title, employer] ("Title at Employer") unless the words say the opposite."""
    parts = [p for p in parts if p]
    if not parts:
        return "", ""
    roles = {getattr(p, "role", ""): p for p in parts}
    if "title" in roles or "employer" in roles:
        others = [p for p in parts if not getattr(p, "role", "")]
        title = roles.get("title") or next((p for p in others if title_score(p)), "")
        employer = roles.get("employer") or next((p for p in others if p != title), "")
        return str(title), str(employer)
    if len(parts) == 1:
        only = parts[0]
        return (only, "") if title_score(only) > employer_score(only) else ("", only)
    scores = [title_score(p) - employer_score(p) for p in parts]
    if ordered and len(parts) == 2 and not scores[1] > scores[0]:
        return parts[0], parts[1]
    best = max(range(len(parts)), key=lambda i: (scores[i], -i))
    if scores[best] <= 0:
        titled = [i for i in range(len(parts)) if title_score(parts[i])]
        # "Software Engineer" is a title although "software" names employers too; with no
        # title words anywhere, the usual order is title, then employer.
        best = max(titled, key=lambda i: (title_score(parts[i]), -i)) if titled else 0
    rest = [p for i, p in enumerate(parts) if i != best]
    employer = max(rest, key=lambda p: (employer_score(p), -rest.index(p)))
    return parts[best], employer


# -- the finder ----------------------------------------------------------------------------


@dataclass
class _Anchor:
    index: int
    found: DateRange
    rest: str  # the anchor line without the dates


def find_jobs(lines: list[Line], today: date, singles: bool) -> list[tuple[Job, list[tuple[int, str]]]]:
    """Jobs in the lines of an experience section (or of a whole resume without one), each with
    the (line index, what it produced) pairs for the trace. singles=True: a lone date at the
    start of a line heads a one-month (or one-year) stint."""
    anchors = _find_anchors(lines, today, singles)
    if not anchors:
        return []
    dates_first = _dates_come_first(lines, anchors)
    claimed: set[int] = {a.index for a in anchors}
    headers: list[list[int]] = []
    for number, anchor in enumerate(anchors):
        previous = anchors[number - 1].index if number else -1
        following = anchors[number + 1].index if number + 1 < len(anchors) else len(lines)
        header = _header_block(lines, anchor, previous, following, dates_first, claimed)
        claimed.update(header)
        headers.append(header)
    results: list[tuple[Job, list[tuple[int, str]]]] = []
    group_employer = ""
    for number, anchor in enumerate(anchors):
        header = headers[number]
        job_header = _read_header(lines, header, anchor, group_employer)
        if job_header.employer_alone:
            group_employer = job_header.employer
        elif job_header.employer and not job_header.inherited:
            group_employer = ""
        found = anchor.found
        job = Job(employer=job_header.employer, position=job_header.position, start=found.start,
                  end=None if found.current else found.end)
        produced: list[tuple[int, str]] = [(i, "header") for i in header if i < anchor.index]
        produced.append((anchor.index, f"dates {found.describe()}"))
        produced += [(i, "header") for i in header if i > anchor.index]
        produced.append((anchor.index, f"position={job.position!r} employer={job.employer!r}"))
        job.source_lines = [lines[i].text for i in sorted(header + [anchor.index])]
        next_start = min([anchors[number + 1].index, *headers[number + 1]]) if number + 1 < len(anchors) else len(lines)
        body = [i for i in range(anchor.index + 1, next_start) if i not in header]
        produced += _fill_body(job, lines, body)
        results.append((job, produced))
    return results


def _find_anchors(lines: list[Line], today: date, singles: bool) -> list[_Anchor]:
    anchors: list[_Anchor] = []
    for index, line in enumerate(lines):
        previous = lines[index - 1] if index else None
        found = find_anchor(line, today, singles, previous)
        if found is None:
            continue
        if continues_prose(previous, line) and not (anchors and anchors[-1].index == index - 1):
            continue
        text = line.content if line.is_bullet else line.text
        anchors.append(_Anchor(index, found, anchor_rest(text, found.span)))
        if len(anchors) > MAX_JOBS:
            break  # the caller refuses the file; no need to read on
    return anchors


def _header_block(lines: list[Line], anchor: _Anchor, previous: int, following: int, dates_first: bool,
                  claimed: set[int]) -> list[int]:
    """The indexes of the lines that name the job anchored at `anchor`: short lines above it
    (an employer, a title), or below it when dates come first, never another job's."""
    before: list[int] = []
    if (not dates_first or anchor.rest) and not _has_title_and_employer(anchor.rest):
        cursor = anchor.index - 1
        while cursor > previous and len(before) < 3 and _is_header_line(lines[cursor]) and cursor not in claimed:
            if _is_duration(lines[cursor].text):
                cursor -= 1  # "5 years 2 months" under an employer, above its titles
                continue
            if anchor.rest and before and not _stacked_header(lines, cursor, before):
                break
            if (before or anchor.rest) and _enough_parts(lines, before, anchor.rest) and not lines[cursor].level:
                break  # the header already names a title and an employer
            before.insert(0, cursor)
            cursor -= 1
    if anchor.rest and (before or _has_title_and_employer(anchor.rest)):
        wanted = 0
    else:
        wanted = 2 - len(before) if not before or dates_first else 0
    after: list[int] = []
    cursor = anchor.index + 1
    while wanted and cursor < following:
        labelled = labelled_value(lines[cursor].content)
        if labelled and labelled[0] in ("other", "dates"):
            cursor += 1  # "Type of business or sector   Software" stays in the body
            continue
        if not _is_header_line(lines[cursor]) or (_is_body_text(lines[cursor]) and not labelled):
            break
        after.append(cursor)
        wanted -= 1
        cursor += 1
        if _enough_parts(lines, after, ""):
            break
    return before + after


def _fill_body(job: Job, lines: list[Line], body: list[int]) -> list[tuple[int, str]]:
    """Sub-roles, highlights and summary of a job from the lines under its header."""
    produced: list[tuple[int, str]] = []
    summary: list[str] = []
    for i in body:
        line = lines[i]
        if (role := sub_role(line)) is not None:
            job.roles.append(role)
            produced.append((i, f"sub-role {role!r}"))
        elif line.is_bullet:
            job.highlights.append(line.content)
            produced.append((i, "highlight"))
        elif job.highlights and _continues(job.highlights[-1], line.text):
            job.highlights[-1] = f"{job.highlights[-1]} {line.text}"
            produced.append((i, "highlight (continued)"))
        elif is_place(line.text):
            produced.append((i, "location (ignored)"))
        else:
            summary.append(line.text)
            produced.append((i, "summary"))
    job.summary = " ".join(summary)
    job.source_lines += job.highlights
    if not job.roles and (roles := roles_in_bullets(job.highlights)):
        job.roles = roles
        for n, (i, what) in enumerate(produced):  # --explain says which bullets named the roles
            label = lines[i].content.partition(":")[0].strip()
            if what == "highlight" and label in roles:
                produced[n] = (i, f"highlight, sub-role {label!r}")
    return produced


def roles_in_bullets(highlights: list[str]) -> list[str]:
    """Roles a job lists as labelled bullets ("• Build Manager: I ran the builds", "• Developer:
    ..."): two different titles or more, in the order written; none for one label alone."""
    labels: list[str] = []
    for text in highlights:
        label, colon, rest = text.partition(":")
        label = label.strip()
        words = _tokens(label)
        if not colon or not rest.strip() or not 0 < len(words) <= 4 or label[:1].islower():
            continue
        if words[-1] in _words()["title"] and not employer_score(label) and label not in labels:
            labels.append(label)
    return labels if len(labels) >= 2 else []


def sub_role(line: Line) -> str | None:
    """A role inside one job entry: "Role: DevOps Engineer", or a heading that reads as a
    title ("#### Tech Lead" under "### Software Engineer at Acme"); None for anything else."""
    text = line.content.strip()
    if len(text) > 120:
        return None
    label, colon, rest = text.partition(":")
    if colon and _fold(label.strip()) in _words()["role_labels"] and rest.strip():
        return rest.strip()
    if line.level and title_score(text) and not employer_score(text):
        return text
    return None


def _dates_come_first(lines: list[Line], anchors: list[_Anchor]) -> bool:
    """True when bare date lines head their jobs (dates, then title and employer below)."""
    bare = [a for a in anchors if not a.rest]
    if not bare:
        return False
    first = bare[0]
    above = first.index - 1
    has_above = above >= 0 and _is_header_line(lines[above]) and (not any(a.index == above for a in anchors))
    below = first.index + 1
    has_below = below < len(lines) and _is_header_line(lines[below]) and not _is_body_text(lines[below])
    return has_below and not has_above


def _enough_parts(lines: list[Line], header: list[int], rest: str) -> bool:
    count = sum(len(_line_parts(lines[i])[0]) or 1 for i in header)
    return count + len([p for p in header_parts(rest) if not is_place(p)]) >= 2


def _stacked_header(lines: list[Line], cursor: int, before: list[int]) -> bool:
    """A line above a self-contained dates line belongs to it only as a heading above it (an
    employer printed once, a title in the heading above)."""
    line = lines[cursor]
    return line.level > 0 or line.strong or (len(line.text.split()) <= 6 and not _has_title_and_employer(line.text))


def _has_title_and_employer(text: str) -> bool:
    parts = header_parts(text)
    return len(parts) >= 2


def _line_parts(line: Line, tail: str = "") -> tuple[list[str], bool]:
    """(pieces of a header line, whether a connector ordered them as title then employer).
    A bold lead ("**Acme** -- Engineer") and a bold line are pieces of their own."""
    text = f"{line.text} {tail}".strip() if tail else line.text
    if labelled := labelled_value(line.content):
        role, value = labelled
        if role in ("dates", "other"):
            return [], False
        if role == "employer":
            value = (_comma_pieces(value) or [value])[0]  # "Acme Ltd, 12 High Street, London"
        return [Labelled.of(_strip_edges(value), role)], False
    if line.lead and text.startswith(line.lead):
        pieces = [_drop_place_tail(p) for p in (line.lead, _strip_edges(text[len(line.lead):])) if p]
        ordered = False
    elif line.strong:
        pieces, ordered = [p for p in (_drop_place_tail(_strip_edges(text)),) if p], False
    else:
        connector = _split_connector(_strip_edges(text))
        pieces, ordered = connector or header_parts(text), connector is not None
    return [p for p in pieces if p and not is_place(p)], ordered


def _read_header(lines: list[Line], header: list[int], anchor: _Anchor, group_employer: str) -> JobHeader:
    ordered = False
    parts: list[str] = []
    employer_line = ""
    rest = anchor.rest
    for i in header:
        tail = ""
        if rest[:1].islower() and i == anchor.index - 1:
            tail, rest = rest, ""  # a header wrapped onto the dates line
        pieces, connected = _line_parts(lines[i], tail)
        ordered = ordered or connected
        if len(pieces) == 1 and (len(header) >= 2 or rest) and i == header[0] and i < anchor.index:
            employer_line = pieces[0]
        parts += pieces
    if rest:
        connector = _split_connector(rest)
        ordered = ordered or connector is not None
        parts += [p for p in (connector or header_parts(rest)) if not is_place(p)]
    parts = [Labelled.of(_title_case(p), p.role) if isinstance(p, Labelled) else _title_case(p) for p in parts]
    parent = _parent_heading(lines, header[0] if header else anchor.index)
    if parent and title_score(parent) and parts and not any(title_score(p) for p in parts):
        # "### Systems Administrator" above "#### Night Operations - Juniper Hosting (...)": the
        # title is the heading above; the team beside the employer stays with it.
        employer = max(reversed(parts), key=employer_score)
        units = [p for p in parts if p != employer and not is_place(p)]
        if len(units) == 1:
            employer = f"{employer} ({units[0]})"
        return JobHeader(_title_case(parent), institution_first(employer), False)
    position, employer = choose_title_and_employer(parts, ordered=ordered and len(parts) == 2)
    position, employer = title_alone(position), institution_first(employer)
    alone = bool(employer_line) and _title_case(employer_line) == employer
    inherited = False
    if not employer and position and group_employer:
        employer, inherited = group_employer, True  # a further title under an employer printed once above
    if not position and employer and len(parts) == 1 and group_employer and title_score(employer) >= employer_score(employer):
        position, employer, inherited = employer, group_employer, True
    if not position and parent and title_score(parent):
        position = _title_case(parent)
    return JobHeader(position, employer, alone, inherited)


def _parent_heading(lines: list[Line], index: int) -> str:
    """The heading one level above a job's heading line ("### Systems Administrator" above
    "#### School of Math - University of Minnesota (...)")."""
    level = lines[index].level
    if not level:
        return ""
    for cursor in range(index - 1, max(-1, index - 40), -1):
        if 0 < lines[cursor].level < level:
            return _strip_edges(lines[cursor].text)
    return ""


def _is_duration(text: str) -> bool:
    return len(text) <= 40 and not _DURATION_RE.sub("", text).strip(" ·•,()")


def _is_header_line(line: Line) -> bool:
    """A short non-bullet line that could name a title or an employer."""
    text = line.text
    if line.is_bullet or len(text) > 160 or len(text.split()) > 18 or "http" in text or "www." in text:
        return False
    if text.endswith(".") and not line.level and (len(text.split()) > 8 or re.search(r"\s[a-zа-яё]+\.$", text)):
        return False  # a sentence ("Leads the research group.")
    if text.endswith(".") and len(text.split()) >= 5 and not re.search(r",|\||\s[–—-]{1,2}\s", text) and not _split_connector(text):
        return False  # "Built the billing platform on Kafka."
    first = text[:1]
    return not (first.islower() or first in "(•")


def _is_body_text(line: Line) -> bool:
    return (line.text.endswith(".") and len(line.text.split()) > 4) or len(line.text.split()) > 12


def _continues(previous: str, text: str) -> bool:
    """A wrapped bullet: the line goes on from the previous highlight."""
    return bool(text) and (text[0].islower() or previous.rstrip()[-1:] in ",-–(&/")
