"""Publication dates: the Chinese formats a byline shows (2024年8月21日, 2024-08-21 10:30,
发布时间：…, 时间：2024/08/21), then the page's meta tags, then htmldate, then the URL."""

from __future__ import annotations

import re
from datetime import date, datetime

from lxml import etree

DATE = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d\d)\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})(?!\d)\s*日?"
    r"(?:\s*(?P<H>\d{1,2})\s*[:：时]\s*(?P<M>\d{2})(?:\s*[:：分]\s*(?P<S>\d{2}))?)?"
)
_URL = re.compile(r"(?<!\d)((?:19|20)\d\d)[-/_]?(0[1-9]|1[0-2])[-/_]?(0[1-9]|[12]\d|3[01])?(?!\d)")
_META_NAMES = (
    "article:published_time",
    "og:article:published_time",
    "publishdate",
    "pubdate",
    "publish_date",
    "publishtime",
    "datepublished",
    "dc.date.issued",
    "dc.date",
    "date",
)


def parse_date(text: str, today: date | None = None) -> datetime | None:
    """The first plausible date (with time when given) in ``text``."""
    latest = (today or date.today()).year + 1
    for m in DATE.finditer(text):
        try:
            day = datetime(int(m["y"]), int(m["m"]), int(m["d"]), int(m["H"] or 0), int(m["M"] or 0))
        except ValueError:
            continue
        if 1990 <= day.year <= latest:
            return day.replace(second=int(m["S"] or 0)) if m["S"] and int(m["S"]) < 60 else day
    return None


def has_time(text: str) -> bool:
    m = DATE.search(text)
    return bool(m and m["H"])


def meta_date(root: etree._Element) -> tuple[datetime, bool] | None:
    """A date from <meta> publication tags, with whether it carries a time."""
    for el in root.iter("meta"):
        name = (el.get("property") or el.get("name") or el.get("itemprop") or "").lower()
        if name in _META_NAMES and (content := el.get("content")):
            found = parse_date(content.replace("T", " "))
            if found:
                return found, has_time(content.replace("T", " "))
    return None


def htmldate_guess(text: str, url: str) -> date | None:
    """htmldate's guess (original publication date), used when the page shows no byline date."""
    from htmldate import find_date  # imported late: it is slow to import and rarely needed

    try:
        found = find_date(text, url=url or None, original_date=True, extensive_search=True)
    except Exception:  # htmldate raises assorted errors on broken markup; a missing date is fine
        return None
    return date.fromisoformat(found) if found else None


def url_date(url: str) -> date | None:
    m = _URL.search(url)
    if not m:
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3] or 1))
    except ValueError:
        return None
