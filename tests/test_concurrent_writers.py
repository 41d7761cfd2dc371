"""Several `yuqing` processes writing one store at once, as cron jobs and the web app do: eight
ingests into a new SQLite file (migration race, write locks), then four ingests of the same 500
URLs (the upsert race). Every process succeeds and every article is stored once."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from tests.conftest import EVALDATA
from yuqing import settings as settings_mod
from yuqing.store.db import open_store
from yuqing.store.models import Article

CLI = EVALDATA / "zh_hostile_cases" / "cli"
pytestmark = [pytest.mark.slow, pytest.mark.skipif(not CLI.is_dir(), reason="shared evaldata not present")]
WRITERS = 8
ROWS = 60


def _bulk(folder: Path, k: int) -> Path:
    path = folder / f"bulk{k}.jsonl"
    rows = [
        {
            "url": f"https://www.example.cn/2024/0821/{k}-{i:04d}.html",
            "title": f"并发写入测试第{k}组第{i}篇",
            "outlet": "测试报",
            "published": "2024-08-21",
            "text": f"第{k}组第{i}篇的正文，电子病历与互联网医院。\n第二段。",
        }
        for i in range(ROWS)
    ]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", "utf-8")
    return path


def _run_all(files: list[Path]) -> list[subprocess.CompletedProcess[str]]:
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "yuqing", "ingest", str(f)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=os.environ.copy(),
        )
        for f in files
    ]
    done = []
    for proc, f in zip(procs, files, strict=True):
        out, err = proc.communicate(timeout=900)
        done.append(subprocess.CompletedProcess([str(f)], proc.returncode, out, err))
    return done


def test_concurrent_ingests_all_succeed_and_store_each_url_once(
    home: Path, backend_url: str, tmp_path: Path
) -> None:
    fresh = _run_all([_bulk(tmp_path, k) for k in range(WRITERS)])
    for proc in fresh:
        assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
        assert f"{ROWS} articles, {ROWS} new" in proc.stdout
    overlapping = _run_all([CLI / f"overlap{k}.jsonl" for k in range(4)])
    for proc in overlapping:
        assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
    news = sum(int(p.stdout.split(" new")[0].rsplit(", ", 1)[1]) for p in overlapping)
    assert news == 500  # each of the 500 shared URLs is new in exactly one of the four runs
    store = open_store(settings_mod.load())
    with store.session() as s:
        total = s.scalar(select(func.count()).select_from(Article))
        distinct = s.scalar(select(func.count(func.distinct(Article.url))))
        assert total == distinct == WRITERS * ROWS + 500
        if store.dialect == "sqlite":
            assert s.execute(text("PRAGMA integrity_check")).scalar() == "ok"
    store.close()
