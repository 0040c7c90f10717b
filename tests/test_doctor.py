"""`zhibiao doctor`: one line per check with ok/missing and the fix; exit 1 only when a required part is
missing. Every lookup is replaced here, so the test passes on any machine."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from extractors import doctor
from extractors.cli import main

PYPROJECT = """
[project]
name = "zhibiao"
requires-python = ">=3.11"
dependencies = ["regex>=2024.0", "pypdf>=4"]

[project.optional-dependencies]
dashboard = ["streamlit>=1.40", "vl-convert-python>=1.6"]
dev = ["zhibiao[dashboard]", "playwright>=1.45"]
"""


@pytest.fixture
def machine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., None]:
    """A machine with everything, from which a case takes parts away."""
    (tmp_path / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    monkeypatch.setattr(doctor, "PYPROJECT", tmp_path / "pyproject.toml")

    def set_up(missing: set[str], python: tuple[int, int, int] = (3, 12, 1)) -> None:
        monkeypatch.setattr(doctor, "python_version", lambda: python)
        monkeypatch.setattr(doctor, "installed_version", lambda name: None if name in missing else "9.9")
        monkeypatch.setattr(doctor, "cjk_font", lambda: None if "font" in missing else "/fonts/noto")
        monkeypatch.setattr(doctor, "browser", lambda: None if "chromium" in missing else "/usr/bin/chromium")
    return set_up


# (case, what is missing, Python version, exit code, lines that must be printed)
CASES = [
    ("everything present", set(), (3, 12, 1), 0,
     ["ok       Python 3.12.1", "ok       regex 9.9", "ok       pypdf 9.9", "ok       streamlit 9.9",
      "ok       playwright 9.9", "ok       CJK font /fonts/noto", "ok       chromium /usr/bin/chromium",
      "everything required is present"]),
    ("a core dependency", {"pypdf"}, (3, 12, 1), 1,
     ["missing  pypdf (a core dependency); fix: ", "-m pip install 'pypdf>=4'", "1 required part(s) missing: pypdf"]),
    ("Python too old", set(), (3, 10, 4), 1,
     ["missing  Python (zhibiao needs Python >=3.11, this is 3.10.4); fix: install Python 3.11 or newer"]),
    ("a dashboard extra", {"streamlit"}, (3, 12, 1), 0,
     ["missing  streamlit (optional: part of zhibiao[dashboard]); fix: ", "-m pip install 'streamlit>=1.40'",
      "everything required is present; 1 optional part(s) missing"]),
    ("the test browser's driver", {"playwright"}, (3, 12, 1), 0, ["optional: part of zhibiao[dev]"]),
    ("the CJK font", {"font"}, (3, 12, 1), 0, ["missing  CJK font (optional: ", "fix: apt-get install fonts-noto-cjk"]),
    ("the browser", {"chromium"}, (3, 12, 1), 0,
     ["missing  chromium (optional: the dashboard's browser test); fix: apt-get install chromium chromium-driver"]),
]


@pytest.mark.parametrize(("case", "missing", "python", "code", "lines"), CASES, ids=[c[0] for c in CASES])
def test_doctor_says_what_is_missing_and_how_to_fix_it(machine: Callable[..., None], capsys: pytest.CaptureFixture, case: str,
                                                        missing: set[str], python: tuple[int, int, int], code: int,
                                                        lines: list[str]) -> None:
    machine(missing, python)
    assert main(["doctor"]) == code
    out = capsys.readouterr().out
    for line in lines:
        assert line in out, (line, out)
    checked = [line.split()[1] for line in out.splitlines()[:-1]]
    assert checked == ["Python", "regex", "pypdf", "streamlit", "vl-convert-python", "playwright", "CJK",
                       "chromium"]


# The installed package's metadata, used when there is no source tree (installed from a wheel).
@pytest.mark.parametrize(("requires", "expected"), [
    (["regex>=2024.0", 'streamlit>=1.40; extra == "dashboard"', 'zhibiao[dashboard]; extra == "dev"'],
     [("regex", "regex>=2024.0", ""), ("streamlit", "streamlit>=1.40", "dashboard")]),
    (["pypdf>=4 ; python_version >= '3.11'"], [("pypdf", "pypdf>=4", "")]),
    ([], []),
])
def test_requirements_come_from_metadata_without_a_source_tree(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                                requires: list[str], expected: list[tuple]) -> None:
    monkeypatch.setattr(doctor, "PYPROJECT", tmp_path / "absent.toml")
    monkeypatch.setattr(doctor.metadata, "requires", lambda name: requires)
    monkeypatch.setattr(doctor.metadata, "metadata", lambda name: {"Requires-Python": ">=3.11"})
    python, requirements = doctor.declared()
    assert python == ">=3.11"
    assert [(r.name, r.spec, r.extra) for r in requirements] == expected


@pytest.mark.parametrize(("listing", "found"), [
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc: Noto Sans CJK SC,Noto Sans CJK SC Regular\n",
     "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc: WenQuanYi Zen Hei\n", None),
    ("", None),
])
def test_fontconfig_listing_is_searched_for_noto_cjk(monkeypatch: pytest.MonkeyPatch, listing: str,
                                                     found: str | None) -> None:
    monkeypatch.setattr(doctor.subprocess, "run",
                        lambda *args, **kwargs: subprocess.CompletedProcess(args, 0, stdout=listing, stderr=""))
    assert doctor._fc_list_font() == found


def test_no_fontconfig_means_no_font_found(monkeypatch: pytest.MonkeyPatch) -> None:
    def absent(*args: object, **kwargs: object) -> None:
        raise FileNotFoundError("fc-list")

    monkeypatch.setattr(doctor.subprocess, "run", absent)
    assert doctor._fc_list_font() is None
