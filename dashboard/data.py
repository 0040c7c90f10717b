"""The dashboard's dataset: claims and documents from documents, directories, claims tables or uploads."""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from extractors import COLUMNS, extract_paths, read_table
from extractors.table import documents_path

BUNDLED_CORPUS = Path(__file__).resolve().parents[1] / "data" / "corpus"
PATHS_ENV = "ZHIBIAO_DASHBOARD_PATHS"  # os.pathsep-separated; set by `zhibiao dashboard`
# The documents table of extract_paths (the public API), also written next to a claims file.
DOCUMENT_COLUMNS = ("doc_id", "source", "title", "published", "publisher", "region", "format", "claims",
                    "spam", "watermarks", "redactions", "text")
# A .csv is a document (one row per article) unless it has the claims table's own columns.
CLAIMS_MARKER_COLUMNS = {"doc_id", "indicator", "value", "start", "end"}
UPLOAD_SUFFIXES = (".txt", ".md", ".html", ".htm", ".pdf", ".docx", ".csv")
MAX_UPLOAD_BYTES = 20 * 2**20
MAX_UPLOAD_FILES = 50
# A picker of 50,000 titles is unusable and slow to send on every click: it offers the newest ones.
MAX_DOCUMENT_CHOICES = 500
TEXT_COLUMNS = [c for c in COLUMNS if c not in ("value", "value_max", "year", "start", "end")]

Progress = Callable[[int, int], None]


@dataclass
class Dataset:
    claims: pd.DataFrame
    documents: pd.DataFrame
    failures: list[tuple[str, str]] = field(default_factory=list)  # (file name, reason)

    def merged(self, other: Dataset) -> Dataset:
        """This dataset and another; a document loaded twice (same doc_id) counts once."""
        docs = pd.concat([self.documents, other.documents], ignore_index=True)
        new_ids = set(other.documents["doc_id"]) - set(self.documents["doc_id"])
        claims = pd.concat([self.claims, other.claims[other.claims["doc_id"].isin(new_ids)]],
                           ignore_index=True)
        return Dataset(normalize_claims(claims), docs.drop_duplicates("doc_id", ignore_index=True),
                       self.failures + other.failures)


def empty_dataset() -> Dataset:
    return Dataset(normalize_claims(pd.DataFrame(columns=list(COLUMNS))),
                   pd.DataFrame(columns=list(DOCUMENT_COLUMNS)))


def normalize_claims(frame: pd.DataFrame) -> pd.DataFrame:
    """The SPEC columns with their types, whatever file they came from (CSV reads blanks as NaN)."""
    frame = frame.reindex(columns=list(COLUMNS)).copy()
    for col in TEXT_COLUMNS:
        frame[col] = frame[col].fillna("").astype(str)
    frame["value"] = pd.to_numeric(frame["value"], errors="coerce").astype(float)
    frame["value_max"] = pd.to_numeric(frame["value_max"], errors="coerce").astype(float)
    frame["year"] = pd.to_numeric(frame["year"], errors="coerce").round().astype("Int64")
    for col in ("start", "end"):
        frame[col] = pd.to_numeric(frame[col], errors="coerce").fillna(-1).astype(int)
    return frame


def is_claims_table(path: Path) -> bool:
    suffix = path.suffix.lower()
    if suffix in (".parquet", ".jsonl"):
        return True
    if suffix != ".csv" or not path.is_file():
        return False
    with open(path, encoding="utf-8-sig", errors="replace") as fh:
        header = {name.strip() for name in fh.readline().split(",")}
    return header >= CLAIMS_MARKER_COLUMNS


def documents_from_claims(claims: pd.DataFrame) -> pd.DataFrame:
    """A documents table for a claims file that came without one: no text, no noise counts."""
    if claims.empty:
        return pd.DataFrame(columns=list(DOCUMENT_COLUMNS))
    grouped = claims.groupby("doc_id", sort=False)
    docs = grouped[["source", "title", "published", "publisher", "region"]].first()
    docs["claims"] = grouped.size()
    docs["format"] = "table"
    docs[["spam", "watermarks", "redactions"]] = 0
    docs["text"] = ""
    return docs.reset_index().reindex(columns=list(DOCUMENT_COLUMNS))


def load_claims_table(path: Path) -> Dataset:
    claims = normalize_claims(read_table(path))
    companion = documents_path(path)
    if companion.is_file():
        docs = pd.read_parquet(companion).reindex(columns=list(DOCUMENT_COLUMNS))
        docs["text"] = docs["text"].fillna("")
    else:
        docs = documents_from_claims(claims)
    return Dataset(claims, docs)


def load_paths(paths: Iterable[str | os.PathLike], progress: Progress | None = None) -> Dataset:
    """Claims tables are read as they are; every other path is extracted (directories walked)."""
    dataset = empty_dataset()
    documents: list[str] = []
    for p in map(Path, paths):
        if not p.exists():
            dataset.failures.append((p.name, f"{p}: no such file or directory"))
        elif p.is_file() and is_claims_table(p):
            try:
                dataset = dataset.merged(load_claims_table(p))
            except Exception as exc:  # noqa: BLE001 — a broken table is reported, the rest still loads
                dataset.failures.append((p.name, f"{p.name}: not a readable claims table ({exc})"))
        else:
            documents.append(str(p))
    if documents:
        batch = extract_paths(documents, progress=progress)
        failures = [(Path(path).name, reason) for path, reason in batch.failures]
        dataset = dataset.merged(Dataset(normalize_claims(batch.claims), batch.documents, failures))
    return dataset


def safe_name(name: str) -> str:
    """The file name of an upload without any directory part or control characters."""
    base = Path(name.replace("\\", "/")).name
    base = re.sub(r"[\x00-\x1f/]", "_", base).lstrip(".")
    return base or "upload"


def check_upload(name: str, size: int, index: int) -> str | None:
    """Why an uploaded file is refused, or None when it is accepted."""
    if index >= MAX_UPLOAD_FILES:
        return f"{name}: more than {MAX_UPLOAD_FILES} files at once; this one was skipped"
    if not name.lower().endswith(UPLOAD_SUFFIXES):
        return f"{name}: unsupported file type (use {', '.join(UPLOAD_SUFFIXES)})"
    if size > MAX_UPLOAD_BYTES:
        return f"{name}: {size / 2**20:.1f} MB is over the {MAX_UPLOAD_BYTES // 2**20} MB limit"
    if size == 0:
        return f"{name}: the file is empty"
    return None


def sniff_suffix(name: str, data: bytes) -> str:
    """The file type an upload really is, from its first bytes, whatever its name says.

    A hosted app must not trust a name: a PDF called report.txt is read as a PDF, and an
    executable called report.pdf is refused by the PDF reader instead of reaching anything else.
    """
    head = data[:2048].lstrip()
    if head.startswith(b"%PDF"):
        return ".pdf"
    if data.startswith(b"PK\x03\x04"):
        return ".docx"
    lowered = head[:512].lower()
    if lowered.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<body" in lowered:
        return ".html"
    suffix = Path(name).suffix.lower()
    return suffix if suffix in (".csv", ".md", ".txt") else ".txt"


def _content_mismatch(name: str, data: bytes) -> str | None:
    """A file named as a binary format (.pdf, .docx) whose bytes are something else is refused."""
    claimed = Path(name).suffix.lower()
    if claimed in (".pdf", ".docx") and sniff_suffix(name, data) != claimed:
        return f"{name}: named {claimed} but its content is not a {claimed[1:].upper()} file"
    return None


def load_uploads(files: Sequence[tuple[str, bytes]], progress: Progress | None = None) -> Dataset:
    """Extract uploaded files; they are written only inside a private temporary directory,
    removed as soon as extraction ends (the documents table keeps the text)."""
    refused: list[tuple[str, str]] = []
    accepted: list[tuple[str, bytes]] = []
    for index, (name, data) in enumerate(files):
        reason = check_upload(safe_name(name), len(data), index) or _content_mismatch(safe_name(name), data)
        if reason:
            refused.append((safe_name(name), reason))
        else:
            accepted.append((safe_name(name), data))
    with tempfile.TemporaryDirectory(prefix="zhibiao-upload-") as tmp:
        paths = []
        for index, (name, data) in enumerate(accepted):
            # One sub-directory per file so two uploads with the same name do not overwrite each other.
            folder = Path(tmp) / str(index)
            folder.mkdir()
            sniffed = sniff_suffix(name, data)
            same_kind = Path(name).suffix.lower() in ({".htm", ".html"} if sniffed == ".html" else {sniffed})
            path = folder / (name if same_kind else Path(name).stem + sniffed)
            path.write_bytes(data)
            paths.append(path)
        dataset = load_paths(paths, progress=progress) if paths else empty_dataset()
    dataset.failures[:0] = refused
    return dataset


def document_choices(documents: pd.DataFrame, selected: Sequence[str]) -> pd.DataFrame:
    """The documents the sidebar offers: all of them, or the newest MAX_DOCUMENT_CHOICES and the selected ones."""
    if len(documents) <= MAX_DOCUMENT_CHOICES:
        return documents
    newest = documents.sort_values("published", ascending=False, kind="stable").head(MAX_DOCUMENT_CHOICES)
    chosen = documents[documents["doc_id"].isin(selected) & ~documents["doc_id"].isin(newest["doc_id"])]
    return pd.concat([chosen, newest])


def launch_paths(argv: Sequence[str], environ: Mapping[str, str], script: str) -> list[str]:
    """Paths the dashboard was started with: `zhibiao dashboard` sets an environment variable;
    `streamlit run dashboard/app.py -- PATH…` passes script arguments. Arguments count only when
    argv[0] is this script, so a test runner's own arguments are never mistaken for paths."""
    if environ.get(PATHS_ENV):
        return [p for p in environ[PATHS_ENV].split(os.pathsep) if p]
    if argv and Path(argv[0]).resolve() == Path(script).resolve():
        return list(argv[1:])
    return []
