"""The synthetic corpus: deterministic documents, gold that locates, and recall of the extractor on it."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from extractors import extract_paths, write_table
from extractors.evaluate import locate, score
from extractors.synth import GOLD_COLUMNS, chinese_number, document, generate, nth_occurrence


@pytest.mark.parametrize(("n", "written"), [(1, "一"), (7, "七"), (10, "十"), (12, "十二"), (20, "二十"), (31, "三十一")])
def test_chinese_number(n: int, written: str) -> None:
    assert chinese_number(n) == written


@pytest.mark.parametrize(("text", "quote", "start", "nth"), [
    ("12家,12家", "12家", 4, 2),
    ("112家,12家", "12家", 5, 1),  # right after a digit an occurrence does not count
    ("全国第七、中部第七", "第七", 7, 2),
])
def test_nth_occurrence(text: str, quote: str, start: int, nth: int) -> None:
    assert nth_occurrence(text, quote, start) == nth
    assert locate(text, quote, nth)[0] == start


@pytest.mark.parametrize("index", [0, 1, 57, 999_999])
def test_document_is_a_function_of_seed_and_index(index: int) -> None:
    first, again, other = document(index), document(index), document(index, seed=1)
    assert first == again
    assert first.text != other.text
    for gold in first.gold:
        assert first.text[gold.start:gold.start + len(gold.quote)] == gold.quote


def test_generate_writes_documents_and_locatable_gold(tmp_path: Path) -> None:
    docs, gold = generate(25, tmp_path)
    assert sorted(p.name for p in docs.iterdir()) == [f"synth_{i:07d}.txt" for i in range(25)]
    with open(gold, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert tuple(rows[0]) == GOLD_COLUMNS
    assert {r["doc"] for r in rows} == {f"synth_{i:07d}.txt" for i in range(25)}
    for r in rows:
        assert locate((docs / r["doc"]).read_text(encoding="utf-8"), r["quote"], int(r["nth"])) is not None


@pytest.mark.parametrize("seed", [0, 1])
def test_extractor_recall_on_synthetic_corpus(tmp_path: Path, seed: int) -> None:
    docs, gold = generate(100, tmp_path, seed=seed)
    claims = tmp_path / "claims.parquet"
    write_table(extract_paths([docs], workers=2).claims, claims)
    report = score(gold, docs, claims)
    assert report.recall >= 0.99, report.missed[:20]
    assert report.precision >= 0.99, report.spurious[:20]
