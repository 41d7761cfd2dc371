"""Per-site selectors: CSS, or XPath when the expression starts with '/'."""

from __future__ import annotations

from cssselect import SelectorError
from lxml import etree, html
from lxml.cssselect import CSSSelector

_PROBE = "<html><head><title>t</title></head><body><div><p>x</p><a href='/n'>n</a></div></body></html>"


def selector_problem(expr: str) -> str | None:
    """Why ``expr`` cannot select page parts, or None: CSS that does not parse, XPath that does
    not compile or evaluate, or XPath giving a number or truth value instead of elements/text."""
    probe = html.fromstring(_PROBE)
    if not expr.startswith("/"):
        try:
            CSSSelector(expr)(probe)
        except (SelectorError, etree.XPathError) as exc:
            return f"{expr!r} is not a valid CSS selector ({exc}); XPath must start with '/'"
        return None
    try:
        found = etree.XPath(expr)(probe)
    except etree.XPathError as exc:
        return f"{expr!r} is not a valid XPath expression ({exc})"
    if isinstance(found, bool | float | int):
        return f"{expr!r} gives a {type(found).__name__}, not page elements or text"
    return None


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
