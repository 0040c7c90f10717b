"""Paragraphs, sentences and clauses of a cleaned text, looked up by position."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

import regex

from .patterns import patterns

_NEWLINE = regex.compile("\n")

# Context is never read further back than this: real sentences and paragraphs are shorter,
# and a cap keeps a pathological text (one 10 MB "sentence") linear.
MAX_SENTENCE = 400
MAX_PARAGRAPH = 2000


def _starts(text: str, breaks) -> list[int]:
    return [0] + [m.end() for m in breaks.finditer(text)]


@dataclass
class Segments:
    text: str
    paragraph_starts: list[int] = field(init=False)
    sentence_starts: list[int] = field(init=False)
    clause_starts: list[int] = field(init=False)
    _clauses: dict[int, tuple[int, int]] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        pats = patterns()
        self.paragraph_starts = [0] + [m.end() for m in _NEWLINE.finditer(self.text)]
        self.sentence_starts = _starts(self.text, pats.sentence_break)
        self.clause_starts = _starts(self.text, pats.clause_break)

    def _span(self, starts: list[int], pos: int, limit: int) -> tuple[int, int]:
        i = bisect_right(starts, pos) - 1
        end = starts[i + 1] if i + 1 < len(starts) else len(self.text)
        return max(starts[i], pos - limit), min(end, pos + limit)

    def paragraph(self, pos: int) -> tuple[int, int]:
        return self._span(self.paragraph_starts, pos, MAX_PARAGRAPH)

    def sentence(self, pos: int) -> tuple[int, int]:
        return self._span(self.sentence_starts, pos, MAX_SENTENCE)

    def clause(self, pos: int) -> tuple[int, int]:
        # Each claim asks for the clauses around it several times: remember them per document.
        span = self._clauses.get(pos)
        if span is None:
            span = self._clauses[pos] = self._span(self.clause_starts, pos, MAX_SENTENCE)
        return span
