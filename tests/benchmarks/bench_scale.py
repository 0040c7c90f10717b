"""Time, peak memory and recall of ingesting 1k, 10k and 100k synthetic documents into a store.

    .venv/bin/python tests/benchmarks/bench_scale.py [--sizes 1000 10000 100000] [--workers 2]

For each size a corpus is generated (``extractors.synth``), then ingested into a fresh store in
a child process, so that its peak resident memory is that of the ingest alone (the ingest's
worker processes are reported apart: their largest peak). Time should grow linearly with the
number of documents and memory should not grow at all (ingest writes in batches). Recall and
precision are scored against the generated gold 1,000 documents at a time (``evaluate.score``
reads whole documents into memory; chunks keep it linear).
"""

from __future__ import annotations

import argparse
import csv
import itertools
import multiprocessing
import resource
import tempfile
import time
from collections.abc import Iterator
from multiprocessing.connection import Connection
from pathlib import Path

from extractors import write_table
from extractors.evaluate import score
from extractors.store import Filter, Store
from extractors.synth import GOLD_COLUMNS, generate

SCORE_CHUNK = 1000


def ingest(store_dir: Path, docs: Path, workers: int, out: Connection) -> None:
    """Runs in a child process; sends (seconds, claims, peak MB of this process, peak MB of its workers)."""
    start = time.perf_counter()
    with Store(store_dir) as store:
        report = store.ingest([docs], workers=workers)
    seconds = time.perf_counter() - start
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    workers_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    out.send((seconds, report.claims, own, workers_peak))


def ingest_in_child(store_dir: Path, docs: Path, workers: int) -> tuple[float, int, float, float]:
    # A plain Process, not a Pool: pool processes are daemons and may not start the ingest's own workers.
    context = multiprocessing.get_context("spawn")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=ingest, args=(store_dir, docs, workers, send))
    child.start()
    result = receive.recv()
    child.join()
    return result


def gold_chunks(gold: Path) -> Iterator[list[dict]]:
    """Gold rows, SCORE_CHUNK documents at a time (the generator writes them document by document)."""
    with open(gold, encoding="utf-8") as fh:
        by_doc = itertools.groupby(csv.DictReader(fh), key=lambda r: r["doc"])
        while chunk := list(itertools.islice(by_doc, SCORE_CHUNK)):
            yield [row for _, rows in chunk for row in rows]


def chunked_score(store_dir: Path, docs: Path, gold: Path, tmp: Path) -> tuple[float, float]:
    tp = fp = total = 0
    with Store(store_dir, read_only=True) as store:
        for rows in gold_chunks(gold):
            chunk_gold = tmp / "chunk_gold.csv"
            with open(chunk_gold, "w", encoding="utf-8", newline="") as fh:
                writer = csv.DictWriter(fh, fieldnames=GOLD_COLUMNS)
                writer.writeheader()
                writer.writerows(rows)
            names = sorted({r["doc"] for r in rows})
            write_table(store.claims(Filter({"source": names})), tmp / "chunk_claims.parquet")
            report = score(chunk_gold, docs, tmp / "chunk_claims.parquet")
            tp, fp, total = tp + report.tp, fp + report.fp, total + report.gold
    return tp / total, tp / (tp + fp)


def run(size: int, workers: int) -> None:
    with tempfile.TemporaryDirectory(prefix="zhibiao-scale-") as tmp:
        root = Path(tmp)
        start = time.perf_counter()
        docs, gold = generate(size, root / "corpus")
        generated = time.perf_counter() - start
        megabytes = sum(p.stat().st_size for p in docs.iterdir()) / 1e6
        seconds, claims, own, worker_peak = ingest_in_child(root / "store", docs, workers)
        recall, precision = chunked_score(root / "store", docs, gold, root)
        print(f"{size:>8,} docs {megabytes:7.1f} MB | generate {generated:7.1f} s | ingest {seconds:8.1f} s "
              f"({size / seconds:6.0f} docs/s, {seconds / size * 1e3:5.2f} ms/doc) | {claims:>9,} claims | "
              f"peak RSS ingest {own:6.0f} MB, workers {worker_peak:6.0f} MB | recall {recall:.4f} "
              f"precision {precision:.4f}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 100_000])
    parser.add_argument("--workers", type=int, default=multiprocessing.cpu_count())
    args = parser.parse_args()
    for size in args.sizes:
        run(size, args.workers)


if __name__ == "__main__":
    main()
