"""An embedded claims database (DuckDB) in a directory: ingest once, query many times.

    from extractors.store import Filter, Store
    with Store("claims.db") as store:
        report = store.ingest(["reports/"])                     # new or changed documents only
        store.count(Filter({"indicator": ["high_tech_enterprises"]}, year_from=2020))
        store.trend(Filter({"region": ["湖北省"]}))               # aggregated in SQL, not in pandas

Documents are keyed by their content hash (doc_id) and remember the extractor version that
read them: the package version plus a hash of the vocabulary files, so that a new synonym
re-extracts every document on the next ingest while an unchanged document is never read
twice. Ingest works in batches, so memory stays flat however many documents go in. Every
query is parameterized SQL; column names are checked against the SPEC columns, never
taken from input as they are.
"""

from __future__ import annotations

import functools
import hashlib
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

import duckdb
import pandas as pd
import pyarrow as pa

from . import __version__
from .claim import COLUMNS
from .table import DOCUMENT_COLUMNS, FileStatus, claims_frame, extract_document, iter_paths, load_path
from .vocab import DATA_DIR

DB_NAME = "claims.duckdb"
NUMERIC_TYPES = {"value": "DOUBLE", "value_max": "DOUBLE", "year": "INTEGER", "start": "INTEGER", "end": "INTEGER"}
DOCUMENT_TYPES = {"claims": "INTEGER", "spam": "INTEGER", "watermarks": "INTEGER", "redactions": "INTEGER"}
# The columns a trend is broken down by; kind and measure too, because a count and a growth rate,
# or a stock and a yearly addition, of one indicator are different series.
TREND_KEYS = ("indicator", "region", "level", "year", "status", "qualifier", "unit", "kind", "measure")

Rows = tuple[list[dict], list[dict], list[tuple[str, str]], int]  # claims, documents, failures, skipped


@functools.cache
def extractor_version() -> str:
    """The package version and a digest of every vocabulary file: a change to either re-extracts."""
    digest = hashlib.sha256()
    for path in sorted(DATA_DIR.iterdir()):
        if path.is_file():
            digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return f"{__version__}+{digest.hexdigest()[:12]}"


WRITER_MEMORY = "128MB"


def _quote(column: str, allowed: Sequence[str] = COLUMNS) -> str:
    """A known column as an SQL identifier; anything else is refused (identifiers cannot be parameters)."""
    if column not in allowed:
        raise ValueError(f"unknown column: {column!r}")
    return f'"{column}"'


def _ddl(table: str, columns: Sequence[str], types: Mapping[str, str]) -> str:
    cols = ", ".join(f'"{c}" {types.get(c, "VARCHAR")}' for c in columns)
    return f"CREATE TABLE IF NOT EXISTS {table} ({cols})"


@dataclass(frozen=True)
class Filter:
    """Which claims: accepted values per column (an empty list means all), a year range, a text search.

    The same semantics as the dashboard's filters: a year bound drops undated claims; the search
    is a case-insensitive substring of subject or sentence.
    """

    values: Mapping[str, Sequence[str]] = field(default_factory=dict)
    year_from: int | None = None
    year_to: int | None = None
    search: str = ""

    def where(self) -> tuple[str, list[object]]:
        """A WHERE clause with ? placeholders and the parameters that fill them."""
        clauses: list[str] = []
        params: list[object] = []
        for column, accepted in self.values.items():
            name = _quote(column)
            if accepted:
                clauses.append(f"{name} IN ({', '.join('?' * len(accepted))})")
                params.extend(accepted)
        if self.year_from is not None:
            clauses.append('"year" >= ?')
            params.append(int(self.year_from))
        if self.year_to is not None:
            clauses.append('"year" <= ?')
            params.append(int(self.year_to))
        if self.search.strip():
            # upper() on both sides, as pandas' str.contains(case=False) compares
            clauses.append('(strpos(upper("subject"), ?) > 0 OR strpos(upper("sentence"), ?) > 0)')
            params.extend([self.search.strip().upper()] * 2)
        return ("WHERE " + " AND ".join(clauses) if clauses else ""), params


@dataclass
class IngestReport:
    documents: int = 0  # documents read in the given paths
    added: int = 0  # new to the store
    replaced: int = 0  # read before by another extractor version: claims replaced
    skipped: int = 0  # already in the store with this extractor version
    claims: int = 0  # claims written
    failures: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)


# Set in each ingest worker once (not sent with every task): the documents it need not extract.
_FRESH: frozenset[str] = frozenset()


def _init_worker(fresh: frozenset[str]) -> None:
    global _FRESH
    _FRESH = fresh


def _extract_path(path: str) -> Rows:
    """Claims and document rows of one file, leaving out documents already up to date. Loading, its
    size limit and deadlines are those of ``extract_paths``; only the per-document step differs."""
    loaded = load_path(path)
    if isinstance(loaded, tuple):  # skipped or failed: the outcome says why
        return [], [], [(st.path, st.reason) for st in loaded[2]], 0
    rows: list[dict] = []
    infos: list[dict] = []
    failures: list[tuple[str, str]] = []
    skipped = 0
    seen: set[str] = set()  # a CSV export can hold the same article twice
    for doc in loaded:
        if doc.doc_id in _FRESH or doc.doc_id in seen:
            skipped += 1
            continue
        seen.add(doc.doc_id)
        result = extract_document(doc)
        if isinstance(result, FileStatus):
            failures.append((result.path, result.reason))
            continue
        claims, info = result
        rows.extend(c.as_row() for c in claims)
        infos.append(info)
    return rows, infos, failures, skipped


def _bounded_map(fn: Callable[[str], Rows], items: Iterator[str], workers: int, fresh: frozenset[str]) -> Iterator[Rows]:
    """fn over items in a process pool, in order, with a bounded number of tasks in flight: results
    never pile up faster than they are written, which keeps memory flat on a million files."""
    if workers <= 1:
        _init_worker(fresh)
        yield from map(fn, items)
        return
    window = workers * 4
    # spawn, not fork: the parent holds DuckDB's threads, and forking a threaded process can deadlock.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_init_worker,
                             initargs=(fresh,)) as pool:
        pending: deque[Future[Rows]] = deque()
        for item in items:
            pending.append(pool.submit(fn, item))
            if len(pending) >= window:
                yield pending.popleft().result()
        for future in pending:
            yield future.result()


class Store:
    """A DuckDB database in directory ``path`` (created on first use) holding documents and claims."""

    def __init__(self, path: str | os.PathLike, *, read_only: bool = False) -> None:
        self.path = Path(path)
        if not read_only:
            self.path.mkdir(parents=True, exist_ok=True)
        self._con = duckdb.connect(str(self.path / DB_NAME), read_only=read_only)
        if not read_only:
            # DuckDB keeps the blocks it writes cached up to 80% of RAM by default, so an ingest's memory
            # would grow with the store; bounded, it spills to disk and stays flat.
            self._con.execute(f"SET memory_limit = '{WRITER_MEMORY}'")
            self._migrate()

    def _migrate(self) -> None:
        """Create the tables, and add the columns a newer zhibiao writes to a store made by an older one
        (their old rows stay empty there until a new extractor version re-extracts them)."""
        for table, columns, types in (("documents", (*DOCUMENT_COLUMNS, "version"), DOCUMENT_TYPES),
                                      ("claims", COLUMNS, NUMERIC_TYPES)):
            self._con.execute(_ddl(table, columns, types))
            present = self._columns(table)
            for column in columns:
                if column not in present:
                    self._con.execute(f'ALTER TABLE {table} ADD COLUMN "{column}" {types.get(column, "VARCHAR")}')

    def _columns(self, table: str) -> set[str]:
        rows = self._query("SELECT column_name FROM information_schema.columns WHERE table_name = ?", [table])
        return {r[0] for r in rows.fetchall()}

    def __enter__(self) -> Store:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        self._con.close()

    def _query(self, sql: str, params: Sequence[object] = ()) -> duckdb.DuckDBPyConnection:
        # A cursor per query: Streamlit calls from several threads, and a DuckDB connection is not shared safely.
        return self._con.cursor().execute(sql, list(params))

    # ---- ingest -------------------------------------------------------------------------------

    def ingest(self, paths: Iterable[str | os.PathLike], *, workers: int = 1, batch_documents: int = 1000,
               progress: Callable[[int], None] | None = None) -> IngestReport:
        """Extract the documents under ``paths`` that are new or were read by another extractor version."""
        version = extractor_version()
        fresh = frozenset(r[0] for r in self._query("SELECT doc_id FROM documents WHERE version = ?", [version]).fetchall())
        report = IngestReport()
        rows: list[dict] = []
        infos: list[dict] = []
        batch_ids: set[str] = set()
        files = (str(p) for p in iter_paths(paths))
        for done, (r, i, f, skipped) in enumerate(_bounded_map(_extract_path, files, workers, fresh), start=1):
            report.failures.extend(f)
            report.documents += len(i) + skipped
            # Two copies of one document in a batch are written once (later batches see it in the store).
            copies = {info["doc_id"] for info in i} & batch_ids
            report.skipped += skipped + len(copies)
            infos.extend(info for info in i if info["doc_id"] not in copies)
            rows.extend(row for row in r if row["doc_id"] not in copies)
            batch_ids.update(info["doc_id"] for info in i)
            if len(infos) >= batch_documents:
                self._add_batch(rows, infos, version, report)
                rows, infos, batch_ids = [], [], set()
            if progress:
                progress(done)
        if infos:
            self._add_batch(rows, infos, version, report)
        return report

    def _add_batch(self, rows: list[dict], infos: list[dict], version: str, report: IngestReport) -> None:
        result = self.add(claims_frame(rows), pd.DataFrame(infos, columns=list(DOCUMENT_COLUMNS)), version=version)
        report.skipped += result.skipped
        report.replaced += result.replaced
        report.added += result.added
        report.claims += result.claims

    def add(self, claims: pd.DataFrame, documents: pd.DataFrame, *, version: str | None = None) -> IngestReport:
        """Write claims (SPEC columns) and their documents (DOCUMENT_COLUMNS) in one transaction.

        A document already stored with ``version`` (default: this extractor's) is left as it is; one
        stored with another version is replaced together with its claims.
        """
        version = version or extractor_version()
        docs = documents.reindex(columns=list(DOCUMENT_COLUMNS)).drop_duplicates("doc_id")
        docs["version"] = version
        ids = docs["doc_id"].tolist()
        known = dict(self._query("SELECT doc_id, version FROM documents WHERE doc_id IN (SELECT unnest(?))",
                                 [ids]).fetchall())
        # A document twice in one ingest (a copied file) is written once: the second copy is up to date.
        current = {d for d, v in known.items() if v == version}
        docs = docs[~docs["doc_id"].isin(current)]
        claims = claims.reindex(columns=list(COLUMNS))
        claims = claims[claims["doc_id"].isin(set(docs["doc_id"]))]
        stale = [d for d in docs["doc_id"] if d in known]
        con = self._con.cursor()
        con.begin()
        try:
            if stale:
                con.execute("DELETE FROM claims WHERE doc_id IN (SELECT unnest(?))", [stale])
                con.execute("DELETE FROM documents WHERE doc_id IN (SELECT unnest(?))", [stale])
            con.register("batch_documents", docs)
            con.register("batch_claims", claims)
            con.execute("INSERT INTO documents BY NAME SELECT * FROM batch_documents")
            con.execute("INSERT INTO claims BY NAME SELECT * FROM batch_claims")
            con.commit()
        except BaseException:
            con.rollback()
            raise
        finally:
            con.close()
        return IngestReport(documents=len(ids), added=len(docs) - len(stale), replaced=len(stale),
                            skipped=len(current), claims=len(claims))

    # ---- queries ------------------------------------------------------------------------------

    def count(self, filters: Filter | None = None) -> int:
        where, params = (filters or Filter()).where()
        return int(self._query(f"SELECT count(*) FROM claims {where}", params).fetchone()[0])

    def distinct_values(self, column: str, filters: Filter | None = None) -> list[str]:
        """Values of a column, most frequent first (ties in code-point order), as the sidebar lists them."""
        name = _quote(column)
        where, params = (filters or Filter()).where()
        sql = f"SELECT {name} FROM claims {where} GROUP BY {name} ORDER BY count(*) DESC, {name}"
        return [r[0] for r in self._query(sql, params).fetchall()]

    def year_range(self, filters: Filter | None = None) -> tuple[int, int] | None:
        where, params = (filters or Filter()).where()
        low, high = self._query(f'SELECT min("year"), max("year") FROM claims {where}', params).fetchone()
        return (int(low), int(high)) if low is not None else None

    def coverage(self, filters: Filter | None = None) -> pd.DataFrame:
        """Per indicator other than ``other``: distinct years and documents, and claims (the dashboard's
        first-chart rule, dashboard.filters.coverage, computed in SQL)."""
        where, params = (filters or Filter()).where()
        where = (where + " AND " if where else "WHERE ") + "indicator <> 'other'"
        sql = ('SELECT indicator, count(DISTINCT "year") AS years, count(DISTINCT doc_id) AS docs, count(*) AS "rows" '
               f"FROM claims {where} GROUP BY indicator ORDER BY indicator")
        return self._frame(sql, params).set_index("indicator")

    def claims(self, filters: Filter | None = None, limit: int | None = None,
               columns: Sequence[str] = COLUMNS) -> pd.DataFrame:
        """Matching claims in the order they were ingested, at most ``limit`` of them."""
        return _to_pandas(self.claims_arrow(filters, limit, columns))

    def claims_arrow(self, filters: Filter | None = None, limit: int | None = None,
                     columns: Sequence[str] = COLUMNS) -> pa.Table:
        """As ``claims``, as an Arrow table (what ``claims`` converts to pandas)."""
        where, params = (filters or Filter()).where()
        sql = f"SELECT {', '.join(map(_quote, columns))} FROM claims {where} ORDER BY rowid"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(int(limit))
        return self._arrow(sql, params)

    def trend(self, filters: Filter | None = None, keys: Sequence[str] = TREND_KEYS) -> pd.DataFrame:
        """Dated claims aggregated per ``keys`` (columns): how many claims and documents, and their values."""
        where, params = (filters or Filter()).where()
        where = (where + " AND " if where else "WHERE ") + '"year" IS NOT NULL'
        group = ", ".join(map(_quote, keys))
        sql = (f"SELECT {group}, count(*) AS claims, count(DISTINCT doc_id) AS documents, median(value) AS value, "
               f"min(value) AS value_min, max(value) AS value_max FROM claims {where} GROUP BY {group} ORDER BY {group}")
        return self._frame(sql, params)

    def documents(self, doc_ids: Sequence[str] | None = None, *, text: bool = False) -> pd.DataFrame:
        """The documents table (all, or these doc_ids); the text column only when asked, it is the bulk."""
        allowed = (*DOCUMENT_COLUMNS, "version")
        # Only the columns this store has: a store opened read-only is never migrated.
        present = self._columns("documents")
        columns = [_quote(c, allowed) for c in allowed if (text or c != "text") and c in present]
        sql = f"SELECT {', '.join(columns)} FROM documents"
        params: list[object] = []
        if doc_ids is not None:
            sql += " WHERE doc_id IN (SELECT unnest(?))"
            params.append(list(doc_ids))
        return self._frame(sql + " ORDER BY rowid", params)

    def _arrow(self, sql: str, params: Sequence[object]) -> pa.Table:
        return self._con.cursor().sql(sql, params=list(params) or None).to_arrow_table()

    def _frame(self, sql: str, params: Sequence[object]) -> pd.DataFrame:
        return _to_pandas(self._arrow(sql, params))


def _to_pandas(table: pa.Table) -> pd.DataFrame:
    # Integers as nullable Int64: a year column with gaps stays integral instead of turning float.
    return table.to_pandas(types_mapper=lambda t: pd.Int64Dtype() if pa.types.is_integer(t) else None)
