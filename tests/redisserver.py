"""A throwaway redis-server for the tests (Debian's, installed by scripts/setup): started once
per test process on a free port in a temporary folder, emptied for each test that uses it."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_redis(folder: Path) -> tuple[subprocess.Popen[bytes], str]:
    """Debian's redis-server on a free port of 127.0.0.1, keeping nothing on disk; its URL."""
    exe = shutil.which("redis-server")
    if exe is None:
        raise FileNotFoundError("redis-server is not installed (apt-get install redis-server)")
    port = free_port()
    args = [
        "--port",
        str(port),
        "--bind",
        "127.0.0.1",
        "--dir",
        str(folder),
        "--save",
        "",
        "--appendonly",
        "no",
    ]
    proc = subprocess.Popen([exe, *args, "--logfile", str(folder / "redis.log")])
    url = f"redis://127.0.0.1:{port}/0"
    try:
        _wait(url, proc, folder)
    except RuntimeError:
        proc.kill()
        raise
    return proc, url


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The URL of a redis-server of this test process's own."""
    if shutil.which("redis-server") is None:
        if os.environ.get("CI"):
            pytest.fail("CI must test the workers: redis-server is not installed (scripts/setup does)")
        pytest.skip("no redis-server (apt-get install redis-server, or run scripts/setup)")
    proc, url = start_redis(tmp_path_factory.mktemp("redis"))
    yield url
    proc.terminate()
    proc.wait(timeout=10)


def _wait(url: str, proc: subprocess.Popen[bytes], folder: Path) -> None:
    client = redis.Redis.from_url(url, socket_connect_timeout=1)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            client.ping()
            return
        except redis.ConnectionError:
            time.sleep(0.05)
    log = (folder / "redis.log").read_text(errors="replace")[-2000:]
    raise RuntimeError(f"redis-server did not start:\n{log}")


@pytest.fixture
def broker(redis_server: str, home: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """An empty broker, set as the broker_url of this test and of the `yuqing` it starts (after
    `home` has cleared the environment of YUQING_* settings)."""
    client = redis.Redis.from_url(redis_server)
    client.flushdb()
    monkeypatch.setenv("YUQING_BROKER_URL", redis_server)
    yield redis_server
    client.flushdb()
    client.close()
