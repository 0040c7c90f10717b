"""Extraction on a Dask cluster: the per-file work of ``extract_paths``, spread over many machines.

    dask scheduler                                   # on one machine
    dask worker tcp://HOST:8786 --nthreads 1         # on each machine, as many as you like
    zhibiao extract --engine dask --scheduler tcp://HOST:8786 /shared/reports -o /shared/out/

Files are split into batches; each batch is one task, which runs ``table.process_path`` on its
files and writes its own Parquet part, so claims never travel through the scheduler. Input and
output directories must therefore be visible at the same path on every worker (a shared or
network file system). ``out_dir`` receives ``claims/part-NNNNN.parquet`` (partitioned by file
batch), ``documents/part-NNNNN.parquet`` and ``failures.tsv``; ``pd.read_parquet(out_dir /
"claims")`` reads the whole table back.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable, Sequence
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from distributed import Client, LocalCluster, as_completed

from .claim import COLUMNS
from .table import DOCUMENT_COLUMNS, claims_frame, iter_paths, process_path, without_repeats

FILES_PER_TASK = 64  # enough work per task to hide scheduling overhead (~1 ms) behind ~0.1 s of extraction
CLAIMS_DIR = "claims"
DOCUMENTS_DIR = "documents"
FAILURES_NAME = "failures.tsv"
_INTEGER = {"start", "end", "year"}
_FLOAT = {"value", "value_max"}
# One schema for every part, so that a batch without claims still reads back with the others.
CLAIMS_SCHEMA = pa.schema([(c, pa.int64() if c in _INTEGER else pa.float64() if c in _FLOAT else pa.string())
                           for c in COLUMNS])
DOCUMENTS_SCHEMA = pa.schema([(c, pa.int64() if c in ("claims", "spam", "watermarks", "redactions") else pa.string())
                              for c in DOCUMENT_COLUMNS])


def _write_part(frame: pd.DataFrame, schema: pa.Schema, path: Path) -> None:
    """Write one part via a temporary name, so a reader never sees half a file."""
    tmp = path.with_name("." + path.name)
    pq.write_table(pa.Table.from_pandas(frame, schema=schema, preserve_index=False), tmp)
    os.replace(tmp, path)


BatchResult = tuple[int, int, list[tuple[str, str]], list[tuple[str, str, str]]]


def extract_batch(index: int, files: Sequence[str], out_dir: str) -> BatchResult:
    """The task a worker runs: extract ``files``, write part ``index``; returns (index, claims, (path, reason) of
    every input not read in full: skipped or failed, as ``Batch.failures``, (doc_id, path, source) of each
    document written)."""
    rows: list[dict] = []
    infos: list[dict] = []
    failures: list[tuple[str, str]] = []
    documents: list[tuple[str, str, str]] = []
    for r, i, statuses in without_repeats([process_path(path) for path in files]):
        rows.extend(r)
        infos.extend(i)
        failures.extend((st.path, st.reason) for st in statuses if st.status != "ok")
        paths = [st.path for st in statuses if st.status == "ok"]
        documents.extend((info["doc_id"], path, info["source"]) for info, path in zip(i, paths, strict=True))
    name = f"part-{index:05d}.parquet"
    _write_part(claims_frame(rows), CLAIMS_SCHEMA, Path(out_dir, CLAIMS_DIR, name))
    _write_part(pd.DataFrame(infos, columns=list(DOCUMENT_COLUMNS)), DOCUMENTS_SCHEMA, Path(out_dir, DOCUMENTS_DIR, name))
    return index, len(rows), failures, documents


def _drop_repeats(out: Path, results: list[BatchResult]) -> tuple[int, list[tuple[str, str]]]:
    """Take out of each part the documents an earlier part already holds (the same text in two batches), as
    ``extract_paths`` does within one run; returns the claims removed and the skipped statuses."""
    seen: dict[str, str] = {}
    removed = 0
    skipped: list[tuple[str, str]] = []
    for index, _, _, documents in sorted(results, key=lambda r: r[0]):
        repeats = {doc_id for doc_id, _, _ in documents if doc_id in seen}
        skipped.extend((path, f"same text as {seen[doc_id]}") for doc_id, path, _ in documents if doc_id in repeats)
        seen.update((doc_id, source) for doc_id, _, source in documents if doc_id not in seen)
        if not repeats:
            continue
        name = f"part-{index:05d}.parquet"
        for sub, schema in ((CLAIMS_DIR, CLAIMS_SCHEMA), (DOCUMENTS_DIR, DOCUMENTS_SCHEMA)):
            frame = pd.read_parquet(out / sub / name)
            kept = frame[~frame["doc_id"].isin(repeats)]
            removed += len(frame) - len(kept) if sub == CLAIMS_DIR else 0
            _write_part(kept, schema, out / sub / name)
    return removed, skipped


def _batches(files: list[str], size: int) -> list[list[str]]:
    return [files[i:i + size] for i in range(0, len(files), size)]


def _prepare(out: Path) -> None:
    """Empty part directories: parts of an earlier, larger run must not be read back with this one."""
    for sub in (CLAIMS_DIR, DOCUMENTS_DIR):
        folder = out / sub
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("part-*.parquet"):
            old.unlink()


def _run(client: Client, files: list[str], out: Path, files_per_task: int) -> tuple[int, list[tuple[str, str]]]:
    batches = _batches(files, files_per_task)
    futures = client.map(extract_batch, range(len(batches)), batches, out_dir=str(out), pure=False)
    results: list[BatchResult] = []
    for future in as_completed(futures):
        results.append(future.result())
        future.release()  # the result is kept here; let the cluster forget it
    removed, skipped = _drop_repeats(out, results)
    total = sum(claims for _, claims, _, _ in results) - removed
    return total, [failure for result in results for failure in result[2]] + skipped


def extract_with_dask(paths: Iterable[str | os.PathLike], scheduler: str | None, out_dir: str | os.PathLike, *,
                      files_per_task: int = FILES_PER_TASK) -> int:
    """Extract every file under ``paths`` on the Dask cluster at ``scheduler`` (tcp://host:8786), or on a
    local cluster of this machine's cores when it is None; returns the number of claims written."""
    out = Path(out_dir).resolve()
    _prepare(out)
    # Absolute paths: a worker's working directory is not the client's.
    files = [str(Path(p).resolve()) for p in iter_paths(paths)]
    if scheduler:
        with Client(scheduler) as client:
            total, failures = _run(client, files, out, files_per_task)
    else:
        with LocalCluster(threads_per_worker=1, processes=True) as cluster, Client(cluster) as client:
            total, failures = _run(client, files, out, files_per_task)
    with open(out / FAILURES_NAME, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, delimiter="\t").writerows(sorted(failures))
    return total
