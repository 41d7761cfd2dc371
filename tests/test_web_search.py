"""Search: two-character words, date, outlet and subtopic filters, the same answers as JSON."""

from __future__ import annotations

import re

from tests.webfixtures import Web, issue_537, sign_in, web_fixture  # noqa: F401 (the fixture)

HOSPITAL_IT = issue_537().items[2]  # 北京市大力推进医疗服务信息化改造 (千龙网, 2024-08-21), mentions 医保
SINA_YIBAO = "人社部长：医保最高支付额今年提到人均收入"  # a THUCNews distractor of 2024-09-03 (新浪)


def titles(html: str) -> list[str]:
    return re.findall(r'<a href="/articles/\d+">([^<]+)</a>', html)


def test_a_two_character_word_finds_the_articles_that_use_it(web: Web) -> None:
    sign_in(web.client, "viewer")
    page = web.client.get("/search", params={"q": "医保"})
    assert page.status_code == 200 and "content-security-policy" in page.headers
    found = titles(page.text)
    assert HOSPITAL_IT.title in found and any(t.startswith(SINA_YIBAO) for t in found) and len(found) == 2
    row = page.text[page.text.index(HOSPITAL_IT.title) :].split("</tr>", 1)[0]
    assert "2024-08-21" in row and "千龙网" in row and 'class="labels"><span>' in row
    assert f'<a href="/articles/{web.ids[HOSPITAL_IT.url]}">' in page.text
    assert "没有找到" in web.client.get("/search", params={"q": "量子引力"}).text


def test_filters_by_date_outlet_and_label(web: Web) -> None:
    sign_in(web.client, "viewer")
    september = titles(
        web.client.get("/search", params={"q": "医保", "from": "2024-09-01", "to": "2024-09-30"}).text
    )
    assert len(september) == 1 and september[0].startswith(SINA_YIBAO)
    assert titles(web.client.get("/search", params={"q": "医保", "outlet": "千龙网"}).text) == [
        HOSPITAL_IT.title
    ]
    labelled = web.client.get("/search", params={"q": "医保", "label": "数字化与信息技术"})
    assert titles(labelled.text) == [HOSPITAL_IT.title]
    empty_dates = web.client.get(
        "/search", params={"q": "医保", "from": "", "to": ""}
    )  # what a blank form sends
    assert len(titles(empty_dates.text)) == 2
    bad = web.client.get("/search", params={"q": "医保", "from": "yesterday"})
    assert bad.status_code == 400 and "2024-09-01" in bad.text


def test_the_api_answers_the_same_and_is_described(web: Web) -> None:
    sign_in(web.client, "viewer")
    hits = web.client.get("/api/search", params={"q": "医保", "outlet": "千龙网"}).json()
    assert [h["title"] for h in hits] == [HOSPITAL_IT.title]
    assert hits[0]["published"] == "2024-08-21" and hits[0]["labels"] and hits[0]["score"] > 0.5
    assert hits[0]["id"] == web.ids[HOSPITAL_IT.url] and hits[0]["url"] == HOSPITAL_IT.url
    assert web.client.get("/api/search", params={"q": "  "}).status_code == 400
    paths = web.client.get("/openapi.json").json()["paths"]
    for path in ("/api/search", "/api/articles/{article_id}", "/api/candidates/{period}"):
        assert "200" in paths[path]["get"]["responses"], path
    assert "post" in paths["/api/candidates/{period}/decisions"]
    described = paths["/api/search"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert described["type"] == "array" and described["items"]["$ref"].endswith("/Hit")
