"""Regular expressions, composed from named fragments built out of the vocabulary.

Every word list goes through :func:`extractors.vocab.alternation` (escaped, longest
first); patterns are written in verbose mode and compiled once.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import regex

from .numbers import CHINESE_DIGITS, CHINESE_NUMERAL_CHARS
from .vocab import alternation, vocabulary

FLAGS = regex.VERBOSE | regex.V1

# Quantifiers are bounded: no real number is longer, and a bound keeps a run of 2,000,000
# digits or 万 from making every start position scan to the end of the run (quadratic time).
# Thousands grouped by commas or, in typeset bulletins, by spaces (3 937.4亿元).
ARABIC = r"\d{1,3}(?:,\d{3}){1,5}(?:\.\d{1,6})?|\d{1,3}(?:[ ]\d{3}){1,4}(?![ ]?\d)(?:\.\d{1,6})?|\d{1,15}(?:\.\d{1,8})?"
# (… with decimals after 点: 三十五点六亿元, 零点二个百分点.)
# (… whose 千 is no digit before 瓦: 三十万千瓦 is 三十万 of 千瓦.)
CHINESE = (f"(?:千(?!瓦)|[{CHINESE_NUMERAL_CHARS.replace('千', '')}]){{1,12}}"
           f"(?:点[{CHINESE_DIGITS}]{{1,6}})?")
# Atomic: once a numeral is read it is not re-read shorter, so a failed match costs one pass.
NUMBER = f"(?>{ARABIC}|{CHINESE})"
# A number is not the tail of another number, a code or a redaction (*万元), nor a rate (每万人), nor the
# last group of letter-spaced digits (1 8 6 家), whose value is not its own.
NUMBER_START = r"(?<![\d.*A-Za-z/每])(?<!\d-)(?<!(?<!\d)\d{1,3}[ ])"
RANGE_SEP = r"[-~至到]"
# The "from" of 从…到 / 由…增加到; 从业人员, 从事, 从而, 由于, 自由 are words, not it.
FROM_WORD = r"(?:从(?![业事而])|(?<![自理缘])由(?!于))"
YEAR = r"(?:19|20)\d{2}"
# The rest of a frame 在…中 after a word inside it (在全省科技特派员工作考核中, 在2023年度全省科技奖中).
FRAME_REST = r"[^,;:。!?\n]{0,30}中"
# What follows the span of a record, not a span of values (20年来首次下降, 10年来同期新高).
RECORD_AFTER = "首次|同期|新高|新低|最|罕见"
# A span of years in digits (40年来, 30年间): its own scan, since as one more alternative of the time pattern it
# would make every digit a place to try (ten times slower).
DIGIT_SPAN = regex.compile(rf"(?<![\d.])[1-9]\d?年(?:来|间)(?!{RECORD_AFTER})")
# A year in Chinese numerals (二〇二二年), as signature dates and some summaries write it.
CHINESE_YEAR = r"(?:一九|二[〇零])[〇零一二三四五六七八九]{2}"
# 前4个月, 前两个月: the first months of a year, cumulated (a year-to-date period, as 1-4月).
FIRST_MONTHS = r"(?<!提)前(?P<month_count>\d{1,2}|十一|[两三四五六七八九十])个月"
HAN = regex.compile(r"\p{Han}")


def budget(text: str) -> float:
    """Seconds a whole-text scan may take before the regex engine gives up (TimeoutError).

    Every pattern is linear on adversarial text (benchmarked in tests/benchmarks), so this is a
    safety net: a document that hits it fails alone and the batch goes on.
    """
    return 10.0 + 20.0 * len(text) / 1_000_000


@dataclass(frozen=True)
class Patterns:
    quantity: regex.Pattern
    bare_item: regex.Pattern
    qualifier_before: regex.Pattern
    bare_scale: regex.Pattern
    rank: regex.Pattern
    rank_no: regex.Pattern
    rank_verb_before: regex.Pattern
    rank_verb_place: regex.Pattern
    rank_first: regex.Pattern
    rank_frame: regex.Pattern
    money_quote: regex.Pattern
    percent_words: regex.Pattern
    spoken_money: regex.Pattern
    exchange_rate: regex.Pattern
    money_sign: regex.Pattern
    rank_peers: regex.Pattern
    rank_set: regex.Pattern
    share_qualifier: regex.Pattern
    share_word: regex.Pattern
    share_lead: regex.Pattern
    doubling: regex.Pattern
    level: regex.Pattern
    time: regex.Pattern
    clause_break: regex.Pattern


def _words(section: dict) -> list[str]:
    return [w for words in section.values() for w in words]


@functools.cache
def patterns() -> Patterns:
    v = vocabulary()
    units, quals, ctx = v.units, v.qualifiers, v.context
    unit_words = (
        list(units["money"]) + list(units["area"]) + units["counters"] + units["measures"]
        + ["个百分点", "百分点", "个千分点", "千分点", "%", "‰", "倍"]
    )
    fragments = {
        "PRE": alternation(_words(quals["before"])),
        "MID": alternation(_words(quals["after_number"])),
        "POST": alternation(_words(quals["after"])),
        "SCALE": alternation(units["scales"]),
        "UNIT": alternation(unit_words),
    }
    quantity = regex.compile(
        rf"""
        (?P<pre>{fragments['PRE']})?
        {NUMBER_START}
        (?P<num>{NUMBER})
        (?: (?P<scale1>{fragments['SCALE']})? (?P<rsep>{RANGE_SEP}) (?P<num2>{NUMBER}) )?
        (?P<mid1>{fragments['MID']})?
        (?P<scale>{fragments['SCALE']})?
        # 2千多亿元, 3千余万元: a digit's scale, 多/余, then the scale of the whole amount.
        (?: (?P<mid2>{fragments['MID']}) (?P<scale_b>{fragments['SCALE']})? )?
        # 达1470.4亿,增长12%: 亿 ending a clause is money whose 元 is left out (14亿人口 is no money, and
        # 跨越7万亿、8万亿…台阶 lists milestones).
        # (… and 420万困难群众, 3000多万皖北地区群众: people in 万 or 亿 with no counter, see units.yaml people_nouns.)
        (?P<unit>{fragments['UNIT']}|(?<=亿)(?=[,;:。!?)\n]|\Z)
            |(?P<people>(?<=[万亿])(?=(?:\d{{1,3}}岁以上)?(?:(?!{alternation(units['people_gap_breaks'])})\p{{Han}}){{0,10}}?
                                      {alternation(units['people_nouns'])})))
        # (16.9万吨/日, 30万元/人左右: a rate per day, year or head.)
        (?P<per>/(?:{alternation(units['per_units'])}))?
        (?P<post>{fragments['POST']})?
        """,
        FLAGS,
    )
    # 分别达到9500、1200家 / 1.28万亿、8200亿元: an item of a list whose unit is written once, at its end.
    # Matched backwards from the 、 before the next item.
    bare_item = regex.compile(rf"(?P<num>{ARABIC})(?P<scale>{fragments['SCALE']})?", FLAGS | regex.REVERSE)
    # 突破万亿元: a scale with no number in front, after a qualifier.
    bare_scale = regex.compile(
        rf"""
        (?P<pre>{alternation(_words({'m': quals['before']['more_than'], 'a': quals['before']['approx']}))}|达到|达)
        (?P<scale>万亿|千亿|百亿)
        (?P<unit>元|(?=[,;:。!?)\n]|\Z))
        """,
        FLAGS,
    )
    rank_head = rf"""
        (?P<scope>{alternation(ctx['scopes'])})?
        (?P<verb>{alternation(ctx['rank_verbs'])})?
        (?P<scope2>{alternation(ctx['scopes'])})?
        # 全国31个省(区、市)第二位: how many are ranked, between the scope and the position.
        (?:\d{{1,3}}个(?:省份|省区市|省区|省市|省|城市|地市|设区市)(?:\([^()\n]{{1,8}}\))?)?"""
    rank_tail = rf"(?P<suffix>{alternation(ctx['rank_suffixes'])})?"
    rank = regex.compile(rf"{rank_head} (?P<ordinal>第 (?P<num>\d{{1,3}}|[一二三四五六七八九十]{{1,3}})) {rank_tail}", FLAGS)
    # (… or No.1, as posters and English-mixed pages write it: a scan of its own, since an alternative to 第 would
    # take from the rank pattern the character every match holds, which lets the engine skip ahead.)
    rank_no = regex.compile(rf"{rank_head} (?P<ordinal>(?:No|NO)\.?[ ]?(?P<num>\d{{1,3}})(?!\d)) {rank_tail}", FLAGS)
    # 翻一番, 翻两番; 实现倍增 ending its clause (not 倍增计划, a programme).
    # 翻一番以上; not 翻番行动 or 翻番计划, programmes.
    doubling = regex.compile(
        r"翻了?(?P<times>[一两二三四])?番(?:(?P<more>多)|(?P<least>以上))?(?!行动|计划|工程)|(?<=实现)倍增(?=[,;。!?\n]|\Z)")
    level = regex.compile(alternation(ctx["levels"]))
    time = regex.compile(
        rf"""
        (?P<explicit>
            (?:截至|截止|截止到|到|至|于|在)?
            # (2022、2023年: a year of a list that writes 年 once, at its end.)
            (?P<year>{YEAR}|{CHINESE_YEAR}) (?:年|(?=[、和]{YEAR}年))
            (?P<when>底|末|年底|年末|上半年|下半年|全年|前三季度|一季度|二季度|三季度|四季度|第[一二三四]季度|
               \d{{1,2}}(?:[-至到]\d{{1,2}})?月(?:底|末|份)?|{FIRST_MONTHS})?
          # (… or a date in digits, as chronicles and page stamps write it: 2019.12.20, 2019-12-20, 2019/12/20.)
          | (?<![\d.])(?P<year>{YEAR})(?P<sep>[./-])(?:0?[1-9]|1[0-2])(?P=sep)(?:0?[1-9]|[12]\d|3[01])(?![\d.])
        )
        | (?P<event>{alternation(ctx['event_spans'])})
        | (?P<plan>"?(?P<plan_name>十一五|十二五|十三五|十四五|十五五)"?(?P<plan_when>期间|时期|以来|末|末期)?)
        | (?P<relative>(?:截至|截止)?(?:去年|上年|今年)(?:底|末)|今年|本年|当年|去年|上年|上一年|明年|过去一年|过去的一年|
            一年来|这一年|(?<![提此之以年])前年(?![度均])|(?<!项)目前|截至目前|截止目前|到目前|当前|现阶段|(?<![体表实出发呈显])现在|(?<![比例假])如今(?!后)|新的一年|新一年|截至记者发稿时|截至发稿[时前]?|截止发稿[时前]?|(?<![实表体出发呈显])现今(?!后)|时至今日|
            (?:过去的?|近|这)[两三四五六七八九十]年(?:来|间)?|(?:今后|未来)[两三四五]年
            # (… and longer spans of an anniversary review: 40年来, 三十年来, 30年间.)
            # (Not a record's span: 20年来首次下降, 10年来同期新高; in digits, 40年来, see DIGIT_SPAN.)
            |(?<![一二两三四五六七八九十百\d.])(?:[二三四五六七八九]?十[一二三四五六七八九]?|[两三四五六七八九])年(?:来|间)
             (?!{RECORD_AFTER})|
            五年累计|五年共|年内(?<![\d一二两三四五六七八九十几半数多]年内)|
            # (这是绿美广东建设绘就新画卷的五年。: a heading of a five-year review; its literal first, the look back after.)
            的[两三四五六七八九十]年(?=[。!?\n])(?<=这是[^,;:。!?\n]{{1,30}}的[两三四五六七八九十]年)|
            全年|每年|年末|年底|上半年|前三季度|前3季度|一至三季度|第[一二三四]季度(?!末)|[一二三四1-4]季度(?!末)|Q[1-4](?![0-9])|
            (?:截至|截止|截止到|到)?[一二三四1-4]季度末|(?:截至|截止|截止到|到)上半年末|
            (?:截至|截止|截止到|到)(?:今年)?\d{{1,2}}月(?:底|末|份)?)
        # (1月至10月, 1月-7月 and in words 一至十月份, 一到九月: the months of a year to date.)
        | (?P<months>(?<!\d)\d{{1,2}}月?[-~至到]\d{{1,2}}月(?:份)?|(?<!\d)1[-~至到][2-4]季度
            |(?<![\p{{Han}}])一[至到-](?:[二三四五六七八九]|十[一二]?)月(?:份)?)
        | (?P<first_months>{FIRST_MONTHS})
        # (12月末, 11月底: a stock at the end of the month; 6月底前 is a deadline.)
        | (?P<month>(?<![\d-])\d{{1,2}}月(?:份|(?:末|底)(?!前)|(?=当月)|(?=,)))
        """,
        FLAGS,
    )
    return Patterns(
        quantity=quantity,
        bare_item=bare_item,
        qualifier_before=regex.compile(f"{fragments['PRE']}\\Z"),
        bare_scale=bare_scale,
        rank=rank,
        rank_no=rank_no,
        rank_verb_before=regex.compile(alternation(ctx["rank_verbs"]) + r"\Z"),
        # A ranking verb, then a place and its parts (均居许昌市第一, 居宁波各区县(市)第二): the place is found in code.
        rank_verb_place=regex.compile(alternation(ctx["rank_verbs"]) + r"(?=\p{Han}{2,14}(?:\([^()\n]{1,6}\))?\Z)"),
        # After a rank verb, or as the next item of a list of ranks (居全国城市第四、省会城市首位).
        # (… and a peer group after the scope: 居全国综合实力百强区首位.)
        rank_first=regex.compile(
            rf"(?:{alternation(ctx['rank_verbs'])}|(?<=第[\d一二三四五六七八九十]{{1,3}}[位名]?[、和]))"
            rf"(?P<scope>{alternation(ctx['scopes'])})[\p{{Han}}()]{{0,10}}?(?P<first>{alternation(ctx['rank_first'])})"
            rf"(?!\p{{Han}})"),
        # A scope and the peer group ranked in it, right before a position: 全国工业百强区第28位, 全省区县(市)第3位.
        # (Not a frame's 中, a ranking verb or another rank: 在全国178家国家高新区综合评价中排名第15位, 全省第二、第一.)
        rank_peers=regex.compile(rf"(?P<scope>{alternation(ctx['scopes'])})"
                                 rf"(?:(?!中|第|{alternation(ctx['rank_verbs'])})[\p{{Han}}()、]){{1,10}}\Z"),
        # 在全国高新区综合评价中排名第15位, 在科技部公布的全国…评价结果中,合肥高新区位列第5位, 在2023年全国…排名中.
        # An amount of money quoted for emphasis ("2132亿元"!) is a value, unlike a quoted programme ("30条").
        # 6个亿, 一个多亿: spoken hundreds of millions (of yuan).
        # ¥1,286,000.00, ￥150万元: money written with the currency sign, 元 or not.
        # (… and other currencies' signs and codes: US$86.5亿, USD 18.6亿, HK$3.2亿.)
        money_sign=regex.compile(rf"(?<![A-Za-z])(?P<sign>{alternation(units['currency_signs'])})[ ]?(?P<num>{ARABIC})"
                                 rf"(?P<scale>万|亿)?(?(?=元)元|)"),
        exchange_rate=regex.compile(
            rf"(?<![\d.])1[ ]?(?:{alternation(units['money'])})[ ]?(?:{alternation(ctx['exchange_words'])})[ ]?"
            rf"(?:人民币)?[ ]?(?:{ARABIC})[ ]?(?:{alternation(units['money'])})?"),
        spoken_money=regex.compile(rf"(?P<pre>{fragments['PRE']})?(?P<num>{NUMBER})个(?P<more>多)?亿(?:元)?"),
        percent_words=regex.compile(rf"百分之(?P<whole>[零一二两三四五六七八九十百]{{1,4}})(?:点(?P<fraction>[零〇一二三四五六七八九]{{1,3}}))?"
                                    rf"(?P<post>{fragments['POST']})?"),
        money_quote=regex.compile(rf"{NUMBER}(?:{fragments['SCALE']})?(?:{alternation(units['money'])})"),
        rank_frame=regex.compile(
            rf"在[^,;:。!?\n]{{0,10}}?(?P<scope>{alternation(ctx['scopes'])})(?:[^,;:。!?\n]{{0,20}}"
            rf"(?:{alternation(ctx['assessments'])}))?[^,;:。!?\n]{{0,4}}中,?[^,;:。!?\n]{{0,10}}\Z"),
        # (… or before the whole of a share: 约为全国总数的0.5%.)
        share_qualifier=regex.compile(rf"(?P<pre>{fragments['PRE']})(?:占[^,;:。!?\n]{{0,12}}|[^,;:。!?\n]{{1,12}}?的)\Z"),
        # 在全省9个市(州)中排第4位, 全省18个省辖市中: how many places are ranked is no count (在全国178家国家高新区中
        # counts zones).
        rank_set=regex.compile(rf"(?:在(?:{alternation(ctx['scopes'])})?|{alternation(ctx['scopes'])})\d{{1,3}}个"
                               r"[^,;:。!?\n]{0,16}?中"),
        # Shares in words: 超过八成, 近五成, 约三分之二 (after a qualifier or 占, before a break or 的). The
        # share is found first and its lead read back from it: the qualifiers are too many to try everywhere.
        share_word=regex.compile(
            rf"""(?P<num>(?P<tenths>[一两二三四五六七八九]|(?<![\d.])[1-9])(?!{alternation(ctx['cheng_words'])})成
                    |(?P<den>[二三四五六七八九十])分之(?P<part>[一二三四五六七八九])
                    |(?<![\d/])(?P<apart>[1-9])/(?P<aden>[2-9]|10)(?![\d/]))  # (… and 约占全省的1/3)
                 (?P<post>以上|左右|多)?(?P<end>的|[,;:。!?、\n]|\Z)?""", FLAGS),
        share_lead=regex.compile(
            rf"""(?:(?P<pre>{fragments['PRE']})(?:占[^,;:。!?\n\d]{{0,10}}?|(?P<of>[^,;:。!?\n\d]{{1,10}}?的))?
                    |占[^,;:。!?\n\d]{{0,10}}?(?P<pre2>{fragments['PRE']})?
                    |(?P<of2>(?:为|是|有)[^,;:。!?\n\d]{{1,10}}?的)|达到|达)\Z""", FLAGS),
        doubling=doubling,
        level=level,
        time=time,
        # Every break of a clause; sentences end at 。!? and newlines (segments.py).
        # (… but not 、 inside a list of years before what they share: 研发投入强度2026年、2028年、2030年分别达到.)
        clause_break=regex.compile(rf"[,;:。!?\n\]]|、(?!{YEAR}年(?:[、和及与]|分别))"),
    )
