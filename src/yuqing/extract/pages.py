"""Articles split over several pages (下一页, ``_2.html``, page links 1 2 3).

A link leads to another page of the same article when its URL is the first page's with a page
number added — ``t20240828_5001_1.html``, ``c_1130_2.htm``, ``index_2.html``, ``a-3.html``,
``a.html?page=2`` — and its text is a page number or a next-page word. Anything else (related
articles, the site's column pages) is not followed. collect fetches the pages and joins them
(collect/multipage.py); ``yuqing extract`` says a page has more.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urljoin, urlsplit

_LINK = r"""<a\s[^>]*?href\s*=\s*["']?([^"'\s>]*{stem}[^"'\s>]*)[^>]*>(.{{0,200}}?)</a\s*>"""
_TAG = re.compile(r"<[^>]*>")
_NEXT = re.compile(r"^(?:下一?页|下一頁|下頁|后一页|next(?: page)?|›|»|>|>>)$", re.I)
_NUMBER = re.compile(r"^\[?\s*(?:第\s*)?(\d{1,3})\s*(?:页|頁)?\s*\]?$")
_PAGE_SUFFIX = re.compile(r"^(?:[_-]p?|/p?)(\d{1,3})$")
_PAGE_PARAMS = frozenset({"page", "p", "pn", "pg", "pageno", "pagenum", "page_no", "curpage"})
# The words of a line of page links left in the text: "1 2 3 下一页", "上一页 1 2", "[1] [2] [3]".
_PAGE_WORD = re.compile(r"上一?页|下一?页|首页|尾页|末页|共\d{1,3}页|\[?\d{1,3}\]?|<<|>>|[<>«»‹›…]")
_PAGE_LINE_MAX = 200  # characters; a longer line is text


def continuation_urls(page: str, url: str, first: str | None = None) -> list[str]:
    """Links on ``page`` (decoded HTML at ``url``) to later pages of the article whose first
    page is ``first`` (default: this page), in page order, this page and the first left out."""
    first = first or url
    here = _page_number(url, first)
    stem = urlsplit(first).path.rstrip("/").rpartition("/")[2].partition(".")[0]
    if not stem or stem not in page:  # every link to another page of it names the first's file
        return []
    found: dict[str, int] = {}
    for href, inner in re.findall(_LINK.format(stem=re.escape(stem)), page, re.I | re.S):
        text = " ".join(_TAG.sub("", inner).split())
        if not (_NEXT.match(text) or _NUMBER.match(text)):
            continue
        target = urljoin(url, href.replace("&amp;", "&")).split("#")[0]
        number = _page_number(target, first)
        if number is not None and number > (here or 1) and target not in found:
            found[target] = number
    return sorted(found, key=found.__getitem__)


def _page_number(url: str, first: str) -> int | None:
    """The page number of ``url`` as a page of the article at ``first`` (1 for ``first`` itself),
    None when ``url`` is no page of it."""
    a, b = urlsplit(url), urlsplit(first)
    if (a.scheme, a.netloc) != (b.scheme, b.netloc):
        return None
    if a.path == b.path:
        if a.query == b.query:
            return 1
        return _query_page(a.query, b.query)
    stem, dot, ext = b.path.rpartition(".")
    if not dot or "/" in ext:  # no extension: /a/123 and /a/123/2
        stem, ext = b.path.rstrip("/"), ""
    path = a.path[: -len(ext) - 1] if ext and a.path.endswith("." + ext) else a.path.rstrip("/")
    if not path.startswith(stem) or a.query != b.query:
        return None
    m = _PAGE_SUFFIX.match(path[len(stem) :])
    return int(m[1]) + 1 if m else None  # CMSs count the second page as _1 or _2: only order matters


def _query_page(query: str, first_query: str) -> int | None:
    mine, theirs = dict(parse_qsl(query)), dict(parse_qsl(first_query))
    changed = {k for k in mine.keys() | theirs.keys() if mine.get(k) != theirs.get(k)}
    if len(changed) != 1 or (key := changed.pop()).lower() not in _PAGE_PARAMS:
        return None
    value = mine.get(key, "")
    return int(value) + 1 if value.isdigit() else None


def without_page_links(paragraphs: list[str]) -> list[str]:
    """The text without lines of page links ("1 2 3 下一页")."""
    return [p for p in paragraphs if not _is_page_links(p)]


def _is_page_links(line: str) -> bool:
    words = line.replace("][", "] [").split()
    return bool(words) and len(line) <= _PAGE_LINE_MAX and all(_PAGE_WORD.fullmatch(w) for w in words)


def join(parts: list[list[str]]) -> list[str]:
    """The paragraphs of an article's pages in order, each once (a lead or a caption repeated
    on every page stays where it first stood), page links left out."""
    seen: set[str] = set()
    joined = []
    for paragraph in (p for part in parts for p in without_page_links(part)):
        if paragraph not in seen:
            seen.add(paragraph)
            joined.append(paragraph)
    return joined
