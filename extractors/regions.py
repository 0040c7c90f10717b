"""Place names in running text → canonical regions (湖北 → 湖北省, 荆门 → 荆门市)."""

from __future__ import annotations

import functools
from collections.abc import Iterator

import regex

from .numbers import CHINESE_DIGITS
from .vocab import Region, alternation, vocabulary

# A short quoted name around a place (“数字福建”建设).
_QUOTE_REACH = 6
_QUOTED = regex.compile(rf'[^"\n]{{0,{_QUOTE_REACH}}}"')
_QUOTE_OPENS = regex.compile(rf'"[^"\n]{{0,{_QUOTE_REACH}}}\Z')
# How far after a place the end of an organisation's name is looked for (贵州|朗玛信息技术股份有限公司).
_ORG_REACH = 18
# 全 ending another word is no self-reference (健全省级…, 完全市场化, 安全区).
_NOT_INSIDE_WORD = r"(?<![健完安齐])"
# Long enough for any place name a level prefix (省, 市) might end (鄂尔多斯市, 新疆维吾尔自治区).
_LONGEST_NAME = 12


class RegionFinder:
    def __init__(self) -> None:
        v = vocabulary()
        self._by_name = v.region_by_name
        self._matcher = v.region_matcher
        ctx = v.context
        # (What must name an organisation is the gap and a short suffix: 有 in 有限公司 is no verb of having, and
        # 武汉市重点实验室 is no organisation's name.)
        self._org_after = regex.compile(
            rf"(?P<gap>\p{{Han}}{{0,6}}?)(?P<short>{alternation(ctx['org_suffixes'])})"
            rf"|(?P<gap>\p{{Han}}{{0,12}}?)(?:{alternation(ctx['org_long_suffixes'])})"
            rf"|(?P<gap>\p{{Han}}{{0,12}}?(?:{alternation(ctx['org_list_heads'])}))"
            rf"(?={alternation(ctx['org_list_more'])}[\d{CHINESE_DIGITS}十百千])")
        self._org_not_before = regex.compile(alternation(ctx["org_suffix_not_before"]))
        self._not_org = regex.compile(alternation(ctx["org_not_within"] + ctx["measure_new"] + ctx["have_words"]
                                                  + ctx["levels"]))
        self._self_province = regex.compile(_NOT_INSIDE_WORD + alternation(ctx["self_province"]))
        self._self_city = regex.compile(_NOT_INSIDE_WORD + alternation(ctx["self_city"]))
        self._self_prefecture = regex.compile(_NOT_INSIDE_WORD + alternation(ctx["self_prefecture"]))
        self._self_local = regex.compile(_NOT_INSIDE_WORD + alternation(ctx["self_local"]))
        word_after = v.region_extra["word_after"]
        self._full_word_after: dict[str, str] = word_after["full"]
        self._short_word_after: str = word_after["short"]
        self._word_before: dict[str, str] = v.region_extra["word_before"]

    @classmethod
    @functools.cache
    def default(cls) -> RegionFinder:
        return cls()

    def lookup(self, name: str) -> Region | None:
        return self._by_name.get(name)

    def places(self, text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int, Region]]:
        """Place names in text[start:end], leaving out those that begin an organisation's name."""
        for s, e, name in self._matcher.find(text, start, end):
            region = self._by_name[name]
            org = self._org_after.match(text, e, min(len(text), e + _ORG_REACH))
            # 南京市现有国家大学科技园6家 counts the city's parks; 浙江大学科技园 is a university's.
            if org is not None and not (name == region.name and self._org_not_before.match(text, org.end())) and (
                    self._not_org.search(org["gap"] + (org["short"] or "")) is None):
                continue
            after = text[e:e + 1]
            # 城市和县城: 和县 before 城 is the conjunction 和 and 县城 (沛县城区 is 沛县).
            if len(name) == 2 and name == region.name and name[0] in "和与及" and after == "城":
                continue
            if after and after in (self._full_word_after.get(name[-1], "") if name == region.name
                                   else self._short_word_after):
                continue
            if s > 0 and text[s - 1] in self._word_before.get(name, ""):
                continue
            # "数字福建", "工赋山东": a place inside a short quoted name is a slogan's, no region.
            if _QUOTED.match(text, e) and _QUOTE_OPENS.search(text, max(0, s - _QUOTE_REACH), s):
                continue
            yield s, e, region

    def name_ends(self, text: str, pos: int) -> bool:
        """Whether a place name ends at ``pos`` (湖北|省, 湖北省|), organisations' names included."""
        return any(e == pos for _, e, _ in self._matcher.find(text, max(0, pos - _LONGEST_NAME), pos))

    def self_references(self, text: str, start: int, end: int) -> Iterator[tuple[int, int, str]]:
        """全省/我省 (→ "province"), 全市/我市 (→ "city"), 全州/全盟 (→ "prefecture"), 全区/我县 (→ "local") in
        text[start:end]."""
        for level, pattern in (("province", self._self_province), ("city", self._self_city),
                               ("prefecture", self._self_prefecture), ("local", self._self_local)):
            for m in pattern.finditer(text, start, end):
                yield m.start(), m.end(), level
