"""Collection inside `yuqing serve`: on each source's interval, and when an admin says "run now".

Every run is `yuqing collect --source NAME` in a child process: Scrapy's Twisted reactor starts
once per process, and a hanging site must not freeze the web app or the other sources. The
collect command records its own run; a crash or a timeout of the child is recorded here.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime, timedelta
from typing import Any

from apscheduler.schedulers.background import BackgroundScheduler
from fastapi import FastAPI

from yuqing.collect.frontier import last_runs
from yuqing.collect.overlay import sources_in_force
from yuqing.collect.sources import Source
from yuqing.errors import ConfigError
from yuqing.settings import Settings
from yuqing.store.db import Store
from yuqing.store.models import CollectRun

log = logging.getLogger(__name__)
RUN_TIMEOUT = 3600.0


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)


class Runner:
    """Runs collects in child processes, at most one per source at a time."""

    def __init__(self, settings: Settings, store: Store, timeout: float = RUN_TIMEOUT) -> None:
        self.settings, self.store, self.timeout = settings, store, timeout
        self._lock = threading.Lock()
        self._running: dict[str, subprocess.Popen[str] | None] = {}
        self._stopping = False

    def running(self) -> set[str]:
        with self._lock:
            return set(self._running)

    def start(self, name: str) -> bool:
        """Run in the background; False when this source is being collected already."""
        if not self._claim(name):
            return False
        threading.Thread(target=self._run_claimed, args=(name,), daemon=True).start()
        return True

    def run(self, name: str) -> None:
        """Run and wait (a scheduler job); a source already running is left to that run."""
        if self._claim(name):
            self._run_claimed(name)

    def stop(self) -> None:
        with self._lock:
            self._stopping = True
            for proc in self._running.values():
                if proc is not None:
                    proc.kill()

    def _claim(self, name: str) -> bool:
        with self._lock:
            if name in self._running or self._stopping:
                return False
            self._running[name] = None
            return True

    def _run_claimed(self, name: str) -> None:
        started = _now()
        try:
            error = self._execute(name)
        finally:
            with self._lock:
                self._running.pop(name, None)
        if error and not self._stopping:
            with self.store.session() as s:
                s.add(
                    CollectRun(
                        source=name, started_at=started, finished_at=_now(), errors=1, last_error=error
                    )
                )

    def _execute(self, name: str) -> str | None:
        """None when the collect command finished; otherwise why it did not."""
        env = dict(os.environ, YUQING_HOME=str(self.settings.home))
        cmd = [sys.executable, "-m", "yuqing", "collect", "--source", name]
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        with self._lock:
            self._running[name] = proc
        try:
            _, err = proc.communicate(timeout=self.timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()
            return f"yuqing collect --source {name} took more than {self.timeout:g}s and was stopped"
        if proc.returncode != 0:
            last = (err or "").strip().splitlines()[-1:] or ["no message"]
            return f"yuqing collect --source {name} failed (exit code {proc.returncode}): {last[0]}"
        return None


class CollectScheduler:
    """One interval job per enabled source; ``interval`` replaces every source's (tests only)."""

    def __init__(self, runner: Runner, interval: float | None = None) -> None:
        self.runner, self.interval = runner, interval
        defaults = {"coalesce": True, "max_instances": 1, "misfire_grace_time": None}
        self.scheduler = BackgroundScheduler(job_defaults=defaults)

    def start(self) -> None:
        self.reload()
        self.scheduler.start()

    def stop(self) -> None:
        self.scheduler.shutdown(wait=False)
        self.runner.stop()

    def reload(self) -> None:
        """Jobs for the registry and enabled flags as they are now (after an admin's change)."""
        self.scheduler.remove_all_jobs()
        try:
            sources = sources_in_force(self.runner.settings, self.runner.store)
        except ConfigError as exc:
            log.error("no scheduled collection: %s", exc)
            return
        last = last_runs(self.runner.store)
        for source in sources:
            if source.enabled:
                self._add(source, last[source.name].started_at if source.name in last else None)

    def _add(self, source: Source, last_start: datetime | None) -> None:
        seconds = self.interval if self.interval is not None else source.interval_seconds
        # after a restart a source is collected when it is due, not a whole interval later
        due = last_start + timedelta(seconds=seconds) if last_start else datetime.now()
        first = max(due, datetime.now() + timedelta(seconds=min(seconds, 5)))
        options: dict[str, Any] = {"id": source.name, "next_run_time": first}
        self.scheduler.add_job(self.runner.run, "interval", args=[source.name], seconds=seconds, **options)


def runner_for(app: FastAPI) -> Runner:
    """The app's one runner, shared by the schedule and the "run now" button."""
    if getattr(app.state, "runner", None) is None:
        app.state.runner = Runner(app.state.settings, app.state.store)
        if app.state.settings.broker_url:  # workers crawl (distribute/): the schedule queues jobs
            from yuqing.distribute.runner import QueueRunner

            app.state.runner = QueueRunner(app.state.settings, app.state.store)
    runner: Runner = app.state.runner
    return runner


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Collect on schedule while the app serves (create_app(..., schedule=True))."""
    app.state.scheduler = CollectScheduler(runner_for(app))
    app.state.scheduler.start()
    from yuqing.notify.schedule import Notifier  # pushes, in a thread of their own

    app.state.notifier = Notifier(lambda: app.state.settings, app.state.store)
    app.state.notifier.start()
    try:
        yield
    finally:
        app.state.notifier.stop()
        app.state.scheduler.stop()
