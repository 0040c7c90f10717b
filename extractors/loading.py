"""Reading documents from disk: bytes → text, whatever the encoding or format.

Plain text keeps its characters exactly (a BOM dropped, line endings kept), so claim
offsets index the decoded file. For HTML, PDF, DOCX and CSV the text is what zhibiao
extracted, stored on the Document so every offset can be checked against it.

Whatever an analyst scraped ends up here, so every way a file can be hostile (empty, binary,
undecodable, huge, a zip bomb, encrypted, corrupt) ends in a LoadError that names the file
and the problem, never in a parser's own exception.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import hashlib
import io
import re
import stat
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from charset_normalizer import from_bytes

if TYPE_CHECKING:
    from docx.table import Table as DocxTable
    from lxml import html as lxml_html

TEXT_SUFFIXES = {".txt", ".md", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".shtml", ".jsp", ".xhtml"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | {".pdf", ".docx", ".csv"}

DEFAULT_MAX_BYTES = 50 * 2**20
# Parts of real DOCX files compress 5-20 fold; one that claims hundreds of times its packed size
# was built to explode. Parts under a megabyte may compress better (runs of spaces) and do no harm.
MAX_ZIP_RATIO = 200
_ZIP_RATIO_FLOOR = 2**20

_UTF8_BOM = b"\xef\xbb\xbf"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old binary Office files (.doc, .xls)
_ASCII = bytes(range(128))
_SURROGATE = re.compile("[\ud800-\udfff]")
_MIXED = "zhibiao-gb18030"
_MIXED_NOTE = "not clean UTF-8: bytes that are not UTF-8 were read as GB18030 where possible, else shown as \ufffd"
_DAMAGED_NOTE = "not clean {}: bytes that could not be decoded are shown as \ufffd"


class LoadError(Exception):
    """A file that cannot be read as a document; the message names the file and the problem."""


class Skipped(LoadError):
    """A file deliberately left unread: empty, too large, of an unsupported type, or a zip bomb."""


@dataclass(frozen=True)
class Document:
    doc_id: str
    source: str
    text: str
    format: str
    title: str | None = None  # from the container (CSV column, HTML <title>), else read from the text
    published: dt.date | None = None
    publisher: str | None = None
    index_no: str | None = None  # 索引号 of a government page's info block
    notes: tuple[str, ...] = field(default=())  # how the file was read when that lost something


def doc_id_of(data: bytes) -> str:
    return hashlib.sha1(data).hexdigest()[:16]


def printable(name: str) -> str:
    """A path fit to print and store: file-name bytes that were not UTF-8 reach Python as lone
    surrogates, which no UTF-8 writer (CSV, Parquet, the terminal) accepts."""
    return name.encode("utf-8", "backslashreplace").decode("utf-8")


def _size(n: int) -> str:
    if n >= 2**20:
        return f"{n / 2**20:.1f} MB"
    return f"{n / 2**10:.1f} KB" if n >= 2**10 else f"{n} bytes"


def _looks_like_text(text: str) -> bool:
    """Mostly Chinese, ASCII and common punctuation, few control characters (judged on samples of long texts)."""
    if len(text) > 6000:
        middle = len(text) // 2
        text = text[:2000] + text[middle - 1000:middle + 1000] + text[-2000:]
    if not text:
        return False
    good = sum(1 for c in text if c in "\n\r\t" or (c.isprintable() and (
        c < "\u0080" or c == "\u00b7" or "\u2000" <= c <= "\u206f" or "\u3000" <= c <= "\u9fff" or "\uff00" <= c <= "\uffef")))
    return good / len(text) >= 0.95


def _gb18030_fallback(exc: UnicodeError) -> tuple[str, int]:
    """Decoding error handler for UTF-8 text with GBK pasted in: the offending bytes as one GB18030
    character when they form one outside the private-use area (where GB18030 puts its unassigned
    codes, so random bytes land there), else U+FFFD for a single byte."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    for size in (2, 4):
        char = _strict(exc.object[exc.start:exc.start + size], "gb18030")
        if char is not None and not "\ue000" <= char <= "\uf8ff":
            return char, exc.start + size
    return "\ufffd", exc.start + 1


codecs.register_error(_MIXED, _gb18030_fallback)


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _mostly_utf8(data: bytes) -> bool:
    """Whether at least half the non-ASCII bytes form valid UTF-8: damaged or mixed UTF-8, not GBK
    (GBK text decodes as UTF-8 replacement characters for about 60% of its non-ASCII bytes, Big5 80%)."""
    non_ascii = len(data.translate(None, _ASCII))
    return data.decode("utf-8", "replace").count("\ufffd") * 2 <= non_ascii


def _decode_line(line: bytes) -> str:
    """One line of a mixed file: UTF-8, else mostly UTF-8 with GB18030 for the rest, else GB18030."""
    text = _strict(line, "utf-8")
    if text is not None:
        return text
    return line.decode("utf-8", _MIXED) if _mostly_utf8(line) else line.decode("gb18030", "replace")


def _detected_encodings(data: bytes) -> list[str]:
    best = from_bytes(data[:200_000]).best()
    encoding = best.encoding if best is not None else "gb18030"
    if encoding.lower().replace("_", "") in ("gb2312", "gbk", "cp936", "hz"):
        encoding = "gb18030"  # the superset: never fails where GBK would
    return [encoding] if encoding == "gb18030" else [encoding, "gb18030"]


def read_text(data: bytes, name: str) -> tuple[str, str]:
    """The text of a text file's bytes and a note when reading it lost something ('' otherwise).

    UTF-8 (BOM or not), UTF-16 (BOM or not), else the detected encoding (GB18030, Big5 …); a file
    that is mostly UTF-8 with stray or pasted-in GBK bytes is read piece by piece.
    """
    data = data.removeprefix(_UTF8_BOM)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = _strict(data, "utf-16")
        return (text, "") if text is not None else (data.decode("utf-16", "replace"), _DAMAGED_NOTE.format("UTF-16"))
    sample = data[:4096]
    if b"\x00" in sample:
        for encoding in ("utf-16-le", "utf-16-be"):
            text = _strict(data, encoding)
            if text is not None and _looks_like_text(text):
                return text, ""
        # A stray NUL in text is kept as a character; many of them mean a binary file.
        if sample.count(0) * 100 > len(sample):
            raise LoadError(f"{name}: binary data (NUL bytes), not a text document")
    text = _strict(data, "utf-8")
    if text is not None:
        return text, ""
    if _mostly_utf8(data):
        # Pasted-in paragraphs keep their own encoding, so decide line by line.
        return "".join(_decode_line(line) for line in data.splitlines(keepends=True)), _MIXED_NOTE
    for encoding in _detected_encodings(data):
        text = _strict(data, encoding)
        if text is not None and _looks_like_text(text):
            return text, ""
    text = data.decode("gb18030", "replace")
    if _looks_like_text(text):
        return text, _DAMAGED_NOTE.format("GB18030")
    raise LoadError(f"{name}: binary data or an unknown encoding (not UTF-8, UTF-16, GB18030 or Big5), not a text document")


def decode_text(data: bytes, name: str) -> str:
    """Decode bytes of a text file (see read_text)."""
    return read_text(data, name)[0]


@contextmanager
def _reading(name: str, what: str) -> Iterator[None]:
    """A parser's own exception becomes a LoadError naming the file; timeouts pass through to be reported as such."""
    try:
        yield
    except (LoadError, TimeoutError):
        raise
    except Exception as exc:
        raise LoadError(f"{name}: {what} ({type(exc).__name__}: {str(exc)[:200]})") from exc


def _scrub(text: str) -> str:
    """Lone surrogates (from broken PDF fonts) become U+FFFD, one for one, so the text can be written."""
    return _SURROGATE.sub("\ufffd", text)


def _page_tree(html: str, name: str) -> lxml_html.HtmlElement | None:
    """The parsed page, or None when there is nothing to parse."""
    from lxml import etree
    from lxml import html as lxml_html

    # lxml stops reading at 256 levels of nesting unless told otherwise, and machine-made pages
    # nest deeper: the deep-tree option still stops at 2,048 levels, and a page cut off there is refused.
    parser = lxml_html.HTMLParser(huge_tree=True, encoding="utf-8")
    try:
        tree = lxml_html.document_fromstring(html.encode("utf-8"), parser=parser)
    except etree.ParserError:
        return None
    if any("Excessive depth" in error.message for error in parser.error_log):
        raise LoadError(f"{name}: the HTML page nests its tags over 2,048 deep, beyond what the HTML parser reads")
    return tree


def _html_document(data: bytes, path: Path, doc_id: str, name: str) -> Document:
    import trafilatura

    from .html_meta import page_info, render_tables

    html, note = read_text(data, name)
    with _reading(name, "unreadable HTML page"):
        tree = _page_tree(html, name)
        if tree is None:
            raise LoadError(f"{name}: no main text found in the HTML page")
        meta = trafilatura.extract_metadata(html)
        # The info block is read before the tables are rendered: it is often laid out as one.
        info = page_info(tree, meta.title if meta is not None else None)
        render_tables(tree)
        text = trafilatura.extract(tree, include_tables=True, include_comments=False, favor_recall=True) or ""
    if not text.strip():
        raise LoadError(f"{name}: no main text found in the HTML page")
    published = info.published
    if published is None and meta is not None and meta.date:
        try:
            published = dt.date.fromisoformat(meta.date[:10])
        except ValueError:
            published = None
    return Document(doc_id, printable(str(path)), _scrub(text), "html", title=info.title, published=published,
                    publisher=info.publisher, index_no=info.index_no, notes=(note,) if note else ())


def _pdf_document(data: bytes, path: Path, doc_id: str, name: str) -> Document:
    from .pdf_text import PdfError, pdf_text

    with _reading(name, "unreadable PDF"):
        try:
            text = pdf_text(data)
        except PdfError as exc:
            raise LoadError(f"{name}: {exc}") from exc
    if not text.strip():
        raise LoadError(f"{name}: the PDF has no text layer (scanned pages need OCR first)")
    return Document(doc_id, printable(str(path)), _scrub(text), "pdf")


def _refuse_zip_bomb(data: bytes, name: str, max_bytes: int) -> None:
    """Refuse a DOCX whose parts would inflate past the limit, from the sizes its zip directory
    declares, before anything is inflated (Python's zipfile never inflates past a declared size)."""
    with _reading(name, "not a readable Word document"):
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    total = sum(m.file_size for m in members)
    if total > max_bytes:
        raise Skipped(f"{name}: would unpack to {_size(total)}, over the {_size(max_bytes)} limit "
                      "(a zip bomb?); not unpacked")
    for m in members:
        if m.file_size > _ZIP_RATIO_FLOOR and m.file_size > MAX_ZIP_RATIO * max(m.compress_size, 1):
            raise Skipped(f"{name}: {m.filename} would inflate {m.file_size // max(m.compress_size, 1)}-fold "
                          f"to {_size(m.file_size)} (a zip bomb?); not unpacked")


def _pipe_row(cells: list[str]) -> str:
    """A table row as the table reader expects it: ``| a | b |``, a cell's line breaks and pipes made harmless."""
    return "| " + " | ".join(" ".join(c.split()).replace("|", "｜") for c in cells) + " |"


def _docx_table_lines(table: DocxTable) -> list[str]:
    lines = []
    for row in table.rows:
        cells, previous = [], None
        for cell in row.cells:
            # python-docx repeats a horizontally merged cell once per column it spans: an empty
            # cell keeps the columns aligned without counting the figure twice.
            cells.append("" if cell._tc is previous else cell.text)
            previous = cell._tc
        if any(c.strip() for c in cells):
            lines.append(_pipe_row(cells))
    return lines


def _docx_document(data: bytes, path: Path, doc_id: str, name: str, max_bytes: int) -> Document:
    from docx import Document as Docx
    from docx.table import Table

    if data.startswith(_OLE_MAGIC):
        raise LoadError(f"{name}: an old binary Word file (.doc) named .docx; save it as .docx first")
    _refuse_zip_bomb(data, name, max_bytes)
    with _reading(name, "not a readable Word document"):
        lines: list[str] = []
        # Paragraphs and tables in document order, so a table stays under the caption that names its unit.
        for block in Docx(io.BytesIO(data)).iter_inner_content():
            if isinstance(block, Table):
                lines.extend(_docx_table_lines(block))
            else:
                lines.append(block.text)
    return Document(doc_id, printable(str(path)), _scrub("\n".join(lines)), "docx")


_TEXT_COLUMNS = ("full_text", "text", "content", "正文", "内容", "body")
_TITLE_COLUMNS = ("title", "标题", "name")
_DATE_COLUMNS = ("publish_date", "published", "date", "发布日期", "发文日期")


def _csv_documents(data: bytes, path: Path, name: str) -> Iterator[Document]:
    text, note = read_text(data, name)
    csv.field_size_limit(1 << 30)
    reader = csv.DictReader(io.StringIO(text))
    columns = reader.fieldnames or []
    text_col = next((c for c in _TEXT_COLUMNS if c in columns), None)
    if text_col is None:
        raise LoadError(f"{name}: CSV has no text column (looked for {', '.join(_TEXT_COLUMNS)})")
    title_col = next((c for c in _TITLE_COLUMNS if c in columns), None)
    date_col = next((c for c in _DATE_COLUMNS if c in columns), None)
    for n, row in enumerate(reader, start=1):
        body = row.get(text_col) or ""
        if not body.strip():
            continue
        published = None
        if date_col and row.get(date_col):
            try:
                published = dt.date.fromisoformat(row[date_col].strip()[:10])
            except ValueError:
                published = None
        row_id = doc_id_of(body.encode("utf-8"))
        yield Document(row_id, printable(f"{path}#row{n}"), body, "csv",
                       title=(row.get(title_col) or None) if title_col else None, published=published,
                       notes=(note,) if note else ())


def _read_bytes(path: Path, name: str, max_bytes: int) -> bytes:
    """The file's bytes, refused unread when it is not a regular file or is over ``max_bytes``."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise Skipped(f"{name}: not a regular file")
        if info.st_size > max_bytes:
            raise Skipped(f"{name}: {_size(info.st_size)} is over the {_size(max_bytes)} limit "
                          "(zhibiao extract --max-bytes raises it)")
        with path.open("rb") as f:
            data = f.read(max_bytes + 1)  # the file may have grown since stat
    except OSError as exc:
        raise LoadError(f"{name}: cannot read the file ({exc.strerror or exc})") from exc
    if len(data) > max_bytes:
        raise Skipped(f"{name}: over the {_size(max_bytes)} limit (zhibiao extract --max-bytes raises it)")
    return data


def load_all(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> list[Document]:
    """Every document in one file (a CSV export may hold several); files over ``max_bytes`` are refused."""
    path = Path(path)
    name = printable(path.name)
    data = _read_bytes(path, name, max_bytes)
    suffix = path.suffix.lower()
    doc_id = doc_id_of(data)
    if not data.strip():
        raise Skipped(f"{name}: empty file")
    if suffix in HTML_SUFFIXES:
        return [_html_document(data, path, doc_id, name)]
    if suffix == ".pdf" or data.startswith(b"%PDF"):
        return [_pdf_document(data, path, doc_id, name)]
    if suffix == ".docx":
        return [_docx_document(data, path, doc_id, name, max_bytes)]
    if suffix == ".csv":
        with _reading(name, "unreadable CSV"):
            docs = list(_csv_documents(data, path, name))
        if not docs:
            raise LoadError(f"{name}: CSV has no rows with text")
        return docs
    if suffix in TEXT_SUFFIXES or not suffix:
        text, note = read_text(data, name)
        if not text.strip():
            raise Skipped(f"{name}: empty file (only whitespace)")
        return [Document(doc_id, printable(str(path)), text, "text", notes=(note,) if note else ())]
    raise Skipped(f"{name}: unsupported file type '{suffix}' (supported: {', '.join(sorted(SUPPORTED_SUFFIXES))})")


def load(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """The document in ``path`` (for a CSV export, its first row)."""
    return load_all(path, max_bytes=max_bytes)[0]
