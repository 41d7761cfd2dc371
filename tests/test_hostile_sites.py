"""The misbehaving sites of ../shared/evaldata/zh_hostile_cases/sites, crawled with the real
`yuqing collect`: every fault is named in the summary, every good page is stored once, redirects
settle, a signal stops a crawl within seconds and the next run resumes it."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.conftest import EVALDATA, yuqing
from yuqing import settings as settings_mod
from yuqing.store.db import open_store
from yuqing.store.models import Article, CollectRun, CrawlUrl

SITES = EVALDATA / "zh_hostile_cases" / "sites"
pytestmark = [pytest.mark.slow, pytest.mark.skipif(not SITES.is_dir(), reason="shared evaldata not present")]

GOOD_BAD = {
    "ok1",
    "ok2",
    "ok3",
    "slow10",
    "e500once",
    "e429once",
    "gbk_as_utf8",
    "charset_base64",
    "utf16odd",
}
GOOD_LINKS = {f"p{i}" for i in range(6)} | {f"v{i}" for i in range(6)} | {f"s{i}" for i in range(5)}
FAULTS = {  # reason → how many of the 'bad' source's endpoints must be dropped for it
    "binary": 3,  # PNG served as text/html, octet-stream, PDF
    "connection_reset": 2,  # reset before the answer and in the middle of the body
    "empty": 1,
    "http_403": 1,
    "http_404": 1,
    "http_429": 1,
    "http_500": 1,
    "offsite_redirect": 1,
    "redirect_loop": 2,
    "robots": 1,
    "timeout": 1,
    "too_large": 3,  # 50 MB with a length, 50 MB streamed, a gzip bomb
}


def _serve(script: str, folder: Path, *args: str) -> Iterator[subprocess.Popen[str]]:
    proc = subprocess.Popen(
        [sys.executable, str(SITES / script), str(folder), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()  # each site prints "ready …" once it listens
    assert line.startswith("ready"), line
    yield proc
    proc.terminate()
    proc.wait()


@pytest.fixture(scope="module")
def badsite(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    folder = tmp_path_factory.mktemp("badsite")
    for _ in _serve("badsite.py", folder):
        yield folder


@pytest.fixture
def crawl(home: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home.mkdir()
    for name, value in {
        "YUQING_COLLECT_TIMEOUT": "12",  # slow10 answers after 10 s; hang never does
        "YUQING_COLLECT_RETRIES": "1",
        "YUQING_COLLECT_MAX_MB": "5",
        "YUQING_COLLECT_BACKOFF": "0.05",
        "COLUMNS": "250",
    }.items():
        monkeypatch.setenv(name, value)
    return home


def _articles() -> dict[str, Article]:
    store = open_store(settings_mod.load())
    with store.session() as s:
        found = {
            a.original_url.rsplit("/", 1)[1].removesuffix(".html"): a for a in s.scalars(select(Article))
        }
    store.close()
    return found


def _rows(model: type[CrawlUrl] | type[CollectRun]) -> list[CrawlUrl] | list[CollectRun]:
    store = open_store(settings_mod.load())
    with store.session() as s:
        rows = list(s.scalars(select(model)))
    store.close()
    return rows  # type: ignore[return-value]


def _hits(folder: Path, path: str) -> list[float]:
    lines = (folder / "requests.log").read_text("utf-8").splitlines()
    return [float(line.split()[0]) for line in lines if path in line.split()[1:3]]


def test_every_fault_of_the_bad_site_is_named_and_every_good_page_stored(
    badsite: Path, crawl: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("YUQING_SOURCES_FILE", str(badsite / "sources.yaml"))
    proc = yuqing("collect")
    assert "Traceback" not in proc.stderr, proc.stderr
    runs = {run.source: run for run in _rows(CollectRun)}
    assert runs["bad"].status == runs["links"].status == "finished"
    dropped = runs["bad"].dropped
    for reason, count in FAULTS.items():
        assert dropped.get(reason) == count, f"{reason}: {dropped}"
        assert reason in proc.stdout
    assert not {"fetch_error", "ignored", "extract_error"} & set(dropped), dropped
    assert runs["links"].dropped == {"bad_link": 3}  # port 'abc', 'http://[', ftp:// in the sitemap
    stored = _articles()
    assert set(stored) == GOOD_BAD | GOOD_LINKS
    assert stored["gbk_as_utf8"].title == "国标码页面声明为统一码"
    assert stored["charset_base64"].title == "字符集写成base64的页面"
    assert stored["utf16odd"].title == "奇数字节的UTF16页面"
    assert not [row.url for row in _rows(CrawlUrl) if row.status == "pending"]
    first, second = _hits(badsite, "/a/e429once.html")[:2]
    assert second - first >= 3  # its 429 said Retry-After: 3


def test_a_moved_article_settles_under_its_new_address(
    crawl: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "redirsite"
    for _ in _serve("redirsite.py", folder):
        monkeypatch.setenv("YUQING_SOURCES_FILE", str(folder / "sources.yaml"))
        yuqing("collect")
        assert set(_articles()) == {"one", "two", "moved_new"}
        rows = {row.url.rsplit("/", 1)[1]: row for row in _rows(CrawlUrl)}
        assert rows["moved.html"].status == "stored" and not any(r.status == "pending" for r in rows.values())
        again = yuqing("collect").stdout
        runs = sorted(_rows(CollectRun), key=lambda run: run.id)
        assert (runs[-1].fetched, runs[-1].new, runs[-1].updated) == (0, 0, 0), again
        assert len(_hits(folder, "/a/moved.html")) == 1  # not fetched again on the second run


def test_a_title_with_hundreds_of_suffixes_is_cleaned(
    crawl: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "hostile"
    # 300 suffixes: the metadata rewrite makes suffix stripping linear, then 24,000 (the default)
    for _ in _serve("hostile.py", folder, "300"):
        registry = tmp_path / "sources.yaml"
        registry.write_text("sources:\n" + (folder / "source.yaml").read_text("utf-8"), "utf-8")
        monkeypatch.setenv("YUQING_SOURCES_FILE", str(registry))
        yuqing("collect")
        assert _articles()["evil"].title == "恶意标题页面"


def test_sigterm_stops_a_crawl_within_seconds_and_the_next_run_resumes(
    badsite: Path, crawl: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("YUQING_SOURCES_FILE", str(badsite / "sources.yaml"))
    cmd = [sys.executable, "-m", "yuqing", "collect"]
    killed = _start_and_wait_for_articles(cmd)
    killed.send_signal(signal.SIGKILL)
    killed.wait()
    unfinished = [run for run in _rows(CollectRun) if run.finished_at is None]
    assert {run.status for run in unfinished} == {"running"}  # a killed run still left its record

    stopped = _start_and_wait_for_articles(cmd, more_than=_count_articles())
    signalled = time.monotonic()
    stopped.send_signal(signal.SIGTERM)
    _, err = stopped.communicate(timeout=120)
    print(f"collect stopped {time.monotonic() - signalled:.1f} s after SIGTERM")
    assert stopped.returncode == 130 and "Traceback" not in err, err
    assert "yuqing collect" in err  # tells how to resume
    latest = sorted(_rows(CollectRun), key=lambda run: run.id)[-2:]
    # articles are written in batches, so a source may have ended before the signal: it finished
    statuses = {run.status for run in latest}
    assert "interrupted" in statuses and statuses <= {"interrupted", "finished"}, statuses
    assert all(run.finished_at for run in latest)

    yuqing("collect")  # resumes: pending URLs first, then discovery
    assert set(_articles()) == GOOD_BAD | GOOD_LINKS
    assert not [row.url for row in _rows(CrawlUrl) if row.status == "pending"]


def _start_and_wait_for_articles(cmd: list[str], more_than: int = 0) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        cmd, env=os.environ.copy(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and proc.poll() is None:
        if _count_articles() > more_than:
            return proc
        time.sleep(0.3)
    raise AssertionError(f"no article stored; exit {proc.poll()}: {json.dumps(proc.stderr.read())}")


def _count_articles() -> int:
    """Articles stored so far, read as another program would: a read-only SQLite connection that
    never takes a lock the crawl could wait for."""
    path = settings_mod.load().sqlite_path
    if not path.is_file():
        return 0
    try:
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=1)) as db:
            return int(db.execute("SELECT count(*) FROM articles").fetchone()[0])
    except sqlite3.Error:  # not created yet
        return 0
