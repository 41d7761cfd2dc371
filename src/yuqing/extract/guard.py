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

from yuqing.errors import ExtractError

MAX_PAGE_BYTES = 10 * 1024 * 1024  # the default of the collect.max_mb download limit
MAX_ATTRIBUTES = 256
_ATTRIBUTE = r"\s++[^\s=/>]++(?:\s*+=\s*+(?:\"[^\"]*+\"|'[^']*+'|[^\s\"'>]*+))?+"
_FLOODED_TAG = re.compile(rf"(<[A-Za-z][^\s/>]*+)((?:{_ATTRIBUTE}){{{MAX_ATTRIBUTES + 1},}})")
_ONE_ATTRIBUTE = re.compile(_ATTRIBUTE)
_NOTHING = re.compile(r"(?:\s++|<!doctype[^>]*+>|<!--.*?-->|<!-?-?>|<\?[^>]*+>)*+", re.I | re.S)


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
    if text.count("=") <= MAX_ATTRIBUTES:
        return text
    return _FLOODED_TAG.sub(_keep_first, text)


def _keep_first(match: re.Match[str]) -> str:
    attributes = _ONE_ATTRIBUTE.finditer(match.group(2))
    end = 0
    for _, found in zip(range(MAX_ATTRIBUTES), attributes, strict=False):
        end = found.end()
    return match.group(1) + match.group(2)[:end]


def prepare(text: str, url: str) -> str:
    """The decoded page made safe to parse: ExtractError ``empty`` when it holds no document
    (only whitespace, doctypes, comments or processing instructions), attribute floods cut."""
    if _NOTHING.fullmatch(text):
        raise ExtractError("the page is empty (no HTML document in it)", url=url, reason="empty")
    return cap_attributes(text)
