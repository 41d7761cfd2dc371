"""Real `yuqing worker` processes on the test's broker and store, for the tests and the benchmark."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import redis
from sqlalchemy import func, select

from yuqing import settings as settings_mod
from yuqing.distribute.hosts import host_key
from yuqing.store.db import open_store
from yuqing.store.models import Article, CollectRun


class Workers:
    """Worker processes started with the current environment (YUQING_HOME, database, broker)."""

    def __init__(self, logs: Path) -> None:
        self.logs = logs
        self.procs: dict[str, subprocess.Popen[bytes]] = {}

    def start(self, name: str, concurrency: int = 1) -> subprocess.Popen[bytes]:
        log = (self.logs / f"{name}.log").open("wb")
        cmd = [
            sys.executable,
            "-m",
            "yuqing",
            "worker",
            f"--concurrency={concurrency}",
            f"--name={name}@test",
        ]
        proc = subprocess.Popen(cmd, env=os.environ.copy(), stdout=log, stderr=subprocess.STDOUT)
        self.procs[name] = proc
        return proc

    def stop(self) -> None:
        for proc in self.procs.values():
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for proc in self.procs.values():
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()

    def log(self, name: str) -> str:
        return (self.logs / f"{name}.log").read_text(errors="replace")


def crawling_pid(broker: str, host: str) -> int | None:
    """The pid of the process whose job holds the host's lease (token source@machine:pid)."""
    token = redis.Redis.from_url(broker).get(host_key(host))
    return int(token.decode().rpartition(":")[2]) if token else None


def parent_of(pid: int) -> int:
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return int(fields[1])


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


class Watch:
    """The store the workers write to, as the test sees it."""

    def __init__(self) -> None:
        self.store = open_store(settings_mod.load())

    def articles(self) -> list[Article]:
        with self.store.session() as s:
            return list(s.scalars(select(Article).order_by(Article.id)))

    def urls(self) -> set[str]:
        with self.store.session() as s:
            return set(s.scalars(select(Article.original_url)))

    def runs(self, source: str) -> int:
        with self.store.session() as s:
            return int(
                s.scalar(select(func.count()).select_from(CollectRun).where(CollectRun.source == source))
            )

    def close(self) -> None:
        self.store.close()


def wait_for(check: Callable[[], bool], seconds: float, what: str, workers: Workers | None = None) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    logs = "" if workers is None else "\n".join(f"--- {n}\n{workers.log(n)[-3000:]}" for n in workers.procs)
    raise AssertionError(f"waited {seconds:g} s for {what}\n{logs}")
