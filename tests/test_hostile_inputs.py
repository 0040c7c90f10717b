"""Hostile inputs (issue 6): whatever an analyst scraped, the batch goes on, every input is reported
as ok, skipped or failed with a reason naming the file, and no output file is left half-written.

The inputs are generated here, in a temporary directory, never committed.
"""

from __future__ import annotations

import contextlib
import io
import multiprocessing
import os
import random
import re
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pandas as pd
import pytest
import regex
from pypdf import PdfWriter

from extractors import read_table, table
from extractors.cli import main
from extractors.loading import Document, printable

GOOD = "截至2020年底,全省高新技术企业数量达10400家,位居全国第七。"
PURE = "截至二〇二〇年底，全省高新技术企业数量达10400家，位居全国第七。"  # no ASCII: UTF-16 without NUL bytes
UNDATED = "全省高新技术企业数量达10400家,位居全国第七。"
GBK_NAME = os.fsdecode(b"\xd6\xd0\xce\xc4-gbk-name.txt")  # a name that is not UTF-8, as unzipped from Windows


def _pdf(user: str | None = None, owner: str | None = None) -> bytes:
    """A one-page PDF without a text layer, encrypted when a password is given."""
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    if user is not None:
        writer.encrypt(user_password=user, owner_password=owner)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def good(n: int) -> str:
    """GOOD with another figure: each input of a batch has its own text (a repeated text is skipped)."""
    return GOOD.replace("10400", str(10400 + n))


def _docx(text: str = GOOD) -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _zip_bomb(megabytes: int) -> bytes:
    """A real DOCX whose word/document.xml inflates to ``megabytes`` of spaces (about 1,000-fold)."""
    source = zipfile.ZipFile(io.BytesIO(_docx()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bomb:
        for info in source.infolist():
            if info.filename != "word/document.xml":
                bomb.writestr(info, source.read(info))
                continue
            with bomb.open("word/document.xml", "w", force_zip64=True) as part:
                for _ in range(megabytes):
                    part.write(b" " * 2**20)
    return out.getvalue()


def _nested_html(depth: int, text: str = GOOD) -> bytes:
    return ("<html><body>" + "<div>" * depth + f"<p>{text}</p>" + "</div>" * depth + "</body></html>").encode()


def _huge_html(megabytes: int) -> bytes:
    paragraph = "<p>" + "各地积极推进科技创新工作,取得明显成效。" * 10 + GOOD + "</p>\n"
    return ("<html><head><title>工作报告</title></head><body>"
            + paragraph * (megabytes * 2**20 // len(paragraph.encode())) + "</body></html>").encode()


def _random_bytes(n: int) -> bytes:
    return random.Random(6).randbytes(n)


# (file name, its bytes, expected status, what the reason must say)
HOSTILE: list[tuple[str, Callable[[], bytes], str, str]] = [
    ("empty.txt", lambda: b"", "skipped", "empty"),
    ("whitespace.txt", lambda: b" \r\n\t\n", "skipped", "empty"),
    ("whitespace-utf16.txt", lambda: " \n".encode("utf-16"), "skipped", "empty"),
    ("random.txt", lambda: _random_bytes(20_000), "failed", "binary"),
    ("image.txt", lambda: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + _random_bytes(5000), "failed", "binary"),
    ("nul-heavy.txt", lambda: b"\x00\x01\x02\xff" * 500, "failed", "binary"),
    ("stray-nul.txt", lambda: good(1).encode() + b"\x00" + good(1).encode(), "ok", ""),
    ("invalid-utf8.txt", lambda: good(2).encode() + b"\xff\xfe\xfa" + good(2).encode(), "ok", "not clean UTF-8"),
    ("truncated-utf8.txt", lambda: (good(3) * 3).encode()[:-1], "ok", "not clean UTF-8"),
    ("utf16le-no-bom.txt", lambda: good(4).encode("utf-16-le"), "ok", ""),
    ("utf16be-no-bom.txt", lambda: PURE.encode("utf-16-be"), "ok", ""),
    ("utf16-odd-length.txt", lambda: good(5).encode("utf-16") + b"\x00", "ok", "not clean UTF-16"),
    ("mixed-lines.txt", lambda: (good(6) + "\n").encode() + (GOOD + "\n").encode("gbk") + GOOD.encode("big5", "replace"),
     "ok", "not clean UTF-8"),
    ("gbk-truncated.txt", lambda: (good(7) * 20).encode("gbk") + "截".encode("gbk")[:1], "ok", "not clean GB18030"),
    (GBK_NAME, lambda: good(8).encode(), "ok", ""),
    ("no-suffix", lambda: good(9).encode(), "ok", ""),
    ("sheet.xlsx", lambda: b"PK\x03\x04" + _random_bytes(100), "skipped", "unsupported file type"),
    ("deep.html", lambda: _nested_html(1000, good(10)), "ok", ""),
    ("bottomless.html", lambda: _nested_html(100_000), "failed", "nests its tags over 2,048 deep"),
    ("huge.html", lambda: _huge_html(2), "ok", ""),
    ("scripts-only.html", lambda: b"<html><script>" + b"var a=1;" * 1000 + b"</script></html>", "failed", "no main text"),
    ("zip-bomb.docx", lambda: _zip_bomb(64), "skipped", "zip bomb"),
    ("ratio-bomb.docx", lambda: _zip_bomb(8), "skipped", "zip bomb"),
    ("not-a-zip.docx", lambda: b"PK\x03\x04" + _random_bytes(1000), "failed", "not a readable Word document"),
    ("old-word.docx", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + _random_bytes(1000), "failed", ".doc"),
    ("no-body.docx", lambda: _docx()[:600], "failed", "not a readable Word document"),
    ("word.docx", lambda: _docx(good(11)), "ok", ""),
    ("password.pdf", lambda: _pdf(user="secret"), "failed", "encrypted"),
    ("print-restricted.pdf", lambda: _pdf(user="", owner="owner"), "failed", "no text layer"),  # opened, then found blank
    ("scanned.pdf", _pdf, "failed", "no text layer"),
    ("corrupt.pdf", lambda: b"%PDF-1.7\n" + _random_bytes(3000), "failed", "unreadable PDF"),
    ("truncated.pdf", lambda: _pdf()[:300], "failed", "PDF"),
    ("pdf-named.txt", _pdf, "failed", "no text layer"),
    ("no-text-column.csv", lambda: "标题,日期\n答复,2021-01-01\n".encode(), "failed", "no text column"),
    ("export.csv", lambda: f'title,text\n答复,"{good(12)}"\n空,\n'.encode("gb18030"), "ok", ""),
]


@pytest.fixture(scope="module")
def batch_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[pd.DataFrame, str, int, Path]:
    """One batch over every hostile input and a good file: the status report, stderr, exit code, output."""
    root = tmp_path_factory.mktemp("hostile")
    (root / "in").mkdir()
    for name, make, _, _ in HOSTILE:
        (root / "in" / name).write_bytes(make())
    (root / "in" / "good.txt").write_text(GOOD, encoding="utf-8")
    out, report = root / "out" / "claims.csv", root / "out" / "report.csv"
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        code = main(["extract", str(root / "in"), "-o", str(out), "--report", str(report), "-q", "--workers", "2"])
    return read_table(report).fillna(""), err.getvalue(), code, out


def _status(report: pd.DataFrame, name: str) -> dict:
    rows = report[report["path"].map(lambda p: Path(p).name.split("#")[0]) == printable(name)]
    assert len(rows) >= 1, f"{name} is missing from the report"
    return rows.iloc[0].to_dict()


@pytest.mark.parametrize(("name", "make", "status", "reason"), HOSTILE, ids=[printable(h[0]) for h in HOSTILE])
def test_every_hostile_input_is_reported_with_its_reason(batch_run: tuple, name: str, make: Callable, status: str,
                                                         reason: str) -> None:
    report, err, _, _ = batch_run
    row = _status(report, name)
    assert row["status"] == status, row
    assert reason in row["reason"] if reason else row["reason"] == "", row  # an ok file read cleanly says nothing
    if status == "ok":
        assert row["claims"] > 0, row
    else:
        # The message names the file and the problem, on its own line of the summary.
        assert row["reason"].startswith(printable(name) + ": "), row
        assert f"{status}: {row['reason']}" in err.splitlines()


def test_the_batch_reports_every_input_once_and_writes_what_it_could(batch_run: tuple) -> None:
    report, err, code, out = batch_run
    names = sorted(Path(p).name.split("#")[0] for p in report["path"])
    assert names == sorted([printable(h[0]) for h in HOSTILE] + ["good.txt"])
    counts = report["status"].value_counts()
    claims = read_table(out)
    summary = (f"read {len(report)} documents (ok {counts['ok']}, skipped {counts['skipped']}, "
               f"failed {counts['failed']}), found {len(claims)} claims, wrote {out}")
    assert code == 0 and err.splitlines()[0] == summary
    assert report["claims"].sum() == len(claims)
    assert set(claims["source"]) >= {"good.txt", printable(GBK_NAME)}


def test_a_large_single_line_file_finishes_with_claims(tmp_path: Path) -> None:
    """About 20 MB on one line: no paragraph or line break for the context windows to stop at."""
    filler = "各地积极推进科技创新工作,各方面反映良好," * 12
    blocks = 20 * 2**20 // len((filler + UNDATED).encode())
    (tmp_path / "line.txt").write_text("".join(filler + (GOOD if i % 100 == 0 else UNDATED) for i in range(blocks)),
                                       encoding="utf-8")
    out = tmp_path / "claims.parquet"
    assert main(["extract", str(tmp_path / "line.txt"), "-o", str(out), "-q", "--workers", "1"]) == 0
    claims = read_table(out)
    assert len(claims) >= blocks
    text = pd.read_parquet(tmp_path / "claims.documents.parquet")["text"][0]
    sample = claims.sample(50, random_state=0)
    assert all(text[s:e] == t for s, e, t in zip(sample["start"], sample["end"], sample["text"], strict=True))


def test_many_tiny_files_each_appear_in_the_report(tmp_path: Path) -> None:
    for i in range(2000):
        (tmp_path / "in" / f"{i // 100:02d}").mkdir(parents=True, exist_ok=True)
        (tmp_path / "in" / f"{i // 100:02d}" / f"{i:04d}.txt").write_text(f"{GOOD}\n编号{i}", encoding="utf-8")
    report = tmp_path / "report.csv"
    assert main(["extract", str(tmp_path / "in"), "-o", str(tmp_path / "c.csv"), "--report", str(report),
                 "-q", "--workers", "2"]) == 0
    statuses = read_table(report)
    assert len(statuses) == 2000 and set(statuses["status"]) == {"ok"}
    assert [Path(p).name for p in statuses["path"]] == [f"{i:04d}.txt" for i in range(2000)]
    assert statuses["claims"].sum() == len(read_table(tmp_path / "c.csv"))


@pytest.mark.parametrize("workers", [1, 2])
def test_a_text_read_twice_counts_once(tmp_path: Path, workers: int) -> None:
    """The same page saved twice, the same row exported twice: their claims must not count twice."""
    (tmp_path / "a_report.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b_copy.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "c_export.csv").write_text(f"title,full_text\n报告,{GOOD}另有孵化器20家。\n报告,{GOOD}另有孵化器20家。\n",
                                           encoding="utf-8")
    batch = table.extract_paths([tmp_path], workers=workers)
    statuses = [(Path(s.path).name, s.status, s.reason) for s in batch.statuses]
    assert statuses[0] == ("a_report.txt", "ok", "")
    assert statuses[1] == ("b_copy.txt", "skipped", "same text as a_report.txt")
    assert [s[1] for s in statuses[2:]] == ["ok", "skipped"] and statuses[3][2].startswith("same text as c_export.csv")
    assert len(batch.documents) == 2
    expected = len(table.extract_paths([tmp_path / "a_report.txt"]).claims) + batch.statuses[2].claims
    assert len(batch.claims) == expected == batch.documents["claims"].sum()


@pytest.mark.parametrize(("limit", "status", "reason"), [
    ("1K", "skipped", "big.txt: 8.0 KB is over the 1.0 KB limit (zhibiao extract --max-bytes raises it)"),
    ("4096", "skipped", "--max-bytes"),
    ("1M", "ok", ""),
])
def test_max_bytes_skips_larger_files(tmp_path: Path, limit: str, status: str, reason: str) -> None:
    (tmp_path / "big.txt").write_bytes(GOOD.encode().ljust(8192))
    report = tmp_path / "report.jsonl"
    main(["extract", str(tmp_path / "big.txt"), "-o", str(tmp_path / "c.csv"), "--max-bytes", limit,
          "--report", str(report), "-q"])
    row = read_table(report).iloc[0]
    assert row["status"] == status and reason in (row["reason"] or ""), row


@pytest.mark.parametrize(("limit", "bytes_"), [("50M", 50 * 2**20), ("2g", 2 * 2**30), ("1.5K", 1536), ("123", 123)])
def test_max_bytes_takes_sizes_with_units(tmp_path: Path, limit: str, bytes_: int, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[int] = []

    def extract_nothing(paths: list[str], **options: object) -> table.Batch:
        seen.append(options["max_bytes"])
        return table.Batch(table.claims_frame([]), pd.DataFrame(columns=list(table.DOCUMENT_COLUMNS)))

    monkeypatch.setattr("extractors.cli.extract_paths", extract_nothing)
    main(["extract", str(tmp_path), "-o", str(tmp_path / "c.csv"), "--max-bytes", limit, "-q"])
    assert seen == [bytes_]


def test_explicit_inputs_that_are_not_files_are_reported(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    os.mkfifo(tmp_path / "pipe.txt")  # reading it would block the batch for ever
    report = tmp_path / "r.csv"
    assert main(["extract", str(tmp_path / "gone.txt"), str(tmp_path / "pipe.txt"), str(tmp_path / "good.txt"),
                 "-o", str(tmp_path / "c.csv"), "--report", str(report), "-q"]) == 0
    rows = read_table(report).fillna("")
    assert rows[["status", "reason"]].values.tolist() == [
        ["failed", "gone.txt: cannot read the file (No such file or directory)"],
        ["skipped", "pipe.txt: not a regular file"],
        ["ok", ""],
    ]


# Stand-ins for the extraction of the document named bad.txt; module level, so worker processes find them.
_REAL_PROCESS = table.process_document


def _sleeps(doc: Document) -> None:
    time.sleep(120)  # interrupted by the deadline


def _regex_times_out(doc: Document) -> None:
    regex.search(r"(\w+\s?)+$", "a " * 5000 + "!", timeout=0.05)  # catastrophic backtracking, stopped by regex


def _raises(doc: Document) -> None:
    raise ValueError("malformed table")


def _kills_its_process(doc: Document) -> None:
    os._exit(70)


def _only_for_bad(behaviour: Callable[[Document], None]) -> Callable[[Document], tuple]:
    def process(doc: Document) -> tuple:
        return behaviour(doc) if Path(doc.source).name == "bad.txt" else _REAL_PROCESS(doc)
    return process


@pytest.mark.parametrize(("behaviour", "timeout", "reason"), [
    (_sleeps, 0.5, "bad.txt: extraction timed out (no result after 0.5 s)"),
    (_regex_times_out, 600, "bad.txt: extraction timed out (regex timed out)"),
    (_raises, 600, "bad.txt: extraction failed (ValueError: malformed table)"),
])
def test_a_document_that_runs_away_or_raises_fails_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                         behaviour: Callable, timeout: float, reason: str) -> None:
    for n, name in enumerate(("a.txt", "bad.txt", "c.txt")):
        (tmp_path / name).write_text(good(n), encoding="utf-8")
    monkeypatch.setattr(table, "process_document", _only_for_bad(behaviour))
    batch = table.extract_paths([tmp_path], timeout=timeout)
    assert [(Path(s.path).name, s.status, s.reason) for s in batch.statuses] == [
        ("a.txt", "ok", ""), ("bad.txt", "failed", reason), ("c.txt", "ok", "")]
    assert batch.failures == [(str(tmp_path / "bad.txt"), reason)]
    assert batch.documents["source"].tolist() == ["a.txt", "c.txt"]


@pytest.mark.skipif(multiprocessing.get_start_method() != "fork", reason="workers see the stand-in only when forked")
def test_a_worker_that_dies_takes_only_its_own_file_down(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    names = [f"{i}.txt" for i in range(8)] + ["bad.txt"] + [f"{i}.txt" for i in range(8, 12)]
    for n, name in enumerate(names):
        (tmp_path / name).write_text(good(n), encoding="utf-8")
    monkeypatch.setattr(table, "process_document", _only_for_bad(_kills_its_process))
    batch = table.extract_paths([tmp_path], workers=2)
    failed = [(Path(s.path).name, s.reason) for s in batch.statuses if s.status != "ok"]
    assert failed == [("bad.txt", "bad.txt: the process reading it died (out of memory, or a crash inside a parser)")]
    assert len(batch.statuses) == len(names) and len(batch.documents) == len(names) - 1


def _fails_halfway(self: pd.DataFrame, path: str | Path, *args: object, **kwargs: object) -> None:
    Path(path).write_bytes(b"half a tab")
    raise OSError(28, "No space left on device")


@pytest.mark.parametrize(("suffix", "writer"), [(".csv", "to_csv"), (".parquet", "to_parquet"), (".jsonl", "to_json")])
@pytest.mark.parametrize("existing", [None, b"the previous run's table"])
def test_a_failed_write_leaves_no_partial_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str,
                                               writer: str, existing: bytes | None) -> None:
    target = tmp_path / f"claims{suffix}"
    if existing is not None:
        target.write_bytes(existing)
    monkeypatch.setattr(pd.DataFrame, writer, _fails_halfway)
    with pytest.raises(OSError):
        table.write_table(table.claims_frame([]), target)
    assert (target.read_bytes() if target.exists() else None) == existing
    assert [p.name for p in tmp_path.iterdir()] == ([target.name] if existing is not None else [])


def test_claims_and_documents_are_replaced_together_or_not_at_all(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    out = tmp_path / "out" / "claims.csv"
    out.parent.mkdir()
    out.write_bytes(b"old claims")
    monkeypatch.setattr(pd.DataFrame, "to_parquet", _fails_halfway)  # the documents table comes second
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        code = main(["extract", str(tmp_path / "a.txt"), "-o", str(out), "-q"])
    assert code == 1 and "error: could not write" in err.getvalue() and "No space left on device" in err.getvalue()
    assert out.read_bytes() == b"old claims"
    assert sorted(p.name for p in out.parent.iterdir()) == ["claims.csv"]


@pytest.mark.parametrize("output", ["claims.xlsx", "claims"])
def test_an_unwritable_output_format_is_refused_before_any_work(tmp_path: Path, output: str,
                                                                capsys: pytest.CaptureFixture) -> None:
    (tmp_path / "a.txt").write_text("全省高新技术企业数量达10400家。", encoding="utf-8")
    assert main(["extract", str(tmp_path), "-o", str(tmp_path / output)]) == 2
    err = capsys.readouterr().err
    assert re.search(r"output must end in \.csv, \.parquet, \.jsonl", err)
    assert "found" not in err  # nothing was read
