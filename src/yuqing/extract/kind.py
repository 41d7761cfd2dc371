"""Tell list pages (indexes, columns, search results, 通知公告 lists) from article pages: an
article has running text; a list has many item links and, per item, only a snippet or nothing."""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from yuqing.extract.blocks import Block, blocks_of, parse
from yuqing.extract.body import best_element, body_blocks
from yuqing.extract.decode import DecodeFailure, decode

MIN_TEXT = 150  # characters of punctuated running text below which a page is not an article
MANY_ITEMS = 40  # item links inside the body container that make it a result or thread list
TEXT_PER_ITEM = 100  # ...unless each item carries at least this much text (related links under a story)
LIST_LINKS = 10  # item links on a page with too little text that make it a list, not a stub
ITEM_CHARS = 8  # a link whose text is this long names an item; shorter ones are menus and pagers


@dataclass(frozen=True)
class Shape:
    text_chars: int
    item_links: int  # inside the body container
    page_links: int  # on the whole page

    @property
    def is_list(self) -> bool:
        return self.kind == "list" and self.page_links >= LIST_LINKS

    @property
    def kind(self) -> str:
        if self.text_chars < MIN_TEXT:
            return "list"
        if self.item_links >= MANY_ITEMS and self.text_chars < TEXT_PER_ITEM * self.item_links:
            return "list"
        return "article"


def shape(blocks: list[Block]) -> Shape:
    best = best_element(blocks)
    text = (
        sum(b.chars - b.link_chars for b in body_blocks(blocks, best) if b.punct) if best is not None else 0
    )
    page = blocks[0].element.getroottree().getroot() if blocks else None
    return Shape(text, _items(best), _items(page))


def _items(el: etree._Element | None) -> int:
    return (
        0 if el is None else sum(1 for a in el.iter("a") if len("".join(a.itertext()).strip()) >= ITEM_CHARS)
    )


def page_kind(page: bytes, url: str) -> str:
    """``"article"`` or ``"list"``; binary or undecodable pages count as lists (nothing to read)."""
    del url  # part of the interface: a future rule may use URL shapes (index.html, /list_2.htm)
    try:
        text, _ = decode(page)
    except DecodeFailure:
        return "list"
    return kind_of(parse(text))


def kind_of(root: etree._Element) -> str:
    return shape(blocks_of(root)).kind
