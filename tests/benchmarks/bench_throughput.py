"""Throughput of load → claims on one core, and of two well-known extractors on the same text.

    .venv/bin/pip install -e '.[bench]'
    .venv/bin/python tests/benchmarks/bench_throughput.py [--mb 20] [--sample-mb 1]

The corpus is ../shared/corpus (else data/corpus), its files copied over and over into a
temporary directory until it holds --mb megabytes. zhibiao reads those files end to end
(decode, clean, find, context, rows) in this process, one after another with the per-file unit of work
of every engine (``table.process_path``): ``extract_paths`` would drop the copies' rows as repeats of
the first, after doing the same work. JioNLP's money
extractor and Recognizers-Text's number recognizer run on the first --sample-mb megabytes of
the same texts (they are slower; a sample keeps the run short). Ratios are taken within this
one run because this machine's speed varies between runs. Peak memory is this process's
maximum resident set size.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import tempfile
import time
from pathlib import Path

from extractors import load_all
from extractors.table import process_path

ROOT = Path(__file__).resolve().parents[2]
CORPORA = [ROOT.parent / "shared" / "corpus", ROOT / "data" / "corpus"]


def build_corpus(target: Path, megabytes: float) -> list[Path]:
    source = next(p for p in CORPORA if p.exists())
    files = [p for p in sorted(source.rglob("*")) if p.is_file() and p.suffix in (".txt", ".html", ".csv", ".pdf")]
    out: list[Path] = []
    total = 0
    copy = 0
    while total < megabytes * 1e6:
        for f in files:
            dest = target / f"{copy:04d}_{f.name}"
            shutil.copyfile(f, dest)
            out.append(dest)
            total += dest.stat().st_size
        copy += 1
    return out


def sample_texts(files: list[Path], megabytes: float) -> list[str]:
    texts: list[str] = []
    size = 0
    for f in files:
        for doc in load_all(f):
            texts.append(doc.text)
            size += len(doc.text.encode("utf-8"))
        if size >= megabytes * 1e6:
            break
    return texts


def mb_per_s(texts: list[str], seconds: float) -> float:
    return sum(len(t.encode("utf-8")) for t in texts) / 1e6 / seconds


def time_it(fn, texts: list[str]) -> float:
    start = time.perf_counter()
    for t in texts:
        fn(t)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=20.0, help="size of the corpus zhibiao reads")
    parser.add_argument("--sample-mb", type=float, default=1.0, help="size of the sample all three extractors read")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        files = build_corpus(Path(tmp), args.mb)
        size = sum(f.stat().st_size for f in files) / 1e6
        start = time.perf_counter()
        outcomes = [process_path(str(f)) for f in files]
        seconds = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        documents = sum(len(infos) for _, infos, _ in outcomes)
        claims = sum(len(rows) for rows, _, _ in outcomes)
        failures = sum(1 for _, _, statuses in outcomes for s in statuses if s.status != "ok")
        print(f"zhibiao load→claims, 1 core: {size:.1f} MB, {documents} documents, {claims} claims in {seconds:.1f} s")
        print(f"  {size / seconds:.2f} MB/s, {documents / seconds:.1f} documents/s, "
              f"{claims / seconds:.0f} claims/s, peak memory {peak:.0f} MB, failures {failures}")

        texts = sample_texts(files, args.sample_mb)
        from extractors import extract

        ours = mb_per_s(texts, time_it(lambda t: extract(t), texts))
        print(f"sample of {sum(len(t.encode('utf-8')) for t in texts) / 1e6:.2f} MB:")
        print(f"  zhibiao extract (all claims):            {ours:8.3f} MB/s")
        try:
            import jionlp
        except ImportError:
            print("  JioNLP not installed (pip install -e '.[bench]')")
        else:
            jio = mb_per_s(texts, time_it(jionlp.ner.extract_money, texts))
            print(f"  JioNLP extract_money (money only):       {jio:8.3f} MB/s   zhibiao/JioNLP = {ours / jio:.2f}x")
        try:
            from recognizers_number import Culture, recognize_number
        except ImportError:
            print("  Recognizers-Text not installed (pip install -e '.[bench]')")
        else:
            rec = mb_per_s(texts, time_it(lambda t: recognize_number(t, Culture.Chinese), texts))
            print(f"  Recognizers-Text numbers (Chinese):      {rec:8.3f} MB/s   zhibiao/Recognizers = {ours / rec:.2f}x")


if __name__ == "__main__":
    main()
