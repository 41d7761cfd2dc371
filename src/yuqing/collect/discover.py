"""Discovery: article links out of feeds, sitemaps and list pages, with a date hint each.

Pure functions over fetched bytes, so the spider stays thin and each format is tested alone.
A malformed link (port ``abc``, ``http://[``, an ``ftp://`` entry in a sitemap) is skipped, never
the end of its page: pass a list as ``rejected`` to learn which were skipped and why.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from time import struct_time
from urllib.parse import urljoin, urlsplit

import feedparser
import lxml.etree
import lxml.html
from scrapy.utils.sitemap import Sitemap

from yuqing.collect.patterns import link_matches
from yuqing.extract import dates
from yuqing.extract.decode import DecodeFailure, decode
from yuqing.extract.guard import cap_attributes
from yuqing.urls import normalise_url

_ARTICLE_URL = re.compile(
    r"(\d{5,}|20\d{2}[-/]?\d{2}).*\.(s?html?|jhtml)$|/(detail|article|content|a)/", re.I
)
_NEXT_TEXT = ("下一页", "下页", "next", "›", "»")
TITLE_CHARS = 6  # shorter anchor texts are navigation (首页, 更多, 下一页), not article titles


class OtherScheme(ValueError):
    """A link to something other than an http(s) page."""


@dataclass(frozen=True)
class Link:
    url: str
    published: date | None = None


def url_date(url: str) -> date | None:
    """The exact day written in a URL's path, as CMSs of Chinese news sites usually do."""
    return dates.url_date(urlsplit(url).path)


def is_feed(body: bytes) -> bool:
    head = body[:2048].lstrip().lower()
    return head.startswith(b"<?xml") and (b"<rss" in head or b"<feed" in head or b"<rdf" in head)


def parse_feed(body: bytes, base_url: str, rejected: list[str] | None = None) -> list[Link]:
    parsed = feedparser.parse(body)
    links = []
    for entry in parsed.entries:
        href = entry.get("link")
        if href and (url := _entry_url(href, base_url, rejected)):
            stamp = entry.get("published_parsed") or entry.get("updated_parsed")
            links.append(Link(url, _struct_date(stamp) or url_date(url)))
    return links


def parse_sitemap(
    body: bytes, base_url: str, rejected: list[str] | None = None
) -> tuple[list[Link], list[str]]:
    """(article links, child sitemaps) of a sitemap or a sitemap index."""
    try:
        sitemap = Sitemap(body)
        raw = [(e["loc"], e.get("lastmod", "")) for e in sitemap if e.get("loc")]
    except (lxml.etree.XMLSyntaxError, AttributeError, StopIteration, ValueError):
        return [], []  # not a sitemap: nothing to follow
    entries = [(url, lastmod) for loc, lastmod in raw if (url := _entry_url(loc, base_url, rejected))]
    if sitemap.type == "sitemapindex":
        return [], [loc for loc, _ in entries]
    return [Link(loc, _iso_date(lastmod) or url_date(loc)) for loc, lastmod in entries], []


def checked_url(href: str, base_url: str) -> str:
    """The absolute http(s) URL a link points to; ValueError naming what is wrong with it
    (unparsable host or port, another scheme, no host)."""
    url = urljoin(base_url, href.strip()).split("#")[0]
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise OtherScheme(f"not an http(s) link: {href[:200]!r}")
    if not parts.hostname:
        raise ValueError(f"no host in link {href[:200]!r}")
    parts.port  # noqa: B018 - raises ValueError for a port that is not a number or out of range
    normalise_url(url)
    return url


def _entry_url(href: str, base_url: str, rejected: list[str] | None) -> str | None:
    """A feed or sitemap entry's URL; every entry is meant to be an article, so any that is not
    an http(s) URL is rejected with its reason."""
    try:
        return checked_url(str(href), base_url)
    except ValueError as exc:
        if rejected is not None:
            rejected.append(str(exc))
        return None


def parse_list(
    body: bytes,
    base_url: str,
    domains: Iterable[str],
    link_pattern: str | None = None,
    rejected: list[str] | None = None,
) -> list[Link]:
    """Article links on a column page, each with the date printed beside it or in its URL.

    With a link pattern, every on-site link matching it. Without, the links of the page's
    list blocks: anchors with title-length text that share one position in the page structure
    (the 20 items of a column), plus any link whose URL looks like an article's."""
    tree = _html(body, base_url)
    if tree is None:
        return []
    anchors = []
    for anchor in tree.iter("a"):
        url = _absolute(anchor.get("href"), base_url, rejected)
        if url and _on_site(url, domains):
            anchors.append((anchor, url))
    if link_pattern:
        chosen = [(a, u) for a, u in anchors if link_matches(link_pattern, u)]
    else:
        chosen = _list_items(anchors)
    seen: dict[str, Link] = {}
    now = dates.now()
    for anchor, url in chosen:
        seen.setdefault(url, Link(url, url_date(url) or _nearby_date(anchor, now)))
    return list(seen.values())


def _list_items(anchors: list[tuple[lxml.html.HtmlElement, str]]) -> list[tuple[lxml.html.HtmlElement, str]]:
    titled = [(a, u) for a, u in anchors if len(a.text_content().strip()) >= TITLE_CHARS]
    groups: dict[str, list[tuple[lxml.html.HtmlElement, str]]] = {}
    for anchor, url in titled:
        groups.setdefault(_position(anchor), []).append((anchor, url))
    largest = max((len(g) for g in groups.values()), default=0)
    keep = {key for key, g in groups.items() if len(g) >= max(3, largest * 0.3)}
    if largest >= 5:  # a clear list block: its items are the articles, the rest is navigation
        return [(a, u) for a, u in titled if _position(a) in keep]
    return [(a, u) for a, u in anchors if _ARTICLE_URL.search(urlsplit(u).path)]


def _position(anchor: lxml.html.HtmlElement) -> str:
    """The anchor's place in the page, ignoring which item of a repeated list it is."""
    tags = [el.tag for el in anchor.iterancestors() if isinstance(el.tag, str)]
    return "/".join(reversed(tags[:6]))


def next_page(body: bytes, base_url: str, selector: str | None = None) -> str | None:
    """The next-page link: by the given CSS/XPath, else by its text (下一页, next …)."""
    tree = _html(body, base_url)
    if tree is None:
        return None
    if selector:
        found = tree.xpath(selector) if selector.startswith("/") else tree.cssselect(selector)
        hrefs = [el.get("href") if hasattr(el, "get") else str(el) for el in found]
        return next((u for h in hrefs if (u := _absolute(h, base_url))), None)
    for anchor in tree.iter("a"):
        if anchor.text_content().strip().lower() in _NEXT_TEXT:
            return _absolute(anchor.get("href"), base_url)
    return None


def _html(body: bytes, base_url: str) -> lxml.html.HtmlElement | None:
    """The page parsed after decoding it as extraction does (bytes win over a wrong meta)."""
    try:
        text, _ = decode(body)
    except DecodeFailure:
        return None
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", cap_attributes(text))  # lxml refuses str with a declaration
    try:
        return lxml.html.fromstring(text, base_url=base_url)
    except (lxml.etree.ParserError, ValueError):
        return None


def _absolute(href: str | None, base_url: str, rejected: list[str] | None = None) -> str | None:
    """A page link's http(s) URL; None for in-page, script, mail and other-scheme links, and for
    malformed ones (added to ``rejected`` with the reason)."""
    if not href or href.startswith(("javascript:", "mailto:", "#")):
        return None
    try:
        return checked_url(href, base_url)
    except ValueError as exc:
        if rejected is not None and not isinstance(exc, OtherScheme):  # ftp:, tel: … are no news
            rejected.append(str(exc))
        return None


def _on_site(url: str, domains: Iterable[str]) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    return any(host == d or host.endswith("." + d) for d in domains)


def _nearby_date(anchor: lxml.html.HtmlElement, now: datetime) -> date | None:
    """The date printed beside a list item's link (2024-08-21, 08-21, 3小时前), not in its title."""
    parent = anchor.getparent()
    if parent is None:
        return None
    text = parent.text_content().replace(anchor.text_content(), " ")
    found = dates.find_date(text, now)
    return found.day if found else None


def _struct_date(stamp: struct_time | None) -> date | None:
    """The Beijing day of a feed's date: feedparser gives it in UTC (Sat, 31 Aug 2024 16:30 GMT
    is 1 September in Beijing)."""
    if not stamp:
        return None
    return dates.to_shanghai(datetime(*stamp[:6], tzinfo=UTC)).date()


def _iso_date(text: str) -> date | None:
    """The Beijing day of a sitemap's lastmod (2024-08-03, or a W3C date-time with its zone)."""
    found = dates.parse_value(text) if text.strip() else None
    return found.day if found else None
