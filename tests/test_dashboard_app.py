"""Every page of the Streamlit app, run headless with AppTest on the bundled corpus."""

from __future__ import annotations

import json

import pyarrow as pa
import pytest
from dashboard_fixtures import APP
from streamlit.testing.v1 import AppTest

from dashboard.state import VIEWS


def run_app(query: dict | None = None, context: dict | None = None) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.query_params.update(query or {})
    at.context.update(context or {})
    return at.run()


def charts(at: AppTest) -> list[dict]:
    return [json.loads(el.proto.spec) for el in at.get("vega_lite_chart")]


def chart_data(at: AppTest, index: int = 0) -> list[dict]:
    """The rows Streamlit sends for a chart (it moves inline datasets into Arrow tables)."""
    el = at.get("vega_lite_chart")[index]
    return [row for ds in el.proto.datasets for row in pa.ipc.open_stream(ds.data.data).read_all().to_pylist()]


def table(at: AppTest, column: str):
    """The shown table that has ``column`` (Streamlit keeps no key on a display-only dataframe)."""
    return next(df.value for df in at.dataframe if column in df.value.columns)


def widget(at: AppTest, kind: str, key: str):
    return next(w for w in getattr(at, kind) if w.key == key)


@pytest.fixture(scope="module")
def default_app() -> AppTest:
    return run_app()


@pytest.fixture(scope="module", params=VIEWS)
def view_app(request: pytest.FixtureRequest) -> tuple[str, AppTest]:
    return request.param, run_app({"view": request.param})


def test_opens_on_the_bundled_corpus(default_app):
    at = default_app
    assert not at.exception
    assert "指标" in at.title[0].value
    assert len(at.tabs) == len(VIEWS)
    # Only the open tab is drawn: the trends chart, not the other views' charts and tables.
    assert [spec["title"]["text"] for spec in charts(at)] == [charts(at)[0]["title"]["text"]]
    assert "按年份" in charts(at)[0]["title"]["text"] and not at.dataframe
    assert at.query_params["indicator"]  # a default indicator was chosen and put in the URL


def test_every_view_draws_only_itself(view_app):
    view, at = view_app
    assert not at.exception
    titles = [spec["title"]["text"] for spec in charts(at)]
    expected = {"trends": ["按年份"], "compare": ["各文件的说法"], "rankings": ["排名"], "claims": [], "documents": []}
    assert len(titles) == len(expected[view]) and all(w in t for w, t in zip(expected[view], titles, strict=True))


@pytest.mark.parametrize(("view", "column", "min_rows"), [("claims", "原文", 1), ("documents", "发文机关", 5)])
def test_tables_exist(view, column, min_rows):
    assert len(table(run_app({"view": view}), column)) >= min_rows


def test_claims_page_shows_the_document_with_marks():
    excerpt, document = (el.proto.body for el in run_app({"view": "claims"}).get("html"))
    assert "zb-excerpt" in excerpt and "zb-selected" in excerpt
    assert document.count("<mark") >= 2 and "zb-selected" in document


@pytest.mark.parametrize(("view", "query"), [("trends", {}), ("compare", {}), ("rankings", {"indicator": ""})])
def test_every_chart_has_its_downloads(view, query):
    keys = {b.proto.id for b in run_app({"view": view, **query}).get("download_button")}
    for fmt in ("png", "svg", "html", "json", "csv", "parquet"):
        assert any(f"dl_{view}_{fmt}" in k for k in keys), (view, fmt)


@pytest.mark.parametrize(("query", "key", "value"), [
    ({}, "w_indicators", ["high_tech_enterprises"]),
    ({}, "w_indicators", ["incubators", "maker_spaces"]),
    ({"indicator": "incubators,maker_spaces"}, "w_regions", ["荆门市"]),
    ({"indicator": "high_tech_enterprises"}, "w_measures", ["total", "applied"]),
    ({"indicator": "high_tech_enterprises"}, "w_kinds", ["growth"]),
])
def test_a_filter_change_changes_the_chart(query, key, value):
    at = run_app(query)
    before = chart_data(at)
    widget(at, "multiselect", key).set_value(value).run()
    assert not at.exception
    after = chart_data(at)
    assert after != before
    column = {"w_indicators": "indicator", "w_regions": "region", "w_measures": "measure"}.get(key)
    if column:
        assert {row[column] for row in after} == set(value)


def test_search_narrows_the_claims_table():
    at = run_app({"indicator": "", "view": "claims"})
    before = len(table(at, "原文"))
    widget(at, "text_input", "w_search").input("孵化").run()
    assert 0 < len(table(at, "原文")) < before
    assert at.query_params["q"] == "孵化"


def test_language_toggle():
    at = run_app()
    widget(at, "toggle", "lang_en").set_value(True).run()
    assert not at.exception
    assert "dashboard" in at.title[0].value
    assert any("by year" in spec["title"]["text"] for spec in charts(at))
    assert at.query_params["lang"] == "en"


@pytest.mark.parametrize(("query", "check"), [
    ({"indicator": "high_tech_enterprises", "region": "湖北省", "lang": "en"},
     lambda at: widget(at, "multiselect", "w_regions").value == ["湖北省"] and "dashboard" in at.title[0].value),
    ({"indicator": "incubators,maker_spaces", "status": "actual,target"},
     lambda at: widget(at, "multiselect", "w_statuses").value == ["actual", "target"]),
    ({"indicator": "no_such_indicator", "from": "2099"}, lambda at: widget(at, "slider", "w_years").value
     == (2024, 2024)),
    ({"from": "2021", "to": "2022"}, lambda at: widget(at, "slider", "w_years").value == (2021, 2022)),
    ({"view": "rankings", "indicator": ""}, lambda at: any(s["title"]["text"].startswith("排名") for s in charts(at))),
])
def test_a_link_reopens_the_view(query, check):
    at = run_app(query)
    assert not at.exception
    assert check(at)


@pytest.mark.parametrize(("view", "title"), [("trends", "按年份"), ("compare", "各文件的说法"), ("rankings", "排名")])
def test_embed_shows_the_chart_only(view, title):
    at = run_app({"view": view, "indicator": "high_tech_enterprises"}, context={"is_embedded": True})
    assert not at.exception
    specs = charts(at)
    assert len(specs) == 1 and title in specs[0]["title"]["text"]
    assert len(at.sidebar.children) == 0 and len(at.tabs) == 0 and len(at.title) == 0


def test_every_tab_click_opens_its_tab_and_choices_survive_it():
    """Clicking tabs in turn shows each one (a tab bar that changed identity lost every other click), and
    the trends view's colour choice is still there after a visit to another tab."""
    at = run_app()
    widget(at, "radio", "color_by").set_value("level").run()
    seen = {}
    for view in ("claims", "rankings", "documents", "compare", "rankings", "trends"):
        at.session_state["tabs_zh"] = at.tabs[VIEWS.index(view)].label
        at = at.run()
        assert not at.exception
        seen[view] = (len(charts(at)), len(at.dataframe))
        assert at.query_params.get("view", "trends") == view
    assert seen == {"claims": (0, 1), "rankings": (1, 0), "documents": (0, 1), "compare": (1, 0), "trends": (1, 0)}
    assert widget(at, "radio", "color_by").value == "level"
