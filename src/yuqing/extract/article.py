"""From a fetched page to an article: decode, find the body, clean it, read the byline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from lxml import etree

from yuqing.errors import ExtractError
from yuqing.extract import dates, pages
from yuqing.extract.blocks import Block, blocks_of, parse
from yuqing.extract.body import body_blocks
from yuqing.extract.boilerplate import clean
from yuqing.extract.byline import byline_lines
from yuqing.extract.decode import DecodeFailure, decode
from yuqing.extract.guard import (
    HTMLDATE_MAX_ELEMENTS,
    MAX_PAGE_BYTES,
    TRAFILATURA_MAX_ELEMENTS,
    check_size,
    element_count,
    parsed,
    prepare,
)
from yuqing.extract.kind import shape
from yuqing.extract.latin import is_chinese, trafilatura_paragraphs
from yuqing.extract.metadata import account_name, find_author, find_outlet, page_title, strip_suffix
from yuqing.extract.published import find_published
from yuqing.extract.select import select, select_text
from yuqing.extract.selectors import Selectors

MIN_CHARS = 50  # fewer characters of text is a stub, a video page or an error page
LIST_MAX_CHARS = 300  # a page shaped like a list is refused when it yields less text than this


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
    (``too_large`` over ``max_bytes``, ``empty`` when there is no document at all).
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
    root = parsed(text, url, parse)
    blocks = blocks_of(root)
    body = _body(root, blocks, sel)
    start = next((i for i, b in enumerate(blocks) if body and b is body[0]), len(blocks))
    title = strip_suffix(select_text(root, sel.title) or "") or page_title(root, blocks, start, text)
    if not title:
        raise ExtractError("the page has no title", url=url, reason="no_title")
    paragraphs = clean([b.text for b in body], title)
    listing = not sel.body and shape(blocks).is_list
    size = element_count(root)  # trafilatura and htmldate stall on huge pages: guard.py
    if (
        size <= TRAFILATURA_MAX_ELEMENTS
        and not sel.body
        and not is_chinese(paragraphs)
        and not (listing and not paragraphs)
    ):
        paragraphs = trafilatura_paragraphs(text, url) or paragraphs
    if listing and sum(len(p) for p in paragraphs) < LIST_MAX_CHARS:
        raise ExtractError("a list page, not an article", url=url, reason="not_article")
    more = tuple(pages.continuation_urls(text, url, first_page))
    paragraphs = pages.without_page_links(paragraphs) if more or first_page else paragraphs
    if sum(len(p) for p in paragraphs) < MIN_CHARS and first_page is None:
        raise ExtractError("too little text for an article", url=url, reason="too_short")
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


def _body(root: etree._Element, blocks: list[Block], sel: Selectors) -> list[Block]:
    chosen = select(root, sel.body)
    if chosen:
        inside = {id(el) for top in chosen for el in top.iter()}
        return [b for b in blocks if id(b.element) in inside]
    return body_blocks(blocks)
