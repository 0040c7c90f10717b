"""Formatting, filters, URL state, conflicts and HTML escaping of the dashboard, without a browser."""

from __future__ import annotations

import math

import pytest
from dashboard_fixtures import bundled, make_claims

from dashboard import conflicts, filters, highlight
from dashboard.filters import Filters
from dashboard.i18n import code_label, compact_number, format_claim, format_value, indicator_label, t
from dashboard.state import ViewState
from dashboard.tables import claims_display, documents_display


@pytest.mark.parametrize(("value", "unit", "lang", "value_max", "expected"), [
    (2.4e9, "元", "zh", None, "24亿元"),
    (7.79e6, "元", "zh", None, "779万元"),
    (10400, "家", "zh", None, "1.04万家"),
    (3332, "家", "zh", None, "3332家"),
    (1.2e12, "元", "zh", None, "1.2万亿元"),
    (3e8, "元", "zh", 5e8, "3–5亿元"),
    (5e7, "元", "zh", 2e8, "5000万–2亿元"),
    (3e8, "元", "zh", 1.2e12, "3亿–1.2万亿元"),
    (7, "rank", "zh", None, "第7"),
    (7, "rank", "en", None, "No. 7"),
    (3.5, "%", "zh", None, "3.5%"),
    (0.5, "百分点", "zh", None, "0.5个百分点"),
    (2.5e5, "平方米", "zh", None, "25万平方米"),
    (-12000, "元", "zh", None, "-1.2万元"),
    (math.nan, "家", "zh", None, ""),
])
def test_format_value(value, unit, lang, value_max, expected):
    assert format_value(value, unit, lang, value_max) == expected


@pytest.mark.parametrize(("qualifier", "lang", "expected"), [
    ("exact", "zh", "24亿元"),
    ("approx", "zh", "约24亿元"),
    ("more_than", "zh", "超过24亿元"),
    ("at_most", "en", "at most 24亿元"),
])
def test_format_claim_reads_the_qualifier(qualifier, lang, expected):
    assert format_claim(2.4e9, "元", qualifier, lang) == expected


@pytest.mark.parametrize(("x", "expected"), [(9999, "9999"), (10000, "1万"), (123456789, "1.23亿"), (0.25, "0.25")])
def test_compact_number(x, expected):
    assert compact_number(x) == expected


@pytest.mark.parametrize(("key", "lang", "expected"), [
    ("high_tech_enterprises", "zh", "高新技术企业"),
    ("high_tech_enterprises", "en", "High-tech enterprises"),
    ("other", "zh", "其他"),
    ("other", "en", "Other"),
])
def test_indicator_label_comes_from_the_vocabulary(key, lang, expected):
    assert indicator_label(key, lang) == expected


@pytest.mark.parametrize(("column", "code", "lang", "expected"), [
    ("status", "target", "zh", "目标/计划"),
    ("measure", "new", "en", "new"),
    ("qualifier_group", "lower", "zh", "下限（超过/以上）"),
    ("status", "unheard_of", "zh", "unheard_of"),
])
def test_code_label(column, code, lang, expected):
    assert code_label(column, code, lang) == expected


def test_every_label_has_both_languages():
    for key in ("ui.app_title", "ui.tab_trends", "chart.source_note"):
        assert t(key, "zh") != t(key, "en")


FILTER_CLAIMS = make_claims(
    {"doc_id": "a", "region": "湖北省", "year": 2020, "subject": "高新技术企业", "sentence": "全省高新技术企业"},
    {"doc_id": "a", "region": "武汉市", "year": 2021, "indicator": "incubators", "subject": "孵化器",
     "sentence": "孵化器250家", "level": "国家级"},
    {"doc_id": "b", "region": "湖北省", "year": 2022, "status": "target"},
    {"doc_id": "b", "region": "", "year": None, "measure": "new"},
    {"doc_id": "c", "region": "湖北省", "year": 2023, "kind": "rank", "unit": "rank", "value": 7},
)


@pytest.mark.parametrize(("flt", "expected"), [
    (Filters(measures=[], statuses=[]), [0, 1, 2, 3, 4]),
    (Filters(), [0, 1, 4]),  # defaults: actual totals
    (Filters(indicators=["incubators"]), [1]),
    (Filters(regions=["湖北省"], statuses=[]), [0, 2, 4]),
    (Filters(regions=[""], measures=[], statuses=[]), [3]),  # "not stated" is a choice of its own
    (Filters(year_from=2021, statuses=[]), [1, 2, 4]),  # a year range drops undated claims
    (Filters(year_from=2021, year_to=2022, statuses=[]), [1, 2]),
    (Filters(levels=["国家级"]), [1]),
    (Filters(kinds=["rank"]), [4]),
    (Filters(docs=["b"], measures=[], statuses=[]), [2, 3]),
    (Filters(search="孵化"), [1]),
    (Filters(search="全省"), [0]),
    (Filters(statuses=["target"]), [2]),
])
def test_apply_filters(flt, expected):
    assert list(filters.apply(FILTER_CLAIMS, flt).index) == expected


@pytest.mark.parametrize("flt", [
    Filters(),
    Filters(indicators=["high_tech_enterprises", "incubators"], regions=["湖北省", ""], year_from=2020),
    Filters(measures=[], statuses=["actual", "target"], kinds=["count"], docs=["abc"], search="孵化器 250"),
    Filters(levels=["省级及以上"], year_to=2024),
])
def test_filters_round_trip_through_the_url(flt):
    assert Filters.from_query(flt.to_query()) == flt


@pytest.mark.parametrize(("query", "expected"), [
    ({}, ViewState()),
    ({"lang": "en", "view": "rankings", "color": "level"},
     ViewState(lang="en", view="rankings", color_by="level")),
    ({"lang": "fr", "view": "nonsense", "from": "abc"}, ViewState()),  # bad values fall back, never fail
    ({"indicator": "incubators", "cmp": "incubators"},
     ViewState(filters=Filters(indicators=["incubators"]), compare="incubators", indicators_given=True)),
])
def test_view_state_from_query(query, expected):
    assert ViewState.from_query(query) == expected


def test_view_state_round_trip():
    state = ViewState(filters=Filters(regions=["武汉市"]), lang="en", view="claims", compare="funding")
    assert ViewState.from_query(state.to_query()) == state


@pytest.mark.parametrize(("wanted", "expected"), [
    ((None, None), (2020, 2024)), ((2021, 2022), (2021, 2022)), ((2099, None), (2024, 2024)),
    ((1990, 2000), (2020, 2020)), ((2023, 2021), (2023, 2023)),
])
def test_clamp_years(wanted, expected):
    assert filters.clamp_years(wanted, (2020, 2024)) == expected


def test_default_indicator_prefers_the_longest_series():
    claims = make_claims({"year": 2020}, {"year": 2021}, {"indicator": "incubators", "year": 2021},
                         {"indicator": "other", "year": 2019}, {"indicator": "other", "year": 2018})
    assert filters.default_indicator(claims) == "high_tech_enterprises"
    assert filters.default_indicator(bundled().claims) in set(bundled().claims["indicator"]) - {"other"}


@pytest.mark.parametrize(("rows", "groups"), [
    ([{"doc_id": "a", "value": 100}, {"doc_id": "b", "value": 120}], 1),  # same key, different value
    ([{"doc_id": "a", "value": 100}, {"doc_id": "b", "value": 100}], 0),  # agreeing documents
    ([{"value": 100, "year": 2020}, {"value": 120, "year": 2021}], 0),  # different years
    ([{"value": 100, "level": "国家级"}, {"value": 120, "level": "省级"}], 0),  # different levels
    ([{"value": 100, "region": "湖北省"}, {"value": 120, "region": "武汉市"}], 0),
    ([{"value": 100, "measure": "total"}, {"value": 120, "measure": "new"}], 0),
    ([{"value": 100}, {"value": 7, "kind": "rank", "unit": "rank"}], 0),  # a count and its rank
    ([{"value": 100}, {"value": 120, "status": "target"}], 0),  # a fact and a plan
    ([{"value": 100, "indicator": "other"}, {"value": 120, "indicator": "other"}], 0),
    ([{"value": 100, "year": None}, {"value": 120, "year": None}], 0),
    ([{"value": 100}, {"value": 120}, {"value": 100, "year": 2020}, {"value": 90, "year": 2020}], 2),
])
def test_find_conflicts(rows, groups):
    found = conflicts.find_conflicts(make_claims(*rows))
    assert found["conflict"].nunique() == groups
    assert conflicts.conflict_mask(make_claims(*rows)).sum() == len(found)


XSS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    "</div><mark>fake</mark>",
]


@pytest.mark.parametrize("payload", XSS)
def test_highlight_escapes_document_text(payload):
    text = f"前言{payload}全省高新技术企业100家。{payload}"
    start = text.index("100家")
    out = highlight.highlight(text, [highlight.Span(start, start + 4, note=payload)])
    body = out.split("</style>", 1)[1]
    assert payload not in body
    assert "<script" not in body and "<img" not in body and "<svg" not in body
    assert body.count("<mark") == 1 and "<mark" in body and ">100家</mark>" in body


@pytest.mark.parametrize(("spans", "marked"), [
    ([(0, 2), (4, 6)], ["全省", "企业"]),
    ([(0, 4), (2, 6)], ["全省高新"]),  # overlapping: the first wins
    ([(4, 2), (-1, 2), (0, 99)], []),  # empty, negative, or outside the text: ignored
    ([(6, 10)], ["100家"]),
])
def test_highlight_marks_spans(spans, marked):
    text = "全省高新企业100家"
    out = highlight.highlight(text, [highlight.Span(s, e) for s, e in spans])
    found = [part.split("</mark>")[0].split(">", 1)[1] for part in out.split("<mark")[1:]]
    assert found == marked


def test_highlight_styles_the_selected_and_target_claims():
    rows = [{"start": 0, "end": 2, "status": "actual"}, {"start": 2, "end": 4, "status": "target"}]
    spans = highlight.spans_from_claims(rows, selected=0)
    assert [s.css for s in spans] == ["zb-selected", "zb-target"]


def test_tables_show_labels_not_codes():
    shown = claims_display(make_claims({"status": "target", "value": 2.4e9, "unit": "元", "qualifier": "approx"}),
                           "zh")
    assert shown.iloc[0]["状态"] == "目标/计划"
    assert shown.iloc[0]["数值"] == "约24亿元"
    docs = documents_display(bundled().documents, "en")
    noisy = docs[docs["Problems noticed"].str.contains("watermark")]
    assert len(docs) == 5 and len(noisy) >= 1


@pytest.mark.parametrize(("start", "width", "expected"), [
    (300, 5, "…aaaaa<mark>100家</mark>bbbbb…"),
    (0, 5, "<mark>100家</mark>bbbbb…"),
])
def test_excerpt_shows_the_claim_in_context(start, width, expected):
    text = "a" * start + "100家" + "b" * 300
    spans = [highlight.Span(start, start + 4), highlight.Span(start + 10, start + 12)]
    out = highlight.excerpt(text, spans, start, start + 4, width=width)
    assert out.split('<div class="zb-text zb-excerpt">')[1].removesuffix("</div>") == expected


@pytest.mark.parametrize("payload", XSS)
def test_excerpt_escapes_too(payload):
    text = payload + "100家" + payload
    out = highlight.excerpt(text, [highlight.Span(len(payload), len(payload) + 4)], len(payload), len(payload) + 4)
    assert payload not in out.split("</style>", 1)[1] and "<mark>100家</mark>" in out
