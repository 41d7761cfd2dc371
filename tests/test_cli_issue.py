"""Making an issue by hand with the CLI, as an editor would, and rendering it."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import yuqing


def ingest(tmp_path: Path) -> None:
    rows = [
        {
            "url": f"https://example.cn/{n}.html",
            "title": f"标题{n}",
            "outlet": outlet,
            "published": f"2024-10-{n:02d}",
            "text": f"第{n}篇正文。\n第二段。",
        }
        for n, outlet in [(1, "新京报"), (2, "千龙网"), (3, "北青网")]
    ]
    path = tmp_path / "a.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), "utf-8")
    yuqing("ingest", str(path))


def test_new_add_move_remove_edit_freeze_and_render(home: Path, tmp_path: Path) -> None:
    ingest(tmp_path)
    assert "issue 539 for 2024-10 created" in yuqing("issue", "new", "2024-10").stdout
    yuqing("issue", "add", "2024-10", "1", "https://example.cn/2.html?utm_medium=x", "3")
    yuqing("issue", "move", "2024-10", "3", "1")
    yuqing("issue", "remove", "2024-10", "3")
    text = tmp_path / "new.txt"
    text.write_text("改写后的第一段。\n\n改写后的第二段。\n", "utf-8")
    yuqing("issue", "edit", "2024-10", "2", "--title", "编辑后的标题", "--text-file", str(text))
    md = tmp_path / "r.md"
    yuqing("report", "2024-10", "--out", str(md))
    rendered = md.read_text("utf-8")
    assert "（第五三九期）" in rendered and "2024年10月31日" in rendered
    assert "共收集2篇卫生信息化相关信息，时间从2024年10月01日至2024年10月31日" in rendered
    assert rendered.index("### 1.标题：标题3") < rendered.index("### 2.标题：编辑后的标题")
    assert "标题2" not in rendered
    assert "改写后的第二段。" in rendered and "第1篇正文" not in rendered
    assert "2024-10-03 来源：北青网" in rendered
    yuqing("issue", "freeze", "2024-10")
    proc = yuqing("issue", "add", "2024-10", "2", check=False)
    assert proc.returncode == 2 and "frozen" in proc.stderr


def test_weekly_and_range_issues_take_a_number_given(home: Path, tmp_path: Path) -> None:
    ingest(tmp_path)
    yuqing("issue", "new", "2024-09-30..2024-10-06", "--number", "1", "--series", "weekly")
    yuqing("issue", "add", "2024-09-30..2024-10-06", "1", "2", "--series", "weekly")
    out = yuqing("report", "2024-09-30..2024-10-06", "--series", "weekly", "--out", "-").stdout
    assert "（第一期）" in out and "时间从2024年09月30日至2024年10月06日" in out


def test_an_issue_numbered_below_1_by_an_older_version_is_refused_with_the_way_out(home: Path) -> None:
    from datetime import date, datetime

    from yuqing import settings
    from yuqing.store.db import open_store
    from yuqing.store.models import ReportIssue

    store = open_store(settings.load())
    now = datetime(2024, 1, 1)
    with store.session() as s:  # as an older version could store it; new ones are refused
        s.add(
            ReportIssue(
                series="monthly",
                number=0,
                period_start=date(2019, 1, 1),
                period_end=date(2019, 1, 31),
                created_at=now,
                updated_at=now,
            )
        )
    store.close()
    refused = yuqing("report", "2019-01", check=False)
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    assert "below 1" in refused.stderr and "yuqing issue delete 2019-01" in refused.stderr
    yuqing("issue", "delete", "2019-01")
    assert yuqing("issue", "new", "2019-01", "--number", "12").returncode == 0


def test_where_a_report_or_an_input_cannot_go_is_one_error_line(home: Path, tmp_path: Path) -> None:
    ingest(tmp_path)
    yuqing("issue", "new", "2024-10")
    yuqing("issue", "add", "2024-10", "1")
    folder, a_file = tmp_path / "folder", tmp_path / "a.jsonl"
    folder.mkdir()
    cases = {
        ("report", "2024-10", "--out", str(folder)): "it is a folder",
        ("report", "2024-10", "--format", "all", "--out", str(a_file)): "it is a file, not a folder",
        ("demo", "--out", str(a_file)): "it is a file, not a folder",
        ("ingest", str(folder)): "a folder, not a file",
        ("candidates", "2024-10", "--top", "-1"): "greater than or equal to 1",
        ("serve", "--port", "99999"): "less than or equal to 65535",
    }
    for args, said in cases.items():
        refused = yuqing(*args, check=False)
        assert refused.returncode == 2 and "Traceback" not in refused.stderr, (args, refused.stderr)
        assert said in refused.stderr, (args, refused.stderr)
