"""A change is in the database before its answer reaches the browser.

A browser acts on an answer at once: htmx swaps the list in, the editor clicks 定稿 next. Had
the transaction committed after the response was sent, that next request could find the change
missing (this once failed the end-to-end test on a busy machine). Here every commit is slowed
down on a real server, so a late commit is caught every time rather than now and then.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from sqlalchemy import event

from tests.browser import free_port
from tests.samples import issue_538
from yuqing import settings as settings_mod
from yuqing.report.importer import item_article
from yuqing.report.period import parse_period
from yuqing.store import issues
from yuqing.store.articles import upsert_article
from yuqing.store.db import Store, open_store
from yuqing.store.users import add_user
from yuqing.web.app import create_app

PASSWORD = "correct horse battery"
SLOW_COMMIT = 0.4  # seconds


@pytest.fixture
def slow_store(home: Path, backend_url: str) -> Iterator[Store]:
    store = open_store(settings_mod.load())
    with store.session() as s:
        add_user(s, "editor", PASSWORD, "editor")
        for item in issue_538().items[:2]:
            upsert_article(s, item_article(item, origin="ingest"))

    def slow(_connection: Any) -> None:
        time.sleep(SLOW_COMMIT)

    event.listen(store.engine, "commit", slow)
    yield store
    store.close()


@pytest.fixture
def server(slow_store: Store) -> Iterator[str]:
    port = free_port()
    app = create_app(settings_mod.load(), slow_store)
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not running.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    running.should_exit = True
    thread.join(10)


def item_count(store: Store) -> int:
    with store.session() as s:
        series = settings_mod.load().report_series
        issue = issues.find_issue(s, series, parse_period("2024-09"))
        return len(issue.items) if issue else -1


def test_an_answer_is_sent_only_after_its_change_is_committed(server: str, slow_store: Store) -> None:
    with httpx.Client(base_url=server) as client:
        token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text)
        assert token
        login = {"username": "editor", "password": PASSWORD, "csrf_token": token[1]}
        assert client.post("/login", data=login).status_code == 303
        draft = {"period": "2024-09", "number": "", "csrf_token": token[1]}
        assert client.post("/issues", data=draft).status_code == 303
        assert item_count(slow_store) == 0
        for n in (1, 2):
            reply = client.post(
                "/issues/2024-09/items",
                data={"article": str(n)},
                headers={"HX-Request": "true", "X-CSRF-Token": token[1]},
            )
            assert reply.status_code == 200, reply.text
            assert item_count(slow_store) == n, "the answer came before the change was committed"
