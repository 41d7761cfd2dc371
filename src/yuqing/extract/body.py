"""Find the article body: the element whose text blocks carry the most running text and the least
link text and short labels. Chinese running text is dense in ，。 so punctuation weighs in the score."""

from __future__ import annotations

from collections import defaultdict

from lxml import etree

from yuqing.extract.blocks import Block

# Weights, tuned on zh_cwced_dev and checked on the English benchmark (see tests/test_extract_quality.py).
LINK_PENALTY = 1.5  # each link character costs this much: menus and related-news lists are links
LABEL_PENALTY = 6.0  # a short block without punctuation (a menu item, a label) costs this much
LINK_DENSE = 0.5  # blocks with at least this link share are navigation, not text


def block_value(block: Block) -> float:
    """How much a block looks like article text (positive) or page furniture (negative)."""
    own = block.chars - block.link_chars
    if block.link_density >= LINK_DENSE:
        return -LINK_PENALTY * block.link_chars - 1
    if block.punct == 0 and own < 20:
        return -LABEL_PENALTY
    bonus = 1.0 + min(block.punct, 10) / 10
    return own * bonus - LINK_PENALTY * block.link_chars


def best_element(blocks: list[Block]) -> etree._Element | None:
    """The element maximising the sum of its blocks' values (a maximum-subtree search)."""
    score: dict[etree._Element, float] = defaultdict(float)
    for block in blocks:
        value = block_value(block)
        el: etree._Element | None = block.element
        while el is not None:
            score[el] += value
            el = el.getparent()
    if not score:
        return None
    best = max(score.items(), key=lambda item: item[1])
    return best[0] if best[1] > 0 else None


def body_blocks(blocks: list[Block], container: etree._Element | None = None) -> list[Block]:
    """Text blocks of the article body (inside ``container`` when a selector gave one), without
    link lists; empty when no body is found."""
    best = container if container is not None else best_element(blocks)
    if best is None:
        return []
    inside = {id(el) for el in best.iter()}
    return [b for b in blocks if id(b.element) in inside and b.link_density < LINK_DENSE]
