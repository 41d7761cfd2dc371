"""From a fetched page to an article: decode, find the body, clean it, read the byline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from lxml import etree

from yuqing.errors import ExtractError
from yuqing.extract import dates
from yuqing.extract.blocks import Block
from yuqing.extract.body import lines
from yuqing.extract.boilerplate import clean
from yuqing.extract.decode import DecodeFailure, decode
from yuqing.extract.latin import is_chinese, trafilatura_paragraphs
from yuqing.extract.metadata import find_author, find_outlet, page_title, strip_suffix
from yuqing.extract.reader import Reading, read
from yuqing.extract.select import select_text
from yuqing.extract.selectors import Selectors
from yuqing.text import squash

MIN_CHARS = 50  # fewer characters of text is a stub, a video page or an error page
BYLINE_BEFORE = 8  # blocks above the text searched for the byline when the title is not found


@dataclass(frozen=True)
class Extracted:
    url: str
    title: str  # without the site suffix ("… _新京报", "-人民网", "|千龙网" …)
    published: date | None
    published_at: datetime | None  # with time when the page gives one
    outlet: str | None  # from a 来源：line on the page, else the default outlet
    author: str | None  # 记者/作者/编辑 names when given (not 责任编辑)
    paragraphs: list[str]  # the full text, paragraph by paragraph
    encoding: str  # the encoding the page was decoded with

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)


def extract_article(
    page: bytes,
    url: str,
    *,
    content_type: str | None = None,
    selectors: Selectors | None = None,
    default_outlet: str | None = None,
) -> Extracted:
    """Extract one article; raises ExtractError with a drop reason when the page holds none."""
    sel = selectors or Selectors()
    try:
        text, encoding = decode(page, content_type)
    except DecodeFailure as exc:
        raise ExtractError(str(exc), url=url, reason=exc.reason) from exc
    reading = read(text, sel)
    root, blocks, body = reading.root, reading.blocks, reading.body
    start = next((i for i, b in enumerate(blocks) if body and b is body[0]), len(blocks))
    title = strip_suffix(select_text(root, sel.title) or "") or page_title(root, blocks, start)
    if not title:
        raise ExtractError("the page has no title", url=url, reason="no_title")
    paragraphs = clean(reading.scripted or lines(body), title)
    if not sel.body:
        paragraphs = _generic(text, url, reading, paragraphs)
    if sum(len(p) for p in paragraphs) < MIN_CHARS:
        why = reading.shape.why()
        raise ExtractError(f"too little text for an article: {why}", url=url, reason="too_short")
    byline = _byline(blocks, start, title)
    when = _published(root, text, url, byline, sel)
    return Extracted(
        url=url,
        title=title,
        published=when[0].date() if when else None,
        published_at=when[0] if when and when[1] else None,
        outlet=select_text(root, sel.outlet) or find_outlet(byline + paragraphs[-3:]) or default_outlet,
        author=select_text(root, sel.author) or find_author(byline + paragraphs[-2:]),
        paragraphs=paragraphs,
        encoding=encoding,
    )


def _generic(text: str, url: str, reading: Reading, paragraphs: list[str]) -> list[str]:
    """The paragraphs found without selectors, checked: a page not in Chinese is read by
    trafilatura; a list page is refused with the reason."""
    if not is_chinese(paragraphs or [b.text for b in reading.blocks]):
        return trafilatura_paragraphs(text, url) or paragraphs
    if reading.shape.kind == "list" and not reading.scripted:
        raise ExtractError(reading.shape.why(), url=url, reason="not_article")
    return paragraphs


def _byline(blocks: list[Block], start: int, title: str) -> list[str]:
    """Lines from the title down to the first lines of the text: where date, 来源 and 记者 stand."""
    start = min(start, len(blocks) - 1)
    key = squash(title)
    top = max(0, start - BYLINE_BEFORE)
    for i in range(start, -1, -1):
        if key and squash(blocks[i].text).startswith(key[:20]):
            top = i
            break
    # a body that repeats the headline: the byline stands under the headline above it
    for i in range(top - 1, max(-1, top - BYLINE_BEFORE), -1):
        if key and squash(blocks[i].text).startswith(key[:20]):
            top = i
    return [b.text for b in blocks[top : start + 4]]


def _published(
    root: etree._Element, text: str, url: str, byline: list[str], sel: Selectors
) -> tuple[datetime, bool] | None:
    """(date, whether the page gave a time): selector, byline, <meta>, htmldate, then the URL."""
    for line in [select_text(root, sel.date) or "", *byline]:
        if found := dates.parse_date(line):
            return found, dates.has_time(line)
    if meta := dates.meta_date(root):
        return meta
    day = dates.htmldate_guess(text, url) or dates.url_date(url)
    return (datetime(day.year, day.month, day.day), False) if day else None
