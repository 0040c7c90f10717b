"""Many documents → the tidy table (pandas), its companion documents table, and files.

A batch never dies on one file: every input ends as ok, skipped or failed with a reason, a
document that runs away is stopped by a deadline, a worker process that dies takes only its
own file down, and output files are written whole or not at all.
"""

from __future__ import annotations

import os
import signal
import tempfile
import threading
from collections import deque
from collections.abc import Callable, Collection, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import astuple, dataclass, field
from functools import partial
from pathlib import Path
from types import FrameType

import pandas as pd

from .claim import COLUMNS, Claim
from .cleaning import clean
from .loading import DEFAULT_MAX_BYTES, Document, LoadError, Skipped, load_all, printable
from .metadata import document_facts
from .pipeline import extract_cleaned

DOCUMENT_COLUMNS = ("doc_id", "source", "title", "published", "publisher", "index_no", "region", "format", "claims",
                    "spam", "watermarks", "redactions", "text")
STATUS_COLUMNS = ("path", "status", "reason", "claims")
TABLE_SUFFIXES = (".csv", ".parquet", ".jsonl")
# Seconds one file may take to load, and each of its documents to extract. Linear extraction runs at
# a few seconds per MB even on adversarial text, so a 50 MB file stays far below this; only a
# runaway (a pathological pattern, a parser loop) reaches it.
DEFAULT_TIMEOUT = 600.0


@dataclass(frozen=True)
class FileStatus:
    """How one input fared: ``ok``, ``skipped`` (deliberately left unread) or ``failed`` (it defeated
    the reader or the extraction); ``reason`` says why, or for ok how reading lost something."""
    path: str
    status: str
    reason: str = ""
    claims: int = 0


@dataclass
class Batch:
    claims: pd.DataFrame
    documents: pd.DataFrame
    failures: list[tuple[str, str]] = field(default_factory=list)  # (path, reason) of every input not ok
    statuses: list[FileStatus] = field(default_factory=list)  # every input, in input order

    def status_frame(self) -> pd.DataFrame:
        return pd.DataFrame([astuple(s) for s in self.statuses], columns=list(STATUS_COLUMNS)).astype({"claims": int})


Outcome = tuple[list[dict], list[dict], list[FileStatus]]  # claim rows, document rows, statuses


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
    cleaned = clean(doc.text, doc.title)
    facts = document_facts(cleaned, title=doc.title, published=doc.published, publisher=doc.publisher,
                           fallback_title=Path(doc.source.split("#")[0]).stem)
    source = Path(doc.source).name
    claims = extract_cleaned(cleaned, facts, doc_id=doc.doc_id, source=source)
    info = {
        "doc_id": doc.doc_id, "source": source,
        "title": facts.title, "published": facts.published.isoformat() if facts.published else "",
        "publisher": facts.publisher, "region": facts.region, "format": doc.format, "claims": len(claims),
        "spam": len(cleaned.spam_spans), "watermarks": cleaned.watermark_count,
        "redactions": doc.text.count("*"), "text": doc.text, "index_no": doc.index_no or "",
    }
    return claims, info


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Raise TimeoutError inside the block once ``seconds`` have passed (0: no limit). Only a process's
    main thread receives the alarm: elsewhere (a dashboard's script thread, Windows) the block runs
    unbounded, guarded only by the regex timeouts of the extraction itself."""
    if seconds <= 0 or not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum: int, frame: FrameType | None) -> None:
        raise TimeoutError(f"no result after {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _failed(path: str, reason: str) -> Outcome:
    return [], [], [FileStatus(printable(path), "failed", reason)]


def load_path(path: str, max_bytes: int = DEFAULT_MAX_BYTES, timeout: float = DEFAULT_TIMEOUT) -> list[Document] | Outcome:
    """The documents of one file, or the outcome that says why there are none."""
    name = printable(Path(path).name)
    try:
        with deadline(timeout):
            return load_all(path, max_bytes=max_bytes)
    except Skipped as exc:
        return [], [], [FileStatus(printable(path), "skipped", str(exc))]
    except LoadError as exc:
        return _failed(path, str(exc))
    except TimeoutError as exc:
        return _failed(path, f"{name}: reading timed out ({exc})")
    except Exception as exc:  # noqa: BLE001 — one bad file never stops a batch
        return _failed(path, f"{name}: could not be read ({type(exc).__name__}: {exc})")


def extract_document(doc: Document, timeout: float = DEFAULT_TIMEOUT) -> tuple[list[Claim], dict] | FileStatus:
    """Claims and documents-table row of one loaded document, or the failed status that says why not."""
    name = Path(doc.source).name
    try:
        with deadline(timeout):
            return process_document(doc)
    except TimeoutError as exc:  # the regex engine's own timeouts, or the deadline
        return FileStatus(doc.source, "failed", f"{name}: extraction timed out ({exc})")
    except Exception as exc:  # noqa: BLE001 — one bad document never stops a batch
        return FileStatus(doc.source, "failed", f"{name}: extraction failed ({type(exc).__name__}: {exc})")


def without_repeats(outcomes: list[Outcome], seen: dict[str, str] | None = None) -> list[Outcome]:
    """``outcomes`` (in input order) without the documents whose text came earlier (a page saved twice, a
    report also exported as a table row): their claims would count twice. Each repeat is reported as
    skipped. ``seen`` (doc_id → source of its first copy) carries over from earlier outcomes."""
    seen = {} if seen is None else seen
    out: list[Outcome] = []
    for rows, infos, statuses in outcomes:
        if not any(info["doc_id"] in seen for info in infos) and len({i["doc_id"] for i in infos}) == len(infos):
            seen.update((info["doc_id"], info["source"]) for info in infos)
            out.append((rows, infos, statuses))
            continue
        # Per document, in order: its row, its ok status and its claim rows (process_path).
        kept_rows: list[dict] = []
        kept_infos: list[dict] = []
        repeats: list[str | None] = []  # per document: the source of its first copy, or None
        position = 0
        for info in infos:
            claims = rows[position:position + info["claims"]]
            position += info["claims"]
            if info["doc_id"] in seen:
                repeats.append(seen[info["doc_id"]])
                continue
            seen[info["doc_id"]] = info["source"]
            repeats.append(None)
            kept_rows.extend(claims)
            kept_infos.append(info)
        documents = iter(repeats)
        kept_statuses = []
        for status in statuses:
            first = next(documents) if status.status == "ok" else None
            kept_statuses.append(FileStatus(status.path, "skipped", f"same text as {first}") if first else status)
        out.append((kept_rows, kept_infos, kept_statuses))
    return out


def process_path(path: str, max_bytes: int = DEFAULT_MAX_BYTES, timeout: float = DEFAULT_TIMEOUT) -> Outcome:
    """Claim rows, document rows and statuses of one file: the unit of work of every engine."""
    loaded = load_path(path, max_bytes, timeout)
    if isinstance(loaded, tuple):
        return loaded
    rows: list[dict] = []
    infos: list[dict] = []
    statuses: list[FileStatus] = []
    for doc in loaded:
        result = extract_document(doc, timeout)
        if isinstance(result, FileStatus):
            statuses.append(result)
            continue
        claims, info = result
        rows.extend(c.as_row() for c in claims)
        infos.append(info)
        statuses.append(FileStatus(doc.source, "ok", "; ".join(doc.notes), len(claims)))
    return rows, infos, statuses


def _run_alone(task: Callable[[str], Outcome], path: str) -> Outcome:
    """``task`` on one file in a process of its own, to tell whether this file is what kills a worker."""
    with ProcessPoolExecutor(max_workers=1) as pool:
        try:
            return pool.submit(task, path).result()
        except BrokenProcessPool:
            return _failed(path, f"{printable(Path(path).name)}: the process reading it died "
                                 "(out of memory, or a crash inside a parser)")


def _run_pool(task: Callable[[str], Outcome], files: list[str], todo: deque[int], workers: int,
              record: Callable[[int, Outcome], None]) -> list[int]:
    """Run ``task`` over ``files[i]`` for the indices in ``todo`` until none are left or a worker dies;
    the indices that were in flight when it died. Few files are in flight at a time, so a death
    leaves few suspects to retry one by one."""
    with ProcessPoolExecutor(max_workers=workers) as pool:
        in_flight: dict[Future[Outcome], int] = {}
        while todo or in_flight:
            while todo and len(in_flight) < 2 * workers:
                try:
                    future = pool.submit(task, files[todo[0]])
                except BrokenProcessPool:  # a worker died since the last wait: the file stays to do
                    return sorted(in_flight.values())
                in_flight[future] = todo.popleft()
            finished, _ = wait(in_flight, return_when=FIRST_COMPLETED)
            broken: list[int] = []
            for future in finished:
                i = in_flight.pop(future)
                try:
                    record(i, future.result())
                except BrokenProcessPool:
                    broken.append(i)
            if broken:
                return sorted(broken + list(in_flight.values()))
    return []


def _run_parallel(task: Callable[[str], Outcome], files: list[str], todo: deque[int], workers: int,
                  record: Callable[[int, Outcome], None]) -> None:
    while todo:
        for i in _run_pool(task, files, todo, workers, record):
            record(i, _run_alone(task, files[i]))


def claims_frame(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    frame["value"] = frame["value"].astype(float)
    frame["value_max"] = frame["value_max"].astype(float)
    frame["year"] = frame["year"].astype("Int64")
    frame["start"] = frame["start"].astype(int)
    frame["end"] = frame["end"].astype(int)
    return frame


def extract_paths(paths: Iterable[str | os.PathLike], *, workers: int = 1,
                  progress: Callable[[int, int], None] | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
                  timeout: float = DEFAULT_TIMEOUT, exclude: Collection[str | os.PathLike] = ()) -> Batch:
    """Load and extract every file under ``paths``; failures are reported, never raised.

    Files over ``max_bytes`` are skipped; a file that takes more than ``timeout`` seconds to load, or a
    document to extract, fails. Files in ``exclude`` (this run's own output) are skipped, so a rerun
    into the same directory reads the same inputs.
    """
    files = [str(p) for p in iter_paths(paths)]
    excluded = {Path(p).resolve() for p in exclude}
    outcomes: dict[int, Outcome] = {}
    todo: deque[int] = deque()
    for i, path in enumerate(files):
        if excluded and Path(path).resolve() in excluded:
            outcomes[i] = [], [], [FileStatus(printable(path), "skipped", f"{printable(Path(path).name)}: this run's own output")]
        else:
            todo.append(i)
    done = len(files) - len(todo)

    def record(i: int, outcome: Outcome) -> None:
        nonlocal done
        outcomes[i] = outcome
        done += 1
        if progress:
            progress(done, len(files))

    task = partial(process_path, max_bytes=max_bytes, timeout=timeout)
    if workers > 1 and len(todo) > 1:
        _run_parallel(task, files, todo, workers, record)
    else:
        for i in todo:
            record(i, task(files[i]))
    ordered = without_repeats([outcomes[i] for i in range(len(files))])
    rows = [row for outcome in ordered for row in outcome[0]]
    infos = [info for outcome in ordered for info in outcome[1]]
    statuses = [status for outcome in ordered for status in outcome[2]]
    failures = [(s.path, s.reason) for s in statuses if s.status != "ok"]
    return Batch(claims_frame(rows), pd.DataFrame(infos, columns=list(DOCUMENT_COLUMNS)), failures, statuses)


def check_table_path(path: str | os.PathLike) -> Path:
    """``path`` when its suffix names a table format, else ValueError (checked before any work is done)."""
    path = Path(path)
    if path.suffix.lower() not in TABLE_SUFFIXES:
        raise ValueError(f"{path.name}: output must end in {', '.join(TABLE_SUFFIXES)}")
    return path


def _write_temporary(frame: pd.DataFrame, path: Path) -> Path:
    """``frame`` written to a hidden temporary file beside ``path``: the same file system, so the
    rename that puts it in place is atomic. The temporary file is gone if writing fails."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        suffix = path.suffix.lower()
        if suffix == ".csv":
            frame.to_csv(tmp, index=False, encoding="utf-8-sig")
        elif suffix == ".parquet":
            frame.to_parquet(tmp, index=False)
        else:
            frame.to_json(tmp, orient="records", lines=True, force_ascii=False)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def write_tables(*tables: tuple[pd.DataFrame, str | os.PathLike]) -> None:
    """Write each table by suffix (.csv UTF-8 with BOM, .parquet, .jsonl). All are written to temporary
    files first and renamed into place only when every one is complete: a failure leaves no
    half-written file, and never a new claims table beside an old documents table."""
    targets = [(frame, check_table_path(path)) for frame, path in tables]
    written: list[tuple[Path, Path]] = []
    try:
        for frame, path in targets:
            written.append((_write_temporary(frame, path), path))
        for tmp, path in written:
            os.replace(tmp, path)
    except BaseException:
        for tmp, _ in written:
            tmp.unlink(missing_ok=True)
        raise


def write_table(frame: pd.DataFrame, path: str | os.PathLike) -> None:
    """Write by suffix (.csv UTF-8 with BOM, .parquet, .jsonl), via a temporary file and a rename."""
    write_tables((frame, path))


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
