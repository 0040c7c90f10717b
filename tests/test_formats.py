"""Every input format gives the same claims: small real-shaped files of each kind, made here, and the
HTML and GBK twins of real corpus documents against their plain-text originals."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import docx
import pytest
import regex

from extractors.html_meta import page_info
from extractors.loading import Document, load_all
from extractors.table import process_document

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT.parent / "shared" / "corpus" / "real"
needs_shared = pytest.mark.skipif(not REAL.is_dir(), reason="../shared/corpus/real not beside the repository")

ClaimKey = tuple[str, float, str, int | None]  # text, value, indicator, year


def _claims(doc: Document) -> tuple[set[ClaimKey], dict]:
    claims, info = process_document(doc)
    for c in claims:
        assert doc.text[c.start:c.end] == c.text, (doc.source, c)
    return {(c.text, c.value, c.indicator, c.year) for c in claims}, info


# --- the files -------------------------------------------------------------------------------------

_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8">
<title>{title}</title>
<meta property="article:published_time" content="2023-05-16T09:00:00+08:00">
</head><body>
<div class="nav">首页 &gt; 政务公开 &gt; 统计公报</div>
<div class="info"><span>索 引 号：</span><span>014717475N/2023-0032866</span>
<span>发布机构：</span><span>{organ}</span><span>发文日期：</span><span>2023-03-31</span>
<span>来源：</span><span>{source}</span><span>访问量：88</span></div>
<div class="article"><h1>某市2022年科技创新统计公报</h1>
<p>2022年，全市科技创新能力持续提升。年末全市高新技术企业达到520家，比上年增加80家。全年技术合同成交额120亿元。</p>
<p>表1 主要科技指标</p>
<table><tr><th>指标</th><th>2021年</th><th>2022年</th></tr>
<tr><td>高新技术企业(家)</td><td>440</td><td>520</td></tr>
<tr><td>科技型中小企业(家)</td><td>1,200</td><td>1500</td></tr></table>
<p>全年专利授权量3600件，其中发明专利授权量800件。各级科技部门将继续加大科技投入力度，推动全市科技创新工作再上新台阶。</p>
</div><div class="footer">主办：某市人民政府办公室</div></body></html>"""

_PAGE_CLAIMS = {
    ("520家", 520.0, "high_tech_enterprises", 2022), ("80家", 80.0, "high_tech_enterprises", 2022),
    ("120亿元", 1.2e10, "tech_contract_turnover", 2022),
    ("440", 440.0, "high_tech_enterprises", 2021), ("520", 520.0, "high_tech_enterprises", 2022),
    ("1,200", 1200.0, "tech_smes", 2021), ("1500", 1500.0, "tech_smes", 2022),
    ("3600件", 3600.0, "patents", 2022), ("800件", 800.0, "patents", 2022),
}


def _page(title: str, organ: str = "某市统计局", source: str = "") -> Callable[[], bytes]:
    return lambda: _PAGE.format(title=title, organ=organ, source=source).encode()


# A page this short sends trafilatura to its fallback extractor, which puts each table cell on a line of its own.
_SHORT_PAGE = """<html><head><title>某市2022年统计公报 _ 中国宜春</title></head><body>
<div class=info>索引号：123/2023-1 发布机构：某市统计局 发文日期：2023-03-31</div>
<div class=article><h1>某市2022年统计公报</h1><p>全年全市高新技术企业达到520家，比上年增加80家。</p>
<table><tr><th>指标</th><th>2021年</th><th>2022年</th></tr><tr><td>高新技术企业(家)</td><td>440</td><td>520</td></tr>
<tr><td>科技型中小企业(家)</td><td>1,200</td><td>1500</td></tr></table></div></body></html>"""


def _docx() -> bytes:
    document = docx.Document()
    document.add_paragraph("关于某市2022年科技工作情况的报告")
    document.add_paragraph("2022年，全市新增国家高新技术企业120家。")
    document.add_paragraph("单位：家")
    table = document.add_table(rows=3, cols=3)
    for r, row in enumerate([["指标", "2021年", "2022年"], ["高新技术企业", "400", "520"], ["众创空间", "30", "36"]]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    document.add_paragraph("2022年全市科技经费投入5.6亿元。")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


Piece = tuple[str, int]  # text and its font size; a small size is set raised, as a footnote marker


def _pdf(lines: list[str | list[Piece]]) -> bytes:
    """A one-page PDF whose text layer says ``lines``: a Type0 font with a ToUnicode map, as PDF printers
    write Chinese, so the text is read the way real files are read (no font file needed)."""
    pieces = [[(line, 12)] if isinstance(line, str) else line for line in lines]
    chars = sorted({c for line in pieces for text, _ in line for c in text})
    mapping = "\n".join(f"<{ord(c):04X}> <{ord(c):04X}>" for c in chars)
    cmap = ("/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Uni def "
            "1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
            f"{len(chars)} beginbfchar\n{mapping}\nendbfchar endcmap CMapName currentdict /CMap defineresource pop end end")
    content = "\n".join(
        f"BT 50 {800 - 20 * i} Td " + " ".join(
            f"/F1 {size} Tf {0 if size >= 12 else 5} Ts <{''.join(f'{ord(c):04X}' for c in text)}> Tj" for text, size in line)
        + " ET" for i, line in enumerate(pieces))

    def stream(body: str) -> str:
        return f"<< /Length {len(body.encode())} >>\nstream\n{body}\nendstream"

    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        stream(content),
        "<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /Identity-H /DescendantFonts [6 0 R] "
        "/ToUnicode 7 0 R >>",
        "<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 1000 >>",
        stream(cmap),
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n{body}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{offset:010d} 00000 n \n" for offset in offsets).encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def _csv() -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["title", "publish_date", "full_text"])
    writer.writerow(["2023年某省政府工作报告", "2023-01-15",
                     "过去一年，全省高新技术企业达到1.2万家。\n全省技术合同成交额超过500亿元。"])
    writer.writerow(["某市科技局2022年工作总结", "2022-12-20", "截至2022年底，全市建有众创空间45家，其中国家级12家。"])
    return out.getvalue().encode("utf-8-sig")


_GBK_TEXT = "某区2016年政府工作报告\r\n\r\n2015年，全区高新技术企业达到45家，比上年增加6家。\r\n全区技术合同成交额3.2亿元。\r\n"


@dataclass(frozen=True)
class Expected:
    claims: set[ClaimKey]
    title: str
    published: str  # ISO date as in the documents table, or ''
    publisher: str


@dataclass(frozen=True)
class Case:
    name: str  # the file name: its suffix chooses the reader
    make: Callable[[], bytes]
    docs: tuple[Expected, ...]


CASES = [
    Case("bulletin.html", _page("某市2022年科技创新统计公报 _ 中国宜春"),
         (Expected(_PAGE_CLAIMS, "某市2022年科技创新统计公报", "2023-03-31", "某市统计局"),)),
    # A defaced page: spam after the title and in place of the publisher; 来源 names the real one.
    Case("defaced.shtml", _page("某市2022年科技创新统计公报-人生就是博尊龙凯时", organ="人生就是博尊龙凯时", source="某市科技局"),
         (Expected(_PAGE_CLAIMS, "某市2022年科技创新统计公报", "2023-03-31", "某市科技局"),)),
    Case("short.htm", _SHORT_PAGE.encode, (Expected(
        {("520家", 520.0, "high_tech_enterprises", 2022), ("80家", 80.0, "high_tech_enterprises", 2022),
         ("440", 440.0, "high_tech_enterprises", 2021), ("520", 520.0, "high_tech_enterprises", 2022),
         ("1,200", 1200.0, "tech_smes", 2021), ("1500", 1500.0, "tech_smes", 2022)},
        "某市2022年统计公报", "2023-03-31", "某市统计局"),)),
    Case("report.docx", _docx, (Expected({
        ("120家", 120.0, "high_tech_enterprises", 2022),
        ("400", 400.0, "high_tech_enterprises", 2021), ("520", 520.0, "high_tech_enterprises", 2022),
        ("30", 30.0, "maker_spaces", 2021), ("36", 36.0, "maker_spaces", 2022),
        ("5.6亿元", 5.6e8, "funding", 2022),
    }, "关于某市2022年科技工作情况的报告", "", ""),)),
    Case("summary.pdf", lambda: _pdf(["某市2022年科技统计公报", "截至2022年底，全市高新技术企业达到520家，比上年增加80家。",
                                      "全年技术合同成交额120亿元。"]),
         (Expected({("520家", 520.0, "high_tech_enterprises", 2022), ("80家", 80.0, "high_tech_enterprises", 2022),
                    ("120亿元", 1.2e10, "tech_contract_turnover", 2022)}, "某市2022年科技统计公报", "", ""),)),
    # A footnote marker set small before a number, and a sentence wrapped at the page edge.
    Case("footnote.pdf", lambda: _pdf([[("截至2022年底，全市高新技术企业", 12), ("1", 6), ("520家，比上年", 12)],
                                       "增加80家；全市技术合同成交额达到", "120亿元。"]),
         (Expected({("520家", 520.0, "high_tech_enterprises", 2022), ("80家", 80.0, "high_tech_enterprises", 2022),
                    ("120亿元", 1.2e10, "tech_contract_turnover", 2022)}, "footnote", "", ""),)),
    Case("export.csv", _csv, (
        Expected({("1.2万家", 12000.0, "high_tech_enterprises", 2022),
                  ("超过500亿元", 5e10, "tech_contract_turnover", 2022)}, "2023年某省政府工作报告", "2023-01-15", ""),
        Expected({("45家", 45.0, "maker_spaces", 2022), ("12家", 12.0, "maker_spaces", 2022)},
                 "某市科技局2022年工作总结", "2022-12-20", ""),
    )),
    Case("report-gbk.txt", lambda: _GBK_TEXT.encode("gbk"), (Expected({
        ("45家", 45.0, "high_tech_enterprises", 2015), ("6家", 6.0, "high_tech_enterprises", 2015),
        ("3.2亿元", 3.2e8, "tech_contract_turnover", 2015),
    }, "某区2016年政府工作报告", "", ""),)),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_format_gives_claims_and_metadata(case: Case, tmp_path: Path) -> None:
    path = tmp_path / case.name
    path.write_bytes(case.make())
    docs = load_all(path)
    assert len(docs) == len(case.docs)
    for doc, expected in zip(docs, case.docs, strict=True):
        claims, info = _claims(doc)
        assert claims == expected.claims
        assert (info["title"], info["published"], info["publisher"]) == (expected.title, expected.published, expected.publisher)


def test_gbk_text_keeps_its_characters_and_line_endings(tmp_path: Path) -> None:
    path = tmp_path / "report-gbk.txt"
    path.write_bytes(_GBK_TEXT.encode("gbk"))
    assert load_all(path)[0].text == _GBK_TEXT


def test_docx_tables_stay_in_document_order_header_first(tmp_path: Path) -> None:
    path = tmp_path / "report.docx"
    path.write_bytes(_docx())
    lines = load_all(path)[0].text.split("\n")
    assert lines[2:6] == ["单位：家", "| 指标 | 2021年 | 2022年 |", "| 高新技术企业 | 400 | 520 |", "| 众创空间 | 30 | 36 |"]


def test_html_info_block_beats_meta_tags() -> None:
    from lxml import html

    info = page_info(html.document_fromstring(_page("某市2022年科技创新统计公报 _ 中国宜春")()))
    assert info.index_no == "014717475N/2023-0032866"
    assert info.published == dt.date(2023, 3, 31)  # the meta tag says 2023-05-16: the day it was re-posted


# --- twins in the real corpus ------------------------------------------------------------------------

def _section(doc: Document, start_word: str, end_line: str) -> set[tuple[str, float, int | None]]:
    """(indicator, value, year) of the claims from the line holding ``start_word`` to the next line matching ``end_line``."""
    claims, _ = process_document(doc)
    start = doc.text.rfind("\n", 0, doc.text.index(start_word)) + 1
    end = regex.compile(end_line, regex.MULTILINE).search(doc.text, start).start()
    return {(c.indicator, c.value, c.year) for c in claims if start <= c.start < end}


@needs_shared
def test_html_bulletin_matches_its_text_twin() -> None:
    page = load_all(REAL / "jiangxi_2022_stat_bulletin_page.html")[0]
    text = load_all(REAL / "jiangxi_2022_stat_bulletin_1.txt")[0]
    section = ("科学技术与教育", r"^\s*\d*\s*文化")
    assert _section(page, *section) == _section(text, *section)
    assert len(_section(page, *section)) >= 20
    _, page_row = process_document(page)
    _, text_row = process_document(text)
    assert page_row["title"] == text_row["title"] == "江西省2022年国民经济和社会发展统计公报"
    assert page_row["published"] == text_row["published"] == "2023-03-31"


@needs_shared
def test_gbk_work_report_matches_its_utf8_twin() -> None:
    gbk = load_all(REAL / "neimenggu-hailaer_2016_gov_work_report_GBK.txt")[0]
    utf8 = load_all(REAL / "neimenggu-hailaer_2016_gov_work_report_1.txt")[0]
    gbk_claims = sorted((c.text, c.start, c.indicator, c.value, c.year) for c in process_document(gbk)[0])
    utf8_claims = sorted((c.text, c.start, c.indicator, c.value, c.year) for c in process_document(utf8)[0])
    assert gbk_claims == utf8_claims
    assert gbk_claims
