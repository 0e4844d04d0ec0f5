"""Text out of PDF and DOCX files, in reading order.

PDF: pypdfium2's characters and their boxes; the reading order is rebuilt by
tui/resume/layout.py (columns, a margin of dates, running heads and footers).
DOCX: python-docx, walking paragraphs AND tables in document order; list paragraphs get a
bullet so that they become highlights.
"""

from __future__ import annotations

import re
from pathlib import Path

from tui.resume.model import ResumeError

MAX_PDF_PAGES = 200
MAX_PDF_CHARS = 2 * 1024 * 1024


def pdf_text(path: Path) -> str:
    """The PDF's text in reading order (see tui/resume/layout.py), one line per text line."""
    import pypdfium2 as pdfium  # heavy: imported only when a PDF is read

    from tui.resume.layout import document_lines, page_layout

    try:
        document = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        message = str(exc).lower()
        if "password" in message:
            raise ResumeError(f"{path}: the PDF is password-protected; save an unprotected copy") from None
        raise ResumeError(f"{path}: not a readable PDF (damaged or incomplete file)") from None
    try:
        if len(document) > MAX_PDF_PAGES:
            raise ResumeError(f"{path}: too many pages ({len(document)}; a resume is read up to {MAX_PDF_PAGES})")
        layouts = []
        chars = 0
        for index in range(len(document)):
            page = document[index]
            try:
                textpage = page.get_textpage()
                try:
                    count = textpage.count_chars()
                    chars += count
                    if chars > MAX_PDF_CHARS:
                        raise ResumeError(f"{path}: too much text (over 2 MB; the limit is 2 MB)")
                    layouts.append(page_layout(_glyphs(textpage, count), page.get_width()))
                finally:
                    textpage.close()
            finally:
                page.close()
    except pdfium.PdfiumError as exc:
        raise ResumeError(f"{path}: cannot read the PDF's text ({exc})") from None
    finally:
        document.close()
    text = "\n".join(document_lines(layouts))
    if not text.strip():
        raise ResumeError(f"{path}: the PDF has no text (a scanned image?); OCR is not supported")
    return text


def _glyphs(textpage, count: int) -> list[tuple[str, float, float, float, float]]:
    """Every character of a page with its box, in content-stream order."""
    import ctypes

    import pypdfium2.raw as pdfium_c

    from tui.resume.layout import SOFT_HYPHEN

    raw = textpage.raw
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    left_ref, right_ref, bottom_ref, top_ref = (ctypes.byref(v) for v in (left, right, bottom, top))
    get_box, get_unicode = pdfium_c.FPDFText_GetCharBox, pdfium_c.FPDFText_GetUnicode
    glyphs = []
    for index in range(count):
        code = get_unicode(raw, index)
        char = chr(code) if 0 < code < 0x110000 and not 0xD800 <= code < 0xE000 else ""
        if char in ("\ufffe", "\x02"):
            char = SOFT_HYPHEN  # a hyphen pdfium found at a line break
        if not char:
            continue
        if char.isspace():
            glyphs.append((char, 0.0, 0.0, 0.0, 0.0))
            continue
        if not get_box(raw, index, left_ref, right_ref, bottom_ref, top_ref):
            continue
        glyphs.append((char, left.value, bottom.value, right.value, top.value))
    return glyphs


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
    budget = _Budget(_style_table(document))
    try:
        lines.extend(_header_lines(document, budget))
        for block in document.iter_inner_content():
            budget.spend(1)
            if hasattr(block, "rows"):
                lines.extend(_table_lines(block, budget))
            else:
                lines.append(_paragraph_line(block, budget.styles))
                budget.add_text(lines[-1])
                lines.extend(_text_box_lines(block, budget))
    except _TooLong as exc:
        raise ResumeError(f"{path}: {exc}") from None
    return "\n".join(lines)


def _header_lines(document, budget: _Budget) -> list[str]:
    """The first page header's paragraphs (templates put the name and contacts there)."""
    sections = document.sections
    if not len(sections) or sections[0].header.is_linked_to_previous:
        return []
    lines = []
    for paragraph in sections[0].header.paragraphs:
        budget.spend(1)
        lines.append(_paragraph_line(paragraph, budget.styles))
        budget.add_text(lines[-1])
    return lines


def _text_box_lines(paragraph, budget: _Budget) -> list[str]:
    """Text in the paragraph's text boxes (sidebars in many Word templates), which
    `paragraph.text` leaves out. A box is stored twice (DrawingML and a VML fallback): the
    fallback is skipped."""
    from docx.oxml.ns import qn
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    fallback = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
    lines: list[str] = []
    for box in paragraph._p.iter(qn("w:txbxContent")):
        if any(ancestor.tag == fallback for ancestor in box.iterancestors()):
            continue
        for child in box.iterchildren():
            budget.spend(1)
            if child.tag == qn("w:p"):
                lines.append(_paragraph_line(Paragraph(child, paragraph._parent), budget.styles))
                budget.add_text(lines[-1])
            elif child.tag == qn("w:tbl"):
                lines.extend(_table_lines(Table(child, paragraph._parent), budget))
    return lines


def _style_table(document) -> dict[str, tuple[str, bool]]:
    """Style id -> (name, bold), read once: python-docx looks styles up by scanning them all."""
    table: dict[str, tuple[str, bool]] = {}
    for style in document.styles.element.style_lst:
        name = style.name_val or style.styleId or ""
        r_pr = style.rPr
        table[style.styleId or ""] = (name, bool(r_pr is not None and r_pr.b is not None and r_pr.b.val is not False))
    return table


class _Budget:
    """Stops a document with millions of paragraphs or megabytes of text early; carries the
    style table."""

    def __init__(self, styles: dict[str, tuple[str, bool]]) -> None:
        self.styles = styles
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


def _paragraph_line(paragraph, styles: dict[str, tuple[str, bool]]) -> str:
    text = paragraph.text.strip()
    if not text:
        return ""
    text = re.sub(r"^([#>])", r"\\\1", text)  # a typed "#" or ">" is text, not markup (a typed "- " is a bullet)
    p_pr = paragraph._p.pPr
    style_id = p_pr.pStyle.val if p_pr is not None and p_pr.pStyle is not None else ""
    style, style_bold = styles.get(style_id, ("", False))
    numbered = p_pr is not None and p_pr.numPr is not None
    if style.lower().startswith("list") or numbered:
        return f"• {text}"
    if heading := _HEADING_STYLE_RE.match(style.strip()):
        return f"{'#' * min(6, max(1, int(heading.group(1))))} {text}"
    if len(text) <= 120:
        runs = [run for run in paragraph.runs if run.text.strip()]
        bold = [bool(run.bold) or (run.bold is None and style_bold) for run in runs]
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
            paragraphs = [_paragraph_line(p, budget.styles) for p in cell.paragraphs]
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
