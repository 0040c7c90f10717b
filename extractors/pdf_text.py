"""The text layer of a PDF as running text: footnote markers out, a paragraph's wrapped lines joined.

PDFium (pypdfium2) reads a page's text about fifteen times faster than pure-Python readers and
reports the size every character is drawn at, which tells a footnote marker from a digit of a number:
``常住人口¹1761.48万人`` comes out as ``11761.48`` from any reader that only sees characters.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Iterator
from types import ModuleType

import regex

# PDFium keeps global state and is not thread-safe; the dashboard reads uploads in several threads.
_PDFIUM = threading.Lock()
# Footnote markers are drawn at about half the height of the text around them, and are short.
SUPERSCRIPT_RATIO = 0.75
_MARKER_RUN = regex.compile(r"[0-9*†‡]+")
MAX_MARKER = 3
# A line that ends a sentence is not joined to the next one, nor a short line (a heading, a page
# number, a table cell), a table row (three or more fields and no Chinese punctuation), a line
# before a caption or a note, or a line without punctuation (a title, a heading).
_CLAUSE_END = regex.compile(r"[，、,]\s*$")
_SENTENCE_END = regex.compile(r"[。！？：；:;!?]\s*$")
SHORT_LINE = 12
_CJK_PUNCTUATION = regex.compile(r"[，。、；：！？]")
_CAPTION = regex.compile(r"^\s*(?:[表图]\s*[0-9一二三四五六七八九十]|注[:：])")


class PdfError(Exception):
    """The PDF cannot be read: encrypted with a password, or not a PDF PDFium can parse."""


def _page_text(page: object) -> str:
    textpage = page.get_textpage()  # type: ignore[attr-defined]
    try:
        text = textpage.get_text_range()
        count = textpage.count_chars()
        if count != len(text):
            return text  # characters outside the BMP shift PDFium's indices; keep the text as it is
        import pypdfium2.raw as pdfium_c

        sizes = [_drawn_size(pdfium_c, textpage.raw, i) for i in range(count)]
    finally:
        textpage.close()
    return without_markers(text, sizes)


def without_markers(text: str, sizes: list[float]) -> str:
    """``text`` without its footnote markers, given the size each character is drawn at."""
    dropped = {i for run in _marker_runs(text, sizes) if _superscript(text, sizes, run) for i in run}
    return "".join(ch for i, ch in enumerate(text) if i not in dropped)


def _drawn_size(pdfium_c: ModuleType, textpage: object, i: int) -> float:
    """The size a character is drawn at: its font size scaled by its text matrix (a font set at size 1
    and scaled ×12 is drawn as large as one set at 12). Glyph boxes would do, but fonts that are not
    embedded (STSong-Light) have none."""
    matrix = pdfium_c.FS_MATRIX()
    scale = math.hypot(matrix.c, matrix.d) if pdfium_c.FPDFText_GetMatrix(textpage, i, matrix) else 1.0
    return pdfium_c.FPDFText_GetFontSize(textpage, i) * scale


def _marker_runs(text: str, sizes: list[float]) -> Iterator[range]:
    """Runs of marker characters drawn in one size (a marker before a number is a run of its own), at most
    MAX_MARKER long: a longer run is a number, whatever its size."""
    for m in _MARKER_RUN.finditer(text):
        start = m.start()
        for i in range(m.start() + 1, m.end() + 1):
            if i == m.end() or abs(sizes[i] - sizes[start]) > (1 - SUPERSCRIPT_RATIO) * max(sizes[i], sizes[start]):
                if i - start <= MAX_MARKER:
                    yield range(start, i)
                start = i


def _superscript(text: str, sizes: list[float], run: range) -> bool:
    """A run set much smaller than the nearest printed character on each side of it."""
    neighbours = [sizes[j] for j in _printed_near(text, run)]
    return bool(neighbours) and sizes[run.start] < SUPERSCRIPT_RATIO * min(neighbours)


def _printed_near(text: str, run: range) -> Iterator[int]:
    """The nearest letter, digit or Chinese character before and after ``run`` (punctuation is drawn small)."""
    for j, step in ((run.start - 1, -1), (run.stop, 1)):
        while 0 <= j < len(text) and not text[j].isalnum():
            j += step
        if 0 <= j < len(text):
            yield j


def join_wrapped_lines(text: str) -> str:
    """Join lines that the page width broke inside a sentence; headings, table rows and paragraph ends stay.

    A page break inside a sentence (其中男婴为1.0‰，/ blank lines / 女婴为1.1‰。) is joined too, when the line
    after the blank ones reads as prose (it has Chinese punctuation: a running header has none).
    """
    lines = text.replace("\r\n", "\n").split("\n")
    out: list[str] = []
    held = 0  # blank lines after a line that ends in a comma, dropped if the sentence goes on after them
    for line in lines:
        if out and not line.strip() and _CLAUSE_END.search(out[-1]):
            held += 1
            continue
        joins = bool(out) and _wraps(out[-1], line) and (not held or bool(_CJK_PUNCTUATION.search(line)))
        if held and not joins:
            out.extend([""] * held)
        held = 0
        if joins:
            out[-1] = out[-1].rstrip() + line.strip()
        else:
            out.append(line)
    out.extend([""] * held)
    return "\n".join(out)


def _row(line: str) -> bool:
    return len(line.split()) >= 3 and not _CJK_PUNCTUATION.search(line)


def _wraps(line: str, following: str) -> bool:
    """Whether ``line`` continues on ``following``."""
    return (len("".join(line.split())) > SHORT_LINE and bool(following.strip()) and not _SENTENCE_END.search(line)
            and not _row(line) and not _row(following) and not _CAPTION.search(following)
            and bool(_CJK_PUNCTUATION.search(line)))


def pdf_text(data: bytes) -> str:
    """Running text of every page, pages separated by a blank line."""
    import pypdfium2 as pdfium

    with _PDFIUM:
        try:
            document = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as exc:
            if "password" in str(exc).lower():
                raise PdfError("the PDF is encrypted with a password") from exc
            raise PdfError(f"unreadable PDF ({exc})") from exc
        try:
            # Joined as one text: a sentence broken by a page break (a line ending in a comma) is rejoined.
            return join_wrapped_lines("\n\n".join(_page_text(page) for page in document))
        finally:
            document.close()
