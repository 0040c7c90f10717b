"""Extraction on a Dask cluster gives exactly the rows of the local engine."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from distributed import LocalCluster

from extractors import extract_paths
from extractors.distributed import CLAIMS_DIR, DOCUMENTS_DIR, extract_with_dask
from extractors.synth import generate

ROOT = Path(__file__).resolve().parents[1]
# Text, GBK with CRLF, HTML, PDF and CSV exports (several documents per file) when the shared corpus is there.
CORPORA = [p for p in (ROOT / "data" / "corpus", ROOT.parent / "shared" / "corpus" / "real") if p.is_dir()]
KEY = ["source", "start"]


@pytest.fixture(scope="module")
def cluster() -> Iterator[LocalCluster]:
    with LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None) as c:
        yield c


@pytest.fixture(scope="module")
def paths(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    docs, _ = generate(30, tmp_path_factory.mktemp("synth"))
    return [*CORPORA, docs, ROOT / "no_such_file.txt"]


@pytest.fixture(scope="module")
def local(paths: list[Path]) -> pd.DataFrame:
    return extract_paths(paths, workers=1).claims.sort_values(KEY, kind="stable").reset_index(drop=True)


@pytest.mark.parametrize("files_per_task", [1, 4, 10_000])
def test_dask_gives_the_rows_of_the_local_engine(cluster: LocalCluster, paths: list[Path], local: pd.DataFrame,
                                                 tmp_path: Path, files_per_task: int) -> None:
    total = extract_with_dask(paths, cluster.scheduler_address, tmp_path, files_per_task=files_per_task)
    got = pd.read_parquet(tmp_path / CLAIMS_DIR).sort_values(KEY, kind="stable").reset_index(drop=True)
    assert total == len(got) == len(local)
    pd.testing.assert_frame_equal(got, local, check_dtype=False)
    documents = pd.read_parquet(tmp_path / DOCUMENTS_DIR)
    assert set(documents["doc_id"]) == set(local["doc_id"]) | set(documents.loc[documents["claims"] == 0, "doc_id"])
    assert "no_such_file.txt" in (tmp_path / "failures.tsv").read_text(encoding="utf-8")


def test_a_second_run_replaces_the_parts_of_the_first(cluster: LocalCluster, paths: list[Path], tmp_path: Path) -> None:
    extract_with_dask(paths, cluster.scheduler_address, tmp_path, files_per_task=1)
    total = extract_with_dask(paths[-2:], cluster.scheduler_address, tmp_path, files_per_task=100)
    assert len(list((tmp_path / CLAIMS_DIR).glob("*.parquet"))) == 1
    assert len(pd.read_parquet(tmp_path / CLAIMS_DIR)) == total
