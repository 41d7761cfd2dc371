"""Page links for long lists: where this page starts and ends, the total, the pages around it."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode


@dataclass(frozen=True)
class Paging:
    total: int
    first: int  # 1-based number of the first row shown (0 when none)
    last: int
    page: int
    pages: int
    links: list[tuple[int, str]]  # (page number, query string) of the pages worth a link

    @property
    def previous(self) -> str | None:
        return self._link(self.page - 1)

    @property
    def next(self) -> str | None:
        return self._link(self.page + 1)

    def _link(self, number: int) -> str | None:
        return next((query for n, query in self.links if n == number), None)


def paging(total: int, page: int, size: int, params: dict[str, Any], around: int = 3) -> Paging:
    """Page ``page`` (1-based) of ``total`` rows, ``size`` a page; links keep the other ``params``."""
    pages = max(math.ceil(total / size), 1)
    first = (page - 1) * size + 1 if total else 0
    last = min(page * size, total)
    numbers = sorted({1, pages, *range(max(page - around, 1), min(page + around, pages) + 1)})
    kept = {k: v for k, v in params.items() if v not in ("", None, False)}
    links = [(n, "?" + urlencode({**kept, "page": n})) for n in numbers]
    return Paging(total, first, last, page, pages, links)
