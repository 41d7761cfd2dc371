"""`yuqing import-report` over many files: every bad file named with its line and item, the good
ones stored each in its own transaction, a table at the end, exit code 2 when any failed; the
hostile inputs of ../shared/evaldata/zh_hostile_cases/cli each give one clear message."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import EVALDATA, EXAMPLES, yuqing

FORMS = EVALDATA / "zh_report_forms"
HOSTILE = EVALDATA / "zh_hostile_cases" / "cli"
EXAMPLE_537 = EXAMPLES / "report-537-2024-08.md"
EXAMPLE_538 = EXAMPLES / "report-538-2024-09.md"


def _issues() -> str:
    return yuqing("issue", "list").stdout


def test_good_and_bad_files_together(backend_url: str, tmp_path: Path) -> None:
    folder = tmp_path / "月报"
    folder.mkdir()
    shutil.copy(FORMS / "000" / "aN.docx", folder / "537.docx")
    shutil.copy(FORMS / "002" / "b.pdf", folder / "538.pdf")
    good = EXAMPLE_537.read_text("utf-8")
    (folder / "no-link.md").write_text(
        good.replace("<https://news.ynet.com/2024/08/12/3796360t70.html>", ""), "utf-8"
    )
    (folder / "cut.md").write_text(good[: len(good) // 2], "utf-8")
    (folder / "~$537.docx").write_bytes(b"Word's lock file")
    notes = tmp_path / "notes.txt"
    notes.write_text("会议纪要\n今天讨论了电子病历。\n", "utf-8")
    proc = yuqing("import-report", str(folder), str(notes), str(tmp_path / "missing.md"), check=False)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    err = proc.stderr
    assert f"{folder / 'no-link.md'}:" in err and "item 2 “创新医学 智慧医疗”" in err and "has no link" in err
    assert f"{folder / 'cut.md'}:" in err and "contents entry 4" in err and "is the file complete" in err
    assert f"{notes}:" in err and f"{tmp_path / 'missing.md'}: no such file" in err
    assert "~$537" not in proc.stdout + err  # Word's lock files are not reports
    assert "2 of 6 files imported: 8 items, 8 new articles; 4 not imported" in proc.stdout
    listing = _issues()
    assert "537" in listing and "538" in listing and "frozen" in listing


def test_all_or_nothing_stores_nothing_when_one_file_is_bad(home: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.md"
    bad.write_text(EXAMPLE_537.read_text("utf-8").replace("<https://www", "<ftp://www"), "utf-8")
    proc = yuqing("import-report", "--all-or-nothing", str(EXAMPLE_538), str(bad), check=False)
    assert proc.returncode == 2 and "is not a URL" in proc.stderr
    assert "not stored (--all-or-nothing)" in proc.stderr
    assert "0 of 2 files imported: 0 items, 0 new articles; 2 not imported" in proc.stdout
    assert "538" not in _issues()
    proc = yuqing("import-report", "--all-or-nothing", str(EXAMPLE_537), str(EXAMPLE_538))
    assert "2 of 2 files imported: 8 items, 8 new articles" in proc.stdout


def test_a_file_the_store_refuses_is_rolled_back_and_says_so(home: Path, tmp_path: Path) -> None:
    yuqing("issue", "new", "2024-07", "--number", "537")  # the number the file will ask for
    proc = yuqing("import-report", str(EXAMPLE_537), str(EXAMPLE_538), check=False)
    assert proc.returncode == 2 and "issue number 537 is already used by 2024-07" in proc.stderr
    assert "1 of 2 files imported: 4 items, 4 new articles; 1 not imported" in proc.stdout
    assert "not stored" in proc.stdout
    assert "2024-08-01" not in _issues()


ITEM_1 = "item 1 “湘企携手北大第一医院共建AI实验室 | 湖南日…”"
HOSTILE_MESSAGES = {
    "rep_bad_date.md": ":9: masthead date 2024年13月45日 is not a real date",
    "rep_number_huge.md": ":5: issue number '第九九九九九九九九九九九九九九九九九九九九期' is not plausible",
    "rep_badzip.docx": ": not a readable Word .docx file (malformed package",
    "rep_truncated.docx": ": not a readable Word .docx file (File is not a zip file)",
    "rep_random.docx": ": not a .docx file, nor readable text",
    "rep_truncated.md": ":23: contents entry 4: the contents list names “研发“机器人医生”",
    "rep_bad_url.md": f":36: {ITEM_1}: link 'http://www.hunantoday.cn:abc",
    "rep_ftp_url.md": f":36: {ITEM_1}: link 'ftp://www.hunantoday.cn/x.html' "
    "is not a URL: a web address starts with http:// or https://",
    "rep_no_link.md": f":28: {ITEM_1}: has no link",
    "rep_no_number.md": ":3: no issue number such as （第五三七期）",
    "rep_dup_items.md": ":157: item 5 “湘企携手北大第一医院共建AI实验室 | 湖南日…”: "
    "has the same link as item 1",
    "rep_binary.md": ": not a text file in UTF-8, UTF-16 or GB18030",
    "rep_empty.md": ": the file is empty",
    "rep_shuffled.md": ": no item such as 1.标题：… found",
}
WHOLE = ["rep_ok.md", "rep_html.md", "rep_nul.md", "rep_text_as.docx"]


def test_hostile_reports_each_get_a_clear_message_in_one_run(home: Path) -> None:
    files = [str(HOSTILE / name) for name in [*HOSTILE_MESSAGES, *WHOLE]]
    proc = yuqing("import-report", *files, check=False)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    for name, expected in HOSTILE_MESSAGES.items():
        assert f"error: {HOSTILE / name}{expected}" in proc.stderr, name
    # the whole ones come in, with a word where something was changed
    assert "4 of 18 files imported: 16 items, 4 new articles; 14 not imported" in proc.stdout
    assert "4 control characters (such as NUL) removed, on lines 38, 62, 82, 136" in proc.stderr
    assert "rep_text_as.docx: named .docx but it is a text file; read as text" in proc.stderr
    report = yuqing("report", "2024-08", "--out", "-").stdout
    assert "<html>" not in report and "\x00" not in report and "湘企携手" in report
