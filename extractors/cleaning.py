"""Cleaning that keeps offsets.

The rules read a *cleaned* text: half-width, simplified, with noise (pinyin glosses,
forum watermarks, gambling spam, page furniture) taken out. Every character of the
cleaned text remembers where it stood in the original, so a span found in the cleaned
text maps back to the exact original characters: ``raw[to_raw(s, e)] == original text``.
"""

from __future__ import annotations

import functools
from array import array
from dataclasses import dataclass
from pathlib import Path

import opencc
import regex

from .lines import letter_spacing, page_furniture, soft_wraps
from .patterns import HAN, budget
from .vocab import alternation, vocabulary

# Punctuation the rules compare as ASCII. All are one character to one character.
_PUNCT = {
    "\u3000": " ", "\u00a0": " ", "“": '"', "”": '"', "‘": "'", "’": "'", "—": "-", "–": "-",
    "―": "-", "〜": "~", "﹪": "%", "∶": ":", "﹐": ",", "﹔": ";", "﹕": ":", "〔": "(", "〕": ")",
    "【": "[", "】": "]", "﹙": "(", "﹚": ")", "\u2002": " ", "\u2003": " ", "\u2009": " ",
    # Corner brackets are the quotes of traditional-character pages (專精特新「小巨人」企業).
    "「": '"', "」": '"', "『": '"', "』": '"', "﹁": '"', "﹂": '"',
}
# Invisible characters that only get in the way of matching.
_INVISIBLE_RUN = regex.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]+")
# Typesetting puts a space between Chinese and Latin digits (PDFs: `2021 年，常住人口 1761.48 万人`)
# and before a percent sign (`增长8.8 %`); the rules read `2021年`, `1761.48万人` and `8.8%`.
# (… and OCR a space after a decimal point: 0. 99%; not after a list's number: 1. 2023年.)
_DIGIT_HAN_SPACE = regex.compile(r"(?<=[0-9%‰])[ ]+(?=\p{Han})|(?<=\p{Han})[ ]+(?=[0-9])|(?<=[0-9])[ ]+(?=[%‰])"
                                 r"|(?<=[0-9]\.)[ ](?=[0-9]{1,3}%)")


# OCR reads 0 and 1 as look-alike letters inside numbers (2O23年, 3l6家, l5家, 1O.2%) and writes 〇 with a
# white circle or a digit among Chinese numerals (二○二四年, 二O二三年, 二0二二年): read as the digits they stand for,
# one character for one. (Not beside other Latin letters: CO2, Vol5, O2O.)
# Financial numerals (人民币柒拾玖万伍仟元整) are read as the common ones where a digit stands before a unit (陆 is
# also land: 大陆, 陆续).
# One scan for all four; each alternative opens with the character it replaces, so the scan skips every other
# position fast.
_NUMERAL_FORMS = regex.compile(
    r"(?P<latin>[OoIl](?<=(?<![A-Za-z\d])\d{1,8}[OoIl])(?![A-Za-z])(?=[\d.%]|\p{Han})"
    r"|[OoIl](?<![A-Za-z\d][OoIl])(?=\d+(?:\.\d+)?(?:\p{Han}|%)))"
    r"|(?P<arabic_zero>[〇○](?<=\d[〇○])(?=\d))"
    r"|(?P<chinese_zero>[Oo0○](?<=[一二三四五六七八九〇零][Oo0○])(?=[一二三四五六七八九〇零]))"
    r"|(?P<financial>(?:[壹贰叁肆伍陆柒捌玖][拾佰仟万亿]|拾)[零壹贰叁肆伍陆柒捌玖拾佰仟万亿]*)")
_LATIN_DIGIT = {"O": "0", "o": "0", "I": "1", "l": "1"}
_FINANCIAL = str.maketrans("壹贰叁肆伍陆柒捌玖拾佰仟", "一二三四五六七八九十百千")


def _numeral(m: regex.Match) -> str:
    if m["latin"]:
        return _LATIN_DIGIT[m.group()]
    if m["arabic_zero"]:
        return "0"
    if m["chinese_zero"]:
        return "〇"
    return m.group().translate(_FINANCIAL)


def read_numeral_forms(text: str) -> str:
    """``text`` with OCR's look-alikes of digits read as digits, and financial numerals as common ones: same
    length."""
    return _NUMERAL_FORMS.sub(_numeral, text)


@functools.cache
def _translation() -> list[int]:
    """A code point → code point table: indexing a list is twice as fast as a dict in ``str.translate``.

    Code points past its end raise IndexError, which ``str.translate`` reads as "keep the character".
    """
    table: dict[int, str] = {}
    ts = Path(opencc.__file__).parent / "dictionary" / "TSCharacters.txt"
    with open(ts, encoding="utf-8") as fh:
        for line in fh:
            trad, _, simp = line.rstrip("\n").partition("\t")
            first = simp.split(" ")[0]
            if len(trad) == 1 and len(first) == 1 and trad != first:
                table[ord(trad)] = first
    for code in range(0xFF01, 0xFF5F):
        table[code] = chr(code - 0xFEE0)
    for src, dst in _PUNCT.items():
        table[ord(src)] = dst
    out = list(range(max(table) + 1))
    for code, char in table.items():
        out[code] = ord(char)
    return out


def normalize_chars(text: str) -> str:
    """Full-width to half-width, traditional to simplified, punctuation to ASCII: same length."""
    return text.translate(_translation())


@dataclass(frozen=True)
class _Noise:
    spam: regex.Pattern
    spam_keyword: regex.Pattern  # every spam phrase holds one: a text without any has no spam
    watermark: regex.Pattern
    pinyin: regex.Pattern
    furniture: regex.Pattern
    min_letters: int
    ad_token: regex.Pattern  # what an advertisement around a spam phrase is made of
    ad_gap: int
    bold: regex.Pattern  # a pair of bold markers around a number


@functools.cache
def _noise_patterns() -> _Noise:
    noise = vocabulary().noise
    keyword = alternation(noise["spam_keywords"])
    spam_phrase = (
        f"(?:{alternation(noise['spam_prefixes'])}\\p{{Han}}?)?"  # 澳门新葡京
        f"{keyword}"
        r"\p{Han}{0,2}?"
        f"{alternation(noise['spam_suffixes'])}?"
    )
    wm = noise["watermark"]
    watermark = regex.compile(
        r"(?<![A-Za-z0-9])[!-~]{1,2}(?:[ ][!-~]{1,2}){" + str(wm["min_tokens"] - 1) + r",}(?![!-~])"
    )
    letters = regex.escape(noise["pinyin_letters"])
    # Literal first characters let the engine skip ahead; the character before is checked in code.
    # (A gloss may carry tone numbers and spaces, and stand a space after its character: 增長 (zhang3),
    # 企(qi3 ye4)業.)
    syllable = r"[" + letters + r"]{1,6}[1-5]?"
    pinyin = regex.compile(r"\([ ]?" + syllable + r"(?:[ ]" + syllable + r"){0,3}[ ]?\)", regex.IGNORECASE)
    furniture = regex.compile("|".join(f"(?:{p})" for p in noise["furniture"]), regex.IGNORECASE)
    ad_token = regex.compile("|".join(f"(?:{p})" for p in noise["spam_ad_tokens"]))
    return _Noise(regex.compile(spam_phrase), regex.compile(keyword), watermark, pinyin, furniture, wm["min_letters"],
                  ad_token, noise["spam_ad_gap"], regex.compile(noise["bold_marks"]))


def is_spam(text: str) -> bool:
    """Whether ``text`` (a publisher, a title part) holds gambling spam, read as cleaned text."""
    return _noise_patterns().spam.search(normalize_chars(text)) is not None


@dataclass(frozen=True)
class Cleaned:
    """The cleaned text and, for each of its characters, the original index."""

    raw: str
    text: str
    index: array | None  # None: nothing was removed, indices are the same
    spam_spans: tuple[tuple[int, int], ...] = ()
    watermark_count: int = 0

    def to_raw(self, start: int, end: int) -> tuple[int, int]:
        """Map a [start, end) span of the cleaned text to the original text."""
        if self.index is None:
            return start, end
        if end <= start:
            pos = self.index[start] if start < len(self.index) else len(self.raw)
            return pos, pos
        return self.index[start], self.index[end - 1] + 1



def noise_spans(normalized: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]], int]:
    """Spans of ``normalized`` to drop, the spam spans among them, and the watermark count."""
    noise = _noise_patterns()
    timeout = budget(normalized)
    drop: list[tuple[int, int]] = []
    spam_spans: list[tuple[int, int]] = []
    watermarks = 0
    for m in noise.watermark.finditer(normalized, timeout=timeout):
        tokens = m.group().split(" ")
        if sum(1 for t in tokens if any(c.isalpha() for c in t)) >= noise.min_letters:
            start, end = m.span()
            # A digit glued to the text after the run belongs to that text (`\7月22日`), and so does a
            # clause break (`U/ V，位居` normalizes to `V,`): both stay.
            if normalized[end - 1] in "0123456789,;" and end < len(normalized) and not normalized[end].isspace():
                end -= 1
            drop.append((start, end))
            watermarks += 1
    for m in noise.pinyin.finditer(normalized, timeout=timeout):
        spaced = normalized.endswith(" ", 0, m.start())
        start = m.start() - 1 if spaced else m.start()
        end = m.end() + 1 if spaced and normalized.startswith(" ", m.end()) else m.end()
        if start > 0 and HAN.match(normalized, start - 1):
            drop.append((start, end))
    drop.extend(_whole_line(normalized, *m.span()) for m in noise.furniture.finditer(normalized, timeout=timeout))
    min_hits = vocabulary().noise["spam_line_min_hits"]
    line_start = 0
    lines = normalized.split("\n") if noise.spam_keyword.search(normalized, timeout=timeout) else []
    for line in lines:
        phrases = [m.span() for m in noise.spam.finditer(line, timeout=timeout)]
        hits = [(line_start + s, line_start + e) for s, e in _spam_runs(line, phrases, noise, timeout)]
        # A footer of spam links goes whole; a line that is mostly text (a page saved on one line) keeps it.
        spam_chars = sum(e - s for s, e in phrases)
        advert = phrases and "。" not in line and noise.ad_token.search(line) is not None
        if advert or (len(phrases) >= min_hits and spam_chars >= 0.3 * len(line)):
            hits = [(line_start, line_start + len(line))]
        spam_spans.extend(hits)
        line_start += len(line) + 1
    drop.extend(spam_spans)
    if "**" in normalized:
        for m in noise.bold.finditer(normalized, timeout=timeout):
            drop += [(m.start(), m.start() + 2), (m.end() - 2, m.end())]
    drop.extend((m.start(), m.end()) for m in _INVISIBLE_RUN.finditer(normalized))
    drop.extend((m.start(), m.end()) for m in _DIGIT_HAN_SPACE.finditer(normalized, timeout=timeout))
    return drop, spam_spans, watermarks


_CLAUSE_BREAK = regex.compile(r"[,;。!?]")
_BRACKETED = regex.compile(r"[\[(][^\[\]()\n]{1,80}[\])]")


def _spam_runs(line: str, phrases: list[tuple[int, int]], noise: _Noise, timeout: float | None) -> list[tuple[int, int]]:
    """Spans of ``line`` that are spam: each of its spam ``phrases``, with the advertisement around it (澳门新葡京娱乐场
    官方网址 www.xpj3388.com 注册即送38元彩金 QQ:2856731945) and the bracket that holds them ([bet365体育在线投注 官网…])."""
    if not phrases:
        return []
    tokens = sorted(phrases + [m.span() for m in noise.ad_token.finditer(line, timeout=timeout)])
    runs: list[list[int]] = []  # [start, end, whether it holds a spam phrase]
    spam = set(phrases)
    for start, end in tokens:
        gap = line[runs[-1][1]:start] if runs else ""
        if runs and start - runs[-1][1] <= noise.ad_gap and not _CLAUSE_BREAK.search(gap):
            runs[-1][1] = max(runs[-1][1], end)
            runs[-1][2] = runs[-1][2] or (start, end) in spam
        else:
            runs.append([start, end, (start, end) in spam])
    out = [(start, end) for start, end, has_phrase in runs if has_phrase]
    for bracket in _BRACKETED.finditer(line):
        if any(bracket.start() <= s and e <= bracket.end() for s, e in out):
            out.append(bracket.span())
    return out


def _kept(text: str, index: array | None, drop: list[tuple[int, int]]) -> tuple[str, array]:
    """``text`` without the ``drop`` spans, and the original index of each kept character."""
    kept = array("i")
    pieces: list[str] = []
    pos = 0
    for s, e in _merged(drop):
        if s > pos:
            kept.extend(range(pos, s) if index is None else index[pos:s])
            pieces.append(text[pos:s])
        pos = max(pos, e)
    kept.extend(range(pos, len(text)) if index is None else index[pos:])
    pieces.append(text[pos:])
    return "".join(pieces), kept


def _whole_line(text: str, start: int, end: int) -> tuple[int, int]:
    """The span of furniture, with its line break when it stands alone on its line: the page break
    第2页 共5页 between two halves of a sentence leaves one line break, not a paragraph's blank line."""
    # (A page of view counters, 1.2万次观看 …, holds thousands of furniture spans: the match is bounded, since the
    # regex engine looks for the pattern's required line break up to its end position first, 256 µs a match on a
    # 320k-character page without one.)
    if (start == 0 or text[start - 1] == "\n") and (
            tail := _LINE_TAIL.match(text, end, min(len(text), end + _LINE_TAIL_REACH))) is not None:
        return start, tail.end()
    return start, end


_LINE_TAIL = regex.compile(r"[ \t]*\r?\n")
_LINE_TAIL_REACH = 80


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def clean(raw: str, title: str | None = None) -> Cleaned:
    """Clean ``raw`` for matching, remembering where each kept character came from; ``title``, when known,
    is a running header where a line repeats it inside a sentence."""
    normalized = read_numeral_forms(normalize_chars(raw))
    drop, spam_spans, watermarks = noise_spans(normalized)
    drop.extend(page_furniture(normalized, normalize_chars(title or "")))
    drop.extend(letter_spacing(normalized))
    text, index = _kept(normalized, None, drop) if drop else (normalized, None)
    # Wraps are found once the noise is out: furniture between the two halves of a clause is gone.
    wraps = soft_wraps(text)
    if wraps:
        text, index = _kept(text, index, wraps)
    if index is None:
        return Cleaned(raw, normalized, None, (), watermarks)
    return Cleaned(raw, text, index, tuple(sorted(spam_spans)), watermarks)
