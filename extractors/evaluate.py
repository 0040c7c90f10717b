"""Scoring a claims table against gold, exactly as SPEC.md section 3 says.

Gold quotes are located in the raw documents (nth occurrence; a quote starting with a
digit does not count right after a digit or '.'); a prediction matches a gold claim of
the same document when their spans overlap and the values agree (relative tolerance
1e-6), greedily and one to one, gold in file order. Optional gold counts neither way.
"""

from __future__ import annotations

import csv
import math
import os
from dataclasses import dataclass, field
from pathlib import Path

import regex

from .loading import decode_text
from .table import read_table

FIELDS = ("kind", "indicator", "region", "level", "measure", "unit", "qualifier", "year", "status", "scope")


@dataclass
class Report:
    gold: int
    tp: int
    fp: int
    strict: int
    field_hits: dict[str, int]
    missed: list[str] = field(default_factory=list)
    spurious: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def strict_f1(self) -> float:
        p = self.strict / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.strict / self.gold if self.gold else 0.0
        return 2 * p * r / (p + r) if p + r else 0.0

    def field_accuracy(self) -> dict[str, float]:
        return {f: (self.field_hits[f] / self.tp if self.tp else 0.0) for f in FIELDS}


def locate(text: str, quote: str, nth: int) -> tuple[int, int] | None:
    occurrences = []
    for m in regex.finditer(regex.escape(quote), text):
        s = m.start()
        if quote[0].isdigit() and s > 0 and (text[s - 1].isdigit() or text[s - 1] == "."):
            continue
        occurrences.append(m.span())
    return occurrences[nth - 1] if len(occurrences) >= nth else None


def _norm(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        if value.is_integer():
            return str(int(value))
    text = str(value).strip()
    if text.lower() in ("nan", "none", "null", "<na>"):
        return ""
    if regex.fullmatch(r"-?\d+\.0+", text):
        text = text.split(".")[0]
    return text


def field_ok(gold_value: str, predicted: object) -> bool:
    return _norm(predicted) in [alt.strip() for alt in gold_value.split("|")]


def _doc_key(row: dict) -> str:
    for key in ("source", "doc", "doc_id", "path", "file"):
        value = row.get(key)
        if value is not None and _norm(value) != "":
            return os.path.basename(str(value))
    return ""


def score(gold_path: str | Path, corpus_dir: str | Path, claims_path: str | Path) -> Report:
    with open(gold_path, encoding="utf-8-sig") as fh:
        gold = list(csv.DictReader(fh))
    frame = read_table(claims_path)
    preds = frame.astype(object).where(frame.notna(), None).to_dict("records")
    docs = sorted({g["doc"] for g in gold})
    texts = {d: decode_text(Path(corpus_dir, d).read_bytes(), d) for d in docs}
    for g in gold:
        g["span"] = locate(texts[g["doc"]], g["quote"], int(g["nth"]))
        if g["span"] is None:
            raise ValueError(f"gold quote not found: {g['doc']} {g['quote']} #{g['nth']}")
    by_doc: dict[str, list[dict]] = {}
    for p in preds:
        key = _doc_key(p)
        if key in texts:
            by_doc.setdefault(key, []).append(p)

    report = Report(gold=sum(1 for g in gold if not g["optional"]), tp=0, fp=0, strict=0,
                    field_hits=dict.fromkeys(FIELDS, 0))
    for doc in docs:
        golds = [g for g in gold if g["doc"] == doc]
        ps = by_doc.get(doc, [])
        used: set[int] = set()
        for g in golds:
            gs, ge = g["span"]
            gv = float(g["value"])
            match = None
            for i, p in enumerate(ps):
                if i in used:
                    continue
                try:
                    s, e, v = int(float(p["start"])), int(float(p["end"])), float(p["value"])
                except (KeyError, TypeError, ValueError):
                    continue
                if s < ge and gs < e and abs(v - gv) <= 1e-6 * max(1.0, abs(gv)):
                    match = i
                    break
            if match is None:
                if not g["optional"]:
                    report.missed.append(f"{doc[:12]} {g['quote']}#{g['nth']} ({g['indicator']} {g['year']})")
                continue
            used.add(match)
            if g["optional"]:
                continue
            report.tp += 1
            p = ps[match]
            all_ok = True
            for f in FIELDS:
                if f == "scope" and g["kind"] != "rank":
                    report.field_hits[f] += 1
                    continue
                if field_ok(g[f], p.get(f)):
                    report.field_hits[f] += 1
                else:
                    all_ok = False
                    report.wrong.append(f"{doc[:12]} {g['quote']}: {f} gold={g[f]!r} got={_norm(p.get(f))!r}")
            report.strict += all_ok
        for i, p in enumerate(ps):
            if i in used:
                continue
            try:
                s, e = int(float(p["start"])), int(float(p["end"]))
            except (KeyError, TypeError, ValueError):
                s = e = -1
            if any(g["optional"] and s < g["span"][1] and g["span"][0] < e for g in golds):
                continue
            report.fp += 1
            report.spurious.append(f"{doc[:12]} {p.get('text', '')} v={p.get('value')} @{s}")
    return report


def format_report(report: Report, limit: int = 60) -> str:
    lines = [
        f"gold: {report.gold}",
        f"pred: {report.tp + report.fp}",
        f"tp: {report.tp}",
        f"fp: {report.fp}",
        f"fn: {len(report.missed)}",
        f"precision: {report.precision:.4f}",
        f"recall: {report.recall:.4f}",
        f"f1: {report.f1:.4f}",
        f"strict_f1: {report.strict_f1:.4f}",
        "field accuracy:",
        *(f"  {f}: {acc:.4f}" for f, acc in report.field_accuracy().items()),
        f"missed ({len(report.missed)}):",
        *(f"  {m}" for m in report.missed[:limit]),
        f"spurious ({len(report.spurious)}):",
        *(f"  {s}" for s in report.spurious[:limit]),
        f"wrong fields ({len(report.wrong)}):",
        *(f"  {w}" for w in report.wrong[:limit]),
    ]
    return "\n".join(lines)
