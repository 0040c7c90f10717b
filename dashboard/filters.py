"""Sidebar filters as data: applying them to the claims table and carrying them in the URL."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields

import pandas as pd

BLANK = "_"  # how an empty region or level ("not stated") is written in a URL
LIST_FIELDS = {  # Filters field → (query key, claims column)
    "indicators": ("indicator", "indicator"),
    "regions": ("region", "region"),
    "levels": ("level", "level"),
    "measures": ("measure", "measure"),
    "statuses": ("status", "status"),
    "kinds": ("kind", "kind"),
    "docs": ("doc", "doc_id"),
}


@dataclass
class Filters:
    """What the user chose; an empty list means "all"."""

    indicators: list[str] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)
    year_from: int | None = None
    year_to: int | None = None
    levels: list[str] = field(default_factory=list)
    # A stock and a flow are different numbers, and a plan is not a fact: default to actual totals.
    measures: list[str] = field(default_factory=lambda: ["total"])
    statuses: list[str] = field(default_factory=lambda: ["actual"])
    kinds: list[str] = field(default_factory=list)
    docs: list[str] = field(default_factory=list)
    search: str = ""

    def to_query(self) -> dict[str, str]:
        """Query parameters for what differs from the defaults, so a link reopens this view."""
        default = Filters()
        query: dict[str, str] = {}
        for name, (key, _) in LIST_FIELDS.items():
            values = getattr(self, name)
            if values != getattr(default, name):
                query[key] = ",".join(v if v else BLANK for v in values)
        if self.year_from is not None:
            query["from"] = str(self.year_from)
        if self.year_to is not None:
            query["to"] = str(self.year_to)
        if self.search:
            query["q"] = self.search
        return query

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> Filters:
        """The inverse of ``to_query``; values that cannot be read are ignored, never fatal."""
        kwargs: dict[str, object] = {}
        for name, (key, _) in LIST_FIELDS.items():
            if key in query:
                raw = query[key]
                kwargs[name] = [] if raw == "" else ["" if v == BLANK else v for v in raw.split(",")]
        for name, key in (("year_from", "from"), ("year_to", "to")):
            if str(query.get(key, "")).strip().isdigit():
                kwargs[name] = int(query[key])
        if query.get("q"):
            kwargs["search"] = str(query["q"])
        return cls(**kwargs)

    def replace(self, **changes: object) -> Filters:
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        values.update(changes)
        return Filters(**values)


def apply(claims: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """The claims that pass every filter, in their original order."""
    keep = pd.Series(True, index=claims.index)
    for name, (_, column) in LIST_FIELDS.items():
        values = getattr(filters, name)
        if values:
            keep &= claims[column].isin(values)
    # A year range asks for dated claims only; undated ones stay visible when no range is set.
    if filters.year_from is not None:
        keep &= (claims["year"] >= filters.year_from).fillna(False).astype(bool)
    if filters.year_to is not None:
        keep &= (claims["year"] <= filters.year_to).fillna(False).astype(bool)
    if filters.search.strip():
        needle = filters.search.strip()
        keep &= (claims["subject"].str.contains(needle, case=False, regex=False)
                 | claims["sentence"].str.contains(needle, case=False, regex=False))
    return claims[keep]


def options(claims: pd.DataFrame, column: str) -> list[str]:
    """Values of a column, most frequent first (ties alphabetical), for a multiselect."""
    counts = claims[column].value_counts()
    return sorted(counts.index, key=lambda v: (-counts[v], v))


def indicator_options(claims: pd.DataFrame) -> list[str]:
    """Indicators most frequent first; `other` (a mixed bag of subjects) last."""
    return other_last(options(claims, "indicator"))


def other_last(keys: list[str]) -> list[str]:
    return [k for k in keys if k != "other"] + [k for k in keys if k == "other"]


def year_bounds(claims: pd.DataFrame) -> tuple[int, int] | None:
    years = claims["year"].dropna()
    return (int(years.min()), int(years.max())) if len(years) else None


def clamp_years(wanted: tuple[int | None, int | None], bounds: tuple[int, int]) -> tuple[int, int]:
    """A year range from a link made inside ``bounds`` (a slider refuses values outside its range)."""
    lo = min(max(wanted[0] if wanted[0] is not None else bounds[0], bounds[0]), bounds[1])
    hi = min(max(wanted[1] if wanted[1] is not None else bounds[1], lo), bounds[1])
    return lo, hi


@dataclass(frozen=True)
class Choices:
    """What the sidebar offers: each list filter's values (documents aside), the year bounds and the
    indicator a first visit opens on. A store computes them once (in SQL); claims in memory, on each run."""

    lists: dict[str, list[str]]
    years: tuple[int, int] | None
    default_indicator: str | None


def choices(claims: pd.DataFrame) -> Choices:
    lists = {name: indicator_options(claims) if name == "indicators" else options(claims, column)
             for name, (_, column) in LIST_FIELDS.items() if name != "docs"}
    return Choices(lists, year_bounds(claims), default_indicator(claims))


# The numbers these documents are mostly about: actual total counts (enterprises, incubators …).
TELLING = {"status": ["actual"], "measure": ["total"], "kind": ["count"]}


def coverage(claims: pd.DataFrame) -> pd.DataFrame:
    """Per indicator (``other`` aside): how many years, documents and claims report it."""
    named = claims[claims["indicator"] != "other"]
    return named.groupby("indicator", observed=True).agg(years=("year", "nunique"), docs=("doc_id", "nunique"),
                                                         rows=("value", "size"))


def best_covered(*coverages: pd.DataFrame) -> str | None:
    """The indicator with the longest time series, then the most documents and claims, from the first
    non-empty coverage: the most telling first chart."""
    for table in coverages:
        table = table[table["rows"] > 0]
        if len(table):
            ranked = table.reset_index().sort_values(["years", "docs", "rows", "indicator"],
                                                     ascending=[False, False, False, True], kind="stable")
            return str(ranked["indicator"].iloc[0])
    return None


def default_indicator(claims: pd.DataFrame) -> str | None:
    """The best-covered indicator among actual total counts, else among all claims."""
    telling = pd.Series(True, index=claims.index)
    for column, values in TELLING.items():
        telling &= claims[column].isin(values)
    return best_covered(coverage(claims[telling]), coverage(claims))
