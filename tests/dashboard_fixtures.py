"""Shared helpers of the dashboard tests: small claims tables built by hand, and chart spec walkers."""

from __future__ import annotations

import functools
from pathlib import Path

import pandas as pd

from dashboard.data import BUNDLED_CORPUS, Dataset, load_paths, normalize_claims
from extractors import COLUMNS

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "dashboard" / "app.py"

DEFAULT_CLAIM = {
    "doc_id": "d1", "source": "a.txt", "title": "关于某建议的答复", "published": "2024-05-01",
    "publisher": "湖北省科学技术厅", "indicator": "high_tech_enterprises", "subject": "高新技术企业",
    "region": "湖北省", "level": "", "measure": "total", "kind": "count", "value": 100.0, "value_max": None,
    "unit": "家", "qualifier": "exact", "year": 2023, "year_source": "explicit", "period": "", "status": "actual",
    "scope": "", "text": "100家", "start": 0, "end": 4, "sentence": "高新技术企业100家。",
}


def make_claims(*rows: dict) -> pd.DataFrame:
    """A claims table (SPEC columns and types) from partial rows; unspecified fields take DEFAULT_CLAIM."""
    frame = pd.DataFrame([{**DEFAULT_CLAIM, **row} for row in rows], columns=list(COLUMNS))
    return normalize_claims(frame)


@functools.cache
def _bundled() -> Dataset:
    return load_paths([BUNDLED_CORPUS])


def bundled() -> Dataset:
    """The bundled corpus, extracted once per test session (copies, so tests cannot alter it)."""
    ds = _bundled()
    return Dataset(ds.claims.copy(), ds.documents.copy(), list(ds.failures))


def layers(spec: dict) -> list[dict]:
    """The layers of a (possibly faceted) chart spec."""
    inner = spec.get("spec", spec)
    return inner.get("layer", [inner])


def layer_filters(layer: dict) -> list[str]:
    return [str(tr.get("filter")) for tr in layer.get("transform", [])]


def chart_rows(spec: dict) -> list[dict]:
    """The inline data rows of a chart (Altair puts them in spec["datasets"])."""
    return [row for values in spec.get("datasets", {}).values() for row in values]
