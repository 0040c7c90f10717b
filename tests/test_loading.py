"""Loading keeps the characters of a text file exactly, whatever its encoding."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors import LoadError, extract, load

TEXT = "截至2020年底,全省高新技术企业数量达10400家。\r\n今年新增科技型中小企业1200家。\r\n"


@pytest.mark.parametrize(("encoding", "prefix"), [
    ("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("gb18030", b""), ("utf-16", b""), ("big5", b""),
])
def test_encodings_decode_to_the_same_text(tmp_path: Path, encoding: str, prefix: bytes) -> None:
    text = TEXT if encoding != "big5" else "截至2020年底,全省高新技術企業數量達10400家。\r\n今年新增科技型中小企業1200家。\r\n"
    path = tmp_path / "doc.txt"
    path.write_bytes(prefix + text.encode(encoding))
    assert load(path).text == text


def test_gbk_with_crlf_gives_the_same_claims_as_utf8(tmp_path: Path) -> None:
    (tmp_path / "u.txt").write_bytes(TEXT.encode("utf-8"))
    (tmp_path / "g.txt").write_bytes(TEXT.encode("gbk"))
    a, b = (extract(load(tmp_path / n).text, published="2021-01-01") for n in ("u.txt", "g.txt"))
    assert [(c.text, c.start, c.value, c.year) for c in a] == [(c.text, c.start, c.value, c.year) for c in b]


@pytest.mark.parametrize(("name", "data", "reason"), [
    ("empty.txt", b"", "empty"),
    ("blob.txt", b"\x00\x00\x01\x02" * 64, "binary"),
    ("x.xlsx", b"PK", "unsupported"),
    ("bad.pdf", b"%PDF-1.4 garbage", "PDF"),
])
def test_bad_files_get_a_clear_message(tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(LoadError) as info:
        load(path)
    assert name in str(info.value) and reason in str(info.value)
