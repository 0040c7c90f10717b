"""Uploads are typed by their content, not their name, and stay in a private directory."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfWriter

from dashboard.data import load_uploads, sniff_suffix

TEXT = "截至2020年底,全省高新技术企业数量达10400家。".encode()


def _pdf() -> bytes:
    buffer = io.BytesIO()
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.write(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(("name", "data", "suffix"), [
    ("a.txt", TEXT, ".txt"),
    ("a.md", TEXT, ".md"),
    ("a.csv", b"title,text\nx,y\n", ".csv"),
    ("report.txt", b"%PDF-1.7\n...", ".pdf"),
    ("report.pdf", b"<!DOCTYPE html><html><body>x</body></html>", ".html"),
    ("page.htm", b"<html><body>x</body></html>", ".html"),
    ("notes.docx", b"PK\x03\x04rest", ".docx"),
    ("evil.pdf", b"MZ\x90\x00 executable", ".txt"),
])
def test_type_comes_from_content(name: str, data: bytes, suffix: str) -> None:
    assert sniff_suffix(name, data) == suffix


def test_a_pdf_named_txt_is_read_as_a_pdf() -> None:
    dataset = load_uploads([("scan.txt", _pdf()), ("good.txt", TEXT)])
    reasons = [reason for _, reason in dataset.failures]
    assert any("text layer" in r for r in reasons), reasons
    assert dataset.claims["text"].tolist() == ["10400家"]


def test_binary_named_pdf_gets_a_clear_message() -> None:
    dataset = load_uploads([("evil.pdf", b"MZ\x90\x00\x00\x00" * 50)])
    assert dataset.claims.empty
    assert dataset.failures == [("evil.pdf", "evil.pdf: named .pdf but its content is not a PDF file")]
