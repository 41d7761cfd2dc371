"""The issue editor in process: pages, htmx fragments, preview, freeze, downloads, the JSON API.

The articles are the real items of issue 538 (2024-09), so the editor is driven with the texts
the users publish.
"""

from __future__ import annotations

import html
import io
import os
import re
import subprocess
import sys

import docx
import pypdfium2 as pdfium
import pytest
from fastapi.testclient import TestClient
from httpx import Response

from tests.samples import issue_538
from tests.webfixtures import client_fixture, sign_in  # noqa: F401 (the fixture)
from yuqing.report.document import ReportItem
from yuqing.store.articles import ArticleData, upsert_article
from yuqing.store.db import Store

ITEMS = issue_538().items  # 0 中国青年报, 1 千龙网, 2 光明网, 3 新京报
HX = {"HX-Request": "true"}


@pytest.fixture
def store(store: Store) -> Store:
    """Conftest's store (SQLite or PostgreSQL) holding the items of issue 538, as articles 1 to 4."""
    with store.session() as s:
        for item in ITEMS:
            upsert_article(s, _article(item))
    return store


def _article(item: ReportItem, title: str | None = None) -> ArticleData:
    return ArticleData(
        url=item.url,
        title=title or item.title,
        outlet=item.outlet,
        paragraphs=list(item.paragraphs),
        published=item.published,
    )


def htmx_post(client: TestClient, token: str, path: str, **form: str) -> Response:
    """What htmx sends: the form, plus the token as a header from <body hx-headers>."""
    reply = client.post(path, data=form, headers={**HX, "X-CSRF-Token": token})
    assert reply.status_code == 200, reply.text
    return reply


def preview_of(page: str) -> str:
    """The house-format page inside the preview iframe, unescaped from its srcdoc."""
    frame = re.search(r"<iframe[^>]*id=\"issue-preview\"[^>]*>", page)
    assert frame, "no preview iframe"
    assert re.search(r"\ssandbox[\s>=]", frame[0]) and "allow-scripts" not in frame[0]
    srcdoc = re.search(r'srcdoc="([^"]*)"', frame[0])
    assert srcdoc
    return html.unescape(srcdoc[1])


def titles_in_order(text: str, titles: list[str]) -> bool:
    """Whether the numbered headings 1.标题：… 2.标题：… appear in this order."""
    squeezed = re.sub(r"\s+", "", text)
    at = 0
    for n, title in enumerate(titles, 1):
        found = squeezed.find(re.sub(r"\s+", "", f"{n}.标题：{title}"), at)
        if found < 0:
            return False
        at = found
    return f"{len(titles) + 1}.标题：" not in squeezed


def shown(page: str) -> str:
    """The message a refused change shows: on the error page, or (issue.js) above the item list."""
    found = re.search(r'<section class="error-page">.*?<p class="error">([^<]*)</p>', page, re.S)
    assert found, page
    return html.unescape(found[1])


def new_draft(client: TestClient, token: str) -> None:
    form = {"period": "2024-09", "number": "", "csrf_token": token}
    reply = client.post("/issues", data=form, follow_redirects=False)
    assert reply.status_code == 303 and reply.headers["location"] == "/issues/2024-09"


def test_an_editor_builds_an_issue_in_place(client: TestClient) -> None:
    token = sign_in(client, "editor")
    assert 'type="month"' in client.get("/issues").text
    new_draft(client, token)
    page = client.get("/issues/2024-09").text
    assert "第五三八期" in page and "草稿" in page and "本期还没有条目" in page

    for ref in ("1", ITEMS[1].url, "3", "4"):  # by id and by URL
        fragment = htmx_post(client, token, "/issues/2024-09/items", article=ref).text
    assert 'hx-swap-oob="true"' in fragment  # the preview comes along with the list
    assert titles_in_order(preview_of(fragment), [i.title for i in ITEMS])

    htmx_post(client, token, "/issues/2024-09/items/3/move", target="2")  # 光明网 up
    fragment = htmx_post(client, token, "/issues/2024-09/items/4/remove").text  # 新京报 out
    order = [ITEMS[0].title, ITEMS[2].title, ITEMS[1].title]
    assert titles_in_order(preview_of(fragment), order)
    assert ITEMS[3].title not in fragment

    form = client.get("/issues/2024-09/items/2", headers=HX).text
    assert "<textarea" in form and ITEMS[2].paragraphs[0] in form
    edited = {
        "title": "南口医院AI智慧医疗落地",
        "outlet": ITEMS[2].outlet,
        "text": "第一段改写。\n\n第二段改写。",
    }
    fragment = htmx_post(client, token, "/issues/2024-09/items/2", **edited).text
    assert "已修改" in fragment
    preview = preview_of(fragment)
    assert titles_in_order(preview, [ITEMS[0].title, edited["title"], ITEMS[1].title])
    assert "<p" in preview and "第一段改写。" in preview and ITEMS[2].paragraphs[0] not in preview
    assert "（第五三八期）" in preview and "本期周报共收集3篇" in preview

    fragment = htmx_post(client, token, "/issues/2024-09/items/2", reset="1").text
    assert "已修改" not in fragment and ITEMS[2].paragraphs[0] in preview_of(fragment)


def test_a_frozen_issue_refuses_changes_and_downloads_its_frozen_text(
    client: TestClient, store: Store
) -> None:
    token = sign_in(client, "editor")
    new_draft(client, token)
    for ref in ("2", "1", "4"):
        htmx_post(client, token, "/issues/2024-09/items", article=ref)
    freeze = client.post("/issues/2024-09/freeze", data={"csrf_token": token})
    assert freeze.status_code == 200 and "已定稿" in freeze.text and "取消定稿" in freeze.text
    assert 'action="/issues/2024-09/items"' not in freeze.text  # no add form on a frozen issue

    refused = client.post("/issues/2024-09/items", data={"article": "3", "csrf_token": token})
    assert refused.status_code == 400 and shown(refused.text) == "第538期已定稿，不能再修改；请先取消定稿"
    refused = client.post("/issues/2024-09/items/1/move", data={"target": "2"}, headers=HX | _h(token))
    assert refused.status_code == 400 and shown(refused.text) == "第538期已定稿，不能再修改；请先取消定稿"

    with store.session() as s:  # the article changes after publication
        upsert_article(s, _article(ITEMS[1], title="后来改过的标题"))
    order = [ITEMS[1].title, ITEMS[0].title, ITEMS[3].title]
    md = _download(client, "md", "report-538-2024-09.md").content.decode("utf-8")
    assert titles_in_order(md, order) and "后来改过的标题" not in md
    document = docx.Document(io.BytesIO(_download(client, "docx", "report-538-2024-09.docx").content))
    assert titles_in_order("\n".join(p.text for p in document.paragraphs), order)
    pdf = pdfium.PdfDocument(_download(client, "pdf", "report-538-2024-09.pdf").content)
    assert titles_in_order("".join(page.get_textpage().get_text_range() for page in pdf), order)

    client.post("/issues/2024-09/unfreeze", data={"csrf_token": token})
    md = _download(client, "md", "report-538-2024-09.md").content.decode("utf-8")
    assert "后来改过的标题" in md  # a draft again: composed from the articles as they are now


def test_refusals_in_the_editor_are_explained_in_chinese(client: TestClient) -> None:
    token = sign_in(client, "editor")
    new_draft(client, token)
    htmx_post(client, token, "/issues/2024-09/items", article="1")

    def post(path: str, **form: str) -> Response:
        return client.post(path, data=form, headers=HX | _h(token))

    refusals = {
        "这篇文章（编号 1）已是本期第 1 条": post("/issues/2024-09/items", article="1"),
        "库中没有这篇文章：999": post("/issues/2024-09/items", article="999"),
        "序号 5 超出范围：本期共 1 条": post("/issues/2024-09/items/5/remove"),
        "2024-09 已有一期，不能重复新建": post("/issues", period="2024-09"),
        "期号 538 已被 2024-09 使用，请另填期号": post("/issues", period="2024-10", number="538"),
        "还没有 2024-11 这一期，请先在“期刊”页新建": client.get("/issues/2024-11"),
        "不支持的格式“xls”，可选：md, html, docx, pdf": client.get("/issues/2024-09/download/xls"),
        "无法识别时段“九月”，请写作 2024-08（月）、2024-W35（周）或 2024-08-01..2024-08-15（日期范围）": (
            client.get("/candidates", params={"period": "九月"})
        ),
        "时段“2024-13”中的日期不存在": client.get("/candidates", params={"period": "2024-13"}),
    }
    for message, reply in refusals.items():
        assert reply.status_code in (400, 404) and shown(reply.text) == message
    api = client.post("/api/issues/2024-09/items", json={"article": "999"}, headers=_h(token))
    assert api.status_code == 404 and api.json() == {"error": "库中没有这篇文章：999"}


def test_a_viewer_sees_the_issue_but_cannot_change_it(client: TestClient) -> None:
    new_draft(client, sign_in(client, "editor"))
    client.post("/logout", data={"csrf_token": _token(client)})
    token = sign_in(client, "viewer")
    for page in ("/issues", "/issues/2024-09"):
        text = client.get(page).text
        assert "第五三八期" in text
        assert not re.search(r'<form[^>]*action="/issues', text)  # only the sign-out form
    assert preview_of(client.get("/issues/2024-09").text)
    for path, form in (
        ("/issues", {"period": "2024-10"}),
        ("/issues/2024-09/items", {"article": "1"}),
        ("/issues/2024-09/freeze", {}),
    ):
        refused = client.post(path, data={**form, "csrf_token": token})
        assert refused.status_code == 403 and shown(refused.text) == "需要编辑权限，当前账户为只读"
    assert (
        client.post("/api/issues/2024-09/items", json={"article": "1"}, headers=_h(token)).status_code == 403
    )
    assert client.get("/issues/2024-09/items/1").status_code == 403  # the edit form is for editors


def test_a_change_without_the_csrf_token_is_refused(client: TestClient) -> None:
    token = sign_in(client, "editor")
    new_draft(client, token)
    assert client.post("/issues/2024-09/items", data={"article": "1"}).status_code == 403
    assert client.post("/api/issues/2024-09/items", json={"article": "1"}).status_code == 403
    assert client.post("/api/issues/2024-09/freeze", headers={"X-CSRF-Token": "forged"}).status_code == 403
    assert client.get("/api/issues/2024-09").json()["items"] == []


def test_the_json_api_edits_an_issue(client: TestClient) -> None:
    h = _h(sign_in(client, "editor"))
    made = client.post("/api/issues", json={"period": "2024-09"}, headers=h)
    assert made.status_code == 201 and made.json()["number"] == 538
    for ref in ("1", "2", "3"):
        client.post("/api/issues/2024-09/items", json={"article": ref}, headers=h)
    got = client.post("/api/issues/2024-09/items", json={"article": "4", "position": 1}, headers=h).json()
    assert [i["article_id"] for i in got["items"]] == [4, 1, 2, 3]
    got = client.post("/api/issues/2024-09/move", json={"source": 1, "target": 4}, headers=h).json()
    assert [i["article_id"] for i in got["items"]] == [1, 2, 3, 4]
    got = client.delete("/api/issues/2024-09/items/2", headers=h).json()
    assert [i["article_id"] for i in got["items"]] == [1, 3, 4]
    got = client.patch(
        "/api/issues/2024-09/items/1", json={"title": "新标题", "paragraphs": ["一段。"]}, headers=h
    ).json()
    assert got["items"][0] | {"title": "新标题", "paragraphs": ["一段。"], "edited": True} == got["items"][0]
    got = client.patch("/api/issues/2024-09/items/1", json={"reset": True}, headers=h).json()
    assert got["items"][0]["title"] == ITEMS[0].title and not got["items"][0]["edited"]

    assert client.post("/api/issues/2024-09/freeze", headers=h).json()["status"] == "frozen"
    refused = client.delete("/api/issues/2024-09/items/1", headers=h)
    assert refused.status_code == 400 and refused.json()["error"] == "第538期已定稿，不能再修改；请先取消定稿"
    listed = client.get("/api/issues").json()
    assert [(i["number_text"], i["status"], i["item_count"]) for i in listed] == [("第五三八期", "frozen", 3)]
    assert client.get("/api/issues/2024-10").status_code == 404


def test_openapi_describes_the_issue_api(client: TestClient) -> None:
    assert client.get("/openapi.json").json() == {"error": "请先登录"}
    sign_in(client, "viewer")
    spec = client.get("/openapi.json").json()
    paths = spec["paths"]
    assert {"get", "post"} <= set(paths["/api/issues"])
    assert set(paths["/api/issues/{period}/items/{position}"]) == {"delete", "patch"}
    assert "post" in paths["/api/issues/{period}/move"] and "post" in paths["/api/issues/{period}/freeze"]
    assert {"AddItem", "MoveItem", "EditItem", "IssueOut"} <= set(spec["components"]["schemas"])


def _h(token: str) -> dict[str, str]:
    return {"X-CSRF-Token": token}


def _token(client: TestClient) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/issues").text)
    assert found
    return found[1]


def _download(client: TestClient, fmt: str, name: str) -> Response:
    reply = client.get(f"/issues/2024-09/download/{fmt}")
    assert reply.status_code == 200
    assert reply.headers["content-disposition"] == f'attachment; filename="{name}"'
    return reply


def test_an_issue_is_deleted_after_a_confirmation(client: TestClient) -> None:
    token = sign_in(client, "editor")
    new_draft(client, token)
    htmx_post(client, token, "/issues/2024-09/items", article="1")
    page = client.get("/issues/2024-09/delete").text
    assert "删除第五三八期？" in page and 'name="confirm"' in page and 'name="force"' not in page
    unconfirmed = client.post("/issues/2024-09/delete", data={"csrf_token": token})
    assert unconfirmed.status_code == 400 and shown(unconfirmed.text) == "请勾选“确认删除”后再删除"
    client.post("/issues/2024-09/freeze", data={"csrf_token": token})
    assert 'name="force"' in client.get("/issues/2024-09/delete").text  # a frozen one: a second tick
    frozen = client.post("/issues/2024-09/delete", data={"confirm": "1", "csrf_token": token})
    assert frozen.status_code == 400 and "第538期已定稿（已发布）" in shown(frozen.text)
    api = client.delete("/api/issues/2024-09", headers=_h(token))
    assert api.status_code == 400 and "已定稿" in api.json()["error"]
    gone = client.post(
        "/issues/2024-09/delete",
        data={"confirm": "1", "force": "1", "csrf_token": token},
        follow_redirects=False,
    )
    assert gone.status_code == 303 and gone.headers["location"] == "/issues"
    assert client.get("/issues/2024-09").status_code == 404
    assert client.get("/api/articles/1").status_code == 200  # the articles stay
    new_draft(client, token)
    assert client.delete("/api/issues/2024-09", headers=_h(token)).status_code == 204
    assert client.get("/api/issues").json() == []


def test_issue_delete_on_the_command_line(client: TestClient) -> None:
    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "yuqing", "issue", *args],
            capture_output=True,
            text=True,
            env=os.environ.copy(),
        )

    assert run("new", "2024-09").returncode == 0 and run("add", "2024-09", "1", "2").returncode == 0
    assert run("freeze", "2024-09").returncode == 0
    refused = run("delete", "2024-09")
    assert refused.returncode != 0 and "issue 538 is frozen (published)" in refused.stderr
    done = run("delete", "2024-09", "--force")
    assert done.returncode == 0 and "issue 538 (2024-09) deleted with its 2 items" in done.stdout
    assert "no issue for 2024-09" in run("show", "2024-09").stderr
