"""The ``zhibiao`` command: extract, evaluate, dashboard, chart."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from tqdm import tqdm

from . import __version__


def _cmd_extract(args: argparse.Namespace) -> int:
    from .table import documents_path, extract_paths, write_table

    bar = tqdm(total=0, unit="file", disable=args.quiet or None, file=sys.stderr, leave=False)

    def progress(done: int, total: int) -> None:
        bar.total = total
        bar.n = done
        bar.refresh()

    workers = args.workers or os.cpu_count() or 1
    batch = extract_paths(args.paths, workers=workers, progress=progress)
    bar.close()
    out = Path(args.output)
    if len(batch.documents):
        write_table(batch.claims, out)
        write_table(batch.documents, documents_path(out))
    print(f"read {len(batch.documents)} documents, found {len(batch.claims)} claims"
          + (f", wrote {out}" if len(batch.documents) else ""), file=sys.stderr)
    for _path, reason in batch.failures:
        print(f"failed: {reason}", file=sys.stderr)
    return 0 if len(batch.documents) else 1


def _cmd_evaluate(args: argparse.Namespace) -> int:
    from .evaluate import format_report, score

    report = score(args.gold, args.corpus, args.claims)
    print(format_report(report, limit=args.limit))
    return 0


def _cmd_dashboard(args: argparse.Namespace) -> int:
    from dashboard.cli import run_dashboard

    return run_dashboard(args.paths, port=args.port)


def _cmd_chart(args: argparse.Namespace) -> int:
    from dashboard.cli import run_chart

    return run_chart(args)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="zhibiao", description="Numeric claims out of Chinese government documents.")
    parser.add_argument("--version", action="version", version=f"zhibiao {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("extract", help="extract claims from documents into a table")
    p.add_argument("paths", nargs="+", help="files or directories (walked recursively)")
    p.add_argument("-o", "--output", required=True, help="claims table: .csv (UTF-8 with BOM), .parquet or .jsonl")
    p.add_argument("--workers", type=int, default=0, help="processes (default: all cores)")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=_cmd_extract)

    p = sub.add_parser("evaluate", help="score a claims table against gold (SPEC section 3)")
    p.add_argument("gold")
    p.add_argument("corpus")
    p.add_argument("claims")
    p.add_argument("--limit", type=int, default=60, help="how many missed/spurious claims to list")
    p.set_defaults(func=_cmd_evaluate)

    p = sub.add_parser("dashboard", help="open the dashboard (default: the bundled corpus)")
    p.add_argument("paths", nargs="*", help="documents, directories or a claims table")
    p.add_argument("--port", type=int, default=8501)
    p.set_defaults(func=_cmd_dashboard)

    p = sub.add_parser("chart", help="render a chart to PNG, SVG, HTML or Vega-Lite JSON")
    p.add_argument("paths", nargs="*", help="documents, directories or a claims table (default: bundled corpus)")
    p.add_argument("--indicator", required=True)
    p.add_argument("--region")
    p.add_argument("--from", dest="year_from", type=int)
    p.add_argument("--to", dest="year_to", type=int)
    p.add_argument("-o", "--output", required=True)
    p.set_defaults(func=_cmd_chart)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
