"""A synthetic corpus with gold: provincial S&T replies and statistical bulletins written from templates.

    from extractors.synth import generate
    docs, gold = generate(1000, "out/synth")   # out/synth/docs/synth_0000000.txt … and out/synth/gold.csv

Each document is a reply to a deputy's proposal (建议的答复) from a province's 科学技术厅 or the
science section of a province's 统计公报, its sentences drawn from templates phrased as those
documents phrase them: stocks at year end with national ranks, new recognitions with growth
rates, 其中 breakdowns by level, 分别 lists over the province's cities, funding in 万元/亿元,
approximate and bounded values (近, 余, 突破, 以上), targets (力争到…). Indicators, regions and
counters come from the vocabulary, so the corpus follows it. Document i depends only on
(seed, i): any document can be regenerated alone, and writing N documents keeps one in memory.
The gold CSV has the columns of SPEC section 3; a quote's ``nth`` counts its occurrences the
way ``evaluate.locate`` finds them.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from .vocab import Region, vocabulary

GOLD_COLUMNS = ("doc", "quote", "nth", "kind", "indicator", "region", "level", "measure", "value", "unit",
                "qualifier", "year", "status", "scope", "optional")
GOLD_NAME = "gold.csv"
DOCS_DIR = "docs"  # beside gold.csv, never around it: a .csv inside the corpus would be read as documents
# Provinces whose documents say 全省/我省 (municipalities say 全市, autonomous regions 全区); the
# three central-China provinces' replies also rank within 中部.
CENTRAL = {"山西省", "安徽省", "江西省", "河南省", "湖北省", "湖南省"}
EXCLUDED_PROVINCES = {"台湾省"}  # no provincial S&T department publishes replies in this form
CN_DIGITS = "零一二三四五六七八九"


@dataclass(frozen=True)
class Gold:
    """One gold claim; the span is the value's offset in the document, turned into quote + nth at the end."""

    quote: str
    start: int
    kind: str
    indicator: str
    region: str
    value: Decimal
    unit: str
    year: int
    level: str = ""
    measure: str = "total"
    qualifier: str = "exact"
    status: str = "actual"
    scope: str = ""
    optional: str = ""


@dataclass
class Builder:
    """A document being written: its text so far and the gold claims placed in it."""

    region: str
    year: int
    parts: list[str] = field(default_factory=list)
    gold: list[Gold] = field(default_factory=list)
    length: int = 0

    def add(self, text: str) -> Builder:
        self.parts.append(text)
        self.length += len(text)
        return self

    def claim(self, quote: str, kind: str, indicator: str, value: Decimal | int, unit: str, **fields: object) -> Builder:
        defaults = {"region": self.region, "year": self.year}
        self.gold.append(Gold(quote=quote, start=self.length, kind=kind, indicator=indicator, value=Decimal(value),
                              unit=unit, **{**defaults, **fields}))
        return self.add(quote)

    @property
    def text(self) -> str:
        return "".join(self.parts)


@dataclass(frozen=True)
class Context:
    """What a document is about: its province, that province's cities, and the year it reviews."""

    province: Region
    cities: tuple[Region, ...]
    year: int
    bulletin: bool

    @property
    def when(self) -> str:
        # A bulletin speaks of 全年 and takes its year from its title; a reply names the year.
        return "全年" if self.bulletin else f"{self.year}年,全省"

    @property
    def year_end(self) -> str:
        return "年末全省" if self.bulletin else f"截至{self.year}年底,全省"


@dataclass(frozen=True)
class Synthetic:
    name: str
    text: str
    gold: tuple[Gold, ...]


def chinese_number(n: int) -> str:
    """1…99 in Chinese numerals as ranks are written (第七, 第十二, 第二十一)."""
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else CN_DIGITS[tens] + "十")
    return head + (CN_DIGITS[ones] if ones else "")


def _money(rng: random.Random, low: int, high: int, unit: str) -> tuple[str, Decimal]:
    """An amount in 亿元 (two decimals) or 万元 (whole), as written and in 元."""
    if unit == "亿元":
        amount = Decimal(rng.randint(low * 100, high * 100)) / 100
        return f"{amount.normalize():f}亿元", amount * 10**8
    amount = Decimal(rng.randint(low, high))
    return f"{amount}万元", amount * 10**4


def _percent(rng: random.Random, low: float, high: float) -> tuple[str, Decimal]:
    value = Decimal(rng.randint(int(low * 10), int(high * 10))) / 10
    return f"{value.normalize():f}%", value


def _rank(b: Builder, ctx: Context, rng: random.Random, indicator: str, **fields: object) -> None:
    national = rng.randint(3, 20)
    b.add(",位居").claim(f"全国第{chinese_number(national)}", "rank", indicator, national, "rank", scope="全国", **fields)
    if ctx.province.name in CENTRAL:
        central = rng.randint(1, 6)
        b.add("、").claim(f"中部第{chinese_number(central)}", "rank", indicator, central, "rank", scope="中部", **fields)


def high_tech_stock(b: Builder, ctx: Context, rng: random.Random) -> None:
    n = rng.randint(1500, 60000)
    b.add(f"{ctx.year_end}高新技术企业数量达到").claim(f"{n}家", "count", "high_tech_enterprises", n, "家")
    _rank(b, ctx, rng, "high_tech_enterprises")
    b.add("。")


def high_tech_new(b: Builder, ctx: Context, rng: random.Random) -> None:
    n = rng.randint(200, 9000)
    text, growth = _percent(rng, 3, 45)
    b.add(f"{ctx.when}新认定高新技术企业").claim(f"{n}家", "count", "high_tech_enterprises", n, "家", measure="new")
    b.add(",同比增长").claim(text, "growth", "high_tech_enterprises|other", growth, "%", measure="new|total")
    b.add("。")


def incubators_breakdown(b: Builder, ctx: Context, rng: random.Random) -> None:
    total = rng.randint(40, 400)
    national = rng.randint(5, total // 3)
    rank = rng.randint(2, 15)
    b.add(f"{ctx.year_end}共建有省级以上科技企业孵化器").claim(f"{total}家", "count", "incubators", total, "家",
                                                              level="省级以上")
    b.add(",其中国家级").claim(f"{national}家", "count", "incubators", national, "家", level="国家级")
    b.add(",数量排名").claim(f"全国第{chinese_number(rank)}", "rank", "incubators", rank, "rank", scope="全国",
                             level="国家级|")
    b.add("。")


def maker_spaces(b: Builder, ctx: Context, rng: random.Random) -> None:
    spaces = rng.randint(50, 900)
    rural = rng.randint(20, 300)
    b.add(f"{ctx.year_end}备案众创空间").claim(f"{spaces}余家", "count", "maker_spaces", spaces, "家",
                                               qualifier="more_than")
    b.add("、星创天地").claim(f"{rural}家", "count", "rural_maker_spaces", rural, "家")
    incubated = rng.randint(1, 9)
    b.add(",在孵企业").claim(f"近{incubated}万家", "count", "incubated_enterprises", incubated * 10**4, "家",
                             qualifier="approx", level="|省级以上")
    b.add("。")


def cities_respectively(b: Builder, ctx: Context, rng: random.Random) -> None:
    cities = rng.sample(ctx.cities, k=min(3, len(ctx.cities)))
    counts = sorted((rng.randint(100, 12000) for _ in cities), reverse=True)
    b.add(f"{ctx.year}年,{'、'.join(c.short for c in cities)}高新技术企业数量分别达到")
    for i, (city, n) in enumerate(zip(cities, counts, strict=True)):
        b.add("、" if i else "").claim(f"{n}家", "count", "high_tech_enterprises", n, "家", region=city.name)
    b.add(",集聚效应持续显现。")


def funding(b: Builder, ctx: Context, rng: random.Random) -> None:
    text, amount = _money(rng, 5, 120, "亿元")
    projects = rng.randint(80, 1500)
    b.add(f"{ctx.year}年,省级财政安排科技专项资金").claim(text, "amount", "funding", amount, "元", level="|省级")
    b.add(",支持科技项目").claim(f"{projects}个", "count", "tech_projects", projects, "个", measure="total|new",
                                 level="|省级")
    b.add("。")


def city_funding(b: Builder, ctx: Context, rng: random.Random) -> None:
    city = rng.choice(ctx.cities)
    text, amount = _money(rng, 300, 9000, "万元")
    b.add(f"{ctx.year}年,{city.name}市级财政投入科技资金").claim(text, "amount", "funding", amount, "元",
                                                                region=city.name, level="|市级")
    b.add(",重点支持关键核心技术攻关。")


def rd_spending(b: Builder, ctx: Context, rng: random.Random) -> None:
    text, amount = _money(rng, 50, 3000, "亿元")
    growth_text, growth = _percent(rng, 2, 25)
    share_text, share = _percent(rng, 0.8, 4.5)
    b.add(f"{ctx.when}研究与试验发展(R&D)经费支出").claim(text, "amount", "rd_expenditure", amount, "元")
    b.add(",比上年增长").claim(growth_text, "growth", "rd_expenditure|other", growth, "%")
    b.add(",研发投入强度达到").claim(share_text, "percent", "rd_intensity", share, "%")
    b.add("。")


def contract_turnover(b: Builder, ctx: Context, rng: random.Random) -> None:
    threshold = rng.randint(1, 40) * 100
    growth_text, growth = _percent(rng, 5, 60)
    b.add(f"{ctx.when}技术合同成交额").claim(f"突破{threshold}亿元", "amount", "tech_contract_turnover",
                                             threshold * 10**8, "元", qualifier="more_than")
    b.add(",同比增长").claim(growth_text, "growth", "tech_contract_turnover|other", growth, "%")
    b.add("。")


def patents(b: Builder, ctx: Context, rng: random.Random) -> None:
    granted = rng.randint(10000, 400000)
    inventions = rng.randint(1000, granted // 4)
    valid = rng.randint(inventions, inventions * 8)
    b.add(f"{ctx.when}专利授权").claim(f"{granted}件", "count", "patents", granted, "件")
    b.add(",其中发明专利授权").claim(f"{inventions}件", "count", "patents", inventions, "件")
    b.add(";年末有效发明专利").claim(f"{valid}件", "count", "patents", valid, "件")
    b.add("。")


def little_giants(b: Builder, ctx: Context, rng: random.Random) -> None:
    new = rng.randint(10, 150)
    total = new + rng.randint(20, 600)
    b.add(f"{ctx.when}新增国家级专精特新“小巨人”企业").claim(f"{new}家", "count", "little_giants", new, "家",
                                                            measure="new", level="国家级")
    b.add(",累计达到").claim(f"{total}家", "count", "little_giants", total, "家", level="国家级|")
    b.add("。")


def tech_smes(b: Builder, ctx: Context, rng: random.Random) -> None:
    n = rng.randint(2000, 40000)
    b.add(f"{ctx.when}入库科技型中小企业").claim(f"{n}家", "count", "tech_smes", n, "家", measure="total|new")
    change = rng.randint(100, 1999)
    # A change against last year is not a stock nor clearly a new count: ambiguous, hence optional.
    b.add(",较上年增加").claim(f"{change}家", "count", "tech_smes", change, "家", measure="new", optional="yes")
    b.add("。")


def platforms(b: Builder, ctx: Context, rng: random.Random) -> None:
    labs = rng.randint(10, 200)
    zones = rng.randint(5, 40)
    b.add(f"{ctx.year_end}拥有省级以上重点实验室").claim(f"{labs}个", "count", "laboratories", labs, "个",
                                                       level="省级以上")
    b.add("、省级以上高新区").claim(f"{zones}家", "count", "high_tech_zones", zones, "家", level="省级以上")
    b.add("。")


def target(b: Builder, ctx: Context, rng: random.Random) -> None:
    goal_year = ctx.year + 3
    n = rng.randint(20, 90) * 1000
    m = rng.randint(10, 90) * 1000
    b.add(f"下一步,我们将力争到{goal_year}年全省高新技术企业数量").claim(
        f"超过{n}家", "count", "high_tech_enterprises", n, "家", year=goal_year, status="target", qualifier="more_than")
    b.add("、科技型中小企业达到").claim(f"{m}家", "count", "tech_smes", m, "家", year=goal_year, status="target")
    b.add("。")


Template = Callable[[Builder, Context, random.Random], None]
REPLY_TEMPLATES: tuple[Template, ...] = (high_tech_stock, high_tech_new, incubators_breakdown, maker_spaces,
                                         cities_respectively, funding, city_funding, little_giants, tech_smes,
                                         platforms, target)
BULLETIN_TEMPLATES: tuple[Template, ...] = (rd_spending, contract_turnover, patents, high_tech_new, tech_smes,
                                            platforms)
REPLY_FILLERS = (
    "近年来,我省深入实施创新驱动发展战略,持续优化科技创新创业环境。",
    "我厅将认真研究吸纳您的意见建议,进一步完善相关政策措施。",
    "全省上下坚持把科技自立自强作为发展的战略支撑,创新主体培育成效明显。",
    "各地积极搭建产学研合作平台,推动科技成果转化和产业化。",
)
BULLETIN_FILLERS = ("科技创新能力持续增强。", "创新型省份建设深入推进。", "科技成果转化成效明显。")
ORDINALS = ("一是", "二是", "三是", "四是", "五是", "六是", "七是")


@functools.cache
def _provinces() -> tuple[tuple[Region, tuple[Region, ...]], ...]:
    """Provinces (省) with at least three cities whose short name is read as that city."""
    vocab = vocabulary()
    by_name = vocab.region_by_name
    out = []
    for prov in vocab.regions:
        if prov.level != "province" or not prov.name.endswith("省") or prov.name in EXCLUDED_PROVINCES:
            continue
        cities = tuple(r for r in vocab.regions if r.level == "city" and r.province == prov.name and r.short
                       and by_name.get(r.short) == r and r.name.endswith("市"))
        if len(cities) >= 3:
            out.append((prov, cities))
    return tuple(out)


def _reply_header(b: Builder, ctx: Context, rng: random.Random, number: int) -> None:
    published = dt.date(ctx.year + 1, rng.randint(5, 10), rng.randint(1, 28))
    office = f"{ctx.province.name}科学技术厅"
    b.add(f"关于省十四届人大第二次会议第{number}号建议的答复\n\n")
    b.add(f"{published.isoformat()} 15:34 {office}\n发布机构 {office} 发文日期 {published.isoformat()}\n\n")
    b.add(f"您提出的第{number}号《关于加快科技创新主体培育的建议》收悉。经认真研究,现将办理意见回复如下:\n\n")


def _bulletin_header(b: Builder, ctx: Context, rng: random.Random, number: int) -> None:
    published = dt.date(ctx.year + 1, rng.randint(2, 3), rng.randint(1, 28))
    b.add(f"{ctx.province.name}{ctx.year}年国民经济和社会发展统计公报\n\n")
    b.add(f"发布机构 {ctx.province.name}统计局 发文日期 {published.isoformat()} 索引号 {number}\n\n")
    b.add("八、科学技术和教育\n\n")


def document(index: int, seed: int = 0) -> Synthetic:
    """Document ``index`` of the corpus made with ``seed``: always the same text and gold."""
    rng = random.Random(seed * 1_000_003 + index)
    province, cities = rng.choice(_provinces())
    ctx = Context(province, cities, rng.randint(2016, 2024), bulletin=rng.random() < 0.3)
    b = Builder(region=province.name, year=ctx.year)
    number = 20240000 + index  # the proposal number keeps every document's bytes (and doc_id) distinct
    templates, fillers = (BULLETIN_TEMPLATES, BULLETIN_FILLERS) if ctx.bulletin else (REPLY_TEMPLATES, REPLY_FILLERS)
    if ctx.bulletin:
        _bulletin_header(b, ctx, rng, number)
    else:
        _reply_header(b, ctx, rng, number)
    for i, template in enumerate(rng.sample(templates, k=rng.randint(3, min(7, len(templates))))):
        b.add("" if ctx.bulletin else ORDINALS[i])
        template(b, ctx, rng)
        b.add(rng.choice(fillers) + "\n\n")
    if not ctx.bulletin:
        b.add(f"感谢您对科技工作的关心和支持。\n\n{province.name}科学技术厅\n")
    return Synthetic(f"synth_{index:07d}.txt", b.text, tuple(b.gold))


def nth_occurrence(text: str, quote: str, start: int) -> int:
    """Which occurrence of ``quote`` starts at ``start``, counted as SPEC section 3 counts them."""
    n = 0
    s = text.find(quote)
    while 0 <= s <= start:  # str.find rather than a regex per quote: compiling thousands of them dominates
        if not (quote[0].isdigit() and s > 0 and (text[s - 1].isdigit() or text[s - 1] == ".")):
            n += 1
            if s == start:
                return n
        s = text.find(quote, s + len(quote))  # non-overlapping, as regex.finditer in evaluate.locate
    raise ValueError(f"{quote!r} at {start} is not a countable occurrence")


def gold_rows(doc: Synthetic) -> Iterator[list[str]]:
    for g in doc.gold:
        yield [doc.name, g.quote, str(nth_occurrence(doc.text, g.quote, g.start)), g.kind, g.indicator, g.region,
               g.level, g.measure, f"{g.value.normalize():f}", g.unit, g.qualifier, str(g.year), g.status, g.scope,
               g.optional]


def generate(n: int, out_dir: str | Path, *, seed: int = 0,
             progress: Callable[[int, int], None] | None = None) -> tuple[Path, Path]:
    """Write documents 0…n-1 as UTF-8 text files into ``out_dir/docs`` and their gold into
    ``out_dir/gold.csv``; returns (docs directory, gold file). One document is held at a time,
    so memory does not grow with n.
    """
    out = Path(out_dir)
    docs = out / DOCS_DIR
    docs.mkdir(parents=True, exist_ok=True)
    gold_path = out / GOLD_NAME
    with open(gold_path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(GOLD_COLUMNS)
        for i in range(n):
            doc = document(i, seed)
            (docs / doc.name).write_text(doc.text, encoding="utf-8")
            writer.writerows(gold_rows(doc))
            if progress:
                progress(i + 1, n)
    return docs, gold_path
