"""Tell article pages from everything else by what the body search found. An article has running
text: non-link blocks with sentence punctuation. A list page (an index, a column, search results,
通知公告) has item links and, per item, only a snippet or nothing; a page whose "body" is a menu, a
link list or a 热门推荐 block has no running text at all.

Length alone never decides: a gov notice of two sentences is an article (its sentences are not
links), and a long related-links list under a story is not text (its lines are links). Three shapes
make a list: no running text among many item links; a body whose blocks each follow their own item
link; a body that is one of many like-classed short texts elsewhere on the page (result items)."""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass

from lxml import etree

from yuqing.extract.blocks import Block, blocks_of, chains, parse
from yuqing.extract.body import ITEM_CHARS, LINK_DENSE, find_body, item_link, snippets
from yuqing.extract.decode import DecodeFailure, decode

MIN_RUNNING = 30  # characters of running text below which a body is not text
LIST_LINKS = 10  # item links on a page without running text that make it a list, not a stub
SNIPPETS = 5  # body blocks each following an item link that make the body a result list ...
SNIPPET_SHARE = 0.5  # ... when at least half the body's blocks follow one
REPEATS = 8  # like-classed text elements elsewhere on the page that make the body one item ...
REPEAT_CHARS = 200  # ... when their median text is this short (snippets, not blog posts) ...
REPEAT_LIKE = 4  # ... and the body's own text at most this many times as long (not a thread's post)
REPEAT_LEVELS = 3  # the body element and its ancestors compared with the rest of the page
FOOTER_CHARS = 100  # a body this short below every item link of a list-like page is its footer
_SENTENCE = re.compile(r"[，。！？；,.!?;]")  # not ：、| — labels and footers have those


@dataclass(frozen=True)
class Shape:
    """What the body search found: running text, and the item links around and inside it."""

    running_chars: int  # non-link characters of the body's blocks that hold a sentence mark
    text_blocks: int  # the body's blocks that hold a sentence mark
    interleaved_links: int  # body blocks following their own item link (snippets of a list)
    page_links: int  # item links on the whole page
    repeats: int = 0  # like-classed short texts elsewhere on the page (0 when none)
    below_links: bool = False  # the body starts after the page's last item link

    @property
    def listing(self) -> bool:
        """The page is shaped like a list whatever its text: snippets after item links, one of many
        like items, a footer under the links."""
        return self._snippets() or self.repeats >= REPEATS or self._footer()

    @property
    def kind(self) -> str:
        """``"article"``, ``"list"`` (links with snippets or nothing) or ``"empty"`` (no text)."""
        if self.listing:
            return "list"
        if self.running_chars >= MIN_RUNNING:
            return "article"
        return "list" if self.page_links >= LIST_LINKS else "empty"

    def _footer(self) -> bool:
        return self.below_links and self.running_chars < FOOTER_CHARS and self.page_links >= LIST_LINKS

    def _snippets(self) -> bool:
        return self.interleaved_links >= max(SNIPPETS, SNIPPET_SHARE * self.text_blocks)

    def why(self) -> str:
        """The reason, in a sentence, for a page that is not an article."""
        if self._snippets():
            return (
                f"a list page, not an article: {self.interleaved_links} of its {self.text_blocks} "
                "text blocks are snippets, each after an item link"
            )
        if self.repeats >= REPEATS:
            return f"a list page, not an article: its text is one of {self.repeats} like items"
        if self._footer():
            return (
                f"a list page, not an article: {self.page_links} item links above a footer of "
                f"{self.running_chars} characters"
            )
        lacking = f"no running text ({self.running_chars} characters of sentences outside links)"
        if self.kind == "list":
            return f"a list page, not an article: {self.page_links} item links and {lacking}"
        return lacking


def sentence_chars(lines: list[str]) -> int:
    """Characters of the lines that hold a sentence mark: the running text of plain paragraphs."""
    return sum(len(line.replace(" ", "")) for line in lines if _SENTENCE.search(line))


def shape_of(
    blocks: list[Block],
    body: list[Block],
    element: etree._Element | None = None,
    paths: list[tuple[etree._Element, ...]] | None = None,
) -> Shape:
    """The shape of a page whose body search returned ``body`` (a sublist of ``blocks``) inside
    ``element``; ``paths`` are the blocks' ancestor chains (blocks.chains) when known."""
    sentences = [b for b in body if _SENTENCE.search(b.text)]
    running = sum(b.chars - b.link_chars for b in sentences)
    page = blocks[0].element.getroottree().getroot() if blocks else None
    below = bool(body) and not any(item_link(b) for b in blocks[_index(blocks, body[0]) :])
    return Shape(
        running,
        len(sentences),
        _interleaved(blocks, body),
        _items(page),
        _repeats(blocks, element, paths),
        below,
    )


def _index(blocks: list[Block], block: Block) -> int:
    return next(i for i, b in enumerate(blocks) if b is block)


def _interleaved(blocks: list[Block], body: list[Block]) -> int:
    """Body blocks with a sentence that follow their own item link: in a result list nearly every
    snippet does; in an article only the first paragraph after an inline 推荐阅读 box."""
    index = {id(b): i for i, b in enumerate(blocks)}
    marks = snippets(blocks, [index[id(b)] for b in body])
    return sum(mark for b, mark in zip(body, marks, strict=True) if _SENTENCE.search(b.text))


def _repeats(
    blocks: list[Block], element: etree._Element | None, paths: list[tuple[etree._Element, ...]] | None
) -> int:
    """Elements with the class of the body element (or of one of its nearest ancestors) that hold
    short running text elsewhere on the page, under other parents, when the body is no longer than
    they are: search results and thread lists repeat one item template; an article's container is
    one of a kind, and a forum thread's first post is longer than its replies. 0 when none."""
    if element is None:
        return 0
    texty: dict[etree._Element, int] = {}
    for b, path in zip(blocks, paths if paths is not None else chains(blocks), strict=True):
        if b.link_density < LINK_DENSE and _SENTENCE.search(b.text):
            for el in path:
                texty[el] = texty.get(el, 0) + b.chars
    root = element.getroottree().getroot()
    node: etree._Element | None = element
    for _ in range(REPEAT_LEVELS):
        if node is None or node.tag in ("body", "html"):
            break
        if name := node.get("class"):
            parent = node.getparent()
            like = [
                texty[e]
                for e in root.iter(node.tag)
                if e.get("class") == name
                and texty.get(e, 0) >= MIN_RUNNING // 2
                and e.getparent() is not parent
            ]
            median = statistics.median(like) if len(like) >= REPEATS else REPEAT_CHARS
            if median < REPEAT_CHARS and texty.get(node, 0) <= REPEAT_LIKE * median:
                return len(like)
        node = node.getparent()
    return 0


def _items(el: etree._Element | None) -> int:
    """Links on the page whose text is long enough to name an item."""
    if el is None:
        return 0
    found = el.xpath(f"count(//a[@href][string-length(normalize-space(.)) >= {ITEM_CHARS}])")
    return int(found) if isinstance(found, float) else 0


def page_kind(page: bytes, url: str) -> str:
    """``"article"`` or ``"list"``; binary or undecodable pages count as lists (nothing to read)."""
    del url  # part of the interface: a future rule may use URL shapes (index.html, /list_2.htm)
    try:
        text, _ = decode(page)
    except DecodeFailure:
        return "list"
    return kind_of(parse(text))


def kind_of(root: etree._Element) -> str:
    """``"article"`` when the page has running text, else ``"list"``."""
    blocks = blocks_of(root)
    body = find_body(blocks)
    kind = shape_of(blocks, body.blocks, body.element, body.paths).kind
    return "article" if kind == "article" else "list"
