"""The article page, its archived copy and its JSON; crawled content never runs in the browser."""

from __future__ import annotations

from html.parser import HTMLParser

from tests.samples import issue_538
from tests.webfixtures import CSP_NEEDED, HOSTILE_URL, REPRINT_URL, Web, sign_in, web_fixture  # noqa: F401 (the fixture)


class Elements(HTMLParser):
    """Every start tag with its attributes, as a browser would read them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def elements(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = Elements()
    parser.feed(html)
    return parser.tags


def assert_inert(html: str) -> None:
    """No script but our own, no event handler, no javascript: URL, no frame or form of theirs."""
    for tag, attrs in elements(html):
        assert tag != "script" or attrs.get("src") == "/static/htmx.min.js", (tag, attrs)
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
        assert not any("javascript:" in (value or "").lower() for value in attrs.values()), (tag, attrs)
        own = str(attrs.get("action")).startswith(("/logout", "/candidates/"))  # the app's forms only
        assert tag not in ("object", "embed") and (tag != "form" or own), tag


def test_the_page_shows_text_score_and_every_outlet_of_the_cluster(web: Web) -> None:
    sign_in(web.client, "viewer")
    item = issue_538().items[0]
    page = web.client.get(f"/articles/{web.ids[item.url]}")
    assert page.status_code == 200 and f"<h1>{item.title}</h1>" in page.text
    assert all(f"<p>{p}</p>" in page.text for p in item.paragraphs[:5])
    assert "中国青年报" in page.text and f'<a href="{item.url}"' in page.text
    assert f'<a href="/articles/{web.ids[REPRINT_URL]}">网易</a>' in page.text and "转载（2 家）" in page.text
    assert "人工智能与医疗大模型" in page.text and "规则 0.97" in page.text and "模型 —" in page.text
    groups = "数字化与信息技术 4 个词（标题中 1 个），人工智能与医疗大模型 4 个词，智慧医院与医疗设备 2 个词"
    assert f'<p class="why">相关：{groups}；北京 +25%；排除词 养生</p>' in page.text
    assert '<span title="排除词，出现 3 次">养生</span>' in page.text
    assert all(part in page.headers["content-security-policy"] for part in CSP_NEEDED)


def test_hostile_text_is_escaped(web: Web) -> None:
    sign_in(web.client, "editor")
    page = web.client.get(f"/articles/{web.ids[HOSTILE_URL]}")
    assert page.status_code == 200
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text  # shown as the text it is
    assert page.text.count("<script") == 1  # htmx, nothing else
    assert_inert(page.text)
    assert all(part in page.headers["content-security-policy"] for part in CSP_NEEDED)


def test_the_raw_copy_is_sanitised_inside_an_empty_sandbox(web: Web) -> None:
    sign_in(web.client, "editor")
    page = web.client.get(f"/articles/{web.ids[HOSTILE_URL]}/raw")
    assert page.status_code == 200 and all(
        part in page.headers["content-security-policy"] for part in CSP_NEEDED
    )
    assert_inert(page.text)
    frames = [attrs for tag, attrs in elements(page.text) if tag == "iframe"]
    assert len(frames) == 1 and frames[0]["sandbox"] == "" and "src" not in frames[0]
    inner = frames[0]["srcdoc"] or ""
    assert "<h1>医院信息化</h1>" in inner and "<p>正文段落</p>" in inner and "链接" in inner
    for bad in (
        "<script",
        "onerror",
        "onload",
        "javascript:",
        "<iframe",
        "<form",
        "<img",
        "<style",
        "alert(1)",
    ):
        assert bad not in inner.lower(), bad
    assert_inert(inner)
    assert "<script" not in page.text.split("</header>", 1)[1]


def test_an_article_without_a_raw_copy_says_so(web: Web) -> None:
    sign_in(web.client, "viewer")
    article = web.ids[issue_538().items[1].url]
    assert "/raw" not in web.client.get(f"/articles/{article}").text
    page = web.client.get(f"/articles/{article}/raw")
    assert "没有存档原页" in page.text and "<iframe" not in page.text


def test_a_missing_article_is_404_and_the_api_gives_the_same_data(web: Web) -> None:
    sign_in(web.client, "viewer")
    missing = web.client.get("/articles/999999")
    assert missing.status_code == 404 and '<p class="error">库中没有这篇文章：999999</p>' in missing.text
    assert web.client.get("/api/articles/999999").json()["error"] == "库中没有这篇文章：999999"
    item = issue_538().items[0]
    data = web.client.get(f"/api/articles/{web.ids[item.url]}").json()
    assert data["title"] == item.title and data["paragraphs"] == list(item.paragraphs)
    assert data["published"] == "2024-09-14" and data["url"] == item.url and data["has_raw"] is False
    assert {m["outlet"] for m in data["cluster"]} == {"中国青年报", "网易"}
    assert data["score"]["relevant"] and data["score"]["model_score"] is None and data["score"]["labels"]
    assert web.client.get(f"/api/articles/{web.ids[HOSTILE_URL]}").json()["has_raw"] is True


def test_the_api_needs_a_signed_in_user(web: Web) -> None:
    assert web.client.get(f"/api/articles/{web.ids[REPRINT_URL]}").status_code == 401
