"""Chart builders (encodings, hollow targets, bound shapes, reversed ranks), exports and data loading."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pytest
from dashboard_fixtures import bundled, chart_rows, layer_filters, layers, make_claims

from dashboard import charts, data, export
from dashboard.charts import SHAPES
from dashboard.filters import Filters, apply
from extractors import write_table
from extractors.table import documents_path

TREND = make_claims(
    {"doc_id": "a", "year": 2020, "value": 10400, "qualifier": "exact"},
    {"doc_id": "b", "year": 2021, "value": 15000, "qualifier": "approx", "region": "武汉市"},
    {"doc_id": "b", "year": 2022, "value": 20000, "qualifier": "more_than"},
    {"doc_id": "c", "year": 2023, "value": 30000, "qualifier": "less_than"},
    {"doc_id": "c", "year": 2025, "value": 40000, "status": "target", "qualifier": "at_least"},
)


def trend_spec(claims: pd.DataFrame = TREND, **kwargs) -> dict:
    return charts.trend_chart(claims, **kwargs).to_dict()


@pytest.mark.parametrize(("channel", "field"), [
    ("x", "year"), ("y", "value"), ("color", "series"), ("detail", "line"),
])
def test_trend_encodings(channel, field):
    assert all(layer["encoding"][channel]["field"] == field for layer in layers(trend_spec()))


def test_trend_targets_are_hollow_and_dashed():
    spec = trend_spec()
    target_layers = [layer for layer in layers(spec) if any("target" in f for f in layer_filters(layer))]
    actual_layers = [layer for layer in layers(spec) if any("actual" in f for f in layer_filters(layer))]
    target_marks = {layer["mark"]["type"]: layer["mark"] for layer in target_layers}
    actual_marks = {layer["mark"]["type"]: layer["mark"] for layer in actual_layers}
    assert target_marks["point"]["filled"] is False and actual_marks["point"]["filled"] is True
    assert target_marks["line"]["strokeDash"] == charts.TARGET_DASH and "strokeDash" not in actual_marks["line"]


@pytest.mark.parametrize(("qualifier", "shape"), [
    ("exact", "circle"), ("approx", "diamond"), ("more_than", "triangle-up"), ("at_least", "triangle-up"),
    ("less_than", "triangle-down"), ("at_most", "triangle-down"), ("range", "square"),
])
def test_point_shape_follows_the_qualifier(qualifier, shape):
    spec = trend_spec(make_claims({"qualifier": qualifier}))
    point = next(layer for layer in layers(spec) if layer["mark"]["type"] == "point")
    scale = point["encoding"]["shape"]["scale"]
    label = chart_rows(spec)[0]["qualifier_label"]
    assert scale["range"][scale["domain"].index(label)] == shape


def test_lower_bounds_have_their_own_shape():
    assert len(set(SHAPES.values())) == len(SHAPES)
    assert SHAPES["lower"] not in (SHAPES["exact"], SHAPES["approx"], SHAPES["upper"])


@pytest.mark.parametrize(("lang", "title", "axis"), [("zh", "高新技术企业（按年份）", "年份"),
                                                     ("en", "High-tech enterprises by year", "Year")])
def test_trend_title_axis_and_source_note(lang, title, axis):
    spec = trend_spec(lang=lang)
    assert spec["title"]["text"] == title
    assert layers(spec)[0]["encoding"]["x"]["title"] == axis
    assert any("关于某建议的答复" in line for line in spec["title"]["subtitle"])
    assert spec["config"]["font"] == charts.FONT


@pytest.mark.parametrize(("series_by", "expected"), [("region", {"湖北省", "武汉市"}), ("level", {"（未注明）"})])
def test_trend_series(series_by, expected):
    assert {row["series"] for row in chart_rows(trend_spec(series_by=series_by))} == expected


def test_trend_tooltip_carries_quote_title_date_sentence():
    fields = {tip["field"] for tip in layers(trend_spec())[0]["encoding"]["tooltip"]}
    assert {"value_label", "text", "title", "published", "sentence"} <= fields


def test_trend_values_are_formatted_in_wan():
    assert {row["value_label"] for row in chart_rows(trend_spec())} >= {"1.04万家", "约1.5万家", "超过2万家"}


def test_several_units_get_their_own_panel():
    claims = make_claims({"value": 100}, {"value": 2.4e9, "indicator": "funding", "unit": "元", "kind": "amount"})
    spec = trend_spec(claims)
    assert spec["facet"]["row"]["field"] == "panel" and spec["resolve"]["scale"]["y"] == "independent"


def test_compare_chart_rings_conflicts():
    claims = make_claims({"doc_id": "a", "value": 100}, {"doc_id": "b", "value": 120, "title": "另一份文件"},
                         {"doc_id": "c", "value": 90, "year": 2020})
    spec = charts.compare_chart(claims, "high_tech_enterprises").to_dict()
    rows = chart_rows(spec)
    assert sorted(r["conflict"] for r in rows) == [False, True, True]
    ring = next(layer for layer in layers(spec) if any("conflict" in f for f in layer_filters(layer)))
    assert ring["mark"]["filled"] is False and ring["mark"]["color"] == charts.CONFLICT_COLOR
    assert layers(spec)[0]["encoding"]["y"]["field"] == "doc_label"


def test_rank_chart_has_one_at_the_top():
    claims = make_claims({"kind": "rank", "unit": "rank", "value": 7, "scope": "全国", "year": 2020},
                         {"kind": "rank", "unit": "rank", "value": 1, "scope": "中部", "year": 2020},
                         {"kind": "rank", "unit": "rank", "value": 5, "scope": "全国", "year": 2022})
    spec = charts.rank_chart(claims).to_dict()
    y = layers(spec)[0]["encoding"]["y"]
    assert y["scale"]["reverse"] is True and y["scale"]["domain"][0] == 1
    assert layers(spec)[0]["encoding"]["color"]["field"] == "scope_label"
    assert {r["scope_label"] for r in chart_rows(spec)} == {"全国", "中部"}


@pytest.mark.parametrize(("rows_of", "kinds"), [
    (charts.trend_rows, {"count"}), (charts.rank_rows, {"rank"}),
    (lambda c: charts.compare_rows(c, "high_tech_enterprises"), {"count"}),
])
def test_view_rows(rows_of, kinds):
    claims = make_claims({}, {"kind": "rank", "unit": "rank", "value": 3}, {"year": None})
    assert set(rows_of(claims)["kind"]) == kinds


@pytest.fixture(scope="module")
def bundled_chart():
    rows = charts.trend_rows(apply(bundled().claims, Filters(indicators=["incubators", "high_tech_enterprises"])))
    return charts.trend_chart(rows)


@pytest.mark.parametrize(("fmt", "check"), [
    ("png", lambda b: b.startswith(b"\x89PNG\r\n\x1a\n") and len(b) > 10_000),
    ("svg", lambda b: b.lstrip().startswith(b"<svg") and "按年份".encode() in b and "年份".encode() in b),
    ("html", lambda b: b"<html" in b.lower() and b'src="http' not in b and "按年份".encode() in b),
    ("json", lambda b: json.loads(b)["$schema"].startswith("https://vega.github.io/schema/vega-lite/")),
])
def test_chart_exports(bundled_chart, fmt, check):
    assert check(export.chart_bytes(bundled_chart, fmt))


@pytest.mark.parametrize("suffix", ["png", "svg", "html", "json"])
def test_write_chart(tmp_path, bundled_chart, suffix):
    assert export.write_chart(bundled_chart, tmp_path / f"c.{suffix}").stat().st_size > 100


def test_write_chart_refuses_other_suffixes(tmp_path, bundled_chart):
    with pytest.raises(ValueError, match="png, .svg"):
        export.write_chart(bundled_chart, tmp_path / "c.gif")


def test_missing_cjk_font_says_how_to_install_it(tmp_path):
    with pytest.raises(export.FontMissing, match="apt-get install fonts-noto-cjk"):
        export.find_cjk_font_dir((str(tmp_path),))


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_table_exports_round_trip(fmt):
    claims = bundled().claims
    raw = export.table_bytes(claims, fmt)
    if fmt == "csv":
        assert raw.startswith(b"\xef\xbb\xbf")
        back = pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig")
    else:
        back = pd.read_parquet(io.BytesIO(raw))
    assert list(back.columns) == list(claims.columns) and len(back) == len(claims)
    assert list(back["text"]) == list(claims["text"])


@pytest.mark.parametrize("suffix", [".csv", ".parquet", ".jsonl"])
def test_claims_tables_load_with_their_documents(tmp_path, suffix):
    ds = bundled()
    path = tmp_path / f"claims{suffix}"
    write_table(ds.claims, path)
    write_table(ds.documents, documents_path(path))
    loaded = data.load_paths([path])
    assert len(loaded.claims) == len(ds.claims) and len(loaded.documents) == len(ds.documents)
    assert str(loaded.claims["year"].dtype) == "Int64"
    doc = loaded.documents.set_index("doc_id")["text"]
    for row in loaded.claims.itertuples():
        assert doc[row.doc_id][row.start:row.end] == row.text


def test_claims_table_without_documents(tmp_path):
    path = tmp_path / "claims.csv"
    write_table(bundled().claims, path)
    loaded = data.load_paths([path])
    assert len(loaded.documents) == bundled().claims["doc_id"].nunique()
    assert set(loaded.documents["text"]) == {""}


@pytest.mark.parametrize(("header", "is_table"), [
    ("doc_id,source,title,indicator,value,start,end\n", True),
    ("title,published,content\n", False),  # an article as CSV: a document, not a claims table
])
def test_is_claims_table(tmp_path, header, is_table):
    path = tmp_path / "x.csv"
    path.write_text(header, encoding="utf-8-sig")
    assert data.is_claims_table(path) is is_table


CORPUS_FILE = next(iter(sorted(data.BUNDLED_CORPUS.glob("*.txt"))))


@pytest.mark.parametrize(("name", "payload", "reason"), [
    ("report.exe", b"x", "unsupported file type"),
    ("empty.txt", b"", "empty"),
    ("big.txt", b"x" * 2048, "over the"),
])
def test_uploads_are_refused_with_a_reason(monkeypatch, name, payload, reason):
    monkeypatch.setattr(data, "MAX_UPLOAD_BYTES", 1024)
    ds = data.load_uploads([(name, payload)])
    assert len(ds.documents) == 0 and reason in ds.failures[0][1] and ds.failures[0][0] == name


def test_too_many_uploads(monkeypatch):
    monkeypatch.setattr(data, "MAX_UPLOAD_FILES", 1)
    ds = data.load_uploads([("a.txt", CORPUS_FILE.read_bytes()), ("b.txt", b"more")])
    assert len(ds.documents) == 1 and "more than 1 files" in ds.failures[0][1]


def test_uploads_are_extracted_in_a_private_temporary_directory(tmp_path, monkeypatch):
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    ds = data.load_uploads([("../../etc/" + CORPUS_FILE.name, CORPUS_FILE.read_bytes()),
                            ("broken.pdf", b"not a pdf")], progress=lambda done, total: None)
    assert list(ds.documents["source"]) == [CORPUS_FILE.name]
    assert len(ds.claims) > 0 and set(ds.claims["source"]) == {CORPUS_FILE.name}
    assert [name for name, _ in ds.failures] == ["broken.pdf"]
    assert list(tmp_path.iterdir()) == []  # nothing left behind


@pytest.mark.parametrize(("name", "expected"), [
    ("a.txt", "a.txt"), ("../../etc/passwd.txt", "passwd.txt"), ("C:\\x\\y.docx", "y.docx"), (".hidden.md", "hidden.md"),
])
def test_safe_name(name, expected):
    assert data.safe_name(name) == expected


def test_merging_counts_a_document_once():
    ds = bundled()
    merged = ds.merged(bundled())
    assert len(merged.documents) == len(ds.documents) and len(merged.claims) == len(ds.claims)


@pytest.mark.parametrize(("argv", "environ", "expected"), [
    (["pytest", "-q"], {}, []),  # a test runner's arguments are not paths
    (["APP", "docs", "x.csv"], {}, ["docs", "x.csv"]),
    (["APP"], {data.PATHS_ENV: "a:b"}, ["a", "b"]),
])
def test_launch_paths(argv, environ, expected):
    app = str(Path(data.__file__).with_name("app.py"))
    argv = [app if a == "APP" else a for a in argv]
    assert data.launch_paths(argv, environ, app) == expected
