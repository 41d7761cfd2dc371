"""Read a page's article text where it is: in the visible markup first; in parts hidden by CSS
until a script shows them (WeChat's #js_content); in a script's data (JSON state, a JavaScript object,
JSON-LD articleBody) when the markup holds no article, or less text than the hidden or scripted one
adds to the page (the visible text is then comments or teasers; a copy of the visible text adds
nothing). Only pages whose markup gives little text are read twice."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from lxml import etree

from yuqing.extract.blocks import Block, blocks_of, hidden_chars, parse
from yuqing.extract.body import find_body
from yuqing.extract.guard import parsed
from yuqing.extract.kind import Shape, sentence_chars, shape_of
from yuqing.extract.scripted import script_paragraphs
from yuqing.extract.select import select
from yuqing.extract.selectors import Selectors

FULL_TEXT = 1000  # characters of running text above which a body is not looked for elsewhere
MIN_NEW_CHARS = 100  # running text, new to the page, a hidden part or a script needs to be a body
REVEAL_CHARS = 100  # a hidden part with this much text may be a body a script would show


@dataclass(frozen=True)
class Reading:
    root: etree._Element  # the parsed page the body was found in
    blocks: list[Block]  # all its text blocks
    body: list[Block]  # the body's blocks (empty when the text came from a script)
    shape: Shape  # what the body search found in the markup
    scripted: list[str] = field(default_factory=list)  # paragraphs read from a script, if any


def read(text: str, selectors: Selectors, url: str) -> Reading:
    """The article body of a decoded page (made safe by guard.prepare); selectors, when given,
    decide alone. Raises ExtractError ``empty`` when the page holds no document."""
    root = parsed(text, url, parse)
    blocks = blocks_of(root)
    if chosen := select(root, selectors.body):
        inside = {id(el) for top in chosen for el in top.iter()}
        selected = [b for b in blocks if id(b.element) in inside]
        return Reading(root, blocks, selected, shape_of(blocks, selected, chosen[0]))
    best = _reading(root, blocks)
    if best.shape.kind == "article" and best.shape.running_chars >= FULL_TEXT:
        return best
    seen = _grams(b.text for b in blocks)
    if hidden_chars(root) >= REVEAL_CHARS:  # else revealing would change nothing
        shown = _reading(parsed(text, url, lambda page: parse(page, reveal=REVEAL_CHARS)))
        if shown.shape.kind == "article" and _beats(_new([b.text for b in shown.body], seen), best):
            best = shown
    if (best.shape.kind == "article" and best.shape.running_chars >= FULL_TEXT) or best.shape.listing:
        return best
    scripted = script_paragraphs(text)
    if _beats(_new(scripted, seen), best):
        return Reading(best.root, best.blocks, [], best.shape, scripted)
    return best


def _reading(root: etree._Element, blocks: list[Block] | None = None) -> Reading:
    blocks = blocks_of(root) if blocks is None else blocks
    body = find_body(blocks)
    return Reading(root, blocks, body.blocks, shape_of(blocks, body.blocks, body.element, body.paths))


def _grams(texts: Iterable[str]) -> set[str]:
    grams: set[str] = set()
    for text in texts:
        flat = "".join(text.split())
        grams.update(flat[i : i + 2] for i in range(len(flat) - 1))
    return grams


def _new(lines: list[str], seen: set[str]) -> int:
    """Characters of running text in ``lines`` not already on the visible page (a hidden or
    scripted copy of the visible text, or a gallery's captions, bring nothing new)."""
    running = sentence_chars(lines)
    grams = _grams(lines)
    return round(running * len(grams - seen) / len(grams)) if grams else 0


def _beats(new: int, than: Reading) -> bool:
    """Whether ``new`` characters of text not on the visible page beat what ``than`` found."""
    if new < MIN_NEW_CHARS:
        return False
    return than.shape.kind != "article" or new >= than.shape.running_chars
