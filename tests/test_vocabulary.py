"""The vocabulary data files are consistent: no duplicate synonyms, every key documented."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
import regex
import yaml

from extractors.vocab import DATA_DIR, alternation, load_yaml, vocabulary

SPEC = Path(__file__).resolve().parents[1].parent / "shared" / "SPEC.md"


def test_every_data_file_says_where_it_came_from() -> None:
    for path in DATA_DIR.iterdir():
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("#"), f"{path.name} has no header comment"


class _UniqueKeys(yaml.SafeLoader):
    """A loader that refuses a mapping writing one key twice (YAML keeps the last silently)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        keys = [self.construct_object(k, deep=deep) for k, _ in node.value]
        repeated = sorted({k for k in keys if keys.count(k) > 1})
        if repeated:
            raise yaml.constructor.ConstructorError(None, None, f"keys written twice: {repeated}", node.start_mark)
        return super().construct_mapping(node, deep=deep)


@pytest.mark.parametrize("path", sorted(p.name for p in DATA_DIR.glob("*.yaml")))
def test_no_data_file_writes_a_key_twice(path: str) -> None:
    yaml.load((DATA_DIR / path).read_text(encoding="utf-8"), Loader=_UniqueKeys)


def test_no_synonym_belongs_to_two_indicators() -> None:
    counts = Counter(s for ind in vocabulary().indicators.values() for s in set(ind.synonyms))
    assert [s for s, n in counts.items() if n > 1] == []


@pytest.mark.parametrize("name", ["indicators.yaml"])
def test_no_duplicate_within_a_list(name: str) -> None:
    for key, spec in load_yaml(name).items():
        dupes = [s for s, n in Counter(spec["synonyms"]).items() if n > 1]
        assert dupes == [], f"{key}: {dupes}"


def test_context_lists_have_no_duplicates() -> None:
    for section, words in load_yaml("context.yaml").items():
        dupes = [w for w, n in Counter(list(words)).items() if n > 1]
        assert dupes == [], f"context.yaml {section}: {dupes}"


def test_every_indicator_is_documented_in_both_languages() -> None:
    for ind in vocabulary().indicators.values():
        assert ind.zh and ind.en, ind.key
        assert ind.measures in ("count", "amount", "percent"), ind.key
        assert ind.synonyms, ind.key


@pytest.mark.skipif(not SPEC.exists(), reason="SPEC.md not beside the repository")
def test_spec_keys_are_all_present() -> None:
    table = SPEC.read_text(encoding="utf-8").split("## 4.")[1]
    keys = re.findall(r"^\| ([a-z_]+) \|", table, flags=re.MULTILINE)
    assert keys and set(keys) - {"key"} <= set(vocabulary().indicators)


@pytest.mark.parametrize(("text", "longest"), [
    ("省级及以上孵化器", "省级及以上"), ("省级以上", "省级以上"), ("省级孵化器", "省级"),
    ("1+4", "1+4"), ("元人民币", "元人民币"),
])
def test_alternation_prefers_the_longest_word(text: str, longest: str) -> None:
    pattern = alternation(["省级", "省级及以上", "省级以上", "1+4", "元", "元人民币", "1"])
    assert regex.match(pattern, text).group() == longest


def test_region_short_names_resolve_to_full_names() -> None:
    by_name = vocabulary().region_by_name
    assert by_name["荆门"].name == "荆门市"
    assert by_name["湖北"].name == "湖北省"
    assert by_name["吉林"].name == "吉林省"
    assert "长治" not in by_name
