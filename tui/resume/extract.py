"""Text out of PDF and DOCX files, in reading order.

PDF: pypdfium2. A two-column page is found by a vertical white gutter (allowing a full-width
header above it) and read header, left column, right column.
DOCX: python-docx, walking paragraphs AND tables in document order; list paragraphs get a
bullet so that they become highlights.
"""

from __future__ import annotations

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


def docx_text(path: Path) -> str:
    import zipfile

    import docx  # heavy: imported only when a DOCX is read
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ResumeError(f"{path}: not a Word .docx file ({_short(exc)})") from None
    except Exception as exc:  # lxml errors on a damaged document.xml
        raise ResumeError(f"{path}: damaged Word file ({_short(exc)})") from None
    lines: list[str] = []
    for block in document.iter_inner_content():
        if hasattr(block, "rows"):
            lines.extend(_table_lines(block))
        else:
            lines.append(_paragraph_line(block))
    return "\n".join(lines)


def _paragraph_line(paragraph) -> str:
    text = paragraph.text.strip()
    if not text:
        return ""
    style = (paragraph.style.name if paragraph.style is not None else "") or ""
    p_pr = paragraph._p.pPr
    numbered = p_pr is not None and p_pr.numPr is not None
    if style.lower().startswith("list") or numbered:
        return f"• {text}"
    return text


def _table_lines(table) -> list[str]:
    """A table row becomes a header line (its short cells joined by " | ") and then the lines
    of its longer cells; a table of jobs then reads like "Title | Employer | dates"."""
    lines: list[str] = []
    for row in table.rows:
        seen: set[int] = set()
        short: list[str] = []
        long: list[str] = []
        for cell in row.cells:
            if id(cell._tc) in seen:  # a merged cell repeats
                continue
            seen.add(id(cell._tc))
            paragraphs = [_paragraph_line(p) for p in cell.paragraphs]
            paragraphs = [p for p in paragraphs if p]
            for nested in cell.tables:
                paragraphs.extend(_table_lines(nested))
            if not paragraphs:
                continue
            if len(paragraphs) <= 2 and all(len(p) <= 60 and not p.startswith("• ") for p in paragraphs):
                short.extend(paragraphs)
            else:
                long.extend(paragraphs)
        if short:
            lines.append(" | ".join(short))
        lines.extend(long)
    return lines


def _short(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:120]
