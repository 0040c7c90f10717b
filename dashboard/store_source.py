"""The dashboard's data from a claims store (``extractors.store``): filtering and counting in DuckDB.

A store of millions of claims is never loaded whole. The sidebar works on an *overview*: every
claim, but only the columns the sidebar and the default indicator look at, as categoricals (a
few bytes per claim), so ``filters.options``, ``year_bounds`` and ``default_indicator`` run on it
unchanged. The claims a view shows come from SQL with the filters pushed down, capped at
MAX_ROWS, together with the texts of just their documents.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

import pandas as pd
import pyarrow as pa

from extractors.store import DB_NAME, Filter, Store

from . import filters
from .data import DOCUMENT_COLUMNS, Dataset, normalize_claims
from .filters import LIST_FIELDS, Filters

# More rows than a chart can draw legibly or a table can be read: views show the first MAX_ROWS in ingest order.
MAX_ROWS = 5_000
OVERVIEW_COLUMNS = ("doc_id", "indicator", "region", "level", "measure", "status", "kind", "year", "value")


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

    def overview(self) -> Dataset:
        """Every claim with the sidebar's columns only, and the documents without their texts. Loaded once:
        the store is opened read-only, so it cannot change underneath (the app reruns on every click)."""
        return self._overview

    @functools.cached_property
    def _overview(self) -> Dataset:
        table = self.store.claims_arrow(columns=OVERVIEW_COLUMNS)
        # Dictionary-encoded in Arrow, categoricals in pandas: a few bytes a claim, and fast to count.
        table = pa.table({name: column.dictionary_encode() if pa.types.is_string(column.type) else column
                          for name, column in zip(table.column_names, table.columns, strict=True)})
        claims = table.to_pandas(types_mapper=lambda t: pd.Int64Dtype() if pa.types.is_integer(t) else None)
        documents = self.store.documents().reindex(columns=list(DOCUMENT_COLUMNS))
        documents["text"] = ""
        return Dataset(claims, documents)

    def count(self, chosen: Filters) -> int:
        return self.store.count(to_filter(chosen))

    def claims(self, chosen: Filters, limit: int | None = None) -> pd.DataFrame:
        """The filtered claims with every SPEC column, in ingest order, at most ``limit`` (default MAX_ROWS)."""
        return normalize_claims(self.store.claims(to_filter(chosen), limit=MAX_ROWS if limit is None else limit))

    def trend(self, chosen: Filters) -> pd.DataFrame:
        """Values per indicator, region, level, year … aggregated in SQL (ranks excluded, as in the trends view)."""
        rows = self.store.trend(to_filter(chosen))
        return rows[rows["kind"] != "rank"].reset_index(drop=True)

    def embed_dataset(self, chosen: Filters, indicators_given: bool) -> Dataset:
        """The claims of an ``?embed=true`` chart: the linked filters, with the default indicator of the
        whole store when the link names none (as the full page would pick it)."""
        if not indicators_given:
            default = filters.default_indicator(self.overview().claims)
            chosen = chosen.replace(indicators=[default] if default else [])
        return self.dataset(self.claims(chosen))

    def dataset(self, claims: pd.DataFrame) -> Dataset:
        """These claims and the documents they come from, texts included, for the claims and document views."""
        documents = self.store.documents(claims["doc_id"].unique().tolist(), text=True)
        return Dataset(claims, documents.reindex(columns=list(DOCUMENT_COLUMNS)))
