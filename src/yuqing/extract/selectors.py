"""Per-site hints for extraction, given in the source registry where a CMS needs them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Selectors:
    """CSS selectors (or XPath when starting with '/') for the parts of an article page.
    Each one that is set wins over the generic rules; unset ones fall back to them."""

    title: str | None = None
    body: str | None = None
    date: str | None = None
    outlet: str | None = None
    author: str | None = None
