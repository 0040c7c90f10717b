"""Time per million characters of adversarial text, at growing sizes (issue 6).

    .venv/bin/python tests/benchmarks/bench_adversarial.py [--sizes 20000,80000,320000]

Prints seconds per million characters for each shape and size, and the ratio of the largest
size to the smallest: a ratio near 1 means time grows linearly with the input. Figures are
only compared within one run, since this machine's speed varies from run to run.
"""

from __future__ import annotations

import argparse
import time

from extractors import extract

SHAPES = {
    "digit run": "1",
    "万万万": "万",
    "qualifier run": "近超过多余以上",
    "counter run": "家个项名人次",
    "dense claims": "近1万多家以上、",
    "Chinese numerals": "一二三四五六七八九十百千万亿",
    "rank stubs": "全国第",
    "pinyin glosses": "業(yè)",
    "watermark tokens": "x7 ",
    "open book title": "《",
    "comma lines": "高新技术企业达到500家,\n",
    "bullet lines": "态势:\n——新增9家;\n",
    "spam adverts": "澳门新葡京 www.x88.com 注册即送38元 ",
    # OCR text: spaces between characters (each one tried as a cut inside a word), look-alike digits, labels
    # after numbers on one line (each a possible label start).
    "spaced characters": "高 新 技 术 企 业 ",
    "look-alike digits": "2O2l年l5家 ",
    "labels on a line": "研发经费(亿元):1.2 ",
    # Posts and pages with other writing: bold markers and stars, emoji bullets with value lines, English runs
    # (each number read for the words around it), a post's view counts.
    "bold and stars": "**1家**、**家 ",
    "emoji bullets": "数据来啦👇\n💰 1.2亿元\n",
    "English runs": "up 8.5% year on year, ",
    "view counts": "1.2万次观看 ",
}


def seconds_per_million(unit: str, size: int) -> float:
    text = unit * (size // len(unit))
    start = time.perf_counter()
    extract(text, published="2024-01-01")
    return (time.perf_counter() - start) / (len(text) / 1e6)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="20000,80000,320000")
    sizes = [int(s) for s in parser.parse_args().sizes.split(",")]
    extract("预热", published="2024-01-01")
    print(f"{'shape':18}" + "".join(f"{s:>12,}" for s in sizes) + "   ratio last/first")
    worst = 0.0
    for name, unit in SHAPES.items():
        row = [seconds_per_million(unit, s) for s in sizes]
        worst = max(worst, *row)
        print(f"{name:18}" + "".join(f"{x:12.2f}" for x in row) + f"   {row[-1] / row[0]:8.2f}")
    print(f"worst: {worst:.2f} s per million characters")


if __name__ == "__main__":
    main()
