"""What a government web page says about itself, and its data tables as pipe rows.

Chinese government pages carry an info block (索引号, 发布机构, 发文日期, 来源) above the article.
trafilatura often cuts it away as boilerplate and takes its date from meta tags, which on
republished pages is the day of the re-posting, not the document's (a 2022 bulletin whose
info block says 发文日期 2023-03-31 has 2023-05-16 in its meta tags). So the block is read
from the whole page's text, and the title from the page's own <title> or headline, with the
site's name and any spam the page was defaced with cut off.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import regex
from lxml import html as lxml_html

from .cleaning import is_spam
from .metadata import DATE, date_of

# Labels as pages write them, often letter-spaced to align the block (索 引 号, 来    源).
_LABELS = {
    "index_no": ("索引号",),
    "organ": ("发布机构", "发文机关", "发布单位"),
    "source": ("来源", "信息来源"),
    # First found wins: the date the document was issued, then the date it went online.
    "date": ("发文日期", "成文日期", "印发日期", "发布日期", "发布时间"),
}
_ANY_LABEL = regex.compile("|".join(r"\s*".join(label) for labels in _LABELS.values() for label in labels)
                           + r"|访问量|浏览次数|分类|主题分类|文号|公开方式|有效性")
# One pattern per date label, first found wins (compiled once: pages are many).
_LABELLED_DATES = [regex.compile(r"\s*".join(label) + r"\s*[:：]?\s*" + DATE) for label in _LABELS["date"]]
# Separators between a page's title and its site name (江西省…公报 | 中国宜春, 答复-人生就是博…); a hyphen
# before a digit is part of the title (2021-2025年).
_TITLE_SEPARATORS = regex.compile(r"\s*[|｜_]\s*|\s+[-–—]\s+|[-–—](?=\D)")
_HEADLINES = "//h1|//h2|//h3|//*[contains(@class, 'title')]|//*[contains(@id, 'title')]"
# A table cell longer than this is a page laid out with tables, not a table of figures.
_MAX_CELL = 200
_FIGURE = regex.compile(r"\d")


@dataclass(frozen=True)
class PageInfo:
    title: str | None
    published: dt.date | None
    publisher: str | None  # 发布机构, else 来源; never a spam string
    index_no: str | None


def _collapsed(text: str) -> str:
    return regex.sub(r"\s+", " ", text).strip()


def _labelled(text: str, labels: tuple[str, ...]) -> str | None:
    """The value after the first of ``labels`` that has one (an empty 来源： followed by 访问量 has none)."""
    for label in labels:
        pattern = regex.compile(r"\s*".join(label) + r"\s*[:：]?\s*(?P<value>[^\s:：|]{2,60})")
        for m in pattern.finditer(text):
            # A block written without spaces (发布机构：某市统计局发文日期：…) ends the value at the next label.
            value = _ANY_LABEL.split(m["value"], maxsplit=1)[0]
            if len(value) >= 2 and (value != m["value"] or not text.startswith((":", "："), m.end())):
                return value
    return None


def _labelled_date(text: str) -> dt.date | None:
    for pattern in _LABELLED_DATES:
        for m in pattern.finditer(text):
            if d := date_of(m):
                return d
    return None


def page_title(tree: lxml_html.HtmlElement, fallback: str | None = None) -> str | None:
    """The document's title: the part of <title> (else ``fallback``, trafilatura's meta title) that
    is neither the site's name nor spam; a headline that repeats one part picks it out."""
    raw = _collapsed(tree.findtext(".//title") or "") or _collapsed(fallback or "")
    parts = [p for p in _TITLE_SEPARATORS.split(raw) if len(p) >= 4 and not is_spam(p)]
    headlines = {_collapsed(h.text_content()) for h in tree.xpath(_HEADLINES)}
    for part in parts:
        if part in headlines:
            return part
    if parts:
        return max(parts, key=len)
    fallback_headlines = [h for h in headlines if 6 <= len(h) <= 120 and not is_spam(h)]
    return fallback_headlines[0] if fallback_headlines else None


def page_info(tree: lxml_html.HtmlElement, meta_title: str | None = None) -> PageInfo:
    """The info block read from the text of the whole page (whitespace collapsed), not only the main text."""
    # One space between text nodes keeps the values of adjacent <span>s apart; scripts are no text.
    text = _collapsed(" ".join(tree.xpath("//body//text()[not(ancestor::script) and not(ancestor::style)]")))
    publisher = next((v for v in (_labelled(text, _LABELS["organ"]), _labelled(text, _LABELS["source"]))
                      if v and not is_spam(v)), None)
    index_no = _labelled(text, _LABELS["index_no"])
    return PageInfo(page_title(tree, meta_title), _labelled_date(text), publisher, index_no)


def _cell_text(cell: lxml_html.HtmlElement) -> str:
    # A stray pipe inside a cell would split it into two columns.
    return _collapsed(cell.text_content()).replace("|", "｜")


def render_tables(tree: lxml_html.HtmlElement) -> None:
    """Replace every table of figures in ``tree`` by one paragraph per row, ``| a | b |``, so that
    whichever way trafilatura extracts the page (it puts each cell on its own line when it falls back
    to its baseline extractor), rows reach the text as lines the table reader understands. Layout
    tables (nested tables, long cells, no figures) stay as they are."""
    for table in list(tree.iter("table")):
        if table.find(".//table") is not None:
            continue
        rows = [[cell for cell in row if cell.tag in ("td", "th")] for row in table.iter("tr")]
        texts = [[_cell_text(c) for c in row] for row in rows]
        if len(rows) < 2 or max(len(r) for r in rows) < 2 or any(len(t) > _MAX_CELL for r in texts for t in r):
            continue
        # A table without a figure (a menu, a link list) is left to trafilatura, which drops boilerplate.
        if not any(_FIGURE.search(t) for r in texts for t in r):
            continue
        block = lxml_html.Element("div")
        for row, cells in zip(rows, texts, strict=True):
            if not any(cells):
                continue
            padded: list[str] = []
            for cell, text in zip(row, cells, strict=True):
                # Empty cells for the columns a cell spans keep the columns under their headers.
                span = int(cell.get("colspan", "1")) if cell.get("colspan", "1").isdigit() else 1
                padded.extend([text] + [""] * (min(span, 50) - 1))
            paragraph = lxml_html.Element("p")
            paragraph.text = "| " + " | ".join(padded) + " |"
            block.append(paragraph)
        block.tail = table.tail
        table.getparent().replace(table, block)
