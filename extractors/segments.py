"""Paragraphs, sentences and clauses of a cleaned text, looked up by position."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from .patterns import patterns

# Context is never read further back than this: real sentences and paragraphs are shorter,
# and a cap keeps a pathological text (one 10 MB "sentence") linear.
MAX_SENTENCE = 400
MAX_PARAGRAPH = 2000

_SENTENCE_ENDS = frozenset("。!?\n")


@dataclass
class Segments:
    text: str
    paragraph_starts: list[int] = field(init=False)
    sentence_starts: list[int] = field(init=False)
    clause_starts: list[int] = field(init=False)
    # Each claim asks for the spans around it several times: remember them per document and position.
    _paragraphs: dict[int, tuple[int, int]] = field(init=False, default_factory=dict)
    _sentences: dict[int, tuple[int, int]] = field(init=False, default_factory=dict)
    _clauses: dict[int, tuple[int, int]] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        # One scan for every break: a sentence break is also a clause break, a newline all three.
        text = self.text
        ends = [m.end() for m in patterns().clause_break.finditer(text)]
        self.clause_starts = [0, *ends]
        self.sentence_starts = [0, *(e for e in ends if text[e - 1] in _SENTENCE_ENDS)]
        self.paragraph_starts = [0, *(e for e in ends if text[e - 1] == "\n")]

    def _span(self, cache: dict[int, tuple[int, int]], starts: list[int], pos: int, limit: int) -> tuple[int, int]:
        span = cache.get(pos)
        if span is None:
            i = bisect_right(starts, pos) - 1
            end = starts[i + 1] if i + 1 < len(starts) else len(self.text)
            span = cache[pos] = (max(starts[i], pos - limit), min(end, pos + limit))
        return span

    def paragraph(self, pos: int) -> tuple[int, int]:
        return self._span(self._paragraphs, self.paragraph_starts, pos, MAX_PARAGRAPH)

    def sentence(self, pos: int) -> tuple[int, int]:
        return self._span(self._sentences, self.sentence_starts, pos, MAX_SENTENCE)

    def clause(self, pos: int) -> tuple[int, int]:
        return self._span(self._clauses, self.clause_starts, pos, MAX_SENTENCE)
