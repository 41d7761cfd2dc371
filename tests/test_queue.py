"""Sending crawl jobs and keeping sites polite across workers, on a real redis-server: host
leases, one waiting job per source, the web app's schedule queueing when a broker is set, and
clear errors when it is not or cannot be reached."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
import redis
from fastapi.testclient import TestClient

from tests import crawlsites
from tests.conftest import yuqing
from tests.webfixtures import add_users, sign_in
from yuqing import settings as settings_mod
from yuqing.collect.sources import load_sources
from yuqing.distribute.app import QUEUE
from yuqing.distribute.hosts import HostLeases, crawling
from yuqing.distribute.jobs import source_from_json, source_to_json
from yuqing.distribute.queue import busy, enqueue
from yuqing.store.db import open_store
from yuqing.web.app import create_app
from yuqing.web.scheduler import runner_for


def test_a_site_is_crawled_by_one_job_at_a_time_and_a_dead_jobs_lease_runs_out(broker: str) -> None:
    client = redis.Redis.from_url(broker)
    first = HostLeases(client, "nhc-news", ["www.nhc.gov.cn"], ttl=0.6)
    other = HostLeases(client, "nhc-policy", ["nhc.gov.cn", "wsjkw.beijing.gov.cn"], ttl=5)
    assert first.acquire()
    assert not other.acquire()  # the same site (www. or not): it waits
    assert not client.exists("yuqing:host:wsjkw.beijing.gov.cn")  # all or none
    assert crawling(client) == {"nhc-news"}
    with first.kept():  # renewed while the job runs, past its 0.6 s
        time.sleep(1.0)
        assert not other.acquire()
    assert other.acquire()  # released at the end
    other.release()
    dead = HostLeases(client, "nhc-news", ["nhc.gov.cn"], ttl=0.3)
    assert dead.acquire()  # a worker that dies renews nothing
    time.sleep(0.4)
    assert HostLeases(client, "nhc-policy", ["nhc.gov.cn"], ttl=5).acquire()


def test_a_job_carries_its_source_and_waits_once_per_source(
    broker: str, web: crawlsites.CrawlWeb, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home.mkdir()
    registry = crawlsites.use_fixture_web(web, home.parent, monkeypatch)
    sources = load_sources(registry)
    assert [source_from_json(json.loads(json.dumps(source_to_json(s)))) for s in sources] == sources
    settings = settings_mod.load()
    assert enqueue(settings, sources[:2]) == {"news": True, "trouble": True}
    assert enqueue(settings, sources[:1]) == {"news": False}  # waiting already: not twice
    assert busy(settings) == {"news", "trouble"}
    waiting = [json.loads(m) for m in redis.Redis.from_url(broker).lrange(QUEUE, 0, -1)]
    assert len(waiting) == 2 and {m["headers"]["task"] for m in waiting} == {"yuqing.crawl"}


@pytest.mark.slow
def test_with_a_broker_the_web_schedule_and_run_now_queue_jobs(
    broker: str, web: crawlsites.CrawlWeb, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home.mkdir()
    crawlsites.use_fixture_web(web, home.parent, monkeypatch)
    settings = settings_mod.load()
    store = open_store(settings)
    add_users(store)
    try:
        app = create_app(settings, store)
        with TestClient(app) as client:
            token = sign_in(client, "admin")
            assert client.post("/api/sources/news/run", headers={"X-CSRF-Token": token}).json()["started"]
            assert not client.post("/api/sources/news/run", headers={"X-CSRF-Token": token}).json()["started"]
            rows = {row["name"]: row for row in client.get("/api/sources").json()}
            assert rows["news"]["running"] and not rows["gov"]["running"]  # waiting counts as running
        assert type(runner_for(app)).__name__ == "QueueRunner"
    finally:
        store.close()
    assert redis.Redis.from_url(broker).llen(QUEUE) == 1  # a job for the workers, no crawl here


def test_without_a_broker_queueing_says_what_to_set(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    proc = yuqing("collect", "--queue", "--source", "bjnews", check=False)  # a built-in source
    assert proc.returncode == 2 and "broker_url" in proc.stderr and "Traceback" not in proc.stderr
    monkeypatch.setenv("YUQING_BROKER_URL", "redis://127.0.0.1:9/0")  # nothing listens there
    proc = yuqing("worker", check=False)
    assert (
        proc.returncode == 2 and "cannot reach the broker" in proc.stderr and "Traceback" not in proc.stderr
    )
