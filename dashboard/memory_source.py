"""The dashboard's data from claims held in memory (documents extracted on launch, uploads, a claims table).

It answers the questions ``store_source.StoreSource`` answers for a store, so the app draws both the
same way: the sidebar's choices, the filtered claims and their count, the claims a trend draws, and
the documents behind a set of claims.
"""

from __future__ import annotations

import functools

import pandas as pd

from . import filters
from .data import Dataset
from .filters import Filters


class MemorySource:
    """Read-only views of one in-memory dataset; made anew on each run (uploads change the dataset)."""

    def __init__(self, dataset: Dataset) -> None:
        self.data = dataset
        self._filtered: dict[tuple, pd.DataFrame] = {}  # one run filters the same way several times

    @functools.cached_property
    def choices(self) -> filters.Choices:
        return filters.choices(self.data.claims)

    @property
    def documents(self) -> pd.DataFrame:
        return self.data.documents

    @property
    def size(self) -> int:
        return len(self.data.claims)

    @property
    def failures(self) -> list[tuple[str, str]]:
        return self.data.failures

    def claims(self, chosen: Filters) -> pd.DataFrame:
        """Every claim that passes the filters: nothing is capped in memory."""
        key = tuple(sorted(chosen.to_query().items()))
        if key not in self._filtered:
            self._filtered[key] = filters.apply(self.data.claims, chosen)
        return self._filtered[key]

    def count(self, chosen: Filters) -> int:
        return len(self.claims(chosen))

    def trend_claims(self, chosen: Filters, total: int, series_by: str, lang: str) -> tuple[pd.DataFrame, bool]:
        """The claims the trend chart draws, and whether they are summaries: in memory, the claims themselves."""
        return self.claims(chosen), False

    def dataset(self, claims: pd.DataFrame) -> Dataset:
        return self.data
