"""From a document's text to its claims: clean → find numbers → attach context → rows."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from dataclasses import dataclass, replace
from functools import partial

import regex

from .claim import Claim
from .cleaning import Cleaned, clean
from .context import (
    SUBJECT_CHARS,
    ListSlot,
    RegionContext,
    SpanIndex,
    Subject,
    applies_after,
    average_region,
    compared_with_target,
    compatible,
    cued,
    enters_after,
    find_measure,
    find_region,
    find_subject,
    forecast_sentence,
    grant_end,
    has_actual_word,
    has_estimate_word,
    has_measure_word,
    has_stock_word,
    indicator_index,
    is_comparison,
    is_target,
    list_named,
    list_slot,
    listed_level,
    listed_subject,
    named_target,
    narrows,
    place_index,
    residual,
    section_regions,
    share_of,
    single_level,
    split_subject,
    trim,
    words,
)
from .finder import Mention, find_mentions
from .metadata import DocumentFacts, document_facts
from .patterns import FROM_WORD, YEAR
from .regions import RegionFinder
from .segments import MAX_SENTENCE, Segments
from .tables import TableCell, caption_indicator, find_table_cells
from .timeline import YearResolver, default_year, find_times, plan_of, with_plan_chapters, with_year_headings
from .vocab import generic_words, vocabulary, word_set

# A rank whose clause names a subject this long (区域创新能力稳居全国第4位) ranks that, not the count before it;
# shorter words before a rank (数量, 总量, 企业数) name the count's own measure.
_OWN_RANK_SUBJECT = 4
# How far before a value of kind "other" (千瓦, 公里, 天) a 新增/新建 still reads as its measure.
_OTHER_MEASURE_REACH = 12
# … and before money (新增科技贷款1000亿元, 比上年末分别增加19.4亿元), though not across a grant: 对新认定高企
# 奖励30万元 is no new money.
_AMOUNT_MEASURE_REACH = 8
# What stands between two values of one 、-list: the next item's noun (高新技术企业600家、科技型中小企业1200家)
# or the first one's (新培育10个概念验证中心、20个), never a clause break.
_LIST_GAP = regex.compile(r"[^,;:。!?\n]*、[^,;:。!?\n]*")
_YEAR_LIST = regex.compile(rf"(?:{YEAR}年?[、和及与]?)+")
_CONTROL = regex.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_FROM = regex.compile(FROM_WORD + r"[^,;。]{0,12}\Z")
# After a "from" value, the "to" of its span in its clause: 从28件提高到70件, 由51家整合为33家, 从第13位升至第5位,
# 从全国第8位跃居第1位 (not 居民, 至今, 作为, 成为).
_TO_AFTER = regex.compile(r"[^,;。!?\n]{0,20}?(?<![作成因认])(?:到|至|为|居)(?![民今])")
# The base of a comparison written with its own value (比2021年末的3.3万件, 较上年的1.4万家).
# (… and in brackets: 比上年(25件), 4870家(上年3732家), 3.6%(2025年为3.3%).)
_BASE_VALUE = regex.compile(rf"(?:(?:比|较)(?:(?P<year>{YEAR})年[末底]?|上年度?|上一年|去年)(?:末|底|同期)?(?:的|\()"
                            rf"|\((?:(?P<year>{YEAR})年[末底]?|上年度?|上一年|去年)(?:末|底|同期)?(?:为|是)?)\Z")
_BASE_REACH = 12
# A sentence that breaks down the one before it shares its period: one opened by a narrowing word (其中,…) or by a
# breakdown (分行业看,…; 按经营单位所在地分,…; not 从长远看, 从全局看, which look ahead or around).
_BREAKDOWN_OPENING = regex.compile(
    r"[分从](?!长远|长期|全局|整体|总体|大局|根本|当前)\p{Han}{1,8}?看|按\p{Han}{1,8}?(?:分|统计)")
_BREAKDOWN_CHAIN = 3
# How far after an amount the money word it sizes may end (10亿元科技成果转化引导基金), and what may stand between.
_MONEY_NOUN_AFTER = 14
_HAN_RUN = regex.compile(r"\p{Han}*")
_YEAR_NOTE = regex.compile(rf"\((?P<year>{YEAR})年?(?:度)?(?:数据|数)?\)")
# How far before the clause of a value with no subject the noun of a clause about it may end (…企业数量快速增长,).
_TOPIC_REACH = 10
_LABEL_REST = regex.compile(r"(?:\([^()\n]{1,6}\))?:[ \t]*[\d.,]+[万亿]?[ \t]*,")
_HEAD = 2  # the characters a Chinese noun phrase ends with that name what it is (…项目, …企业)
# The "to" side of 从2021年的46503元提高到58794元: the years written inside the from-phrase are not its own.
_FROM_TO = regex.compile(f"(?P<from>{FROM_WORD})" + r"[^,;。]{1,40}?(?P<to>到|至)[^,;。]{0,12}\Z")


@dataclass
class _Previous:
    claim: Claim
    mention: Mention
    role: str = ""
    average: bool = False  # a figure in brackets after an average: it passes its region to nothing after it


def _readable(text: str) -> str:
    """A sentence for people to read: control characters (a stray NUL) taken out."""
    return _CONTROL.sub("", text).strip()


def _role(text: str, mention: Mention, clause_start: int, previous: _Previous | None) -> str:
    """"from" for the first side of 从X到Y / 由X增加到Y; 从5方面提出28个指标 has no "to" and no sides."""
    lead_start = clause_start
    if previous is not None and previous.mention.end > clause_start:
        lead_start = previous.mention.end
    if _FROM.search(text, lead_start, mention.start) and _TO_AFTER.match(text, mention.end):
        return "from"
    return ""


def _qualifier(text: str, mention: Mention, named: regex.Match | None) -> str:
    """已超过1.5万家的目标值: the words before a named target compare with it, the target is exact."""
    if named is not None and compared_with_target(text, mention.start, mention.value_start):
        return "exact"
    return mention.qualifier


def _subject(own: Subject | None, mention: Mention, prev: _Previous | None) -> tuple[Subject, bool]:
    """The claim's subject, and whether it was inherited from the sentence's previous claim.

    其中国家级84家 and 一年新增1万多家 name no subject of their own and inherit one; a rank with no
    vocabulary subject of its own (位居全国第七, 数量排名全国第五) ranks the count before it, one whose clause
    names a longer subject (区域创新能力稳居全国第4位) ranks that.
    """
    inherit = prev is not None and (
        own is None or own.indicator == "" or (
            mention.kind == "rank" and own.indicator == "other" and len(residual(own.subject)) < _OWN_RANK_SUBJECT))
    if inherit and prev is not None:
        own_level = own.level if own is not None else ""
        return Subject(prev.claim.indicator, prev.claim.subject, own_level or prev.claim.level), True
    if own is None or own.indicator == "":
        return Subject("other", "", own.level if own is not None else ""), False
    return own, False


def _referent(before: list[_Previous]) -> _Previous:
    """The claim a value with no subject of its own refers to: the last of its sentence, passing over shares
    with no indicator (高新技术企业1.56万家,占全省的29.6%,居全省首位 ranks the count; …占全年目标任务的40%,
    较上年同期多2600家 is more of the count)."""
    last = before[-1]
    if last.claim.kind != "percent" or last.claim.indicator != "other":
        return last
    whole = [p for p in before[:-1] if p.claim.indicator != "other"
             and (p.claim.subject == last.claim.subject or _is_share(last.claim.subject))]
    return whole[-1] if whole else last


def _is_share(subject: str) -> bool:
    """A share's subject says of what whole, not what (占全省的29.6% has 占全省, or none)."""
    return subject == "" or subject.startswith("占")


def _list_length(text: str, mentions: list[Mention], first: int) -> int:
    """How many values a list that starts with ``mentions[first]`` holds (3家、2家和1家: 3)."""
    count = 1
    while (first + count < len(mentions)
           and words().list_joiner.fullmatch(text, mentions[first + count - 1].end, mentions[first + count].start)):
        count += 1
    return count


def _over_clauses(text: str, slot: ListSlot | None, mentions: list[Mention], i: int,
                  before: list[_Previous]) -> Claim | None:
    """The claim whose change ``mentions[i]`` is when 分别 distributes its values over the values of the
    clauses before it (登记技术合同6.1万项,成交额4120.8亿元,比上年分别增长15.6%和37.2%): the first value is
    the change of the first of those, the last of the last. None when 分别 has a list of its own before it."""
    if slot is None or residual(text[slot.lead_start:slot.lead_end]):
        return None
    first = i - slot.index
    count = _list_length(text, mentions, first)
    # (A change distributes over levels, not over other changes; levels after changes take the changes' subjects:
    # 高新技术企业、科技型企业分别增长25.1%、47.5%,分别达到3141家、1.4万家.)
    changes = ("growth", "rank")
    sides = [p for p in before if p.mention.end <= slot.lead_start
             and (p.mention.kind not in changes or mentions[i].kind not in changes)]
    if count < 2 or len(sides) < count or slot.index >= count:
        return None
    return sides[len(sides) - count + slot.index].claim


@dataclass
class _Document:
    """What every claim of one document is read against."""

    cleaned: Cleaned
    facts: DocumentFacts
    seg: Segments
    resolver: YearResolver
    region_ctx: RegionContext
    mentions: list[Mention]
    starts: list[int]
    indicators: SpanIndex
    places: SpanIndex
    sections: SpanIndex  # the parts under a heading that names a place ((三)九江市)
    cue: str  # title + publisher: what tells a generic money word (资金) is S&T money
    text: str  # the cleaned text (read for every claim: an attribute, not a property)
    cells: list[TableCell]
    decided: bool  # a notice of a list (…的公示): its 拟 words state the decision


@dataclass
class _Spot:
    """One mention in its surroundings: its clause, sentence and paragraph, the sentence's earlier claims and
    the 分别 or 、-list it belongs to."""

    i: int
    mention: Mention
    clause: tuple[int, int]
    sentence: tuple[int, int]
    paragraph: tuple[int, int]
    prev: _Previous | None  # the previous claim of the same sentence
    before: list[_Previous]  # all earlier claims of the sentence
    window_start: int  # where this value's own words begin
    slot: ListSlot | None
    same_list: bool
    in_list: bool


def _document(cleaned: Cleaned, facts: DocumentFacts) -> _Document:
    text = cleaned.text
    published_year = facts.published.year if facts.published else (
        facts.reference_year + 1 if facts.reference_year else None)
    if facts.kind == "summary" and facts.reference_year is not None:
        published_year = facts.reference_year  # 今年 in a 2023年工作总结 posted in January 2024 is 2023
    # (A work report's 一季度 is mostly a plan for the months ahead; a summary is dated by its title.)
    dated_by_title = facts.kind == "work_report" or (facts.kind == "summary" and facts.reference_year is not None)
    month = facts.published.month if facts.published and not dated_by_title else None
    times = find_times(text, published_year, month, facts.published.year if facts.published else None,
                       facts.reference_year if facts.kind == "bulletin" else None, plan_of(facts.title),
                       # (一年来 in a bulletin about 2015 posted in 2017 is 2015.)
                       facts.reference_year if facts.kind in ("summary", "bulletin") else None,
                       undated=facts.title_year is None)
    own = RegionFinder.default().lookup(facts.region)
    # 全市 in 桐城市's bulletin is 桐城市, not 安庆市 above it; 全州 in 恩施市's is still 恩施州.
    county_city = own is not None and own.level == "county" and own.name.endswith("市")
    region_ctx = RegionContext(facts.province, facts.region if county_city else facts.city, facts.region,
                               facts.city, facts.region_guessed)
    # A number in a cell of a table is read with the table's headers (| 支持科技型中小企业数量 | ≥500家 | 632家 |),
    # not as running text.
    cells = find_table_cells(text)
    in_cells = SpanIndex([(c.start, c.end, "") for c in cells])
    mentions = _elided_growths(text, [m for m in find_mentions(text) if not in_cells.overlaps(m.start, m.end)])
    ranks = SpanIndex([(m.start, m.end, "") for m in mentions if m.kind == "rank"])
    places = place_index(text, RegionFinder.default(), region_ctx, ranks)
    resolver = YearResolver(times, with_plan_chapters(text, with_year_headings(text, partial(default_year, facts)),
                                                      facts.published.year if facts.published else facts.title_year))
    return _Document(
        cleaned, facts, Segments(text), resolver, region_ctx, mentions,
        [m.start for m in mentions], indicator_index(text), places, section_regions(text, places),
        facts.title + facts.publisher, text, cells,
        facts.title.rstrip().endswith(tuple(vocabulary().context["results_titles"])))


def _elided_growths(text: str, mentions: list[Mention]) -> list[Mention]:
    """``mentions`` with a rate that only names a scope after a growth rate read as a growth rate too
    (全省高技术制造业增加值增长14.2%,全国为8.7%)."""
    out = list(mentions)
    for i in range(1, len(out)):
        before, mention = out[i - 1], out[i]
        if (mention.kind == "percent" and before.kind == "growth" and before.unit == "%"
                and words().elided_scope.fullmatch(text, before.end, mention.start) is not None):
            out[i] = replace(mention, kind="growth", growth_word=True)
    return out


def _spot(doc: _Document, i: int, previous: _Previous | None, before: list[_Previous]) -> _Spot:
    text, mention = doc.text, doc.mentions[i]
    clause = doc.seg.clause(mention.value_start)
    sentence = doc.seg.sentence(mention.value_start)
    prev = previous if previous is not None and previous.mention.start >= sentence[0] else None
    # 全国有效高新技术企业达到46.3万家。其中,广东、江苏分别为…: a sentence opened by 其中 narrows the one before.
    paragraph = doc.seg.paragraph(mention.value_start)
    # (… and so does one that points back at its figure: 这一数字比上年增长22.7%.)
    if (prev is None and previous is not None and previous.mention.start >= paragraph[0]
            and (words().narrowing_opening.match(text, sentence[0]) is not None
                 or words().anaphor.search(text, sentence[0], mention.start) is not None)):
        prev, before = previous, [previous]
    window_start = prev.mention.end if prev is not None and prev.mention.end > clause[0] else clause[0]
    # The last of 326家、118家和97家 is joined by 和 alone.
    joined = prev is not None and words().list_joiner.fullmatch(text, prev.mention.end, mention.start) is not None
    same_list = joined or (prev is not None and _LIST_GAP.fullmatch(text, prev.mention.end, mention.start) is not None)
    # The next item of a noun-first list (高新技术企业600家、科技型中小企业1200家) shares level, status and year, as
    # does the last item of a count-first list, joined by 和 after the noun before (2519个典型村和25个典型村片区).
    last_item = prev is not None and words().last_count_first_item.fullmatch(text, prev.mention.end,
                                                                               mention.start) is not None
    same_list = same_list or last_item
    in_list = joined or last_item or (same_list and prev is not None and text.startswith("、", prev.mention.end))
    return _Spot(i, mention, clause, sentence, paragraph, prev,
                 before if prev is not None else [], window_start, list_slot(text, doc.seg, mention, doc.starts, i, doc.places),
                 same_list, in_list)


def _topic(doc: _Document, at: _Spot) -> Subject | None:
    """The subject of a value whose clause names none and opens no earlier claim of its sentence: the noun of the
    vocabulary whose growth a clause before it, with no value, tells (科技型中小企业数量快速增长,由…3.1万家增加到…;
    高企总量稳步增长,预计今年将达到1.2万家; not 优化中试平台布局,新建7家…), the list of it a clause before announces
    (公布第六批国家级专精特新"小巨人"企业名单,我省新增128家), or the label of a line of figures
    (专利授权量(件):3268,比上年增长12.4%)."""
    named = doc.indicators.within(at.sentence[0], at.clause[0])
    if not named:
        return None
    s, e, word = named[-1]
    key = vocabulary().synonym_to_key[word]
    # (… or money whose fund a clause sets up: 设立秦创原成果转化基金,首期规模二十亿元.)
    money = at.mention.kind == "amount" and vocabulary().indicators[key].measures == "amount"
    if (at.clause[0] - e > _TOPIC_REACH or bisect_left(doc.starts, e) != at.i
            or not compatible(key, at.mention.kind, at.mention.unit)
            or not (money or words().growth_verb.search(doc.text, e, at.clause[0])
                    or _LABEL_REST.fullmatch(doc.text, e, at.clause[0])
                    or words().state_after.fullmatch(doc.text, e, at.clause[0])
                    or (at.mention.kind == "count" and words().list_after.match(doc.text, e, at.clause[0])))):
        return None
    return Subject(key, word, single_level(doc.text, s - 3, s))


def _money_named_after(doc: _Document, at: _Spot) -> Subject | None:
    """The money an amount sizes when its noun follows it (设立10亿元科技成果转化引导基金, 首期100亿元省级科技创新母基金):
    a money word of the vocabulary ending the words right after the amount."""
    end = at.mention.end
    for s, e, word in doc.indicators.within(end, min(at.clause[1], end + _MONEY_NOUN_AFTER)):
        key = vocabulary().synonym_to_key[word]
        # (A generic word needs its cue in its clause: 设立20亿元乡村振兴基金 is no S&T money.)
        if (vocabulary().indicators[key].measures == "amount" and _HAN_RUN.fullmatch(doc.text, end, s)
                and cued(key, word, doc.text, at.clause[0], at.clause[1], doc.cue, doc.indicators, at.clause)):
            return Subject(key, doc.text[end:e], single_level(doc.text, end, s))
    return None


def _what(doc: _Document, at: _Spot) -> tuple[Subject, str, str, bool, Claim | None]:
    """(subject, indicator, level, inherited, the claim whose change a 分别 value is) of the value at ``at``."""
    text, mention, prev, slot = doc.text, at.mention, at.prev, at.slot
    own = listed_subject(text, slot, doc.indicators, doc.places, mention.start) or find_subject(
        text, doc.seg, mention, at.window_start, doc.indicators, doc.places)
    if own is None and prev is None:
        own = _topic(doc, at)
    # 研发投入强度2.5%,全国为2.6%: a clause naming only the scope compares the same thing.
    if prev is not None and words().elided_scope.fullmatch(text, prev.mention.end, mention.start) is not None:
        own = None
    if (own is None or own.indicator in ("", "other")) and mention.kind == "count":
        own = list_named(text, doc.indicators, at.sentence[0], mention.end, at.clause[1], doc.facts.title) or own
    if mention.kind == "amount" and (own is None or own.indicator in ("", "other")
                                     or not compatible(own.indicator, "amount", mention.unit)):
        own = _money_named_after(doc, at) or own
    # A change in points (比上年提高2个百分点) after a share is the share's; a rank, a count or a growth rate
    # (占全国比重2.1%,增长10.6%) is the quantity's before it.
    skips_share = mention.kind in ("rank", "count", "amount") or (mention.kind == "growth" and mention.unit == "%")
    subject, inherit = _subject(own, mention, _referent(at.before) if prev is not None and skips_share else prev)
    over = _over_clauses(text, slot, doc.mentions, at.i, at.before)
    if over is not None and slot is not None:
        # A level of the list's own stays: 其中国家级分别为3家、2家.
        listed = single_level(text, slot.lead_start, slot.lead_end) or over.level
        subject, inherit = Subject(over.indicator, over.subject, (own.level if own else "") or listed), True
    level = listed_level(text, slot) or subject.level
    if not level and at.in_list and prev is not None:
        level = prev.claim.level
    indicator = subject.indicator if compatible(subject.indicator, mention.kind, mention.unit) else "other"
    share = share_of(text, at.clause[0], mention.start, prev.claim.indicator) if (
        prev is not None and indicator == "other") else None
    if share is not None and prev is not None and compatible(share[0], mention.kind):
        indicator = share[0]
        subject = Subject(indicator, prev.claim.subject + share[1], subject.level)
    split = split_subject(text, at.clause[0], mention.start, prev.claim.subject, prev.claim.indicator) if (
        prev is not None and indicator == "other" and not inherit) else None
    if split is not None and compatible(split[0], mention.kind):
        indicator = split[0]
        subject = Subject(indicator, split[1], subject.level)
    # 科技支出442.3亿元,其中基础研究投入96.7亿元: a part of a total is the same thing, narrowed.
    # (Money is the total's money; a count only of the same head noun: 科技计划项目412项,其中国家级项目37项, not
    # 孵化器380家,其中累计毕业企业1.2万家.)
    if indicator == "other" and not inherit and at.before and narrows(text, at.clause[0], mention.start):
        whole = next((p for p in reversed(at.before)
                      if p.mention.kind == mention.kind and p.mention.unit == mention.unit), None)
        # (… or a count of the total named by its grade or result: 参评实验室138家,其中评估优秀28家; 通过验收641项.)
        if whole is not None and whole.claim.indicator != "other" and (
                mention.kind == "amount" or subject.subject[-_HEAD:] == whole.claim.subject[-_HEAD:]
                or words().graded.fullmatch(subject.subject) is not None):
            indicator = whole.claim.indicator
    # 挤占挪用科技专项资金,涉及金额1863.7万元: an amount of the money a clause before named (opening its clause: 加计扣除
    # 金额 is money of its own).
    if indicator == "other" and mention.kind == "amount" and words().money_ref.match(text, at.clause[0], mention.start):
        money = [(w, vocabulary().synonym_to_key[w]) for _, _, w in doc.indicators.within(at.sentence[0], at.clause[0])]
        money = [(w, k) for w, k in money if vocabulary().indicators[k].measures == "amount"]
        if money:
            subject = Subject(money[-1][1], money[-1][0], "")
            indicator = money[-1][1]
    # The cue of a generic money word stands in its sentence, not in the next item after a ; (安排扶贫资金
    # 98.6亿元;安排科技特派员专项经费3000万元).
    item_end = text.find(";", at.clause[1] - 1, at.sentence[1])
    uncued = not cued(indicator, subject.subject, text, at.sentence[0], item_end if item_end >= 0 else at.sentence[1],
                      doc.cue, doc.indicators, at.clause)
    if uncued:
        indicator = "other"
    # 低收入高龄老人生活补助623万元, 期货代理成交金额3.9万亿元 are named by their whole phrase, not the generic word alone.
    if ((uncued or (indicator == "other" and subject.subject in generic_words())) and not inherit
            and (phrase := trim(text[at.window_start:mention.start])[-SUBJECT_CHARS:]).endswith(trim(subject.subject))):
        subject = Subject("other", phrase, subject.level)
    if indicator == "other":
        level = ""  # levels grade the vocabulary's institutions, not arbitrary subjects
    return subject, indicator, level, inherit, over


def _span_year(doc: _Document, at: _Spot) -> tuple[int, str] | None:
    """(year, year_source) of a value in a 分别 list over the years of a span (2021—2023年,科技支出分别为312.5亿元、
    338.7亿元、365.9亿元; 近三年…分别为): one value for each year, and the list of no subjects."""
    slot = at.slot
    if slot is None or words().list_joiner.search(doc.text, slot.lead_start, slot.lead_end):
        return None
    spans = [t for t in doc.resolver.within(at.sentence[0], slot.lead_end)
             if t.first_year is not None and t.year is not None]
    if len(spans) != 1 or spans[0].year is None or spans[0].first_year is None:
        return None
    years = spans[0].year - spans[0].first_year + 1
    if slot.index >= years or _list_length(doc.text, doc.mentions, at.i - slot.index) != years:
        return None
    return spans[0].first_year + slot.index, spans[0].source


def _period_start(doc: _Document, at: _Spot) -> int:
    """Where the period words that apply to the value at ``at`` may stand: its sentence, and the sentences it
    breaks down."""
    start = at.sentence[0]
    for _ in range(_BREAKDOWN_CHAIN):
        if start <= at.paragraph[0] or not (words().narrowing_opening.match(doc.text, start)
                                            or _BREAKDOWN_OPENING.match(doc.text, start)):
            break
        start = doc.seg.sentence(start - 1)[0]
    return start


def _when(doc: _Document, at: _Spot, role: str, inherit: bool) -> tuple[int | None, str, str, bool]:
    """(year, year_source, period, dated as a target) of the value at ``at``."""
    text, mention, prev, slot, clause = doc.text, at.mention, at.prev, at.slot, at.clause
    # (A plain find first: most clauses hold no 从/由 at all.)
    from_to = _FROM_TO.search(text, clause[0], mention.start) if role != "from" and (
        text.find("从", clause[0], mention.start) >= 0 or text.find("由", clause[0], mention.start) >= 0) else None
    # Only a span with a value on its from-side (由省科技厅2024年认定的企业达到3000家 has none: 由 is "by").
    skip = (from_to.start("from"), from_to.start("to")) if from_to else None
    if skip and bisect_left(doc.starts, skip[1]) == bisect_left(doc.starts, skip[0]):
        skip = None
    resolved = doc.resolver.resolve(mention.start, at.paragraph, clause, role, skip, _period_start(doc, at))
    year, year_source, period = resolved.year, resolved.source, resolved.period
    # 比2021年末的3.3万件增加8000件, 比上年度的262项: the base's value stands at the base's time.
    base = _BASE_VALUE.search(text, max(0, mention.start - _BASE_REACH), mention.start)
    if base is not None and base["year"]:
        year, year_source = int(base["year"]), "explicit"
    elif base is not None and year is not None:
        year, year_source = year - 1, "relative"
    # 研发投入强度5.81%(2023年数据): a year in brackets right after the value is its year.
    # (… and of its change after it: 1.62%(2023年数据),比上年提高0.05个百分点.)
    if (noted := _YEAR_NOTE.match(text, mention.end)) is not None:
        year, year_source = int(noted["year"]), "explicit"
    elif (inherit and prev is not None and mention.kind == "growth"
          and (noted := _YEAR_NOTE.match(text, prev.mention.end)) is not None):
        year, year_source = int(noted["year"]), "context"
    # 2022年、2023年,高新技术企业分别达到1000家、1200家: 分别 over a list of years gives each value its year.
    listed = [t for t in doc.resolver.within(at.sentence[0], slot.lead_end) if t.source == "explicit"
              and t.year is not None] if slot is not None else []
    if (slot is not None and len(listed) >= 2 and slot.index < len(listed)
            and _YEAR_LIST.fullmatch(text, listed[0].start, listed[-1].end)):
        year, year_source = listed[slot.index].year, "explicit"
    elif (of_span := _span_year(doc, at)) is not None:
        (year, year_source), period = of_span, ""
    # 从2015年的96.6亿元增加到2020年的233.8亿元;高新技术企业由1228家增加到5115家: a later pair's from-side
    # stands where the first one's did.
    if role == "from" and year_source not in ("explicit", "relative"):
        dated = [p for p in at.before if p.role == "from" and p.claim.year_source == "explicit"]
        if dated:
            year, year_source = dated[-1].claim.year, "context"
    # A rank takes the year of the count it ranks; the parts of a value (获得2021年度省级科技奖励10项,其中主持
    # 6项) and the next items of its 、-list share its year unless they write their own.
    rank_of_count = inherit and mention.kind == "rank" and prev is not None and prev.mention.kind != "rank"
    part_of_value = year_source not in ("explicit", "relative") and (
        at.in_list or narrows(text, clause[0], mention.start))
    if prev is not None and role != "from" and (rank_of_count or part_of_value):
        year, year_source = prev.claim.year, prev.claim.year_source
    return year, year_source, period, resolved.target


def _planned(doc: _Document, at: _Spot, dated_target: bool, year: int | None, year_source: str,
             inherit: bool, role: str, named: regex.Match | None, period: str) -> tuple[bool, int | None]:
    """(whether the value at ``at`` is a target, its year): a plan's undated values are for the report's year;
    ``inherit``: the value took its subject from the claim before it; ``named``: the words after it that name it a
    target, if any. The from-side of a change (将…比例由75%
    提高至100%) is where things stand, never a target; a value named a target after it (1.5万家的目标值) is one,
    of the plan named with it (1800亿元的"十四五"规划目标 is 2025's)."""
    text, mention, prev, clause, facts = doc.text, at.mention, at.prev, at.clause, doc.facts
    if role == "from":
        # (In a work report's plans, from where a change starts is where the year reviewed ended.)
        if (facts.kind == "work_report" and facts.reference_year is not None and year_source != "explicit"
                and year is not None and year > facts.reference_year):
            return False, facts.reference_year
        return False, year
    if named is not None:
        plans = [t.year for t in doc.resolver.within(mention.end, named.end()) if t.year is not None]
        return True, plans[0] if plans else year
    # The base of a comparison (比2025年(3.6%)提高0.4个百分点, 达到9万家(2025年为7.5万家)) is where things stood.
    base = _BASE_VALUE.search(text, max(0, mention.start - _BASE_REACH), mention.start)
    if base is not None and (not base["year"] or facts.published is None or int(base["year"]) <= facts.published.year):
        return False, year
    mentions_before = at.i - bisect_left(doc.starts, at.sentence[0], 0, at.i)
    target = dated_target or is_target(text, doc.seg, mention, mentions_before, doc.starts, doc.decided)
    # 预计高新技术企业达7.4万家、科技型中小企业达5.6万家: the forecast word governs the whole 、-list,
    # but not an item that reports what was done (计划投资1000亿元、已完成投资860亿元).
    if (at.in_list and prev is not None and prev.claim.status == "target"
            and not has_actual_word(text, prev.mention.end, mention.start)):
        target = True
    # A forecast opens its sentence or its ;-item (去年新增2300家;今年将再新增2500家,总量突破1.6万家).
    item_start = text.rfind(";", at.sentence[0], mention.start) + 1 or at.sentence[0]
    before_in_item = at.i - bisect_left(doc.starts, item_start, 0, at.i)
    if (not target and before_in_item and forecast_sentence(text, item_start, doc.starts[at.i - before_in_item],
                                                            mention.start)
            and not has_actual_word(text, clause[0], mention.start)):
        target = True
    done = has_actual_word(text, clause[0], mention.start)  # 今年以来,已新增…
    # The change of a planned figure is planned too (科学技术支出预算安排352亿元,增长6%; 较上年增加3亿元).
    if (inherit and prev is not None and prev.claim.status == "target" and not done and year_source != "explicit"
            and (mention.kind == "growth" or is_comparison(text, clause[0], mention.start))):
        target = True
    if facts.kind == "work_report" and facts.reference_year is not None:
        # A report is given at the start of its year: what it says of that year or later is planned
        # (今年新增…1000家), and a plan with no time of its own is for that year.
        # (… but 目前/截至目前 is where things stand as it is given: 目前,全省高新技术企业总数突破3.5万家.)
        if facts.in_plans(mention.start) or (
                year is not None and year > facts.reference_year and not done and period != "as_of"):
            target = True
        # (… unless its plan chapter dates it later: 二、"十五五"时期的主要目标任务 ⏎ …比重达到14%左右 is 2030's.)
        if (target and year_source == "published" and not has_estimate_word(text, at.sentence[0], mention.start)
                and (year is None or year <= facts.reference_year + 1)):
            year = facts.reference_year + 1
    elif facts.published is not None and year is not None and year > facts.published.year and not done:
        target = True  # a value of a year still to come ("十四五"期间年均增长10%, in a 2022 plan) is planned
    elif facts.in_plans(mention.start) and not done:
        target = True  # a proposal's or a report's recommendations (二、对策建议)
    # A summary's undated plans are for the year after the one it reviews (2024年预算草案…预算安排200亿元); its
    # estimates are for that year (预计全年…将超过80亿元), and so are the targets a performance review sets against
    # the year's results.
    if (target and facts.kind == "summary" and facts.reference_year is not None and year_source == "published"
            and year == facts.reference_year and not has_estimate_word(text, at.sentence[0], mention.start)
            and not any(w in facts.title for w in vocabulary().context["part_year_titles"])
            and not any(w in facts.title for w in vocabulary().context["target_review_titles"])):
        year = facts.reference_year + 1
    return target, year


def _measure(doc: _Document, at: _Spot) -> str:
    """total, new or applied.

    新增/申报 anywhere in the clause count entities and areas (新增供热面积72万平方米), a few words back
    capacities and lengths (新增电力装机3000万千瓦, not 新建项目平均审批时间压缩至30天) and money (新增科技
    贷款1000亿元, not across a grant: 对新认定的企业给予3-5万元), right before it rates.
    """
    text, mention, prev, clause = doc.text, at.mention, at.prev, at.clause
    if mention.kind == "rank":
        # 净增412家,增量居全省第2位: a rank of the increase ranks the year's additions.
        return "new" if words().increment.search(text, clause[0], mention.start) else "total"
    reach = {"count": MAX_SENTENCE, "area": MAX_SENTENCE, "other": _OTHER_MEASURE_REACH,
             "amount": _AMOUNT_MEASURE_REACH}.get(mention.kind, 4)
    lead = max(clause[0], mention.start - reach)
    if mention.kind == "amount":
        lead = max(lead, grant_end(text, lead, mention.start))
    measure = find_measure(text, lead, mention.start, doc.indicators)
    if measure == "total" and mention.kind == "count" and applies_after(text, mention.end, clause[1]):
        measure = "applied"
    elif (measure == "total" and mention.kind == "count" and enters_after(text, mention.end, clause[1])
          and not has_measure_word(text, clause[0], mention.start, word_set("context", "batch_sums"))
          and not has_stock_word(text, clause[0], mention.start)
          and not words().stock_time.search(text, at.sentence[0], mention.start)):
        measure = "new"
    # 新增高新技术企业超6000家、科技型中小企业1.76万家 and 新培育10个中心、20个平台: the verb governs the
    # whole 、-list, unless an item says it is a stock (新增1700公里、突破7000公里).
    # 新增省级以上创新平台126个,其中国家级12个: the part of an addition is added too (not the part of
    # a stock after its change: 常住人口488403人,比上年末增加353人,其中城镇常住人口258266人).
    part_of_addition = prev is not None and prev.claim.measure == "new" and narrows(
        text, clause[0], mention.start) and not is_comparison(text, doc.seg.clause(prev.mention.value_start)[0],
                                                              prev.mention.start)
    if (measure == "total" and prev is not None and prev.claim.kind == mention.kind
            and (at.in_list or (at.same_list and not residual(text[clause[0]:mention.start])) or part_of_addition)
            and not has_measure_word(text, clause[0], mention.start)
            and not has_stock_word(text, clause[0], mention.start)):
        measure = prev.claim.measure
    return measure


def extract_cleaned(cleaned: Cleaned, facts: DocumentFacts, *, doc_id: str = "", source: str = "") -> list[Claim]:
    doc = _document(cleaned, facts)
    text = doc.text
    claims: list[Claim] = []
    previous: _Previous | None = None
    sentence_claims: list[_Previous] = []
    published = facts.published.isoformat() if facts.published else ""
    for i, mention in enumerate(doc.mentions):
        at = _spot(doc, i, previous, sentence_claims)
        sentence_claims = at.before
        subject, indicator, level, inherit, over = _what(doc, at)
        role = _role(text, mention, at.clause[0], at.prev)
        year, year_source, period, dated_target = _when(doc, at, role, inherit)
        named = named_target(text, mention.end)
        target, year = _planned(doc, at, dated_target, year, year_source, inherit, role, named, period)
        region = find_region(text, doc.seg, mention, doc.region_ctx, doc.places, at.slot,
                             (at.prev.mention.end, at.prev.claim.region)
                             if at.prev is not None and not at.prev.average else None,
                             doc.sections)
        if over is not None and not doc.places.within(at.clause[0], mention.start):
            region = over.region  # 蒙自市、个旧市生产总值分别为…,分别增长5.2%、3.1%: each city's growth
        if (average := average_region(text, mention, doc.region_ctx)) is not None:
            region = average

        start, end = cleaned.to_raw(mention.start, mention.end)
        claim = Claim(
            doc_id=doc_id, source=source, title=facts.title, published=published, publisher=facts.publisher,
            indicator=indicator, subject=subject.subject, region=region, level=level, measure=_measure(doc, at),
            kind=mention.kind, value=mention.value, value_max=mention.value_max, unit=mention.unit,
            qualifier=_qualifier(text, mention, named), year=year, year_source=year_source if year is not None else "",
            period=period, status="target" if target else "actual", scope=mention.scope,
            text=cleaned.raw[start:end], start=start, end=end,
            sentence=_readable(text[at.sentence[0]:at.sentence[1]]),
        )
        if not mention.superseded:
            claims.append(claim)
        previous = _Previous(claim, mention, role, average is not None)
        sentence_claims.append(previous)
    claims.extend(_table_claims(cleaned, facts, doc.seg, doc.resolver, doc.cells, doc.cue, doc_id=doc_id,
                                source=source))
    claims.sort(key=lambda c: (c.start, c.end))
    return claims


def _table_claims(cleaned: Cleaned, facts: DocumentFacts, seg: Segments, resolver: YearResolver, cells: list[TableCell],
                  document_cue: str, *, doc_id: str, source: str) -> list[Claim]:
    """Claims of numeric table cells."""
    text = cleaned.text
    out: list[Claim] = []
    matcher = vocabulary().indicator_matcher
    for cell in cells:
        found = matcher.find(cell.subject)
        word = found[-1][2] if found else ""
        indicator = vocabulary().synonym_to_key[word] if found else "other"
        measure = find_measure(cell.subject, 0, len(cell.subject))
        if not found and (named := caption_indicator(cell)):
            indicator, word = named
            if measure == "total":
                measure = find_measure(cell.caption, 0, len(cell.caption))
        paragraph = seg.paragraph(cell.start)
        if (not compatible(indicator, cell.kind, cell.unit)
                or not cued(indicator, word, text, paragraph[0], paragraph[1], document_cue)):
            indicator = "other"
        year, year_source = cell.year, "explicit"
        if year is None:
            resolved = resolver.resolve(cell.start, paragraph, seg.clause(cell.start))
            year, year_source = resolved.year, resolved.source
        start, end = cleaned.to_raw(cell.start, cell.end)
        line = _readable(text[paragraph[0]:paragraph[1]])
        target = cell.target or (facts.published is not None and year is not None and year > facts.published.year)
        out.append(Claim(
            doc_id=doc_id, source=source, title=facts.title, published=facts.published.isoformat() if facts.published else "",
            publisher=facts.publisher, indicator=indicator, subject=cell.subject,
            region=place.name if cell.place and (place := RegionFinder.default().lookup(cell.place)) else facts.region,
            level=single_level(cell.subject) if indicator != "other" else "",
            measure=measure,
            kind=cell.kind, value=cell.value, value_max=None, unit=cell.unit, qualifier=cell.qualifier, year=year,
            year_source=year_source if year is not None else "", period=cell.period,
            status="target" if target else "actual", scope=cell.scope,
            text=cleaned.raw[start:end], start=start, end=end, sentence=line,
        ))
    return out



def extract(text: str, *, published: dt.date | str | None = None, title: str | None = None,
            publisher: str | None = None, doc_id: str = "", source: str = "") -> list[Claim]:
    """Claims of one document given as a string (offsets index ``text``)."""
    if isinstance(published, str):
        published = dt.date.fromisoformat(published) if published else None
    cleaned = clean(text, title)
    facts = document_facts(cleaned, title=title, published=published, publisher=publisher,
                           fallback_title=source)
    return extract_cleaned(cleaned, facts, doc_id=doc_id, source=source)
