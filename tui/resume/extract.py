"""Text out of PDF and DOCX files, in reading order.

PDF: pypdfium2. A two-column page is found by a vertical white gutter (allowing a full-width
header above it) and read header, left column, right column.
DOCX: python-docx, walking paragraphs AND tables in document order; list paragraphs get a
bullet so that they become highlights.
"""

from __future__ import annotations

import re
from pathlib import Path

from tui.resume.model import ResumeError

_BIN = 2.0  # points per gutter-search bin


def pdf_text(path: Path) -> str:
    import pypdfium2 as pdfium  # heavy: imported only when a PDF is read

    try:
        document = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        message = str(exc).lower()
        if "password" in message:
            raise ResumeError(f"{path}: the PDF is password-protected; save an unprotected copy") from None
        raise ResumeError(f"{path}: not a readable PDF (damaged or incomplete file)") from None
    try:
        pages = []
        for index in range(len(document)):
            page = document[index]
            try:
                pages.append(_page_text(page))
            finally:
                page.close()
    except pdfium.PdfiumError as exc:
        raise ResumeError(f"{path}: cannot read the PDF's text ({exc})") from None
    finally:
        document.close()
    text = "\n".join(pages)
    if not text.strip():
        raise ResumeError(f"{path}: the PDF has no text (a scanned image?); OCR is not supported")
    return text


def _page_text(page) -> str:
    textpage = page.get_textpage()
    try:
        width, height = page.get_size()
        split = _find_columns(textpage, width, height)
        if split is None:
            return _normalise(textpage.get_text_range())
        gutter_x, header_bottom = split
        left = _normalise(textpage.get_text_bounded(0, 0, gutter_x, header_bottom))
        right = _normalise(textpage.get_text_bounded(gutter_x, 0, width, header_bottom))
        if _mostly_dates(left) or _mostly_dates(right):
            # Right-aligned (or leading) dates next to one column of text: keep the lines whole.
            return _normalise(textpage.get_text_range())
        header = textpage.get_text_bounded(0, header_bottom, width, height) if header_bottom < height else ""
        return "\n".join(part for part in (_normalise(header), left, right) if part.strip())
    finally:
        textpage.close()


def _mostly_dates(text: str) -> bool:
    """A "column" that is only a few lines, most of them dates, is not a column."""
    from tui.resume.dates import find_dates

    lines = [line for line in text.splitlines() if line.strip()]
    dated = sum(1 for line in lines if find_dates(line) and len(line.split()) <= 6)
    return len(lines) < 3 or dated >= 0.5 * len(lines)


def _normalise(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\x02", "-").replace("\ufffe", "-")


def _find_columns(textpage, width: float, height: float) -> tuple[float, float] | None:
    """(gutter x, the y below which the page has two columns), or None for one column.

    For each narrow vertical strip we note the lowest character touching it; a gutter is a
    strip in the middle of the page whose characters (if any) are all high up, in a header.
    """
    boxes = []
    for index in range(textpage.count_chars()):
        char = textpage.get_text_range(index, 1)
        if not char or char.isspace():
            continue
        left, bottom, right, top = textpage.get_charbox(index)
        if right > left and top > bottom:
            boxes.append((left, bottom, right, top))
    if len(boxes) < 40:
        return None
    bins = int(width / _BIN) + 1
    lowest = [height] * bins
    for left, bottom, right, _ in boxes:
        for b in range(max(0, int(left / _BIN)), min(bins, int(right / _BIN) + 1)):
            lowest[b] = min(lowest[b], bottom)
    text_bottom = min(box[1] for box in boxes)
    text_top = max(box[3] for box in boxes)
    candidates: list[tuple[float, float]] = []  # (header bottom, gutter x)
    start = int(width * 0.2 / _BIN)
    stop = int(width * 0.8 / _BIN)
    run_start = None
    for b in range(start, stop + 1):
        # A strip is part of the gutter when nothing reaches below the middle of the text.
        clear = b < stop and lowest[b] > text_bottom + (text_top - text_bottom) * 0.45
        if clear and run_start is None:
            run_start = b
        elif not clear and run_start is not None:
            if (b - run_start) * _BIN >= 8:
                candidates.append((min(lowest[run_start:b]), (run_start + b) / 2 * _BIN))
            run_start = None
    # The gutter with the most page below it, among those with text on both sides.
    for header_bottom, gutter_x in sorted(candidates):
        below = [box for box in boxes if box[3] <= header_bottom + 1]
        left_count = sum(1 for box in below if box[2] <= gutter_x)
        right_count = sum(1 for box in below if box[0] >= gutter_x)
        if min(left_count, right_count) >= 0.1 * len(boxes):
            # Split halfway between the header and the columns' first line, so that no
            # glyph of either (descenders included) is cut by the bounding boxes.
            columns_top = max((box[3] for box in below), default=header_bottom)
            return gutter_x, min((header_bottom + columns_top) / 2, height)
    return None


MAX_DOCX_XML = 40 * 1024 * 1024  # word/document.xml, uncompressed (a zip bomb is refused)
MAX_DOCX_BLOCKS = 100_000  # paragraphs and tables walked, empty ones included


class _TooLong(Exception):
    pass


def docx_text(path: Path) -> str:
    """The document's text in the light markup the line reader knows: heading styles as
    "# ", bold paragraphs as "**...**", list paragraphs as bullets, table rows as "a | b"."""
    import zipfile

    import docx  # heavy: imported only when a DOCX is read
    from docx.opc.exceptions import PackageNotFoundError

    try:
        with zipfile.ZipFile(path) as archive:
            size = sum(info.file_size for info in archive.infolist() if info.filename.startswith("word/document"))
    except (zipfile.BadZipFile, OSError) as exc:
        raise ResumeError(f"{path}: not a Word .docx file ({_short(exc)})") from None
    if size > MAX_DOCX_XML:
        raise ResumeError(f"{path}: the document is too large ({size / 1024 / 1024:.0f} MB of text and markup; the limit is 40 MB)")
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ResumeError(f"{path}: not a Word .docx file ({_short(exc)})") from None
    except Exception as exc:  # lxml errors on a damaged document.xml
        raise ResumeError(f"{path}: damaged Word file ({_short(exc)})") from None
    lines: list[str] = []
    budget = _Budget()
    try:
        for block in document.iter_inner_content():
            budget.spend(1)
            if hasattr(block, "rows"):
                lines.extend(_table_lines(block, budget))
            else:
                lines.append(_paragraph_line(block))
                budget.add_text(lines[-1])
    except _TooLong as exc:
        raise ResumeError(f"{path}: {exc}") from None
    return "\n".join(lines)


class _Budget:
    """Stops a document with millions of paragraphs or megabytes of text early."""

    def __init__(self) -> None:
        self.blocks = 0
        self.chars = 0
        self.lines = 0

    def spend(self, blocks: int) -> None:
        self.blocks += blocks
        if self.blocks > MAX_DOCX_BLOCKS:
            raise _TooLong(f"too many paragraphs (over {MAX_DOCX_BLOCKS:,}; a resume has far fewer)")

    def add_text(self, text: str) -> None:
        from tui.resume.load import MAX_TEXT_CHARS, MAX_TEXT_LINES

        self.chars += len(text) + 1
        self.lines += 1 if text else 0
        if self.chars > MAX_TEXT_CHARS:
            raise _TooLong("too much text (over 2 MB once extracted; the limit is 2 MB)")
        if self.lines > MAX_TEXT_LINES:
            raise _TooLong(f"too many lines (over {MAX_TEXT_LINES:,}; the limit is {MAX_TEXT_LINES:,})")


_HEADING_STYLE_RE = re.compile(r"^(?:heading|titre|überschrift|ueberschrift|título|titolo|заголовок)\s*(\d)$", re.IGNORECASE)


def _paragraph_line(paragraph) -> str:
    text = paragraph.text.strip()
    if not text:
        return ""
    text = re.sub(r"^([#>*+\-])", r"\\\1", text)  # literal marks are not markup
    style = (paragraph.style.name if paragraph.style is not None else "") or ""
    p_pr = paragraph._p.pPr
    numbered = p_pr is not None and p_pr.numPr is not None
    if style.lower().startswith("list") or numbered:
        return f"• {text}"
    if heading := _HEADING_STYLE_RE.match(style.strip()):
        return f"{'#' * min(6, max(1, int(heading.group(1))))} {text}"
    if len(text) <= 120:
        runs = [run for run in paragraph.runs if run.text.strip()]
        bold = [bool(run.bold) or bool(run.style is not None and run.style.font.bold) for run in runs]
        if runs and all(bold):
            return f"**{text}**"
        if runs and bold[0] and not all(bold):
            lead = "".join(run.text for run in runs[: bold.index(False)]).strip()
            if lead and text.startswith(lead) and "*" not in lead:
                return f"**{lead}** {text[len(lead):].strip()}"
    return text


def _table_lines(table, budget: _Budget) -> list[str]:
    """A table row becomes a header line (its short cells joined by " | ") and then the lines
    of its longer cells; a table of jobs then reads like "Title | Employer | dates"."""
    lines: list[str] = []
    for row in table.rows:
        budget.spend(1)
        seen: set[int] = set()
        short: list[str] = []
        long: list[str] = []
        for cell in row.cells:
            if id(cell._tc) in seen:  # a merged cell repeats
                continue
            seen.add(id(cell._tc))
            budget.spend(len(cell.paragraphs))
            paragraphs = [_paragraph_line(p) for p in cell.paragraphs]
            paragraphs = [p for p in paragraphs if p]
            for nested in cell.tables:
                paragraphs.extend(_table_lines(nested, budget))
            if not paragraphs:
                continue
            if len(paragraphs) <= 2 and all(len(p) <= 60 and not p.startswith(("• ", "#", "**")) for p in paragraphs):
                short.extend(paragraphs)
            else:
                long.extend(paragraphs)
        if short:
            lines.append(" | ".join(short))
        lines.extend(long)
        for line in lines[-len(long) - (1 if short else 0):] if (long or short) else []:
            budget.add_text(line)
    return lines


def _short(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:120]
