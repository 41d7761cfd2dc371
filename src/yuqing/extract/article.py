"""From a fetched page to an article: decode, find the body, clean it, read the byline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from yuqing.errors import ExtractError
from yuqing.extract import dates, pages
from yuqing.extract.body import lines
from yuqing.extract.boilerplate import clean
from yuqing.extract.byline import byline_lines
from yuqing.extract.decode import DecodeFailure, decode
from yuqing.extract.guard import (
    HTMLDATE_MAX_ELEMENTS,
    MAX_PAGE_BYTES,
    TRAFILATURA_MAX_ELEMENTS,
    check_size,
    element_count,
    prepare,
)
from yuqing.extract.latin import is_chinese, trafilatura_paragraphs
from yuqing.extract.metadata import account_name, find_author, find_outlet, page_title, strip_suffix
from yuqing.extract.published import find_published
from yuqing.extract.reader import Reading, read
from yuqing.extract.select import select_text
from yuqing.extract.selectors import Selectors

MIN_CHARS = 50  # fewer characters of text is a stub, a video page or an error page


@dataclass(frozen=True)
class Extracted:
    url: str
    title: str  # without the site suffix ("… _新京报", "-人民网", "|千龙网" …)
    published: date | None
    published_at: datetime | None  # with time when the page gives one
    outlet: str | None  # from a 来源：line on the page, else the default outlet
    author: str | None  # names after 记者/作者/文/通讯员 (never an editor: 责任编辑, 编辑)
    paragraphs: list[str]  # the full text, paragraph by paragraph
    encoding: str  # the encoding the page was decoded with
    date_source: str = "none"  # where the date was read: a name of yuqing.provenance.DATE_SOURCES
    fetched_at: datetime | None = None  # Beijing time the page was fetched (relative dates use it)
    more_pages: tuple[str, ...] = ()  # later pages of an article split over several, in order

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
    max_bytes: int = MAX_PAGE_BYTES,
    fetched_at: datetime | None = None,
    first_page: str | None = None,
) -> Extracted:
    """Extract one article; raises ExtractError with a drop reason when the page holds none
    (``too_large`` over ``max_bytes``, ``empty`` when there is no document at all, ``not_article``
    for a list or navigation page, ``too_short`` for a stub).
    ``fetched_at`` (Beijing time, default now) is what relative dates (3小时前) count back from.
    ``first_page``: this page continues the article at that URL (no minimum length then)."""
    sel = selectors or Selectors()
    check_size(page, url, max_bytes)
    fetched_at = fetched_at or dates.now()
    try:
        text, encoding = decode(page, content_type)
    except DecodeFailure as exc:
        raise ExtractError(str(exc), url=url, reason=exc.reason) from exc
    text = prepare(text, url)
    reading = read(text, sel, url)
    root, blocks, body = reading.root, reading.blocks, reading.body
    start = next((i for i, b in enumerate(blocks) if body and b is body[0]), len(blocks))
    title = strip_suffix(select_text(root, sel.title) or "") or page_title(root, blocks, start, text)
    if not title:
        raise ExtractError("the page has no title", url=url, reason="no_title")
    paragraphs = clean(_without_headline(reading.scripted or lines(body), title), title)
    size = element_count(root)  # trafilatura and htmldate stall on huge pages: guard.py
    if not sel.body:
        paragraphs = _generic(text, url, reading, paragraphs, size <= TRAFILATURA_MAX_ELEMENTS)
    more = tuple(pages.continuation_urls(text, url, first_page))
    paragraphs = pages.without_page_links(paragraphs) if more or first_page else paragraphs
    if sum(len(p) for p in paragraphs) < MIN_CHARS and first_page is None:
        why = reading.shape.why()
        raise ExtractError(f"too little text for an article: {why}", url=url, reason="too_short")
    byline = byline_lines(blocks, body, start, title)
    when = find_published(
        root,
        text,
        url,
        byline,
        paragraphs,
        fetched_at,
        select_text(root, sel.date),
        guess=size <= HTMLDATE_MAX_ELEMENTS,
    )
    return Extracted(
        url=url,
        title=title,
        published=when.when.date() if when.when else None,
        published_at=when.when if when.when and when.has_time else None,
        outlet=select_text(root, sel.outlet)
        or find_outlet(byline + paragraphs[-3:])
        or account_name(root, text)
        or default_outlet,
        author=select_text(root, sel.author) or find_author(byline + paragraphs[-2:]),
        paragraphs=paragraphs,
        encoding=encoding,
        date_source=when.source,
        fetched_at=fetched_at,
        more_pages=more,
    )


def _generic(text: str, url: str, reading: Reading, paragraphs: list[str], small: bool) -> list[str]:
    """The paragraphs found without selectors, checked: a page not in Chinese is read by
    trafilatura (when ``small`` enough for it); a list page is refused with the reason."""
    if not is_chinese(paragraphs or [b.text for b in reading.blocks]):
        return (trafilatura_paragraphs(text, url) if small else None) or paragraphs
    if reading.shape.kind == "list" and not reading.scripted:
        raise ExtractError(reading.shape.why(), url=url, reason="not_article")
    return paragraphs


def _without_headline(paragraphs: list[str], title: str) -> list[str]:
    """Without a leading line that is the headline with site suffixes after it (an <h1> carrying
    the <title>'s "-频道-网站" chain): clean() drops the bare headline, not one with a tail."""
    first = paragraphs[0] if paragraphs else ""
    if len(first) > len(title) and first.startswith(title) and strip_suffix(first) == title:
        return paragraphs[1:]
    return paragraphs
