"""The dashboard's data from a claims store (``extractors.store``): filtering and counting in DuckDB.

A store of millions of claims is never loaded whole. The sidebar's choices (values most frequent
first, year bounds, the first chart's indicator) are SQL aggregates, computed once: the store is
opened read-only. The claims a view shows come from SQL with the filters pushed down, capped at
MAX_ROWS, together with the texts of just their documents; a trend of more claims than that is
drawn from yearly medians aggregated in SQL.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

import pandas as pd

from extractors.store import DB_NAME, Filter, Store

from . import charts, filters
from .data import DOCUMENT_COLUMNS, Dataset, normalize_claims
from .filters import LIST_FIELDS, Filters

# More rows than a chart can draw legibly or a table can be read: views show the first MAX_ROWS in ingest order.
MAX_ROWS = 5_000


def is_store(path: str | os.PathLike) -> bool:
    return (Path(path) / DB_NAME).is_file()


def to_filter(chosen: Filters) -> Filter:
    """The sidebar's choices as a store filter (same columns, same meaning of empty lists)."""
    values = {column: list(getattr(chosen, name)) for name, (_, column) in LIST_FIELDS.items()}
    return Filter(values, year_from=chosen.year_from, year_to=chosen.year_to, search=chosen.search)


class StoreSource:
    """Read-only queries of one store, shared by every session of the app."""

    def __init__(self, path: str | os.PathLike) -> None:
        self.store = Store(path, read_only=True)
        self.path = Path(path)

    @functools.cached_property
    def documents(self) -> pd.DataFrame:
        """Every document without its text (the text is the bulk), for the sidebar's document picker."""
        documents = self.store.documents().reindex(columns=list(DOCUMENT_COLUMNS))
        documents["text"] = ""
        return documents

    @functools.cached_property
    def size(self) -> int:
        return self.store.count()

    @functools.cached_property
    def choices(self) -> filters.Choices:
        """The sidebar's choices, as filters.choices gives them for claims in memory."""
        lists = {name: self.store.distinct_values(column) for name, (_, column) in LIST_FIELDS.items() if name != "docs"}
        lists["indicators"] = filters.other_last(lists["indicators"])
        telling = Filter({column: list(values) for column, values in filters.TELLING.items()})
        default = filters.best_covered(self.store.coverage(telling), self.store.coverage())
        return filters.Choices(lists, self.store.year_range(), default)

    def count(self, chosen: Filters) -> int:
        return self.store.count(to_filter(chosen))

    def claims(self, chosen: Filters, limit: int | None = None) -> pd.DataFrame:
        """The filtered claims with every SPEC column, in ingest order, at most ``limit`` (default MAX_ROWS)."""
        return normalize_claims(self.store.claims(to_filter(chosen), limit=MAX_ROWS if limit is None else limit))

    def summary(self, chosen: Filters, series_by: str, lang: str) -> pd.DataFrame:
        """Yearly medians of the filtered claims, as claims the trend chart draws (charts.summary_claims)."""
        return charts.summary_claims(self.store.trend(to_filter(chosen), charts.SUMMARY_KEYS), series_by, lang)

    def trend_claims(self, chosen: Filters, total: int, series_by: str, lang: str) -> tuple[pd.DataFrame, bool]:
        """The claims the trend chart draws, and whether they are yearly medians: past MAX_ROWS (``total``
        claims match) the first claims of a capped query are no trend, so all of them are aggregated in SQL."""
        if total > MAX_ROWS:
            return self.summary(chosen, series_by, lang), True
        return self.claims(chosen), False

    @property
    def failures(self) -> list[tuple[str, str]]:
        return []  # `zhibiao ingest` reports the files it could not read; the store keeps what it read

    def dataset(self, claims: pd.DataFrame) -> Dataset:
        """These claims and the documents they come from, texts included, for the claims and document views."""
        documents = self.store.documents(claims["doc_id"].unique().tolist(), text=True)
        return Dataset(claims, documents.reindex(columns=list(DOCUMENT_COLUMNS)))
