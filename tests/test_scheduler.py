"""Collection on a schedule: a dead site does not stop the others, and every outcome is recorded."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from tests import crawlsites
from yuqing import settings as settings_mod
from yuqing.collect.overlay import ADMIN_SET
from yuqing.store.db import Store, open_store
from yuqing.store.models import CollectRun
from yuqing.store.models import Source as SourceRow
from yuqing.web.app import create_app
from yuqing.web.scheduler import CollectScheduler, Runner

pytestmark = pytest.mark.slow


@pytest.fixture
def store(home: Path, web: crawlsites.CrawlWeb, monkeypatch: pytest.MonkeyPatch) -> Iterator[Store]:
    """The fixture registry with only news and dead enabled (the others off as an admin would)."""
    home.mkdir()
    crawlsites.use_fixture_web(web, home.parent, monkeypatch)
    opened = open_store(settings_mod.load())
    with opened.session() as s:
        for name in ("trouble", "gov", "jsgate"):
            s.add(
                SourceRow(
                    name=name, outlet=name, enabled=False, config={ADMIN_SET: True}, created_at=datetime.now()
                )
            )
    yield opened
    opened.close()


def runs(store: Store) -> dict[str, CollectRun]:
    """Each source's latest ended run (a run's row is written as it starts, status running)."""
    with store.session() as s:
        ended = select(CollectRun).where(CollectRun.status != "running").order_by(CollectRun.id)
        return {run.source: run for run in s.scalars(ended)}


def test_a_dead_source_fails_on_schedule_while_the_other_collects(store: Store) -> None:
    scheduler = CollectScheduler(Runner(settings_mod.load(), store, timeout=60), interval=1)
    scheduler.start()
    try:
        assert sorted(job.id for job in scheduler.scheduler.get_jobs()) == ["dead", "news"]
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and len(runs(store)) < 2:
            time.sleep(0.5)
    finally:
        scheduler.stop()
    with store.session() as s:
        every = list(s.scalars(select(CollectRun).where(CollectRun.status != "running")))
    assert {run.source for run in every} == {"news", "dead"}
    # a later news run may find nothing new (the pages answer 304): the first stored all four
    assert sum(run.new for run in every if run.source == "news") == 4
    # a run the schedule had just started again when the test stopped it ends interrupted
    dead = [run for run in every if run.source == "dead" and run.status != "interrupted"]
    assert dead, [(run.status, run.last_error) for run in every]
    assert all(run.fetched == 0 and "Connection was refused" in (run.last_error or "") for run in dead), [
        (run.status, run.fetched, run.last_error) for run in dead
    ]


def test_a_hanging_or_crashing_collect_is_recorded(store: Store) -> None:
    Runner(settings_mod.load(), store, timeout=0.05).run("news")
    Runner(settings_mod.load(), store).run("no-such-source")
    found = runs(store)
    assert found["news"].errors == 1 and "was stopped" in (found["news"].last_error or "")
    assert found["no-such-source"].errors == 1 and "exit code" in (found["no-such-source"].last_error or "")


def test_one_run_per_source_at_a_time(store: Store) -> None:
    runner = Runner(settings_mod.load(), store, timeout=60)
    assert runner.start("dead") and not runner.start("dead")
    assert runner.running() == {"dead"}
    runner.stop()


def test_the_app_starts_and_stops_the_schedule(store: Store) -> None:
    app = create_app(settings_mod.load(), store, schedule=True)
    with TestClient(app):
        assert app.state.scheduler.scheduler.running
        assert sorted(job.id for job in app.state.scheduler.scheduler.get_jobs()) == ["dead", "news"]
    assert not app.state.scheduler.scheduler.running
    assert (
        TestClient(create_app(settings_mod.load(), store))
        .app.state.__dict__.get("_state", {})
        .get("scheduler")
        is None
    )
