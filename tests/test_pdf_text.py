"""How the PDF reader puts a page's lines back into running text."""

from __future__ import annotations

import pytest

from extractors.pdf_text import join_wrapped_lines, without_markers

CASES = [
    # A sentence broken at the page edge is one line again.
    ("2021年，全市常住人口总量达到了\n1761.48万人，其中男性969.57万人。",
     "2021年，全市常住人口总量达到了1761.48万人，其中男性969.57万人。"),
    ("截至年底，全市共有高新技术企业\r\n520家。", "截至年底，全市共有高新技术企业520家。"),
    # A page break after a comma: the blank lines between the pages go too.
    ("婴儿死亡率为 1.1‰，其中男婴为 1.0‰，\n\n\n女婴为 1.1‰。\n\n二、教育",
     "婴儿死亡率为 1.1‰，其中男婴为 1.0‰，女婴为 1.1‰。\n\n二、教育"),
    # A running header at the top of the next page is not glued into the sentence.
    ("全年婴儿死亡率为1.1‰，其中男婴为1.0‰，\n\n吉林省2021年国民经济和社会发展统计公报\n女婴为1.1‰。",
     "全年婴儿死亡率为1.1‰，其中男婴为1.0‰，\n\n吉林省2021年国民经济和社会发展统计公报\n女婴为1.1‰。"),
    # A finished sentence, a heading, a title and a short line stay where they are.
    ("全市高新技术企业达到520家。\n技术合同成交额120亿元。", "全市高新技术企业达到520家。\n技术合同成交额120亿元。"),
    ("某市2022年科技统计公报\n截至2022年底，全市高新技术企业达到520家。",
     "某市2022年科技统计公报\n截至2022年底，全市高新技术企业达到520家。"),
    ("一、科技创新\n全市高新技术企业520家。", "一、科技创新\n全市高新技术企业520家。"),
    # Table rows and the caption before a table are never glued to prose.
    ("福田区 124.88 60.48 64.40\n罗湖区 73.40 35.61 37.79", "福田区 124.88 60.48 64.40\n罗湖区 73.40 35.61 37.79"),
    ("各区常住人口情况，分区数据见下表\n表1 2021年分区常住人口", "各区常住人口情况，分区数据见下表\n表1 2021年分区常住人口"),
    ("全市常住人口总量达到了1761.48万人，\n福田 罗湖 盐田 南山", "全市常住人口总量达到了1761.48万人，\n福田 罗湖 盐田 南山"),
    # 表/图 start a caption only before its number: 表明 and 图书馆 are words of the sentence.
    ("全市高新技术企业数量比上年增长较快，\n表明创新活力持续增强。",
     "全市高新技术企业数量比上年增长较快，表明创新活力持续增强。"),
    ("", ""),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_join_wrapped_lines(text: str, expected: str) -> None:
    assert join_wrapped_lines(text) == expected


def _sized(*pieces: tuple[str, float]) -> tuple[str, list[float]]:
    return "".join(p for p, _ in pieces), [size for p, size in pieces for _ in p]


MARKER_CASES = [
    # A footnote marker before a number, and one after a number at a line's end, go.
    (_sized(("常住人口", 16), ("1", 8), ("1761.48万人", 16)), "常住人口1761.48万人"),
    (_sized(("性别比为122.44", 16), ("\r\n", 1), ("3", 8), ("。", 16)), "性别比为122.44\r\n。"),
    (_sized(("注释", 16), ("*", 8), ("见下表", 16)), "注释见下表"),
    # A table set smaller than the prose after it keeps its digits; so does a number of any size.
    (_sized(("111.57 15.94", 9), ("\r\n", 1), ("2021年,深圳市", 16)), "111.57 15.94\r\n2021年,深圳市"),
    (_sized(("人口", 16), ("1234", 8), ("人", 16)), "人口1234人"),
    (_sized(("共有", 16), ("52", 16), ("家", 16)), "共有52家"),
    (_sized(("", 16)), ""),
]


@pytest.mark.parametrize(("sized", "expected"), MARKER_CASES)
def test_footnote_markers_go_numbers_stay(sized: tuple[str, list[float]], expected: str) -> None:
    assert without_markers(*sized) == expected
