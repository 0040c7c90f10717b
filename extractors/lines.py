"""Line breaks and lines that are layout, not text.

Text taken from PDFs, or typed into a page as it was printed, breaks lines at the page width (inside a
word, a number, between a number and its unit) and repeats a running header on every page. These are
found here as spans of the normalized text for cleaning to take out; offsets stay mapped to the raw text.
"""

from __future__ import annotations

import functools
from collections import Counter

import regex

from .patterns import budget, patterns
from .regions import RegionFinder
from .vocab import vocabulary

# A line that stops inside a clause (a hard wrap, or a page break whose furniture is gone): a Chinese
# character, then the line break, then the value of that clause (比上年增长⏎12.1%).
# One line break only (a blank line ends a paragraph), and not after a line that already ends in a value
# (新增孵化器5家⏎12家孵化器通过评价 are two items); and any line of prose that ends with a word needing what
# follows (…421.6亿元,比⏎2020年增长; not the heading 人口规模与性别比).
_LINE_BREAK_BEFORE_DIGIT = regex.compile(r"(?<=\p{Han})[ \t]*\r?\n[ \t]*(?=\d)")
# … or inside a number, between it and its unit, scale or 年 (54.9⏎万件, 18.6亿⏎元, 0.16个⏎百分点, 2023⏎年底,
# 二十⏎三家), where text set in justified lines breaks anywhere. Not before a digit (320⏎84家 are two cells),
# nor a quantity after a short line (附件2⏎名词解释 is a heading; 截至2023⏎年底 is joined).
_LINE_BREAK_IN_NUMBER = regex.compile(r"(?<=[\d.一二两三四五六七八九十百千万亿个])[ \t]*\r?\n[ \t]*(?=[^\d\s])")
_NUMBER_REACH = 16
# … and one after a decimal point or a range's dash, before the rest of the number (769.⏎6亿元, 50-⏎100万元).
_LINE_BREAK_IN_DECIMAL = regex.compile(r"(?<=\d[.-])[ \t]*\r?\n[ \t]*(?=\d)")
# A line break between two Chinese characters, and how far a word cut by it may reach on either side.
_HAN_BREAK = regex.compile(r"(?<=\p{Han})[ \t]*\r?\n[ \t]*(?=\p{Han})")
# … and a space between two, as OCR leaves inside words (高新 技术企业, 科技企业孵 化器).
_HAN_SPACE = regex.compile(r"(?<=\p{Han})[ \t]{1,2}(?=\p{Han})")
_WORD_REACH = 8
_SHORT_LINE = 6
# Any single line break, with the lines around it, for text wrapped at the page width.
_LINE_BREAK = regex.compile(r"[ \t]*\r?\n[ \t]*(?=\S)")
# The marks a clause ends with inside its sentence.
_CLAUSE_GOES_ON = (",", "、")
# A lead line's colon at the end of its line (or the pointing emoji of a post: 数据来啦👇), and the mark a bullet
# line opens with (——, ▲, ●, and the emoji of posts: ✅ ▶ 💰).
_COLON_LINE_END = regex.compile(r"(?::|[👇⬇]\ufe0f?)[ \t]*(?=\r?\n)")
_LINE_END = regex.compile(r"[ \t\r]*\n")
# (… and under a bullet of a post's data card, the lines of its value: 💰 全社会研发投入⏎312.6亿元⏎同比增长 11.6%.)
_VALUE_LINE = regex.compile(r"(?:(?!\d{4}年)\d|同比|比上年|较上年|增长|增速)[^\n]{0,20}(?=\r?\n|\Z)")
_BULLET = regex.compile(r"-{1,2}(?!\d)|[▲◆●•·■★☆◇√]|\p{Extended_Pictographic}")
# A line that ends a sentence (or a heading's colon) is not continued by the next one.
_SENTENCE_END = frozenset("。!?;:")
# Lines that open a block of their own: headings (一、 (三) 2. 第二章 【科技投入】), captions and notes
# (表2, 注:), and table rows (cells apart by two spaces, a tab or a |).
_BLOCK_START = regex.compile(
    r"[ \t]*(?:[一二三四五六七八九十]{1,3}[、.]|\([一二三四五六七八九十\d]{1,3}\)|\d{1,2}[.、](?!\d)"
    r"|第[一二三四五六七八九十\d]{1,3}[章节部分篇]|[\[【]|[表图][ \t]*[\d一二三四五六七八九十]|注[:\d])")
_TABLE_ROW = regex.compile(r"\S(?:[ ]{2,}|\t)\S|\|")
# A running header is a line of a few words (a title), not a sentence or a row of figures.
_HEADER_LENGTH = (6, 60)
_CLAUSE_PUNCTUATION = regex.compile(r"[,;。!?]")
# A line of single characters, each apart from the next by one space.
_LETTER_SPACED_LINE = regex.compile(r"^[ \t]*(?P<body>(?:[\p{Han}()] ){2,}[\p{Han}()])[ \t]*$", regex.MULTILINE)
_SPACE = regex.compile(" ")
# Text is taken as wrapped at the page width when most of its lines stop mid-sentence at one length.
_WIDTH_SLACK = 1
_MIN_WRAPPED_LINES = 4


def soft_wraps(text: str) -> list[tuple[int, int]]:
    """Line breaks of ``text`` (cleaned of noise) that fall inside a clause, before its quantity, or inside a
    quantity or a year; a line starting with a year (二、科技创新⏎2023年,…) or any other number follows a
    heading. A break inside a word of the vocabulary is one too. In text that shows it was wrapped at the
    page width (a number or a word cut by a line break, most lines of prose stopping mid-sentence at one
    length), every line break inside a sentence of prose is one."""
    quantity = patterns().quantity
    timeout = budget(text)
    open_endings = tuple(vocabulary().context["open_line_endings"])
    wraps = [m.span() for m in _LINE_BREAK_BEFORE_DIGIT.finditer(text, timeout=timeout)
             if (quantity.match(text, m.end()) is not None and not _ends_in_value(text, m.start()))
             or (text.endswith(open_endings, 0, m.start()) and _prose(_line_at(text, *m.span())[0]))]
    in_numbers = [m.span() for m in _LINE_BREAK_IN_NUMBER.finditer(text, timeout=timeout)
                  if _joins_a_number(text, *m.span())]
    # (Not after a short line: 1.⏎2023年… numbers a point.)
    in_numbers += [m.span() for m in _LINE_BREAK_IN_DECIMAL.finditer(text, timeout=timeout)
                   if m.start() - text.rfind("\n", 0, m.start()) > _SHORT_LINE]
    cut_words = _word_cuts(text)
    # A line that ends with a comma stops inside its sentence (a crawler's <br>, 去年,…1005.3亿元,⏎同比增长28.4%).
    wraps.extend(m.span() for m in _LINE_BREAK.finditer(text, timeout=timeout)
                 if text.endswith(_CLAUSE_GOES_ON, 0, m.start()) and not _BLOCK_START.match(text, m.end())
                 and not _TABLE_ROW.search(_line_at(text, *m.span())[1].strip()))
    wraps.extend(_bullet_blocks(text))
    wraps.extend(in_numbers)
    wraps.extend(cut_words)
    if in_numbers or cut_words or _page_width_wrapped(text):
        taken = {start for start, _ in wraps}
        wraps.extend(m.span() for m in _LINE_BREAK.finditer(text, timeout=timeout)
                     if m.start() not in taken and _continues(text, *m.span()))
    return sorted(set(wraps))


def _bullet_blocks(text: str) -> list[tuple[int, int]]:
    """The line breaks of a lead line ending with a colon and the bullet lines under it (上半年全省科技创新主要
    指标呈现“三增一升”态势:⏎——新认定高新技术企业412家;⏎——…): one paragraph, whose time the lead gives."""
    out = []
    for lead in _COLON_LINE_END.finditer(text):
        pos = lead.end()
        while (m := _LINE_BREAK.match(text, pos)) is not None and (
                _BULLET.match(text, m.end()) or (pos > lead.end() and _VALUE_LINE.match(text, m.end()))):
            out.append(m.span())
            line_end = _LINE_END.search(text, m.end())
            if line_end is None:
                break
            pos = line_end.start()
    return out


def _ends_in_value(text: str, end: int) -> bool:
    """Whether the line ending at ``end`` ends with a quantity (新增孵化器5家), a whole item (not 2023年增长)."""
    return any(q.end() == end for q in patterns().quantity.finditer(text, max(0, end - 24), end))


def _joins_a_number(text: str, start: int, end: int) -> bool:
    """Whether a quantity or a time runs across the line break at [start, end) once it is taken out."""
    lo = max(0, start - _NUMBER_REACH)
    joined = text[lo:start] + text[end:end + _NUMBER_REACH]
    cut = start - lo
    pats = patterns()
    if any(m.start() < cut < m.end() for m in pats.time.finditer(joined)):
        return True
    return (start - text.rfind("\n", 0, start) > _SHORT_LINE
            and any(m.start() < cut < m.end() for m in pats.quantity.finditer(joined)))


def _word_cuts(text: str) -> list[tuple[int, int]]:
    """Line breaks and spaces that fall inside a word of the vocabulary (高新技⏎术企业, 科技企业孵 化器), and line
    breaks between a level and the word it grades (省级⏎高新技术产业开发区)."""
    out = []
    for m in _HAN_BREAK.finditer(text):
        words, joined, cut = _words_across(text, m.start(), m.end())
        if any(s < cut < e for s, e, _ in words) or (
                any(s == cut for s, _, _ in words) and _level_before().search(joined, 0, cut) is not None):
            out.append(m.span())
    # (A plain find first: most texts have no space between Chinese characters.)
    for m in _HAN_SPACE.finditer(text) if " " in text or "\t" in text else ():
        words, _, cut = _words_across(text, m.start(), m.end())
        if any(s < cut < e for s, e, _ in words):
            out.append(m.span())
    return out


def _words_across(text: str, start: int, end: int) -> tuple[list[tuple[int, int, str]], str, int]:
    """The words of the vocabulary in the text around [start, end) once it is taken out, that text, and where the
    cut falls in it."""
    lo = max(0, start - _WORD_REACH)
    joined = text[lo:start] + text[end:end + 2 * _WORD_REACH]
    return vocabulary().indicator_matcher.find(joined), joined, start - lo


@functools.cache
def _level_before() -> regex.Pattern:
    return regex.compile(f"(?:{patterns().level.pattern})\\Z")


def _line_at(text: str, start: int, end: int) -> tuple[str, str]:
    """The line that ends at ``start`` and the one that begins at ``end``."""
    before = text[text.rfind("\n", 0, start) + 1:start]
    after_end = text.find("\n", end)
    return before, text[end:after_end if after_end >= 0 else len(text)]


def _prose(line: str) -> bool:
    """Whether ``line`` reads as running text: it has a clause inside (headings and labels have none)."""
    return _CLAUSE_PUNCTUATION.search(line) is not None


def _continues(text: str, start: int, end: int) -> bool:
    """Whether the line before the break at [start, end) goes on in the line after it: it is prose (a list of
    key figures, one per line, is not) that stops mid-sentence, no heading, caption, table row or place heading
    (泉州市), and the line after opens no block."""
    line, following = _line_at(text, start, end)
    compact = "".join(line.split())
    if len(compact) < _SHORT_LINE or compact[-1] in _SENTENCE_END or not _prose(line):
        return False
    if _BLOCK_START.match(line) or _TABLE_ROW.search(line.strip()) or _BLOCK_START.match(following):
        return False
    if _TABLE_ROW.search(following.strip()):
        return False
    return RegionFinder.default().lookup(compact) is None


def _page_width_wrapped(text: str) -> bool:
    """Whether most lines of prose long enough to be wrapped stop mid-sentence at one width (a printed page)."""
    lengths = []
    for line in text.split("\n"):
        compact = "".join(line.split())
        if (len(compact) > 2 * _SHORT_LINE and compact[-1] not in _SENTENCE_END and _prose(line)
                and not _TABLE_ROW.search(line.strip())):
            lengths.append(len(compact))
    if len(lengths) < _MIN_WRAPPED_LINES:
        return False
    width, _ = Counter(lengths).most_common(1)[0]
    at_width = sum(1 for n in lengths if abs(n - width) <= _WIDTH_SLACK)
    return at_width >= _MIN_WRAPPED_LINES and at_width * 2 >= len(lengths)


@functools.cache
def _page_number_line() -> regex.Pattern:
    lines = vocabulary().noise["page_number_lines"]
    return regex.compile(r"[ \t]*(?:" + "|".join(f"(?:{p})" for p in lines) + r")[ \t\r]*")


def page_furniture(text: str, title: str = "") -> list[tuple[int, int]]:
    """Lines of a printed page's furniture, with their line breaks: a page number alone on its line
    (— 12 —, 第 3 页), and a running header inside a sentence (a title-like line met before, the document's
    ``title`` or a line ending like a title, after a line that stops mid-sentence). Where a sentence goes on
    across them, the span runs from the end of its first part to the start of the next: the parts are
    joined. A header's years and plan words (贵阳市2024年政府工作报告, 陕西省"十四五"科技创新发展规划)
    belong to no sentence."""
    title_key = "".join(title.split())
    title_endings = tuple(vocabulary().context["title_endings"])
    page_number = _page_number_line()
    quantity = patterns().quantity
    seen: set[str] = set()
    spans: list[tuple[int, int]] = []
    kept_line, kept_end = "", 0  # the last line kept, and where its text ends
    dropped: list[tuple[int, int]] = []  # furniture since that line
    lo, hi = _HEADER_LENGTH
    end = 0
    for line in text.split("\n"):
        start, end = end, min(len(text), end + len(line) + 1)
        stripped = line.strip()
        if not stripped:
            continue
        mid_sentence = (len(kept_line) > 2 * _SHORT_LINE and kept_line[-1] not in _SENTENCE_END
                        and not _BLOCK_START.match(kept_line))
        key = "".join(stripped.split()) if len(stripped) <= 2 * hi else stripped
        header = (lo <= len(key) <= hi and not _CLAUSE_PUNCTUATION.search(key) and quantity.search(key) is None)
        if (len(key) <= hi and page_number.fullmatch(line)) or (header and mid_sentence and (
                key in seen or key == title_key or key.endswith(title_endings))):
            dropped.append((start, end))
            continue
        if header:
            seen.add(key)
        if dropped:
            joined = mid_sentence and not _BLOCK_START.match(line)
            spans.extend([(kept_end, start)] if joined else dropped)
            dropped = []
        kept_line, kept_end = key, start + len(line.rstrip())
    spans.extend(dropped)
    return spans


def letter_spacing(text: str) -> list[tuple[int, int]]:
    """The spaces of headings set letter-spaced (( 三 ) 泉 州 市): a place or a title reads as a word again."""
    return [(m.start(), m.start() + 1) for line in _LETTER_SPACED_LINE.finditer(text, timeout=budget(text))
            for m in _SPACE.finditer(text, line.start("body"), line.end("body"))]
