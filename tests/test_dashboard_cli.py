"""`zhibiao chart` and `zhibiao dashboard` (dashboard/cli.py)."""

from __future__ import annotations

import argparse
import json

import pytest
from dashboard_fixtures import APP

from dashboard import cli
from dashboard.data import BUNDLED_CORPUS, PATHS_ENV
from extractors.cli import main


def chart_args(output, indicator="high_tech_enterprises", **kw) -> argparse.Namespace:
    values = {"paths": [], "indicator": indicator, "region": None, "year_from": None, "year_to": None}
    return argparse.Namespace(**{**values, **kw, "output": str(output)})


@pytest.mark.parametrize(("suffix", "magic"), [
    ("png", b"\x89PNG"), ("svg", b"<svg"), ("html", b"<!DOCTYPE html>"), ("json", b"{"),
])
def test_chart_writes_each_format(tmp_path, suffix, magic):
    out = tmp_path / f"chart.{suffix}"
    assert cli.run_chart(chart_args(out)) == 0
    assert out.read_bytes().lstrip().startswith(magic)


@pytest.mark.parametrize(("kw", "years", "regions"), [
    ({}, {2020, 2023}, {"湖北省"}),
    ({"year_from": 2021}, {2023}, {"湖北省"}),
    ({"indicator": "incubators", "region": "荆门市"}, {2022}, {"荆门市"}),
])
def test_chart_applies_the_filters(tmp_path, kw, years, regions):
    out = tmp_path / "chart.json"
    assert cli.run_chart(chart_args(out, **kw)) == 0
    rows = [row for values in json.loads(out.read_text(encoding="utf-8"))["datasets"].values() for row in values]
    assert {row["year"] for row in rows} == years and {row["region"] for row in rows} == regions


@pytest.mark.parametrize(("kw", "output", "code", "message"), [
    ({"indicator": "no_such_thing"}, "c.png", 1, "no claims for indicator"),
    ({"year_from": 2090}, "c.png", 1, "no dated claims"),
    ({}, "c.gif", 2, "must end in"),
])
def test_chart_errors(tmp_path, capsys, kw, output, code, message):
    assert cli.run_chart(chart_args(tmp_path / output, **kw)) == code
    assert message in capsys.readouterr().err
    assert not (tmp_path / output).exists()


def test_zhibiao_chart_command(tmp_path):
    out = tmp_path / "hte.svg"
    assert main(["chart", str(BUNDLED_CORPUS), "--indicator", "high_tech_enterprises", "--from", "2020",
                 "-o", str(out)]) == 0
    assert "高新技术企业（按年份）" in out.read_text(encoding="utf-8")


class _Timer:
    scheduled: list = []

    def __init__(self, delay, fn, args):
        _Timer.scheduled.append((fn, args))

    def start(self):
        pass


def test_dashboard_starts_streamlit_with_the_paths(monkeypatch, tmp_path):
    calls = []
    monkeypatch.setattr(cli.subprocess, "call", lambda cmd, env: calls.append((cmd, env)) or 0)
    monkeypatch.setattr(cli.threading, "Timer", _Timer)
    assert cli.run_dashboard([str(tmp_path)], port=8600) == 0
    cmd, env = calls[0]
    assert cmd[1:5] == ["-m", "streamlit", "run", str(APP)] and "8600" in cmd
    # Headless: a fresh machine's first Streamlit run would otherwise stop to ask for an email address.
    assert cmd[cmd.index("--server.headless") + 1] == "true"
    assert env[PATHS_ENV] == str(tmp_path.resolve())
    assert _Timer.scheduled == [(cli.webbrowser.open_new_tab, ("http://localhost:8600",))]


def test_dashboard_refuses_missing_paths(capsys, tmp_path):
    assert cli.run_dashboard([str(tmp_path / "nope")], port=8600) == 2
    assert "no such file" in capsys.readouterr().err
