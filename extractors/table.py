"""Many documents → the tidy table (pandas), its companion documents table, and files."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .claim import COLUMNS, Claim
from .cleaning import clean
from .loading import Document, LoadError, load_all
from .metadata import document_facts
from .pipeline import extract_cleaned

DOCUMENT_COLUMNS = ("doc_id", "source", "title", "published", "publisher", "region", "format", "claims",
                    "spam", "watermarks", "redactions", "text")


@dataclass
class Batch:
    claims: pd.DataFrame
    documents: pd.DataFrame
    failures: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)


def iter_paths(paths: Iterable[str | os.PathLike]) -> Iterator[Path]:
    """Files under the given paths, directories walked recursively in sorted order."""
    for p in paths:
        p = Path(p)
        if p.is_dir():
            for child in sorted(p.rglob("*")):
                if child.is_file() and not child.name.startswith(".") and child.suffix.lower() != ".tsv":
                    yield child
        else:
            yield p


def process_document(doc: Document) -> tuple[list[Claim], dict]:
    """Claims of one loaded document and its row of the documents table."""
    cleaned = clean(doc.text)
    facts = document_facts(cleaned, title=doc.title, published=doc.published, publisher=doc.publisher,
                           fallback_title=Path(doc.source.split("#")[0]).stem)
    source = Path(doc.source).name
    claims = extract_cleaned(cleaned, facts, doc_id=doc.doc_id, source=source)
    info = {
        "doc_id": doc.doc_id, "source": source,
        "title": facts.title, "published": facts.published.isoformat() if facts.published else "",
        "publisher": facts.publisher, "region": facts.region, "format": doc.format, "claims": len(claims),
        "spam": len(cleaned.spam_spans), "watermarks": cleaned.watermark_count,
        "redactions": doc.text.count("*"), "text": doc.text,
    }
    return claims, info


def _process_path(path: str) -> tuple[list[dict], list[dict], list[tuple[str, str]]]:
    rows: list[dict] = []
    infos: list[dict] = []
    try:
        docs = load_all(path)
    except LoadError as exc:
        return rows, infos, [(path, str(exc))]
    except Exception as exc:  # noqa: BLE001 — one bad file never stops a batch
        return rows, infos, [(path, f"{Path(path).name}: could not be read ({type(exc).__name__}: {exc})")]
    failures: list[tuple[str, str]] = []
    for doc in docs:
        try:
            claims, info = process_document(doc)
        except Exception as exc:  # noqa: BLE001 — one bad document never stops a batch
            failures.append((doc.source, f"{Path(doc.source).name}: extraction failed ({type(exc).__name__}: {exc})"))
            continue
        rows.extend(c.as_row() for c in claims)
        infos.append(info)
    return rows, infos, failures


def claims_frame(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    frame["value"] = frame["value"].astype(float)
    frame["value_max"] = frame["value_max"].astype(float)
    frame["year"] = frame["year"].astype("Int64")
    frame["start"] = frame["start"].astype(int)
    frame["end"] = frame["end"].astype(int)
    return frame


def extract_paths(paths: Iterable[str | os.PathLike], *, workers: int = 1,
                  progress: Callable[[int, int], None] | None = None) -> Batch:
    """Load and extract every file under ``paths``; failures are reported, never raised."""
    files = [str(p) for p in iter_paths(paths)]
    rows: list[dict] = []
    infos: list[dict] = []
    failures: list[tuple[str, str]] = []
    if workers > 1 and len(files) > 1:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            results = pool.map(_process_path, files, chunksize=max(1, len(files) // (workers * 8)))
            for n, (r, i, f) in enumerate(results, start=1):
                rows.extend(r)
                infos.extend(i)
                failures.extend(f)
                if progress:
                    progress(n, len(files))
    else:
        for n, path in enumerate(files, start=1):
            r, i, f = _process_path(path)
            rows.extend(r)
            infos.extend(i)
            failures.extend(f)
            if progress:
                progress(n, len(files))
    return Batch(claims_frame(rows), pd.DataFrame(infos, columns=list(DOCUMENT_COLUMNS)), failures)


def write_table(frame: pd.DataFrame, path: str | os.PathLike) -> None:
    """Write by suffix (.csv UTF-8 with BOM, .parquet, .jsonl), via a temporary file and a rename."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".parquet", ".jsonl"):
        raise ValueError(f"{path.name}: output must end in .csv, .parquet or .jsonl")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.close(fd)
    try:
        if suffix == ".csv":
            frame.to_csv(tmp, index=False, encoding="utf-8-sig")
        elif suffix == ".parquet":
            frame.to_parquet(tmp, index=False)
        else:
            frame.to_json(tmp, orient="records", lines=True, force_ascii=False)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_table(path: str | os.PathLike) -> pd.DataFrame:
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        return pd.read_parquet(path)
    if suffix == ".jsonl":
        return pd.read_json(path, lines=True)
    return pd.read_csv(path, encoding="utf-8-sig", dtype={"published": str})


def documents_path(claims_path: str | os.PathLike) -> Path:
    """Where the documents table that goes with a claims file is written (claims.csv → claims.documents.parquet)."""
    p = Path(claims_path)
    return p.with_name(p.stem + ".documents.parquet")
