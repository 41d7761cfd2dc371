"""Find the article body in two steps. The block model (model.py) gives each text block the
probability p that it is article text. Then the body is the element whose blocks, weighted by their
characters, carry the most evidence of text: the maximum over elements of sum(chars × (p − CENTER))
— one region, so a stray block of text in a sidebar cannot join the article. Inside that element
the blocks the model accepts (p > KEEP, or p > SENTENCE_KEEP for a sentence) that are not link
lists are the body, less a related-items list closing it.

The structural step is the classic maximum-subtree search of density extractors (CETD, and
yuqing's earlier hand-weighted version); the model replaces the hand-set block values."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
from lxml import etree

from yuqing.extract.blocks import Block, chains
from yuqing.extract.boilerplate import END_MIN_CHARS, hard_end
from yuqing.extract.features import block_features
from yuqing.extract.model import BlockModel, block_model

CENTER = 0.3  # a block below this probability counts against the element holding it
KEEP = 0.3  # blocks inside the body element kept as text ...
SENTENCE_KEEP = 0.1  # ... and, above this, those holding a sentence of at least SENTENCE_CHARS
SENTENCE_CHARS = 20
_SENTENCE = re.compile(r"[。！？!?；，、,]")
LINK_DENSE = 0.5  # blocks with at least this link share are link lists, never text
ITEM_CHARS = 8  # a link whose text is this long names an item; shorter ones are menus and pagers
TAIL_SNIPPETS = 2  # this many snippets ending the body are a related-items list, not text


@dataclass(frozen=True)
class Body:
    """The blocks of the article text, the element holding them, and every block's probability."""

    blocks: list[Block]
    element: etree._Element | None
    probabilities: np.ndarray  # shape (n_blocks of the page,)
    paths: list[tuple[etree._Element, ...]]  # every block's element and its ancestors


def find_body(
    blocks: list[Block], container: etree._Element | None = None, model: BlockModel | None = None
) -> Body:
    """The article body among ``blocks`` (inside ``container`` when a selector gave one), by
    ``model`` (the shipped one unless given)."""
    paths = chains(blocks)
    p = (model or block_model()).probabilities(block_features(blocks, paths))
    best = container if container is not None else best_element(blocks, p, paths)
    if best is None:
        return Body([], None, p, paths)
    chosen = [
        i
        for i, (b, prob) in enumerate(zip(blocks, p, strict=True))
        if best in paths[i] and b.link_density < LINK_DENSE and (container is not None or _kept(b, prob))
    ]
    if container is None:
        chosen = _without_tail_snippets(blocks, _before_hard_end(blocks, chosen, best, paths))
    return Body([blocks[i] for i in chosen], best, p, paths)


def _kept(block: Block, prob: float) -> bool:
    """Inside the body element: what the model accepts, and sentences it does not reject outright
    (a lead paragraph styled apart, a table row of text)."""
    if prob > KEEP:
        return True
    return prob > SENTENCE_KEEP and block.chars >= SENTENCE_CHARS and bool(_SENTENCE.search(block.text))


def item_link(block: Block) -> bool:
    """A block that is a link naming an item (a headline in a list), not a menu word."""
    return block.link_density >= LINK_DENSE and block.link_chars >= ITEM_CHARS


def snippets(blocks: list[Block], chosen: list[int]) -> list[bool]:
    """Per chosen block: does it follow its own item link (a link block since the previous chosen
    block, or a link it starts with)? That is the shape of a result list's summary."""
    out = []
    previous = -1
    for i in chosen:
        gap = blocks[previous + 1 : i] if previous >= 0 else []
        out.append(blocks[i].lead_link_chars >= ITEM_CHARS or any(item_link(b) for b in gap))
        previous = i
    return out


def _before_hard_end(
    blocks: list[Block], chosen: list[int], best: etree._Element, paths: list[tuple[etree._Element, ...]]
) -> list[int]:
    """The chosen blocks above the first comment box, 上一篇/下一篇 or copyright line inside the
    body element, whether the model kept that line or not (the comments under a story look like
    text to it)."""
    if not chosen:
        return chosen
    kept = set(chosen)
    seen = 0
    for i in range(chosen[0], chosen[-1] + 1):
        if best not in paths[i]:
            continue
        if seen >= END_MIN_CHARS and hard_end(blocks[i].text):
            return [c for c in chosen if c < i]
        seen += blocks[i].chars if i in kept else 0
    return chosen


def _without_tail_snippets(blocks: list[Block], chosen: list[int]) -> list[int]:
    """The body without a related-items list at its end (您可能感兴趣的文章 with summaries: each
    summary after its headline link), which the container often holds too."""
    marks = snippets(blocks, chosen)
    run = 0
    while run < len(marks) and marks[len(marks) - 1 - run]:
        run += 1
    return chosen[: len(chosen) - run] if TAIL_SNIPPETS <= run < len(chosen) else chosen


def lines(blocks: list[Block]) -> list[str]:
    """The body's text, one line per block, except that the cells of one table row make one line
    ("1 市第一人民医院 东城区"): a data table in a notice stays readable."""
    out: list[str] = []
    row: etree._Element | None = None
    for b in blocks:
        cell = b.element.tag in ("td", "th")
        parent = b.element.getparent() if cell else None
        if cell and parent is not None and parent is row:
            out[-1] = f"{out[-1]} {b.text}"
        else:
            out.append(b.text)
        row = parent
    return out


def body_blocks(blocks: list[Block], container: etree._Element | None = None) -> list[Block]:
    """Text blocks of the article body; empty when no body is found."""
    return find_body(blocks, container).blocks


def best_element(
    blocks: list[Block], p: np.ndarray, paths: list[tuple[etree._Element, ...]]
) -> etree._Element | None:
    """The element maximising sum(chars × (p − CENTER)) over its blocks; None when no element
    scores above zero (no block looks like text). ``paths``: blocks.chains(blocks)."""
    score: dict[etree._Element, float] = {}
    for block, prob, path in zip(blocks, p, paths, strict=True):
        value = block.chars * (float(prob) - CENTER)
        for el in path:
            score[el] = score.get(el, 0.0) + value
    if not score:
        return None
    best, value = max(score.items(), key=lambda item: item[1])
    return best if value > 0 else None
