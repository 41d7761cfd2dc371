"""Every route with hostile values, on SQLite and PostgreSQL: never a 500, and every refusal in
Chinese (the API as ``{"error": "…"}``).

The routes are read from the app itself, so a new route is walked without touching this test.
Each path parameter, query parameter, form field and JSON field gets each hostile value in turn
(the other path parameters valid, so the value reaches the code behind them); the client raises
any unhandled exception, which fails the test as a 500 would.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any
from urllib.parse import quote

from fastapi.routing import APIRoute
from starlette.routing import Mount
from starlette.testclient import TestClient

from tests.webfixtures import Web, sign_in, web_fixture  # noqa: F401 (the fixture)
from yuqing.report.period import parse_period
from yuqing.store import issues
from yuqing.store.models import Article, ReportIssue

HOSTILE = (
    "abc",
    "-1",
    "0",
    "1" * 30,
    "9" * 400,
    "javascript:alert(1)",
    "<script>alert(1)</script>",
    "*",
    "((",
    "😀",
    "",
    " ",
    "1899-01",
    "0001-01",
    "2024-13",
    "\u202e\x00",
    "../../etc/passwd",
    "a" * 5000,
)
JSON_VALUES: tuple[Any, ...] = (*HOSTILE[:10], -1, 0, 10**30, 1.5, None, [], {"x": 1}, True)
VALID = {"period": "2024-09", "position": "1", "fmt": "md", "name": "news", "article_id": "1"}
CJK = re.compile(r"[\u4e00-\u9fff]")


def every_route(routes: list[Any], prefix: str = "") -> Iterator[tuple[str, str, APIRoute | None]]:
    """(method, path, route) for each route of the app, through included routers and mounts."""
    for route in routes:
        inner = getattr(route, "original_router", None)
        if inner is not None:  # FastAPI keeps an included router whole
            yield from every_route(inner.routes, prefix + route.include_context.prefix)
        elif isinstance(route, APIRoute):
            for method in sorted(route.methods):
                yield method, prefix + route.path, route
        elif isinstance(route, Mount):
            yield "GET", prefix + route.path + "/{path}", None


def fill_path(path: str, values: dict[str, str]) -> str:
    return re.sub(r"\{(\w+)(?::\w+)?\}", lambda m: quote(values.get(m[1], "x"), safe=""), path)


def requests(method: str, path: str, route: APIRoute | None) -> Iterator[dict[str, Any]]:
    """The hostile requests for one route: each value in each place, one place at a time."""
    names = re.findall(r"\{(\w+)", path)
    dependant = route.dependant if route else None
    queries = [p.alias for p in dependant.query_params] if dependant else []
    bodies = list(dependant.body_params) if dependant else []
    form = bool(bodies) and type(bodies[0].field_info).__name__ == "Form"
    for value in HOSTILE:
        for name in names:
            yield {"url": fill_path(path, {**VALID, name: value}), "params": {}}
        base = fill_path(path, VALID)
        if queries:
            yield {"url": base, "params": dict.fromkeys(queries, value)}
        if form:
            yield {"url": base, "data": {p.alias: value for p in bodies}}
    if bodies and not form:
        model = bodies[0].field_info.annotation
        keys = list(getattr(model, "model_fields", {})) or ["x"]
        for value in JSON_VALUES:
            for key in keys:
                yield {"url": fill_path(path, VALID), "json": {key: value}}
        for raw in ("", "{", "[]", '"abc"', "null", "{" * 5000):
            yield {
                "url": fill_path(path, VALID),
                "content": raw,
                "headers": {"content-type": "application/json"},
            }


def chinese_refusal(reply: Any, path: str) -> str | None:
    """What is wrong with a refusal: an API answer that is not {"error": Chinese}, a page whose
    message is not Chinese."""
    if reply.status_code < 400 or (reply.status_code == 404 and not path.startswith("/api/")):
        return None
    if path.startswith("/api/") or path == "/openapi.json":
        try:
            said = reply.json().get("error", "")
        except ValueError:
            return f"not JSON: {reply.text[:80]!r}"
        return None if CJK.search(str(said)) else f"no Chinese error: {reply.text[:120]!r}"
    message = re.search(r'<p class="error"[^>]*>([^<]*)</p>', reply.text)
    return (
        None
        if message and CJK.search(message[1])
        else f"page without a Chinese message: {reply.text[:120]!r}"
    )


def test_every_route_survives_hostile_values(web: Web) -> None:
    with web.store.session() as s:  # an issue stored before numbers below 1 were refused
        s.add(
            ReportIssue(
                series="monthly",
                number=-970,
                period_start=date(1899, 1, 1),
                period_end=date(1899, 1, 31),
                status="draft",
                created_at=datetime.now(),
                updated_at=datetime.now(),
            )
        )
        issue = issues.create_issue(s, "monthly", parse_period("2024-09"), 538)
        issues.add_item(s, issue, s.get(Article, 1))
    token = sign_in(web.client, "admin")
    client = TestClient(web.client.app, raise_server_exceptions=True, cookies=web.client.cookies)
    for page in ("/issues", "/api/issues", "/issues/1899-01", "/api/issues/1899-01"):
        assert client.get(page).status_code == 200, page  # the stored −970 is shown, not a 500
    assert "期号无效" in client.get("/issues/1899-01").text
    routes = list(every_route(web.client.app.routes))
    documented = set(web.client.get("/openapi.json").json()["paths"])
    assert documented <= {path for _, path, _ in routes}, "the walk missed documented routes"
    assert len(routes) >= 40
    problems: list[str] = []
    sent = 0
    for method, path, route in routes:
        if path in ("/logout",):  # would end the session the walk runs in
            continue
        for request in requests(method, path, route):
            headers = {"X-CSRF-Token": token, **request.pop("headers", {})}
            reply = client.request(method, request.pop("url"), headers=headers, **request)
            sent += 1
            if reply.status_code >= 500:
                problems.append(f"{method} {reply.url}: {reply.status_code}")
            elif found := chinese_refusal(reply, path):
                problems.append(f"{method} {reply.url} {reply.status_code}: {found}")
    assert not problems, f"{len(problems)} of {sent} requests:\n" + "\n".join(problems[:40])


def test_named_cases_answer_in_chinese(web: Web) -> None:
    """The cases users met, each with the message that says what is expected."""
    token = sign_in(web.client, "admin")
    h = {"X-CSRF-Token": token}
    c = web.client
    c.post("/api/issues", json={"period": "2024-09"}, headers=h)
    said = {
        "期号应为 1 到 99999 之间的整数": [
            c.post("/issues", data={"period": "2024-10", "number": n, "csrf_token": token})
            for n in ("abc", "-5", "0", "1" * 30)
        ],
        "1899-01 早于本系列第一期：设置 report.anchor = 534@2024-05 使 1979-12 为第1期": [
            c.post("/issues", data={"period": "1899-01", "csrf_token": token}),
            c.post("/api/issues", json={"period": "1899-01"}, headers=h),
        ],
        "既不是文章编号": [
            c.post("/issues/2024-09/items", data={"article": a, "csrf_token": token})
            for a in ("abc", "javascript:alert(1)")
        ],
        "文章编号应为从 1 起的整数": [
            c.post("/issues/2024-09/items", data={"article": "-1", "csrf_token": token})
        ],
        "库中没有这篇文章": [
            c.post("/issues/2024-09/items", data={"article": "9" * 400, "csrf_token": token})
        ],
        "搜索词“*”中没有可检索的字词": [c.get("/search", params={"q": "*"})],
        "搜索词“😀”中没有可检索的字词": [c.get("/api/search", params={"q": "😀"})],
        "序号应不小于 1": [
            c.post("/api/issues/2024-09/items", json={"article": "1", "position": -1}, headers=h)
        ],
        "来源 YAML不能为空": [c.post("/sources/save", data={"block": "", "csrf_token": token})],
        "提交的内容过大": [
            c.post(
                "/issues/2024-09/items/1", data={"title": "x", "text": "长" * 400_000, "csrf_token": token}
            )
        ],
        "正文不能超过 200,000 个字": [
            c.post(
                "/issues/2024-09/items/1",
                data={"title": "x", "outlet": "y", "text": "a" * 250_000, "csrf_token": token},
            )
        ],
        "标题不能为空": [c.patch("/api/issues/2024-09/items/1", json={"title": "  "}, headers=h)],
        "正文不能为空": [c.patch("/api/issues/2024-09/items/1", json={"paragraphs": ["", "  "]}, headers=h)],
        "标题不能超过 200 个字": [
            c.patch("/api/issues/2024-09/items/1", json={"title": "长" * 300}, headers=h)
        ],
    }
    added = c.post(
        "/api/issues/2024-09/items", json={"article": 1}, headers=h
    )  # an id as every answer gives it
    assert added.status_code == 200 and added.json()["items"][0]["article_id"] == 1
    for expected, replies in said.items():
        for reply in replies:
            assert reply.status_code in (400, 403, 404, 422), (expected, reply.status_code)
            text = reply.json()["error"] if reply.request.url.path.startswith("/api/") else reply.text
            assert expected in text, (expected, text[-600:])
    empty = c.post("/api/issues", json={"period": "2024-10"}, headers=h)
    assert empty.status_code == 201
    refused = c.post("/api/issues/2024-10/freeze", headers=h)
    assert refused.status_code == 400 and refused.json()["error"] == "本期还没有条目，不能定稿"
    edited = c.patch(
        "/api/issues/2024-09/items/1", json={"outlet": "北京日报", "text": "一段。\n\n二段。"}, headers=h
    )
    item = edited.json()["items"][0]
    assert (item["outlet"], item["paragraphs"], item["edited"]) == ("北京日报", ["一段。", "二段。"], True)
    unknown = c.patch("/api/issues/2024-09/items/1", json={"titel": "x"}, headers=h)
    assert unknown.status_code == 422 and unknown.json()["error"] == "输入有误：titel是未知字段"
    bad = c.post("/api/issues/2024-09/items", json={"article": "abc"}, headers=h)
    assert bad.status_code == 400 and "既不是文章编号" in bad.json()["error"]
