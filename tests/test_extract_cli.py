"""`yuqing extract` on a saved page and on a missing file."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from yuqing.cli import app

from .test_extract_pages import ARTICLE


def test_extract_file_prints_one_json_line(tmp_path: Path) -> None:
    page = tmp_path / "a.html"
    page.write_bytes(ARTICLE.encode("gb18030"))
    result = CliRunner().invoke(app, ["extract", str(page), "--json"])
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout.strip())
    assert record["url"] == page.resolve().as_uri()
    assert (record["title"], record["published"], record["outlet"]) == (
        "互联网医院上线",
        "2024-08-21",
        "新京报",
    )
    assert record["text"].startswith("北京市卫生健康委员会")


def test_extract_with_url_and_a_missing_file(tmp_path: Path) -> None:
    page = tmp_path / "a.html"
    page.write_bytes(ARTICLE.encode("utf-8"))
    ok = CliRunner().invoke(app, ["extract", str(page), "--url", "https://www.bjnews.com.cn/1.html"])
    assert json.loads(ok.stdout.strip())["url"] == "https://www.bjnews.com.cn/1.html"
    missing = CliRunner().invoke(app, ["extract", str(tmp_path / "nope.html")])
    assert missing.exit_code == 1
    assert missing.output.count("nope.html") == 1 and "no such file" in missing.output
    (tmp_path / "empty.html").write_bytes(b"")
    empty = CliRunner().invoke(app, ["extract", str(tmp_path / "empty.html")])
    assert empty.output.count("empty.html") == 1 and "the page is empty" in empty.output, empty.output


def test_extract_of_a_folder_says_it_is_a_folder(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["extract", str(tmp_path)])
    assert result.exit_code == 1
    assert "a folder, not a page" in result.output and "no such file" not in result.output
