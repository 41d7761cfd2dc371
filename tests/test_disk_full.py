"""A full disk: `collect` and `ingest` say so and exit non-zero, and nothing is half-stored.

The data directory is a small tmpfs, filled up but for a few hundred kilobytes, so the store
runs out of room in the middle of a crawl of real pages. Mounting needs root (CI runs as root);
elsewhere the test is skipped with the reason.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from tests import crawlsites
from tests.conftest import yuqing
from yuqing import settings as settings_mod
from yuqing.store.db import open_store
from yuqing.store.models import Article

pytestmark = pytest.mark.slow
HEADROOM = 160 * 1024  # bytes left free: room for a few articles, not for twelve


@pytest.fixture
def small_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount)], capture_output=True, text=True
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {done.stderr.strip() or done.returncode}")
    for name in list(os.environ):
        if name.startswith("YUQING_") and name != "YUQING_TEST_PG_URL":
            monkeypatch.delenv(name)
    monkeypatch.setenv("YUQING_HOME", str(mount / "home"))
    monkeypatch.setenv("YUQING_COLLECT_TIMEOUT", "10")
    monkeypatch.setenv("COLUMNS", "250")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def _fill(mount: Path) -> Path:
    stat = os.statvfs(mount)
    filler = mount / "filler"
    filler.write_bytes(b"\0" * max(0, stat.f_bavail * stat.f_frsize - HEADROOM))
    return filler


def _store_state() -> tuple[int, int, str]:
    """(articles, rows of the search index, integrity check)."""
    store = open_store(settings_mod.load())
    with store.session() as s:
        articles = s.scalar(select(func.count()).select_from(Article)) or 0
        indexed = s.execute(text("SELECT count(*) FROM article_fts")).scalar() or 0
        check = str(s.execute(text("PRAGMA integrity_check")).scalar())
    store.close()
    return articles, indexed, check


def test_a_full_disk_fails_collect_and_ingest_and_half_stores_nothing(
    small_disk: Path, web: crawlsites.CrawlWeb, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("YUQING_SOURCES_FILE", str(web.sources_yaml(tmp_path / "sources.yaml")))
    yuqing("search", "医保")  # the store exists before the disk fills
    filler = _fill(small_disk)

    proc = yuqing("collect", "--source", "news", "--since", "2024-08-01", check=False)
    assert proc.returncode == 1, proc.stdout
    assert "Traceback" not in proc.stderr and "the store could not be written" in proc.stderr
    assert "store_failed" in proc.stdout and "failed" in proc.stdout
    stored, indexed, check = _store_state()
    assert stored < len(web.news_articles) and stored == indexed and check == "ok"

    rows = tmp_path / "more.jsonl"
    body = "电子病历" * 5000
    lines = [
        {"url": f"https://a.cn/{i}.html", "title": "标题", "outlet": "报", "text": body} for i in range(50)
    ]
    rows.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in lines), "utf-8")
    ingest = yuqing("ingest", str(rows), check=False)
    assert ingest.returncode == 2 and "Traceback" not in ingest.stderr
    assert "disk is full" in ingest.stderr and "nothing of this unit of work was stored" in ingest.stderr
    assert _store_state()[0] == stored

    filler.unlink()  # room again: the next run stores what the failed one could not
    yuqing("collect", "--source", "news", "--since", "2024-08-01")
    stored, indexed, check = _store_state()
    assert stored == indexed == len(web.news_articles) and check == "ok"
