"""Offsets always point into the document's text: doc_text[start:end] == text."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors import COLUMNS, extract, load_all

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
BUNDLED = Path(__file__).resolve().parents[1] / "data" / "corpus"

# Characters the rules care about, so random text often looks like a claim.
_ALPHABET = st.sampled_from(
    list("0123456789.,%-~*万亿千百十一二两三五家个项名人次元年月日底近超过多余以上第位全国省市其中分别增长倍翻番")
    + list("高新技术企业孵化器众创空间湖北荆门武汉(yè)\"《》、,;。\n\r ：，％０１２業")
)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=120) | st.text(max_size=80))
def test_arbitrary_text_never_raises_and_keeps_offsets(text: str) -> None:
    for claim in extract(text, published="2024-01-01"):
        assert 0 <= claim.start < claim.end <= len(text)
        assert text[claim.start:claim.end] == claim.text


def _corpus_files() -> list[Path]:
    roots = [BUNDLED] + ([SHARED] if SHARED.exists() else [])
    return [p for root in roots for p in sorted(root.rglob("*")) if p.is_file() and p.suffix != ".tsv"]


@pytest.mark.parametrize("path", _corpus_files(), ids=lambda p: p.name)
def test_offsets_hold_on_every_corpus_document(path: Path) -> None:
    for doc in load_all(path):
        claims = extract(doc.text, published=doc.published, title=doc.title, source=path.name)
        for claim in claims:
            assert doc.text[claim.start:claim.end] == claim.text, (path.name, claim)


_ADVERSARIAL_UNITS = st.sampled_from(
    ["1", "万", "近超过多余", "家个项", "第", "全国第", "1.", "1,", "*", "(yè)", "x7 ", "《", '"', "、"])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(_ADVERSARIAL_UNITS, st.integers(1, 400)), min_size=1, max_size=6))
def test_adversarial_runs_never_raise(runs: list[tuple[str, int]]) -> None:
    text = "".join(unit * count for unit, count in runs)
    for claim in extract(text, published="2024-01-01"):
        assert text[claim.start:claim.end] == claim.text


def test_a_row_is_the_claim_field_by_field() -> None:
    claims = extract("截至2020年底,全省高新技术企业数量达10400家,位居全国第七;研发投入增长12%。", published="2021-07-29")
    assert claims
    for claim in claims:
        assert claim.as_row() == dataclasses.asdict(claim)
        assert list(claim.as_row()) == list(COLUMNS)
