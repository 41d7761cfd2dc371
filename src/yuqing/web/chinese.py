"""The CLI's English said in Chinese for the pages: store and report refusals, registry
complaints, crawl errors, drop reasons.

yuqing words its messages in English for the CLI and the logs. The pages say the same in Chinese
by the message's pattern, keeping what names the fix: the file and line, the key, the URL, the
suggested spelling, the issue number. A message not known here is shown as it is. The source and
run statuses of the JSON API keep the English.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

Said = str | Callable[[re.Match[str]], str]  # a template with \1 …, or a function of the match
Table = tuple[tuple[re.Pattern[str], Said], ...]
K = r"""['"](.*?)['"]"""  # a key or name the message writes with repr()
Q = r"""['"]?(.*?)['"]?"""  # a value written with repr(): quoted if it is a text
WHAT = r"(the registry|source .+?|a source|an entry point|selectors)"  # what a mapping is
PLACES = {"the registry": "登记表", "a source": "来源", "an entry point": "入口", "selectors": "selectors "}
HINT = re.compile(r"(.*); did you mean ['\"](.*)['\"]\?", re.S)
CRAWLED = re.compile(r"(https?://\S+?): (?:\1: )?(.*)", re.S)  # a FetchError names its URL twice

# The reasons a crawl counts its drops by (yuqing.collect.errors, yuqing.extract), as editors read them.
DROPS = {"robots": "robots.txt 禁止抓取", "redirect_loop": "重定向循环", "ignored": "被忽略"}
DROPS |= {"timeout": "超时", "dns": "域名无法解析", "connection": "连接被拒", "too_large": "页面过大"}
DROPS |= {"fetch_error": "抓取失败", "needs_browser": "需浏览器打开", "no_title": "无标题"}
DROPS |= {"not_article": "非文章页", "too_short": "正文过短", "duplicate": "重复", "binary": "非文本"}
DROPS |= {"undecodable": "无法解码", "empty": "空页面", "bad_link": "链接格式错误"}
DROPS |= {"offsite_redirect": "重定向到其他网站", "connection_reset": "连接被重置"}
DROPS |= {"extract_error": "抽取出错", "store_failed": "数据库写入失败"}
DROPS |= {"page_missing": "分页未取全", "continuation": "文章的后续分页"}


def _table(rules: Iterable[tuple[str, Said]]) -> Table:
    return tuple((re.compile(pattern, re.S), said) for pattern, said in rules)


def _of(what: str) -> str:
    """the registry → 登记表, source 'gov' → 来源 gov (followed by a space before Chinese)."""
    name = what.removeprefix("source ").strip("'\"")
    return PLACES.get(what) or f"来源 {name} "


# The CLI's message (yuqing.store.issues, .articles, yuqing.report) → the web's. First match wins.
STORE = _table(
    [
        (r"issue (-?\d+) is frozen; .*", r"第\1期已定稿，不能再修改；请先取消定稿"),
        (
            r"issue (-?\d+) is frozen \(published\); .*",
            r"第\1期已定稿（已发布）；确要删除，请勾选“已定稿也删除”",
        ),
        (r"position (-?\d+) is out of range: the issue has (\d+) items", r"序号 \1 超出范围：本期共 \2 条"),
        (
            rf"search query {Q} has no searchable words",
            r"搜索词“\1”中没有可检索的字词，请输入汉字、字母或数字",
        ),
        (r"article (\d+) is already item (\d+)", r"这篇文章（编号 \1）已是本期第 \2 条"),
        (
            r"issue number (-?\d+) is out of range: issue numbers run from 1 to (\d+)",
            r"期号 \1 超出范围：期号应为 1 到 \2 之间的整数",
        ),
        (
            r"period (\S+) is before the series' first issue: (\S+) (\S+) makes (\S+) issue 1; .*",
            r"\1 早于本系列第一期：设置 \2 = \3 使 \4 为第1期；请填写期号，或修改设置 \2",
        ),
        (
            r"period (\S+) would be issue (\d+), beyond (\d+), counted from (\S+) (\S+); .*",
            r"按设置 \4 = \5 推算，\1 将是第\2期，超过 \3；请检查时段",
        ),
        (r"issue (-?\d+) \((\S+)\) has no items; .*", r"第\1期（\2）还没有条目，不能定稿"),
        (rf"no article {Q} in the store", r"库中没有这篇文章：\1"),
        (r"no issue for (\S+) in series .*", r"还没有 \1 这一期，请先在“期刊”页新建"),
        (r"series .* already has an issue for (\S+)", r"\1 已有一期，不能重复新建"),
        (r"issue number (\d+) is already used by (\S+) .*", r"期号 \1 已被 \2 使用，请另填期号"),
        (
            rf"period {Q} not understood.*",
            r"无法识别时段“\1”，请写作 2024-08（月）、2024-W35（周）或 2024-08-01..2024-08-15（日期范围）",
        ),
        (rf"period {Q}: the range ends before it starts", r"时段“\1”的结束日期早于开始日期"),
        (rf"period {Q}: .*", r"时段“\1”中的日期不存在"),
        (rf"unknown format {Q}; choose one of (.*)", r"不支持的格式“\1”，可选：\2"),
    ]
)

# yuqing.collect.sources and .sources_yaml (the message after file:line and before the hint)
REGISTRY = _table(
    [
        (rf"unknown key {K} in {WHAT}", lambda m: f"{_of(m[2])}中有未知字段 {m[1]}"),
        (rf"key {K} appears twice in {WHAT}", lambda m: f"{_of(m[2])}中字段 {m[1]} 出现了两次"),
        (rf"{WHAT} lacks the required key {K}", lambda m: f"{_of(m[1])}缺少必填字段 {m[2]}"),
        (rf"{WHAT} should be a mapping of .*", lambda m: f"{_of(m[1])}应写成“字段: 值”的多行形式"),
        (rf"source name {K} is already used on line (\d+)", r"来源名称 \1 已在第 \2 行用过"),
        (
            rf"source name {K} should be a lower-case .*",
            r"来源名称 \1 应为小写英文字母、数字、- 或 _，如 bjnews",
        ),
        (rf"source {K} needs at least one entry point", r"来源 \1 至少需要一个入口"),
        (rf"domain {K} already belongs to source {K}", r"域名 \1 已属于来源 \2"),
        (rf"domain {K} should be a bare host name .*", r"域名 \1 应只写主机名，如 bjnews.com.cn"),
        (rf"unknown entry kind {K} \(one of (.*)\)", lambda m: f"未知的入口类型 {m[1]}，可选：{m[2]}"),
        (rf"{K} does not apply to a (\w+) entry", r"\2 入口不能用 \1"),
        (
            r"a search entry needs keywords .*",
            "search 入口需要关键词（写在入口里，或写在登记表顶层的 keywords: 中）",
        ),
        (r"use either a \{page\} template or next_page, not both", "{page} 模板和 next_page 只能用其一"),
        (
            r"first_page needs a \{page\} or \{_page\} in the url",
            "first_page 要求 url 中有 {page} 或 {_page}",
        ),
        (
            r"max_pages needs a \{page\} in the url or a next_page",
            "max_pages 要求 url 中有 {page}，或设置 next_page",
        ),
        (r"(\{.*\}) cannot be used in a (\w+) url", r"\2 入口的 url 中不能用 \1"),
        (r"a search url needs \{keyword\} .*", "search 入口的 url 要在搜索词的位置写 {keyword}"),
        (rf"{K} is not an http\(s\) URL", r"\1 不是 http(s) 网址"),
        (r"(\S+) is not one of the source's domains \((.*)\)", r"网址的主机 \1 不在本来源的域名（\2）之内"),
        (r"link_pattern is not a valid regular expression: (.*)", r"link_pattern 不是有效的正则表达式：\1"),
        (rf"interval {K} should be a duration .*", r"间隔 \1 应为至少 5m 的时长，如 30m、6h 或 1d"),
        (rf"{K} should be a whole number, not {Q}", r"\1 应为整数，不能是 \2"),
        (rf"{K} should be a number, not {Q}", r"\1 应为数字，不能是 \2"),
        (rf"{K} should be true or false, not {Q}", r"\1 应为 true 或 false，不能是 \2"),
        (rf"{K} should be a non-empty text, not {Q}", r"\1 应为一段非空文本"),
        (rf"{K} should be between (\S+) and (\S+), not (.*)", r"\1 应在 \2 到 \3 之间，不能是 \4"),
        (rf"{K} should be at least (\S+), not (.*)", r"\1 应不小于 \2，不能是 \3"),
        (rf"{K} should be at most (\S+), not (.*)", r"\1 应不大于 \2，不能是 \3"),
        (rf"{K} should be a finite number, not (.*)", r"\1 应为有限的数字，不能是 \2"),
        (r"control character (U\+\w+) is not allowed; remove it", r"不允许控制字符 \1，请删去"),
        (r"YAML tag (\S+) is not allowed here; write the plain value", r"不允许 YAML 标签 \1，请直接写值"),
        (
            r"anchors and aliases .* expand to over (\S+) values here; .*",
            r"锚点与别名（&、*）展开后超过 \1 个值",
        ),
        (
            r"(\w+): (.*) is not a valid (CSS selector|XPath expression) \((.*)\).*",
            r"\1 的 \2 不是有效的 \3（\4）",
        ),
        (
            r"link_pattern (.*) has a quantifier inside a quantifier .*",
            r"link_pattern \1 有嵌套的量词（如 (a+)+），长网址上可能极慢；请把内层改为 a++ 或 (?>…)",
        ),
        (r"link_pattern (.*) takes over (\S+) s on a long URL", r"link_pattern \1 在长网址上超过 \2 秒"),
        (rf"{K} should be a list", r"\1 应为列表"),
        (r"cannot read the source registry: (.*)", r"无法读取来源登记表：\1"),
        (r"not UTF-8 text", "不是 UTF-8 编码的文本"),
        (r"not valid YAML: (.*)", r"不是有效的 YAML：\1"),
        (r"the file is empty; .*", "文件是空的，需要一个 sources: 列表"),
        (rf"no source {K}", r"登记表中没有来源 \1"),  # `yuqing collect --source` (a scheduled run)
    ]
)

# What Scrapy, Twisted and yuqing.collect.browser say after "URL: " (yuqing.collect.spider).
CRAWL = _table(
    [
        (r"Connection was refused by other side.*|.*ERR_CONNECTION_REFUSED.*", DROPS["connection"]),
        (r"DNS lookup failed.*|.*ERR_NAME_NOT_RESOLVED.*", DROPS["dns"]),
        (r".*took longer than ([\d.]+?)(?:\.0)? seconds.*", r"超时（\1 秒内没有应答）"),
        (r"browser: no answer within (\S+) s", r"超时（浏览器 \1 秒内没有应答）"),
        (r"TCP connection timed out.*|User timeout caused .*|.*ERR_TIMED_OUT.*", DROPS["timeout"]),
        (r"Forbidden by robots\.txt", DROPS["robots"]),
        (r"max redirections reached|browser: redirect loop.*", DROPS["redirect_loop"]),
        (r"Ignoring non-200 response", "服务器返回了错误状态（不是 200）"),
        (r".*larger than (?:download )?max size \(?(\d+)\)?.*", r"页面过大（超过 \1 字节）"),
        (
            r"this source needs a real browser .*",
            "此来源须用浏览器抓取（browser: true），但找不到 chromium；"
            "请安装（scripts/setup 会装）或在设置 collect_browser 中写明其路径",
        ),
        (r"cannot start chromium (.*?): (.*)", r"无法启动 chromium \1（\2）"),
        (r"No route to host.*", "无法到达该主机"),
        (r".*Connection to the other side was lost.*", "连接中断"),
        (r".*Connection was closed cleanly.*", "服务器未作应答就关闭了连接"),
        (r".*(?:SSL|certificate verify).*", "安全连接（HTTPS）失败"),
        (rf"Filtered offsite request to {K}", r"不在本来源的域名内（\1），已跳过"),
        (r"browser: (.*)", r"浏览器打开失败（\1）"),
    ]
)

# yuqing.web.scheduler, when a scheduled `yuqing collect` did not finish
RUNS = _table(
    [
        (
            r"yuqing collect --source (\S+) took more than (\S+?)s and was stopped",
            r"抓取 \1 超过 \2 秒仍未结束，已被终止",
        ),
        (
            r"yuqing collect --source (\S+) failed \(exit code (-?\d+)\): (?:error: )?(.*)",
            lambda m: f"抓取 {m[1]} 失败（退出码 {m[2]}）：{registry_chinese(m[3])}",
        ),
    ]
)


# Starlette's and FastAPI's own refusals (an HTTPException's detail)
HTTP = _table(
    [
        (r"(?:Field|Part) exceeded maximum size of (\d+)KB\.", r"提交的内容过大：每项不能超过 \1 KB"),
        (r"Too many (?:fields|files)\. Maximum number of \w+ is (\d+)\.", r"提交的项目过多（最多 \1 项）"),
        (
            r"There was an error parsing the body|Invalid multipart data\.|Missing boundary .*",
            "请求内容无法解析",
        ),
        (r'The Content-Disposition header field "name" must be provided\.', "请求内容无法解析"),
    ]
)


def http_chinese(message: str) -> str:
    """Field exceeded maximum size of 1024KB. → 提交的内容过大：每项不能超过 1024 KB."""
    return _say(HTTP, message) or message


def chinese(message: str) -> str:
    """A store or report refusal (a frozen issue, a position out of range …) in Chinese."""
    return _say(STORE, message) or message


def registry_chinese(message: str) -> str:
    """path:6: unknown key 'intreval' in source 'gov'; did you mean 'interval'? →
    path 第 6 行：来源 gov 中有未知字段 intreval（是否想写 interval？）."""
    said = _registry(message)
    if said is not None:
        return said
    for colon in re.finditer(": ", message):  # the file and line, which the path may contain
        said = _registry(message[colon.end() :])
        if said is not None:
            return _where(message[: colon.start()]) + said
    return message


def crawl_chinese(message: str) -> str:
    """http://127.0.0.9:9/feed.xml: Connection was refused … → 连接被拒：http://127.0.0.9:9/feed.xml."""
    crawled = CRAWLED.fullmatch(message)
    if crawled is None:
        return _say(RUNS, message) or message
    said = _say(CRAWL, crawled[2])
    return f"{said}：{crawled[1]}" if said else message


def drop_label(reason: str) -> str:
    """connection → 连接被拒, http_404 → HTTP 404; a reason not known here as it is."""
    if reason.startswith("http_"):
        return f"HTTP {reason.removeprefix('http_')}"
    return DROPS.get(reason, reason)


def _registry(message: str) -> str | None:
    hinted = HINT.fullmatch(message)
    said = _say(REGISTRY, hinted[1] if hinted else message)
    if said is None or hinted is None:
        return said
    return f"{said}（是否想写 {hinted[2]}？）"


def _where(place: str) -> str:
    """path:6 → path 第 6 行：; path → path："""
    path, _, line = place.rpartition(":")
    return f"{path} 第 {line} 行：" if path and line.isdigit() else f"{place}："


def _say(table: Table, message: str) -> str | None:
    for pattern, said in table:
        match = pattern.fullmatch(message)
        if match:
            return match.expand(said) if isinstance(said, str) else said(match)
    return None
