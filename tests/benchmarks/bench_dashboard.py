"""The dashboard over a store of a million claims: first render and a filter change.

    .venv/bin/python tests/benchmarks/bench_dashboard.py [--claims 1000000] [--repeat 3]

Claims are made up directly (no extraction): indicators of the vocabulary, provinces and their
cities, years 2010-2024, levels, measures, statuses and kinds drawn at random, 20 claims per
document. The store is then opened as the dashboard would open it (``dashboard.store_source``),
and the calls one Streamlit run makes are timed:

- first render: open the store, load the sidebar's overview, compute every sidebar option, the
  year bounds and the default indicator, query the filtered claims (default filters) with their
  documents, and the aggregated trend;
- filter change: the sidebar options again (from the cached overview), then the claims, documents
  and trend of the new filters.

Targets: first render < 3 s, filter change < 0.5 s. The time Streamlit itself and the browser
take to draw the widgets and charts comes on top and does not depend on the store.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from dashboard import filters
from dashboard.data import DOCUMENT_COLUMNS, Dataset
from dashboard.filters import Filters
from dashboard.store_source import StoreSource
from extractors import COLUMNS
from extractors.store import Store
from extractors.vocab import vocabulary

CLAIMS_PER_DOC = 20
SIDEBAR_COLUMNS = ("region", "level", "measure", "status", "kind")


def pick(rng: np.random.Generator, choices: list[str], n: int, skew: float = 1.2) -> np.ndarray:
    """n draws from choices with a Zipf-like skew, as real corpora mention a few indicators and regions most."""
    weights = 1 / np.arange(1, len(choices) + 1) ** skew
    return np.asarray(choices, dtype=object)[rng.choice(len(choices), size=n, p=weights / weights.sum())]


def make_claims(n: int, seed: int = 0) -> tuple[pd.DataFrame, pd.DataFrame]:
    rng = np.random.default_rng(seed)
    vocab = vocabulary()
    indicators = [*vocab.indicators, "other"]
    regions = [r.name for r in vocab.regions if r.level in ("province", "city")]
    docs = n // CLAIMS_PER_DOC + 1
    doc_ids = np.char.add("doc", np.arange(docs).astype(str)).astype(object)
    doc_of = np.sort(rng.integers(0, docs, size=n))
    indicator = pick(rng, indicators, n)
    value = np.round(rng.lognormal(6, 2, size=n), 1)
    claims = pd.DataFrame({
        "doc_id": doc_ids[doc_of], "source": np.char.add(doc_ids[doc_of].astype(str), ".txt").astype(object),
        "title": "关于省人大建议的答复", "published": "2024-05-01", "publisher": "科学技术厅",
        "indicator": indicator, "subject": indicator, "region": pick(rng, regions, n),
        "level": pick(rng, ["", "省级", "国家级", "省级以上", "市级"], n), "measure": pick(rng, ["total", "new", "applied"], n),
        "kind": pick(rng, ["count", "amount", "growth", "rank", "percent"], n), "value": value, "value_max": np.nan,
        "unit": "家", "qualifier": pick(rng, ["exact", "approx", "more_than", "at_least"], n),
        "year": pd.array(rng.integers(2010, 2025, size=n), dtype="Int64"), "year_source": "explicit", "period": "",
        "status": pick(rng, ["actual", "target"], n, skew=2), "scope": "", "text": value.astype(str).astype(object),
        "start": rng.integers(0, 5000, size=n), "end": rng.integers(5000, 5010, size=n),
        "sentence": "截至年底,全省高新技术企业数量达到一万家,位居全国第七。",
    }, columns=list(COLUMNS))
    documents = pd.DataFrame({"doc_id": doc_ids, "source": claims["source"].iloc[0], "title": "关于省人大建议的答复",
                              "published": "2024-05-01", "publisher": "科学技术厅", "region": "", "format": "text",
                              "claims": CLAIMS_PER_DOC, "spam": 0, "watermarks": 0, "redactions": 0,
                              "text": "截至年底,全省高新技术企业数量达到一万家。" * 40}, columns=list(DOCUMENT_COLUMNS))
    return claims, documents


def sidebar(overview: Dataset) -> Filters:
    """What app.sidebar and app.init_widgets compute from the overview; returns the default view's filters."""
    filters.indicator_options(overview.claims)
    for column in SIDEBAR_COLUMNS:
        filters.options(overview.claims, column)
    filters.year_bounds(overview.claims)
    default = filters.default_indicator(overview.claims)
    return Filters(indicators=[default] if default else [])


def views(source: StoreSource, chosen: Filters) -> int:
    """The filtered claims, their documents (for the claims tab) and the trend: what the tabs draw."""
    claims = source.claims(chosen)
    source.dataset(claims)
    source.trend(chosen)
    return source.count(chosen)


def timed(fn: Callable[[], object], repeat: int) -> tuple[float, object]:
    times = []
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="zhibiao-dash-") as tmp:
        path = Path(tmp) / "store"
        start = time.perf_counter()
        claims, documents = make_claims(args.claims)
        made = time.perf_counter() - start
        start = time.perf_counter()
        with Store(path) as store:
            store.add(claims, documents)
        print(f"{args.claims:,} claims, {len(documents):,} documents: made in {made:.1f} s, stored in "
              f"{time.perf_counter() - start:.1f} s")
        del claims, documents

        def first_render() -> tuple[StoreSource, Dataset, Filters]:
            source = StoreSource(path)
            overview = source.overview()
            chosen = sidebar(overview)
            views(source, chosen)
            return source, overview, chosen

        first, (source, overview, chosen) = timed(first_render, args.repeat)
        changed = chosen.replace(regions=[filters.options(overview.claims, "region")[0]], year_from=2015)

        def filter_change() -> int:
            sidebar(overview)
            return views(source, changed)

        change, matched = timed(filter_change, args.repeat)
        default_rows = source.count(chosen)
        print(f"first render  {first:6.3f} s  (target < 3 s; default view: {chosen.indicators}, {default_rows:,} claims)")
        print(f"filter change {change:6.3f} s  (target < 0.5 s; {matched:,} claims match)")
        in_memory = Dataset(source.store.claims(), pd.DataFrame(columns=list(DOCUMENT_COLUMNS)))
        apply_time, _ = timed(lambda: filters.apply(in_memory.claims, changed), args.repeat)
        print(f"for comparison, pandas filters.apply on all {len(in_memory.claims):,} claims in memory: {apply_time:.3f} s")


if __name__ == "__main__":
    main()
