"""The dashboard's store-backed data source answers as the in-memory dataset does."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest
from dashboard_fixtures import bundled

from dashboard import charts, filters, store_source
from dashboard.data import Dataset
from dashboard.filters import Filters
from dashboard.memory_source import MemorySource
from extractors import COLUMNS
from extractors.store import Store


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return bundled()


@pytest.fixture(scope="module")
def source(dataset: Dataset, tmp_path_factory: pytest.TempPathFactory) -> Iterator[store_source.StoreSource]:
    path = tmp_path_factory.mktemp("store") / "db"
    with Store(path) as store:
        store.add(dataset.claims, dataset.documents)
    src = store_source.StoreSource(path)
    yield src
    src.store.close()


FILTERS = [
    Filters(),
    Filters(measures=[], statuses=[]),
    Filters(indicators=["incubators", "high_tech_enterprises"]),
    Filters(regions=["湖北省"], year_from=2020, year_to=2022),
    Filters(levels=["", "国家级"], kinds=["count"]),
    Filters(search="孵化器", statuses=["target"]),
    Filters(docs=["no-such-doc"]),
]


@pytest.mark.parametrize("chosen", FILTERS)
def test_claims_are_the_pandas_filter(source: store_source.StoreSource, dataset: Dataset, chosen: Filters) -> None:
    want = filters.apply(dataset.claims, chosen).reset_index(drop=True)
    pd.testing.assert_frame_equal(source.claims(chosen), want)
    assert source.count(chosen) == len(want)
    assert len(source.claims(chosen, limit=2)) == min(2, len(want))


@pytest.mark.parametrize("chosen", FILTERS[:4])
def test_dataset_has_the_documents_of_its_claims(source: store_source.StoreSource, dataset: Dataset,
                                                 chosen: Filters) -> None:
    shown = source.dataset(source.claims(chosen))
    assert set(shown.documents["doc_id"]) == set(shown.claims["doc_id"])
    texts = dict(zip(dataset.documents["doc_id"], dataset.documents["text"], strict=True))
    for doc_id, text in zip(shown.documents["doc_id"], shown.documents["text"], strict=True):
        assert text == texts[doc_id]


def test_choices_are_those_of_the_claims_in_memory(source: store_source.StoreSource, dataset: Dataset) -> None:
    assert source.choices == filters.choices(dataset.claims)
    assert source.size == len(dataset.claims)
    assert list(source.documents["doc_id"]) == list(dataset.documents["doc_id"])


@pytest.mark.parametrize("kept", [["incubators"], ["incubators", "maker_spaces"], ["other"], []])
def test_first_chart_indicator_as_in_memory(dataset: Dataset, tmp_path: Path, kept: list[str]) -> None:
    """The SQL coverage picks the pandas rule's indicator, also when no actual total count is left."""
    claims = dataset.claims[dataset.claims["indicator"].isin(kept)
                            & ((dataset.claims["kind"] != "count") | (len(kept) == 1))]
    with Store(tmp_path / "db") as store:
        store.add(claims, dataset.documents)
    src = store_source.StoreSource(tmp_path / "db")
    assert src.choices.default_indicator == filters.default_indicator(claims)
    src.store.close()


@pytest.mark.parametrize("chosen", FILTERS[:4])
def test_trend_counts_every_dated_non_rank_claim(source: store_source.StoreSource, dataset: Dataset,
                                                 chosen: Filters) -> None:
    rows = filters.apply(dataset.claims, chosen)
    rows = rows[(rows["kind"] != "rank") & rows["year"].notna()]
    trend = source.store.trend(store_source.to_filter(chosen), charts.SUMMARY_KEYS)
    trend = trend[trend["kind"] != "rank"]
    assert trend["claims"].sum() == len(rows)
    assert trend["value_max"].max() == rows["value"].max()
    assert trend["value_min"].min() == rows["value"].min()


def test_is_store(source: store_source.StoreSource, tmp_path: Path) -> None:
    assert store_source.is_store(source.path)
    assert not store_source.is_store(tmp_path)


@pytest.mark.parametrize("chosen", FILTERS)
def test_both_sources_answer_alike_under_the_cap(source: store_source.StoreSource, dataset: Dataset,
                                                 chosen: Filters) -> None:
    memory = MemorySource(dataset)
    assert memory.count(chosen) == source.count(chosen)
    pd.testing.assert_frame_equal(memory.claims(chosen).reset_index(drop=True), source.claims(chosen))
    for src in (memory, source):
        claims, summarized = src.trend_claims(chosen, src.count(chosen), "region", "zh")
        assert not summarized
        pd.testing.assert_frame_equal(claims.reset_index(drop=True), source.claims(chosen))
    assert memory.choices == source.choices


def test_a_store_past_the_cap_trends_in_medians(source: store_source.StoreSource, monkeypatch) -> None:
    monkeypatch.setattr(store_source, "MAX_ROWS", 5)
    chosen = Filters(indicators=["high_tech_enterprises", "incubators"], measures=[], statuses=[])
    assert source.count(chosen) > 5
    claims, summarized = source.trend_claims(chosen, source.count(chosen), "region", "zh")
    assert summarized and set(claims["doc_id"]) == {"summary"} and len(source.claims(Filters())) == 5


def test_the_app_opens_on_a_store(tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from extractors.store import Store

    with Store(tmp_path / "store") as store:
        store.ingest([Path(__file__).resolve().parents[1] / "data" / "corpus"])
    monkeypatch.setenv("ZHIBIAO_DASHBOARD_PATHS", str(tmp_path / "store"))
    at = AppTest.from_file(str(Path(__file__).resolve().parents[1] / "dashboard" / "app.py"), default_timeout=60).run()
    assert not at.exception
    assert str(tmp_path / "store") in at.caption[0].value
    assert "78" in at.caption[0].value


def _store_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dataset: Dataset, query: dict[str, str]):
    from streamlit.testing.v1 import AppTest

    with Store(tmp_path / "store") as store:
        store.add(dataset.claims, dataset.documents)
    monkeypatch.setenv("ZHIBIAO_DASHBOARD_PATHS", str(tmp_path / "store"))
    at = AppTest.from_file(str(Path(__file__).resolve().parents[1] / "dashboard" / "app.py"), default_timeout=60)
    at.query_params.update(query)
    return at.run()


def test_a_trend_of_more_claims_than_drawn_shows_yearly_medians(tmp_path, monkeypatch, dataset: Dataset) -> None:
    """Past MAX_ROWS the trend is drawn from SQL aggregates of every claim, not the first rows of a capped query."""
    monkeypatch.setattr(store_source, "MAX_ROWS", 5)
    at = _store_app(tmp_path, monkeypatch, dataset, {"indicator": "high_tech_enterprises", "measure": ""})
    assert not at.exception
    rows = filters.apply(dataset.claims, Filters(indicators=["high_tech_enterprises"], measures=[]))
    dated = rows[rows["year"].notna() & (rows["kind"] != "rank")]
    assert any(f"{len(rows):,}" in c.value and "年度中位数" in c.value for c in at.caption)
    points = [row for ds in at.get("vega_lite_chart")[0].proto.datasets
              for row in pa.ipc.open_stream(ds.data.data).read_all().to_pylist()]
    assert {p["doc_id"] for p in points} == {"summary"} and all("中位数" in p["text"] for p in points)
    assert sum(int(p["text"].split(" ")[0].replace(",", "")) for p in points) == len(dated)


def test_capped_views_say_how_many_they_show(tmp_path, monkeypatch, dataset: Dataset) -> None:
    monkeypatch.setattr(store_source, "MAX_ROWS", 5)
    at = _store_app(tmp_path, monkeypatch, dataset, {"view": "claims", "indicator": ""})
    assert not at.exception
    total = len(filters.apply(dataset.claims, Filters()))
    assert any(f"显示其中 5 条（共 {total:,} 条）" in c.value for c in at.caption)


def test_summary_keeps_the_series_with_most_claims() -> None:
    trend = pd.DataFrame({
        "indicator": "incubators", "region": ["A", "A", "B", "C", "C", "C"], "level": "", "year": [2020, 2021, 2021,
                                                                                                   2020, 2021, 2022],
        "status": "actual", "unit": "家", "kind": "count", "measure": "total",
        "claims": [5, 5, 1, 2, 2, 2], "documents": 1, "value": [10.0, 12, 3, 7, 8, 9], "value_min": 1.0, "value_max": 20.0,
    })
    rows = charts.summary_claims(trend, "region", "zh", max_series=2)
    assert list(rows["region"]) == ["A", "A", "C", "C", "C"] and list(rows["value"]) == [10, 12, 7, 8, 9]
    assert rows["text"].iloc[0] == "5 条数据的中位数，范围 1家–20家" and set(rows["qualifier"]) == {"approx"}
    assert list(rows.columns) == list(COLUMNS)
