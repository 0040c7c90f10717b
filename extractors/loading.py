"""Reading documents from disk: bytes → text, whatever the encoding or format.

Plain text keeps its characters exactly (a BOM dropped, line endings kept), so claim
offsets index the decoded file. For HTML, PDF, DOCX and CSV the text is what zhibiao
extracted, stored on the Document so every offset can be checked against it.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from charset_normalizer import from_bytes

TEXT_SUFFIXES = {".txt", ".md", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".shtml", ".jsp", ".xhtml"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | {".pdf", ".docx", ".csv"}


class LoadError(Exception):
    """A file that cannot be read as a document; the message names the file and the problem."""


@dataclass(frozen=True)
class Document:
    doc_id: str
    source: str
    text: str
    format: str
    title: str | None = None  # from the container (CSV column, HTML <title>), else read from the text
    published: dt.date | None = None
    publisher: str | None = None
    notes: tuple[str, ...] = field(default=())


def doc_id_of(data: bytes) -> str:
    return hashlib.sha1(data).hexdigest()[:16]


def _looks_like_text(text: str) -> bool:
    """Mostly Chinese, ASCII and common punctuation, few control characters."""
    if not text:
        return False
    good = sum(1 for c in text if c in "\n\r\t" or (c.isprintable() and (
        c < "\u0080" or c == "\u00b7" or "\u2000" <= c <= "\u206f" or "\u3000" <= c <= "\u9fff" or "\uff00" <= c <= "\uffef")))
    return good / len(text) >= 0.95


def decode_text(data: bytes, name: str) -> str:
    """Decode bytes of a text file: UTF-8 (BOM or not), UTF-16 with BOM, else the detected encoding."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if b"\x00" in data[:4096]:
        # NUL bytes: UTF-16 without a BOM, or not text at all.
        for encoding in ("utf-16-le", "utf-16-be"):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                continue
            if _looks_like_text(text[:2000]):
                return text
        raise LoadError(f"{name}: binary data (NUL bytes), not a text document")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data[:200_000]).best()
    encoding = best.encoding if best is not None else "gb18030"
    if encoding.lower().replace("_", "") in ("gb2312", "gbk", "cp936", "hz"):
        encoding = "gb18030"  # the superset: never fails where GBK would
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        try:
            return data.decode("gb18030")
        except UnicodeDecodeError as exc:
            raise LoadError(f"{name}: not valid text in any known encoding ({exc.reason})") from exc


def _html_document(data: bytes, path: Path, doc_id: str) -> Document:
    import trafilatura

    html = decode_text(data, path.name)
    text = trafilatura.extract(html, include_tables=True, include_comments=False, favor_recall=True) or ""
    meta = trafilatura.extract_metadata(html)
    if not text.strip():
        raise LoadError(f"{path.name}: no main text found in the HTML page")
    title = meta.title if meta is not None and meta.title else None
    published = None
    if meta is not None and meta.date:
        try:
            published = dt.date.fromisoformat(meta.date[:10])
        except ValueError:
            published = None
    return Document(doc_id, str(path), text, "html", title=title, published=published)


def _pdf_document(data: bytes, path: Path, doc_id: str) -> Document:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise LoadError(f"{path.name}: the PDF is encrypted")
        text = "\n".join(page.extract_text() or "" for page in reader.pages)
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise LoadError(f"{path.name}: unreadable PDF ({exc})") from exc
    if not text.strip():
        raise LoadError(f"{path.name}: the PDF has no text layer (scanned pages need OCR first)")
    return Document(doc_id, str(path), text, "pdf")


def _docx_document(data: bytes, path: Path, doc_id: str) -> Document:
    import zipfile

    from docx import Document as Docx

    try:
        docx = Docx(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise LoadError(f"{path.name}: not a readable Word document ({exc})") from exc
    lines = [p.text for p in docx.paragraphs]
    for table in docx.tables:
        for row in table.rows:
            lines.append(" | ".join(cell.text.strip() for cell in row.cells))
    return Document(doc_id, str(path), "\n".join(lines), "docx")


_TEXT_COLUMNS = ("full_text", "text", "content", "正文", "内容", "body")
_TITLE_COLUMNS = ("title", "标题", "name")
_DATE_COLUMNS = ("publish_date", "published", "date", "发布日期", "发文日期")


def _csv_documents(data: bytes, path: Path) -> Iterator[Document]:
    text = decode_text(data, path.name)
    csv.field_size_limit(1 << 30)
    reader = csv.DictReader(io.StringIO(text))
    columns = reader.fieldnames or []
    text_col = next((c for c in _TEXT_COLUMNS if c in columns), None)
    if text_col is None:
        raise LoadError(f"{path.name}: CSV has no text column (looked for {', '.join(_TEXT_COLUMNS)})")
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
        yield Document(row_id, f"{path}#row{n}", body, "csv",
                       title=(row.get(title_col) or None) if title_col else None, published=published)


def load_all(path: str | Path) -> list[Document]:
    """Every document in one file (a CSV export may hold several)."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise LoadError(f"{path.name}: cannot read the file ({exc.strerror or exc})") from exc
    suffix = path.suffix.lower()
    doc_id = doc_id_of(data)
    if not data.strip():
        raise LoadError(f"{path.name}: empty file")
    if suffix in HTML_SUFFIXES:
        return [_html_document(data, path, doc_id)]
    if suffix == ".pdf" or data.startswith(b"%PDF"):
        return [_pdf_document(data, path, doc_id)]
    if suffix == ".docx":
        return [_docx_document(data, path, doc_id)]
    if suffix == ".csv":
        docs = list(_csv_documents(data, path))
        if not docs:
            raise LoadError(f"{path.name}: CSV has no rows with text")
        return docs
    if suffix in TEXT_SUFFIXES or not suffix:
        return [Document(doc_id, str(path), decode_text(data, path.name), "text")]
    raise LoadError(f"{path.name}: unsupported file type '{suffix}' (supported: "
                    f"{', '.join(sorted(SUPPORTED_SUFFIXES))})")


def load(path: str | Path) -> Document:
    """The document in ``path`` (for a CSV export, its first row)."""
    return load_all(path)[0]
