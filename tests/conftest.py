"""Shared fixtures: a data directory per test, and the store on SQLite and on PostgreSQL.

PostgreSQL tests use the server named by YUQING_TEST_PG_URL (scripts/test starts one). Without
it they are skipped on a developer machine and fail under CI, where PostgreSQL must be tested.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from yuqing import settings as settings_mod
from yuqing.settings import Settings
from yuqing.store.db import Store, open_store

pytest_plugins = ("tests.browser", "tests.crawlsites", "tests.redisserver", "tests.pushreceivers")

SHARED = Path(__file__).resolve().parents[2] / "shared"
EXAMPLES = SHARED / "examples"
EVALDATA = SHARED / "evaldata"
PG_URL = os.environ.get("YUQING_TEST_PG_URL", "")


BACKENDS = ("sqlite", "postgres")  # the parameters, and test ids, of `backend_url`


def use_home(path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """``path`` as the data directory, and no YUQING_* setting leaking in from the environment."""
    for name in list(os.environ):
        if name.startswith("YUQING_") and name != "YUQING_TEST_PG_URL":
            monkeypatch.delenv(name)
    monkeypatch.setenv("YUQING_HOME", str(path))
    return path


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty data directory, and no YUQING_* setting leaking in from the environment."""
    return use_home(tmp_path / "home", monkeypatch)


def _worker_database(worker: str) -> str:
    """A database of this xdist worker's own on the test server, emptied for each test."""
    admin = sa.create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    name = f"yuqing_test_{worker}"
    with admin.connect() as conn:
        if not conn.execute(sa.text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).first():
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    url = sa.make_url(PG_URL).set(database=name)
    engine = sa.create_engine(url)
    with engine.begin() as conn:  # a connection left open by the last test would block this: fail
        conn.execute(sa.text("SET LOCAL lock_timeout = '60s'"))
        conn.execute(sa.text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    engine.dispose()
    return url.render_as_string(hide_password=False)


def use_backend(backend: str, worker: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """The database URL for ``backend`` ('' for the default SQLite file in the data directory, or
    a fresh PostgreSQL database), put in the environment for `yuqing` subprocesses too."""
    if backend == "sqlite":
        return ""
    if not PG_URL:
        if os.environ.get("CI"):
            pytest.fail("CI must test PostgreSQL: YUQING_TEST_PG_URL is not set")
        pytest.skip("no PostgreSQL server (set YUQING_TEST_PG_URL or run scripts/test)")
    url = _worker_database(worker)
    monkeypatch.setenv("YUQING_DATABASE_URL", url)
    return url


@pytest.fixture(params=BACKENDS)
def backend_url(
    request: pytest.FixtureRequest, home: Path, worker_id: str, monkeypatch: pytest.MonkeyPatch
) -> str:
    """'' for the default SQLite file in the data directory, or a fresh PostgreSQL database."""
    return use_backend(request.param, worker_id, monkeypatch)


@pytest.fixture
def settings(home: Path, backend_url: str) -> Settings:
    return settings_mod.load()


@pytest.fixture
def store(settings: Settings) -> Iterator[Store]:
    opened = open_store(settings)
    yield opened
    # a session left open keeps its connection (on PostgreSQL, idle in a transaction holding locks)
    assert opened.engine.pool.checkedout() == 0, "the test left a database connection checked out"
    opened.close()


def yuqing(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run the real `yuqing` command as a user would, in the test's environment."""
    proc = subprocess.run(
        [sys.executable, "-m", "yuqing", *args],
        capture_output=True,
        text=True,
        env=os.environ.copy(),
    )
    if check and proc.returncode != 0:
        raise AssertionError(f"yuqing {' '.join(args)} failed ({proc.returncode}):\n{proc.stderr}")
    return proc
