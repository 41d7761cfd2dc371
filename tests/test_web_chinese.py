"""The collector's English said in Chinese on the pages, over the messages collect really writes.

The registry cases load bad YAML with the real loader, so a reworded message in yuqing.collect
fails here instead of showing English to the analysts.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from scrapy.exceptions import CannotResolveHostError, DownloadConnectionRefusedError, IgnoreRequest
from twisted.internet import error as neterror
from twisted.python.failure import Failure

from yuqing.collect.browser import Chromium, NoBrowser
from yuqing.collect.sources import load_sources
from yuqing.errors import ConfigError, FetchError
from yuqing.web.chinese import DROPS, crawl_chinese, drop_label, registry_chinese

GOOD = """\
sources:
  - name: gov
    outlet: 北京市中医管理局
    domains: [zyj.beijing.gov.cn]
    entries:
      - kind: list
        url: https://zyj.beijing.gov.cn/news/index{_page}.html
    interval: 6h
"""
OTHER = """\
  - name: other
    outlet: 另一家
    domains: [zyj.beijing.gov.cn]
    entries: [{kind: feed, url: "https://zyj.beijing.gov.cn/rss.xml"}]
"""
ENTRY = "      - kind: list\n        url: https://zyj.beijing.gov.cn/news/index{_page}.html\n"


def edit(*changes: str) -> str:
    """GOOD with each (old, new) pair of changes made once."""
    text = GOOD
    for old, new in zip(changes[::2], changes[1::2], strict=True):
        assert old in text
        text = text.replace(old, new, 1)
    return text


# a registry with one mistake → what the page says after the registry's path
CASES = [
    (edit("interval:", "intreval:"), "第 8 行：来源 gov 中有未知字段 intreval（是否想写 interval？）"),
    (edit("sources:", "sorces:"), "第 1 行：登记表中有未知字段 sorces（是否想写 sources？）"),
    (edit("6h", "1m"), "第 8 行：间隔 1m 应为至少 5m 的时长，如 30m、6h 或 1d"),
    (edit("    outlet: 北京市中医管理局\n", ""), "第 2 行：来源 gov 缺少必填字段 outlet"),
    (edit("    interval", "    outlet: 又一个\n    interval"), "第 8 行：来源 gov 中字段 outlet 出现了两次"),
    (edit("- kind: list", "- link_pattern: x"), "第 6 行：入口缺少必填字段 kind"),
    (
        edit("kind: list", "kind: lst"),
        "第 6 行：未知的入口类型 lst，可选：feed, sitemap, list, search（是否想写 list？）",
    ),
    (
        edit("https://zyj.beijing.gov.cn/news", "https://www.example.com/news"),
        "第 7 行：网址的主机 www.example.com 不在本来源的域名（zyj.beijing.gov.cn）之内",
    ),
    (
        edit("https://zyj.beijing.gov.cn/news/index{_page}.html", "not a url"),
        "第 7 行：not a url 不是 http(s) 网址",
    ),
    (edit("{_page}", "{keyword}"), "第 7 行：list 入口的 url 中不能用 {keyword}"),
    (edit("{_page}", "{pgae}"), "第 7 行：list 入口的 url 中不能用 {pgae}（是否想写 page？）"),
    (edit("interval: 6h\n", "interval: 6h\n" + OTHER), "第 9 行：域名 zyj.beijing.gov.cn 已属于来源 gov"),
    (
        edit("interval: 6h\n", "interval: 6h\n" + OTHER.replace("other", "gov")),
        "第 9 行：来源名称 gov 已在第 2 行用过",
    ),
    (edit("name: gov", "name: Gov"), "第 2 行：来源名称 Gov 应为小写英文字母、数字、- 或 _，如 bjnews"),
    (
        edit("[zyj.beijing.gov.cn]", "[https://zyj.beijing.gov.cn/]"),
        "第 4 行：域名 https://zyj.beijing.gov.cn/ 应只写主机名，如 bjnews.com.cn",
    ),
    (edit("[zyj.beijing.gov.cn]", "{a: b}"), "第 4 行：domains 应为列表"),
    (edit("interval: 6h", "interval: 6h\n    delay: fast"), "第 9 行：delay 应为数字，不能是 fast"),
    (edit("interval: 6h", "interval: 6h\n    delay: -1"), "第 9 行：delay 应不小于 0.0，不能是 -1.0"),
    (
        edit("interval: 6h", "interval: 6h\n    concurrency: 99"),
        "第 9 行：concurrency 应在 1 到 16 之间，不能是 99",
    ),
    (
        edit("interval: 6h", "interval: 6h\n    enabled: maybe"),
        "第 9 行：enabled 应为 true 或 false，不能是 maybe",
    ),
    (
        edit("interval: 6h", "interval: 6h\n    selectors: {titel: h1}"),
        "第 9 行：selectors 中有未知字段 titel（是否想写 title？）",
    ),
    (edit("outlet: 北京市中医管理局", "outlet: ''"), "第 3 行：outlet 应为一段非空文本"),
    (edit("{_page}.html", "{_page}.html\n        first_page: x"), "第 8 行：first_page 应为整数，不能是 x"),
    (
        edit("{_page}.html", ".html\n        max_pages: 3"),
        "第 8 行：max_pages 要求 url 中有 {page}，或设置 next_page",
    ),
    (
        edit("{_page}.html", ".html\n        first_page: 2"),
        "第 8 行：first_page 要求 url 中有 {page} 或 {_page}",
    ),
    (
        edit("{_page}.html", "{_page}.html\n        next_page: a.next"),
        "第 8 行：{page} 模板和 next_page 只能用其一",
    ),
    (
        edit("{_page}.html", ".html\n        link_pattern: '('"),
        "第 8 行：link_pattern 不是有效的正则表达式：missing ), unterminated subpattern at position 0",
    ),
    (
        edit("list", "feed", "news/index{_page}.html", "rss.xml\n        next_page: a"),
        "第 8 行：feed 入口不能用 next_page",
    ),
    (
        edit("list", "search", "news/index{_page}.html", "s?q={keyword}"),
        "第 6 行：search 入口需要关键词（写在入口里，或写在登记表顶层的 keywords: 中）",
    ),
    (
        "keywords: [中医]\n" + edit("list", "search", "news/index{_page}.html", "s?q="),
        "第 8 行：search 入口的 url 要在搜索词的位置写 {keyword}",
    ),
    (edit(ENTRY, "", "entries:", "entries: []"), "第 5 行：来源 gov 至少需要一个入口"),
    (edit("  - name: gov\n", "  - just text\n  - name: gov\n"), "第 2 行：来源应写成“字段: 值”的多行形式"),
    (edit(ENTRY, "      - just text\n"), "第 6 行：入口应写成“字段: 值”的多行形式"),
    ("", "第 1 行：文件是空的，需要一个 sources: 列表"),
]


def test_the_registry_is_valid_without_the_mistakes(tmp_path: Path) -> None:
    (tmp_path / "sources.yaml").write_text(GOOD + OTHER.replace("zyj.beijing", "other"), "utf-8")
    assert len(load_sources(tmp_path / "sources.yaml")) == 2


@pytest.mark.parametrize(("text", "chinese"), CASES, ids=[f"case{i}" for i in range(len(CASES))])
def test_every_registry_mistake_is_said_in_chinese(tmp_path: Path, text: str, chinese: str) -> None:
    path = tmp_path / "sources.yaml"
    path.write_text(text, "utf-8")
    with pytest.raises(ConfigError) as raised:
        load_sources(path)
    assert registry_chinese(str(raised.value)) == f"{path} {chinese}", str(raised.value)


def test_a_registry_that_cannot_be_read_is_said_in_chinese(tmp_path: Path) -> None:
    (tmp_path / "latin1.yaml").write_bytes("sources: [é]".encode("latin-1"))
    (tmp_path / "broken.yaml").write_text("sources: [\n", "utf-8")
    said = {}
    for name in ("missing.yaml", "latin1.yaml", "broken.yaml"):
        with pytest.raises(ConfigError) as raised:
            load_sources(tmp_path / name)
        said[name] = registry_chinese(str(raised.value)).removeprefix(str(tmp_path / name))
    assert said["missing.yaml"] == "：无法读取来源登记表：No such file or directory"
    assert said["latin1.yaml"] == "：不是 UTF-8 编码的文本"
    assert said["broken.yaml"].startswith(" 第 2 行：不是有效的 YAML：")  # YAML's own reason stays English


def test_unknown_messages_pass_unchanged() -> None:
    for message in ("something new: 'x'", "/p/sources.yaml:3: a new complaint", "http://a.cn/: new trouble"):
        assert registry_chinese(message) == message and crawl_chinese(message) == message


URL = "http://127.0.0.9:9/feed.xml"


def crawl_error(error: Exception) -> str:
    """The last error a crawl records, as yuqing.collect.spider writes it."""
    return f"{URL}: {Failure(error).getErrorMessage()}"


def test_crawl_errors_are_said_in_chinese_with_their_url() -> None:
    refused = DownloadConnectionRefusedError(str(neterror.ConnectionRefusedError("111: Connection refused")))
    unresolved = CannotResolveHostError(str(neterror.DNSLookupError("no results for hostname lookup: x")))
    assert crawl_chinese(crawl_error(refused)) == f"连接被拒：{URL}"
    assert crawl_chinese(crawl_error(unresolved)) == f"域名无法解析：{URL}"
    assert (
        crawl_chinese(crawl_error(IgnoreRequest("Forbidden by robots.txt"))) == f"robots.txt 禁止抓取：{URL}"
    )
    timeout = f"{URL}: Getting {URL} took longer than 180.0 seconds."
    assert crawl_chinese(timeout) == f"超时（180 秒内没有应答）：{URL}"
    assert crawl_chinese(f"{URL}: Ignoring non-200 response") == f"服务器返回了错误状态（不是 200）：{URL}"
    big = (
        f"{URL}: Received 20000000 bytes which is larger than download max size (10485760) in request <GET>."
    )
    assert crawl_chinese(big) == f"页面过大（超过 10485760 字节）：{URL}"


def test_browser_errors_are_said_in_chinese() -> None:
    with pytest.raises(NoBrowser) as raised:
        asyncio.run(Chromium.start("", frozenset()))
    fetch = FetchError(str(raised.value), url=URL, reason="needs_browser")  # as the download handler
    said = crawl_chinese(crawl_error(fetch))
    assert said.startswith("此来源须用浏览器抓取（browser: true），但找不到 chromium") and said.endswith(
        f"：{URL}"
    )
    start = f"{URL}: cannot start chromium /usr/bin/chromium: Executable doesn't exist"
    assert crawl_chinese(start) == f"无法启动 chromium /usr/bin/chromium（Executable doesn't exist）：{URL}"


def test_failed_scheduled_runs_are_said_in_chinese() -> None:
    stopped = "yuqing collect --source news took more than 600s and was stopped"
    assert crawl_chinese(stopped) == "抓取 news 超过 600 秒仍未结束，已被终止"
    failed = "yuqing collect --source nws failed (exit code 2): error: no source 'nws'; did you mean 'news'?"
    assert crawl_chinese(failed) == "抓取 nws 失败（退出码 2）：登记表中没有来源 nws（是否想写 news？）"


def test_drop_reasons_have_chinese_labels() -> None:
    assert drop_label("connection") == "连接被拒" and drop_label("http_404") == "HTTP 404"
    assert drop_label("robots") == DROPS["robots"] and drop_label("brand_new") == "brand_new"
