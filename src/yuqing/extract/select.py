"""Per-site selectors: CSS, or XPath when the expression starts with '/'."""

from __future__ import annotations

from lxml import etree
from lxml.cssselect import CSSSelector


def select(root: etree._Element, expr: str | None) -> list[etree._Element]:
    """Elements matched by ``expr`` (nothing when unset); attribute XPath results are ignored."""
    if not expr:
        return []
    found = root.xpath(expr) if expr.startswith("/") else CSSSelector(expr)(root)
    return [el for el in found if isinstance(el, etree._Element)] if isinstance(found, list) else []


def select_text(root: etree._Element, expr: str | None) -> str | None:
    """Text of the first match, whitespace collapsed; XPath may also select a string or attribute."""
    if not expr:
        return None
    if expr.startswith("/"):
        found = root.xpath(expr)
        items = found if isinstance(found, list) else [found]
        for item in items:
            text = "".join(item.itertext()) if isinstance(item, etree._Element) else str(item)
            if text.strip():
                return " ".join(text.split())
        return None
    for el in select(root, expr):
        text = " ".join("".join(el.itertext()).split())
        if text:
            return text
    return None
