"""The dashboard on a real crawl of the fixture web: chart counts, and the dead source flagged."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from tests import crawlsites
from tests.conftest import BACKENDS, use_backend, use_home, yuqing
from tests.webfixtures import add_users, sign_in
from yuqing import settings as settings_mod
from yuqing.store.db import open_store
from yuqing.store.models import ArticleScore
from yuqing.web.app import create_app

pytestmark = pytest.mark.slow
UNTIL = "2015-06-30"  # the fixture's news pages were published in May and June 2015


@pytest.fixture(scope="module", params=BACKENDS)
def client(
    request: pytest.FixtureRequest,
    web: crawlsites.CrawlWeb,
    tmp_path_factory: pytest.TempPathFactory,
    worker_id: str,
) -> Iterator[TestClient]:
    """The app signed in as viewer on a crawl of the fixture web, on SQLite and on PostgreSQL. The
    tests only read, so the module crawls once per backend (its own ``home`` and ``backend_url``)."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        home = use_home(tmp_path_factory.mktemp("dashboard") / "home", monkeypatch)
        home.mkdir()
        use_backend(request.param, worker_id, monkeypatch)
        crawlsites.use_fixture_web(web, home.parent, monkeypatch)
        yuqing("collect", "--source", "news", "--source", "gov", "--source", "dead")
        yuqing("analyze")
        settings = settings_mod.load()
        store = open_store(settings)
        add_users(store)
        with store.session() as s:
            # the built-in profile gives these pages no subtopic; label three as analysts' profiles would
            for score, labels in zip(
                s.scalars(select(ArticleScore).order_by(ArticleScore.article_id)), LABELS, strict=False
            ):
                score.labels = labels
        with TestClient(create_app(settings, store)) as test_client:
            sign_in(test_client, "viewer")
            yield test_client
        store.close()


LABELS = [["互联网医院"], ["互联网医院", "电子病历"], ["电子病历"], []]


def titles(svg: str) -> list[str]:
    return re.findall(r"<title>([^<]+)</title>", svg)


def test_the_charts_count_what_was_collected(client: TestClient) -> None:
    numbers = client.get(f"/api/dashboard?until={UNTIL}").json()
    outlets = {row["outlet"]: row["count"] for row in numbers["outlets"]}
    assert outlets == {"测试日报": 4, "北京市中医管理局": 3} and numbers["articles"] == 7
    assert {r["label"]: r["count"] for r in numbers["subtopics"]} == {"互联网医院": 2, "电子病历": 2}
    per_day = {row["day"]: row["count"] for row in numbers["per_day"] if row["count"]}
    assert len(numbers["per_day"]) == 60 and sum(per_day.values()) == 4  # the 2009 notices are older
    charts = re.findall(r"<svg.*?</svg>", client.get(f"/?until={UNTIL}").text, re.S)
    assert len(charts) == 3
    days, subtopics, outlet_chart = (titles(svg) for svg in charts)
    for day, count in per_day.items():
        month, dom = int(day[5:7]), int(day[8:])
        assert f"{month}月{dom}日：{count} 篇" in days
    assert "互联网医院：2 篇" in subtopics and "电子病历：2 篇" in subtopics
    assert outlet_chart[1:] == ["测试日报：4 篇", "北京市中医管理局：3 篇"]


def test_the_dead_source_is_flagged_and_the_good_ones_are_not(
    client: TestClient, web: crawlsites.CrawlWeb
) -> None:
    health = {row["source"]: row for row in client.get("/api/dashboard").json()["sources"]}
    assert health["dead"]["flagged"] and "Connection was refused" in health["dead"]["last_error"]
    assert health["dead"]["dropped"] == {"connection": 1} and health["dead"]["last_success"] is None
    assert not health["news"]["flagged"] and health["news"]["new"] == 4
    assert not health["trouble"]["flagged"] and health["trouble"]["last_run"] is None  # never ran
    page = client.get("/").text
    flagged = re.findall(r'<tr class="flagged">\s*<td class="source" title="来源名 (\w+)">', page)
    assert flagged == ["dead"]
    outlets = re.findall(r'<td class="source" title="来源名 \w+">([^<]+)', page)
    assert "测试日报" in outlets and "news" not in outlets  # outlets by name, code names small below
    assert '<span class="drop">连接被拒 1</span>' in page  # the drop reason, as editors read it
    assert f"连接被拒：{web.dead_url}</div>" in page and "Connection was refused" not in page  # its error


def test_the_chart_shows_the_chosen_period_and_says_when_it_is_empty(client: TestClient) -> None:
    numbers = client.get("/api/dashboard", params={"from": "2015-05-01", "until": UNTIL}).json()
    assert len(numbers["per_day"]) == 61 and numbers["in_period"] == 4
    empty = client.get("/", params={"from": "2020-01-01", "until": "2020-01-31"}).text
    assert "这段时间没有文章。库中最新的文章发布于 2015-06-" in empty
    assert 'href="/?from=2015-' in empty  # the newest 60 days that hold articles, one click away
    refused = client.get("/", params={"from": "2015-06-30", "until": "2015-01-01"})
    assert refused.status_code == 400 and "起始日期 2015-06-30 晚于截止日期 2015-01-01" in refused.text
    assert "最多显示 366 天" in client.get("/", params={"from": "2000-01-01", "until": UNTIL}).text
    axis = re.findall(
        r'<text class="axis" x="([\d.]+)"',
        client.get("/", params={"from": "2015-01-01", "until": UNTIL}).text,
    )
    assert 2 <= len(axis) <= 8  # 181 days, at most 8 labels: they cannot overlap
