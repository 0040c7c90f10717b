"""Time expressions and the year a value refers to (SPEC.md section 2, year resolution)."""

from __future__ import annotations

import functools
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass, replace

import regex

from .metadata import DocumentFacts
from .numbers import digits_to_ascii, parse_chinese
from .patterns import CHINESE_YEAR, DIGIT_SPAN, FRAME_REST, FROM_WORD, HAN, YEAR, budget, patterns
from .vocab import alternation, vocabulary, word_pattern

_PLAN_LAST_YEAR = {"十一五": 2010, "十二五": 2015, "十三五": 2020, "十四五": 2025, "十五五": 2030}
_PLAN_NAME = regex.compile("|".join(_PLAN_LAST_YEAR))
# 占"十四五"目标任务的69.3%: a share of a plan's target, not of its time ("十四五"目标为3.2% is the plan's).
_SHARE_OF_TARGET = regex.compile(r'"?目标(?:任务)?的')
# 过去一年是"十四五"开局之年, 今年是"十四五"规划承上启下之年: a year named as a stage of a plan; the plan dates nothing.
_PLAN_STAGE = regex.compile(r'"?(?:规划)?的?\p{Han}{0,6}?之年')
_PERIOD_OF_WHEN = {
    "底": "year_end", "末": "year_end", "年底": "year_end", "年末": "year_end", "上半年": "h1",
    "全年": "annual", "每年": "annual", "前三季度": "ytd", "前3季度": "ytd", "一至三季度": "ytd",
    "一季度": "q1", "二季度": "q2", "三季度": "q3", "四季度": "q4",
    "第一季度": "q1", "第二季度": "q2", "第三季度": "q3", "第四季度": "q4",
    "1季度": "q1", "2季度": "q2", "3季度": "q3", "4季度": "q4", "Q1": "q1", "Q2": "q2", "Q3": "q3", "Q4": "q4",
}
_MONTH = regex.compile(r"(\d{1,2}|十[一二]?|[一二三四五六七八九])月")
_SENTENCE_BREAK = regex.compile(r"[。!?\n]")
# The most years a plan's span covers (a five-year plan: 2021—2025年).
_PLAN_YEARS = 5
_STAMP_LABEL = regex.compile(r"(?:时间|日期|发布|更新|来源)[:]?[ \t]*\Z")
# What a year looked back to is followed by: its value's verb (1978年为第9位, 而1998年仅有120家).
_LOOK_BACK = regex.compile(r"(?:时|末|底)?(?:仅为|仅有|只有|为|时为|才)[约近不足]{0,2}(?:\d|[一二两三四五六七八九十]|第)")
_PERIOD_END_MONTH = {"h1": 6, "q1": 3, "q2": 6, "q3": 9, "q4": 12, "ytd": 9}
_SPAN_DIGIT = regex.compile(r"[1-9]\d?|[二三四五六七八九]?十[一二三四五六七八九]?|[两三四五六七八九]")
_RANGE_BEFORE = regex.compile(rf"{YEAR}年?\s*[-~至]\s*\Z")  # 2021-2023年, 2021年至2023年
# 到2025年 is a deadline; 截至2023年 (as of) is not.
_BY_YEAR = regex.compile(r"(?:(?<![截止])至|(?<!截止)到)\Z")
_TITLE_OR_ASIDE = regex.compile(r"《[^《》\n]{0,80}》|\([^()\n]{0,20}\)")
# A cited source of figures with its year, then the word that cites it (or after the verb that publishes it:
# 发布《2022年湖南省科技经费投入统计公报》,公开…).
_CITED_SOURCE = regex.compile(
    r"(?P<title>《(?:[^《》\n]{0,30}?(?P<year>(?:19|20)\d{2})年[^《》\n]{0,40}?(?:公报|报告|年鉴|评价|指数|榜单)"
    r"|[^《》\n]{0,40}?(?:公报|报告|年鉴|评价|指数|榜单)\(?(?P<edition>(?:19|20)\d{2})\)?)》)"
    r"(?:(?=显示|表明|发布|指出|公布|中)|(?<=(?:发布|公布)《[^《》\n]{0,80}》))")
# How far above its paragraph a from-side value looks for the span (这五年, 十四五) it starts.
_FROM_SPAN_REACH = 1500
_BASE_AFTER = regex.compile(r"(?:末|底)?的?基础上")
# (… with the event of the base year between: 是1997年直辖之初的31倍.)
_BASE_OF_MULTIPLE = regex.compile(r"[^,;。的\d]{0,6}的[^,;。]{0,10}?倍")
# The words a base of a multiple follows: 是, 为, 相当于, and the 、 of a second base (…的31倍、2012年的2.6倍).
_MULTIPLE_BEFORE = regex.compile(r"(?:是|为|相当于|倍、)\Z")
# Words that compare with a year rather than date the value: 比上年增长, 较"十三五"末, 比2010年增加, 与上年增长.
_FROM_BEFORE = regex.compile(FROM_WORD + r"\Z")
# Periods of a whole year with no year of their own: in a bulletin its year, in an undated January release the
# year just ended.
_OWN_YEAR_PERIODS = frozenset(("全年", "年末", "年底", "年内"))
_EARLY_MONTHS = 2
# The year just reviewed, in a work summary its title's year.
_YEAR_UNDER_REVIEW = frozenset(("过去一年", "过去的一年", "一年来", "这一年"))
# How far before a period a forecast word still makes it a plan (预计上半年, 力争全年).
_FORECAST_REACH = 6
_CLAUSE_END = regex.compile(r"[,;。!?\n]")
# How far back the clause of an explicit year is looked for.
_CLAUSE_REACH = 40
# 提前一年完成"十四五"规划目标, 提前完成2025年目标任务: the time of a target reached names the target, it dates nothing.
_TARGET_NAMED_AFTER = regex.compile(r'"?(?:规划|年度)?(?:确定的)?(?:预期)?目标')
_REACHED_BEFORE = regex.compile(r"(?:完成|实现|超额完成|达到|超过|超出)\Z")
# A from-side written with its year earlier in the clause (由2020年的第11位…): what follows is its to-side.
_FROM_IN_CLAUSE = regex.compile(FROM_WORD + r"[^,;。]{0,20}?(?:19|20)\d{2}年(?:末|底)?的")
# What follows the year of a from-side (由2020年的302家, 从2015年末的…).
_FROM_SIDE_AFTER = regex.compile(r"(?:末|底)?的")
# The end of a span from a time (2019年以来, 2021年12月揭牌以来, 2018年实施以来).
# (… and after 自, a longer event or 起: 自2011年承担对口援疆任务以来, 自2018年起.)
_SINCE = regex.compile(r"\p{Han}{0,4}?以来")
_SINCE_FROM = regex.compile(r"\p{Han}{0,12}?以来|起")
_FIRST_YEARS = regex.compile(r"(?:前|头)(?P<n>[二两三四2-4])年")
# The end of a frame clause 在…中, (在2023年度全省科技奖中,).
_FRAME_END = regex.compile(FRAME_REST + "[,;:]")
# 今后五年, 未来三年: the years ahead.
_AHEAD = ("今后", "未来")
_EVENT_REACH = 4  # the longest event verb
# (… and a part of the year compared with: 比去年四季度加快, 较上年同期.)
# (… and the place whose year it is: 不低于当地上年度…水平.)
_COMPARISON_BEFORE = regex.compile(r"(?:比|较|同|(?<![参给赋授])与|超过|超|高于|低于|相当于)(?:当地|本地)?(?:去年|上年|今年)?\Z")


def _reached_target(text: str, start: int, end: int) -> bool:
    """提前完成"十四五"规划目标, 完成2025年目标任务: a time naming a target reached."""
    return (_TARGET_NAMED_AFTER.match(text, end) is not None
            and _REACHED_BEFORE.search(text, max(0, start - 3), start) is not None)


def _is_multiple_of(text: str, start: int, end: int) -> bool:
    """是2010年的2.6倍 / 是"十一五"时期的2.7倍: a time that is the base of a multiple."""
    return (_MULTIPLE_BEFORE.search(text, max(0, start - 3), start) is not None
            and _BASE_OF_MULTIPLE.match(text, end) is not None)


@dataclass(frozen=True)
class TimeExpr:
    start: int
    end: int
    year: int | None  # None: a period word (全年, 年末) or a span's start (2019年以来) that takes its year from context
    first_year: int | None  # start of a span (五年来, 十四五), for the "from" side of 从…到
    source: str  # explicit | relative
    period: str
    target: bool  # 到2025年 in a text written before 2025
    local: bool = False  # 2021年度省级科技奖励: dates its own clause only, never carried further
    reach: int | None = None  # where its dating stops, if before its paragraph's end (未来三年: its sentence)
    # A single month (4月份, 9月当月) is a period of its own, though SPEC names none: no period before it reaches
    # past it (1—4月…;4月份,成交额95亿元 is no year to date).
    sets_period: bool = False
    # 上半年,全市…。分行业看,…: a period opening its paragraph before a comma frames the whole paragraph; any other
    # period word (预计全年接待游客…, 年末贷款余额…) is its own sentence's.
    frames: bool = False
    # 从2020年的10.5万元提高到2025年的14万元: a year written before 的 and its value, dating that value alone.
    attributive: bool = False


# What may stand before a frame at its paragraph's start (a bullet or a number, 今年 or a year).
_OPENING_REACH = 12
_PARAGRAPH_OPENING = regex.compile(
    rf"(?:^|\n)[ \t]*(?:[(]?[\d一二三四五六七八九十]{{1,2}}[)、.]?[ \t]*)?(?:今年|去年|上年|本年|{YEAR}年)?\Z")

# Words of the present: a stock as of publication (如今 after a review's early years is now, not then).
_NOW = frozenset(("目前", "截至目前", "截止目前", "到目前", "当前", "现阶段", "现在", "如今", "现今", "时至今日"))


def _relative(word: str, ref: int | None) -> tuple[int | None, int | None, str]:
    """(year, first_year, period) of a relative word against the publication year ``ref``."""
    if word in _PERIOD_OF_WHEN:
        return None, None, _PERIOD_OF_WHEN[word]
    # 当年/本年 point back at the year under discussion (a bulletin's 当年专利授权量 is its title year,
    # not the year it was published): the year comes from the context, as for an undated value.
    # (… and 年内, "within the year": a report's review or plans, whichever it stands in.)
    if word in ("当年", "本年", "年内"):
        return None, None, ""
    if ref is None:
        return None, None, ""
    if word in ("今年", "新的一年", "新一年"):
        return ref, None, ""
    # 截至三季度末, 截至上半年末, 一季度末: a stock as of then.
    if (word.startswith(("截", "到")) and ("季度" in word or "半年" in word)) or word.endswith("季度末"):
        return ref, None, "as_of"
    # 截至去年底, 今年末: the end of that year.
    if word.endswith(("底", "末")) and "年" in word and "月" not in word:
        return (ref if "今年" in word else ref - 1), None, "year_end"
    # 截至10月底: a stock as of then, in the year of publication.
    if word in _NOW or word.startswith(("截", "到")):
        return ref, None, "as_of"
    if word in ("去年", "上年", "上一年", "过去一年", "过去的一年", "一年来", "这一年"):
        return ref - 1, None, ""
    if word == "前年":
        return ref - 2, None, ""
    if word == "明年":
        return ref + 1, None, ""
    # 五年来, 近三年, 过去两年 …: the N years ending the year before; 今后五年 the N years from this one.
    digit = _SPAN_DIGIT.search(word)
    span = (int(digit.group()) if digit.group().isdigit() else int(parse_chinese(digit.group()) or 5)) if digit else 5
    if word.startswith(_AHEAD):
        return ref + span - 1, ref, ""
    return ref - 1, ref - span, ""


def _year_before_if_running(word: str, text: str, start: int, published_year: int | None,
                            published_month: int | None, end: int | None = None) -> int | None:
    """The year before publication when the part of a year that ``word`` names (1-11月, 上半年, 前三季度,
    截至10月底) had not ended by the month of publication and no 今年 stands before it: a January release of
    1-11月 figures is about the year before."""
    if published_year is None or published_month is None or text.endswith("今年", 0, start):
        return None
    # 预计上半年增速将保持在10%, 力争上半年…: a forecast of the part still to come is this year's.
    if _forecast_before().search(text, max(0, start - _FORECAST_REACH), start):
        return None
    # 四季度,要确保…增长8%以上: a part of the year that opens a clause of plans after it is still to come.
    if end is not None and (text.startswith(",", end) and _plans_after(text, end + 1)):
        return None
    months = _MONTH.findall(word)
    end = _month_count(months[-1]) if months else _PERIOD_END_MONTH.get(_PERIOD_OF_WHEN.get(word, ""))
    return published_year - 1 if end is not None and end > published_month else None


def _month_count(written: str) -> int:
    """4 of 前4个月, 2 of 前两个月."""
    return int(written) if written.isdigit() else int(parse_chinese(written) or 0)


@functools.cache
def _forecast_before() -> regex.Pattern:
    return regex.compile(f"(?:{alternation(vocabulary().context['target_words'])})\\p{{Han}}{{0,2}}\\Z")


def _plans_after(text: str, end: int) -> bool:
    """Whether the clause after ``end`` names a plan or a target (全年力争新增…, 全年新增700家的目标)."""
    clause_end = _CLAUSE_END.search(text, end)
    return _target_word().search(text, end, clause_end.start() if clause_end else len(text)) is not None


@functools.cache
def _target_word() -> regex.Pattern:
    return regex.compile(alternation(vocabulary().context["target_words"]))


def _own_year(found: list[TimeExpr], text: str, pos: int) -> int | None:
    """The explicit year written earlier in the sentence of ``pos``, if any."""
    for t in reversed(found):
        if t.source != "explicit" or t.year is None or t.local:
            continue
        if _SENTENCE_BREAK.search(text, t.end, pos) is None:
            return t.year
        return None
    return None


def plan_of(title: str) -> int | None:
    """The last year of the plan a title names ("十四五"科技创新规划中期评估报告 → 2025)."""
    m = _PLAN_NAME.search(title)
    return _PLAN_LAST_YEAR[m.group()] if m else None


def find_times(text: str, published_year: int | None, published_month: int | None = None,
               written_year: int | None = None, reference_year: int | None = None,
               plan_end: int | None = None, reviewed: int | None = None, undated: bool = False) -> list[TimeExpr]:
    """Time expressions of ``text`` that can date a value, in order. Relative words resolve against
    ``published_year``; ``published_month`` tells a period of the year still running at publication (read
    as the year before's); a deadline (到2025年) is a target when not past in ``written_year`` (by default
    the published year: a summary's relative words take its title's year, its deadlines the real one);
    上年 is the year before a sentence's own, else before the document's ``reference_year``, dating its own
    clause only (青岛年鉴2023 is about 2022: 由上年的5500家 is 2021); 规划期末 is ``plan_end``, the last year of the plan
    the document is about, else of the plan named last before it; 一年来 and 过去一年 are ``reviewed``, the year a
    summary reviews, when given; in an ``undated`` document (its title names no year) published in January or
    February, 全年 and 年末 are the year just ended."""
    now = written_year if written_year is not None else published_year
    out: list[TimeExpr] = []
    # Ends of the time words read as the base of a comparison: the next item of their 、-list is one too
    # (增速比一季度、上半年分别提高1.2个和0.6个百分点).
    base_ends: set[int] = set()

    def compared_with(lo: int, hi: int, start: int, end: int) -> bool:
        if _COMPARISON_BEFORE.search(text, max(0, lo), hi) is None and not (
                text.endswith("、", 0, start) and start - 1 in base_ends):
            return False
        base_ends.add(end)
        return True

    for m in patterns().time.finditer(text, timeout=budget(text)):
        start, end = m.span()
        if m["explicit"]:
            # (发布时间:2024-03-06, a page's stamp, dates the page, not its text.)
            if m["sep"] and _STAMP_LABEL.search(text, max(0, start - 6), start):
                continue
            before = text[max(0, m.start("year") - 7):m.start("year")]
            # 2023—2025年,每年安排…: a plan period dates its values by its last year (《…2023年…》, a title,
            # dates nothing: see _without_titles).
            span = _RANGE_BEFORE.search(before)
            if span:
                first = int(span.group()[:4])
                last = int(digits_to_ascii(m["year"]))
                # (… while a review's decades, 1978—2018年年均增长16.7%, are no plan.)
                out.append(TimeExpr(start, end, last, first, "explicit", "plan" if last - first <= _PLAN_YEARS else "",
                                    False))
                continue
            # 比2010年增加, 是2010年的2.6倍, 在2020年基础上翻一番: the year compared with, not the year of the value.
            if (compared_with(start - 2, m.start("year"), start, end) or _is_multiple_of(text, start, end)
                    or _BASE_AFTER.match(text, end) or _reached_target(text, start, end)):
                continue
            year = int(digits_to_ascii(m["year"]))
            # 2019年以来…由100家增加到520家: the span's start dates only its "from" side; the values stand at
            # its end, whose year comes from the context (创2006年以来新高 dates nothing after it; nor does
            # 自2021年12月揭牌以来).
            if _SINCE.match(text, end) or (text.endswith(("自", "从"), 0, start) and _SINCE_FROM.match(text, end)
                                            and (now is None or year <= now)):
                out.append(TimeExpr(start, end, None, year, "explicit", "", False))
                continue
            when = m["when"] or ""
            period = _PERIOD_OF_WHEN.get(when, "")
            if not period and when.endswith("月") and (any(c in when for c in "-至到") or m["month_count"]):
                period = "ytd"
            elif not period and "月" in when and m.group().startswith(("截至", "截止")):
                period = "as_of"  # 截至2023年10月底
            lead = text[max(0, start - 4):start] + text[start:m.start("year")]
            clause_start = max(max(0, start - _CLAUSE_REACH),
                               *(text.rfind(c, max(0, start - _CLAUSE_REACH), start) + 1 for c in ",;:。!?\n"))
            # (由2020年的第11位提升至2025年的第8位: the to-side of a change, written with its year, is no deadline.)
            target = (bool(_BY_YEAR.search(lead)) and now is not None and year >= now
                      and not _FROM_IN_CLAUSE.search(text, clause_start, start))
            # 获得2021年度省级科技奖励 dates its object only; 2022年度共支持… opening its clause, or a frame clause
            # (在日前公布的2023年度浙江省科学技术奖中,我市…) dates the sentence.
            frame = text.startswith("在", clause_start) and _FRAME_END.match(text, end) is not None
            # (… and so does a year's report or results heard, given or published: 会议听取了2023年度全市科技创新工作
            # 汇报,全市…; 公开2022年度安徽省科学技术奖评审结果,共授奖项目265项; not 获评2022年度国家级工业设计中心.)
            frame = frame or word_pattern("context", "report_nouns", before=r"度[^,;:。!?\n]{0,30}",
                                          after=r"(?=[,;:。!?\n]|\Z)").match(text, end) is not None
            local = (text.startswith("度", end) and HAN.match(text[end + 1:end + 2]) is not None and not frame
                     and HAN.search(text, max(clause_start, start - 30), start) is not None)
            # 由2020年的302家增至620家: the year of a from-side dates that side only, not the clauses after it.
            local = local or (_FROM_BEFORE.search(text, max(0, start - 1), start) is not None
                              and _FROM_SIDE_AFTER.match(text, end) is not None)
            # 公司成立于2009年,现有员工1200余人: the year of an event in a firm's history dates that event only.
            local = local or word_pattern("context", "event_year_verbs", after=r"\Z").search(
                text, max(0, m.start("year") - _EVENT_REACH), m.start("year")) is not None
            # 2018年,全省…居全国第6位,1978年为第9位;科技进步贡献率…: an earlier year looked back to after a later one
            # in its sentence dates its own clause only.
            local = local or (_LOOK_BACK.match(text, end) is not None and any(
                t.source == "explicit" and t.year is not None and t.year > year and not t.local and not t.target
                and not _SENTENCE_BREAK.search(text, t.end, start) for t in out[-3:]))
            hosted = word_pattern("context", "event_hosting_verbs", after=r"\Z").search(
                text, max(0, m.start("year") - _EVENT_REACH), m.start("year")) is not None
            sentence_end = _SENTENCE_BREAK.search(text, end) if hosted else None
            out.append(TimeExpr(start, end, year, None, "explicit", period, target, local,
                                reach=(sentence_end.start() if sentence_end else len(text)) if hosted else None))
        elif m["event"]:
            # 党的十八大以来 is the span from the event's year up to now, as 2012年以来: it dates the from-side only.
            first = vocabulary().context["event_spans"][m["event"]]
            out.append(TimeExpr(start, end, None, first, "relative", "", False))
        elif m["plan"]:
            # 较"十三五"末净增, 是"十一五"时期的2.7倍, 占"十四五"目标任务的69.3%: the period compared with, not the
            # period of the value.
            if (compared_with(start - 2, start, start, end) or _is_multiple_of(text, start, end)
                    or _SHARE_OF_TARGET.match(text, end) or _PLAN_STAGE.match(text, end)
                    or _reached_target(text, start, end)):
                continue
            last = _PLAN_LAST_YEAR[m["plan_name"]]
            # "十四五"以来 is the span's start up to now, as 2019年以来: it dates the from-side only; once the span
            # is over (in a 2026 text) it is the whole span.
            if m["plan_when"] == "以来":
                if now is not None and now > last:
                    out.append(TimeExpr(start, end, last, last - 4, "relative", "plan", False))
                else:
                    out.append(TimeExpr(start, end, None, last - 4, "relative", "", False))
                continue
            # "十四五"前三年 is the span's first years: up to its third (2023), no plan.
            if not m["plan_when"] and (first_years := _FIRST_YEARS.match(text, end)) is not None:
                count = parse_chinese(first_years["n"]) if not first_years["n"].isdigit() else int(first_years["n"])
                out.append(TimeExpr(start, first_years.end(), last - 5 + int(count or 1), last - 4, "relative", "",
                                    False))
                continue
            lead = text[max(0, start - 2):start]
            target = now is not None and last >= now and (
                lead.endswith("到") or (m["plan_when"] or "") in ("末", "末期"))
            # ("十四五"末 is the span's last year, its from-side too: 由"十四五"末的3200家.)
            first = last if m["plan_when"] in ("末", "末期") else last - 4
            out.append(TimeExpr(start, end, last, first, "relative", "plan", target))
        elif m["month"]:  # 12月份: a month of the year in context, or of the year before if still to come
            # (增速比9月份提高1.3个百分点: the month compared with sets nothing.)
            if compared_with(start - 5, start, start, end):
                continue
            # (A month's end, 12月末, is last year's only in an early release: in a plan it is this year's deadline.)
            early = published_month is not None and published_month <= _EARLY_MONTHS
            year = (_year_before_if_running(m["month"], text, start, published_year, published_month)
                    if early or m["month"][-1] not in "末底" else None)
            out.append(TimeExpr(start, end, year, None, "relative", "as_of" if m["month"][-1] in "末底" else "", False,
                                sets_period=True))
        elif m["months"] or m["first_months"]:  # 1-9月, 前4个月 without a year: a year-to-date period of the year in context
            months = m["months"] or f"1-{_month_count(m['month_count'])}月"
            year = _year_before_if_running(months, text, start, published_year, published_month)
            out.append(TimeExpr(start, end, year, None, "relative", "ytd", False))
        else:
            word = m["relative"]
            # 比上年增长, 较一季度提高, 是上年的1.6倍: the period compared with, not the period of the value.
            if compared_with(start - 5, start, start, end) or _is_multiple_of(text, start, end):
                continue
            # 截至3月末,郑州市今年累计…: 今年累计 after a period of its own year in its sentence adds nothing to it.
            if (word == "今年" and text.startswith("累计", end) and out and out[-1].period
                    and out[-1].year in (None, published_year)
                    and not _SENTENCE_BREAK.search(text, out[-1].end, start)):
                continue
            year, first, period = _relative(word, published_year)
            year = _year_before_if_running(word, text, start, published_year, published_month, end) or year
            if reviewed is not None and word in _YEAR_UNDER_REVIEW:
                year = reviewed
            # 2024年,…由上年的第34位前移至第32位: 上年 is the year before its sentence's own.
            # 由上年的5500家 is the from-side of its clause, which dates nothing else; so is 上年 in a document about
            # one year (完成上年度智能健身路径1套 in 宜春市2022年…统计公报 is 2021; the next sentence is 2022's).
            previous_year = word in ("上年", "上一年", "上年度")
            from_side = _FROM_BEFORE.search(text, max(0, start - 1), start) is not None
            own = _own_year(out, text, start)
            base = own if own is not None else reference_year
            if previous_year and base is not None:
                year = base - 1
            # A bulletin's 年末/全年 is its own year's, whatever year an earlier sentence spoke of (2022年全市R&D
            # 经费…。年末高新技术企业达到8763家 in a 2023 bulletin).
            if word in _OWN_YEAR_PERIODS and own is None and reference_year is not None:
                year = reference_year
            # … and in January or February, with no year written before it in its paragraph, the year just ended
            # (合肥市科技创新主要指标快报, 2024-01-25: 全年全市技术合同成交额1386亿元).
            elif (undated and word in _OWN_YEAR_PERIODS and reference_year is None and published_year is not None
                  and published_month is not None and published_month <= _EARLY_MONTHS
                  and not _forecast_before().search(text, max(0, start - _FORECAST_REACH), start)
                  and not text.endswith("今年", 0, start) and not _plans_after(text, end)
                  and not any(t.source == "explicit" and t.end > text.rfind("\n", 0, start) for t in out)):
                year = published_year - 1
            # 每年开展…3万场次 is a yearly rate in its own clause; the next clause is no rate.
            # (上年同期为98.2亿元 is the base of the next clause's 同比增长, which is this year's.)
            # (… and so is 上年为10.5%, the base written after a value.)
            same_period = previous_year and text.startswith(("同期", "为", "是"), end)
            local = (word == "每年" or from_side or same_period
                     or (previous_year and own is None and reference_year is not None))
            # 今后五年, 未来三年: the years ahead, to their last, a plan in its own sentence (未来三年,我市将新增…。
            # 全市现有高新技术企业3200家 is now).
            if word.startswith(_AHEAD) and year is not None:
                sentence_end = _SENTENCE_BREAK.search(text, end)
                out.append(TimeExpr(start, end, year, first, "relative", "", True,
                                    reach=sentence_end.start() if sentence_end else None))
                continue
            out.append(TimeExpr(start, end, year, first, "relative", period, False, local=local))
    out.extend(_plan_ends(text, out, plan_end, now))
    # 40年来: the N years ending the year before, as 五年来.
    out.extend(TimeExpr(m.start(), m.end(), *_relative(m.group(), published_year)[:2], "relative", "", False)
               for m in DIGIT_SPAN.finditer(text) if published_year is not None)
    out.sort(key=lambda t: t.start)
    return _without_titles(text, [
        replace(t, frames=True) if t.period and text.startswith((",", ":"), t.end)
        and _PARAGRAPH_OPENING.search(text, max(0, t.start - _OPENING_REACH), t.start)
        else replace(t, attributive=True) if t.source == "explicit" and text.startswith("的", t.end)
        else t for t in out])


def _plan_ends(text: str, times: list[TimeExpr], plan_end: int | None, now: int | None) -> list[TimeExpr]:
    """规划期末 (a plan's last year), dated by ``plan_end`` or the plan named last before it."""
    out = []
    for m in _plan_end_words().finditer(text):
        last = plan_end if plan_end is not None else next(
            (t.year for t in reversed(times) if t.period == "plan" and t.end <= m.start() and t.year is not None), None)
        if last is not None:
            target = now is not None and last >= now
            out.append(TimeExpr(m.start(), m.end(), last, last - 4, "relative", "plan", target))
    return out


@functools.cache
def _plan_end_words() -> regex.Pattern:
    return regex.compile(alternation(vocabulary().context["plan_end_words"]))


def _without_titles(text: str, times: list[TimeExpr]) -> list[TimeExpr]:
    """``times`` without those inside a title, an aside or a worked example (例如,某企业2023年研发费用…), but with the
    year of a source of figures that the sentence cites (《2023年全国科技经费投入统计公报》显示…, 在《中国城市科技创新
    发展报告2022》中): its data's year."""
    examples = word_pattern("context", "example_markers", after=r"[^。!?\n]*")
    titles = sorted([m.span() for m in _TITLE_OR_ASIDE.finditer(text)] + [m.span() for m in examples.finditer(text)])
    starts = [s for s, _ in titles]
    out = []
    for t in times:
        i = bisect_right(starts, t.start) - 1
        if i < 0 or t.end > titles[i][1]:
            out.append(t)
    cited = [TimeExpr(m.start(), m.end("title"), int(m["year"] or m["edition"]), None, "explicit", "", False)
             for m in _CITED_SOURCE.finditer(text)]
    return sorted(out + cited, key=lambda t: t.start) if cited else out


@dataclass(frozen=True)
class ResolvedYear:
    year: int | None
    source: str
    period: str
    target: bool


# A line holding only a year (2021年, 【2022年】, 二〇二三年:) heads a chronicle's entries of that year.
_YEAR_HEADING = regex.compile(rf"^[ \t]*[\[(]?(?P<year>{YEAR}|{CHINESE_YEAR})年度?[\])]?[ \t]*:?[ \t]*$", regex.MULTILINE)


def with_year_headings(text: str, fallback: Callable[[int], int | None]) -> Callable[[int], int | None]:
    """``fallback`` with the year of the last year heading line before a position, where there is one: the
    entries under 2021年 ⏎ 3月,…新增孵化器2家 are 2021's whatever the document's own year."""
    headings = [(m.start(), int(digits_to_ascii(m["year"]))) for m in _YEAR_HEADING.finditer(text)]
    if not headings:
        return fallback
    starts = [pos for pos, _ in headings]

    def year_at(pos: int) -> int | None:
        i = bisect_right(starts, pos) - 1
        return headings[i][1] if i >= 0 else fallback(pos)

    return year_at


# A chapter heading of a plan period still to come (二、"十五五"时期的主要目标任务) and any chapter heading that ends it.
_CHAPTER = r"^[ \t]*(?:[一二三四五六七八九十]{1,2}、|第[一二三四五六七八九十]{1,2}[部章])"
_PLAN_CHAPTER = regex.compile(rf"{_CHAPTER}[^\n]{{0,30}}?(?P<plan>{_PLAN_NAME.pattern})[^\n]{{0,30}}$", regex.MULTILINE)
_ANY_CHAPTER = regex.compile(_CHAPTER, regex.MULTILINE)
_REVIEW_HEADING_WORDS = regex.compile(r"以来|回顾|成效|成绩|进展|情况|总结")


def with_plan_chapters(text: str, fallback: Callable[[int], int | None], now: int | None) -> Callable[[int], int | None]:
    """``fallback`` with the last year of a plan still to come in ``now`` inside the chapter its heading opens: the
    goals under 二、"十五五"时期的主要目标任务 in a 2026 report are 2030's, to the next chapter (三、2026年工作)."""
    chapters = []
    for m in _PLAN_CHAPTER.finditer(text):
        last = _PLAN_LAST_YEAR[m["plan"]]
        # (一、"十三五"以来取得的成效 in 2019 reviews the plan's first years: no goals.)
        if now is not None and last > now and not _REVIEW_HEADING_WORDS.search(m.group()):
            following = _ANY_CHAPTER.search(text, m.end())
            chapters.append((m.start(), following.start() if following else len(text), last))
    if not chapters:
        return fallback

    def year_at(pos: int) -> int | None:
        return next((last for start, end, last in chapters if start <= pos < end), None) or fallback(pos)

    return year_at


class YearResolver:
    """Resolves the year of a value from the time expressions before it."""

    def __init__(self, times: list[TimeExpr], fallback: Callable[[int], int | None]):
        """``fallback(pos)`` is the document's reference year at ``pos`` (SPEC year rule 5)."""
        self.times = times
        self.starts = [t.start for t in times]
        self.fallback = fallback

    def within(self, start: int, end: int) -> list[TimeExpr]:
        """The time expressions that start in [start, end)."""
        return self.times[bisect_left(self.starts, start):bisect_left(self.starts, end)]

    def resolve(self, pos: int, paragraph: tuple[int, int], clause: tuple[int, int], role: str = "",
                skip: tuple[int, int] | None = None, sentence_start: int | None = None) -> ResolvedYear:
        """The year of a value at ``pos``: nearest time word before it in its paragraph, else the default.

        ``role`` is "from" for the first side of 从…到 / 由…增加到, which takes the start of a span;
        time words inside ``skip`` (the from-phrase before a "to" value) date the other side only.
        A period (全年, 年末, 一季度) is read from ``sentence_start`` on: 预计全年接待游客9.6亿人次。 dates the next
        sentence's values but does not make them annual.
        """
        i = bisect_left(self.starts, pos) - 1
        period = ""
        period_set = False
        target = False
        while i >= 0 and self.times[i].start >= paragraph[0]:
            t = self.times[i]
            if t.end > pos:
                i -= 1
                continue
            if (((t.local or (role == "from" and t.attributive)) and t.start < clause[0])
                    or (skip is not None and skip[0] <= t.start < skip[1])
                    or (t.reach is not None and pos >= t.reach)):
                i -= 1
                continue
            if not period_set and (sentence_start is None or t.start >= sentence_start or t.frames):
                period = t.period
                period_set = bool(period) or t.sets_period
            target = target or t.target
            in_clause = t.start >= clause[0]
            source = t.source if in_clause else "context"
            if t.year is None:
                if role == "from" and t.first_year is not None:
                    return ResolvedYear(t.first_year, source, period, target)
                i -= 1
                continue
            year = t.first_year if role == "from" and t.first_year is not None else t.year
            return ResolvedYear(year, source, period, target)
        # The from-side of 从2.77%提高到3.3% under a review's "这五年" heading some paragraphs up (the bullets
        # of a five-year review) stands at that span's start.
        # Only the nearest time above counts: a dated one (过去一年, 2024年) or a span that starts after the
        # document's reference year (十五五 in a 2026 report) leaves the value to the reference year.
        # (The years of another bullet's own from-to pair, 从2020年的10.5万元提高到2025年的14万元, are that pair's.)
        year = self.fallback(pos)
        while role == "from" and i >= 0 and self.times[i].start >= paragraph[0] - _FROM_SPAN_REACH:
            t = self.times[i]
            if t.attributive:
                i -= 1
                continue
            if t.first_year is not None and not t.local and (year is None or t.first_year < year):
                return ResolvedYear(t.first_year, "context", period, target)
            break
        return ResolvedYear(year, "published" if year is not None else "", period, target)


def default_year(facts: DocumentFacts, pos: int) -> int | None:
    """The document's reference year at ``pos`` (SPEC year rule 5): a report's review is about the
    year before it, its plans about its own year; a bulletin is about its title's year."""
    if facts.kind == "work_report" and facts.reference_year is not None:
        after_plans = facts.in_plans(pos)
        return facts.reference_year + 1 if after_plans else facts.reference_year
    if facts.reference_year is not None:
        return facts.reference_year
    return facts.published.year if facts.published else None
