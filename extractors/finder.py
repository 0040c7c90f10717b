"""Find the numbers that are claims: quantities with a unit, ranks, doublings.

Works on the cleaned text and returns :class:`Mention` objects in cleaned-text offsets;
what the number measures (indicator, year, region …) is attached later by ``context``.
"""

from __future__ import annotations

import functools
from bisect import bisect_right
from collections import deque
from dataclasses import dataclass, replace

import regex

from .numbers import (
    CHINESE_NUMERAL_CHARS,
    digits_to_ascii,
    is_plain_chinese_digit,
    parse_arabic,
    parse_chinese,
    parse_number,
)
from .patterns import FROM_WORD, YEAR, budget, patterns
from .patterns import HAN as _HAN
from .regions import RegionFinder
from .vocab import alternation, vocabulary, word_pattern, word_set, word_tuple

_BOOK_TITLE = regex.compile(r"《[^《》\n]{0,80}》")
# A quote a correction takes back ("…超过8万家"有误): its reach either side of the value, and its opening.
_QUOTE_SPAN = 40
# How far back in its sentence the head of a list of conditions governs a bound (认定标准为:…,…,且…不低于1000万元).
_CONDITION_HEAD_REACH = 200
_QUOTE_OPEN = regex.compile(rf'"[^"\n]{{0,{_QUOTE_SPAN}}}\Z')
_SHORT_QUOTE = regex.compile(r'"[^"\n]{1,12}"')
_DIGITS_IN_A_ROW = regex.compile(r"[一二两三四五六七八九]{2}")
_WORD_CHAR = regex.compile(r"[\p{Han}A-Za-z0-9]")
# 至 and 到 are left out: 由2.1%至2.5% is a change, not a range.
_RANGE_SEPARATORS = ("-", "~")
# … and words joining a range's ends when no from-word opens a change (10万元至30万元; not 由10%提高至12%), nor a
# verb of change a change and the level it reached (净增412家至2100家).
_RANGE_WORDS = ("至", "到")
_CHANGE_BEFORE = regex.compile(r"(?:增|减|升|降|提高|扩大|缩小)\p{Han}?\Z")
# Scales below 亿 that an amount written with 亿 first goes on with (2亿3000万元).
_BELOW_YI = frozenset(("万", "千万", "百万"))
_YI_BEFORE = regex.compile(rf"(?<![\d.{CHINESE_NUMERAL_CHARS}])(?P<num>\d{{1,6}}|[{CHINESE_NUMERAL_CHARS}]{{1,6}})亿\Z")
# A sign right before a rate, after a word or a break (自然增长率-7.24‰; not 5%-5.5%, a range).
_SIGNED = regex.compile(r"(?:(?<=[\p{Han}:,;(\s])|^)[-负]\Z")
_MAX_BARE_ITEMS = 8
_SHARE_LEAD_REACH = 14
_RANK_FRAME_REACH = 60
_PEERS_REACH = 16
# A place ranked in, between a ranking verb and the position (均居许昌市第一, 居宁波各区县(市)第二): at most this
# many characters after the place's name.
_PLACE_SCOPE_TAIL = regex.compile(r"(?:各\p{Han}{0,4})?(?:\([^()\n]{1,6}\))?\Z")
_BAND_REACH = 10
_ADDED_REACH = 6
_CONDITION_REACH = 40
_QUOTA_REACH = 6  # the longest quota word
_TEN_SCALED = frozenset({"十万", "十亿", "十万亿"})
_MONEY_NOUN_REACH = 20
_SENTENCE_END = regex.compile(r"[;。!?\n]")
_RULE_BOUNDS = frozenset({"range", "at_least", "at_most"})
# 年前, 目前, 之前, 提前, 此前, 以前: 前 ending a word of time.
_NOT_BAND_BEFORE = regex.compile(r"[年目之提此以日月]")
_RATE_NOUN_REACH = 16  # 增速由一季度的6.2%提高到上半年的
_NOUN_REACH = 10
# 从300亿到500亿元, 由300亿到500亿元 (由 right before the value: 由企业自筹50万至100万元 is "by").
_FROM_BEFORE = regex.compile(rf"{FROM_WORD}(?:(?<=从)[^,;:。!?\n]{{0,10}})?\Z")
_CHANGE_UNITS = frozenset(("倍", "个百分点", "百分点"))
_RANK_UNITS = frozenset(("位", "名"))
_SENTENCE_END = regex.compile(r"[。!?\n]")
# How far after a rank with a scope the next rank of its sentence may stand and still be in that scope.
_SCOPE_CARRY = 30
# A bound qualifier: a value it qualifies may be a threshold rather than a claim.
_BOUNDS = frozenset(("more_than", "at_least", "less_than", "at_most"))
_SHARED_POINTS = regex.compile(r"[和、及与至到][0-9.]+个[百千]分点")
# (一 is mostly "a", as in 一批, 一个中心; 十 alone is ten: 新增高新技术企业十家.)
_AFTER_NOUN_DIGITS = frozenset("两二三四五六七八九十")
# … with the counters of things (not 二期, a project's phase, nor 七次、八次全会, sessions, nor 前五位).
_AFTER_NOUN_COUNTERS = frozenset("家个项所座名人件处台套支种")
# … but not one that totals a list of names (数据来自移动、电信和联通三家).
_LIST_TOTAL = regex.compile(r"[和及与]\p{Han}{1,4}\Z")
_COUNT_LIST_BEFORE = regex.compile(rf"[二两三四五六七八九十][{''.join(sorted(_AFTER_NOUN_COUNTERS))}][、,]\p{{Han}}{{1,8}}\Z")
# (… and any such digit right after a count of the same counter in a list: 十二家、六家、五家; 十一个、八个.)
_COUNT_ITEM_BEFORE = regex.compile(
    rf"[\d一二两三四五六七八九十百千万]+(?P<unit>[{''.join(sorted(_AFTER_NOUN_COUNTERS))}])[、和]\Z")
_CLAUSE_END = frozenset(",;。!?、\n")
# Between the two ranks of a move: its verb and the year of the second (上升至2023年的).
_RANK_CHAIN = regex.compile(rf"[^,;:。!?\n第]{{0,4}}(?:到|至|居|为)(?:(?:{YEAR}年(?:底|末)?|去年|上年|今年)的?)?")
_DOUBLING_TIMES = {None: 1, "一": 1, "两": 2, "二": 2, "三": 3, "四": 4}


@dataclass(frozen=True)
class Mention:
    start: int  # the claim's span in the cleaned text, qualifiers included
    end: int
    value_start: int  # where the number itself starts (context is read before it)
    kind: str
    value: float
    value_max: float | None
    unit: str
    qualifier: str
    scope: str = ""
    growth_word: bool = False  # its kind came from a growth verb (增长5%)
    # A figure a correction takes back (原公布为1285.6亿元): read as context for the figures after it, never a claim.
    superseded: bool = False


def _qualifier_of(words: dict[str, list[str]], word: str | None) -> str:
    if not word:
        return ""
    for name, ws in words.items():
        if word in ws:
            return name
    return ""


def _blocked_spans(text: str) -> list[tuple[int, int]]:
    """Where numbers are names or no quantities: book titles 《…》, short quoted names ("30条", not an amount of
    money: "2132亿元"!), the size of a ranked set (在全省9个市(州)中) and a worked example, to the end of its
    sentence (例如,某企业2023年研发费用1000万元,可加计扣除1000万元), and an exchange rate (1美元兑换7.12元)."""
    money = patterns().money_quote
    examples = word_pattern("context", "example_markers", after=r"[^。!?\n]*")
    return sorted([m.span() for m in _BOOK_TITLE.finditer(text)]
                  + [m.span() for m in _SHORT_QUOTE.finditer(text) if not money.fullmatch(text, m.start() + 1, m.end() - 1)]
                  + [m.span() for m in patterns().rank_set.finditer(text)]
                  + [m.span() for m in patterns().exchange_rate.finditer(text)]
                  + [m.span() for m in examples.finditer(text)])


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) lies inside one of the sorted, non-nested ``spans``."""
    i = bisect_right(spans, (start, float("inf")))  # spans[:i] start at or before ``start``
    return any(s <= start and end <= e for s, e in spans[max(0, i - 2):i])


class _GrowthWords:
    def __init__(self) -> None:
        ctx = vocabulary().context
        # 增长了12% is a change; 提高到72.2% (to, 到/至) is the level reached.
        self.up = regex.compile(alternation(ctx["growth_up"]) + r"[了为达约近]{0,3}\Z")
        self.down = regex.compile(alternation(ctx["growth_down"]) + r"[了为达约近]{0,3}\Z")
        # … not 21.3%下降到0.5%, where the rate is the level a fall started from.
        self.keep = regex.compile(f"(?:{alternation(ctx['growth_after_keep'])})[^,;。]{{0,4}}\\Z")
        self.up_after = regex.compile(r"(?:" + alternation(ctx["growth_after_up"]) + ")(?![到至为])")
        # (… not 在汽车行业拖累下仍增长, 剔除价格拖累后增长: a drag overcome.)
        self.drag = regex.compile(f"(?:{alternation(ctx['drag_words'])})(?![下后])")
        share = alternation(ctx["share_words_after_rate"])
        self.rate_noun = regex.compile(
            f"(?<!{alternation(ctx['rate_nouns_not_after'])})"
            f"(?:(?P<up>{alternation(ctx['growth_rate_nouns'])})|{alternation(ctx['decline_rate_nouns'])})"
            f"(?:(?!{share})[^,;:。!?\\n]){{0,{_RATE_NOUN_REACH}}}\\Z")
        self.down_after = regex.compile(r"(?:" + alternation(ctx["growth_after_down"]) + ")(?![到至为])")

    def after(self, text: str, end: int, lead: str) -> int:
        """+1 / -1 when a growth word follows a rate (20%以上增长, 5%左右降幅; 的增长 only after 保持/实现:
        贡献了全市40%的增长 is a share of the growth), else 0."""
        if text.startswith("的", end) and self.keep.search(lead):
            end += 1
        if self.down_after.match(text, end):
            return -1
        if self.up_after.match(text, end):
            return 1
        return 0

    def named_rate(self, text: str, start: int) -> int:
        """+1 / -1 when a growth-rate noun names the rate at ``start`` (增速回升至15%), else 0."""
        m = self.rate_noun.search(text, max(0, start - _RATE_NOUN_REACH - 5), start)
        return 0 if m is None else 1 if m["up"] else -1

    def direction(self, before: str) -> int:
        """+1 / -1 when ``before`` ends with a growth verb, else 0 (拖累…增长 is a fall)."""
        if self.down.search(before):
            return -1
        if self.up.search(before):
            return -1 if self.drag.search(before) else 1
        return 0


@functools.cache
def _bound_kept() -> regex.Pattern:
    return regex.compile(alternation(vocabulary().context["bound_keep_after"]))


@functools.cache
def _threshold_attribute() -> regex.Pattern:
    # (… or the next item of a list of such bounds: 占比超过10%的有44种、超过20%的有23种.)
    return regex.compile(f"(?:{alternation(vocabulary().context['threshold_attributes'])}|、)\\Z")


@functools.cache
def _bounded_noun() -> regex.Pattern:
    ctx = vocabulary().context
    return regex.compile(f"(?:{alternation(ctx['bounded_modifiers'])}){{0,3}}{alternation(ctx['bounded_nouns'])}")


def _ranked_band(text: str, pos: int) -> bool:
    """Whether 后 at ``pos`` closes a band of ranks (排名全省后5位), not a time word (先后, 随后)."""
    return _rank_verb_near().search(text, max(0, pos - _BAND_REACH), pos) is not None


@functools.cache
def _rank_verb_near() -> regex.Pattern:
    return regex.compile(alternation(vocabulary().context["rank_verbs"]) + r"[^,;:。!?\n]{0,6}\Z")


def _conditioned(text: str, start: int) -> bool:
    """Whether a condition word governs ``start``: in its clause, or opening a list with a colon before it (not
    企业须加大研发投入,全年研发投入超过100亿元)."""
    reach = max(0, start - _CONDITION_HEAD_REACH)
    sentence_start = max(reach, *(text.rfind(c, reach, start) + 1 for c in "。!?\n"))
    if word_pattern("context", "condition_heads").search(text, sentence_start, start) is not None:
        return True
    lo = max(0, text.rfind("。", 0, start) + 1, start - _CONDITION_REACH)
    for m in _condition().finditer(text, lo, start):
        between = text[m.end():start]
        if ":" in between or not any(c in between for c in ",;"):
            return True
    return False


@functools.cache
def _condition() -> regex.Pattern:
    return regex.compile(alternation(vocabulary().context["condition_words"]))


def _money_named(text: str, start: int, found: list[Mention]) -> bool:
    """Whether the clause before ``start`` names money, or the value before it in its sentence is an amount."""
    money = word_pattern("units", "money_nouns", after=r"[^,;:。!?\n]*\Z")
    if money.search(text, max(0, start - _MONEY_NOUN_REACH), start) is not None:
        return True
    return bool(found) and found[-1].kind == "amount" and not _SENTENCE_END.search(text, found[-1].end, start)


@functools.cache
def _added_before() -> regex.Pattern:
    ctx = vocabulary().context
    return regex.compile(f"(?:{alternation(ctx['measure_new'] + ctx['have_words'])})\\Z")


def _noun_after(text: str, end: int) -> bool:
    """Whether a noun of the vocabulary follows ``end``, a level word at most between (三家国家级众创空间)."""
    found = vocabulary().indicator_matcher.find(text, end, min(len(text), end + _NOUN_REACH))
    return bool(found) and not patterns().clause_break.search(text, end, found[0][0])


@functools.cache
def _rank_move() -> regex.Pattern:
    return regex.compile(f"(?:{alternation(vocabulary().context['rank_moves'])})了?\\Z")


@functools.cache
def _durations() -> tuple[str, ...]:
    return tuple(vocabulary().units["durations"]) + tuple(vocabulary().units["time_limits"])


@functools.cache
def _growth_words() -> _GrowthWords:
    return _GrowthWords()


@functools.cache
def _list_joiner() -> regex.Pattern:
    """A list joiner (、 和 及 与) at the end of the text before a value."""
    return regex.compile(f"(?:{alternation(vocabulary().context['list_joiners'])})\\Z")


def _lead_in(text: str, pos: int) -> str:
    """The few characters a number is read after, back to the clause start at most."""
    lead = text[max(0, pos - 12):pos]
    cut = max(lead.rfind(c) for c in ",;:。\n")
    return lead[cut + 1:]


def find_mentions(text: str) -> list[Mention]:
    """Every quantity, rank and doubling in ``text`` (cleaned), in order of position."""
    pats = patterns()
    v = vocabulary()
    units, quals = v.units, v.qualifiers
    blocked = _blocked_spans(text)
    growth = _growth_words()
    found: list[Mention] = []
    # End of a mention → (growth direction, qualifier written before it, unit, kind): what the next value of
    # a list (分别增长4.4%、5.9%; 分别突破300亿元和3000亿元) shares with it.
    list_anchor: dict[int, tuple[int, str, str, str]] = {}
    joiner = _list_joiner()

    timeout = budget(text)
    for m in pats.quantity.finditer(text, timeout=timeout):
        if m["people"] is not None and word_pattern("units", "people_money_before", after=r"[^,;:。!?\n\d]{0,2}\Z").search(
                text, max(0, m.start() - 8), m.start()):
            continue
        num, unit = m["num"], "" if m["people"] is not None else m["unit"] or "元"
        # (亿 with its 元 left out is money only where its clause names money, or it goes on from an amount:
        # 技术合同成交额超千亿,突破500亿; not 用户数达到1.05亿, 旅游总收入增长10%,接待游客达1.5亿.)
        if not m["unit"] and m["people"] is None and not _money_named(text, m.start(), found):
            continue
        # 近百名, 突破千家, 百余名, 万户以上: a scale alone is one of it when a qualifier says how near.
        bare_scale = (bool(m["pre"] or m["mid1"] or m["mid2"] or m["post"]) and num in units["scales"]
                      and num not in _TEN_SCALED)
        # 新认定国家高新技术企业五家。: a single digit after its noun, ending the clause, counts (五项重点工作,
        # 两个确立 and 一批 name things).
        # (… and 一 as the last item of a list of such counts: 长沙市五家、株洲市三家、衡阳市一家; 孵化器两家,众创空间一家.)
        last_of_list = num == "一" and _COUNT_LIST_BEFORE.search(text, max(0, m.start() - 12), m.start()) is not None
        after_noun = ((num in _AFTER_NOUN_DIGITS or last_of_list) and m.start() > 0
                      and _HAN.match(text, m.start() - 1) is not None
                      and text[m.start() - 1] != "前"  # 位居全省前三名 is a band of ranks
                      and unit in _AFTER_NOUN_COUNTERS and (m.end() == len(text) or text[m.end()] in _CLAUSE_END)
                      and not _LIST_TOTAL.search(text, max(0, m.start() - 6), m.start()))
        next_item = ((num in _AFTER_NOUN_DIGITS or num == "一") and unit in _AFTER_NOUN_COUNTERS
                     and (item := _COUNT_ITEM_BEFORE.search(text, max(0, m.start() - 8), m.start())) is not None
                     and item["unit"] == unit and (m.end() == len(text) or text[m.end()] in _CLAUSE_END or text[m.end()] == "和"))
        # 新增三家国家级众创空间, 有三家孵化器: a single digit between a verb of adding or having and a noun of the
        # vocabulary counts.
        before_noun = (num in _AFTER_NOUN_DIGITS and unit in _AFTER_NOUN_COUNTERS
                       and _added_before().search(text, max(0, m.start() - _ADDED_REACH), m.start()) is not None
                       and _noun_after(text, m.end()))
        # 增长了近一倍, 提高了一个百分点: a single digit of a change (its verb is checked below).
        change_digit = is_plain_chinese_digit(num) and unit in _CHANGE_UNITS
        # 十家以上, 十余个: ten with a qualifier.
        qualified_ten = num == "十" and bool(m["mid1"] or m["mid2"] or m["post"])
        # 十万元, 十亿元: ten of a scale is a number (百万, 千万 alone are words: 千万不要; 数十万元 is vague).
        ten_scaled = num in _TEN_SCALED and not (m.start() > 0 and text[m.start() - 1] in units["vague_before"])
        # 前移两位, 提升八位: a move of places in words.
        moved = (not num[0].isdigit() and (unit in _RANK_UNITS or unit in units["measures"])
                 and _rank_move().search(text, max(0, m.start() - _ADDED_REACH), m.start()) is not None)
        if (not num[0].isdigit() and not bare_scale and not after_noun and not next_item and not before_noun
                and not change_digit
                and not qualified_ten and not ten_scaled and not moved) and (
                is_plain_chinese_digit(num) or not any(c in "一二两三四五六七八九" for c in num)):
            continue
        if m["num2"] and not m["num2"][0].isdigit() and num[0].isdigit():
            continue
        start, end = m.span()
        if _inside(blocked, start, end):
            continue
        pre = m["pre"]
        if pre and start > 0 and text[start - 1] in quals["not_after"].get(pre, ""):
            start, pre = m.start("num"), None
        # 过 qualifies an amount by its scale (过亿元, 过3亿元); 承担过15项 is a verb's particle.
        if pre == "过" and not (m["scale"] or bare_scale):
            start, pre = m.start("num"), None
        if (not m["post"] and text[end:end + 1] and text[end] in units["word_starts"].get(unit, "")
                and not text.startswith(tuple(units["word_start_ranks"]), end)):
            # 5万人年均增收: 人年 starts 年均, the counter is 人.
            if unit[:-1] in units["counters"]:
                unit, end = unit[:-1], end - 1
            else:
                continue
        if text.startswith(_durations(), m.start("unit")) or text.startswith(word_tuple("units", "text_parts"),
                                                                                m.start("unit")):
            continue
        if unit in word_set("units", "duration_units") and (
                text.startswith(word_tuple("units", "travel_reach"), end)
                or word_pattern("units", "service_time_after", before="[\"]?").match(text, end)
                or text.endswith(word_tuple("units", "service_time_before"), 0, start)):
            continue
        if unit in ("%", "‰") and text.startswith(word_tuple("units", "survey_names"), end):
            continue
        # 30万吨级航道, 万吨级泊位: a class of vessels or works, no measure.
        if unit in word_set("units", "measures") and text.startswith("级", end):
            continue
        # 时速350公里高铁: a speed naming a kind of railway.
        if text.endswith(word_tuple("units", "speed_labels"), 0, start):
            continue
        if unit in word_set("units", "duration_units") and word_pattern(
                "units", "duration_labels", after=r"[:为是]{0,2}\Z").search(text, max(0, m.start() - 4), m.start()):
            continue
        if m.start("num") > 0 and text[m.start("num") - 1] == "第":
            continue
        if unit == "条" and word_pattern("units", "rule_packages", before=r"\p{Han}{0,4}?").match(text, end):
            continue
        # 望江西路188号3栋1201室: an address.
        if unit in word_set("units", "address_counters") and m.start("num") > 0 and text[m.start("num") - 1] == "号":
            continue
        # 前3位, 前十名, 排名全省后5位: a band of ranks, not people (先后30名专家 are people).
        if unit in ("位", "名") and m.start("num") > 0 and (text[m.start("num") - 1] == "前" or (
                text[m.start("num") - 1] == "后" and _ranked_band(text, m.start("num") - 1))):
            continue
        # 进入ESI全球前1%, 排名前10%的企业: a band of the top, not a share (not 五年前2.1%, 目前3%).
        if unit in ("%", "‰") and start > 0 and text[start - 1] == "前" and not _NOT_BAND_BEFORE.match(
                text, start - 2):
            continue
        # 07对外经济, 05项目建设: a zero-padded section number, not a quantity.
        if len(num) > 1 and num[0] == "0" and num[1].isdigit():
            continue
        # 一二三次产业, 亿三个: digits in a row or a numeral that starts with a scale are not numbers; a
        # scale alone after a qualifier is one of it (突破千家, 超亿元, 近百项).
        if not num[0].isdigit() and (_DIGITS_IN_A_ROW.search(num) or (num[0] in "百千万亿" and not bare_scale)):
            continue
        value = float(units["scales"][num]) if bare_scale else parse_number(num)
        if value is None:
            continue
        value_max = parse_number(m["num2"]) if m["num2"] else None
        scale = (units["scales"][m["scale"]] if m["scale"] else 1) * (units["scales"][m["scale_b"]] if m["scale_b"] else 1)
        qualifier = (
            _qualifier_of(quals["before"], pre)
            or _qualifier_of(quals["after_number"], m["mid1"] or m["mid2"])
            or _qualifier_of(quals["after"], m["post"])
            or "exact"
        )
        if value_max is not None:
            qualifier = "range"
        # 约占全国的45%: a qualifier before 占 qualifies the share.
        if qualifier == "exact" and unit in ("%", "‰") and (
                share := pats.share_qualifier.search(text, max(0, start - 14), start)):
            # (… and 不 cut off by the reach stays with it: 不超过扣除设备购置费后总投入的20% is at most.)
            negated = text[share.start("pre") - 1:share.end("pre")] if share.start("pre") > 0 else ""
            qualifier = (_qualifier_of(quals["before"], negated) or _qualifier_of(quals["before"], share["pre"])
                         or qualifier)
        # 营业收入超亿元的工业企业达827户, 人均住房面积不足15平方米的困难家庭, 其中超10亿元项目6个: a bound that defines
        # what is counted (not a share: 超80%的科技攻坚项目由企业承担).
        # 申报企业须满足:研发投入不低于1000万元: a bound that an applicant must meet is a condition, no claim.
        if qualifier in _BOUNDS and _conditioned(text, start):
            continue
        # 应为1385.6亿元(原公布为1285.6亿元), 由1200亿元修订为1234亿元: a figure a correction takes back.
        superseded = bool(word_pattern("context", "superseded_before", after=r"\Z").search(text, max(0, start - 6), start)
                          or word_pattern("context", "revised_after").match(text, end)
                          or (_QUOTE_OPEN.search(text, max(0, start - _QUOTE_SPAN), start) is not None
                              and word_pattern("context", "superseded_quote_after", before=f'[^"\\n]{{0,{_QUOTE_SPAN}}}"[,]?')
                              .match(text, end) is not None))
        # 置信度95%, 抽样误差控制在3%以内: a survey's method, no finding.
        if word_pattern("context", "method_words", after=r"[^,;:。!?\n]{0,20}\Z").search(text, max(0, start - 26), start):
            continue
        # 每个单位限报2项, 材料一式3份: how many an applicant may send is a quota, no claim.
        if word_pattern("context", "quota_words", after=r"\Z").search(text, max(0, start - _QUOTA_REACH), start):
            continue
        # 用工百人以上企业, 万亩以上粮食生产示范片: a bare scale bounding the noun after it sets a threshold.
        if bare_scale and m["post"] and _HAN.match(text, end) is not None:
            continue
        # (… and a bound that the places or firms counted after it meet: 不足1%的有3个市.)
        if (qualifier in _BOUNDS and unit in ("%", "‰") and text.startswith("的", end)
                and not _bound_kept().match(text, end + 1) and (
                    _threshold_attribute().search(text, max(0, start - 4), start) or text.startswith("的有", end))):
            continue
        # (每年安排不少于五亿元的科技成果转化专项资金: money that a verb of allocating bounds is allocated.)
        if qualifier in _BOUNDS and unit not in ("%", "‰") and (
                (text.startswith("的", end) and not _bound_kept().match(text, end + 1)
                 and not (unit in units["money"]
                          and word_pattern("context", "allocating_verbs", after=r"\Z").search(text, max(0, start - 4), start)))
                or (unit in units["money"] and _bounded_noun().match(text, end) is not None)):
            continue
        value_start = m.start("num")
        items = _bare_items(text, value_start) if start == value_start and not m["num2"] else []
        if items is None:  # 第1、2、3名: the last ordinal of a list
            continue
        lead = _lead_in(text, items[0][0] if items else start)
        direction = growth.direction(lead)
        # 增长-3.2%: a growth verb before a minus sign is a fall.
        if not direction and lead.endswith("-"):
            direction = -growth.direction(lead[:-1])
        # 保持20%以上增长: the verb after a rate makes it a change.
        if not direction and unit in ("%", "‰") and (after := growth.after(text, end, lead)):
            direction = after
        # (A rate written with its sign, 人口增长率负1.2‰, is read with its sign below.)
        if not direction and unit in ("%", "‰") and _SIGNED.search(text, max(0, start - 2), start) is None:
            direction = growth.named_rate(text, start)
        if change_digit and not direction:
            continue
        # In 分别增长4.4%、5.9% the second value takes the verb of the first, and in 分别突破300亿元和3000亿元
        # its qualifier.
        joined = joiner.search(lead)
        anchor = list_anchor.get(start - len(joined.group())) if joined else None
        if anchor is not None:
            direction = direction or anchor[0]
            if not pre and qualifier == "exact" and anchor[1] and anchor[2] == unit:
                qualifier = anchor[1]
        factor = 1.0
        # 分别高0.77个和0.15个百分点: the first of two changes in points leaves its 百分点 to the second.
        if unit == "个" and _SHARED_POINTS.match(text, end):
            unit = "个百分点"
        growth_word = False
        if unit in units["money"]:
            kind, out_unit = "amount", units["money"][unit]["unit"]
        elif unit in units["area"]:
            spec = units["area"][unit]
            kind, out_unit, factor = "area", spec["unit"], spec.get("factor", 1)
        elif unit in ("%", "‰"):
            kind = "growth" if direction else "percent"
            out_unit = "%"
            factor = 0.1 if unit == "‰" else 1.0
            factor *= direction or 1
            growth_word = bool(direction)
        elif unit in ("个百分点", "百分点", "个千分点", "千分点"):
            # A change in per-mille points (出生率下降1.15个千分点) is a tenth of a percentage point.
            scale_to_points = 0.1 if unit.endswith("千分点") else 1.0
            kind, out_unit, factor = "growth", "百分点", scale_to_points * (direction or 1)
            growth_word = bool(direction)
        elif unit == "倍":
            if text[end:end + 1] in ("多", "余"):  # 增长2倍多
                end += 1
                qualifier = "more_than"
            if not direction:
                kind, out_unit = "other", "倍"
            else:
                kind, out_unit, factor = "growth", "%", 100.0 * direction
                growth_word = True
        elif unit in units["measures"] or (unit in _RANK_UNITS and (
                _rank_move().search(lead) or (anchor is not None and anchor[2] == unit and anchor[3] == "other"))):
            kind, out_unit = "other", unit
        else:
            kind, out_unit = "count", unit
        if m["per"] and kind != "amount":
            out_unit += m["per"]
        # 200万—500万元: the lower end may write its own scale.
        value = value * (units["scales"][m["scale1"]] if m["scale1"] else scale) * factor
        # 2亿3000万元, 1亿5千万元: the 亿 written before the 万 is part of the amount.
        if (kind == "amount" and (m["scale_b"] or m["scale"]) in _BELOW_YI and not pre and value_max is None
                and (yi := _YI_BEFORE.search(text, max(0, start - 12), start)) is not None
                and (whole := parse_number(yi["num"])) is not None):
            start, value_start, value = yi.start(), yi.start(), value + whole * 1e8
        # 自然增长率-7.24‰, 负1.2‰: a rate written with its sign (a growth verb before the sign is read above).
        if (unit in ("%", "‰") and not direction and not pre and start == value_start
                and _SIGNED.search(text, max(0, start - 2), start) is not None):
            start, value = start - 1, -value
        if value_max is not None:
            value_max = value_max * scale * factor
        shared = _qualifier_of(quals["before"], pre) or (anchor[1] if anchor is not None and qualifier == anchor[1] else "")
        list_anchor[end] = (direction, shared, unit, kind)
        # 分别超过9500、1200家: a qualifier before the first item qualifies each; 3、5万元 are 3万 and 5万,
        # but in 8500、1.2万人 the 8500 is people, not 万.
        list_qualifier = _qualifier_of(quals["before"], m_pre.group()) if items and (
            m_pre := pats.qualifier_before.search(text, max(0, items[0][0] - 6), items[0][0])) else ""
        # 从300亿到500亿元 is a change from one level to another, not a range (由1.2万到1.5万元不等 is one): two
        # values.
        if (value_max is not None and m["rsep"] in ("到", "至") and _FROM_BEFORE.search(text, max(0, start - 12), start)
                and not text.startswith("不等", end)):
            first_end = m.end("scale1") if m["scale1"] else m.end("num")
            found.append(Mention(start, first_end, value_start, kind, value, None, out_unit, "exact",
                                 growth_word=growth_word))
            found.append(Mention(m.start("num2"), end, m.start("num2"), kind, value_max, None, out_unit,
                                 _qualifier_of(quals["after"], m["post"]) or "exact", growth_word=growth_word))
            continue
        found.append(Mention(start, end, value_start, kind, value, value_max, out_unit,
                             list_qualifier if list_qualifier and qualifier == "exact" else qualifier,
                             growth_word=growth_word, superseded=superseded))
        for item_start, item_end, item_num, item_scale in items:
            number = parse_arabic(item_num)
            borrowed = scale if number < 10 * parse_arabic(num) else 1
            item_value = number * (units["scales"][item_scale] if item_scale else borrowed) * factor
            if not _inside(blocked, item_start, item_end):
                found.append(Mention(item_start, item_end, item_start, kind, item_value, None, out_unit,
                                     list_qualifier or "exact", growth_word=growth_word))

    for m in pats.bare_scale.finditer(text, timeout=timeout):
        if _inside(blocked, *m.span()):
            continue
        # 研发投入超百亿元的企业达到8家, 市值超百亿元企业19家: a bound that defines what is counted, as for digits.
        if (text.startswith("的", m.end()) and not _bound_kept().match(text, m.end() + 1)) or (
                _bounded_noun().match(text, m.end()) is not None):
            continue
        # (超百亿 with no 元 is money only where money is named: not 平台日均调用量超百亿.)
        if not m["unit"] and not _money_named(text, m.start(), found):
            continue
        value = float(units["scales"][m["scale"]])
        qualifier = _qualifier_of(quals["before"], m["pre"]) or "exact"
        found.append(Mention(m.start(), m.end(), m.start("scale"), "amount", value, None, "元", qualifier))

    found.extend(_ranks(text, blocked))
    found.extend(_first_ranks(text, blocked))

    for m in pats.share_word.finditer(text, timeout=timeout):
        lead = pats.share_lead.search(text, max(0, m.start() - _SHARE_LEAD_REACH), m.start())
        # 增长近三成, 增长三成以上: a share after a growth verb is the change.
        direction = growth.direction(_lead_in(text, lead.start() if lead is not None else m.start()))
        # (… or the share of respondents a survey reports: 三分之一以上的企业认为….)
        said = m["end"] == "的" and word_pattern("context", "opinion_verbs", before=r"[^,;:。!?\n]{1,10}?").match(
            text, m.end()) is not None
        # (… or a share opening its clause with its bound: 八成以上财政资金用于民生.)
        opens = m["post"] is not None and (m.start() == 0 or text[m.start() - 1] in _CLAUSE_END)
        if (lead is None and not direction and not said and not opens) or _inside(blocked, *m.span()):
            continue
        # Without a qualifier only a share that ends its phrase counts (占八成, not 七成新).
        pre = (lead["pre2"] or lead["pre"]) if lead is not None else None
        if m["end"] is None and not pre and not direction and not opens:
            continue
        # (一成 only with a qualifier or a growth verb: 不足一成, 增长一成; 一成不变 is an idiom.)
        if m["tenths"] in ("一", "1") and not pre and not direction:
            continue
        # 超过一成的企业: a bound that defines what is counted, as for digits.
        if (pre and m["end"] == "的" and _qualifier_of(quals["before"], pre) in _BOUNDS and not said
                and not _bound_kept().match(text, m.end())):
            continue
        share = (10.0 * parse_number(m["tenths"]) if m["tenths"]
                 else 100.0 * int(m["apart"]) / int(m["aden"]) if m["apart"]
                 else 100.0 * parse_chinese(m["part"]) / parse_chinese(m["den"]))
        # (三成多: 多 after a share is more than it.)
        qualifier = (_qualifier_of(quals["before"], pre) or _qualifier_of(quals["after"], m["post"])
                     or _qualifier_of(quals["after_number"], m["post"]) or "exact")
        start = m.start() if lead is None else lead.start("pre2") if lead["pre2"] else (
            lead.start() if lead["pre"] and lead.end("pre") == m.start() else m.start())
        end = m.end("post") if m["post"] else m.end("num")
        found.append(Mention(start, end, m.start(), "growth" if direction else "percent", share * (direction or 1),
                             None, "%", qualifier, growth_word=bool(direction)))

    # (A plain find first: only speech writes 个亿.)
    for m in pats.spoken_money.finditer(text, timeout=timeout) if "个亿" in text or "个多亿" in text else ():
        value = parse_number(m["num"])
        if value is None or _inside(blocked, *m.span()):
            continue
        qualifier = "more_than" if m["more"] else _qualifier_of(quals["before"], m["pre"]) or "exact"
        found.append(Mention(m.start(), m.end(), m.start("num"), "amount", value * 1e8, None, "元", qualifier))

    # (A plain find first: most documents write no currency sign.)
    for m in pats.money_sign.finditer(text, timeout=timeout):
        value = parse_number(m["num"])
        if value is None or _inside(blocked, *m.span()):
            continue
        scale = units["scales"][m["scale"]] if m["scale"] else 1
        found.append(Mention(m.start(), m.end(), m.start("num"), "amount", value * scale, None,
                             units["currency_signs"][m["sign"]], "exact"))

    # 百分之三十五点六, 百分之十: a percent written in words.
    for m in pats.percent_words.finditer(text, timeout=timeout):
        whole = parse_chinese(m["whole"])
        if whole is None or _inside(blocked, *m.span()):
            continue
        value = float(f"{int(whole)}.{digits_to_ascii(m['fraction'])}") if m["fraction"] else whole
        lead = _lead_in(text, m.start())
        direction = growth.direction(lead)
        pre = pats.qualifier_before.search(text, max(0, m.start() - 6), m.start())
        qualifier = (_qualifier_of(quals["before"], pre.group()) if pre is not None else "") or _qualifier_of(
            quals["after"], m["post"])
        found.append(Mention(pre.start() if pre is not None and qualifier else m.start(), m.end(), m.start(),
                             "growth" if direction else "percent", value * (direction or 1), None, "%",
                             qualifier or "exact", growth_word=bool(direction)))

    for m in pats.doubling.finditer(text, timeout=timeout):
        times = _DOUBLING_TIMES.get(m["times"], 1)
        value = (2 ** times - 1) * 100.0
        qualifier = "more_than" if m["more"] else "at_least" if m["least"] else "exact"
        found.append(Mention(m.start(), m.end(), m.start(), "growth", value, None, "%", qualifier, growth_word=True))

    found.sort(key=lambda x: (x.start, -x.end))
    kept: list[Mention] = []
    for mention in found:
        if kept and mention.start < kept[-1].end:
            continue
        if kept and _range_end(text, kept[-1], mention):
            first = kept[-1]
            sign = -1.0 if first.value < 0 else 1.0
            kept[-1] = replace(first, end=mention.end, value_max=sign * abs(mention.value), qualifier="range")
            continue
        # 20万元以上50万元以下: a floor and a ceiling written one after the other bound one range.
        if (kept and kept[-1].end == mention.start and kept[-1].qualifier == "at_least" and mention.qualifier == "at_most"
                and kept[-1].unit == mention.unit and kept[-1].kind == mention.kind and kept[-1].value_max is None
                and mention.value_max is None and kept[-1].value < mention.value):
            kept[-1] = replace(kept[-1], end=mention.end, value_max=mention.value, qualifier="range")
            continue
        kept.append(mention)
    # 处一万元以上五万元以下罚款: a penalty a rule sets (once its range is joined), no claim (处以1860万元罚款 was
    # imposed: a claim).
    kept = [m for m in kept
            if m.kind != "amount" or m.qualifier not in _RULE_BOUNDS
            or word_pattern("context", "penalty_after").match(text, m.end) is None]
    ends = {m.end for m in kept}
    return [m for m in kept if not _english(text, m.start, m.end, ends)]


# How far an English run around a number is read (Total R&D expenditure reached 123.4 billion yuan, up 8.5%).
_ENGLISH_REACH = 60
_HAN_OR_LINE = regex.compile(r"[\p{Han}\n。]")
_LATIN_WORD = regex.compile(r"[A-Za-z]{2,}")
_LATIN_GLOSS = regex.compile(r"\([^()\n]*[A-Za-z][^()\n]*\)")


def _english(text: str, start: int, end: int, ends: set[int]) -> bool:
    """Whether a value stands in English (a translation's sentence, a caption) or glosses the value before it in
    brackets (50万元(RMB 500,000)): the page's Chinese states it, so it is no claim of its own. (USD 86.7亿 and
    1079km² inside a Chinese sentence are, and so is a value written with a Chinese unit or right after Chinese,
    whatever English gloss follows it: 5.2亿美元(USD 520 million), GDP增长5.2%(GDP growth 5.2%).)"""
    if _HAN.search(text, start, end):
        return False
    before = text[max(0, start - _ENGLISH_REACH):start]
    after = text[end:end + _ENGLISH_REACH]
    han_before = deque(_HAN_OR_LINE.finditer(before), maxlen=1)
    run_before = before[han_before[0].end():] if han_before else before
    han_after = _HAN_OR_LINE.search(after)
    run_after = after[:han_after.start()] if han_after else after
    words_before = len(_LATIN_WORD.findall(run_before))
    after_chinese = han_before and han_before[0].group() != "\n" and han_before[0].end() == len(before)
    if words_before >= 2 or (not after_chinese and words_before + len(_LATIN_WORD.findall(run_after)) >= 2):
        return True
    opening = start - len(run_before) + run_before.find("(") if "(" in run_before else -1
    return opening >= 0 and opening in ends and _LATIN_GLOSS.match(text, opening) is not None


def _range_end(text: str, first: Mention, second: Mention) -> bool:
    """Whether ``second`` is the upper end of a range that repeats the unit: 增长5%-5.5%, 3亿元~5亿元, 10万元至30万元
    (not 由10%提高至12%, a change)."""
    between = text[first.end:second.start]
    # (净增412家至2100家: a change, then the level it reached.)
    ranged = between in _RANGE_SEPARATORS or (
        between in _RANGE_WORDS and not _FROM_BEFORE.search(text, max(0, first.start - 12), first.start)
        and not (first.kind in ("count", "amount") and _CHANGE_BEFORE.search(text, max(0, first.start - 4), first.start)))
    return (ranged and first.value_max is None
            and second.value_max is None and first.unit == second.unit and second.qualifier == "exact"
            and second.kind in (first.kind, "percent") and first.kind in ("count", "amount", "area", "percent", "growth"))


def _first_ranks(text: str, blocked: list[tuple[int, int]]) -> list[Mention]:
    """居全国首位: rank 1 in a scope."""
    return [Mention(m.start("scope"), m.end(), m.start("first"), "rank", 1.0, None, "rank", "exact", scope=m["scope"])
            for m in patterns().rank_first.finditer(text, timeout=budget(text)) if not _inside(blocked, *m.span())]


def _bare_items(text: str, pos: int) -> list[tuple[int, int, str, str | None]] | None:
    """The unit-less numbers of a 、-list that ends with the value at ``pos`` (比上年提高3.9、2.0、2.9个百分点):
    (start, end, number, scale) of each, in order; None when the list is of ordinals (第1、2、3名)."""
    items: list[tuple[int, int, str, str | None]] = []
    pattern = patterns().bare_item
    while len(items) < _MAX_BARE_ITEMS and pos > 0 and text[pos - 1] == "、":
        m = pattern.match(text, 0, pos - 1)
        if m is None:
            break
        before = text[m.start() - 1:m.start()]
        if before == "第":
            return None
        if before and (before.isalnum() and not _HAN.match(before) or before in ".-"):
            break
        items.append((m.start(), m.end(), m["num"], m["scale"]))
        pos = m.start()
    # 1、500家企业 at the start of a line: a list number before a value, not a value.
    first_start = items[-1][0] if items else 0
    if items and (first_start == 0 or not _HAN.match(text, first_start - 1)):
        return []
    return items[::-1]


def _place_scope(text: str, end: int) -> tuple[int, str] | None:
    """(start, scope) of a place ranked in that ends at ``end``, right after a ranking verb (均居许昌市第一)."""
    lead = patterns().rank_verb_place.search(text, max(0, end - _PEERS_REACH), end)
    if lead is None:
        return None
    for s, e, _ in RegionFinder.default().places(text, lead.end(), end):
        if s == lead.end() and _PLACE_SCOPE_TAIL.match(text, e, end):
            return s, text[s:end]
    return None


def _ranks(text: str, blocked: list[tuple[int, int]]) -> list[Mention]:
    out: list[Mention] = []
    pats = patterns()
    previous_scope = ""
    previous_end = -10
    numbered = pats.rank_no.finditer(text, timeout=budget(text)) if "No" in text or "NO" in text else ()
    for m in sorted([*pats.rank.finditer(text, timeout=budget(text)), *numbered], key=lambda m: m.start()):
        num = m["num"]
        after = text[m.end():m.end() + 1]
        # 第五次会议, 第一方阵, 第九家: an ordinal, not a rank.
        if not m["suffix"] and after and _WORD_CHAR.match(after):
            continue
        if after == "的":  # 第一位的工作任务
            continue
        scope = m["scope"] or m["scope2"] or ""
        verb = m["verb"] or ""
        before = text[max(0, m.start() - 4):m.start()]
        has_verb = bool(verb) or bool(pats.rank_verb_before.search(before))
        # In 从全国第13位升至第5位 / 第七、中部第一 / 由2019年的全国第17位上升至2023年的第13位 the second rank
        # shares the first one's scope.
        chained = m.start() - previous_end <= 3 or (
            previous_end >= 0 and _RANK_CHAIN.fullmatch(text, previous_end, m.start()) is not None)
        start = m.start("scope") if m["scope"] else (m.start("scope2") if m["scope2"] else m.start("ordinal"))
        # (A peer group needs a ranking verb before it or 位/名 after the position: not 全省上下要争创一流、勇争第一.)
        peers = pats.rank_peers.search(text, max(0, m.start() - _PEERS_REACH), m.start()) if not scope else None
        if peers is not None and (m["suffix"] or pats.rank_verb_before.search(text, max(0, peers.start() - 4),
                                                                              peers.start())):
            scope, start = peers["scope"], peers.start()
        if not (scope or has_verb or m["suffix"] or chained) and (placed := _place_scope(text, m.start())):
            start, scope, has_verb = placed[0], placed[1], True
        if not (scope or has_verb or m["suffix"] or chained):
            continue
        if not scope and chained:
            scope = previous_scope
        # 在全国178家国家高新区综合评价中排名第15位: the scope of an assessment, before its 中.
        if not scope and (framed := pats.rank_frame.search(text, max(0, m.start() - _RANK_FRAME_REACH), m.start())):
            scope = framed["scope"]
        # …排名第38位;郑州高新区排名第21位: a rank with no scope of its own is in the scope of the sentence's rank before.
        if (not scope and previous_scope and m.start() - previous_end <= _SCOPE_CARRY
                and not _SENTENCE_END.search(text, previous_end, m.start())):
            scope = previous_scope
        value = parse_number(num)
        if value is None or value < 1 or _inside(blocked, *m.span()):
            continue
        out.append(Mention(start, m.end(), m.start("num"), "rank", value, None, "rank", "exact", scope=scope))
        previous_scope, previous_end = scope, m.end()
    return out
