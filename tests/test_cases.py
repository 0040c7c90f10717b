"""Golden case tables: text → expected claims (tests/cases/*.yaml).

Each case lists every claim the text must give, in order, by its `text`, with the fields
that matter for it; `expect: []` is a negative. A case with `xfail: reason` is a known gap
and runs as a strict xfail, so fixing it makes the suite say so.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from extractors import extract

CASES_DIR = Path(__file__).parent / "cases"


def _load_cases() -> list:
    params = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")):
            marks = [pytest.mark.xfail(reason=case["xfail"], strict=True)] if case.get("xfail") else []
            params.append(pytest.param(case, id=f"{path.stem}:{case['name']}", marks=marks))
    return params


def _same(expected: object, actual: object) -> bool:
    if isinstance(expected, float | int) and not isinstance(expected, bool) and actual is not None:
        return abs(float(actual) - float(expected)) <= 1e-6 * max(1.0, abs(float(expected)))
    if expected is None or expected == "":
        return actual in (None, "")
    return expected == actual


@pytest.mark.parametrize("case", _load_cases())
def test_case(case: dict) -> None:
    text = case["text"]
    claims = extract(text, published=str(case["published"]) if case.get("published") else None,
                     title=case.get("title"))
    for claim in claims:
        assert text[claim.start:claim.end] == claim.text
    got = [c.text for c in claims]
    want = [e["text"] for e in case["expect"]]
    assert got == want, f"claims found {got}, expected {want}"
    for claim, expected in zip(claims, case["expect"], strict=True):
        for field, value in expected.items():
            actual = getattr(claim, field)
            assert _same(value, actual), f"{claim.text}: {field} = {actual!r}, expected {value!r}"
