"""Conflicting claims: the same quantity, for the same place and year, stated with different values."""

from __future__ import annotations

import pandas as pd

# Claims are about the same quantity when all of these agree. Kind, status and scope are added to
# the indicator/region/level/measure/year of the issue: a count and its rank, a plan and its
# outcome, or a national and a regional rank are different numbers, not a disagreement.
CONFLICT_KEY = ["indicator", "region", "level", "measure", "kind", "status", "scope", "year"]


def find_conflicts(claims: pd.DataFrame) -> pd.DataFrame:
    """Claims in groups that share ``CONFLICT_KEY`` but not their value, with a ``conflict`` group number.

    `other` is left out (its subjects differ), and so are undated claims (no year to agree on).
    """
    usable = claims[(claims["indicator"] != "other") & claims["year"].notna()]
    if usable.empty:
        return claims.iloc[0:0].assign(conflict=pd.Series(dtype=int))
    # Rounding keeps 10400 and 10400.0000001 (float noise from unit conversion) from conflicting.
    rounded = usable["value"].round(6)
    distinct = rounded.groupby([usable[c] for c in CONFLICT_KEY], dropna=False).transform("nunique")
    conflicting = usable[distinct > 1]
    group = conflicting.groupby(CONFLICT_KEY, dropna=False, sort=True).ngroup() + 1
    return conflicting.assign(conflict=group).sort_values(["conflict", "value", "doc_id"], kind="stable")


def conflict_mask(claims: pd.DataFrame) -> pd.Series:
    """True for each claim that takes part in a conflict (aligned with ``claims``)."""
    return pd.Series(claims.index.isin(find_conflicts(claims).index), index=claims.index)
