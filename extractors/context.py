"""What a value measures: indicator, subject, level, measure, status and region.

Each function reads the cleaned text around one mention; ``ClaimContext`` keeps what a
later mention of the same sentence inherits (其中, 分别, ranks after a count, lists).
"""

from __future__ import annotations

import functools
from bisect import bisect_left, bisect_right
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

import regex

from .finder import Mention
from .patterns import FRAME_REST, YEAR, patterns
from .regions import RegionFinder
from .segments import Segments
from .vocab import Region, alternation, vocabulary

_MONEY_NOUN_REACH = 6
_WORD_OR_DIGIT = regex.compile(r"[\p{Han}\d]")
_DIGIT = regex.compile(r"\d")
# How far after a count its noun may end (17家企业入选国家级专精特新"小巨人"企业).
_COUNT_NOUN_REACH = 24
# Longer than any filler, its words or its patterns (在2020年末的基础上).
_LONGEST_FILLER = 16
_WORD_START = regex.compile(r'[\p{Han}"A-Za-z]')
_NOUN_AFTER = regex.compile(r'[\p{Han}"A-Za-z]{1,12}')
# The noun phrase after an amount's 的, up to the end of its clause's words.
_MODIFIED_NOUN = regex.compile(r'[\p{Han}"A-Za-z]{1,14}(?![\p{Han}"A-Za-z])')

# The end of a frame 在全省…考核中: who is ranked there is the document's place, not the frame's.
_FRAME_CLOSE = regex.compile(FRAME_REST)

# A subject outside the vocabulary is shown by its last characters, as many as a long noun phrase takes
# (带动专利实施许可合同备案量).
SUBJECT_CHARS = 16


@dataclass(frozen=True)
class Subject:
    indicator: str
    subject: str
    level: str


class _Words:
    """Compiled word lists of context.yaml."""

    def __init__(self) -> None:
        v = vocabulary()
        ctx = v.context
        measure_words = {w: "new" for w in ctx["measure_new"]}
        measure_words.update({w: "applied" for w in ctx["measure_applied"]})
        measure_words.update({w: "total" for w in ctx["measure_total"]})
        self.measure_of = measure_words
        self.measure = regex.compile(
            rf"""(?P<change>(?:比|较)(?:{alternation(ctx['comparison_bases'])}|{YEAR}年[末底]?|"?十[一二三四五]五"?末)
                 (?:的\d+(?:\.\d+)?[万亿]?\p{{Han}}{{0,2}}?)?(?:分别)?  # the base's own value: 比上年度的262项增加23项
                 (?:{alternation(ctx['comparison_additions'])})(?![到至])
                 | (?:{alternation(ctx['comparison_additions'])})\Z)  # right before the value: 企业增加8500家
               | {alternation(measure_words)}""", regex.VERBOSE)
        self.stock = regex.compile(alternation(ctx["stock_verbs"]))
        self.growth_verb = regex.compile(alternation(ctx["growth_up"]))
        self.applied_after = regex.compile(
            rf'[\p{{Han}}"]{{0,8}}?(?:{alternation(ctx["measure_applied_after"])})(?!{alternation(ctx["applied_not_before"])})')
        self.actual = regex.compile(alternation(ctx["actual_words"]))
        self.list_after = regex.compile(r'[\p{Han}"]{0,4}?' + alternation(ctx["list_words"]))
        # (… with the batch or year of the list between: 入选第五批国家级专精特新"小巨人"企业.)
        self.entry = regex.compile(f"(?P<holder>{alternation(ctx['entry_holders'])})?(?:{alternation(ctx['entry_steps'])})?"
                                   f"(?:{alternation(ctx['entry_proposed'])})?(?P<verb>{alternation(ctx['entry_verbs'])})"
                                   rf"(?:第[一二三四五六七八九十\d]{{1,3}}批|{YEAR}年度?)?(?:{alternation(ctx['levels'])})?")
        self.grant = regex.compile(alternation(ctx["grant_words"]))
        self.grants_money = regex.compile(alternation(ctx["grant_words"] + ctx["public_money_verbs"]))
        self.estimate = regex.compile(alternation(ctx["estimate_words"]))
        # (Not 应该市场主导, 该市场 "this market", 该区分: 该 ending a word or a place word starting one.)
        self.place_anaphor = regex.compile(rf"(?<![应活])(?:{alternation(ctx['place_anaphors'])})(?![场分])")
        self.group = regex.compile(rf"(?<![\d.一二三四五六七八九十百])(?<!{alternation(ctx['group_not_after'])})"
                                   rf"(?:{alternation(ctx['group_counts'])})个?"
                                   rf"(?:{alternation(ctx['group_places'])})(?!{alternation(ctx['group_not_before'])})")
        self.group_total = regex.compile(alternation(ctx["group_totals"]))
        # 计划今年新增, 计划2025年建成: the plan's verb is known by the time after it.
        plan_verb = (rf"(?:{alternation(ctx['target_before_time'])})"
                     rf"(?=(?:{alternation(ctx['plan_times'])}|{YEAR}年(?!度)))")
        will = f"将(?=(?:{alternation(ctx['future_after_will'])}))"
        self.sentence_target = regex.compile(f"{alternation(ctx['sentence_target_words'])}|{plan_verb}|{will}")
        self.target = regex.compile(f"{alternation(ctx['target_words'])}|{plan_verb}")
        self.target_blockers = regex.compile(alternation(ctx["target_blockers"]))
        self.decided = regex.compile(alternation(ctx["decided_words"]))
        self.stock_time = regex.compile(alternation(ctx["stock_times"]))
        self.market_money = regex.compile(alternation(ctx["market_money"]))
        self.org_names = tuple(ctx["org_suffixes"] + ctx["org_long_suffixes"])
        # ,全国为8.7%: a clause naming only the scope of the value, after a value.
        self.elided_scope = regex.compile(f"[,;](?:{alternation(ctx['scopes'])})(?:为|是|则为)?")
        self.graded = regex.compile(f"(?:{alternation(ctx['grades'])}|的)+")
        # 主要预期目标是:A;B;C: a heading that makes every value after it in the sentence a target.
        self.target_heading = regex.compile(alternation(ctx["target_words"]) + r"[是为]?:")
        # 已超出1800亿元的"十四五"规划目标: a target named after its value.
        self.target_after = regex.compile(r'的"?(?:十[一二三四五]五)?"?' + alternation(ctx["target_after"])
                                          + f"(?!{alternation(ctx['target_after_not_before'])})")
        self.compared = tuple(ctx["compared_with_target"])
        self.disposal_after = regex.compile(r"\s*(?:" + alternation(ctx["disposal_after_value"]) + ")")
        # (… unless a verb follows 将: 明年将安排资金3000万元用于… plans.)
        self.verb_after_will = regex.compile(alternation(ctx["future_after_will"] + ctx["public_money_verbs"]
                                                         + ctx["grant_words"] + ctx["allocating_verbs"]
                                                         + ctx["will_before_preposition"]))
        self.target_preposition_word = regex.compile(alternation(ctx["target_prepositions"]))
        self.target_preposition = regex.compile(
            self.target_preposition_word.pattern + r"(?=[0-9零一二两三四五六七八九十百千])")
        # (约 and 过 stand inside words too, 约束性, 过街天桥: as qualifiers they are read with their number, so they
        # are no fillers.)
        quals = [w for place in ("before", "after_number", "after") for ws in v.qualifiers[place].values() for w in ws
                 if w not in v.qualifiers["not_after"]]
        noise_words = (ctx["fillers"] + ctx["growth_up"] + ctx["growth_down"] + ctx["rank_verbs"]
                       + list(measure_words) + ctx["levels"] + ctx["target_words"] + quals
                       + ctx["narrowing"] + ctx["anaphors"] + ctx["distributive"] + ctx["self_province"] + ctx["self_city"]
                       + ctx["self_prefecture"] + ctx["self_local"])
        # (… but a filler that begins with one of those nouns is a filler: 有效数量.)
        protected_fillers = [w for w in noise_words if w.startswith(tuple(ctx["not_fillers"]))]
        self.filler = regex.compile(
            (f"(?:{alternation(protected_fillers)})|" if protected_fillers else "")
            + f"(?:{alternation(ctx['not_fillers'])})(*SKIP)(*FAIL)|(?:{alternation(noise_words)})"
            # A short aside in brackets (科技创新平台(基地)10家) names nothing of its own.
            + r"|\([^()\n]{1,10}\)"
            # A streak (连续20年居全国首位) is how long, not what.
            + r"|连续(?:\d{1,2}|[一二两三四五六七八九十]{1,3}|多)年"
            # 在2020年基础上翻一番 names the base of a change.
            + rf"|在?{YEAR}年(?:末|底)?的?基础上"
            # 均居全国第一 shares a verb among subjects; 年均, 人均 and 平均 are words of their own.
            + r"|(?<![年人平])均(?=[居位达增跃])"
            # A month or months (今年1-6月已入库3310家) date a value, they name nothing.
            + r"|\d{1,2}-\d{1,2}月份?|\d{1,2}月(?:底|末|份)?"
            # Bases of a comparison or a span (较2023年同期, 较"十三五"末, 从年初的, 到目前的, 是2015年的4.7倍), and
            # plan periods ("十五五"时期地区生产总值): they date, they name nothing.
            + rf"|[比较是]?{YEAR}年度?(?:底|末|同期)?的?"
            + r'|[比较]?"?十[一二三四五]五"?(?:末|期间|时期)?|[从由到]?(?:年初|目前)的|[比较](?:上年|去年)同期|多'
            + r"|今年|去年|上年|目前|截至|截止|当年|全年|年末|年底|一年|两年|三年|五年|\p{P}|\s"
            # The pool a rank is taken in (在全省16个地市中排名第8位) and the base of a gap right before it
            # (比全省平均水平低0.6个百分点, 比深圳低): they name no subject of their own.
            + r"|在[^,;:。!?\n]{1,24}?中(?=排|居|位|列|名|\Z)"
            # A rate that selects a group (占比超过10%的有44种) names no subject either.
            + r"|\d+(?:\.\d+)?%(?:以上|以下)?的"
            + r"|(?<![同占])(?:比|较)(?![降增提下上])[^,;:。!?\n]{1,12}?(?:低了|高了|低出|高出|低|高)\Z"
        )
        self.filler_end = regex.compile(rf"(?:{self.filler.pattern})\Z")
        self.distributive = regex.compile(alternation(ctx["distributive"]))
        self.narrowing = regex.compile(alternation(ctx["narrowing"]))
        self.narrowing_opening = regex.compile(r"\s*" + alternation(ctx["narrowing"]))
        self.anaphor = regex.compile(alternation(ctx["anaphors"]))
        # A level prefix ending a list of levels (国家、省、市科技项目, 国家和省重点实验室, 省市科技项目) grades none.
        prefixes = alternation(list(ctx["level_prefixes"]))
        self.level_list = regex.compile(
            f"(?:(?:{alternation(ctx['level_list_heads'])})[、和及与](?:{prefixes})|省市)\\Z")
        self.proposal_opening = regex.compile(r"\s*(?:" + alternation(ctx["proposal_openings"]) + ")(?![提指中的])")
        self.clause_proposal_opening = regex.compile(
            r"\s*(?:" + alternation(ctx["proposal_openings"] + ctx["clause_proposal_openings"]) + ")(?![提指中的])")
        self.average_before = regex.compile(
            f"(?:(?P<province>{alternation(ctx['self_province'])})|(?P<city>{alternation(ctx['self_city'])})|全国)"
            r"平均(?:水平)?(?:为|是)?\(\Z")
        self.list_joiner = regex.compile(alternation(ctx["list_joiners"]))
        # The noun and joiner before the last item of a count-first list (2519个典型村和|25个典型村片区).
        self.last_count_first_item = regex.compile(
            rf"\p{{Han}}{{1,12}}?(?:{alternation(j for j in ctx['list_joiners'] if j != '、')})")
        self.increment = regex.compile(alternation(ctx["increment_words"]))
        self.frame_before = regex.compile(f"(?:{alternation(ctx['frame_before'])})\\Z")
        self.frame_after = regex.compile(alternation(ctx["frame_after"]))
        # Towns and streets opening a phrase (井岗镇、南岗镇分别集聚186家): places below the gazetteer's counties.
        self.town = regex.compile(r"(?<!\p{Han})\p{Han}{1,4}?(?:镇|街道)"
                                  + f"(?<!{alternation(ctx['not_towns'])})")
        self.compared_place = regex.compile(f"(?:{alternation(ctx['place_compared_after'])})\\Z")
        self.sent_place = regex.compile(f"(?:{alternation(ctx['place_sent_after'])})\\Z")
        self.partner_place = regex.compile(alternation(ctx["partner_before"]))
        self.helper_place = regex.compile(alternation(ctx["helper_before"]))
        self.money_ref = regex.compile(alternation(ctx["money_refs"]))
        self.state_after = regex.compile(rf"(?:数量|总量|规模|总数|量)?(?:{alternation(ctx['state_words'])}),")
        self.origin_place = regex.compile(rf"\p{{Han}}{{0,6}}?(?<![以迎带未将])[来到](?:{alternation(ctx['arrival_places'])})"
                                          rf"(?:{alternation(ctx['arrival_aims'])})")
        self.nation = regex.compile(f"(?:^|(?<=[,;:。!?\\n]))(?:{alternation(ctx['nation'])})", regex.MULTILINE)
        self.nation_aggregate = regex.compile(f"{_TOPIC_PREFIX.pattern}(?:{alternation(ctx['nation_aggregate'])})"
                                              f"(?!{alternation(ctx['nation_titles'])})")
        self.frame_reach = max(len(w) for w in ctx["frame_before"])
        self.topic_after_place = regex.compile(alternation(ctx["topic_after_place"]))
        self.located_in = regex.compile(f"(?:{alternation(ctx['located_in'])})\\Z")


@functools.cache
def words() -> _Words:
    return _Words()


@functools.lru_cache(maxsize=65536)
def residual(text: str) -> str:
    """``text`` without filler, measure, level, time and qualifier words: what names a subject."""
    return words().filler.sub("", text)


def trim(text: str) -> str:
    """``text`` with filler words taken off both ends only, for showing a subject as written."""
    w = words()
    while text and (m := w.filler.match(text)) and m.group():
        text = text[m.end():]
    # A filler at the end starts within the last few characters: no need to try every position.
    while text and (m := w.filler_end.search(text, max(0, len(text) - _LONGEST_FILLER))) and m.group():
        text = text[:m.start()]
    return text


def compatible(indicator: str, kind: str, unit: str = "") -> bool:
    """Whether an indicator can measure a value of this kind (money never labels an enterprise count); a
    multiple (是2017年的4.8倍) compares any indicator, as a rank or a growth rate does."""
    if indicator == "other" or kind in ("rank", "growth") or unit == "倍":
        return True
    measures = vocabulary().indicators[indicator].measures
    if measures == "count" and unit in _uncounted():
        return False  # 4期, 5万人: batches and people are no count of organisations
    return {"count": kind == "count", "amount": kind == "amount", "percent": kind == "percent"}[measures]


@functools.cache
def _uncounted() -> frozenset[str]:
    units = vocabulary().units
    return frozenset(units["people_counters"] + units["occasion_counters"])


def cued(indicator: str, word: str, text: str, start: int, end: int, document: str,
         names: SpanIndex | None = None, clause: tuple[int, int] = (0, 0)) -> bool:
    """Whether ``word`` names ``indicator`` here: a generic synonym (资金) needs one of the indicator's
    cues in text[start:end] (the claim's sentence) or in ``document`` (its title and publisher), or a
    non-generic synonym of ``names`` in the value's ``clause`` (对新认定的高新技术企业给予30万元奖励)."""
    if indicator == "other":
        return True
    v = vocabulary()
    spec = v.indicators[indicator]
    if word not in spec.generic:
        return True
    nouns = names.within(*clause) if names is not None else []
    if any(noun not in v.indicators[v.synonym_to_key[noun]].generic for _, _, noun in nouns):
        return True
    return any(cue in document or text.find(cue, start, end) >= 0 for cue in spec.cues)


def share_of(text: str, start: int, end: int, base: str) -> tuple[str, str] | None:
    """(indicator, suffix) when text[start:end], a clause with no subject of its own, opens with a share of
    ``base``, the indicator of the value before it (研发经费支出1150亿元,占全省生产总值的比重为2.52%)."""
    for spec in vocabulary().indicators.values():
        if spec.base == base and base:
            for suffix in spec.suffixes:
                if text.startswith(suffix, start, end):
                    return spec.key, suffix
    return None


@functools.cache
def _tail_pattern() -> regex.Pattern:
    return regex.compile(alternation(vocabulary().synonym_tails))


def split_subject(text: str, clause_start: int, end: int, before: str, before_indicator: str) -> tuple[str, str] | None:
    """(indicator, synonym) when the clause text[clause_start:end] opens with the tail of a synonym whose
    head the subject ``before`` it names: 全年登记技术合同6.1万项,成交额4120.8亿元 → tech_contract_turnover,
    专利申请量3.5万件,授权量2.1万件 → patents (not 科技型企业孵化器30家,中小企业2000家)."""
    pos = clause_start
    while (m := words().filler.match(text, pos, end)) and m.group():
        pos = m.end()
    tail = _tail_pattern().match(text, pos, end)
    if tail is None or len(residual(text[tail.end():end])) > 1:
        return None
    for head, synonym in vocabulary().synonym_tails[tail.group()]:
        # The subject before ends with the head (登记技术合同 → 成交额), or is another of the same indicator
        # (专利申请量 → 授权量); not 引进先进技术56项,交易额, nor 科技型企业孵化器30家,中小企业2000家.
        key = vocabulary().synonym_to_key[synonym]
        if (len(head) >= 3 and before.endswith(head)) or (before.startswith(head) and before_indicator == key):
            return key, synonym
    return None


class SpanIndex:
    """Matches found once in a whole document, looked up by window: (start, end, payload), sorted."""

    def __init__(self, items: list[tuple[int, int, str]]) -> None:
        self.items = sorted(items)
        self.starts = [s for s, _, _ in self.items]

    def overlaps(self, start: int, end: int) -> bool:
        """Whether any item overlaps [start, end); items do not overlap each other."""
        i = bisect_left(self.starts, end)
        return i > 0 and self.items[i - 1][1] > start

    def covering(self, pos: int) -> str | None:
        """The payload of the item that holds ``pos``; items do not overlap each other."""
        i = bisect_left(self.starts, pos + 1) - 1
        return self.items[i][2] if i >= 0 and self.items[i][1] > pos else None

    def within(self, start: int, end: int) -> list[tuple[int, int, str]]:
        i = bisect_left(self.starts, start)
        j = bisect_left(self.starts, end, i)
        return [item for item in self.items[i:j] if item[1] <= end]


def indicator_index(text: str) -> SpanIndex:
    """Indicator synonyms of ``text``, with each indicator's and synonym's guards (not_after, not_before_word)
    applied."""
    v = vocabulary()
    out = []
    for s, e, word in v.indicator_matcher.find(text):
        spec = v.indicators[v.synonym_to_key[word]]
        guard = spec.not_after + spec.not_after_word.get(word, "")
        if guard and s > 0 and text[s - 1] in guard:
            continue
        if word in spec.not_before_word and text.startswith(spec.not_before_word[word], e):
            continue
        if spec.not_before and text.startswith(spec.not_before, e):
            continue
        if spec.not_after_in_clause and _clause_guard(spec.key).search(text, max(0, s - _CLAUSE_GUARD_REACH), s):
            continue
        out.append((s, e, word))
    return SpanIndex(out)


# How far back in its clause a synonym's guard words are looked for (签约科技创新类项目).
_CLAUSE_GUARD_REACH = 6


@functools.cache
def _clause_guard(key: str) -> regex.Pattern:
    return regex.compile(f"(?:{alternation(vocabulary().indicators[key].not_after_in_clause)})[^,;:。!?\n]*\\Z")


# A place that is an item of a list of examples before a count or 地: 肇庆等7个, 香港、上海等6条航线, 依托杭州、上海
# 等地人才飞地 (not 长春市建成众创空间、孵化器等20个, where the place is the subject).
_EXAMPLE_LIST = regex.compile(r"(?:、[^,;:。、\n]{1,12})*等(?=[0-9一二两三四五六七八九十地])")
# … and so are places listed before the count of them (南京、苏州、宿迁8个设区市; 长沙、株洲、湘潭三市, 南京、苏州两市: a
# value of them together is no one city's).
_LISTED_PLACES = regex.compile(
    r"(?:、[^,;:。、\n]{1,12})*(?=[0-9一二两三四五六七八九十]{1,3}个(?:设区市|地级市|地市|城市|市|县|区|州|盟)"
    r"|[两三四五六七八九]个?(?:市|地|县|区|州))")


# (… unless 分别 gives each its value: 武汉、襄阳、宜昌3个城市高新技术企业分别达到…)
_DISTRIBUTED_AFTER = regex.compile(r"[^,;。!?\n]{0,30}?(?:分别|分列|分居)")


# 深圳市高新技术企业2.3万家,是我市的18倍: the base of a multiple is compared with, not whose the value is.
_MULTIPLE_OF = regex.compile(r"的[^,;。!?\n]{0,8}?倍")


def _counted_place(text: str, start: int, end: int) -> bool:
    """Whether the place at [start, end) is an item of a 、-list of places before the count of them."""
    listed = _LISTED_PLACES.match(text, end)
    return (listed is not None and (listed.end() > end or text.endswith("、", 0, start))
            and _DISTRIBUTED_AFTER.match(text, listed.end()) is None)


def place_index(text: str, finder: RegionFinder, ctx: RegionContext, ranks: SpanIndex) -> SpanIndex:
    """Place names and self-references (全省 → the document's province) of ``text``, as region names; none
    inside a rank (列全市第一: the scope is where it ranks, not whose the value is)."""
    # A county of another province is a word that happens to spell one (示范县 → 范县, 建成县级 → 成县);
    # places listed as examples of a count (肇庆等7个集聚区) are not whose the value is.
    same_name = vocabulary().regions_named
    # A name several regions share is the one in the document's province (西湖区 in a 浙江 document).
    found = [(s, e, next((alt for alt in same_name.get(r.name, ()) if alt.province == ctx.province), r))
             for s, e, r in finder.places(text)]
    w = words()
    starts = {s for s, _, _ in found}
    items = []
    not_owner_end = -1
    # The regions above the document's own (江西省 and 宜春市 in 万载县's bulletin) inside a phrase name who awards,
    # hosts or sets something (荣获宜春市科技进步奖, 培育江西省绿色技术创新企业2家, 结合呼伦贝尔市开展…活动), not whose a
    # value is; opening a phrase they are its topic (江西省高新技术企业达到…).
    above = {ctx.province, ctx.city, ctx.prefecture} - {ctx.default, ""}
    found_starts = [s for s, _, _ in found]
    for s, e, r in found:
        if r.name in above and not _TOPIC_OPENING.fullmatch(text, _opening(text, s), s):
            continue
        # 开通海拉尔至乌兰巴托、台湾、香港等航线10条: the ends of a route own nothing.
        # (… but a 至 inside a place's own name, 周至县, opens no route.)
        route = _ROUTE_END.search(text, max(0, s - _ROUTE_REACH), s)
        if route is not None and not _inside_a_place(found, found_starts, route.start()):
            continue
        # A place compared with (仅次于湖北), sent to or come from (向西藏选派, 引进广东科技成果, 香港青年来深创业), a partner
        # (与苏州市结对合作) or a helper before the place it helps (南京市帮助商洛市…) is not whose a value is, nor is a
        # place written inside it (向西藏山南市); a place opening a 分别 list stays (向武汉、襄阳、宜昌分别下达…).
        distributed = _DISTRIBUTED_AFTER.match(text, e) is not None
        if (w.compared_place.search(text, max(0, s - 4), s)
                or (w.sent_place.search(text, max(0, s - 6), s) and not distributed)
                or (s == not_owner_end and not distributed)
                or (text.endswith(("与", "同"), 0, s) and w.partner_place.match(text, e))
                or ((helper := w.helper_place.match(text, e)) and helper.end() in starts)
                or w.origin_place.match(text, e)):
            not_owner_end = e
            continue
        if not (r.level == "county" and ctx.province and r.province != ctx.province) and not _EXAMPLE_LIST.match(
                text, e) and not _counted_place(text, s, e):
            items.append((s, e, r.name))
    # 2023年,全国共登记技术合同95万项: 全国 opening a clause is the whole country, no region of ours.
    items += [(m.start(), m.end(), "") for m in w.nation.finditer(text)]
    # 全市 in a province's document is the last city of the province that opened a clause before it in its paragraph
    # (苏州市高度重视科技创新。2023年,全市…), else no city we know: let the places around it decide.
    own = {"province": ctx.province, "city": ctx.city, "prefecture": ctx.prefecture, "local": ctx.default}
    cities = [(e, r.name) for s, e, r in found if r.level == "city" and r.province == ctx.province
              and _TOPIC_OPENING.fullmatch(text, _opening(text, s), s)]
    for s, e, level in finder.self_references(text, 0, len(text)):
        name = own[level] or (_city_before(text, cities, s) if level == "city" else "")
        if (name and not w.frame_before.search(text, max(0, s - w.frame_reach), s)
                and not w.frame_after.match(text, e)
                and not (text.endswith("在", 0, s) and _FRAME_CLOSE.match(text, e))
                and not (text.endswith("是", 0, s) and _MULTIPLE_OF.match(text, e))):
            items.append((s, e, name))
    items += _anaphors(text, found)
    return SpanIndex([item for item in items if not ranks.overlaps(item[0], item[1])])


def _inside_a_place(found: list[tuple[int, int, Region]], starts: list[int], pos: int) -> bool:
    """Whether ``pos`` lies inside one of the places ``found`` (in order of position, ``starts`` their starts)."""
    i = bisect_right(starts, pos) - 1
    return i >= 0 and found[i][1] > pos


# (截至, 直至, 甚至, 至今 are no route's 至.)
_ROUTE_REACH = 30
_ROUTE_END = regex.compile(rf"(?<![截直以甚乃止\d一二两三四五六七八九十])至(?![今此])[\p{{Han}}、]{{0,{_ROUTE_REACH - 1}}}\Z")
# How far back the place an anaphor (该市) names is looked for: a paragraph or two of news.
_ANAPHOR_REACH = 400


def _anaphors(text: str, found: list[tuple[int, int, Region]]) -> list[tuple[int, int, str]]:
    """该市, 该县 … as the last place of their kind named before them (``found``: places, in order)."""
    out = []
    starts = [s for s, _, _ in found]
    for m in words().place_anaphor.finditer(text):
        kind = m.group()[-1]
        before = found[bisect_left(starts, m.start() - _ANAPHOR_REACH):bisect_left(starts, m.start())]
        named = [r.name for _, e, r in before if e <= m.start() and r.name.endswith(kind)]
        if named:
            out.append((m.start(), m.end(), named[-1]))
    return out


def _opening(text: str, pos: int) -> int:
    """Where the clause or sentence holding ``pos`` opens, at most 12 characters back."""
    return max(max(0, pos - 12), *(text.rfind(c, max(0, pos - 12), pos) + 1 for c in ",;:。!?\n"))


def _city_before(text: str, cities: list[tuple[int, str]], pos: int) -> str:
    """The city that opened a clause last before ``pos`` in its paragraph (``cities``: (end, name), in order), or "":
    the topic (十堰市与武汉市签订…。全市… is 十堰市; 一是苏州市…。二是徐州市…,全市… is 徐州市)."""
    i = bisect_left(cities, (pos, "")) - 1
    if i < 0 or text.find("\n", cities[i][0], pos) >= 0:
        return ""
    return cities[i][1]


def _levels_in(text: str, start: int, end: int) -> list[str]:
    return [m.group() for m in patterns().level.finditer(text, start, end)]


def single_level(text: str, start: int = 0, end: int | None = None) -> str:
    """The level written in text[start:end] when there is exactly one (国家级、省级 lists name none)."""
    levels = _levels_in(text, start, len(text) if end is None else end)
    return levels[0] if len(set(levels)) == 1 else ""


def _prefix_level(text: str, start: int, word: str) -> str:
    """The level of an institution written with a prefix instead of a level word (国家重点实验室, 国家高新区,
    省重点实验室; not 国家发明专利, nor the 省 of 湖北省重点实验室)."""
    v = vocabulary()
    if v.synonym_to_key[word] not in v.context["levelled_indicators"]:
        return ""
    for prefix, level in v.context["level_prefixes"].items():
        # 省重点实验室: the prefix before the word; 省实验室: a word that opens with it.
        if text.endswith(prefix, 0, start):
            at = start - len(prefix)
        elif word.startswith(prefix) and len(word) > len(prefix):
            at = start
        else:
            continue
        if (text[at - 1:at] in v.context["level_prefix_not_after"]
                or words().level_list.search(text, max(0, at - 4), at + len(prefix))
                or (at + len(prefix) == start and prefix in v.context["counted_place_prefixes"]
                    and text.endswith("个", 0, at))
                or any(RegionFinder.default().name_ends(text, end) for end in (at, at + len(prefix)))):
            return ""
        return level
    return ""


def _without_places(text: str, start: int, end: int, places: SpanIndex) -> str:
    """text[start:end] with its place names taken out, towns and streets too (井岗镇、南岗镇分别集聚186家)."""
    pieces, pos = [], start
    for s, e, _ in places.within(start, end):
        pieces.append(text[pos:s])
        pos = e
    pieces.append(text[pos:end])
    return words().town.sub("", "".join(pieces))


def _named_beside(text: str, lead_start: int, start: int, end: int, side: str) -> Subject | None:
    """The indicator named by a word that names one only right after an amount (给予最高1000万元支持, ``side``
    "after") or by a verb right before an amount it grants (每项支持不超过50万元, "before"; not 贷款支持120亿元,
    market money)."""
    if side == "before" and words().market_money.search(text, lead_start, start):
        return None
    for spec in vocabulary().indicators.values():
        for word in (spec.after_value if side == "after" else spec.before_value):
            at = end if side == "after" else start - len(word)
            if at >= lead_start and text.startswith(word, at):
                return Subject(spec.key, word, "")
    return None


def find_subject(text: str, seg: Segments, mention: Mention, window_start: int, indicators: SpanIndex,
                 places: SpanIndex) -> Subject | None:
    """The indicator a value measures, from the words right after it or right before it.

    Returns None when the clause names no subject of its own (一年新增1万多家): the caller
    then inherits the subject of the sentence's previous claim.
    """
    clause_start, clause_end = seg.clause(mention.value_start)
    lead_start = max(window_start, clause_start)
    # 给予20万元奖励, 最高1亿元综合资助: money named right after its amount.
    if mention.kind == "amount":
        after = indicators.within(mention.end, min(clause_end, mention.end + _MONEY_NOUN_REACH))
        if after and len(residual(text[mention.end:after[0][0]])) <= 2:
            word = after[0][2]
            return Subject(vocabulary().synonym_to_key[word], word, "")
        # (… as granted: 给予最高1000万元支持; not 发放贷款120亿元支持企业研发.)
        if words().grants_money.search(text, lead_start, mention.start) and (
                named := _named_beside(text, lead_start, mention.start, mention.end, "after")):
            return named
        # 总规模1000亿元的杭州科创基金, 规模10亿元的天使投资基金: the money a 的-phrase after the amount ends with.
        if text.startswith("的", mention.end) and (noun := _MODIFIED_NOUN.match(text, mention.end + 1, clause_end)):
            named_at = indicators.within(mention.end + 1, noun.end())
            key = vocabulary().synonym_to_key[named_at[-1][2]] if named_at else ""
            # (研发投入5000万元的高新技术企业: an amount that qualifies a count names nothing.)
            if named_at and vocabulary().indicators[key].measures == "amount":
                word = named_at[-1][2]
                # (A generic word needs its cue in this clause: 总规模100亿元的乡村振兴投资基金 is no S&T money though
                # the next clause speaks of 科技成果转化.)
                if cued(key, word, text, clause_start, named_at[-1][1], ""):
                    return Subject(key, word, "")
                return Subject("other", text[mention.end + 1:named_at[-1][1]], "")
    # 3个国家级创新型城市: the noun phrase after the counter.
    if mention.kind == "count":
        tail = text[mention.end:clause_end]
        # (芜湖2153家和蚌埠912家: what follows a joiner is the next item, not this count's noun.)
        if tail and _WORD_START.match(tail) and not words().list_joiner.match(tail):
            after = indicators.within(mention.end, min(clause_end, mention.end + _COUNT_NOUN_REACH))
            if after:
                s, _, word = after[0]
                if len(residual(text[mention.end:s])) <= 2 or words().entry.fullmatch(text, mention.end, s):
                    return Subject(vocabulary().synonym_to_key[word], word,
                                   single_level(text, mention.end, s) or _prefix_level(text, s, word))
            after_text = _NOUN_AFTER.match(tail)
            # 1.2万家位居全国第七: a verb after the counter starts the next clause, it names nothing.
            starts_with_verb = bool((m := words().filler.match(tail)) and m.group())
            if after_text and not starts_with_verb and len(residual(after_text.group())) >= 2:
                noun_end = mention.end + len(after_text.group())
                return Subject("other", trim(after_text.group())[:SUBJECT_CHARS], single_level(text, mention.end, noun_end))
    # (A noun of money names no count: 申报科技项目1856项,立项资助312项.)
    before = [(s, e, w) for s, e, w in indicators.within(lead_start, mention.start)
              if compatible(vocabulary().synonym_to_key[w], mention.kind, mention.unit)]
    if before:
        s, e, word = before[-1]
        levels = _levels_in(text, lead_start, s)
        # 国家级高新技术企业 is one synonym; 国家重点实验室 is a national one.
        level = levels[-1] if levels else single_level(word) or _prefix_level(text, s, word)
        if len(residual(text[e:mention.start])) <= 1:
            return Subject(vocabulary().synonym_to_key[word], word, level)
    # 每项支持不超过50万元, 最高资助100万元: money that a verb right before it grants.
    if mention.kind == "amount" and (
            granted := _named_beside(text, lead_start, mention.start, mention.end, "before")) is not None:
        return granted
    lead = text[lead_start:mention.start]
    rest = residual(lead)
    # 其中鄞州区12家、海曙区9家: places name whose the value is, not what it counts.
    if len(rest) >= 2 and len(residual(_without_places(text, lead_start, mention.start, places))) >= 2:
        levels = _levels_in(text, lead_start, mention.start)
        return Subject("other", trim(lead)[-SUBJECT_CHARS:], levels[-1] if levels else "")
    levels = _levels_in(text, lead_start, mention.start)
    if levels:
        return Subject("", "", levels[-1])
    # 高新技术企业:138家, a label line: the label before the colon names the value.
    if clause_start > 0 and text[clause_start - 1] == ":" and not rest:
        label_start = seg.clause(clause_start - 1)[0]
        named = indicators.within(label_start, clause_start - 1)
        if named:
            _, _, word = named[-1]
            return Subject(vocabulary().synonym_to_key[word], word, single_level(text, label_start, clause_start))
    return None


@dataclass(frozen=True)
class ListSlot:
    """Where a value stands in a 分别 list: its position among the values after 分别, and the span of
    the list before 分别 (back to the last , ; or :) that the values are distributed over."""

    index: int
    lead_start: int
    lead_end: int


# The longest subject written between a phrase's start and its 分别 that still shares the list before it (成交额).
_SHORT_SUBJECT = 6
_NAMED_LIST = regex.compile(r"(?:是|依次为)[^,;:。、]{1,12}、")


def list_slot(text: str, seg: Segments, mention: Mention, starts: list[int], i: int, places: SpanIndex) -> ListSlot | None:
    """The 分别 list ``mention`` (the ``i``-th of all, at ``starts``) belongs to, or None. The nearest 分别
    counts: a sentence can hold two lists."""
    sentence_start, _ = seg.sentence(mention.value_start)
    last = deque(words().distributive.finditer(text, sentence_start, mention.start), maxlen=1)
    if not last:
        return None
    dist = last[0]
    index = i - bisect_left(starts, dist.end(), 0, i)
    lead_start = phrase_start(text, sentence_start, dist.start())
    # 居前三位的是青岛、济南和烟台,分别为…: 分别 opening its phrase distributes over the phrase before it, when that
    # one lists and holds no value (…4.16亿人次、入境游客936万人次,分别增长6.7%、39.6% is a 分别 over values, and
    # …第三产业增加值333281万元,按可比价格计算,分别… over clauses: both read elsewhere).
    # (… and so does a 分别 after a short subject that lists nothing, when the phrase before names its list of places
    # with 是: …的市分别是济南、青岛、烟台,成交额分别为…; not 分别用于支持基础研究、…,下达金额分别为…, nor 牵头单位是武汉大学、
    # 华中科技大学,支持经费分别为…, whose subject is its own.)
    short_subject = (dist.start() - lead_start <= _SHORT_SUBJECT
                     and words().list_joiner.search(text, lead_start, dist.start()) is None)
    if (lead_start == dist.start() or short_subject) and lead_start > sentence_start:
        before = phrase_start(text, sentence_start, lead_start - 1)
        if (bisect_left(starts, before) == bisect_left(starts, lead_start)
                and words().list_joiner.search(text, before, lead_start - 1) is not None
                and (lead_start == dist.start() or (
                    _NAMED_LIST.search(text, before, lead_start - 1) is not None
                    and len(places.within(before, lead_start - 1)) > 1))):
            return ListSlot(index, before, lead_start - 1)
    return ListSlot(index, lead_start, dist.start())


def listed_subject(text: str, slot: ListSlot | None, indicators: SpanIndex, places: SpanIndex,
                   value_start: int) -> Subject | None:
    """The subject of a value in a 分别 list over subjects: in 科技型中小企业、高新技术企业数量分别增长3.2倍、2.5倍
    the first value is the first item's, the second the second's (战略性新兴产业、高新技术产业增加值分别增长10%、7.9%:
    the first is no indicator of ours). None when the list is not of subjects (武汉、襄阳…分别: of places)."""
    if slot is None:
        return None
    items: list[tuple[int, int]] = []
    start = slot.lead_start
    for joiner in words().list_joiner.finditer(text, slot.lead_start, slot.lead_end):
        items.append((start, joiner.start()))
        start = joiner.end()
    items.append((start, slot.lead_end))
    # 武汉、襄阳高新技术企业 lists places; 全省科技型中小企业、高新技术企业 names where, then lists subjects.
    if len(items) < 2 or slot.index >= len(items):
        return None
    listed_places = [a for s, e in items for a, _, _ in places.within(s, e)]
    if any(a != items[0][0] for a in listed_places):
        # (R&D经费投入居前三位的是青岛、济南和烟台,分别为…: the noun before a list of places is the values'.)
        named_before = indicators.within(slot.lead_start, listed_places[0])
        if named_before and len(listed_places) >= len(items):
            word = named_before[-1][2]
            return Subject(vocabulary().synonym_to_key[word], word, "")
        return None
    last = text[items[-1][0]:items[-1][1]]
    named = [indicators.within(s, e) or _with_shared_tail(text, s, e, last) for s, e in items]
    # 其中重庆大学、西南大学分别完成9.2亿元、4.7亿元: a list of organisations says whose, not what.
    if not any(named) and all(text.endswith(words().org_names, s, e) for s, e in items):
        return Subject("", "", "")
    # 国家级、部级创新平台分别达到22家、182家 lists levels of one subject, not subjects.
    if any(not found and len(residual(text[s:e])) < 2 for found, (s, e) in zip(named, items, strict=True)):
        return None
    # (A list of other subjects is one too: 知识创造、知识获取…和创新绩效分别居全国第12位、第9位…; not one of towns
    # or values, nor one whose values name their noun: 五常、仓前街道分别新增高企68家、57家.)
    if not any(named) and (indicators.within(slot.lead_end, value_start) or any(
            _DIGIT.search(text, s, e) or len(residual(_without_places(text, s, e, places))) < 2 for s, e in items)):
        return None
    # 隆基绿能、陕汽集团、西电集团研发投入分别为…: owners listed before the one indicator word they share.
    if any(named) and not any(named[:-1]) and named[-1] and named[-1][-1][0] > items[-1][0] + 1:
        word = named[-1][-1][2]
        return Subject(vocabulary().synonym_to_key[word], word, "")
    start, end = items[slot.index]
    if named[slot.index]:
        word_start, _, word = named[slot.index][-1]
        return Subject(vocabulary().synonym_to_key[word], word,
                       single_level(text, start, end) or _prefix_level(text, word_start, word))
    # Filler before the name goes (2021年战略性新兴产业); a word at its end stays (一般性支出).
    item = text[start:end].strip()
    while (m := words().filler.match(item)) and m.group():
        item = item[m.end():]
    return Subject("other", item[-SUBJECT_CHARS:], "")


def _with_shared_tail(text: str, start: int, end: int, last: str) -> list[tuple[int, int, str]]:
    """战略性新兴产业、高新技术产业、装备制造业增加值: an item that names an indicator with the tail (增加值) the
    list's last item spells out for all of them, as a match of that synonym; else none."""
    item = trim(text[start:end])
    if len(item) < 2:
        return []
    for synonym in _synonyms_by_first().get(item[0], ()):
        if len(synonym) > len(item) and synonym.startswith(item) and last.endswith(synonym[len(item):]):
            return [(start, end, synonym)]
    return []


@functools.cache
def _synonyms_by_first() -> dict[str, list[str]]:
    """Indicator synonyms by their first character, in vocabulary order."""
    out: dict[str, list[str]] = {}
    for synonym in vocabulary().synonym_to_key:
        out.setdefault(synonym[0], []).append(synonym)
    return out


def listed_level(text: str, slot: ListSlot | None) -> str:
    """The level of a value in a 分别 list over levels: 国家级、部级创新平台分别达到22家、182家 → 国家级, 部级."""
    if slot is None:
        return ""
    levels = _levels_in(text, slot.lead_start, slot.lead_end)
    return levels[slot.index] if len(levels) >= 2 and slot.index < len(levels) else ""


def narrows(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] (a clause before its value) opens with 其中: a part of the value before it."""
    return words().narrowing.match(text, start, end) is not None


def grant_end(text: str, start: int, end: int) -> int:
    """Where the last grant word of text[start:end] ends (对新认定的企业给予…), else ``start``: a measure word
    before it qualifies the recipients, not the money."""
    found = deque(words().grant.finditer(text, start, end), maxlen=1)
    return found[0].end() if found else start


def is_comparison(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] measures a change against a base (比上年末增加, 同比增加), not an addition."""
    return any(m["change"] or m.group().startswith("同比") for m in words().measure.finditer(text, start, end))


def has_measure_word(text: str, start: int, end: int, passed: frozenset[str] = frozenset()) -> bool:
    """Whether a measure word other than those ``passed`` stands in text[start:end]."""
    return any(m.group() not in passed for m in words().measure.finditer(text, start, end))


def forecast_sentence(text: str, start: int, end: int, pos: int) -> bool:
    """Whether text[start:end] (a sentence before its first value) opens with a forecast word (at its start or
    a phrase's, after at most a short speaker: 省级财政计划安排, 我们的目标是) that reaches the value at ``pos``:
    no ; between them. After a longer subject (地区生产总值预计增长6%) it governs its own clause only."""
    w = words()
    blocked = [b.span() for b in w.target_blockers.finditer(text, start, end)]
    return any(_SPEAKER.fullmatch(text, phrase_start(text, start, m.start()), m.start()) is not None
               and text.find(";", m.end(), pos) < 0 and not any(s <= m.start() < e for s, e in blocked)
               for m in w.sentence_target.finditer(text, start, end))


def has_estimate_word(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] estimates rather than plans (预计全年接待游客9.6亿人次)."""
    return words().estimate.search(text, start, end) is not None


def has_actual_word(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] reports a value as done (已完成, 实际增长), whatever plan came before it."""
    return words().actual.search(text, start, end) is not None


def has_stock_word(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] says a value is the level reached (突破7000公里, 达到54条)."""
    return words().stock.search(text, start, end) is not None


def applies_after(text: str, end: int, clause_end: int) -> bool:
    """Whether the count ending at ``end`` is followed by its noun and a verb of applying (3865家企业申报…)."""
    return words().applied_after.match(text, end, clause_end) is not None


def list_named(text: str, indicators: SpanIndex, sentence_start: int, end: int, clause_end: int,
               title: str = "") -> Subject | None:
    """The subject of a count of holders that entered a list named earlier in the sentence (公布拟认定高新技术企业名单,
    全省共1563家企业入选), or in the title of a notice of the list (关于2024年第三批入库科技型中小企业名单的公告): the
    noun of the vocabulary the list is of."""
    w = words()
    entered = w.entry.match(text, end, clause_end)
    if entered is None or _WORD_OR_DIGIT.search(text, entered.end(), clause_end):
        return None
    for s, e, word in reversed(indicators.within(sentence_start, end)):
        if w.list_after.match(text, e, end):
            return Subject(vocabulary().synonym_to_key[word], word, single_level(text, max(sentence_start, s - 4), s))
    for s, e, word in reversed(vocabulary().indicator_matcher.find(title)):
        if w.list_after.match(title, e):
            return Subject(vocabulary().synonym_to_key[word], word, single_level(title, max(0, s - 4), s))
    return None


def enters_after(text: str, end: int, clause_end: int) -> bool:
    """Whether the count ending at ``end`` is followed by its holders and a verb of becoming something new
    (1563家企业入选…, 356家企业被认定为高新技术企业; not 连续4次获评, times)."""
    m = words().entry.match(text, end, clause_end)
    return m is not None and m["holder"] is not None and m["verb"] in vocabulary().context["entry_new"]


def find_measure(text: str, start: int, end: int, names: SpanIndex | None = None) -> str:
    """total, new or applied, by the last measure word in text[start:end] that is not part of a name in
    ``names`` (认定 in 技术合同认定登记额 and 认定奖励 adds nothing)."""
    found = [m for m in words().measure.finditer(text, start, end)
             if names is None or not names.overlaps(m.start(), m.start() + 1)]
    if not found:
        return "total"
    return "new" if found[-1]["change"] else words().measure_of[found[-1].group()]


def named_target(text: str, end: int) -> regex.Match | None:
    """The words naming the value that ends at ``end`` a target (1.5万家的目标值, 1800亿元的"十四五"规划目标)."""
    return words().target_after.match(text, end)


def compared_with_target(text: str, start: int, value_start: int) -> bool:
    """Whether the words before a named target's value compare with it (已超过1.5万家的目标值), not qualify it."""
    return text[start:value_start] in words().compared


def is_target(text: str, seg: Segments, mention: Mention, mentions_before_in_sentence: int,
              value_starts: list[int] | None = None, decided: bool = False) -> bool:
    """A goal or forecast: a target word before the value in its clause, or in lead-in clauses; ``decided``: the
    document is a notice of a list, whose 拟 words state the decision."""
    clause_start, _ = seg.clause(mention.value_start)
    spans = [(clause_start, mention.start)]
    sentence_start, _ = seg.sentence(mention.value_start)
    pos = clause_start
    # 力争到2025年,全市高新技术企业突破5000家: the lead-in clause carries no value of its own.
    if mentions_before_in_sentence == 0 and pos > sentence_start:
        spans.append(seg.clause(pos - 1))
    w = words()
    if w.target_heading.search(text, sentence_start, mention.start):
        return True
    if w.clause_proposal_opening.match(text, clause_start) or (
            mentions_before_in_sentence == 0 and w.proposal_opening.match(text, sentence_start)):
        return True
    for s, e in spans:
        chunk = text[s:e]
        blocked = [b.span() for b in w.target_blockers.finditer(chunk)]
        if decided:
            blocked += [b.span() for b in w.decided.finditer(chunk)]
        # The number after 将 may be the value itself, just past the chunk: look one character further.
        blocked += [(b.start() - s, b.end() - s) for b in w.target_preposition.finditer(text, s, e + 1)]
        if w.disposal_after.match(text, mention.end):
            blocked += [b.span() for b in w.target_preposition_word.finditer(chunk)
                        if not w.verb_after_will.match(chunk, b.end())]
        for m in w.target.finditer(chunk):
            # A plan word before another value plans that one (完成全年目标任务2000万美元的100.05%).
            if not any(bs <= m.start() < be for bs, be in blocked) and not (
                    value_starts and bisect_left(value_starts, s + m.end()) < bisect_left(value_starts, mention.start)):
                return True
    return False


# Who may say a plan before its word, as the opening of its phrase (全市, 省级财政, 我们的).
_SPEAKER = regex.compile(r"\p{Han}{0,4}")
# What may stand before a place that is its clause's topic: a time (2021年荆门市获批…), nothing else.
_TOPIC_PREFIX = regex.compile(r"[0-9年月日底末今去全截至止目前以来\s]*")
# … or an ordinal of a list of points (一是苏州市…, (二)徐州市…).
_TOPIC_OPENING = regex.compile(
    r"(?:[一二三四五六七八九十]是|\([一二三四五六七八九十\d]{1,2}\)|[一二三四五六七八九十\d]{1,2}[、.])?"
    r"[0-9年月日底末今去全截至止目前以来\s]*")


def phrase_start(text: str, start: int, pos: int) -> int:
    """Where the phrase holding ``pos`` begins: after the last , ; or : (not 、, which joins list items)."""
    return max(start, *(text.rfind(c, start, pos) + 1 for c in ",;:"))


@dataclass(frozen=True)
class RegionContext:
    province: str
    city: str  # what 全市 names: the document's city, or the county-level city it is about (桐城市)
    default: str
    prefecture: str  # what 全州/全盟 name: the prefecture-level region (安庆市, 恩施州)
    guessed: bool = False  # the document names no place of its own: the places in its text are its topic


_LOCATED_REACH = 4
_LABEL_END = regex.compile(r"[:\]】]")
# A heading line: an ordinal ((三), 三、, 3.) or none, then the line's words; a section runs to the next.
_HEADING = regex.compile(r"^[ \t]*(?:\([一二三四五六七八九十\d]{1,3}\)|[一二三四五六七八九十]{1,3}、|\d{1,2}[.、])[ \t]*",
                         regex.MULTILINE)
_LINE_END = regex.compile(r"[ \t]*:?[ \t]*(?:\n|\Z)")


def section_regions(text: str, places: SpanIndex) -> SpanIndex:
    """The sections under heading lines that name only a place ((三)九江市 ⏎ 全年新增…), as that place."""
    out: list[tuple[int, int, str]] = []
    headings = list(_HEADING.finditer(text))
    for n, h in enumerate(headings):
        named = places.within(h.end(), h.end() + 16)
        if named and named[0][0] == h.end() and _LINE_END.match(text, named[0][1]):
            end = headings[n + 1].start() if n + 1 < len(headings) else len(text)
            out.append((named[0][1], end, named[0][2]))
    return SpanIndex(out)


def _short_topic(text: str, sentence_start: int, start: int, end: int) -> bool:
    """Whether a place written by its short name is its phrase's topic, alone: 宝鸡坚持创新驱动,…; 在西安,…;
    西安高新区聚焦… (not 西安地铁15号线…, 延安苹果、汉中中药材入选…, 马鞍山、宿州获批…)."""
    opening = phrase_start(text, sentence_start, start)
    if text.startswith("在", opening) and opening + 1 == start:
        return text.startswith((",", ":"), end)
    return (_TOPIC_OPENING.fullmatch(text, opening, start) is not None and not text.endswith("、", 0, start)
            and not text.startswith("、", end)
            and (text.startswith((",", ":"), end) or words().topic_after_place.match(text, end) is not None))


def _written_whole(written: str) -> bool:
    """Whether a place is written otherwise than by its short name (荆门市, 恩施州, 我州; not 荆门, 苏州 of 苏州河 or
    西安 of 西安地铁)."""
    region = vocabulary().region_by_name.get(written)
    return region is None or written != region.short


def _inside_of(places: SpanIndex, outer: tuple[int, str], inner: tuple[int, str]) -> bool:
    """Whether the place ``inner`` is written right after ``outer`` and lies inside it."""
    region = vocabulary().region_by_name.get(inner[1])
    return region is not None and outer[1] in (region.city, region.province) and any(
        s == outer[0] and e == inner[0] for s, e, _ in places.within(outer[0], inner[0]))


def average_region(text: str, mention: Mention, ctx: RegionContext) -> str | None:
    """The region of a figure in brackets after an average, the average's own (比全省平均水平(1.18%)高 → the
    province, 全国平均水平(2.68%) → none); None for any other value."""
    average = words().average_before.search(text, max(0, mention.start - 12), mention.start)
    if average is None:
        return None
    return ctx.province if average["province"] else ctx.city if average["city"] else ""


def _held_together(text: str, clause_start: int, sentence_start: int, mention: Mention,
                   named: Callable[[int, int], list[tuple[int, str]]]) -> bool:
    """Whether the value is a few places' together: 两市合计…, 三地新增…, or 合计 opening its clause after a list
    of places in its sentence."""
    w = words()
    if w.group.search(text, clause_start, mention.start) is not None:
        return True
    opening = _TOPIC_PREFIX.match(text, clause_start).end()
    return w.group_total.match(text, opening) is not None and len(named(sentence_start, clause_start)) > 1


def find_region(text: str, seg: Segments, mention: Mention, ctx: RegionContext, places: SpanIndex,
                slot: ListSlot | None, previous: tuple[int, str] | None = None,
                sections: SpanIndex | None = None) -> str:
    """Region of a value: 分别 lists, then the clause, then the sentence before it, then the section's heading,
    then the document."""
    clause_start, clause_end = seg.clause(mention.value_start)
    sentence_start, _ = seg.sentence(mention.value_start)

    def named(s: int, e: int) -> list[tuple[int, str]]:
        return [(a, name) for a, _, name in places.within(s, e)]

    if slot is not None:
        listed = named(slot.lead_start, slot.lead_end)
        if 0 <= slot.index < len(listed):
            return listed[slot.index][1]
    # 芜湖2153家和蚌埠912家: a place after the clause's previous value is this value's.
    if previous is not None and previous[0] > clause_start and (between := named(previous[0], mention.start)):
        return between[-1][1]
    if _held_together(text, clause_start, sentence_start, mention, named):
        return ""
    in_clause = named(clause_start, mention.start)
    if not in_clause and mention.kind in ("amount", "growth", "percent") and words().nation_aggregate.match(
            text, clause_start) is not None:
        return ""
    if in_clause:
        # 湘西州花垣县, 宜昌市夷陵区: a place written right after the region holding it is the narrower one
        # (宁波舟山港 names two cities).
        first = 0
        while first + 1 < len(in_clause) and _inside_of(places, in_clause[first], in_clause[first + 1]):
            first += 1
        return in_clause[first][1]
    after = named(mention.end, clause_end)
    if after:
        return after[0][1]
    # The sentence's previous claim already resolved the places before it: 荆门市获批湖北…项目12个、资金120万元.
    # Across a ; only a place that is the topic of its clause carries on (九江港完成…;完成集装箱吞吐量76.9万标准箱),
    # not one inside another item's object (培育江西省绿色技术创新企业2家;…成交额81.8亿元 is the city's).
    item_start = max(sentence_start, text.rfind(";", sentence_start, clause_start) + 1)
    if previous is not None and previous[0] >= item_start and not named(previous[0], clause_start):
        return previous[1]
    # (… and within it, only a place written whole, as a label, after 落户/位于 or by its short name as its phrase's
    # subject: 支持洛阳市争创…,力争…全市…达到70家, 【南京】…, 宝鸡坚持…,新增… are the city's; 推动商洛电厂二期…,新增可再生
    # 能源装机… and 西安地铁15号线通车运营,…投资分别达到… name a place inside a name.)
    earlier = [(a, name) for a, e, name in places.within(item_start, clause_start)
               if ctx.guessed or _written_whole(text[a:e]) or _LABEL_END.match(text, e)
               or words().located_in.search(text, max(0, a - _LOCATED_REACH), a)
               or _short_topic(text, sentence_start, a, e)] or [
        (a, name) for a, name in named(sentence_start, item_start)
        if _TOPIC_PREFIX.fullmatch(text, phrase_start(text, sentence_start, a), a)]
    if earlier:
        return earlier[-1][1]
    section = sections.covering(mention.start) if sections is not None else None
    return section if section is not None else ctx.default
