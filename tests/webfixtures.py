"""The web app in process, on conftest's ``store`` (SQLite and PostgreSQL), shared by the
tests/test_web_*.py modules: ``client`` (the app with users admin, editor and viewer) and ``web``
(the app on a store holding real news, analysed: the items of issues 537 and 538 (2024-08,
2024-09), a reprint of 538's first item under another outlet, THUCNews distractors in September
and one hostile page carrying script payloads). A module uses them by importing them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

import pytest
from fastapi.testclient import TestClient

from tests.conftest import EVALDATA, EXAMPLES
from tests.samples import issue_538
from yuqing.analyze.run import analyze
from yuqing.report.document import ReportDocument
from yuqing.report.parse import parse_report
from yuqing.settings import Settings
from yuqing.store.articles import ArticleData, upsert_article
from yuqing.store.db import Store
from yuqing.store.users import add_user
from yuqing.web.app import create_app

PASSWORD = "correct horse battery"
REPRINT_URL = "https://www.163.com/dy/article/REPRINT.html"
HOSTILE_URL = "https://evil.example.cn/news/1.html"
# The policy's parts that keep crawled content from running (the app may add more directives).
CSP_NEEDED = ("default-src 'self'", "script-src 'self';", "object-src 'none'", "frame-src 'self'")
PAYLOADS = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">点我</a>',
)


@cache
def issue_537() -> ReportDocument:
    path = EXAMPLES / "report-537-2024-08.md"
    return parse_report(path.read_text("utf-8").splitlines(), str(path)).document


@dataclass
class Web:
    client: TestClient
    store: Store
    ids: dict[str, int]  # article id by URL


def _distractors(count: int) -> list[ArticleData]:
    lines = (EVALDATA / "zh_text_thucnews_cnews1000" / "cnews_1000.txt").read_text("utf-8").splitlines()
    found = []
    for n, line in enumerate(lines[:count]):
        text = line.split("\t", 1)[1]
        found.append(
            ArticleData(
                url=f"https://news.example.cn/{n}.html",
                title=text[:20],
                outlet="新浪",
                paragraphs=[text],
                published=date(2024, 9, 1) + timedelta(days=n % 28),
            )
        )
    return found


def _articles() -> list[ArticleData]:
    items = [
        ArticleData(
            url=it.url,
            title=it.title,
            outlet=it.outlet,
            paragraphs=list(it.paragraphs),
            published=it.published,
        )
        for it in (*issue_537().items, *issue_538().items)
    ]
    first = issue_538().items[0]
    reprint = ArticleData(
        url=REPRINT_URL,
        title="服贸会上的数智健康服务",
        outlet="网易",
        paragraphs=["来源：中国青年报", *first.paragraphs[:-2]],
        published=date(2024, 9, 15),
        credited_outlet="中国青年报",
    )
    hostile = ArticleData(
        url=HOSTILE_URL,
        title="恶意页面" + PAYLOADS[0],
        outlet="不明网站",
        author=PAYLOADS[1],
        paragraphs=["医院信息化建设的新闻。", *PAYLOADS],
        published=date(2024, 9, 20),
        raw_page=(
            "<html><head><title>t</title><style>p{}</style></head><body onload=alert(1)>"
            "<h1>医院信息化</h1><p>正文段落</p>"
            + "".join(PAYLOADS)
            + "<iframe src=https://evil.example/></iframe>"
            "<form action=/steal><input name=x></form><a href='https://ok.example/'>链接</a></body></html>"
        ).encode(),
    )
    return [*items, reprint, hostile, *_distractors(60)]


def add_users(store: Store) -> None:
    """The users admin, editor and viewer, each with the role of its name and PASSWORD."""
    with store.session() as s:
        for name in ("admin", "editor", "viewer"):
            add_user(s, name, PASSWORD, name)


def fill(store: Store, settings: Settings) -> dict[str, int]:
    """Users admin/editor/viewer and the scored articles; returns article ids by URL."""
    add_users(store)
    with store.session() as s:
        ids = {data.url: upsert_article(s, data)[0].id for data in _articles()}
    analyze(store, settings)
    return ids


@pytest.fixture(name="client")
def client_fixture(store: Store, settings: Settings) -> Iterator[TestClient]:
    """The app on the test's store (a module may override ``store`` to fill it first), with the
    three users."""
    add_users(store)
    with TestClient(create_app(settings, store)) as client:
        yield client


@pytest.fixture(name="web")
def web_fixture(store: Store, settings: Settings) -> Iterator[Web]:
    ids = fill(store, settings)
    with TestClient(create_app(settings, store)) as client:
        yield Web(client, store, ids)


def csrf(client: TestClient, path: str = "/login") -> str:
    """The CSRF token in the form on the page at ``path``."""
    found = re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).text)
    assert found, "the page has no CSRF token"
    return found[1]


def sign_in(client: TestClient, name: str) -> str:
    """Sign in as ``name``; returns the session's CSRF token."""
    token = csrf(client)
    reply = client.post(
        "/login", data={"username": name, "password": PASSWORD, "csrf_token": token}, follow_redirects=False
    )
    assert reply.status_code == 303
    return token
