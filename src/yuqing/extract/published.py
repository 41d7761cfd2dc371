"""An article's publication date, and where on the page it was read (its provenance).

Sources are tried in this order; the first that gives a plausible date (not before 1990, not
after the fetch time) wins:

1. ``selector`` — the source's configured date selector: an admin said where the date is.
2. ``jsonld`` and ``meta`` — JSON-LD ``datePublished`` (``pubDate`` in Baidu's dialect),
   publication-time ``<meta>`` tags (article:published_time, PubDate, publishdate …) and
   ``itemprop="datePublished"``: written by the CMS from the article's own record, so they
   beat anything found by position. Update times (modified_time, lastmod) are never read.
3. ``byline`` — the date line beside the headline: the lines from the headline down to the
   text's first sentence, the two lines just above it unless they read as a masthead clock
   (星期, 今天), and a "posted on" line just below a forum post (extract/article.py picks
   them). Related-news lists, comments, dates in the text and the footer's copyright years
   stand outside these lines and are never read.
4. ``meta`` of a generic name (``date``, ``dc.date``), which some templates fill with the time
   the page was built: weaker than the byline, stronger than what follows.
5. ``script`` — a publication-time variable in the page's scripts (WeChat's ``var ct``), or
   a script call that writes the date into the byline (``showDate("2020/04/17 01:43")``).
6. ``url`` — the exact day the URL is dated with (t20240821_, /2024-08/21/): the CMS's
   record of when the page was made, which a reprint or a later migration can change, so it
   comes after what the page states.
7. ``relative`` — a relative byline (3小时前, 昨天 14:20, 08-21 10:30) against the fetch time.
8. ``signature`` — the date a notice is signed with at the end of its text (落款).
9. ``guess`` — htmldate's guess over the whole page; marked so and listed apart downstream.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from lxml import etree

from yuqing.extract import dates
from yuqing.extract.dates import Moment

EARLIEST = datetime(1990, 1, 1)
_META_ARTICLE = frozenset(
    [
        "article:published_time",
        "og:article:published_time",
        "og:published_time",
        "datepublished",
        "publishdate",
        "publish_date",
        "publish-date",
        "publishtime",
        "publish_time",
        "pubdate",
        "pubtime",
        "dc.date.issued",
        "dcterms.issued",
        "sailthru.date",
        "parsely-pub-date",
        "article.published",
        "weibo:article:create_at",
        "bytedance:published_time",
        "firstpublishedtime",
        "releasedate",
    ]
)
_META_GENERIC = frozenset(["date", "dc.date", "dcterms.date", "dcterms.created", "created"])
_LD_DATE = re.compile(r'"(?:datePublished|pubDate)"\s*:\s*"([^"]{6,40})"')  # pubDate: Baidu's 熊掌号
_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.I | re.S)
_SCRIPT_VAR = re.compile(
    r"""(?<![\w.])(?:window\.|var\s+|let\s+|const\s+)?"""
    r"""(ct|publish_?time|publishTime|publish_?date|publishDate|pub_?date|pubDate|pub_?time|pubTime|"""
    r"""post_?time|postTime|release_?time|releaseTime|create_?time|createTime)"""
    r"""\s*[=:]\s*["']?([0-9][0-9 :T+\-/.Z]{5,30})["']?""",
)
# A script writing the byline's date: showDate("2020/04/17 01:43:09"), document.write('2024-08-21').
_SCRIPT_CALL = re.compile(
    r"""(?:\b\w*(?:[Dd]ate|[Tt]ime)\w*|document\.write)\s*\(\s*["']((?:19|20)\d\d[-/.年][^"']{3,30})["']"""
)
_DATELINE = re.compile(r"^.{0,30}?\d{1,2}\s*日\s*[电讯]")
_SHORT = 80  # a longer line is text; only a dateline at its start (北京8月21日电) counts there
_SIGNATURE = 40  # a signature line: the issuing body and a date, nothing more


@dataclass(frozen=True)
class Published:
    """The publication date (Beijing time), whether a time of day was given, and its source."""

    when: datetime | None
    has_time: bool
    source: str  # a name of yuqing.provenance.DATE_SOURCES


def find_published(
    root: etree._Element,
    page: str,
    url: str,
    byline: list[str],
    paragraphs: list[str],
    fetched_at: datetime,
    selected: str | None = None,
    guess: bool = True,
) -> Published:
    """The page's publication date by the order above; ``source`` "none" when there is none.
    ``page`` is the decoded HTML (scripts included), ``byline`` the lines around the headline;
    ``guess`` False skips htmldate (it stalls on huge pages: extract/guard.py)."""
    latest = fetched_at + timedelta(days=1)  # a day of grace for clocks and zones

    def ok(found: Moment | None) -> bool:
        return found is not None and EARLIEST <= found.when <= latest

    steps: list[tuple[str, Callable[[], Moment | None]]] = [
        ("selector", lambda: dates.parse_value(selected, fetched_at) if selected else None),
        ("jsonld", lambda: _json_ld(page)),
        ("meta", lambda: _meta(root, _META_ARTICLE)),
        ("byline", lambda: _byline(byline, fetched_at, relative=False)),
        ("meta", lambda: _meta(root, _META_GENERIC)),
        ("script", lambda: _script(page)),
        ("url", lambda: _url(url)),
        ("relative", lambda: _byline(byline, fetched_at, relative=True)),
        ("signature", lambda: _signature(paragraphs)),
        ("guess", lambda: _guess(page, url, latest) if guess else None),
    ]
    for source, step in steps:
        found = step()
        if found is not None and ok(found):
            return Published(found.when, found.has_time, "relative" if found.relative else source)
    return Published(None, False, "none")


def _json_ld(page: str) -> Moment | None:
    if "ld+json" not in page:  # a cheap test before scanning the page's scripts
        return None
    for attrs, body in _SCRIPT.findall(page):
        if "ld+json" in attrs.lower():
            for value in _LD_DATE.findall(body):
                if found := dates.parse_value(json.loads(f'"{value}"') if "\\" in value else value):
                    return found
    return None


def _meta(root: etree._Element, names: frozenset[str]) -> Moment | None:
    """A date from <meta> tags (name, property or itemprop) or from itemprop="datePublished" and
    <time pubdate> elements (content, datetime or their text)."""
    elements = list(root.iter("meta"))
    if "datepublished" in names:  # elements other than <meta> state only the publication time
        elements += root.xpath("//*[@itemprop='datePublished' or @pubdate][not(self::meta)]")
    for el in elements:
        name = (el.get("property") or el.get("name") or el.get("itemprop") or "").lower()
        if name in names or (el.tag != "meta" and "datepublished" in names):
            value = el.get("content") or el.get("datetime") or "".join(el.itertext())
            if value.strip() and (found := dates.parse_value(value)):
                return found
    return None


def _byline(lines: list[str], fetched_at: datetime, relative: bool) -> Moment | None:
    """The first date of the byline lines: absolute ones, or (``relative``) relative ones."""
    for line in lines:
        text = line if len(line) <= _SHORT else (m.group(0) if (m := _DATELINE.match(line)) else "")
        if not text:
            continue
        found = dates.find_date(text, fetched_at if relative else None)
        if found is not None and found.relative == relative:
            return found
    return None


def _script(page: str) -> Moment | None:
    for attrs, body in _SCRIPT.findall(page):
        if "ld+json" in attrs.lower():
            continue
        for name, value in _SCRIPT_VAR.findall(body):
            value = value.strip()
            if name == "ct" and not value.isdigit():
                continue  # WeChat's ct is Unix seconds; any other "ct" is not a date
            if found := dates.parse_value(value):
                return found
        for value in _SCRIPT_CALL.findall(body):
            if found := dates.find_date(value):
                return found
    return None


def _url(url: str) -> Moment | None:
    day = dates.url_date(url)
    return Moment(datetime(day.year, day.month, day.day), False) if day else None


def _signature(paragraphs: list[str]) -> Moment | None:
    """A notice signed at its end: "市卫生健康委员会 / 2024年8月26日" or "二○○四年三月二十六日"."""
    for line in reversed(paragraphs[-3:]):
        if len(line) <= _SIGNATURE and (found := dates.find_date(line)):
            tail = dates.normalise(line).rstrip(" 。.")
            if re.search(r"[日号]$", tail):
                return found
    return None


def _guess(page: str, url: str, latest: datetime) -> Moment | None:
    """htmldate's guess (original publication date) when the page states none we can read."""
    from htmldate import find_date  # imported late: slow to import and rarely needed

    try:
        found = find_date(
            page,
            url=url or None,
            original_date=True,
            extensive_search=False,
            max_date=latest.strftime("%Y-%m-%d"),
        )
    except Exception:  # htmldate raises assorted errors on broken markup; no guess is an answer
        return None
    return Moment(datetime.fromisoformat(found), False) if found else None
