"""A crawl and an analysis while another process keeps writing the same SQLite file, as the web
app's pushes and an editor's clicks do beside the schedule's crawls. In WAL mode a transaction
that reads and then writes is refused at once if another process wrote in between
(SQLITE_BUSY_SNAPSHOT): every such unit of work must take the write lock first and wait."""

from __future__ import annotations

import subprocess
import sys
import threading
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from tests import crawlsites
from tests.conftest import yuqing
from tests.crawlsites import web  # noqa: F401  (the module's fixture web)
from yuqing import settings as settings_mod
from yuqing.store.db import open_store
from yuqing.store.models import Article, CollectRun

pytestmark = pytest.mark.slow


def _keep_writing(stop: threading.Event) -> None:
    """Commit a small write every few milliseconds, from a process of its own."""
    script = (
        "import sys, time, datetime\n"
        "from yuqing import settings as m\n"
        "from yuqing.store.db import open_store\n"
        "from yuqing.store.models import CollectRun\n"
        "store = open_store(m.load())\n"
        "while not sys.stdin.closed:\n"
        "    with store.session(write=True) as s:\n"
        "        s.add(CollectRun(source='other', started_at=datetime.datetime.now(), status='finished'))\n"
        "    time.sleep(0.003)\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", script], stdin=subprocess.PIPE)
    stop.wait()
    proc.kill()
    proc.wait()


def test_collect_and_analyze_beside_a_busy_writer(
    home: Path,
    web: crawlsites.CrawlWeb,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    home.mkdir()
    crawlsites.use_fixture_web(web, home.parent, monkeypatch)
    open_store(settings_mod.load()).close()  # the schema, before two processes race to make it
    stop = threading.Event()
    writer = threading.Thread(target=_keep_writing, args=(stop,))
    writer.start()
    try:
        collected = yuqing("collect", "--source", "news", check=False)
        analyzed = yuqing("analyze", check=False)
    finally:
        stop.set()
        writer.join()
    assert collected.returncode == 0, collected.stderr
    assert analyzed.returncode == 0 and "locked" not in analyzed.stderr, analyzed.stderr
    store = open_store(settings_mod.load())
    try:
        with store.session() as s:
            news = s.scalars(select(CollectRun).where(CollectRun.source == "news")).one()
            stored = s.scalars(select(Article.original_url)).all()
            others = s.scalars(select(CollectRun).where(CollectRun.source == "other")).all()
    finally:
        store.close()
    assert news.status == "finished" and news.new >= 4, news.last_error
    assert len(stored) == news.new and set(stored) <= set(web.news_articles)
    assert len(others) > 10  # the other process did write all along


def test_an_editors_changes_beside_a_busy_writer(home: Path) -> None:
    """Every change an editor makes in the web app lands while another process commits every few
    milliseconds (a crawl): none is refused with "database is locked"."""
    from fastapi.testclient import TestClient

    from tests.samples import issue_538
    from tests.webfixtures import PASSWORD, sign_in
    from yuqing.report.importer import item_article
    from yuqing.store.articles import upsert_article
    from yuqing.store.users import add_user
    from yuqing.web.app import create_app

    home.mkdir()
    settings = settings_mod.load()
    store = open_store(settings)
    with store.session() as s:
        add_user(s, "editor", PASSWORD, "editor")
        ids = [upsert_article(s, item_article(item, origin="ingest"))[0].id for item in issue_538().items]
    stop = threading.Event()
    writer = threading.Thread(target=_keep_writing, args=(stop,))
    writer.start()
    refused: list[str] = []
    try:
        with TestClient(create_app(settings, store)) as client:
            h = {"X-CSRF-Token": sign_in(client, "editor")}
            for n in range(8):  # each change reads the issue, then writes it
                period = f"2024-{n + 1:02d}"
                made = client.post("/api/issues", json={"period": period}, headers=h)
                replies = [made] + [
                    client.post(f"/api/issues/{period}/items", json={"article": i}, headers=h) for i in ids
                ]
                replies.append(
                    client.post(f"/api/issues/{period}/move", json={"source": 1, "target": 2}, headers=h)
                )
                refused += [f"{r.request.url}: {r.status_code} {r.text[:200]}" for r in replies if r.is_error]
            shown = client.get("/api/issues/2024-08", headers=h).json()
    finally:
        stop.set()
        writer.join()
        store.close()
    assert not refused, "\n".join(refused)
    assert sorted(i["article_id"] for i in shown["items"]) == sorted(ids)


def test_a_write_refused_at_once_says_why(home: Path) -> None:
    """SQLite refuses at once (SQLITE_BUSY_SNAPSHOT) a write whose transaction read before another
    process committed: the message says so, not that the database stayed locked for 30 s."""
    import sqlite3

    from sqlalchemy import text
    from sqlalchemy.exc import OperationalError

    from yuqing.errors import StoreError

    home.mkdir()
    store = open_store(settings_mod.load())
    other = sqlite3.connect(home / "yuqing.db", isolation_level=None)
    try:
        with pytest.raises(StoreError) as refused, store.session() as s:
            s.execute(text("SELECT count(*) FROM articles")).all()  # the snapshot begins here
            other.execute("CREATE TABLE written_by_another_process (x)")
            s.add(CollectRun(source="mine", started_at=datetime.now(), status="finished"))
            s.flush()
    finally:
        other.close()
        store.close()
    assert isinstance(refused.value.__cause__, OperationalError)
    assert "wrote between" in str(refused.value) and "run it again" in str(refused.value)
    assert "30 s" not in str(refused.value)


def test_two_analyses_at_once_both_finish_and_index_each_article_once(home: Path) -> None:
    """Two `yuqing analyze` started together on the same new articles (a scheduled one and a
    user's): both end well, and every article is in the reprint index once."""
    from sqlalchemy import func

    from tests.conftest import EVALDATA
    from yuqing.store.articles import ArticleData, upsert_article
    from yuqing.store.models import ArticleCluster, ReprintBucket

    home.mkdir()
    texts = [
        line.split("\t", 1)[1]
        for line in (EVALDATA / "zh_text_thucnews_cnews1000" / "cnews_1000.txt")
        .read_text("utf-8")
        .splitlines()
        if "\t" in line
    ][:300]
    store = open_store(settings_mod.load())
    with store.session() as s:
        for n, text in enumerate(texts):
            data = ArticleData(
                url=f"https://e.cn/{n}.html", title=text[:20], outlet="示例报", paragraphs=[text]
            )
            upsert_article(s, data)
    runs = [
        subprocess.Popen([sys.executable, "-m", "yuqing", "analyze"], stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    errors = [run.communicate(timeout=300)[1] for run in runs]
    try:
        with store.session() as s:
            indexed = s.scalar(select(func.count()).select_from(ArticleCluster))
            doubled = s.execute(
                select(ReprintBucket.key, ReprintBucket.article_id)
                .group_by(ReprintBucket.key, ReprintBucket.article_id)
                .having(func.count() > 1)
            ).all()
    finally:
        store.close()
    assert [run.returncode for run in runs] == [0, 0], errors
    assert indexed == len(texts) and not doubled
