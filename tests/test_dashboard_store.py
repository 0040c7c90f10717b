"""The dashboard's store-backed data source answers as the in-memory dataset does."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from dashboard_fixtures import bundled

from dashboard import filters, store_source
from dashboard.data import Dataset
from dashboard.filters import Filters
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


@pytest.mark.parametrize("column", ["indicator", "region", "level", "measure", "status", "kind", "doc_id"])
def test_overview_gives_the_sidebar_its_options(source: store_source.StoreSource, dataset: Dataset, column: str) -> None:
    overview = source.overview()
    assert len(overview.claims) == len(dataset.claims)
    assert filters.options(overview.claims, column) == filters.options(dataset.claims, column)
    assert filters.year_bounds(overview.claims) == filters.year_bounds(dataset.claims)
    assert filters.default_indicator(overview.claims) == filters.default_indicator(dataset.claims)
    assert filters.indicator_options(overview.claims) == filters.indicator_options(dataset.claims)
    assert list(overview.documents["doc_id"]) == list(dataset.documents["doc_id"])


@pytest.mark.parametrize("chosen", FILTERS[:4])
def test_trend_counts_every_dated_non_rank_claim(source: store_source.StoreSource, dataset: Dataset,
                                                 chosen: Filters) -> None:
    rows = filters.apply(dataset.claims, chosen)
    rows = rows[(rows["kind"] != "rank") & rows["year"].notna()]
    trend = source.trend(chosen)
    assert trend["claims"].sum() == len(rows)
    assert trend["value_max"].max() == rows["value"].max()
    assert trend["value_min"].min() == rows["value"].min()


def test_is_store(source: store_source.StoreSource, tmp_path: Path) -> None:
    assert store_source.is_store(source.path)
    assert not store_source.is_store(tmp_path)


@pytest.mark.parametrize(("chosen", "given"), [(Filters(), False), (Filters(indicators=["incubators"]), True),
                                              (Filters(indicators=[], statuses=["target"]), True)])
def test_embed_dataset_is_the_linked_view(source: store_source.StoreSource, dataset: Dataset, chosen: Filters,
                                          given: bool) -> None:
    if not given:
        chosen = chosen.replace(indicators=[filters.default_indicator(dataset.claims)])
    want = filters.apply(dataset.claims, chosen).reset_index(drop=True)
    pd.testing.assert_frame_equal(source.embed_dataset(chosen, given).claims, want)


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
