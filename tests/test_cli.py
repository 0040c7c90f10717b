"""The extract command: formats by suffix, a summary, bad files named, the batch goes on."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from extractors import COLUMNS, read_table
from extractors.cli import main

GOOD = "截至2020年底,全省高新技术企业数量达10400家,位居全国第七。"


@pytest.mark.parametrize("suffix", [".csv", ".parquet", ".jsonl"])
def test_extract_writes_every_format(tmp_path: Path, suffix: str) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(GOOD, encoding="utf-8")
    out = tmp_path / f"claims{suffix}"
    assert main(["extract", str(tmp_path / "in"), "-o", str(out), "-q", "--workers", "1"]) == 0
    frame = read_table(out)
    assert list(frame.columns) == list(COLUMNS)
    assert frame["text"].tolist() == ["10400家", "全国第七"]


def test_csv_has_a_bom_for_excel(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    out = tmp_path / "c.csv"
    main(["extract", str(tmp_path / "a.txt"), "-o", str(out), "-q", "--workers", "1"])
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")


def test_bad_files_are_named_and_the_batch_goes_on(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    (tmp_path / "good.txt").write_text(GOOD, encoding="gb18030")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02\xff" * 100)
    (tmp_path / "sheet.xlsx").write_bytes(b"PK\x03\x04")
    out = tmp_path / "c.csv"
    assert main(["extract", str(tmp_path), "-o", str(out), "-q", "--workers", "2"]) == 0
    err = capsys.readouterr().err
    for name, reason in [("empty.txt", "empty"), ("binary.txt", "binary"), ("sheet.xlsx", "unsupported")]:
        assert any(name in line and reason in line for line in err.splitlines()), (name, err)
    assert pd.read_csv(out, encoding="utf-8-sig")["source"].unique().tolist() == ["good.txt"]


def test_nothing_readable_exits_non_zero(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    assert main(["extract", str(tmp_path), "-o", str(tmp_path / "c.csv"), "-q"]) == 1
