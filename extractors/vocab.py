"""The vocabulary: data files in ``extractors/data`` turned into Python objects.

Everything the rules know about words (indicators, units, qualifiers, context words,
regions, noise) is read from there, so that adding a synonym never touches code.
"""

from __future__ import annotations

import csv
import dataclasses
import functools
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import ahocorasick_rs
import regex
import yaml

DATA_DIR = Path(__file__).parent / "data"


def alternation(words: Iterable[str]) -> str:
    """A non-capturing alternation of literal words, escaped, preferring the longest word.

    Built as a trie (荆门|荆州 → 荆(?:门|州)) so that a position that starts no word fails at
    once: thousands of region names cost little more than a few. At each node the longer
    continuations come first and ending the word last, so 省级及以上 wins over 省级.
    """
    trie: dict = {}
    for word in set(words):
        if not word:
            continue
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    if not trie:
        return "(?!)"
    return "(?:" + _trie_pattern(trie) + ")"


def _trie_pattern(node: dict) -> str:
    branches = []
    for ch in sorted(k for k in node if k):
        branches.append(regex.escape(ch) + _trie_suffix(node[ch]))
    return "|".join(branches)


def _trie_suffix(node: dict) -> str:
    children = {k: v for k, v in node.items() if k}
    if not children:
        return ""
    inner = _trie_pattern(children)
    group = inner if len(inner) == 1 else f"(?:{inner})"
    return group + ("?" if "" in node else "")


class WordMatcher:
    """Leftmost-longest search for many literal words at once (an Aho-Corasick automaton).

    Region names (3,500) and indicator synonyms are plain words: an automaton finds them in
    one pass, where a regex alternation of thousands of words tries each position in turn.
    """

    def __init__(self, words: Iterable[str]) -> None:
        self.words = sorted({w for w in words if w})
        self._automaton = ahocorasick_rs.AhoCorasick(self.words, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, str]]:
        """(start, end, word) of every match in text[start:end], offsets into ``text``."""
        window = text[start:end] if start or end is not None else text
        return [(start + s, start + e, self.words[i]) for i, s, e in self._automaton.find_matches_as_indexes(window)]


# libyaml's safe loader reads the vocabulary ten times faster than the pure-Python one (every start
# of the CLI and of the dashboard waits for it); both read the same documents the same way.
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(path: str | Path) -> dict:
    """A YAML file (a name inside extractors/data, or a path)."""
    with open(DATA_DIR / path, encoding="utf-8") as fh:
        return yaml.load(fh, Loader=YAML_LOADER)


@dataclass(frozen=True)
class Indicator:
    key: str
    zh: str
    en: str
    measures: str
    synonyms: tuple[str, ...]
    not_after: str = ""
    not_after_word: dict[str, str] = field(default_factory=dict)  # guards of one synonym only
    not_before_word: dict[str, tuple[str, ...]] = field(default_factory=dict)
    not_before: tuple[str, ...] = ()  # words that must not follow any of its synonyms
    not_after_in_clause: tuple[str, ...] = ()  # words that must not stand before a synonym in its clause
    generic: frozenset[str] = frozenset()
    cues: tuple[str, ...] = ()
    after_value: tuple[str, ...] = ()
    before_value: tuple[str, ...] = ()
    # A share of another indicator (研发经费 + 占地区生产总值比重 → rd_intensity): its base and suffixes.
    base: str = ""
    suffixes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Region:
    name: str
    level: str  # province | city | county
    province: str
    city: str
    short: str


@dataclass(frozen=True)
class Vocabulary:
    indicators: dict[str, Indicator]
    units: dict
    qualifiers: dict
    context: dict
    noise: dict
    regions: tuple[Region, ...]
    region_extra: dict

    @functools.cached_property
    def synonym_to_key(self) -> dict[str, str]:
        return {syn: ind.key for ind in self.indicators.values() for syn in ind.synonyms}

    @functools.cached_property
    def synonym_tails(self) -> dict[str, tuple[tuple[str, str], ...]]:
        """Tails of synonyms that a clause may open with when the head was named in the clause before
        (登记技术合同6.1万项,成交额4120.8亿元): tail → ((head, synonym), …); tails of 3+ characters that
        are no synonym of their own, heads of 2+."""
        out: dict[str, list[tuple[str, str]]] = {}
        synonyms = self.synonym_to_key
        for synonym in synonyms:
            for cut in range(2, len(synonym) - 2):
                tail = synonym[cut:]
                if tail not in synonyms:
                    out.setdefault(tail, []).append((synonym[:cut], synonym))
        return {tail: tuple(pairs) for tail, pairs in out.items()}

    @functools.cached_property
    def indicator_matcher(self) -> WordMatcher:
        return WordMatcher(self.synonym_to_key)

    @functools.cached_property
    def region_matcher(self) -> WordMatcher:
        return WordMatcher(self.region_by_name)

    @functools.cached_property
    def regions_named(self) -> dict[str, tuple[Region, ...]]:
        """Every region of a name that several share (西湖区 of 杭州市 and of 南昌市)."""
        out: dict[str, list[Region]] = {}
        for reg in self.regions:
            out.setdefault(reg.name, []).append(reg)
        return {name: tuple(regs) for name, regs in out.items() if len(regs) > 1}

    @functools.cached_property
    def region_by_name(self) -> dict[str, Region]:
        """Every way a region is written (full name, and short name for provinces and cities)."""
        skip = set(self.region_extra["ambiguous_short"])
        out: dict[str, Region] = {}
        # Provinces last so that a short name shared by a province and a city (吉林) means the province.
        order = {"county": 0, "city": 1, "province": 2}
        for reg in sorted(self.regions, key=lambda r: order[r.level]):
            out[reg.name] = reg
            if reg.short and reg.level in ("province", "city") and reg.short not in skip:
                out[reg.short] = reg
        for alias, name in self.region_extra["aliases"].items():
            out[alias] = out[name]
        for reg in self.regions:
            # 大理州, 红河州: a prefecture's short name with 州 is no ordinary word, even when the short name is.
            if reg.name.endswith("自治州") and reg.short and reg.short + "州" not in out:
                out[reg.short + "州"] = reg
        for new, old in self.region_extra["renamed"].items():
            out[old] = out[new]
        return out


def _read_regions() -> tuple[Region, ...]:
    with open(DATA_DIR / "regions.tsv", encoding="utf-8") as fh:
        rows = csv.DictReader((line for line in fh if not line.startswith("#")), delimiter="\t")
        return tuple(Region(**{k: (v or "") for k, v in row.items()}) for row in rows)


def _renamed(regions: tuple[Region, ...], renamed: dict[str, str], added: dict[str, str]) -> tuple[Region, ...]:
    """The regions under their current names (神木县 became 神木市 in 2017), and districts set up since
    (坪山区 of 深圳市)."""
    new_of = {old: new for new, old in renamed.items()}
    current = tuple(dataclasses.replace(r, name=new_of[r.name]) if r.name in new_of else r for r in regions)
    cities = {r.name: r for r in current if r.level == "city"}
    return current + tuple(Region(name, "county", cities[city].province, city, "") for name, city in added.items())


@functools.cache
def vocabulary() -> Vocabulary:
    raw = load_yaml("indicators.yaml")
    region_extra = load_yaml("regions_extra.yaml")
    indicators = {
        key: Indicator(
            key=key,
            zh=spec["zh"],
            en=spec["en"],
            measures=spec["measures"],
            synonyms=tuple(spec["synonyms"]),
            not_after=spec.get("not_after", ""),
            not_after_word=dict(spec.get("not_after_word", {})),
            not_before_word={word: tuple(after) for word, after in spec.get("not_before_word", {}).items()},
            not_before=tuple(spec.get("not_before", ())),
            not_after_in_clause=tuple(spec.get("not_after_in_clause", ())),
            generic=frozenset([*spec.get("generic", ()), *spec.get("after_value", ()), *spec.get("before_value", ())]),
            cues=tuple(spec.get("cues", ())),
            after_value=tuple(sorted(spec.get("after_value", ()), key=len, reverse=True)),
            before_value=tuple(spec.get("before_value", ())),
        )
        for key, spec in raw.items()
    }
    for key, spec in raw.items():
        if "compose" in spec:
            parts = set(spec["compose"].get("not_from", ()))
            base = [b for b in indicators[spec["compose"]["base"]].synonyms if b not in parts]
            suffixes = tuple(spec["compose"]["suffixes"])
            extra = tuple(b + suffix for b in base for suffix in suffixes)
            synonyms = tuple(dict.fromkeys(indicators[key].synonyms + extra))
            indicators[key] = dataclasses.replace(indicators[key], synonyms=synonyms,
                                                  base=spec["compose"]["base"], suffixes=suffixes)
    return Vocabulary(
        indicators=indicators,
        units=load_yaml("units.yaml"),
        qualifiers=load_yaml("qualifiers.yaml"),
        context=load_yaml("context.yaml"),
        noise=load_yaml("noise.yaml"),
        regions=_renamed(_read_regions(), region_extra["renamed"], region_extra["added"]),
        region_extra=region_extra,
    )


@functools.cache
def word_pattern(section: str, key: str, before: str = "", after: str = "") -> regex.Pattern:
    """The words of one list of the vocabulary (``section``: context, units, noise …) as a pattern, longest
    first, with fixed pattern text before and after them: each rule's word list is compiled once, here."""
    return regex.compile(f"{before}(?:{alternation(getattr(vocabulary(), section)[key])}){after}")


@functools.cache
def generic_words() -> frozenset[str]:
    """The synonyms that name an indicator only beside one of its cues (资金, 成交额), of every indicator."""
    return frozenset(w for spec in vocabulary().indicators.values() for w in spec.generic)


@functools.cache
def word_set(section: str, key: str) -> frozenset[str]:
    """The words of one list of the vocabulary, for membership tests."""
    return frozenset(getattr(vocabulary(), section)[key])


@functools.cache
def word_tuple(section: str, key: str) -> tuple[str, ...]:
    """The words of one list of the vocabulary, for ``str.startswith`` at a known position."""
    return tuple(getattr(vocabulary(), section)[key])

