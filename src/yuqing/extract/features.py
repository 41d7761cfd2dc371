"""What the block model sees of each text block: its text (length, link share, punctuation, Chinese
boilerplate words), its markup (tag, list or table, depth, the class/id words of its ancestors), its
containers (text, links and punctuation of the parent and grandparent subtrees) and its neighbours.

Every feature is generic: no site name, no page-specific class. The class/id word groups are the
usual content/boilerplate vocabulary of HTML templates (the same idea as readability's
``positive``/``negative`` patterns and boilerpipe's block features); the model learns their weights.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from lxml import etree

from yuqing.extract.blocks import Block, chains
from yuqing.extract.boilerplate import end_marker, is_junk, is_metadata

# Class/id word groups, matched as substrings of the lower-cased class and id of each ancestor.
WORD_GROUPS: dict[str, str] = {
    "content": r"article|content|text|body|main|detail|post|entry|story|zhengwen|cont|artic|news_?txt",
    "nav": r"nav|menu|crumb|channel|breadcrumb|topbar|header|head|logo|search|login",
    "footer": r"foot|copyright|bottom|beian|about|contact",
    "comment": r"comment|reply|discuss|pinglun|review|feedback|message",
    "related": r"relat|recommend|hot|rank|more|tuijian|xiangguan|guess|also|popular|top\d|list|links?\b",
    "share": r"share|tool|print|fav|social|follow|qrcode|ewm|weixin|wechat",
    "side": r"side|aside|widget|float|fixed|popup|modal",
    "ad": r"\bad|ads\b|advert|banner|sponsor|promo|gg_|guanggao",
    "meta": r"author|info|meta|source|time|date|byline|editor|laiyuan|subtitle|title",
    "page": r"page|pager|pagination|next|prev",
}
# One pass over a class/id string finds every group (each group a named alternative).
_GROUPS = re.compile("|".join(f"(?P<g{i}>{p})" for i, p in enumerate(WORD_GROUPS.values())))
_GROUP_INDEX = {f"g{i}": i for i in range(len(WORD_GROUPS))}
_ANCESTORS = 12  # levels searched for class/id words
_TAGS = ("p", "div", "td", "li", "span", "dd", "h", "br", "other")
_SENTENCE_END = re.compile(r"[。！？!?；]")
_COMMA = re.compile(r"[，、,]")
_DIGIT = re.compile(r"\d")
_CJK = re.compile(r"[\u3400-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")
_SEPARATOR = re.compile(r"[|｜>»/·•]")
_DATE = re.compile(r"(?:19|20)\d\d\s*[-/.年]\s*\d{1,2}|\d{1,2}:\d{2}")
_CLOSES = ("。", "！", "？", "”", "」", ".", "!", "?", "…", "）", ")")


@dataclass
class _Tree:
    """Totals of each element's subtree over the blocks it holds: [chars, link chars, punctuation,
    blocks]."""

    totals: dict[etree._Element, list[float]]

    def of(self, el: etree._Element | None) -> list[float] | None:
        return self.totals.get(el) if el is not None else None


def _totals(blocks: list[Block], paths: list[tuple[etree._Element, ...]]) -> _Tree:
    totals: dict[etree._Element, list[float]] = {}
    for b, path in zip(blocks, paths, strict=True):
        for el in path:
            acc = totals.get(el)
            if acc is None:
                totals[el] = [b.chars, b.link_chars, b.punct, 1.0]
            else:
                acc[0] += b.chars
                acc[1] += b.link_chars
                acc[2] += b.punct
                acc[3] += 1
    return _Tree(totals)


_NO_WORDS = [False] * len(WORD_GROUPS)


def _words(el: etree._Element) -> list[bool]:
    names = f"{el.get('class') or ''} {el.get('id') or ''}"
    return _NO_WORDS if names == " " else _groups(names)


@lru_cache(maxsize=4096)  # a template repeats its class names on every page of a site
def _groups(names: str) -> list[bool]:
    names = names.lower()
    hits = list(_NO_WORDS)
    for m in _GROUPS.finditer(names):
        hits[_GROUP_INDEX[m.lastgroup or ""]] = True
    return hits


_FAR = 1_000  # distance of a word group, list or table that no ancestor carries


def _distances(path: tuple[etree._Element, ...], memo: dict[etree._Element, list[int]]) -> list[int]:
    """Per element of ``path`` (the element first): distance to the nearest ancestor-or-self
    carrying each word group, then to a list, a table and a link, then the depth. Computed from the
    root down, once per element of the page."""
    todo = []
    for el in path:
        if el in memo:
            break
        todo.append(el)
    above = memo[path[len(todo)]] if len(todo) < len(path) else [_FAR] * (len(WORD_GROUPS) + 3) + [-1]
    for el in reversed(todo):
        tag = el.tag if isinstance(el.tag, str) else ""
        marks = [
            *_words(el),
            tag in ("li", "ul", "ol", "dl"),
            tag in ("td", "tr", "table"),
            tag == "a" and el.get("href") is not None,
        ]
        above = memo[el] = [
            0 if hit else d + 1 if d < _FAR else _FAR for hit, d in zip(marks, above, strict=False)
        ] + [above[-1] + 1]
    return memo[path[0]]


def _ancestry(path: tuple[etree._Element, ...], memo: dict[etree._Element, list[int]]) -> list[float]:
    """Per word group, 1/(1+distance) to the nearest ancestor carrying it (within _ANCESTORS
    levels); then inside a list or table (within 4 levels), inside a link, log depth."""
    d = _distances(path, memo)
    groups = len(WORD_GROUPS)
    found = [1.0 / (1 + x) if x < _ANCESTORS else 0.0 for x in d[:groups]]
    in_list, in_table, in_link = d[groups] < 4, d[groups + 1] < 4, d[groups + 2] < _FAR
    return [*found, float(in_list), float(in_table), float(in_link), math.log1p(d[-1] + 1)]


def _tag(el: etree._Element) -> str:
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
        return "h"
    return tag if tag in _TAGS else "other"


def _count(rx: re.Pattern[str], text: str) -> int:
    """Matches of a one-character class in ``text`` (without building a list of them)."""
    return len(text) - len(rx.sub("", text))


def _text(b: Block) -> list[float]:
    text = b.text
    n = max(b.chars, 1)
    return [
        math.log1p(b.chars),
        math.log1p(b.chars - b.link_chars),
        b.link_density,
        min(b.punct / n * 10, 3.0),
        math.log1p(_count(_SENTENCE_END, text)),
        math.log1p(_count(_COMMA, text)),
        1.0 if text.rstrip().endswith(_CLOSES) else 0.0,
        _count(_DIGIT, text) / n,
        _count(_CJK, text) / n,
        _count(_LATIN, text) / n,
        min(_count(_SEPARATOR, text) / n * 10, 3.0),
        1.0 if _DATE.search(text) else 0.0,
        1.0 if b.chars <= 80 and is_metadata(text) and not _COMMA.search(text) else 0.0,
        1.0 if end_marker(text) else 0.0,
        1.0 if is_junk(text) else 0.0,
        1.0 if b.heading else 0.0,
    ]


TEXT_NAMES = [
    "log_chars",
    "log_own",
    "link_density",
    "punct_per_10",
    "sentence_ends",
    "commas",
    "closes",
    "digits",
    "cjk",
    "latin",
    "separators",
    "date_like",
    "metadata_line",
    "end_marker",
    "junk_line",
    "heading",
]
ANCESTRY_NAMES = [f"class_{g}" for g in WORD_GROUPS] + ["in_list", "in_table", "in_link", "log_depth"]
CONTAINER_NAMES = [
    f"{level}_{name}"
    for level in ("parent", "grand")
    for name in ("log_chars", "link_density", "punct_per_10", "log_blocks")
]
NEIGHBOUR_NAMES = [
    f"{side}_{name}"
    for side in ("prev", "next", "prev2", "next2")
    for name in ("log_chars", "link_density", "punct_per_10")
]
FEATURE_NAMES = [
    *TEXT_NAMES,
    *[f"tag_{t}" for t in _TAGS],
    *ANCESTRY_NAMES,
    *CONTAINER_NAMES,
    *NEIGHBOUR_NAMES,
    "position",
    "chars_before",
    "page_share",
    "in_densest",
    "share_of_longest",
    "share_of_most_punct",
]


def _container(totals: list[float] | None) -> list[float]:
    if totals is None:
        return [0.0, 0.0, 0.0, 0.0]
    chars, links, punct, count = totals
    return [
        math.log1p(chars),
        links / chars if chars else 0.0,
        min(punct / max(chars, 1) * 10, 3.0),
        math.log1p(count),
    ]


def _densest(paths: list[tuple[etree._Element, ...]], tree: _Tree) -> set[int]:
    """Blocks inside the subtree holding the most punctuated non-link text: the classic
    text-density choice, given to the model as one more opinion."""
    best: etree._Element | None = None
    best_value = 0.0
    for el, (chars, links, punct, _) in tree.totals.items():
        value = (chars - 2 * links) * min(punct / max(chars, 1) * 10, 1.0)
        if value > best_value:
            best, best_value = el, value
    return {i for i, path in enumerate(paths) if best in path} if best is not None else set()


def block_features(blocks: list[Block], paths: list[tuple[etree._Element, ...]] | None = None) -> np.ndarray:
    """The feature matrix of a page's blocks: shape (len(blocks), len(FEATURE_NAMES)), float64.
    ``paths`` are the blocks' ancestor chains (blocks.chains), computed here when not given."""
    if not blocks:
        return np.zeros((0, len(FEATURE_NAMES)))
    paths = paths if paths is not None else chains(blocks)
    tree = _totals(blocks, paths)
    memo: dict[etree._Element, list[int]] = {}
    owners: dict[etree._Element, list[float]] = {}
    total = sum(b.chars for b in blocks) or 1
    densest = _densest(paths, tree)
    own = [_text(b) for b in blocks]
    quick = [[r[0], r[2], r[3]] for r in own]
    rows = []
    before = 0
    n = len(blocks)
    # relative to the page's best text block: on a short article every block is short
    longest = max((b.chars - b.link_chars for b in blocks), default=0) or 1
    most_punct = max((b.punct for b in blocks if b.link_density < 0.5), default=0) or 1
    for i, b in enumerate(blocks):
        el = b.element
        if el not in owners:
            tag = _tag(el)
            path = paths[i]
            owners[el] = (
                [1.0 if tag == t else 0.0 for t in _TAGS]
                + _ancestry(path, memo)
                + _container(tree.of(path[1] if len(path) > 1 else None))
                + _container(tree.of(path[2] if len(path) > 2 else None))
            )
        neighbours = [
            v for j in (i - 1, i + 1, i - 2, i + 2) for v in (quick[j] if 0 <= j < n else [0.0, 1.0, 0.0])
        ]
        rows.append(
            own[i]
            + owners[el]
            + neighbours
            + [i / n, before / total, b.chars / total, 1.0 if i in densest else 0.0]
            + [(b.chars - b.link_chars) / longest, b.punct / most_punct if b.link_density < 0.5 else 0.0]
        )
        before += b.chars
    return np.asarray(rows, dtype=np.float64)
