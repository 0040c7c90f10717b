"""Document-level facts read from the text: title, date, publisher, region, reference year."""

from __future__ import annotations

import datetime as dt
import functools
from collections import Counter
from dataclasses import dataclass

import regex

from .cleaning import Cleaned, is_spam, normalize_chars
from .regions import RegionFinder
from .vocab import Region, alternation, vocabulary

_TITLE_WORDS = regex.compile(
    r"报告|公报|答复|通知|意见|方案|讲话|发言|决定|办法|规划|纲要|总结|情况|建议|提案|会商|举措|政策|公告|通报|年鉴|白皮书"
)
_NOT_TITLE = regex.compile(r"首页|当前位置|您当前|下载|打印|收藏|字号|登录|注册|邮箱|无障碍|版权|来源[:：]|时间[:：]")
_SEPARATORS = regex.compile(r"\s*[|_]\s*|-(?=[^\d])|\s{2,}")
DATE = r"(?P<y>(?:19|20)\d{2})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*日?"
_LABELLED_DATE = regex.compile(
    r"(?:发文日期|发布日期|发布时间|成文日期|印发日期|上传时间|时间|日期)[\s|:：]*" + DATE
)
_DELIVERED = regex.compile(r"-{1,2}\s*" + DATE + r"\s*在")
_HEADER_DATETIME = regex.compile(DATE + r"\s+\d{1,2}:\d{2}")
_LINE_DATE = regex.compile(r"^\s*" + DATE + r"\s*$", regex.MULTILINE)
_PUBLISHER = regex.compile(r"(?:发布机构|发文机关|发布单位)[\s|:：]*(?P<org>[^\s|]{2,30})")
_FIELD_LABEL = regex.compile(r"日期|时间|文号|分类|索引|有效性")
# A signature: an organisation's name on its own line, right above the date line.
_SIGNATURE = regex.compile(
    r"^\s*(?P<org>\p{Han}{3,30}(?:厅|局|委|政府|办公室|办公厅|委员会|院|部|中心|总队))\s*\n(?:\s*\n){0,3}\s*"
    + DATE + r"\s*$",
    regex.MULTILINE,
)
_YEAR_IN_TITLE = regex.compile(r"((?:19|20)\d{2})年")
# (… or a year written alone, as review titles do (数说2024, 浙江科技创新2024成绩单); not a document number's
# year (浙科发〔2024〕15号), an edition in brackets (湖南年鉴(2023)编纂工作总结) nor a longer number.)
_BARE_YEAR_IN_TITLE = regex.compile(r"(?<![\d〔\[(（])((?:19|20)\d{2})(?![\d〕\])）号期])")


@dataclass(frozen=True)
class DocumentFacts:
    title: str
    published: dt.date | None
    publisher: str
    region: str  # the most specific region the document is about
    province: str
    city: str
    kind: str  # bulletin | work_report | summary | other
    reference_year: int | None  # the year a bulletin or a report's review is about
    plan_start: int | None  # cleaned-text offset where a work report's plans begin
    title_year: int | None = None  # the year its title names (2023年…工作总结), if any
    # Its province guessed from the places in its text, with no title, publisher or self-reference naming one (a
    # news item about an event in 郑州): the places it names are its topic.
    region_guessed: bool = False
    plan_end: int | None = None  # where its plans end, if before its end (a glossary: 名词解释)

    def in_plans(self, pos: int) -> bool:
        """Whether the cleaned-text offset ``pos`` lies in the document's plans."""
        return self.plan_start is not None and pos >= self.plan_start and (self.plan_end is None or pos < self.plan_end)


def find_title(cleaned: str, fallback: str = "") -> str:
    for line in cleaned.split("\n")[:60]:
        line = line.strip().strip("|_- ")
        compact = regex.sub(r"(?<=\p{Han}) (?=\p{Han})", "", line)
        if not (6 <= len(compact) <= 120) or _NOT_TITLE.search(compact) or is_spam(compact):
            parts = [p for p in _SEPARATORS.split(compact) if p]
            candidates = [p for p in parts if 6 <= len(p) <= 80 and _TITLE_WORDS.search(p) and not is_spam(p)]
            if candidates and not _NOT_TITLE.search(candidates[-1]):
                return _strip_extension(candidates[-1])
            continue
        if _TITLE_WORDS.search(compact) and not compact.startswith(("各位", "现在", "你", "您")):
            parts = [p for p in _SEPARATORS.split(compact) if p and not is_spam(p)]
            best = [p for p in parts if _TITLE_WORDS.search(p)]
            return _strip_extension((best or parts or [compact])[-1] if len(parts) > 1 else compact)
    return fallback


def _strip_extension(title: str) -> str:
    return regex.sub(r"\.(?:docx?|pdf|txt|html?)$", "", title.strip(), flags=regex.IGNORECASE)


def date_of(m: regex.Match) -> dt.date | None:
    """The date of a match of ``DATE``, or None for an impossible one (2023-02-30)."""
    try:
        return dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
    except ValueError:
        return None


def find_published(cleaned: str) -> dt.date | None:
    for pattern in (_LABELLED_DATE, _HEADER_DATETIME, _DELIVERED):
        for m in pattern.finditer(cleaned[:5000]):
            if d := date_of(m):
                return d
    tail_start = int(len(cleaned) * 0.6)
    dates = [d for m in _LINE_DATE.finditer(cleaned, tail_start) if (d := date_of(m))]
    return dates[-1] if dates else None


def find_publisher(cleaned: str) -> str:
    m = _PUBLISHER.search(cleaned[:5000])
    if m and not is_spam(m["org"]) and not _FIELD_LABEL.search(m["org"]):
        return m["org"]
    orgs = [m["org"] for m in _SIGNATURE.finditer(cleaned, int(len(cleaned) * 0.6)) if not is_spam(m["org"])]
    return orgs[-1] if orgs else ""


# A dateline opens its item: only the first characters are searched for one.
_DATELINE_REACH = 600


def _regions_of(finder: RegionFinder, text: str) -> list[Region]:
    return [r for _, _, r in finder.places(text)]


def _title_regions(finder: RegionFinder, title: str) -> list[Region]:
    """Places a title is about: not the venue of its event (山东省科学技术奖励大会在济南召开)."""
    venue = _venue()
    return [r for s, e, r in finder.places(title) if not (title.endswith("在", 0, s) and venue.match(title, e))]


@functools.cache
def _own_province() -> regex.Pattern:
    """全省/我省 naming the document's own province, not a frame it compares with (高于全省平均水平, 是全省平均水平的)."""
    ctx = vocabulary().context
    return regex.compile(f"(?<!{alternation(ctx['frame_before'])}){alternation(ctx['self_province'])}"
                         f"(?!{alternation(ctx['frame_after'])})")


@functools.cache
def _venue() -> regex.Pattern:
    return regex.compile(r"\p{Han}{0,3}?" + alternation(vocabulary().context["venue_verbs"]))


@functools.cache
def _dateline() -> regex.Pattern:
    ctx = vocabulary().context
    return regex.compile(rf"(?:{alternation(ctx['news_agencies'])})\p{{Han}}{{2,4}}?\d{{1,2}}月\d{{1,2}}日(?:电|讯|消息)")


@functools.cache
def _delegation() -> regex.Pattern:
    return regex.compile(alternation(vocabulary().context["delegation_words"]))


def _delegations(finder: RegionFinder, text: str) -> list[Region]:
    """The provinces whose delegation a text names (安徽代表团, 内蒙古代表团)."""
    out = []
    for m in _delegation().finditer(text):
        name = text[max(0, m.start() - 4):m.start()].removesuffix("省")
        region = next((r for k in (3, 2) if (r := finder.lookup(name[-k:])) is not None), None)
        if region is not None and region.level == "province":
            out.append(region)
    return out


def find_region(cleaned: str, title: str, publisher: str, finder: RegionFinder) -> tuple[str, str, str, bool]:
    """(most specific region, province, city, whether the province was guessed from the places in the text) the
    document is about."""
    ranked: list[Region] = (_title_regions(finder, title) or _delegations(finder, title)
                            or _regions_of(finder, publisher))
    datelines = [m.span() for m in _dateline().finditer(cleaned[:_DATELINE_REACH])]
    body = [r for s, _, r in finder.places(cleaned) if not any(a <= s < b for a, b in datelines)]
    if not ranked:
        ranked = _delegations(finder, cleaned[:_DATELINE_REACH])
    if not ranked:
        delivered = regex.search(r"在(\p{Han}{2,12}?)第\p{Han}{1,4}届人民代表大会", cleaned[:3000])
        if delivered:
            ranked = _regions_of(finder, delivered.group(1))
    if not ranked and body:
        counts = Counter(r.name for r in body)
        by_name = {r.name: r for r in body}
        top = by_name[counts.most_common(1)[0][0]]
        province_votes = Counter(r.province for r in body)
        province = province_votes.most_common(1)[0][0]
        if top.province == province and top.level != "province":
            ctx = vocabulary().context
            own_city = sum(cleaned.count(w) for w in ctx["self_city"] + ctx["self_prefecture"])
            own_province = len(_own_province().findall(cleaned))
            if own_city > own_province:
                ranked = [top]
        if not ranked and finder.lookup(province):
            best = finder.lookup(province)
            return best.name, best.name, best.name if best.name in _MUNICIPALITIES else "", True
    if not ranked:
        return "", "", "", False
    depth = {"county": 0, "city": 1, "province": 2}
    best = min(ranked, key=lambda r: depth[r.level])
    province = best.province or best.name
    city = best.city if best.level != "province" else ""
    if best.level == "province" and best.name in _MUNICIPALITIES:
        city = best.name
    return best.name, province, city, False


_MUNICIPALITIES = frozenset(("北京市", "上海市", "天津市", "重庆市"))


# A work report names itself in its heading, or in its opening words when the heading was lost
# (我代表…人民政府向大会作工作报告). Further down, 政府工作报告 is any document citing one.
_WORK_REPORT_HEADING = regex.compile(r"政\s*府\s*工\s*作\s*报\s*告")
_WORK_REPORT_OPENING = regex.compile(r"人民政府,?向大会(?:作|做)(?:政府)?工作报告|人民政府,?向大会报告(?:政府)?工作")


@functools.cache
def _yearbook_edition() -> regex.Pattern:
    return regex.compile(alternation(vocabulary().context["title_yearbook"])
                         + r"\P{Han}{0,3}?(?P<edition>(?:19|20)\d{2})(?![\d年])")


# A heading of the plans: 二、2025年工作安排, or a line that opens with the report's own year or 今年 and names
# them (2025年主要预期目标和重点工作, 今年政府工作的主要预期目标是:, 今年重点抓好以下工作:).
_PLAN_HEADING = regex.compile(
    r"^\s*(?:[二三四五六七八九]、[^\n]{0,30}(?:工作安排|重点工作|主要任务|目标任务|主要目标|预期目标|工作建议|主要考虑|"
    r"十五五|十四五[^\n]{0,6}(?:目标|任务|规划|考虑)|总体要求)"
    r"|(?:(?P<year>(?:19|20)\d{2})年|今年)[^\n]{0,20}?(?:工作安排|重点工作|主要任务|目标任务|主要目标|预期目标|"
    r"重点抓好|重点做好))",
    regex.MULTILINE,
)


# A glossary or notes after a report's plans (名词解释, 注释, 附:名词解释): facts explained, no plans.
_GLOSSARY_HEADING = regex.compile(r"^[ \t]*(?:附:?)?(?:名词解释|名词注释|注释|附注)[ \t]*:?[ \t]*$", regex.MULTILINE)


def find_plan_end(cleaned: str, plan_start: int | None) -> int | None:
    """Where a glossary after the plans that start at ``plan_start`` begins."""
    if plan_start is None:
        return None
    m = _GLOSSARY_HEADING.search(cleaned, plan_start)
    return m.start() if m else None


def find_plan_start(cleaned: str, report_year: int | None = None) -> int | None:
    """Where a work report of ``report_year`` turns from reviewing the past year to this year's plans."""
    for m in _PLAN_HEADING.finditer(cleaned):
        if m["year"] is None or (report_year is not None and int(m["year"]) == report_year):
            return m.start()
    return None


# A heading of recommendations (二、对策建议, (三)几点建议, 意见和建议) or the words opening them (为此,建议:).
_ADVICE_START = regex.compile(
    r"^[ \t]*(?:[一二三四五六七八九十]{1,2}[、.]|\([一二三四五六七八九十]{1,2}\))?[ \t]*"
    r"(?:几点|对策|意见和|意见与|工作|相关|有关|主要)?建议(?:如下)?[ \t]*:?[ \t]*$"
    r"|^[ \t]*(?:为此|因此|对此|据此|鉴于此)?,?(?:特)?(?:提出如下|提出以下|提出)?建议(?:如下)?:",
    regex.MULTILINE,
)


# A summary's heading of its plans (三、下一步工作计划, 三、2024年工作打算, 二、下半年工作思路), not of the work done
# (一、重点工作完成情况).
_SUMMARY_PLAN_HEADING = regex.compile(
    r"^[ \t]*(?:[一二三四五六七八九十]{1,2}[、.]|\([一二三四五六七八九十]{1,2}\))?[ \t]*"
    r"(?P<heading>(?:(?:19|20)\d{2}年|明年|今年|下半年|下一步|下步|今后)?(?:的)?"
    r"(?:工作计划|工作打算|工作思路|工作安排|工作设想|下一步工作|下步工作)[^\n,]{0,12}?)"
    r"[ \t]*:?[ \t]*$",
    regex.MULTILINE,
)
_DONE_WORDS = regex.compile(r"完成|情况|成效|成绩|回顾|进展|开展")


def find_summary_plans(cleaned: str) -> int | None:
    """Where a work summary turns to its plans."""
    for m in _SUMMARY_PLAN_HEADING.finditer(cleaned):
        if not _DONE_WORDS.search(m["heading"]):
            return m.start()
    return None


def find_advice_start(cleaned: str, title: str) -> int | None:
    """Where a document that is no reply to a proposal starts recommending (its plans)."""
    if any(w in title for w in vocabulary().context["reply_title_words"]):
        return None
    m = _ADVICE_START.search(cleaned)
    return m.start() if m else None


def document_facts(cleaned: Cleaned, *, title: str | None = None, published: dt.date | None = None,
                   publisher: str | None = None, fallback_title: str = "") -> DocumentFacts:
    text = cleaned.text
    finder = RegionFinder.default()
    title = title if title is not None else find_title(text, fallback_title)
    published = published if published is not None else find_published(text)
    publisher = publisher if publisher is not None else find_publisher(text)
    if publisher and is_spam(publisher):
        publisher = ""
    # (A traditional-character title or publisher (鄭州市科學技術局) names its place as simplified text does.)
    region, province, city, guessed = find_region(text, normalize_chars(title), normalize_chars(publisher), finder)
    compact_title = normalize_chars(title).replace(" ", "")  # 統計公報 is a bulletin too
    year_match = _YEAR_IN_TITLE.search(compact_title) or _BARE_YEAR_IN_TITLE.search(compact_title)
    title_year = int(year_match.group(1)) if year_match else None
    kind = "other"
    reference_year = None
    plan_start = None
    plan_end = None
    ctx = vocabulary().context
    # (A title about a yearbook, 湖南年鉴(2023)编纂工作总结 or 关于征集《湖南年鉴2024》条目的通知, is no yearbook.)
    edition = _yearbook_edition().search(compact_title)
    if edition and not any(w in compact_title for w in ctx["not_yearbook"]):
        kind = "bulletin"
        reference_year = int(edition["edition"]) - 1
    elif any(w in compact_title for w in ctx["title_statistics"]) or "统计公报" in text[:3000]:
        kind = "bulletin"
        reference_year = title_year
    elif ("政府工作报告" in compact_title or _WORK_REPORT_HEADING.search(text, 0, 500)
          or _WORK_REPORT_OPENING.search(text, 0, 1500)):
        kind = "work_report"
        report_year = title_year or (published.year if published else None)
        reference_year = report_year - 1 if report_year else None
        plan_start = find_plan_start(text, report_year)
        plan_end = find_plan_end(text, plan_start)
    elif any(w in compact_title for w in ctx["title_summary"] + ctx["target_review_titles"]):
        kind = "summary"
        reference_year = title_year
    if kind == "summary":
        plan_start = find_summary_plans(text)
    if kind != "work_report" and plan_start is None:
        plan_start = find_advice_start(text, compact_title)
    return DocumentFacts(title, published, publisher, region, province, city, kind, reference_year, plan_start,
                         title_year, guessed, plan_end)
