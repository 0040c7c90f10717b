"""Determinism (issue 6): the same inputs give byte-identical output files, whatever the number of
workers, the process, its hash seed, or an earlier run's output lying among the inputs."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import docx
import pytest

from extractors import read_table
from extractors.cli import main

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "data" / "corpus"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled corpus, one of its documents in other encodings and formats, and a broken file."""
    root = tmp_path_factory.mktemp("corpus")
    shutil.copytree(BUNDLED, root / "bundled")
    text = sorted(BUNDLED.glob("*.txt"))[0].read_text(encoding="utf-8")
    (root / "gbk.txt").write_bytes(text.replace("\n", "\r\n").encode("gb18030"))
    (root / "utf16.txt").write_bytes(text.encode("utf-16"))
    (root / "page.html").write_text(f"<html><head><title>答复</title></head><body><p>{text}</p></body></html>",
                                    encoding="utf-8")
    rows = "".join(f'"{line}"\n' for line in text.splitlines() if line.strip())
    (root / "export.csv").write_text("text\n" + rows, encoding="utf-8")
    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    document.save(root / "word.docx")
    (root / "broken.pdf").write_bytes(b"%PDF-1.4 broken")
    return root


def _in_process(corpus: Path, out_dir: Path, workers: str) -> None:
    with contextlib.redirect_stderr(io.StringIO()):
        main(["extract", str(corpus), "-o", str(out_dir / "claims.csv"), "--report", str(out_dir / "report.csv"),
              "-q", "--workers", workers])


def _in_subprocess(corpus: Path, out_dir: Path, workers: str, seed: str) -> None:
    subprocess.run([sys.executable, "-m", "extractors.cli", "extract", str(corpus), "-o", str(out_dir / "claims.csv"),
                    "--report", str(out_dir / "report.csv"), "-q", "--workers", workers],
                   cwd=ROOT, env={**os.environ, "PYTHONHASHSEED": seed}, check=True, capture_output=True)


def _outputs(out_dir: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out_dir.iterdir())}


Run = Callable[[Path, Path], None]  # (inputs, output directory)

# (case, how the first run goes, how the second) — each run writes into a fresh directory.
CASES: list[tuple[str, Run, Run]] = [
    ("the same run twice", lambda c, o: _in_process(c, o, "1"), lambda c, o: _in_process(c, o, "1")),
    ("one worker or two", lambda c, o: _in_process(c, o, "1"), lambda c, o: _in_process(c, o, "2")),
    ("two processes, different hash seeds", lambda c, o: _in_subprocess(c, o, "2", "1"),
     lambda c, o: _in_subprocess(c, o, "2", "2")),
]


@pytest.mark.parametrize(("case", "first", "second"), CASES, ids=[c[0] for c in CASES])
def test_the_same_inputs_give_the_same_bytes(corpus: Path, tmp_path: Path, case: str, first: Run, second: Run) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first(corpus, tmp_path / "a")
    second(corpus, tmp_path / "b")
    a, b = _outputs(tmp_path / "a"), _outputs(tmp_path / "b")
    assert sorted(a) == ["claims.csv", "claims.documents.parquet", "report.csv"]
    assert sorted(b) == sorted(a)
    assert [name for name in a if a[name] != b[name]] == []
    assert len(read_table(tmp_path / "a" / "claims.csv")) > 100
    assert read_table(tmp_path / "a" / "report.csv")["status"].tolist().count("failed") == 1


def test_a_rerun_into_its_own_input_directory_reads_the_same_inputs(corpus: Path, tmp_path: Path) -> None:
    work, elsewhere = tmp_path / "work", tmp_path / "elsewhere"
    shutil.copytree(corpus, work)
    elsewhere.mkdir()
    _in_process(work, elsewhere, "1")
    for _ in range(2):  # the second run finds the first one's output among its inputs
        _in_process(work, work, "1")
    for name in ("claims.csv", "claims.documents.parquet"):
        assert (work / name).read_bytes() == (elsewhere / name).read_bytes(), name
    report = read_table(work / "report.csv")
    own = report[report["reason"].str.contains("this run's own output", regex=False)]
    assert sorted(Path(p).name for p in own["path"]) == ["claims.csv", "claims.documents.parquet", "report.csv"]
    assert set(report.loc[report["status"] == "skipped", "path"]) - set(own["path"]) == set(
        report.loc[report["reason"].str.startswith("same text as"), "path"])
