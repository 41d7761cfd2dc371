"""The HTML renderer, parsed back with the standard library's HTML parser."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from html.parser import HTMLParser

import pytest

from tests.samples import sample
from yuqing.report.document import Kind
from yuqing.report.html import is_web_url, render_html

KINDS = {k.value for k in Kind}

_BASE = sample().items
# A real item, then hostile ones: markup in title, outlet and text, and a javascript: link.
ITEMS = (
    _BASE[2],
    replace(
        _BASE[1],
        title="清华长庚医院发布<script>alert('智能')</script>电子病历助手",
        outlet="新京报 & <b>网易</b>",
        url='https://www.bjnews.com.cn/detail/1726624479168528.html?a=1&b="2"',
        published=None,
        paragraphs=('图为展区<img src=x onerror="alert(1)">现场。新京报记者 摄',),
    ),
    replace(_BASE[0], url="javascript:alert(document.cookie)"),
)
DOC = sample(ITEMS)


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    text: list[str] = field(default_factory=list)


class _Collector(HTMLParser):
    """Every element with its attributes and all the text inside it (children included)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self._open: list[Element] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs})
        self.elements.append(element)
        if tag not in {"meta", "br", "img", "link"}:
            self._open.append(element)

    def handle_endtag(self, tag: str) -> None:
        assert self._open and self._open[-1].tag == tag, f"unbalanced </{tag}>"
        self._open.pop()

    def handle_data(self, data: str) -> None:
        for element in self._open:
            element.text.append(data)


@pytest.fixture(scope="module")
def html() -> str:
    return render_html(DOC)


@pytest.fixture(scope="module")
def elements(html: str) -> list[Element]:
    parser = _Collector()
    parser.feed(html)
    parser.close()
    return parser.elements


def test_standalone_document(html: str, elements: list[Element]) -> None:
    assert html.startswith('<!DOCTYPE html>\n<html lang="zh-CN">')
    assert [e.tag for e in elements if e.tag in {"script", "img", "link", "iframe"}] == []
    style = next(e for e in elements if e.tag == "style")
    assert "@page" in "".join(style.text) and "Noto Serif CJK SC" in "".join(style.text)
    meta = {e.attrs.get("name"): e.attrs.get("content") for e in elements if e.tag == "meta"}
    assert meta["dcterms.created"] == meta["dcterms.modified"] == "2024-09-30"
    title = next(e for e in elements if e.tag == "title")
    assert "".join(title.text) == "北京市卫生信息化舆情监测月报（第五三八期）"


def test_one_element_per_block_in_order(elements: list[Element]) -> None:
    blocks = DOC.blocks()
    classed = [e for e in elements if e.attrs.get("class") in KINDS]
    assert [e.attrs["class"] for e in classed] == [b.kind.value for b in blocks]
    for element, block in zip(classed, blocks, strict=True):
        text = "".join(element.text)
        expected = block.text + block.aside + block.url
        assert re.sub(r"\s+", "", text) == re.sub(r"\s+", "", expected), block.kind


def test_crawled_text_is_escaped(html: str, elements: list[Element]) -> None:
    body = html.split("<body>", 1)[1]
    assert "<script>" not in body and "<img" not in body and "<b>" not in body
    assert "&lt;script&gt;alert(&#39;智能&#39;)&lt;/script&gt;" in body
    assert "onerror=&#34;alert(1)&#34;" in body
    assert "新京报 &amp; &lt;b&gt;网易&lt;/b&gt;" in body


def test_links(elements: list[Element]) -> None:
    links = [e for e in elements if e.tag == "a" and e.attrs["href"].startswith("http")]
    assert [a.attrs["href"] for a in links] == [ITEMS[0].url, ITEMS[1].url]  # quotes round-trip
    assert ["".join(a.text) for a in links] == [ITEMS[0].url, ITEMS[1].url]
    assert not [e for e in elements if e.tag == "a" and "javascript" in e.attrs["href"]]
    shown = [e for e in elements if e.attrs.get("class") == "url"]
    assert ["".join(e.text) for e in shown] == ["javascript:alert(document.cookie)"]
    # The table of contents points at each item's heading.
    anchors = [e.attrs["href"] for e in elements if e.tag == "a" and e.attrs["href"][0] == "#"]
    ids = [e.attrs["id"] for e in elements if e.attrs.get("class") == "item_heading"]
    assert anchors == [f"#{i}" for i in ids] == ["#item-1", "#item-2", "#item-3"]


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://www.bjnews.com.cn/detail/1.html", True),
        ("HTTP://news.cyol.com/a.html", True),
        ("javascript:alert(1)", False),
        (" JavaScript:alert(1)", False),
        ("data:text/html,<script>", False),
        ("//example.com/a", False),
        ("http://", False),
        ("", False),
    ],
)
def test_is_web_url(url: str, ok: bool) -> None:
    assert is_web_url(url) is ok


def test_empty_issue_renders() -> None:
    html = render_html(replace(DOC, items=()))
    assert '<ul class="toc">' not in html and "二、具体内容" in html
