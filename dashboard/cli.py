"""`zhibiao dashboard` and `zhibiao chart` (argument parsing lives in extractors/cli.py)."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import threading
import webbrowser
from pathlib import Path

from . import charts, export
from .data import BUNDLED_CORPUS, PATHS_ENV, load_paths
from .filters import Filters, apply
from .i18n import indicator_label

APP = Path(__file__).with_name("app.py")


def run_dashboard(paths: list[str], port: int) -> int:
    """Start Streamlit on the dashboard, open a browser tab on it, and wait until it stops."""
    missing = [p for p in paths if not Path(p).exists()]
    if missing:
        print(f"zhibiao dashboard: no such file or directory: {', '.join(missing)}", file=sys.stderr)
        return 2
    env = dict(os.environ)
    # Absolute, because Streamlit may run the script from another working directory.
    env[PATHS_ENV] = os.pathsep.join(str(Path(p).resolve()) for p in paths)
    # Headless, because otherwise Streamlit's first run on a fresh machine stops to ask for an email
    # address; the browser tab is opened from here instead once the server has had time to start.
    cmd = [sys.executable, "-m", "streamlit", "run", str(APP), "--server.port", str(port),
           "--server.headless", "true", "--browser.gatherUsageStats", "false"]
    url = f"http://localhost:{port}"
    print(f"zhibiao dashboard: {url}", file=sys.stderr)
    threading.Timer(3.0, webbrowser.open_new_tab, args=(url,)).start()
    try:
        return subprocess.call(cmd, env=env)
    except KeyboardInterrupt:
        return 130


def run_chart(args: argparse.Namespace) -> int:
    """Render the Trends chart of one indicator to a file, as the dashboard draws it by default."""
    suffix = Path(args.output).suffix.lower().lstrip(".")
    if suffix not in export.CHART_FORMATS:
        print(f"zhibiao chart: {args.output}: the output must end in .png, .svg, .html or .json", file=sys.stderr)
        return 2
    dataset = load_paths(args.paths or [BUNDLED_CORPUS])
    for _, reason in dataset.failures:
        print(f"failed: {reason}", file=sys.stderr)
    known = sorted(set(dataset.claims["indicator"]))
    if args.indicator not in known:
        print(f"zhibiao chart: no claims for indicator {args.indicator!r}; indicators in these documents: "
              f"{', '.join(known) or 'none'}", file=sys.stderr)
        return 1
    filters = Filters(indicators=[args.indicator], regions=[args.region] if args.region else [],
                      year_from=args.year_from, year_to=args.year_to)
    rows = charts.trend_rows(apply(dataset.claims, filters))
    if rows.empty:
        print(f"zhibiao chart: no dated claims of {indicator_label(args.indicator)} match "
              f"(region={args.region or 'any'}, years={args.year_from or '…'}–{args.year_to or '…'})",
              file=sys.stderr)
        return 1
    try:
        path = export.write_chart(charts.trend_chart(rows), args.output)
    except export.FontMissing as exc:
        print(f"zhibiao chart: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {path} ({len(rows)} claims from {rows['doc_id'].nunique()} documents)", file=sys.stderr)
    return 0
