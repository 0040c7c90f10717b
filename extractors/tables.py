"""Claims from tables: pipe/Markdown and tab-separated tables in text, and the HTML and DOCX tables
that the loaders render as pipe rows.

A numeric cell is a claim. What it measures comes from its row header (高新技术企业(家)),
its year from the column header (2021年) or, in a transposed table, from the row header; the
unit from a header's parentheses or a caption line (单位:万人) above the table.
"""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass

import regex

from .context import compatible, residual
from .patterns import HAN, YEAR
from .vocab import alternation, vocabulary, word_pattern, word_set

# Cells are split by | (Markdown, and the rendering of HTML/DOCX tables) or by tabs (a table copied
# out of a web page or a spreadsheet: 技术合同成交额\t亿元\t337.6\t45.2).
_ROW = regex.compile(r"^[^\n]*[|\t][^\n]*$", regex.MULTILINE)
_SEPARATOR = regex.compile(r"^[\s|:\-]+$")
_YEAR_IN_CAPTION = regex.compile(rf"({YEAR})年")
_SCALE = {"万": 10_000, "亿": 100_000_000}
_YEAR = regex.compile(rf"^\s*({YEAR})\s*年?(?:底|末)?\s*$")
# A column of a plan's indicator table: 2022年基数, 2025年目标, 2025年目标值; the target's column plans.
_COLUMN_YEAR = regex.compile(
    rf"^\s*({YEAR})\s*年?(?P<when>底|末|上半年)?\s*(?:基数|基期|基期值|实际|实际值|完成|完成值|目标|目标值|预期|预期值|规划值)?\s*$")
_PERIOD_OF_WHEN = {"底": "year_end", "末": "year_end", "上半年": "h1"}
# A rank column (全市位次, 全省排名): its cells are ranks in the scope it names.
_RANK_HEADER = regex.compile(r"^(?P<scope>全国|全省|全市|全区)?(?:位次|排名|排位)$")
_TARGET_HEADER = regex.compile(r"目标|预期值|规划值|年度指标值")
_UNIT_IN_HEADER = regex.compile(r"[(（]\s*(?P<unit>[^()（）]{1,6})\s*[)）]\s*$")
_UNIT_COLUMN = regex.compile(r"^\s*(?:计量)?单位\s*$")
_GROWTH = regex.compile(r"增长|增速|增幅|比上年|较上年|同比|±")
_CAPTION_UNIT = regex.compile(r"单位\s*[:：]\s*(?P<unit>[^\s,，;；|]{1,6})")


# A one-cell row of a 主要指标 box: 专利授权量(件):3268, 技术合同成交额(亿元):9.2, 有效发明专利(件):5.58万 (several
# to a line: 预算金额(万元):150.00 最高限价(万元):148.00, its space taken out by cleaning).
_LABELLED_LINE = regex.compile(r"^[^\n]*\)[ \t]*:[^\n]*$", regex.MULTILINE)
_LABEL_LINE = regex.compile(
    r"""(?:^|(?<=[ \t;,]|\d(?=\p{Han})))[ \t]*(?P<label>[^\n:|() \t;,]{2,30}?)\((?P<unit>[^()\n]{1,6})\)[ \t]*:[ \t]*
        (?P<num>-?\d{1,3}(?:,\d{3})+(?:\.\d+)?|-?\d+(?:\.\d+)?)(?![\d年]|[.,]\d)  # (2020年基期值2.20 is a year)
        (?:(?P<pct>%)|(?P<scale>[万亿]))?""",
    regex.MULTILINE | regex.VERBOSE)


@dataclass(frozen=True)
class TableCell:
    start: int  # the number's span in the text the table was found in
    end: int
    value: float
    unit: str
    kind: str
    subject: str
    year: int | None
    target: bool = False  # in a column of targets (2025年目标)
    qualifier: str = "exact"
    place: str = ""  # the row's label, the region of its cells when it names one (合肥市)
    scope: str = ""  # of a rank column (全市位次)
    period: str = ""  # of a column (2023年末)
    caption: str = ""  # the line above the table (表2 2023年各市新认定高新技术企业情况)


@dataclass(frozen=True)
class _Cell:
    text: str
    start: int


def _separator(line: str) -> str | None:
    """How a row's cells are split: | , or tabs between cells (a leading tab only indents a paragraph)."""
    if "|" in line:
        return "|"
    return "\t" if "\t" in line.strip() else None


def _split(line: str, offset: int, sep: str) -> list[_Cell]:
    cells: list[_Cell] = []
    pos = 0
    parts = line.split(sep)
    for i, part in enumerate(parts):
        # A leading or trailing empty part is the border of a |-framed row, not a cell; between tabs an
        # empty first cell is the corner of the header (\t2022年\t2023年).
        if not (sep == "|" and part.strip() == "" and i in (0, len(parts) - 1)):
            stripped = part.strip()
            lead = len(part) - len(part.lstrip())
            cells.append(_Cell(stripped, offset + pos + lead))
        pos += len(part) + 1
    return cells


def _unit_spec(unit: str) -> tuple[str, str, float]:
    """(kind, table unit, factor) of a unit as written in a header: 家, 亿元, 万人, %, 平方公里 …"""
    units = vocabulary().units
    if unit in ("百分点", "个百分点"):  # not 百 × 分点
        return "growth", "百分点", 1.0
    scale = 1.0
    for word, factor in sorted(units["scales"].items(), key=lambda kv: -len(kv[0])):
        if unit.startswith(word) and len(unit) > len(word):
            scale, unit = float(factor), unit[len(word):]
            break
    if unit in units["money"]:
        return "amount", units["money"][unit]["unit"], scale
    if unit in units["area"]:
        spec = units["area"][unit]
        return "area", spec["unit"], scale * spec.get("factor", 1)
    if unit in ("%", "％"):
        return "percent", "%", 1.0
    if unit in units["counters"]:
        return "count", unit, scale
    return "other", unit, scale


def _label_and_unit(header: str, caption_unit: str) -> tuple[str, str]:
    m = _UNIT_IN_HEADER.search(header)
    if m:
        return header[:m.start()].strip(), m["unit"].strip()
    if header.rstrip().endswith("%"):  # 较上年±%
        return header.rstrip().rstrip("%±").strip(), "%"
    return header.strip(), caption_unit


def find_table_cells(text: str) -> list[TableCell]:
    """Numeric cells of every table in ``text`` that has a header row and labelled rows."""
    out: list[TableCell] = []
    blocks: list[tuple[str, list[regex.Match]]] = []
    for m in _ROW.finditer(text):
        sep = _separator(m.group())
        if sep is None:
            continue
        # A block is a run of adjacent rows split the same way: a caption with a tab (表1\t主要指标)
        # next to a pipe table is no row of it.
        if blocks and blocks[-1][0] == sep and text[blocks[-1][1][-1].end():m.start()].strip("\r\n") == "":
            blocks[-1][1].append(m)
        else:
            blocks.append((sep, [m]))
    for sep, block in blocks:
        if len(block) < 2:
            continue
        lines = [_split(m.group(), m.start(), sep) for m in block if not _SEPARATOR.match(m.group())]
        if len(lines) < 2:
            continue
        caption = text[max(0, block[0].start() - 200):block[0].start()]
        caption_match = list(_CAPTION_UNIT.finditer(caption))
        caption_unit = caption_match[-1]["unit"] if caption_match else ""
        # 表1 2022年全市科技创新主要指标: the caption's year dates the cells whose headers give none (a
        # 单位:亿元 line may stand between them).
        caption_line = next((line.strip() for line in reversed(caption.splitlines())
                             if line.strip() and not _CAPTION_UNIT.match(line.strip().lstrip("(（"))), "")
        caption_year = [int(y) for y in _YEAR_IN_CAPTION.findall(caption_line)]
        cells = _cells_of(lines, caption_unit, caption_year[-1] if len(caption_year) == 1 else None)
        out.extend(dataclasses.replace(cell, caption=caption_line) for cell in cells)
    out.extend(_label_lines(text))
    return out


def caption_indicator(cell: TableCell) -> tuple[str, str] | None:
    """The indicator and its word that a table's caption names, for a cell whose headers name none
    (表2 分执行部门研究与试验发展(R&D)经费情况 above rows of 高等学校 | 58.4): only when the caption names one
    indicator; the caption breaks it down (分执行部门, 各市) or the cell's header names nothing else (新认定数, 合计;
    not 毕业企业(家) under a caption naming 孵化器); and the cell is a level of it (compatible: a 从业人员 row under
    a caption naming 高新技术企业 counts people) or the growth of it (比上年增长(%))."""
    found = vocabulary().indicator_matcher.find(cell.caption)
    keys = {vocabulary().synonym_to_key[word] for _, _, word in found}
    if len(keys) != 1:
        return None
    # (A breakdown's rows are its parts when their label is the subject; columns under rows of places name their own.)
    broken_down = cell.subject == cell.place and word_pattern("context", "caption_breakdowns").search(cell.caption) is not None
    if not broken_down and residual(_GROWTH.sub("", cell.subject)):
        return None
    if not (cell.kind in ("count", "amount", "percent")
            or (cell.kind == "growth" and not HAN.search(_GROWTH.sub("", cell.subject)))):
        return None
    key = keys.pop()
    return (key, found[-1][2]) if compatible(key, cell.kind, cell.unit) else None


def _label_lines(text: str) -> list[TableCell]:
    out: list[TableCell] = []
    # (Only the lines that hold a unit's bracket before a colon are read: a label may start at many places.)
    matches = (m for line in _LABELLED_LINE.finditer(text) for m in _LABEL_LINE.finditer(text, *line.span()))
    for m in matches:
        unit = "%" if m["pct"] else m["unit"].strip()
        kind, out_unit, factor = _unit_spec(unit)
        if kind == "other" or not HAN.search(m["label"]):
            continue
        end = m.end("pct") if m["pct"] else m.end("scale") if m["scale"] else m.end("num")
        scale = vocabulary().units["scales"][m["scale"]] if m["scale"] else 1
        value = float(m["num"].replace(",", "")) * scale * factor
        out.append(TableCell(m.start("num"), end, value, out_unit, kind, m["label"].strip(), None))
    return out


def _has_number(row: list[_Cell]) -> bool:
    return any(_number_cell().pattern.match(c.text) for c in row[1:])


def _cells_of(lines: list[list[_Cell]], caption_unit: str, caption_year: int | None = None) -> list[TableCell]:
    # Header rows run up to the first row with a number: a merged 年份 cell may stand above 2021年 | 2022年.
    n_header = next((i for i, row in enumerate(lines) if i > 0 and _has_number(row)), 1)
    header_rows, body = lines[:n_header], lines[n_header:]
    width = max(len(row) for row in header_rows)
    header = [_Cell(" ".join(row[i].text for row in header_rows if i < len(row) and row[i].text), 0) for i in range(width)]
    # A unit in the corner cell is the table's (| 项目资金(万元) | 年初预算数 | …), as a caption's 单位 line is.
    if header and not caption_unit and (corner := _label_and_unit(header[0].text, "")[1]) and (
            _unit_spec(corner)[0] != "other"):  # (not 地区(县、市、区))
        caption_unit = corner
    # A 计量单位 column gives each row its unit (| 塑料制品 | 吨 | 183946 |).
    unit_col = next((i for i, c in enumerate(header) if _UNIT_COLUMN.match(c.text)), None)
    column_years = [next((int(y.group(1)) for row in header_rows if i < len(row) and (y := _COLUMN_YEAR.match(row[i].text))),
                         None) for i in range(width)]
    column_periods = [next((_PERIOD_OF_WHEN.get(y["when"] or "", "") for row in header_rows
                            if i < len(row) and (y := _COLUMN_YEAR.match(row[i].text))), "") for i in range(width)]
    column_targets = [bool(_TARGET_HEADER.search(c.text)) for c in header]
    no_values = _no_value_headers()
    # (A merged 年份 header above 2021年 | 2022年 names years, not codes.)
    skipped = [any(w in c.text for w in no_values) and column_years[i] is None for i, c in enumerate(header)]
    matcher = vocabulary().indicator_matcher
    out: list[TableCell] = []
    place = ""
    for row in body:
        # A row of numbers only labels nothing; a row number (序号) before its label is no label.
        if not row or (_number_cell().pattern.match(row[0].text) and not _YEAR.match(row[0].text)
                       and not any(HAN.search(c.text) for c in row)):
            continue
        row_year_match = _YEAR.match(row[0].text)
        row_year = int(row_year_match.group(1)) if row_year_match else None
        label = 0 if row_year is not None else _label_column(row, unit_col)
        row_label, row_unit = _label_and_unit(row[label].text, caption_unit)
        if any(w in row_label for w in word_set("noise", "table_no_value_rows")):  # | 栏次 | 1 | 2 | 3 |
            continue
        if unit_col is not None and unit_col < len(row) and row[unit_col].text:
            row_unit = row[unit_col].text
        for col, cell in enumerate(row[label + 1:], start=label + 1):
            m = _number_cell().pattern.match(cell.text)
            if not m or col >= len(header) + 1 or (col < len(skipped) and skipped[col]):
                continue
            col_header = header[col].text if col < len(header) else ""
            if row_year is not None:
                subject, unit = _label_and_unit(col_header, caption_unit)
                year = row_year
            else:
                # A unit in the column header (比上年增长(%)) is more specific than the row's.
                col_label, col_unit = _label_and_unit(col_header, "")
                subject, unit = row_label, col_unit or row_unit
                year = column_years[col] if col < len(column_years) else None
                # Rows of places (合肥市 | 1200) under a column that names the indicator (高新技术企业(家)).
                place = row_label
                if not matcher.find(row_label) and (matcher.find(col_label) or (
                        row_label in vocabulary().region_by_name and HAN.search(col_label))):
                    subject = col_label
            if year is None:
                year = caption_year
            if not HAN.search(subject):
                continue
            unit = "%" if m["pct"] else m["counter"] or unit
            kind, out_unit, factor = _unit_spec(unit) if unit else ("other", "", 1.0)
            rank = _RANK_HEADER.match(col_header.strip())
            if rank:
                kind, out_unit, factor = "rank", "rank", 1.0
            if kind == "percent" and _GROWTH.search(subject + col_header):
                kind = "growth"
            start = cell.start + (m.start("pre") if m["pre"] else m.start("num"))
            end = cell.start + max(m.end(g) for g in ("num", "scale", "pct", "counter", "post") if m[g])
            value = float(m["num"].replace(",", "")) * factor * (_SCALE[m["scale"]] if m["scale"] else 1)
            target = col < len(column_targets) and column_targets[col]
            qualifier = _number_cell().qualifier_of.get(m["pre"] or m["post"] or "", "exact")
            period = column_periods[col] if col < len(column_periods) else ""
            out.append(TableCell(start, end, value, out_unit, kind, subject, year, target, qualifier, place,
                                 rank["scope"] or "" if rank else "", period))
            place = ""
    return out


@dataclass(frozen=True)
class _NumberCell:
    pattern: regex.Pattern
    qualifier_of: dict[str, str]  # a qualifier word or symbol → its qualifier


@functools.cache
def _number_cell() -> _NumberCell:
    """A number cell, with the qualifier, scale and footnote mark a plan table writes (约8000, ≥3.0, 1.4万,
    10000以上, 3972.7*, ≥500家): the qualifiers of qualifiers.yaml."""
    quals = vocabulary().qualifiers
    before = {w: name for name, ws in quals["before"].items() for w in ws}
    after = {w: name for name, ws in quals["after"].items() for w in ws}
    # (… and a counter of its own: ≥500家, 632家.)
    pattern = regex.compile(
        rf"""^\s*(?P<pre>{alternation(before)})?\s*
            (?P<num>-?\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|-?\d+(?:\.\d+)?)\s*(?P<scale>万|亿)?\s*
            (?:(?P<pct>%)|(?P<counter>{alternation(vocabulary().units["counters"])}))?
            \s*(?P<post>{alternation(after)})?\s*\*?\s*$""", regex.VERBOSE)
    return _NumberCell(pattern, before | after)


@functools.cache
def _no_value_headers() -> tuple[str, ...]:
    return tuple(vocabulary().noise["table_no_value_headers"])


def _label_column(row: list[_Cell], unit_col: int | None) -> int:
    """The row's header cell: the last text cell before its first number, so that a leading 序号 (1, 2, 3)
    or 类别 (创新投入) column is passed over for the 指标 column after it."""
    label = 0
    for i, cell in enumerate(row):
        if i == unit_col:
            continue
        if _number_cell().pattern.match(cell.text):
            if i > label and HAN.search(row[label].text):
                break
        elif HAN.search(cell.text):
            label = i
    return label
