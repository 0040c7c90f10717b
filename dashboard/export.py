"""Data and charts out: CSV (UTF-8 with BOM), Parquet, PNG, SVG, self-contained HTML, Vega-Lite JSON."""

from __future__ import annotations

import functools
import io
import json
from pathlib import Path

import altair as alt
import pandas as pd
import vl_convert

# Where Debian/Ubuntu (fonts-noto-cjk), Fedora and Arch put Noto CJK; the first with a CJK font wins.
FONT_DIRS = (
    "/usr/share/fonts/opentype/noto",
    "/usr/share/fonts/noto-cjk",
    "/usr/share/fonts/google-noto-cjk",
    "/usr/share/fonts/truetype/noto",
    "/usr/share/fonts/noto",
)
CHART_FORMATS = ("png", "svg", "html", "json")
MIME = {"png": "image/png", "svg": "image/svg+xml", "html": "text/html", "json": "application/json",
        "csv": "text/csv", "parquet": "application/vnd.apache.parquet"}


class FontMissing(RuntimeError):
    """No CJK font to draw Chinese text in PNG/SVG: every glyph would come out as a box."""


def find_cjk_font_dir(candidates: tuple[str, ...] = FONT_DIRS) -> Path:
    for directory in map(Path, candidates):
        if directory.is_dir() and any(directory.glob("*CJK*")):
            return directory
    raise FontMissing(
        f"No Chinese (CJK) font found in {', '.join(candidates)}; PNG and SVG export would show boxes "
        f"instead of Chinese. Install one with: sudo apt-get install fonts-noto-cjk"
    )


@functools.cache
def register_cjk_font() -> Path:
    """Make "Noto Sans CJK SC" available to vl-convert (once per process)."""
    directory = find_cjk_font_dir()
    vl_convert.register_font_directory(str(directory))
    return directory


def chart_bytes(chart: alt.TopLevelMixin | dict, fmt: str) -> bytes:
    """The chart (or its Vega-Lite spec) in one of CHART_FORMATS. HTML bundles the Vega libraries
    so it opens offline."""
    spec = chart if isinstance(chart, dict) else chart.to_dict()
    if fmt == "json":
        return json.dumps(spec, ensure_ascii=False, indent=2).encode("utf-8")
    if fmt == "html":
        return vl_convert.vegalite_to_html(spec, bundle=True).encode("utf-8")
    register_cjk_font()
    if fmt == "png":
        return vl_convert.vegalite_to_png(spec, scale=2)
    if fmt == "svg":
        return vl_convert.vegalite_to_svg(spec).encode("utf-8")
    raise ValueError(f"unknown chart format {fmt!r} (use one of {', '.join(CHART_FORMATS)})")


def table_bytes(frame: pd.DataFrame, fmt: str) -> bytes:
    """A claims frame as CSV (UTF-8 with BOM, so Excel reads the Chinese) or Parquet."""
    if fmt == "csv":
        return frame.to_csv(index=False).encode("utf-8-sig")
    if fmt == "parquet":
        buffer = io.BytesIO()
        frame.to_parquet(buffer, index=False)
        return buffer.getvalue()
    raise ValueError(f"unknown table format {fmt!r} (use csv or parquet)")


def write_chart(chart: alt.TopLevelMixin, path: str | Path) -> Path:
    """Write a chart, the format chosen by the file suffix."""
    path = Path(path)
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in CHART_FORMATS:
        raise ValueError(f"{path.name}: the output must end in .png, .svg, .html or .json")
    data = chart_bytes(chart, fmt)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path

