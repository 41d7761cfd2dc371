"""Page kinds and the faults that lose or pollute a body: broken markup, bodies hidden by CSS or held
in a script, comments and related lists, list pages and short notices. Cases come in the format of
../shared/evaldata/zh_fault_cases/expected.jsonl (file, kind, expect), so kept-back cases drop in:
the shared fault cases (their text expectations; their dates, titles and authors are tested with the
metadata), the cases in tests/extract_cases, and real pages of ../shared/evaldata broken on purpose."""

from __future__ import annotations

import json
import re
import statistics
from pathlib import Path
from typing import Any

import pytest
from lxml import etree, html

from yuqing.errors import ExtractError
from yuqing.extract import extract_article

from .goldpages import EVALDATA, GoldPage, bigram_prf, cwced, extra5, misc

FAULTS = EVALDATA / "zh_fault_cases"
CASES = Path(__file__).parent / "extract_cases"
GNE = EVALDATA / "zh_gne_testpages_nogold"
GERAPY = EVALDATA / "zh_gerapy_list_detail_pages"
NOTICES = EVALDATA / "zh_gov_bjtcm_notices104" / "notices.jsonl"
BROKEN_SLACK = 0.01  # mean F1 a page broken on purpose may lose against the same page unbroken
NOTICE_F1_FLOOR = 0.95  # mean over the 104 notices' crawled text (those with at least 50 characters)

pytestmark = pytest.mark.skipif(not EVALDATA.is_dir(), reason="shared evaldata not present")


def _cases(folder: Path) -> list[Any]:
    lines = (folder / "expected.jsonl").read_text("utf-8").split("\n")
    return [pytest.param(folder / c["file"], c, id=c["file"]) for c in map(json.loads, filter(None, lines))]


def _listed(value: str | list[str] | None) -> list[str]:
    return [value] if isinstance(value, str) else list(value or [])


@pytest.mark.parametrize(("path", "case"), _cases(FAULTS) + _cases(CASES))
def test_case(path: Path, case: dict[str, Any]) -> None:
    expect = case["expect"]
    if refused := expect.get("refused"):
        with pytest.raises(ExtractError) as caught:
            extract_article(path.read_bytes(), case.get("url") or "http://example.cn/a.html")
        assert caught.value.reason == refused, case["kind"]
        return
    found = extract_article(path.read_bytes(), case.get("url") or "http://example.cn/a.html")
    for snippet in _listed(expect.get("text_has")):
        assert snippet in found.text, case["kind"]
    for snippet in _listed(expect.get("text_not_has")):
        assert snippet not in found.text, case["kind"]
    if "paragraphs" in expect:
        assert len(found.paragraphs) == expect["paragraphs"], case["kind"]


def test_wechat_body_hidden_by_css_is_read() -> None:
    """c02b: #js_content is served with visibility:hidden; its three paragraphs are the text."""
    found = extract_article((FAULTS / "c02b_wechat_ct_only.html").read_bytes(), "http://mp.weixin.qq.com/s/x")
    assert len(found.paragraphs) == 3
    assert found.paragraphs[0].startswith("近日，国家卫生健康委公布了新一批电子病历系统应用水平分级评价结果")
    assert found.paragraphs[-1].endswith("少跑腿、少排队。")


@pytest.mark.parametrize("name", ["1.html", "2.html"])
def test_real_wechat_pages_as_served(name: str) -> None:
    """Saved WeChat pages show #js_content; as the server sends them it is hidden until a script
    runs. Both must give the same text."""
    shown = (GNE / "tests" / "wechat" / name).read_bytes()
    served = shown.replace(
        b'id="js_content" style="visibility: visible;"', b'id="js_content" style="visibility: hidden;"'
    )
    assert served != shown
    visible, hidden = (extract_article(page, "http://mp.weixin.qq.com/s/x").text for page in (shown, served))
    assert len(visible) > 1000
    assert hidden == visible


@pytest.mark.parametrize("name", ["3.html", "4.html", "5.html"])
def test_real_pages_whose_body_only_a_script_holds(name: str) -> None:
    """toutiao pages carry the article twice: rendered, and as an escaped string in a script
    object. With the rendered body removed (the page as a script-less client sees it) the
    script's copy is the text."""
    page = (GNE / "tests" / "toutiao" / name).read_bytes()
    full = extract_article(page, "https://www.toutiao.com/a1/")
    root = html.document_fromstring(page.decode("utf-8"))
    for article in root.xpath("//article|//*[contains(@class, 'article-content')]"):
        article.drop_tree()
    shell = etree.tostring(root, encoding="utf-8")
    scripted = extract_article(shell, "https://www.toutiao.com/a1/")
    assert bigram_prf(scripted.text, full.text)[2] >= 0.95


def _broken(page: GoldPage, damage: str) -> bytes:
    """The page with ``damage`` inserted right after its <body> tag."""
    m = re.search(rb"<body[^>]*>", page.page, re.I)
    assert m is not None
    return page.page[: m.end()] + damage.encode("ascii") + page.page[m.end() :]


@pytest.mark.parametrize("damage", ["</body></html>", "</html>", '<a name="top">'])
def test_broken_markup_loses_nothing_on_real_pages(damage: str) -> None:
    """Stray closing tags above the body, and a never-closed <a name> around everything, on every
    page of zh_cwced_dev and the misc gold sets."""
    pages = [p for p in (*cwced(), *misc(), *extra5()) if re.search(rb"<body[^>]*>", p.page, re.I)]
    before, after = [], []
    for page in pages:
        for scores, data in ((before, page.page), (after, _broken(page, damage))):
            try:
                text = extract_article(data, page.url).text
            except ExtractError:
                text = ""
            scores.append(bigram_prf(text, page.text)[2])
    print(f"{damage}: F1 {statistics.mean(before):.4f} -> {statistics.mean(after):.4f} on {len(pages)} pages")
    assert statistics.mean(after) >= statistics.mean(before) - BROKEN_SLACK


GOV_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}_北京市中医管理局</title></head>
<body><div class="header"><ul class="nav">{menu}</ul></div>
<div class="main"><div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/zcfg/">政策法规</a></div>
<h2 class="title">{title}</h2><div class="info">发布日期：{date}</div>
<div class="content">{body}</div>
<div class="related"><h3>相关文件</h3><ul>{related}</ul></div></div>
<div class="footer"><a href="/about/">关于我们</a> <a href="/map/">网站地图</a> 版权所有：北京市中医管理局
</div>
</body></html>"""
MENU = [
    "首页",
    "机构概况",
    "政务公开",
    "政策法规",
    "通知公告",
    "工作动态",
    "中医药文化",
    "办事服务",
    "互动交流",
    "专题专栏",
]


def _gov_page(notice: dict[str, Any], others: list[dict[str, Any]]) -> bytes:
    """A real notice's crawled body inside the chrome of a gov site: a menu, a crumb, a related
    list of 8 dated notices and a footer (the notices were crawled without their page)."""
    menu = "".join(f'<li><a href="/c{i}/">{name}</a></li>' for i, name in enumerate(MENU))
    related = "".join(
        f'<li><a href="{o["url"]}">{o["title"]}</a><span>{o["date"]}</span></li>' for o in others
    )
    return GOV_PAGE.format(
        title=notice["title"], date=notice["date"], body=notice["article_html"], menu=menu, related=related
    ).encode("utf-8")


def test_gov_notices_are_articles() -> None:
    """The 104 notices of zh_gov_bjtcm_notices104, short ones too, are never refused as lists and
    keep their text (compared with the crawler's text of the same fragment)."""
    notices = [json.loads(line) for line in NOTICES.read_text("utf-8").split("\n") if line]
    scores, refused = [], []
    for i, notice in enumerate(notices):
        gold = notice["article_text_derived"] or ""
        if len(re.sub(r"\s", "", gold)) < 50:  # attachment-only notices: nothing to read
            continue
        others = [n for n in notices if n is not notice][i % 90 : i % 90 + 8]
        try:
            found = extract_article(_gov_page(notice, others), notice["url"])
        except ExtractError as exc:
            refused.append(f"{notice['title']}: {exc}")
            continue
        scores.append(bigram_prf(found.text, gold)[2])
    print(f"{len(scores)} notices, F1 {statistics.mean(scores):.4f}; refused {refused}")
    assert not refused
    assert statistics.mean(scores) >= NOTICE_F1_FLOOR


def _article_pages() -> list[Path]:
    index = [json.loads(line) for line in (GNE / "index.jsonl").read_text("utf-8").split("\n") if line]
    return [GNE / item["file"] for item in index] + sorted((GERAPY / "samples" / "detail").glob("*.html"))


def test_no_real_article_is_refused_as_a_list() -> None:
    """Every article page of zh_gne_testpages_nogold (62) and zh_gerapy_list_detail_pages (5)."""
    refused = []
    for path in _article_pages():
        try:
            extract_article(path.read_bytes(), "http://example.cn/a.html")
        except ExtractError as exc:
            if exc.reason == "not_article":
                refused.append(f"{path.relative_to(EVALDATA)}: {exc}")
    assert not refused


LIST_MISSES = {"zhihu_search_result.html"}  # see tests/test_extract_pages.py KIND_MISSES


def test_list_pages_are_refused_with_a_reason() -> None:
    pages = [p for p in sorted((GERAPY / "samples" / "list").glob("*.html")) if p.name not in LIST_MISSES]
    pages += sorted((GNE / "test_list_page").glob("*/*.html"))
    for path in pages:
        with pytest.raises(ExtractError) as caught:
            extract_article(path.read_bytes(), "http://example.cn/list.html")
        assert caught.value.reason == "not_article", path
        assert "list page" in str(caught.value)
