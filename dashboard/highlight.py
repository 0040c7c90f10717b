"""A document as HTML with its claims marked. The text is untrusted: every character of it is
escaped before any tag is added, so a document cannot inject markup or script into the page."""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass

STYLE = (
    "<style>"
    ".zb-doc{white-space:pre-wrap;line-height:1.7;max-height:32rem;overflow-y:auto;"
    "padding:0.8rem;border:1px solid #ddd;border-radius:0.4rem;font-size:0.95rem}"
    ".zb-text mark{background:#fde68a;padding:0 1px;border-radius:2px}"
    ".zb-text mark.zb-target{background:none;border:1px dashed #b45309}"
    ".zb-text mark.zb-selected{background:#f97316;color:#fff}"
    ".zb-excerpt{line-height:1.7;padding:0.6rem 0.8rem;border-left:4px solid #f97316;background:#fff7ed}"
    "</style>"
)


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    note: str = ""  # shown on hover (value, indicator)
    css: str = ""


def spans_from_claims(rows: Iterable[dict], selected: int | None = None) -> list[Span]:
    """One span per claim row (dicts with start, end, status and a ``note``)."""
    spans = []
    for i, row in enumerate(rows):
        css = "zb-selected" if i == selected else ("zb-target" if row.get("status") == "target" else "")
        spans.append(Span(int(row["start"]), int(row["end"]), str(row.get("note", "")), css))
    return spans


def highlight(text: str, spans: Iterable[Span], container: str = "zb-doc", lead: str = "",
              tail: str = "") -> str:
    """``text`` escaped, with each valid span wrapped in <mark>; overlapping spans keep the first."""
    out: list[str] = []
    pos = 0
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if span.start < pos or not (0 <= span.start < span.end <= len(text)):
            continue  # overlaps one already marked, or does not point into this text
        out.append(html.escape(text[pos:span.start]))
        css = f' class="{span.css}"' if span.css else ""
        title = f' title="{html.escape(span.note, quote=True)}"' if span.note else ""
        out.append(f"<mark{css}{title}>{html.escape(text[span.start:span.end])}</mark>")
        pos = span.end
    out.append(html.escape(text[pos:]))
    return f'{STYLE}<div class="zb-text {container}">{html.escape(lead)}{"".join(out)}{html.escape(tail)}</div>'


def excerpt(text: str, spans: list[Span], start: int, end: int, width: int = 120) -> str:
    """The passage around ``text[start:end]`` (``width`` characters each side), marked like the
    document, so the selected claim is readable without scrolling through the whole text."""
    lo, hi = max(0, start - width), min(len(text), end + width)
    inside = [Span(s.start - lo, s.end - lo, s.note, s.css) for s in spans if lo <= s.start and s.end <= hi]
    return highlight(text[lo:hi], inside, container="zb-excerpt", lead="…" if lo else "",
                     tail="…" if hi < len(text) else "")
