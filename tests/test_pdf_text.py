"""How the PDF reader puts a page's lines back into running text."""

from __future__ import annotations

import pytest

from extractors.pdf_text import join_wrapped_lines

CASES = [
    # A sentence broken at the page edge is one line again.
    ("2021年，全市常住人口总量达到了\n1761.48万人，其中男性969.57万人。",
     "2021年，全市常住人口总量达到了1761.48万人，其中男性969.57万人。"),
    ("截至年底，全市共有高新技术企业\r\n520家。", "截至年底，全市共有高新技术企业520家。"),
    # A finished sentence, a heading, a title and a short line stay where they are.
    ("全市高新技术企业达到520家。\n技术合同成交额120亿元。", "全市高新技术企业达到520家。\n技术合同成交额120亿元。"),
    ("某市2022年科技统计公报\n截至2022年底，全市高新技术企业达到520家。",
     "某市2022年科技统计公报\n截至2022年底，全市高新技术企业达到520家。"),
    ("一、科技创新\n全市高新技术企业520家。", "一、科技创新\n全市高新技术企业520家。"),
    # Table rows and the caption before a table are never glued to prose.
    ("福田区 124.88 60.48 64.40\n罗湖区 73.40 35.61 37.79", "福田区 124.88 60.48 64.40\n罗湖区 73.40 35.61 37.79"),
    ("各区常住人口情况，分区数据见下表\n表1 2021年分区常住人口", "各区常住人口情况，分区数据见下表\n表1 2021年分区常住人口"),
    ("全市常住人口总量达到了1761.48万人，\n福田 罗湖 盐田 南山", "全市常住人口总量达到了1761.48万人，\n福田 罗湖 盐田 南山"),
    ("", ""),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_join_wrapped_lines(text: str, expected: str) -> None:
    assert join_wrapped_lines(text) == expected
