"""Layout taken out of text set as printed pages (extractors/lines.py): each case is a raw text and the
text cleaning leaves of it, line breaks that belong to the layout removed and those of the text kept."""

from __future__ import annotations

import pytest

from extractors.cleaning import clean, normalize_chars

CASES = [
    # A line break inside a number, between it and its unit, scale or 年.
    ("number and unit", "有效发明专利拥有量达到54.9\n万件,比上年增长16.7%", "有效发明专利拥有量达到54.9万件,比上年增长16.7%"),
    ("scale and 元", "全市共兑现各类科技奖补资金18.6亿\n元,其中", "全市共兑现各类科技奖补资金18.6亿元,其中"),
    ("year and 年底 after a short line", "截至2023\n年底,全省高新技术企业4.28万家", "截至2023年底,全省高新技术企业4.28万家"),
    ("two cells of a column stay apart", "科技企业孵化器\n320\n84\n众创空间", "科技企业孵化器\n320\n84\n众创空间"),
    ("a heading ending in a digit", "附件2\n名词解释", "附件2\n名词解释"),
    # Page numbers and running headers inside a sentence: out, and the sentence joined.
    ("page number inside a sentence", "技术合同成交额比上年增长\n— 12 —\n53.6%。", "技术合同成交额比上年增长53.6%。"),
    ("spaced page footer", "全省国家备案众创空间数量新增\n第 3 页 共 20 页\n15家", "全省国家备案众创空间数量新增15家"),
    ("title as a running header", "过去一年,我们坚持创新驱动,全市研发经费投入增长\n贵阳市2024年政府工作报告\n15.6%。",
     "过去一年,我们坚持创新驱动,全市研发经费投入增长15.6%。"),
    ("a page number between paragraphs goes, the break stays", "全年新增企业236家。\n- 7 -\n二、主要任务",
     "全年新增企业236家。\n二、主要任务"),
    ("a repeated title after a short line is a new copy", "某省政府工作报告\n正文。\n关闭窗口\n某省政府工作报告\n正文。",
     "某省政府工作报告\n正文。\n关闭窗口\n某省政府工作报告\n正文。"),
    # Text wrapped at the page width: a vocabulary word cut by a line break joins the whole text's lines.
    ("words cut by wraps", "年末全市有效期内高新技\n术企业4512家,比上年末增加386家;科技型中\n小企业评价入库1.02万家。",
     "年末全市有效期内高新技术企业4512家,比上年末增加386家;科技型中小企业评价入库1.02万家。"),
    ("key figures one per line stay lines", "主要成绩\n高新技术企业总数达到1.4万家\n科技型中小企业评价入库1.2万家\n"
     "技术合同成交额突破1200亿元\n有效发明专利拥有量达到6.5万件", "主要成绩\n高新技术企业总数达到1.4万家\n"
     "科技型中小企业评价入库1.2万家\n技术合同成交额突破1200亿元\n有效发明专利拥有量达到6.5万件"),
    ("a heading stays a line", "一、科技创新\n全省高新技术企业达到4512家。", "一、科技创新\n全省高新技术企业达到4512家。"),
    ("a prose line ending in 比", "经费投入421.6亿元,比\n2020年增长45.3%。", "经费投入421.6亿元,比2020年增长45.3%。"),
    ("a heading ending in 比", "人口规模与性别比\n2022年,全市常住人口100万人", "人口规模与性别比\n2022年,全市常住人口100万人"),
    # A line ending with a comma goes on; bullet lines under a lead ending with a colon are its paragraph; a level
    # and the word it grades.
    ("a line ending with a comma", "首次突破千亿大关,\n同比增长28.4%。", "首次突破千亿大关,同比增长28.4%。"),
    ("a line ending with a full stop stays", "首次突破千亿大关。\n同比增长28.4%。", "首次突破千亿大关。\n同比增长28.4%。"),
    ("bullet lines under a colon lead", "主要指标呈现态势:\n——新认定高新技术企业412家;\n——技术合同成交额186.7亿元。",
     "主要指标呈现态势:--新认定高新技术企业412家;--技术合同成交额186.7亿元。"),
    ("a post's emoji bullets and their value lines under a lead ending with 👇",
     "2023年郑州市科技创新数据来啦👇\n💰 全社会研发投入\n312.6亿元\n同比增长11.6%\n📈 技术合同成交额\n560.9亿元",
     "2023年郑州市科技创新数据来啦👇💰 全社会研发投入312.6亿元同比增长11.6%📈 技术合同成交额560.9亿元"),
    ("value lines without a bullet before them stay", "数据来啦:\n312.6亿元\n同比增长11.6%",
     "数据来啦:\n312.6亿元\n同比增长11.6%"),
    ("bullet lines without a colon lead stay", "主要指标\n——新认定高新技术企业412家;\n——技术合同成交额186.7亿元。",
     "主要指标\n--新认定高新技术企业412家;\n--技术合同成交额186.7亿元。"),
    ("a level cut from its word", "国家级高新区8个,省级\n高新技术产业开发区20个。",
     "国家级高新区8个,省级高新技术产业开发区20个。"),
    # OCR: a space inside a word of the vocabulary, a break after a decimal point or a range's dash; not a list's
    # number on a short line, nor spaces between words of a table row.
    ("a space inside a word", "全市高新 技术企业达到1200家", "全市高新技术企业达到1200家"),
    ("spaces between words stay", "序号 项目名称 金额", "序号 项目名称 金额"),
    ("a break after a decimal point", "全省研发经费投入达到769.\n6亿元", "全省研发经费投入达到769.6亿元"),
    ("a break after a range's dash", "每项支持资金为50-\n100万元", "每项支持资金为50-100万元"),
    ("a list's number on its own line stays", "1.\n2023年新增高新技术企业100家", "1.\n2023年新增高新技术企业100家"),
    # Letter-spaced headings read as words.
    ("letter-spaced place heading", "( 三 ) 泉 州 市\n2023年,全市新增企业412家", "(三)泉州市\n2023年,全市新增企业412家"),
    ("markdown table rows stay rows", "| 指标 | 单位 | 绝对数 |\n|---|---|---|\n| 技术合同成交额 | 亿元 | 2001.1 |",
     "| 指标 | 单位 | 绝对数 |\n|---|---|---|\n| 技术合同成交额 | 亿元 | 2001.1 |"),
]


@pytest.mark.parametrize(("raw", "expected"), [pytest.param(raw, want, id=name) for name, raw, want in CASES])
def test_layout_is_taken_out(raw: str, expected: str) -> None:
    cleaned = clean(raw)
    assert cleaned.text == expected
    for i, ch in enumerate(cleaned.text):  # every kept character maps back to itself in the raw text
        start, end = cleaned.to_raw(i, i + 1)
        assert normalize_chars(cleaned.raw[start:end]) == ch


def test_a_running_title_given_by_the_caller_is_taken_out() -> None:
    raw = "研究与试验发展经费投入达到\n江苏省2023年国民经济和社会发展统计公报\n3800亿元。"
    assert clean(raw, "江苏省2023年国民经济和社会发展统计公报").text == "研究与试验发展经费投入达到3800亿元。"
