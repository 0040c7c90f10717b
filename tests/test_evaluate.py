"""`zhibiao evaluate` agrees with the reference scorer on the seeds."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from extractors.cli import main
from extractors.evaluate import locate, score

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
REFERENCE = SHARED / "tools" / "score_claims.py"
needs_shared = pytest.mark.skipif(not REFERENCE.exists(), reason="../shared not beside the repository")


@pytest.fixture(scope="module")
def seed_claims(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("seeds") / "claims.csv"
    assert main(["extract", str(ROOT / "data" / "corpus"), "-o", str(out), "--workers", "1", "-q"]) == 0
    return out


@needs_shared
def test_evaluate_agrees_with_reference(seed_claims: Path) -> None:
    ref = json.loads(subprocess.run(
        [sys.executable, str(REFERENCE), str(SHARED / "gold" / "seeds.csv"), str(SHARED / "corpus" / "seeds"),
         str(seed_claims), "--json"], capture_output=True, text=True, check=True).stdout)
    ours = score(SHARED / "gold" / "seeds.csv", SHARED / "corpus" / "seeds", seed_claims)
    assert (ours.tp, ours.fp, len(ours.missed)) == (ref["tp"], ref["fp"], ref["fn"])
    assert round(ours.f1, 4) == ref["f1"]
    assert round(ours.strict_f1, 4) == ref["strict_f1"]
    for field, acc in ref["field_acc"].items():
        assert round(ours.field_accuracy()[field], 4) == acc, field


@needs_shared
def test_seed_scores_meet_the_bar(seed_claims: Path) -> None:
    report = score(SHARED / "gold" / "seeds.csv", SHARED / "corpus" / "seeds", seed_claims)
    assert report.f1 >= 0.97
    assert report.strict_f1 >= 0.90
    assert min(report.field_accuracy().values()) >= 0.95


@pytest.mark.parametrize(("text", "quote", "nth", "span"), [
    ("共22个,其中122个", "22个", 1, (1, 4)),
    ("共22个,其中122个", "22个", 2, None),
    ("项目22个、基地22个", "22个", 2, (8, 11)),
])
def test_locate_skips_quotes_inside_longer_numbers(text: str, quote: str, nth: int, span: tuple | None) -> None:
    assert locate(text, quote, nth) == span
