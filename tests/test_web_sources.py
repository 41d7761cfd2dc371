"""The sources page: the registry read by all, changed by admins only; the collector honours it."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from tests import crawlsites
from tests.conftest import yuqing
from tests.webfixtures import client_fixture, csrf, sign_in  # noqa: F401 (the fixture)
from yuqing.store.db import Store
from yuqing.store.models import Article, CollectRun

pytestmark = pytest.mark.slow


@pytest.fixture
def registry(home: Path, web: crawlsites.CrawlWeb, monkeypatch: pytest.MonkeyPatch) -> Path:
    home.mkdir()
    return crawlsites.use_fixture_web(web, home.parent, monkeypatch)


def runs(store: Store) -> list[str]:
    with store.session() as s:
        return sorted(s.scalars(select(CollectRun.source)))


def test_only_admins_change_sources(registry: Path, client: TestClient) -> None:
    for role in ("viewer", "editor"):
        token = sign_in(client, role)
        page = client.get("/sources")
        assert page.status_code == 200 and "停站网" in page.text and "立即抓取" not in page.text
        assert "<td>列表页，订阅源</td>" in page.text  # news's entry points, named in Chinese
        headers = {"X-CSRF-Token": token}
        assert client.post("/api/sources/news/run", headers=headers).status_code == 403
        assert (
            client.post("/api/sources/news/enabled", json={"enabled": False}, headers=headers).status_code
            == 403
        )
        assert (
            client.post("/sources/news/enabled", data={"enabled": "0", "csrf_token": token}).status_code
            == 403
        )
        assert client.get("/sources/news/edit").status_code == 403
    sign_in(client, "admin")
    assert client.post("/api/sources/news/enabled", json={"enabled": False}).status_code == 403  # no CSRF
    assert client.get("/api/sources").json()[0]["enabled"] is True


def test_a_source_disabled_by_an_admin_is_skipped_by_collect(
    registry: Path, client: TestClient, store: Store
) -> None:
    token = sign_in(client, "admin")
    for name in ("trouble", "gov", "jsgate"):
        reply = client.post(
            f"/api/sources/{name}/enabled", json={"enabled": False}, headers={"X-CSRF-Token": token}
        )
        assert reply.json() == {"source": name, "enabled": False}
    client.post("/sources/dead/enabled", data={"enabled": "0", "csrf_token": token}, follow_redirects=False)
    listed = {row["name"]: row["enabled"] for row in client.get("/api/sources").json()}
    assert listed == {"news": True, "trouble": False, "gov": False, "jsgate": False, "dead": False}
    yuqing("collect")
    assert runs(store) == ["news"]
    client.post("/sources/dead/enabled", data={"enabled": "1", "csrf_token": token})
    yuqing("collect")
    assert runs(store) == ["dead", "news", "news"]


def test_a_yaml_typo_is_refused_with_its_line_and_nothing_is_written(
    registry: Path, client: TestClient
) -> None:
    token = sign_in(client, "admin")
    before = registry.read_text("utf-8")
    block = client.get("/sources/gov/edit").text.split('aria-label="来源 YAML">')[1].split("</textarea>")[0]
    lines = block.splitlines()
    assert lines[0] == "name: gov" and "outlet: 北京市中医管理局" in lines
    typo = [line.replace("delay:", "dleay:") for line in lines]
    line_no = next(i for i, line in enumerate(typo, 1) if "dleay" in line)
    reply = client.post(
        "/sources/save", data={"block": "\n".join(typo), "original": "gov", "csrf_token": token}
    )
    assert reply.status_code == 400
    # said in Chinese, with the line in the block, the key as typed and the suggestion
    assert f"第 {line_no} 行：来源 gov 中有未知字段 dleay（是否想写 delay？）" in reply.text
    assert "unknown key" not in reply.text
    assert registry.read_text("utf-8") == before


def test_a_registry_broken_by_hand_is_explained_in_chinese(registry: Path, client: TestClient) -> None:
    sign_in(client, "viewer")
    text = registry.read_text("utf-8").replace("    domains: [127.0.0.9]", "    domain: [127.0.0.9]")
    registry.write_text(text, "utf-8")
    line = next(i for i, row in enumerate(text.splitlines(), 1) if row.startswith("    domain:"))
    said = f"{registry} 第 {line} 行：来源 dead 中有未知字段 domain（是否想写 domains？）"
    assert f"来源登记表有误：{said}" in client.get("/").text  # the dashboard
    page = client.get("/sources")
    assert page.status_code == 400 and said in page.text and "unknown key" not in page.text


def test_a_valid_edit_is_written_and_listed(registry: Path, client: TestClient) -> None:
    token = sign_in(client, "admin")
    block = client.get("/sources/gov/edit").text.split('aria-label="来源 YAML">')[1].split("</textarea>")[0]
    edited = block.replace("北京市中医管理局", "北京中医").replace("&#34;", '"')
    reply = client.post(
        "/sources/save",
        data={"block": edited, "original": "gov", "csrf_token": token},
        follow_redirects=False,
    )
    assert reply.status_code == 303, reply.text
    listed = {row["name"]: row["outlet"] for row in client.get("/api/sources").json()}
    assert listed["gov"] == "北京中医" and listed["news"] == "测试日报" and len(listed) == 5
    assert "outlet: 北京中医" in registry.read_text("utf-8")


def test_a_new_source_starts_a_copy_of_the_built_in_registry(home: Path, client: TestClient) -> None:
    token = sign_in(client, "admin")
    builtin = len(client.get("/api/sources").json())
    block = "name: extra\noutlet: 新增网\ndomains: [extra.example.cn]\nentries:\n  - kind: feed\n    url: https://extra.example.cn/rss.xml\n"
    reply = client.post("/sources/save", data={"block": block, "csrf_token": token}, follow_redirects=False)
    assert reply.status_code == 303, reply.text
    listed = [row["name"] for row in client.get("/api/sources").json()]
    assert len(listed) == builtin + 1 and listed[-1] == "extra"
    assert "outlet: 新增网" in (home / "sources.yaml").read_text("utf-8")


def test_run_now_collects_in_its_own_process(registry: Path, client: TestClient, store: Store) -> None:
    token = sign_in(client, "admin")
    reply = client.post("/api/sources/news/run", headers={"X-CSRF-Token": token})
    assert reply.status_code == 202 and reply.json() == {"source": "news", "started": True}
    assert "运行中" in client.get("/sources").text
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        news = next(row for row in client.get("/api/sources").json() if row["name"] == "news")
        if not news["running"] and news["last"]:
            break
        time.sleep(0.5)
    assert news["last"]["new"] == 4 and news["last"]["errors"] == 1  # the robots.txt-forbidden link
    with store.session() as s:
        assert len(s.scalars(select(Article.id)).all()) == 4
    page = client.get("/sources").text
    assert "抓取 4，新增 4" in page and "robots.txt 禁止抓取：http://" in page  # the last error, in Chinese
    assert "Forbidden" not in page


def test_the_api_is_documented(client: TestClient) -> None:
    assert csrf(client)  # the login page carries its token
    sign_in(client, "viewer")  # the description is for signed-in users
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/api/sources", "/api/sources/{name}/run", "/api/sources/{name}/enabled", "/api/dashboard"):
        assert path in paths
