"""``zhibiao doctor``: what this installation has and lacks, and the command that fixes each gap.

Required: the Python version and the core dependencies; without them zhibiao does not run.
Optional, only warned about: the extras (dashboard, dev), a CJK font for PNG/SVG chart export,
and the browser the dashboard test drives.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import TextIO

BROWSER = Path("/usr/bin/chromium")  # the path tests/test_dashboard_browser.py drives
CJK_FONT_FAMILY = "Noto Sans CJK"
# The source tree's pyproject.toml is the truth when there is one: an editable install's
# metadata keeps the dependencies of the day it was installed.
PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"


@dataclass(frozen=True)
class Requirement:
    name: str  # distribution name
    spec: str  # as written in pyproject.toml, e.g. streamlit>=1.40
    extra: str  # "" for a core dependency


@dataclass(frozen=True)
class Check:
    name: str
    found: str | None  # version or path when present
    required: bool
    purpose: str
    fix: str

    @property
    def ok(self) -> bool:
        return self.found is not None

    def line(self) -> str:
        if self.ok:
            return f"ok       {self.name} {self.found}"
        need = self.purpose if self.required else f"optional: {self.purpose}"
        return f"missing  {self.name} ({need}); fix: {self.fix}"


def _requirement(spec: str, extra: str) -> Requirement:
    spec = spec.split(";")[0].strip()
    name = re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", spec)
    return Requirement(name.group() if name else spec, spec, extra)


def declared() -> tuple[str, list[Requirement]]:
    """The Python version zhibiao needs and its requirements (core and per extra), from the source
    tree's pyproject.toml, else from the installed package's metadata."""
    if PYPROJECT.is_file():
        project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
        specs = [(spec, "") for spec in project.get("dependencies", [])]
        specs += [(spec, extra) for extra, group in project.get("optional-dependencies", {}).items() for spec in group]
        python = project.get("requires-python", "")
    else:
        try:
            meta = metadata.metadata("zhibiao")
            raw = metadata.requires("zhibiao") or []
        except metadata.PackageNotFoundError:
            return "", []
        specs = [(spec, m.group(1) if (m := re.search(r"extra\s*==\s*['\"]([^'\"]+)", spec)) else "") for spec in raw]
        python = meta.get("Requires-Python", "")
    requirements = [_requirement(spec, extra) for spec, extra in specs]
    return python, [r for r in requirements if r.name.lower() != "zhibiao"]  # the dev extra names zhibiao[dashboard]


def python_version() -> tuple[int, int, int]:
    return sys.version_info[:3]


def installed_version(distribution: str) -> str | None:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return None


def _fc_list_font() -> str | None:
    try:
        listing = subprocess.run(["fc-list", ":lang=zh", "file", "family"], capture_output=True, text=True,
                                 timeout=60, check=False).stdout
    except (OSError, subprocess.TimeoutExpired):
        return None
    return next((line.split(":")[0] for line in listing.splitlines() if CJK_FONT_FAMILY in line), None)


def cjk_font() -> str | None:
    """Where PNG/SVG export finds its Chinese font: the directories the dashboard's exporter scans
    when the dashboard extra is installed, else any Noto Sans CJK that fontconfig knows."""
    try:
        from dashboard.export import FontMissing, find_cjk_font_dir
    except ImportError:
        return _fc_list_font()
    try:
        return str(find_cjk_font_dir())
    except FontMissing:
        return None


def browser() -> str | None:
    return str(BROWSER) if BROWSER.exists() else None


def _python_check(needed: str) -> Check:
    version = python_version()
    floor = re.search(r">=\s*(\d+)\.(\d+)", needed)
    enough = floor is None or version[:2] >= (int(floor.group(1)), int(floor.group(2)))
    shown = ".".join(map(str, version))
    return Check("Python", shown if enough else None, True, f"zhibiao needs Python {needed}, this is {shown}",
                 f"install Python {needed.lstrip('>=')} or newer and make the virtual environment with it")


def _package_check(req: Requirement) -> Check:
    purpose = "a core dependency" if not req.extra else f"part of zhibiao[{req.extra}]"
    return Check(req.name, installed_version(req.name), not req.extra, purpose,
                 f"{sys.executable} -m pip install '{req.spec}'")


def checks() -> list[Check]:
    python, requirements = declared()
    return [
        _python_check(python),
        *(_package_check(req) for req in requirements),
        Check("CJK font", cjk_font(), False, "PNG/SVG chart export would draw Chinese as boxes",
              "apt-get install fonts-noto-cjk"),
        Check("chromium", browser(), False, "the dashboard's browser test", "apt-get install chromium chromium-driver"),
    ]


def run(out: TextIO | None = None) -> int:
    """Print one line per check (to stdout by default); 0 when everything required is present, else 1."""
    out = out or sys.stdout
    results = checks()
    for check in results:
        print(check.line(), file=out)
    missing = [c.name for c in results if c.required and not c.ok]
    optional = sum(1 for c in results if not c.required and not c.ok)
    if missing:
        print(f"{len(missing)} required part(s) missing: {', '.join(missing)}", file=out)
    else:
        print("everything required is present" + (f"; {optional} optional part(s) missing" if optional else ""),
              file=out)
    return 1 if missing else 0
