"""The ``zhibiao`` command: extract, evaluate, doctor, dashboard, chart."""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections import Counter
from pathlib import Path

from tqdm import tqdm

from . import __version__
from .loading import DEFAULT_MAX_BYTES
from .table import DEFAULT_TIMEOUT, Batch, check_table_path, documents_path, extract_paths, write_tables


def _byte_size(text: str) -> int:
    """A size in bytes, with an optional K, M or G suffix (binary multiples): 52428800, 50M, 2G."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kmg]?)i?b?\s*", text.lower())
    if match is None:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (use bytes, or a number with K, M or G)")
    return int(float(match.group(1)) * 1024 ** " kmg".index(match.group(2) or " "))


def _table_path(text: str) -> Path:
    try:
        return check_table_path(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


def _print_summary(batch: Batch, wrote: Path | None) -> None:
    counts = Counter(s.status for s in batch.statuses)
    print(f"read {len(batch.statuses)} documents (ok {counts['ok']}, skipped {counts['skipped']}, "
          f"failed {counts['failed']}), found {len(batch.claims)} claims"
          + (f", wrote {wrote}" if wrote else ""), file=sys.stderr)
    for status in batch.statuses:
        if status.status != "ok":
            print(f"{status.status}: {status.reason}", file=sys.stderr)


def _cmd_extract_dask(args: argparse.Namespace) -> int:
    from .distributed import FAILURES_NAME, extract_with_dask

    total = extract_with_dask(args.paths, args.scheduler, args.output)
    failures = (args.output / FAILURES_NAME).read_text(encoding="utf-8").splitlines()
    print(f"found {total} claims, wrote {args.output}/claims/ and {args.output}/documents/", file=sys.stderr)
    for line in failures:
        print(f"not read: {line.split(chr(9), 1)[-1]}", file=sys.stderr)
    return 0


def _cmd_extract(args: argparse.Namespace) -> int:
    if args.engine == "dask":
        return _cmd_extract_dask(args)
    try:
        check_table_path(args.output)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    bar = tqdm(total=0, unit="file", disable=args.quiet or None, file=sys.stderr, leave=False)

    def progress(done: int, total: int) -> None:
        bar.total = total
        bar.n = done
        bar.refresh()

    out: Path = args.output
    workers = args.workers or os.cpu_count() or 1
    own_output = [out, documents_path(out)] + ([args.report] if args.report else [])
    batch = extract_paths(args.paths, workers=workers, progress=progress, max_bytes=args.max_bytes,
                          timeout=args.timeout, exclude=own_output)
    bar.close()
    read = len(batch.documents) > 0
    try:
        if read:
            write_tables((batch.claims, out), (batch.documents, documents_path(out)))
        if args.report:
            write_tables((batch.status_frame(), args.report))
    except OSError as exc:
        _print_summary(batch, None)
        print(f"error: could not write {exc.filename or out}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    _print_summary(batch, out if read else None)
    return 0 if read else 1


def _cmd_ingest(args: argparse.Namespace) -> int:
    from .store import Store

    bar = tqdm(unit="file", disable=args.quiet or None, file=sys.stderr, leave=False)
    with Store(args.store) as store:
        report = store.ingest(args.paths, workers=args.workers or os.cpu_count() or 1, progress=bar.update)
    bar.close()
    print(f"read {report.documents} documents: {report.added} new, {report.replaced} re-extracted, "
          f"{report.skipped} unchanged; wrote {report.claims} claims to {args.store}", file=sys.stderr)
    for _path, reason in report.failures:
        print(f"not read: {reason}", file=sys.stderr)
    return 0 if report.documents else 1


def _cmd_synth(args: argparse.Namespace) -> int:
    from .synth import generate

    bar = tqdm(total=args.n, unit="doc", disable=args.quiet or None, file=sys.stderr, leave=False)
    docs, gold = generate(args.n, args.out_dir, seed=args.seed, progress=lambda done, _total: bar.update(1))
    bar.close()
    print(f"wrote {args.n} documents to {docs} and their gold to {gold}", file=sys.stderr)
    return 0


def _cmd_doctor(args: argparse.Namespace) -> int:
    from .doctor import run

    return run()


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
    p.add_argument("-o", "--output", required=True, type=Path,
                   help="claims table: .csv (UTF-8 with BOM), .parquet or .jsonl; with --engine dask, a directory")
    p.add_argument("--engine", choices=("local", "dask"), default="local",
                   help="local: processes of this machine; dask: a Dask cluster (see --scheduler)")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="Dask scheduler, e.g. tcp://host:8786 (default: a local cluster of this machine's cores)")
    p.add_argument("--workers", type=int, default=0, help="processes (default: all cores)")
    p.add_argument("--max-bytes", type=_byte_size, default=DEFAULT_MAX_BYTES, metavar="SIZE",
                   help=f"skip files larger than this (default {DEFAULT_MAX_BYTES // 2**20}M; K, M, G suffixes)")
    p.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, metavar="SECONDS",
                   help=f"give up on a file that takes longer to read, or a document to extract "
                        f"(default {DEFAULT_TIMEOUT:g}; 0: no limit)")
    p.add_argument("--report", type=_table_path, metavar="FILE",
                   help="also write every input's status (ok, skipped, failed), reason and claim count: .csv, .parquet, .jsonl")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=_cmd_extract)

    p = sub.add_parser("ingest", help="add documents to a claims store (only new or changed documents are read)")
    p.add_argument("paths", nargs="+", help="files or directories (walked recursively)")
    p.add_argument("--store", required=True, type=Path, help="the store's directory (created if missing)")
    p.add_argument("--workers", type=int, default=0, help="processes (default: all cores)")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=_cmd_ingest)

    p = sub.add_parser("synth", help="write N synthetic documents and their gold (for tests and benchmarks)")
    p.add_argument("n", type=int)
    p.add_argument("out_dir", type=Path, help="receives docs/ and gold.csv")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=_cmd_synth)

    p = sub.add_parser("doctor", help="check the installation: Python, packages, CJK font, browser; say how to fix gaps")
    p.set_defaults(func=_cmd_doctor)

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
