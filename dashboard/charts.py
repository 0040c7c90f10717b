"""Vega-Lite charts (Altair) of the claims table: trends, one indicator across documents, rankings.

Each builder takes the claims it should draw — the ``*_rows`` function of the view picks them from
the filtered table — so the data a user downloads is exactly the data behind the chart.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from extractors.claim import COLUMNS

from .conflicts import conflict_mask
from .i18n import (
    QUALIFIER_GROUP,
    axis_label_expr,
    blank_label,
    code_label,
    format_claim,
    format_value,
    indicator_label,
    t,
)

FONT = "Noto Sans CJK SC"  # also the font vl-convert registers for PNG/SVG export (export.py)
# A trend of more claims than a chart can draw one by one shows yearly medians of this many series.
MAX_SERIES = 10
SUMMARY_KEYS = ("indicator", "region", "level", "year", "status", "unit", "kind", "measure")
WIDTH = 640
HEIGHT = 320
MAX_SOURCES = 4
# Point shape says how exact a value is; a bound must never look like a point estimate.
SHAPES = {"exact": "circle", "approx": "diamond", "lower": "triangle-up", "upper": "triangle-down",
          "range": "square"}
TARGET_DASH = [6, 4]
# Charts embed their (already filtered) rows so that exported HTML and JSON are self-contained;
# a large corpus can pass Altair's default 5000-row guard.
alt.data_transformers.disable_max_rows()
CONFLICT_COLOR = "#d62728"


def trend_rows(claims: pd.DataFrame) -> pd.DataFrame:
    """Dated values other than ranks (ranks have their own view, with a reversed axis)."""
    return claims[(claims["kind"] != "rank") & claims["year"].notna()]


def compare_rows(claims: pd.DataFrame, indicator: str) -> pd.DataFrame:
    return claims[(claims["indicator"] == indicator) & (claims["kind"] != "rank")]


def rank_rows(claims: pd.DataFrame) -> pd.DataFrame:
    return claims[(claims["kind"] == "rank") & claims["year"].notna()]


def summary_claims(trend: pd.DataFrame, series_by: str, lang: str, max_series: int = MAX_SERIES) -> pd.DataFrame:
    """Yearly medians (rows of ``Store.trend`` over SUMMARY_KEYS) as claims the trend chart draws: one
    point per line and year, for the ``max_series`` regions (or levels) with the most claims. A median
    is marked approximate; its quote says how many claims it stands for and their range."""
    # A store made by an older zhibiao can hold NULLs where the claims in memory hold "".
    rows = trend[trend["kind"] != "rank"].fillna({key: "" for key in SUMMARY_KEYS if key != "year"})
    top = rows.groupby(series_by, sort=False)["claims"].sum().sort_values(ascending=False, kind="stable")
    rows = rows[rows[series_by].isin(top.index[:max_series])].reset_index(drop=True)
    out = pd.DataFrame({column: [""] * len(rows) for column in COLUMNS})
    for column in SUMMARY_KEYS:
        out[column] = rows[column]
    out["value"] = rows["value"].astype(float)
    out["value_max"] = float("nan")
    out["qualifier"] = "approx"
    out["doc_id"] = "summary"
    out["title"] = t("chart.summary_source", lang, n=f"{int(rows['claims'].sum()):,}")
    out["text"] = [t("chart.summary_point", lang, n=f"{n:,}", low=format_value(lo, u, lang), high=format_value(hi, u, lang))
                   for n, lo, hi, u in zip(rows["claims"], rows["value_min"], rows["value_max"], rows["unit"], strict=True)]
    return out


def _unit_label(unit: str, lang: str) -> str:
    if unit == "rank":
        return t("chart.rank", lang)
    return unit or t("chart.value", lang)


def _doc_label(title: str, published: str, source: str, lang: str) -> str:
    name = title or source or t("ui.no_title", lang)
    name = name if len(name) <= 26 else name[:25] + "…"
    return f"{name}（{published}）" if published else name


def _panels(claims: pd.DataFrame, lang: str) -> pd.Series:
    """One panel per indicator and kind of value, named with its units: 孵化器（个/家）. Counters
    written differently (个, 家) share a panel; a count and a growth rate never do."""
    key = claims["indicator_label"] + "|" + claims["kind"]
    units = claims.groupby(key)["unit"].agg(lambda u: "/".join(_unit_label(x, lang) for x in dict.fromkeys(u)))
    kind_word = _mapped(claims["kind"], lambda k: "" if k in ("count", "amount", "area")
                        else " · " + code_label("kind", k, lang))
    return claims["indicator_label"] + kind_word + "（" + key.map(units) + "）"


def _year_axis(data: pd.DataFrame, lang: str) -> alt.X:
    """Every year of the span, one slot each, including years no document reports: an ordinal axis
    with an explicit domain never prints half years or skips a year, whatever the renderer's ticks."""
    years = data["year"].dropna()
    domain = list(range(int(years.min()), int(years.max()) + 1)) if len(years) else []
    return alt.X("year:O", title=t("chart.year", lang), scale=alt.Scale(domain=domain),
                 axis=alt.Axis(labelAngle=0))


def _mapped(values: pd.Series, label) -> pd.Series:
    """``label`` of each value, computed once per distinct value: charts draw thousands of rows."""
    values = values.astype(object).fillna("")  # a missing region reads as a blank one
    distinct = pd.unique(values)
    return values.map(dict(zip(distinct, (label(v) for v in distinct), strict=True)))


def prepare(claims: pd.DataFrame, lang: str, series_by: str = "region") -> pd.DataFrame:
    """Claims with the label columns the charts encode and show in tooltips."""
    out = claims.copy()
    labels = _mapped(out["indicator"], lambda k: indicator_label(k, lang))
    out["indicator_label"] = labels.where((out["indicator"] != "other") | (out["subject"] == ""), out["subject"])
    out["panel"] = _panels(out, lang)
    out["series"] = _mapped(out[series_by], lambda v: blank_label(v, lang))
    out["qualifier_group"] = out["qualifier"].map(QUALIFIER_GROUP).fillna("exact")
    out["qualifier_label"] = _mapped(out["qualifier_group"], lambda g: code_label("qualifier_group", g, lang))
    out["status_label"] = _mapped(out["status"], lambda s: code_label("status", s, lang))
    out["scope_label"] = _mapped(out["scope"], lambda s: blank_label(s, lang))
    out["value_label"] = [
        format_claim(v, u, q, lang, m)
        for v, u, q, m in zip(out["value"], out["unit"], out["qualifier"], out["value_max"], strict=True)
    ]
    documents = pd.Series(list(zip(*(out[c].fillna("").astype(str) for c in ("title", "published", "source")),
                                   strict=True)), index=out.index, dtype=object)
    out["doc_label"] = _mapped(documents, lambda d: _doc_label(*d, lang))
    # One line per series and per level/measure/status: a national-level count and an all-levels
    # count of the same region are two series, not one zigzag.
    out["line"] = out["panel"] + "|" + out["series"] + "|" + out["level"] + "|" + out["measure"] + "|" \
        + out["status"] + "|" + out["scope"]
    # Plain ints (None when undated): Vega-Lite cannot read pandas' nullable Int64.
    out["year"] = [int(y) if pd.notna(y) else None for y in out["year"]]
    return out[["indicator", "indicator_label", "panel", "series", "line", "year", "value",
                "value_label", "unit", "qualifier_group", "qualifier_label", "status", "status_label",
                "scope_label", "level", "measure", "region", "doc_id", "doc_label", "source", "title", "published",
                "text", "sentence"]]


def source_lines(claims: pd.DataFrame, lang: str) -> list[str]:
    """The source note: the documents behind a chart, newest first."""
    docs = (claims[["doc_id", "title", "source", "published"]].drop_duplicates("doc_id")
            .sort_values("published", ascending=False, kind="stable"))
    names = [ti or s for ti, s in zip(docs["title"], docs["source"], strict=True)]
    shown = names[:MAX_SOURCES]
    if not shown:
        return []
    first = t("chart.source_note", lang, docs=shown[0])
    # Later titles line up under the first one, after "来源：" / "Sources: ".
    indent = ("\u3000" if lang == "zh" else " ") * (len(first) - len(shown[0]))
    lines = [first] + [indent + name for name in shown[1:]]
    if len(names) > MAX_SOURCES:
        lines.append(t("chart.more_docs", lang, n=len(names) - MAX_SOURCES))
    return lines


def _shape_scale(lang: str) -> alt.Scale:
    return alt.Scale(domain=[code_label("qualifier_group", g, lang) for g in SHAPES],
                     range=list(SHAPES.values()))


def _tooltip(lang: str, extra: list[alt.Tooltip] | None = None) -> list[alt.Tooltip]:
    return [
        alt.Tooltip("value_label:N", title=t("chart.value", lang)),
        alt.Tooltip("indicator_label:N", title=t("ui.indicator", lang)),
        alt.Tooltip("series:N", title=t("chart.series", lang)),
        alt.Tooltip("year:Q", title=t("chart.year", lang), format="d"),
        alt.Tooltip("qualifier_label:N", title=t("chart.qualifier", lang)),
        alt.Tooltip("status_label:N", title=t("chart.status", lang)),
        *(extra or []),
        alt.Tooltip("text:N", title=t("chart.quote", lang)),
        alt.Tooltip("title:N", title=t("chart.title", lang)),
        alt.Tooltip("published:N", title=t("chart.published", lang)),
        alt.Tooltip("sentence:N", title=t("chart.sentence", lang)),
    ]


def _points(base: alt.Chart, lang: str, status: str) -> alt.Chart:
    """Facts filled; targets hollow, so a plan never reads as an outcome."""
    target = status == "target"
    return (base.transform_filter(alt.datum.status == status)
            .mark_point(filled=not target, size=90, strokeWidth=2, opacity=1)
            .encode(shape=alt.Shape("qualifier_label:N", scale=_shape_scale(lang),
                                    title=t("chart.qualifier", lang))))


def _finish(chart: alt.TopLevelMixin, title: str, claims: pd.DataFrame, lang: str,
            hint: str = "") -> alt.TopLevelMixin:
    subtitle = ([hint] if hint else []) + source_lines(claims, lang)
    # One configure call: every chained call copies the whole chart, and Altair's copies are slow.
    return (chart.properties(title=alt.TitleParams(text=title, subtitle=subtitle, anchor="start"))
            .configure(font=FONT,
                       title=alt.TitleConfig(font=FONT, subtitleFont=FONT, fontSize=16, subtitleColor="#555"),
                       axis=alt.AxisConfig(labelFont=FONT, titleFont=FONT),
                       legend=alt.LegendConfig(labelFont=FONT, titleFont=FONT, orient="bottom", columns=4),
                       header=alt.HeaderConfig(labelFont=FONT, titleFont=FONT, labelAngle=0, labelAlign="left",
                                               labelAnchor="start", labelFontSize=13)))


def _compose(data: pd.DataFrame, *charts: alt.Chart, resolve: tuple[str, ...] = ("y",),
             panel_height: int = HEIGHT * 2 // 3) -> alt.TopLevelMixin:
    """Layers over ``data``; one panel per indicator-and-unit when there are several, each panel with
    its own scale (家 and 元 never share an axis)."""
    if data["panel"].nunique() <= 1:
        # fit-x: stretch to the page's width but keep the plot's height; "fit" (Streamlit's default)
        # would squeeze the plot to make room for the title, source note and legend.
        return alt.layer(*charts, data=data).properties(
            width=WIDTH, height=HEIGHT, autosize=alt.AutoSizeParams(type="fit-x", contains="padding"))
    faceted = (alt.layer(*charts).properties(width=WIDTH, height=panel_height)
               .facet(row=alt.Row("panel:N", title=None, header=alt.Header(labelOrient="top")), data=data))
    return faceted.resolve_scale(**dict.fromkeys(resolve, "independent")) if resolve else faceted


def trend_chart(claims: pd.DataFrame, lang: str = "zh", series_by: str = "region") -> alt.TopLevelMixin:
    """Indicator(s) over the years: a line per region (or level), shape = qualifier, targets hollow/dashed."""
    data = prepare(trend_rows(claims), lang, series_by)
    single = data["panel"].nunique() <= 1
    y_title = data["panel"].iloc[0] if single and len(data) else t("chart.value", lang)
    base = alt.Chart().encode(
        x=_year_axis(data, lang),
        y=alt.Y("value:Q", title=y_title, axis=alt.Axis(labelExpr=axis_label_expr())),
        color=alt.Color("series:N", title=t(f"ui.{series_by}", lang)),
        detail="line:N",
        tooltip=_tooltip(lang),
    )
    chart = _compose(
        data,
        base.transform_filter(alt.datum.status == "actual").mark_line(strokeWidth=2),
        base.transform_filter(alt.datum.status == "target").mark_line(strokeWidth=2, strokeDash=TARGET_DASH),
        _points(base, lang, "actual"),
        _points(base, lang, "target"),
    )
    labels = "、".join(dict.fromkeys(data["indicator_label"])) if len(data) else ""
    hint = {"zh": "实心/实线 = 实际；空心/虚线 = 目标或计划；形状 = 确数、约数、下限、上限",
            "en": "filled/solid = actual; hollow/dashed = target or plan; shape = exact, approx, bounds"}[lang]
    return _finish(chart, t("chart.trends_title", lang, indicator=labels), data, lang, hint)


def compare_chart(claims: pd.DataFrame, indicator: str, lang: str = "zh") -> alt.TopLevelMixin:
    """One indicator as each document reports it; conflicting values ringed in red."""
    rows = compare_rows(claims, indicator)
    data = prepare(rows, lang).assign(conflict=conflict_mask(rows).to_numpy())
    data["year_label"] = [str(int(y)) if pd.notna(y) else blank_label("", lang) for y in data["year"]]
    single = data["panel"].nunique() <= 1
    x_title = data["panel"].iloc[0] if single and len(data) else t("chart.value", lang)
    base = alt.Chart().encode(
        x=alt.X("value:Q", title=x_title, axis=alt.Axis(labelExpr=axis_label_expr())),
        y=alt.Y("doc_label:N", title=None, sort=alt.SortField("published", "descending"),
                axis=alt.Axis(labelLimit=320)),
        color=alt.Color("year_label:N", title=t("chart.year", lang)),
        tooltip=_tooltip(lang, [alt.Tooltip("conflict:N", title=t("chart.conflict", lang))]),
    )
    rings = (base.transform_filter(alt.datum.conflict)
             .mark_point(shape="circle", size=420, filled=False, strokeWidth=2, color=CONFLICT_COLOR))
    chart = _compose(data, rings, _points(base, lang, "actual"), _points(base, lang, "target"),
                     resolve=("x", "y"))
    hint = {"zh": "红圈 = 同一指标、地区、级别、口径、年份却数值不同；空心 = 目标或计划",
            "en": "red ring = same indicator, region, level, measure and year with a different value; "
                  "hollow = target"}[lang]
    return _finish(chart, t("chart.compare_title", lang, indicator=indicator_label(indicator, lang)), data, lang, hint)


def rank_chart(claims: pd.DataFrame, lang: str = "zh") -> alt.TopLevelMixin:
    """Ranks over time, 1 at the top, one colour per scope (全国/中部/全省 …)."""
    data = prepare(rank_rows(claims), lang)
    data["panel"] = data["indicator_label"] + " · " + data["series"]
    worst = int(data["value"].max()) if len(data) else 1
    base = alt.Chart().encode(
        x=_year_axis(data, lang),
        y=alt.Y("value:Q", title=t("chart.rank", lang),
                scale=alt.Scale(reverse=True, zero=False, domain=[1, worst], nice=False),
                axis=alt.Axis(format="d", values=list(range(1, worst + 1)) if worst <= 12 else alt.Undefined)),
        color=alt.Color("scope_label:N", title=t("chart.scope", lang)),
        detail="line:N",
        tooltip=_tooltip(lang, [alt.Tooltip("scope_label:N", title=t("chart.scope", lang))]),
    )
    chart = _compose(
        data,
        base.mark_line(strokeWidth=2),
        base.mark_point(filled=True, size=90),
        base.mark_text(dx=10, align="left", fontSize=12).encode(text="value_label:N"),
        resolve=(),  # one rank axis for all panels: 第3 sits at the same height everywhere
        panel_height=HEIGHT // 2,
    )
    return _finish(chart, t("chart.rankings_title", lang), data, lang)
