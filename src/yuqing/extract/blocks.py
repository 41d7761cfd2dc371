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
PUNCT = re.compile(r"[，。！？；、：,.!?;]")


@dataclass
class Block:
    """One run of text. ``chars`` counts non-space characters; ``link_chars`` those inside <a>."""

    text: str
    chars: int
    link_chars: int
    element: etree._Element
    heading: bool = False
    punct: int = field(init=False)

    def __post_init__(self) -> None:
        self.punct = len(PUNCT.findall(self.text))

    @property
    def link_density(self) -> float:
        return self.link_chars / self.chars if self.chars else 0.0


def parse(text: str) -> html.HtmlElement:
    """Parse a page and drop what is never article text (scripts, widgets, hidden parts, comments)."""
    text = re.sub(r"^\s*<\?xml[^>]*>", "", text)  # lxml refuses str input with an encoding declaration
    root = html.document_fromstring(text or "<html></html>", parser=html.HTMLParser(remove_comments=True))
    etree.strip_elements(root, *DROP_TAGS, with_tail=False)
    for el in root.xpath("//*[@style or @hidden]"):
        if (
            el.get("hidden") is not None or _HIDDEN.search(el.get("style", ""))
        ) and el.getparent() is not None:
            el.drop_tree()
    return root


def blocks_of(root: etree._Element) -> list[Block]:
    """All text blocks under ``root`` in document order."""
    out: list[Block] = []
    parts: list[str] = []
    link = [0, 0]  # depth inside <a>, characters seen inside <a> for the current block
    body = root.find("body")
    root = body if body is not None else root  # <head> holds no article text
    stack: list[etree._Element] = [root]

    def flush() -> None:
        text = _SPACE.sub(" ", "".join(parts)).strip()
        if text:
            chars = len(text.replace(" ", ""))
            owner = stack[-1]
            out.append(Block(text, chars, min(link[1], chars), owner, owner.tag in HEADINGS))
        parts.clear()
        link[1] = 0

    def add(text: str | None) -> None:
        if text:
            parts.append(text)
            if link[0]:
                link[1] += len(_SPACE.sub("", text))

    for event, el in etree.iterwalk(root, events=("start", "end")):
        tag = el.tag if isinstance(el.tag, str) else ""
        if event == "start":
            if tag in BLOCK_TAGS:
                flush()
                stack.append(el)
            link[0] += tag == "a"
            if tag:  # comments and processing instructions carry no page text
                add(el.text)
            continue
        if tag in BLOCK_TAGS:
            flush()
            stack.pop()
        link[0] -= tag == "a"
        if el is not root:
            add(el.tail)
    flush()
    return out
