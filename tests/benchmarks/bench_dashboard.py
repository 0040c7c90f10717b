"""The dashboard over a store of a million claims, driven with Streamlit's AppTest: first render and a filter change.

    .venv/bin/python tests/benchmarks/bench_dashboard.py [--claims 1000000] [--repeat 3]

Claims are made up directly (no extraction): indicators of the vocabulary, provinces and their
cities, years 2010-2024, levels, measures, statuses and kinds drawn at random, 20 claims per
document. The app is then run on the store exactly as `zhibiao dashboard STORE` runs it, and timed:

- cold first render: the first run in a fresh Python process, importing the app's libraries and the
  sidebar's first queries included (the first visitor after the server starts);
- first render of a new session: another visitor on the running server (modules imported, the
  sidebar's choices cached);
- filter change: a region picked in the sidebar and the page drawn again.

Targets: first render < 3 s, filter change < 0.5 s. AppTest runs the whole script (queries, charts
serialized for the browser, tables) but not the browser's drawing.
"""

from __future__ import annotations

import argparse
import itertools
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
from streamlit.testing.v1 import AppTest

from dashboard.data import DOCUMENT_COLUMNS, PATHS_ENV
from extractors import COLUMNS
from extractors.store import Store
from extractors.vocab import vocabulary

APP = Path(__file__).resolve().parents[2] / "dashboard" / "app.py"

CLAIMS_PER_DOC = 20


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


def timed(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def cold_first_render(store: Path) -> float:
    """The first run in a fresh interpreter: what the first visitor after a restart waits for."""
    code = ("import time, sys; from streamlit.testing.v1 import AppTest; start = time.perf_counter(); "
            f"at = AppTest.from_file({str(APP)!r}, default_timeout=300).run(); "
            "assert not at.exception, at.exception; print(time.perf_counter() - start)")
    env = {**os.environ, PATHS_ENV: str(store)}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def session(store: Path) -> AppTest:
    os.environ[PATHS_ENV] = str(store)
    at = AppTest.from_file(str(APP), default_timeout=300).run()
    if at.exception:
        raise RuntimeError(at.exception)
    return at


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

        cold = statistics.median(cold_first_render(path) for _ in range(args.repeat))
        session(path)  # the server's first session: imports and the sidebar's choices cached
        warm = timed(lambda: session(path), args.repeat)
        at = session(path)
        regions = itertools.cycle(next(w for w in at.sidebar.multiselect if w.key == "w_regions").options[:5])

        def pick() -> None:
            nonlocal at
            picker = next(w for w in at.sidebar.multiselect if w.key == "w_regions")
            at = picker.set_value([next(regions)]).run()
            if at.exception:
                raise RuntimeError(at.exception)

        change = timed(pick, args.repeat)
        print(f"cold first render        {cold:6.2f} s  (fresh process, imports included; target < 3 s)")
        print(f"first render, new session {warm:5.2f} s  (server running; target < 3 s)")
        print(f"filter change            {change:6.2f} s  (a region picked; target < 0.5 s)")


if __name__ == "__main__":
    main()
