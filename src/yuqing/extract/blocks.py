"""A parsed page as a sequence of text blocks: the runs of text between block-level boundaries,
each with its link share and the element holding it. Body scoring and list detection work on these."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree, html

_BLOCKS = "p div br li ul ol tr td th table section article blockquote pre dd dt dl header main figure "
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
BLOCK_TAGS = (
    frozenset(f"{_BLOCKS} figcaption center form hr address caption tbody thead tfoot".split()) | HEADINGS
)
# Never text of an article: code, styling, widgets, and the HTML5 parts that are page chrome.
_DROP = "script style noscript iframe object embed svg canvas template select textarea button input "
DROP_TAGS = f"{_DROP} nav aside footer link video audio map label".split()
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_SPACE = re.compile(r"\s+")
# </body> and </html> before the end of a page: libxml2 drops or misplaces what follows them (a
# stray </html> above the body is a common CMS fault); the parser closes both at the end anyway.
_EARLY_END = re.compile(r"</\s*(?:body|html)\s*>", re.I)
PUNCT = re.compile(r"[，。！？；、：,.!?;]")


@dataclass
class Block:
    """One run of text. ``chars`` counts non-space characters; ``link_chars`` those inside <a>."""

    text: str
    chars: int
    link_chars: int
    element: etree._Element
    heading: bool = False
    lead_link_chars: int = 0  # characters of the link the block starts with (a snippet's title)
    punct: int = field(init=False)

    def __post_init__(self) -> None:
        self.punct = len(PUNCT.findall(self.text))

    @property
    def link_density(self) -> float:
        return self.link_chars / self.chars if self.chars else 0.0


HIDDEN_CHARS = "data-yuqing-hidden-chars"  # set on the root by parse: see hidden_chars


def parse(text: str, *, reveal: int | None = None) -> html.HtmlElement:
    """Parse a page and drop what is never article text: scripts, widgets, comments, and parts
    hidden by CSS or the ``hidden`` attribute — except, when ``reveal`` is given, hidden parts with
    at least that many characters of text (some pages hide their body until a script shows it,
    e.g. WeChat's #js_content; their small hidden menus and cards stay out)."""
    text = re.sub(r"^\s*<\?xml[^>]*>", "", text)  # lxml refuses str input with an encoding declaration
    text = _EARLY_END.sub("", text)
    root = html.document_fromstring(text or "<html></html>", parser=html.HTMLParser(remove_comments=True))
    etree.strip_elements(root, *DROP_TAGS, with_tail=False)
    largest = 0
    for el in root.xpath("//*[@style or @hidden]"):
        hidden = el.get("hidden") is not None or _HIDDEN.search(el.get("style", ""))
        if not hidden or el.getparent() is None:
            continue
        chars = len(_SPACE.sub("", el.text_content()))
        largest = max(largest, chars)
        if reveal is None or chars < reveal:
            el.drop_tree()
    root.set(HIDDEN_CHARS, str(largest))
    return root


def hidden_chars(root: html.HtmlElement) -> int:
    """Characters of text in the largest part ``parse`` found hidden (kept or dropped): a page
    whose hidden parts are all smaller than ``reveal`` parses the same with it."""
    return int(root.get(HIDDEN_CHARS, "0"))


def chains(blocks: list[Block]) -> list[tuple[etree._Element, ...]]:
    """Per block, its element and that element's ancestors up to the root (shared tuples: one
    walk up the tree per distinct element, whatever the number of blocks)."""
    memo: dict[etree._Element, tuple[etree._Element, ...]] = {}

    def chain(el: etree._Element) -> tuple[etree._Element, ...]:
        path = []
        node: etree._Element | None = el
        while node is not None and node not in memo:
            path.append(node)
            node = node.getparent()
        tail = memo[node] if node is not None else ()
        for item in reversed(path):
            tail = memo[item] = (item, *tail)
        return tail

    return [chain(b.element) for b in blocks]


def _is_link(el: etree._Element) -> bool:
    """An <a> with an address; <a name=…> anchors, often left unclosed, hold text, not links."""
    return el.tag == "a" and el.get("href") is not None


def blocks_of(root: etree._Element) -> list[Block]:
    """All text blocks under ``root`` in document order."""
    out: list[Block] = []
    parts: list[str] = []
    link = [0, 0, -1]  # depth inside <a>, link characters of the block, those it starts with
    body = root.find("body")
    root = body if body is not None else root  # <head> holds no article text
    stack: list[etree._Element] = [root]

    def flush() -> None:
        text = " ".join("".join(parts).split())  # str.split's whitespace is re's \s: the same, faster
        if text:
            chars = len(text.replace(" ", ""))
            owner = stack[-1]
            lead = link[2] if link[2] >= 0 else link[1]
            out.append(
                Block(text, chars, min(link[1], chars), owner, owner.tag in HEADINGS, min(lead, chars))
            )
        parts.clear()
        link[1], link[2] = 0, -1

    def add(text: str | None) -> None:
        if not text:
            return
        parts.append(text)
        size = len("".join(text.split()))
        if link[0]:
            link[1] += size
        elif size and link[2] < 0:  # the first text outside a link ends the lead
            link[2] = link[1]

    for event, el in etree.iterwalk(root, events=("start", "end")):
        tag = el.tag if isinstance(el.tag, str) else ""
        if event == "start":
            if tag in BLOCK_TAGS:
                flush()
                stack.append(el)
            link[0] += _is_link(el)
            if tag:  # comments and processing instructions carry no page text
                add(el.text)
            continue
        if tag in BLOCK_TAGS:
            flush()
            stack.pop()
        link[0] -= _is_link(el)
        if el is not root:
            add(el.tail)
    flush()
    return out
