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
    hits = web.client.get("/api/search", params={"q": "医保", "outlet": "千龙网"}).json()["items"]
    assert [h["title"] for h in hits] == [HOSPITAL_IT.title]
    assert hits[0]["published"] == "2024-08-21" and hits[0]["labels"] and hits[0]["score"] > 0.5
    assert hits[0]["id"] == web.ids[HOSPITAL_IT.url] and hits[0]["url"] == HOSPITAL_IT.url
    assert web.client.get("/api/search", params={"q": "  "}).status_code == 400
    paths = web.client.get("/openapi.json").json()["paths"]
    for path in ("/api/search", "/api/articles/{article_id}", "/api/candidates/{period}"):
        assert "200" in paths[path]["get"]["responses"], path
    assert "post" in paths["/api/candidates/{period}/decisions"]
    described = paths["/api/search"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert described["$ref"].endswith("/HitPage")


def test_results_come_a_page_at_a_time_with_the_total(web: Web) -> None:
    """A one-character query (的) matches most of the archive: the page says how many in all."""
    sign_in(web.client, "viewer")
    everything = web.client.get("/api/search", params={"q": "的", "limit": 500}).json()
    total = everything["total"]
    assert total > 50 and len(everything["items"]) == total  # more than one page of the web app
    first = web.client.get("/search", params={"q": "的"}).text
    assert f"第 1–50 条，共 {total} 条" in first and len(titles(first)) == 50
    assert 'href="?q=%E7%9A%84&amp;page=2" rel="next">下一页</a>' in first
    second = web.client.get("/search", params={"q": "的", "page": 2}).text
    assert f"第 51–{total} 条，共 {total} 条" in second and len(titles(second)) == total - 50
    assert not set(titles(first)) & set(titles(second))
    ids = [h["id"] for h in everything["items"]]
    page = web.client.get("/api/search", params={"q": "的", "limit": 10, "offset": 20}).json()
    assert page["total"] == total and [h["id"] for h in page["items"]] == ids[20:30]
    labelled = web.client.get(
        "/api/search", params={"q": "的", "label": "数字化与信息技术", "limit": 500}
    ).json()
    assert 0 < labelled["total"] == len(labelled["items"]) < total
    assert all("数字化与信息技术" in h["labels"] for h in labelled["items"])
    for bad in ({"limit": 0}, {"limit": 501}, {"offset": -1}, {"limit": "abc"}):
        refused = web.client.get("/api/search", params={"q": "的", **bad})
        assert refused.status_code == 422 and refused.json()["error"].startswith("输入有误：")


def test_the_outlet_filter_takes_part_of_a_name_and_suggests_outlets(web: Web) -> None:
    sign_in(web.client, "viewer")
    page = web.client.get("/search", params={"q": "医保", "outlet": "千龙"}).text
    assert titles(page) == [HOSPITAL_IT.title]
    assert '<datalist id="outlets">' in page and '<option value="千龙网">' in page
    assert 'list="outlets"' in page
    assert (
        titles(web.client.get("/search", params={"q": "医保", "outlet": "%"}).text) == []
    )  # a LIKE wildcard is text
