"""The claims and documents tables as the dashboard shows them: labelled columns, readable values."""

from __future__ import annotations

import pandas as pd

from .i18n import blank_label, code_label, format_claim, indicator_label, t

CLAIM_DISPLAY = {  # column → label key; the order is the table's
    "indicator": "ui.indicator", "subject": "chart.subject", "region": "ui.region", "level": "ui.level",
    "measure": "ui.measure", "kind": "ui.kind", "value_label": "chart.value", "year": "chart.year",
    "status": "ui.status", "scope": "chart.scope", "text": "chart.quote", "title": "chart.title",
    "published": "chart.published", "sentence": "chart.sentence",
}


def claims_display(claims: pd.DataFrame, lang: str) -> pd.DataFrame:
    """One row per claim (same order and index as ``claims``) with labels instead of codes."""
    out = pd.DataFrame(index=claims.index)
    out["indicator"] = [indicator_label(k, lang) for k in claims["indicator"]]
    out["subject"] = claims["subject"]
    out["region"] = [blank_label(r, lang) for r in claims["region"]]
    out["level"] = claims["level"]
    out["measure"] = [code_label("measure", m, lang) for m in claims["measure"]]
    out["kind"] = [code_label("kind", k, lang) for k in claims["kind"]]
    out["value_label"] = [
        format_claim(v, u, q, lang, m)
        for v, u, q, m in zip(claims["value"], claims["unit"], claims["qualifier"], claims["value_max"],
                              strict=True)
    ]
    out["year"] = claims["year"]
    out["status"] = [code_label("status", s, lang) for s in claims["status"]]
    for col in ("scope", "text", "title", "published", "sentence"):
        out[col] = claims[col]
    return out.rename(columns={c: t(k, lang) for c, k in CLAIM_DISPLAY.items()})


def problems(row: pd.Series, lang: str) -> str:
    """What the reader should know about a document's text before trusting its numbers."""
    notes = [t(f"ui.{col}", lang, n=int(row[col])) for col in ("spam", "watermarks", "redactions")
             if pd.notna(row[col]) and int(row[col]) > 0]
    return "；".join(notes) if lang == "zh" else "; ".join(notes)


def documents_display(documents: pd.DataFrame, lang: str) -> pd.DataFrame:
    return pd.DataFrame({
        t("chart.title", lang): [ti or t("ui.no_title", lang) for ti in documents["title"].fillna("")],
        t("chart.document", lang): documents["source"],
        t("ui.publisher", lang): documents["publisher"].fillna(""),
        t("chart.published", lang): documents["published"].fillna(""),
        t("ui.region", lang): [blank_label(r, lang) for r in documents["region"].fillna("")],
        t("ui.claims_found", lang): documents["claims"].astype(int),
        t("ui.problems", lang): [problems(row, lang) for _, row in documents.iterrows()],
    })


def failures_display(failures: list[tuple[str, str]], lang: str) -> pd.DataFrame:
    return pd.DataFrame(failures, columns=[t("chart.document", lang), t("ui.problems", lang)])
