"""Bad input is named by file and line and stores nothing; good input is stored once."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import EXAMPLES, yuqing


def jsonl(path: Path, rows: list[object]) -> Path:
    path.write_text(
        "\n".join(r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in rows) + "\n",
        "utf-8",
    )
    return path


ROW = {
    "url": "https://www.bjnews.com.cn/detail/1724837293129337.html",
    "title": "研发“机器人医生”，北京儿童医院探索AI赋能儿科资源下沉",
    "outlet": "新京报",
    "published": "2024-08-28T10:30:00+08:00",
    "text": "新京报讯（记者戴轩）小动物的造型……\n\n8月28日，国家儿童医学中心北京儿童医院与百川智能签约。",
    "html": "<html><body><p>原始页面</p></body></html>",
}


def test_ingest_stores_once_and_updates_on_the_same_url(home: Path, tmp_path: Path) -> None:
    other = dict(
        ROW,
        url="https://news.ynet.com/2024/08/12/3796360t70.html",
        title="创新医学 智慧医疗",
        outlet="北青网",
    )
    first = yuqing("ingest", str(jsonl(tmp_path / "a.jsonl", [ROW, other]))).stdout
    assert "2 articles, 2 new, 0 updated" in first
    changed = dict(ROW, url=ROW["url"] + "?utm_source=weixin", title="机器人医生走进千家万户")
    again = yuqing("ingest", str(jsonl(tmp_path / "b.jsonl", [changed]))).stdout
    assert "1 articles, 0 new, 1 updated" in again
    found = yuqing("search", "机器人医生").stdout
    assert "机器人医生走进千家万户" in found and "2024-08-28" in found
    assert "1 results" in found


def test_a_bad_json_line_names_file_and_line_and_stores_nothing(home: Path, tmp_path: Path) -> None:
    bad = jsonl(tmp_path / "bad.jsonl", [ROW, '{"url": "https://a.cn/1", "title": "x", ', ROW])
    proc = yuqing("ingest", str(bad), check=False)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert f"{bad}:2:" in proc.stderr and "not valid JSON" in proc.stderr
    missing = jsonl(tmp_path / "missing.jsonl", [dict(ROW, outlet="")])
    assert "missing.jsonl:1: missing or empty: outlet" in yuqing("ingest", str(missing), check=False).stderr
    wrong_date = jsonl(tmp_path / "date.jsonl", [dict(ROW, published="2024年8月")])
    assert "date.jsonl:1: published" in yuqing("ingest", str(wrong_date), check=False).stderr
    assert "0 results" in yuqing("search", "机器人").stdout


def test_a_malformed_report_names_the_problem_and_is_not_stored(home: Path, tmp_path: Path) -> None:
    good = (EXAMPLES / "report-537-2024-08.md").read_text("utf-8")
    no_sections = tmp_path / "notes.md"
    no_sections.write_text("会议纪要\n\n今天讨论了电子病历。\n", "utf-8")
    broken = tmp_path / "broken.md"
    broken.write_text(good.replace("链接：<https://news.ynet.com", "链接：<ftp://news.ynet.com"), "utf-8")
    proc = yuqing(
        "import-report", str(EXAMPLES / "report-538-2024-09.md"), str(no_sections), str(broken), check=False
    )
    assert (
        proc.returncode == 2 and f"{no_sections}:" in proc.stderr and "no item such as 1.标题" in proc.stderr
    )
    line = good.splitlines().index("链接：<https://news.ynet.com/2024/08/12/3796360t70.html>") + 1
    assert f"{broken}:{line}: item 2 “创新医学 智慧医疗”: link" in proc.stderr and "not a URL" in proc.stderr
    listing = yuqing("issue", "list").stdout
    assert "538" in listing and "537" not in listing  # the good file is stored, the bad ones are not


def test_a_missing_file_and_an_unknown_issue_are_one_clear_line(home: Path) -> None:
    proc = yuqing("import-report", "/nonexistent/report.md", check=False)
    assert "/nonexistent/report.md: no such file" in proc.stderr
    proc = yuqing("report", "2030-01", check=False)
    assert proc.returncode == 2 and "yuqing issue new 2030-01" in proc.stderr
    proc = yuqing("report", "2030-13", check=False)
    assert "period '2030-13'" in proc.stderr
