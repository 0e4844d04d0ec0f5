"""Reading order of a PDF page from its characters' boxes (geometry, no PDF library).

A resume page may be one column, two columns (a sidebar and a main column, each flowing on
from page to page), or one column with a narrow margin of dates on the left (moderncv). We
rebuild lines from the characters, find a vertical gutter that no text crosses over a long
stretch of the page, and read:
- two columns: the full-width lines above the stretch, then the left column, then the right
  one (across consecutive pages, each column continues on the next page);
- a narrow left margin: each margin block (dates wrapped over a few lines) joined into one
  line and put where it stands, before the main-column line it faces;
- a narrow right margin (right-aligned dates): whole lines, the date after a wide gap.
Lines repeated at the top or bottom of several pages (running heads, "Page 2 of 3") and bare
page numbers are dropped. A wide gap inside a line becomes three spaces, which the line
reader treats as a separator ("OVO Energy   Bristol").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

GAP = "   "
SOFT_HYPHEN = "\x02"  # pdfium's mark for a hyphen that breaks a word at the end of a line
_BIN = 2.0  # points per gutter-search bin
_PAGE_NUMBER_RE = re.compile(r"\W{0,3}(?:page|seite|página|pagina|страница|стр\.?)?\s{0,2}\d{1,3}(?:\s{0,2}(?:/|of|de|von|из)\s{0,2}\d{1,3})?\W{0,3}", re.IGNORECASE)


# A character with its box: (char, left, bottom, right, top), in points. Plain tuples: a page
# has thousands of them and this is the hot loop.
Glyph = tuple[str, float, float, float, float]


@dataclass
class Run:
    """Characters that follow each other in the content stream on one line, with no wide gap."""

    text: str
    left: float
    bottom: float
    right: float
    top: float
    hyphen: bool = False  # ends with a soft hyphen

    @property
    def height(self) -> float:
        return max(self.top - self.bottom, 0.1)


@dataclass
class TextLine:
    runs: list[Run] = field(default_factory=list)

    @property
    def top(self) -> float:
        return max(r.top for r in self.runs)

    @property
    def bottom(self) -> float:
        return min(r.bottom for r in self.runs)

    @property
    def height(self) -> float:
        return max(self.top - self.bottom, 0.1)

    def text(self, runs: list[Run] | None = None) -> str:
        runs = sorted(runs if runs is not None else self.runs, key=lambda r: r.left)
        out = ""
        for previous, run in zip([None, *runs], runs):
            if previous is not None:
                gap = run.left - previous.right
                size = min(previous.height, run.height)
                out += GAP if gap > 1.5 * size else ("" if gap < 0.12 * size or out.endswith(" ") else " ")
            out += run.text
        return out.strip()


@dataclass
class PageLayout:
    header: list[str]  # full-width lines above the columns (the whole page when one column)
    left: list[str]
    right: list[str]
    footer: list[str]
    gutter: float | None  # x of the gutter between two columns, None for one column


def runs_from_glyphs(glyphs: list[Glyph]) -> list[Run]:
    """Glyphs in content-stream order ("\n" and "\r" break a run) into runs: the next glyph
    joins the run when it overlaps the run's line and starts near where the run ends."""
    runs: list[Run] = []
    current: Run | None = None
    space = False
    for char, left, bottom, right, top in glyphs:
        if char in "\r\n":
            current, space = None, False
            continue
        if right <= left or char.isspace():
            space = space or char.isspace()
            continue
        if char == SOFT_HYPHEN:
            if current is not None:
                current.hyphen = True
            continue
        if current is not None:
            run_height = current.top - current.bottom
            height = top - bottom
            overlap = (current.top if current.top < top else top) - (current.bottom if current.bottom > bottom else bottom)
            size = run_height if run_height > height else height
            if overlap >= 0.4 * (run_height if run_height < height else height) and current.right - 0.6 * size <= left <= current.right + 1.5 * size:
                current.text += (" " + char) if space and not current.text.endswith(" ") else char
                if right > current.right:
                    current.right = right
                if top > current.top:
                    current.top = top
                if bottom < current.bottom:
                    current.bottom = bottom
                current.hyphen = False
                space = False
                continue
        current = Run(char, left, bottom, right, top)
        runs.append(current)
        space = False
    for run in runs:
        run.text = run.text.strip()
    return [run for run in runs if run.text]


def lines_from_runs(runs: list[Run]) -> list[TextLine]:
    """Runs grouped into lines by vertical overlap, top to bottom."""
    lines: list[TextLine] = []
    for run in sorted(runs, key=lambda r: (-r.top, r.left)):
        for line in reversed(lines[-4:]):
            overlap = min(line.top, run.top) - max(line.bottom, run.bottom)
            if overlap >= 0.5 * min(line.height, run.height):
                line.runs.append(run)
                break
        else:
            lines.append(TextLine([run]))
    lines.sort(key=lambda line: -line.top)
    return lines


def page_layout(glyphs: list[Glyph], width: float) -> PageLayout:
    lines = lines_from_runs(runs_from_glyphs(glyphs))
    split = find_gutter(lines, width)
    if split is None:
        return PageLayout(join_wrapped(lines), [], [], [], None)
    gutter, first, last = split
    left_runs = [[r for r in line.runs if r.right <= gutter] for line in lines[first : last + 1]]
    right_runs = [[r for r in line.runs if r.left >= gutter] for line in lines[first : last + 1]]
    left_width = _width(left_runs)
    right_width = _width(right_runs)
    header = join_wrapped(lines[:first])
    footer = join_wrapped(lines[last + 1 :])
    narrow_right = right_width < 0.3 * left_width and _mostly_dates(right_runs)
    if narrow_right or _right_aligned(right_runs) or _right_aligned(left_runs):
        # Dates or places at the right, or a column of labels set against the values they
        # name (Europass): the lines stay whole.
        return PageLayout(join_wrapped(lines), [], [], [], None)
    if left_width < 0.3 * right_width and _mostly_dates(left_runs):
        # A margin of dates on the left: each block goes before the line it faces.
        return PageLayout(header + _margin_lines(left_runs, right_runs) + footer, [], [], [], None)
    # Otherwise two columns (a narrow sidebar of skills is a column too).
    left = [TextLine(runs) for runs in left_runs if runs]
    right = [TextLine(runs) for runs in right_runs if runs]
    return PageLayout(header, join_wrapped(left), join_wrapped(right), footer, gutter)


def _mostly_dates(rows: list[list[Run]]) -> bool:
    """A narrow strip of dates (a margin) rather than a sidebar of skills or links: at least
    a quarter of its blocks (lines close together) hold a year."""
    texts = [" ".join(block) for _, block in _blocks(lines_from_runs([r for row in rows for r in row]))]
    dated = sum(1 for text in texts if re.search(r"(?<!\d)(?:19|20)\d\d(?!\d)", text))
    return bool(texts) and dated >= len(texts) / 4


def _blocks(lines: list[TextLine]) -> list[tuple[TextLine, list[str]]]:
    """Lines close together (under two lines apart) as blocks: (first line, texts)."""
    blocks: list[tuple[TextLine, list[str]]] = []
    previous: TextLine | None = None
    for line in lines:
        # Boxes are glyph-tight (about cap height): 2.5 heights is under two lines of text.
        if blocks and previous is not None and previous.top - line.top <= 2.5 * max(line.height, previous.height):
            blocks[-1][1].append(line.text())
        else:
            blocks.append((line, [line.text()]))
        previous = line
    return blocks


def _right_aligned(rows: list[list[Run]]) -> bool:
    """Text flush right (dates and places at the right margin), not a column of its own."""
    edges = [(min(r.left for r in row), max(r.right for r in row)) for row in rows if row]
    if len(edges) < 3:
        return False
    margin = max(right for _, right in edges)
    flush = [left for left, right in edges if margin - right < 3]
    # Most lines end at the margin and start where their text's length puts them.
    return len(flush) >= 0.8 * len(edges) and max(flush) - min(flush) > 10


def _width(rows: list[list[Run]]) -> float:
    runs = [r for row in rows for r in row]
    return (max(r.right for r in runs) - min(r.left for r in runs)) if runs else 0.0


_BULLETS = "•∙◁▹▸▪◦●○■□➢►‣⁃–-*{✓✔➤→⦁\uf0b7\uf0a7"


def join_wrapped(lines: list[TextLine]) -> list[str]:
    """Line texts, with a list item's wrapped lines joined to it (they start right of its
    bullet, at its text) and words broken by a line-end hyphen made whole again."""
    texts: list[str] = []
    item: TextLine | None = None  # the bullet line whose wrapped lines may follow
    previous: TextLine | None = None
    carry = False
    for line in lines:
        text = line.text()
        left = min(r.left for r in line.runs)
        close = previous is not None and previous.bottom - line.top < 1.2 * line.height
        if carry and texts and close:
            texts[-1] += text  # "De-" / "pendabot"
        elif (item is not None and close and not text.startswith(tuple(_BULLETS))
              and min(r.left for r in item.runs) + 2 < left <= min(r.left for r in item.runs) + 40):
            texts[-1] += " " + text
        else:
            texts.append(text)
            item = line if text.startswith(tuple(_BULLETS)) and len(text) > 2 else None
        carry = bool(line.runs) and max(line.runs, key=lambda r: r.right).hyphen
        previous = line
    return [text for text in texts if text]


def _margin_lines(left_rows: list[list[Run]], right_rows: list[list[Run]]) -> list[str]:
    """Main-column lines in order, each left-margin block (lines close together) joined into
    one line and placed before the main line its first line faces."""
    blocks = _blocks(lines_from_runs([r for row in left_rows for r in row]))
    mains = lines_from_runs([r for row in right_rows for r in row])
    before: dict[int, list[str]] = {}
    for first, texts in blocks:
        overlaps = [min(first.top, m.top) - max(first.bottom, m.bottom) for m in mains]
        if overlaps and max(overlaps) > 0:
            index = overlaps.index(max(overlaps))
        else:
            index = next((i for i, m in enumerate(mains) if m.top < first.top), len(mains))
        before.setdefault(index, []).append(" ".join(texts))
    out: list[str] = []
    texts = join_wrapped(mains) if not before else [main.text() for main in mains]
    for index, text in enumerate(texts):
        out += before.get(index, [])
        out.append(text)
    out += before.get(len(texts), [])
    return out


def find_gutter(lines: list[TextLine], width: float) -> tuple[float, int, int] | None:
    """(gutter x, first line, last line) of the longest stretch of lines that no text crosses
    at one x in the middle of the page, with enough text on both sides; None for one column."""
    if len(lines) < 6:
        return None
    bins = int(width / _BIN) + 1
    start, stop = int(width * 0.12 / _BIN), int(width * 0.88 / _BIN)
    blocked = [[False] * bins for _ in lines]
    for row, line in zip(blocked, lines):
        for run in line.runs:
            for b in range(max(0, int(run.left / _BIN)), min(bins, int(run.right / _BIN) + 1)):
                row[b] = True
    chars = [[(r.left, r.right, len(r.text)) for r in line.runs] for line in lines]
    total = sum(n for row in chars for _, _, n in row) or 1
    best: tuple[int, int, int, int] | None = None  # (score, bin, first, last)
    for b in range(start, stop):
        x = b * _BIN
        first = 0
        while first < len(lines):
            if blocked[first][b]:
                first += 1
                continue
            last = first
            while last + 1 < len(lines) and not blocked[last + 1][b]:
                last += 1
            left_sizes = [n for row in chars[first : last + 1] for _, right, n in row if right <= x]
            right = sum(n for row in chars[first : last + 1] for left_, _, n in row if left_ >= x)
            # Bullets left of their text are not a column: a column's runs are words.
            words = len(left_sizes) >= 3 and sum(left_sizes) >= 3 * len(left_sizes)
            score = min(sum(left_sizes), right) if words else 0
            if best is None or score > best[0]:
                best = (score, b, first, last)
            first = last + 1
    if best is None or best[0] < max(40, 0.02 * total) or best[3] - best[2] + 1 < 6:
        return None
    score, b, first, last = best
    # The middle of the clear band around b (the same stretch stays clear there).
    low, high = b, b
    while low - 1 >= start and all(not blocked[i][low - 1] for i in range(first, last + 1)):
        low -= 1
    while high + 1 < stop and all(not blocked[i][high + 1] for i in range(first, last + 1)):
        high += 1
    if (high - low + 1) * _BIN < 6:
        return None  # too narrow for a gutter: the space between words or after a bullet
    return (low + high + 1) / 2 * _BIN, first, last


def drop_running_lines(pages: list[PageLayout]) -> None:
    """Remove running heads and footers (repeated on several pages, digits aside) and bare
    page numbers from the first and last lines of each page."""
    def key(text: str) -> str:
        return re.sub(r"\d+", "#", text.strip().casefold())

    edges: dict[str, int] = {}
    for page in pages:
        for text in set(_edge_lines(page)):
            edges[key(text)] = edges.get(key(text), 0) + 1
    for page in pages:
        for part in (page.header, page.footer, page.left, page.right):
            for index in (0, -1):
                if part and (edges.get(key(part[index]), 0) >= 2 and len(pages) >= 2 or _PAGE_NUMBER_RE.fullmatch(part[index].strip())):
                    part.pop(index)


def _edge_lines(page: PageLayout) -> list[str]:
    out = []
    for part in (page.header, page.footer, page.left, page.right):
        if part:
            out += [part[0], part[-1]]
    return out


def document_lines(pages: list[PageLayout]) -> list[str]:
    """The pages' lines in reading order; columns continue across consecutive two-column pages."""
    drop_running_lines(pages)
    out: list[str] = []
    index = 0
    while index < len(pages):
        page = pages[index]
        if page.gutter is None:
            out += page.header + page.footer
            index += 1
            continue
        group = [page]
        while index + len(group) < len(pages):
            nxt = pages[index + len(group)]
            if nxt.gutter is None or abs(nxt.gutter - page.gutter) > 24:
                break
            group.append(nxt)
        for member in group:
            out += member.header
        for member in group:
            out += member.left
        for member in group:
            out += member.right
        for member in group:
            out += member.footer
        index += len(group)
    return out
