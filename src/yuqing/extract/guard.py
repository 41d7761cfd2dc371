"""Bounds on the work one page may cost, checked before and while it is parsed.

- ``too_large``: a page over the size limit is refused before decoding (a 50 MB page peaked at
  1.4 GB parsed; a news article is rarely over 1 MB).
- attribute floods: libxml2's HTML parser checks each attribute of a tag against all earlier
  ones, so one tag with 40,000 attributes took 16 s to parse (quadratic). Tags keep their first
  ``MAX_ATTRIBUTES``; no real page needs more.
- ``empty``: bytes that hold no document at all (a space, ``\\r\\n``, a lone doctype or comment)
  are named as such instead of failing inside the parser.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from lxml import etree, html

from yuqing.errors import ExtractError

MAX_PAGE_BYTES = 10 * 1024 * 1024  # the default of the collect.max_mb download limit
MAX_ATTRIBUTES = 256
MAX_TAGS = 100_000
TRAFILATURA_MAX_ELEMENTS = 3_000
HTMLDATE_MAX_ELEMENTS = 10_000
# One attribute as libxml2 reads it, else a run of stray characters (a broken quote, a lone '=',
# a '<': a tag ends only at '>'), so no junk hides the rest of a flood; atomic and possessive, so
# scanning is linear whatever the markup.
_TOKEN = (
    r"(?>\s++[^\s=>]++(?:\s*+=\s*+(?:\"[^\"]*+\"|'[^']*+'|[^\s\"'>]*+))?+"
    r"|\s*+[^\s>]++)"
)
# Raw-text elements hold no tags: skipped whole (to the end of the page when never closed).
_RAW = "script|style|xmp|iframe|noembed|noframes|title|textarea|plaintext"
_FLOODED_TAG = re.compile(  # starts with a literal '<' so the search skips text quickly
    rf"<(?:(?P<raw>{_RAW})\b(?:[^<]++|<(?!/(?P=raw)\b))*+(?:</(?P=raw)\s*>|\Z)"
    rf"|(?P<tag>[A-Za-z][^\s/>]*+)(?P<attributes>(?:{_TOKEN}){{{MAX_ATTRIBUTES + 1},}}+))",
    re.I | re.S,
)
_ONE_TOKEN = re.compile(_TOKEN)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # XML 1.0 §2.2 Char


def check_size(page: bytes, url: str, max_bytes: int = MAX_PAGE_BYTES) -> None:
    """Raise ExtractError ``too_large`` for a page over ``max_bytes``."""
    if len(page) > max_bytes:
        raise ExtractError(
            f"the page is {len(page) / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB extraction limit",
            url=url,
            reason="too_large",
        )


def cap_attributes(text: str) -> str:
    """The markup with every start tag cut to its first MAX_ATTRIBUTES attributes."""
    return _FLOODED_TAG.sub(_keep_first, text)


def _keep_first(match: re.Match[str]) -> str:
    if match.group("raw"):
        return match.group(0)
    attributes = match.group("attributes")
    end = 0
    for _, found in zip(range(MAX_ATTRIBUTES), _ONE_TOKEN.finditer(attributes), strict=False):
        end = found.end()
    return "<" + match.group("tag") + attributes[:end]


_ALL_NODES = "count(descendant-or-self::*|descendant::comment()|descendant::processing-instruction())"


def element_count(root: html.HtmlElement) -> int:
    """Elements in the parsed page, comments included (counted by libxml2's XPath, not in Python)."""
    return int(root.xpath(_ALL_NODES))


def parsed(text: str, url: str, parse: Callable[[str], html.HtmlElement]) -> html.HtmlElement:
    """``parse(text)``, or ExtractError ``empty`` when the page holds no document at all (only
    whitespace, doctypes, comments or processing instructions)."""
    try:
        return parse(text)
    except etree.ParserError as exc:
        raise ExtractError("the page is empty (no HTML document in it)", url=url, reason="empty") from exc


def prepare(text: str, url: str) -> str:
    """The decoded page made safe to parse: ExtractError ``empty`` for no text at all,
    ``too_large`` over MAX_TAGS tags;
    control characters lxml refuses in a text node removed (the parser lets them into a tail,
    then setting it raises); attribute floods cut."""
    if not text.strip():
        raise ExtractError("the page is empty", url=url, reason="empty")
    if (tags := text.count("<")) > MAX_TAGS:
        message = f"the page has {tags:,} tags, over the limit of {MAX_TAGS:,} for one article"
        raise ExtractError(message, url=url, reason="too_large")
    return cap_attributes(_NOT_XML.sub("", text))
