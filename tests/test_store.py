"""The claims store: ingest once, re-extract on a new extractor version, SQL filters equal to pandas."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from extractors import extract_paths
from extractors import store as store_module
from extractors.store import Filter, Store
from extractors.synth import generate

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "data" / "corpus"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled corpus and 40 synthetic documents in one directory."""
    folder = tmp_path_factory.mktemp("corpus")
    shutil.copytree(CORPUS, folder / "bundled")
    generate(40, folder / "synth")
    shutil.move(folder / "synth" / "gold.csv", folder / "gold.csv")  # gold is not a document
    return folder


@pytest.fixture(scope="module")
def filled(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Store:
    store = Store(tmp_path_factory.mktemp("store") / "db")
    store.ingest([corpus], workers=2, batch_documents=16)  # several batches, in worker processes
    yield store
    store.close()


@pytest.fixture(scope="module")
def frame(filled: Store) -> pd.DataFrame:
    return filled.claims()


def test_ingest_gives_the_rows_of_extract_paths(corpus: Path, frame: pd.DataFrame) -> None:
    want = extract_paths([corpus], workers=1).claims
    key = ["source", "start"]
    got = frame.sort_values(key, kind="stable").reset_index(drop=True)
    want = want.sort_values(key, kind="stable").reset_index(drop=True)
    got["year"] = got["year"].astype("Int64")
    pd.testing.assert_frame_equal(got, want, check_dtype=False)


@pytest.mark.parametrize(("version", "added", "replaced", "skipped"), [
    (None, 0, 0, 45),  # the same extractor: nothing is read again
    ("0.0.9+old", 0, 45, 0),  # documents read by another version are extracted again
])
def test_reingest(corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, version: str | None, added: int,
                  replaced: int, skipped: int) -> None:
    with Store(tmp_path / "db") as store:
        store.ingest([corpus])
        before = store.claims()
        if version:
            monkeypatch.setattr(store_module, "extractor_version", lambda: version)
        report = store.ingest([corpus])
        assert (report.documents, report.added, report.replaced, report.skipped) == (45, added, replaced, skipped)
        assert report.claims == (len(before) if replaced else 0)
        pd.testing.assert_frame_equal(store.claims(), before)
        assert set(store.documents()["version"]) == {version or store_module.extractor_version()}


def test_changed_and_copied_documents(corpus: Path, tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    shutil.copytree(corpus / "synth" / "docs", folder)
    shutil.copy(folder / "synth_0000001.txt", folder / "copy_of_1.txt")  # the same bytes twice: one document
    with Store(tmp_path / "db") as store:
        first = store.ingest([folder])
        assert (first.documents, first.added, first.skipped) == (41, 40, 1)
        edited = folder / "synth_0000002.txt"
        edited.write_text(edited.read_text(encoding="utf-8") + "\n全年新认定高新技术企业321家。", encoding="utf-8")
        second = store.ingest([folder])
        assert (second.added, second.skipped) == (1, 40)
        assert store.count(Filter({"text": ["321家"]})) == 1


CASES: list[tuple[Filter, Callable[[pd.DataFrame], pd.Series]]] = [
    (Filter(), lambda f: pd.Series(True, index=f.index)),
    (Filter({"indicator": ["high_tech_enterprises"]}), lambda f: f["indicator"] == "high_tech_enterprises"),
    (Filter({"indicator": ["incubators", "maker_spaces"], "status": ["actual"]}),
     lambda f: f["indicator"].isin(["incubators", "maker_spaces"]) & (f["status"] == "actual")),
    (Filter({"region": [""]}), lambda f: f["region"] == ""),
    (Filter({"measure": []}), lambda f: pd.Series(True, index=f.index)),  # an empty list means all
    (Filter(year_from=2020), lambda f: (f["year"] >= 2020).fillna(False)),
    (Filter(year_from=2018, year_to=2021, values={"kind": ["count", "rank"]}),
     lambda f: f["year"].between(2018, 2021).fillna(False) & f["kind"].isin(["count", "rank"])),
    (Filter(search="孵化"), lambda f: f["subject"].str.contains("孵化") | f["sentence"].str.contains("孵化")),
    (Filter(search="r&d"), lambda f: f["subject"].str.upper().str.contains("R&D")
     | f["sentence"].str.upper().str.contains("R&D")),
    (Filter(search="'; DROP TABLE claims; --"), lambda f: pd.Series(False, index=f.index)),
    (Filter({"region": ["湖北省' OR '1'='1"]}), lambda f: pd.Series(False, index=f.index)),
]


@pytest.mark.parametrize(("filters", "mask"), CASES)
def test_filters_match_pandas(filled: Store, frame: pd.DataFrame, filters: Filter,
                              mask: Callable[[pd.DataFrame], pd.Series]) -> None:
    want = frame[mask(frame).astype(bool)].reset_index(drop=True)
    # dtypes aside: an empty result comes back from DuckDB as object columns
    pd.testing.assert_frame_equal(filled.claims(filters), want, check_dtype=False)
    assert filled.count(filters) == len(want)
    pd.testing.assert_frame_equal(filled.claims(filters, limit=3), want.head(3), check_dtype=False)
    years = want["year"].dropna()
    assert filled.year_range(filters) == ((int(years.min()), int(years.max())) if len(years) else None)


@pytest.mark.parametrize(("filters", "mask"), CASES[:4])
def test_trend_aggregates_like_pandas(filled: Store, frame: pd.DataFrame, filters: Filter,
                                      mask: Callable[[pd.DataFrame], pd.Series]) -> None:
    dated = frame[mask(frame).astype(bool) & frame["year"].notna()]
    keys = list(store_module.TREND_KEYS)
    want = (dated.groupby(keys).agg(claims=("value", "size"), documents=("doc_id", "nunique"), value=("value", "median"),
                                    value_min=("value", "min"), value_max=("value", "max"))
            .reset_index().sort_values(keys, kind="stable").reset_index(drop=True))
    got = filled.trend(filters)
    got = got.sort_values(keys, kind="stable").reset_index(drop=True)
    pd.testing.assert_frame_equal(got, want, check_dtype=False)


@pytest.mark.parametrize("column", ["indicator", "region", "kind", "level", "status"])
def test_distinct_values_most_frequent_first(filled: Store, frame: pd.DataFrame, column: str) -> None:
    counts = frame[column].value_counts()
    assert filled.distinct_values(column) == sorted(counts.index, key=lambda v: (-counts[v], v))


@pytest.mark.parametrize("column", ["nope", 'indicator" FROM claims; --', "version"])
def test_unknown_columns_are_refused(filled: Store, column: str) -> None:
    with pytest.raises(ValueError, match="unknown column"):
        filled.distinct_values(column)
    with pytest.raises(ValueError, match="unknown column"):
        filled.count(Filter({column: ["x"]}))


def test_a_store_made_by_an_older_zhibiao_gains_new_columns(tmp_path: Path) -> None:
    with Store(tmp_path / "db") as store:
        store._con.execute('ALTER TABLE documents DROP COLUMN "title"')  # as if "title" were new in this version
    with Store(tmp_path / "db", read_only=True) as old:
        assert "title" not in old.documents().columns
    with Store(tmp_path / "db") as store:
        assert "title" in store.documents().columns
