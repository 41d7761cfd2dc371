"""The Markdown export in a Markdown viewer: crawled titles, outlets, texts and URLs make no markup.

The viewer is real: markdown-it-py renders CommonMark (raw HTML allowed, as most viewers do) and
Debian's chromium runs the page with scripts on. A crawled <script>, <img onerror> or
javascript: link must show as text and never run; the real past issues still render as the
house format (title, sections, one heading per item, http links).
"""

from __future__ import annotations

from datetime import date
from html import unescape
from typing import Any

import pytest
from markdown_it import MarkdownIt

from tests.samples import issue_538
from tests.webfixtures import issue_537
from yuqing.report.document import ReportDocument, ReportItem
from yuqing.report.markdown import escape, render_markdown
from yuqing.report.parse import parse_report

pytestmark = pytest.mark.slow
PAYLOADS = (
    "<script>alert('script')</script>",
    "<img src=x onerror=alert('img')>",
    "[点我](javascript:alert('link'))",
    "<javascript:alert('autolink')>",
    "![图](javascript:alert('image'))",
    "<a href=\"javascript:alert('a')\">链接</a>",
    '<svg onload=alert("svg")>',
    "<details open ontoggle=alert('details')>",
    "# 不是标题",
    "1. 不是列表",
    "> 不是引用",
    "**不是粗体** `不是代码` &lt;不是实体&gt;",
    "---",
)


def hostile_document() -> ReportDocument:
    items = tuple(
        ReportItem(
            title=f"第{n}条{payload}",
            outlet=f"媒体{payload}",
            url=url,
            published=date(2024, 9, 1),
            paragraphs=(payload, f"正文{payload}结束", "普通的一段。"),
        )
        for n, (payload, url) in enumerate(
            zip(
                PAYLOADS,
                [
                    "javascript:alert('url')",
                    "http://example.cn/a b<script>alert('u')</script>",
                    "https://example.cn/x?a=1&b=<2>",
                ]
                * 5,
                strict=False,
            ),
            1,
        )
    )
    return ReportDocument("月报<script>alert('t')</script>", 538, "中心", date(2024, 9, 30), "导语", items)


def viewer_html(markdown: str) -> str:
    """The page a Markdown viewer shows: CommonMark with raw HTML allowed."""
    return MarkdownIt("commonmark", {"html": True}).render(markdown)


def test_escaped_text_reads_back_as_itself() -> None:
    """What the viewer shows is exactly the crawled text, for every payload."""
    md = MarkdownIt("commonmark", {"html": True})
    for payload in PAYLOADS:
        shown = md.render(escape(payload))
        assert shown.startswith("<p>") and shown.count("<p>") == 1, (payload, shown)
        assert unescape(shown.removeprefix("<p>").removesuffix("</p>\n")) == payload


def test_the_markdown_export_runs_nothing_in_a_browser(browser_page: Any) -> None:
    page = browser_page
    page.set_content(viewer_html(render_markdown(hostile_document())))
    page.wait_for_timeout(500)  # time for an onerror or onload to fire
    assert not page.dialogs  # type: ignore[attr-defined]
    found = page.evaluate(
        """() => ({
            scripts: document.scripts.length,
            handlers: [...document.querySelectorAll('*')].flatMap(e =>
                [...e.attributes].filter(a => a.name.startsWith('on')).map(a => a.name)),
            hrefs: [...document.querySelectorAll('[href],[src]')].map(e => e.href || e.src),
            images: document.images.length,
            headings: [...document.querySelectorAll('h3')].map(h => h.textContent),
        })"""
    )
    assert found["scripts"] == 0 and found["handlers"] == [] and found["images"] == 0
    assert all(h.startswith(("http://", "https://")) for h in found["hrefs"]), found["hrefs"]
    assert len(found["headings"]) == len(PAYLOADS)  # one heading per item, nothing more
    assert found["headings"][0] == f"1.标题：第1条{PAYLOADS[0]}"  # the payload shown as text
    text = page.inner_text("body")
    for payload in PAYLOADS:
        assert f"正文{payload}结束" in text


@pytest.mark.parametrize("doc", [issue_537, issue_538], ids=["537", "538"])
def test_the_real_issues_still_render_as_the_house_format(doc: Any, browser_page: Any) -> None:
    document = doc()
    markdown = render_markdown(document)
    page = browser_page
    page.set_content(viewer_html(markdown))
    shown = page.evaluate(
        """() => ({
            title: document.querySelector('h1').textContent,
            sections: [...document.querySelectorAll('h2')].map(h => h.textContent),
            items: [...document.querySelectorAll('h3')].map(h => h.textContent),
            links: [...document.querySelectorAll('a')].map(a => a.href),
            toc: document.querySelectorAll('ul > li').length,
        })"""
    )
    assert shown["title"] == document.title
    assert shown["sections"] == ["本期导语：", "一、信息目录", "二、具体内容"]
    assert shown["items"] == [f"{n}.标题：{it.title}" for n, it in enumerate(document.items, 1)]
    assert shown["links"] == [it.url for it in document.items] and shown["toc"] == len(document.items)
    again = parse_report(markdown.splitlines(), "rendered.md").document  # the importer reads it back
    assert [(i.title, i.outlet, i.url) for i in again.items] == [
        (i.title, i.outlet, i.url) for i in document.items
    ]
