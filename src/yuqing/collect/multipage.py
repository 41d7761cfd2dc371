"""An article split over several pages, fetched page by page and stored as one.

The first page's extraction names the later pages (extract/pages.py); the spider fetches them
in page order, each page's own links adding any not seen yet (a pager showing 1-5 of 12), up to
``collect_article_pages``. The article is stored once, under the first page's URL, with every
page's paragraphs in order and title, date, outlet and author from the first page. A later page
that cannot be fetched or read does not lose the others: the article is stored with what came,
and its URL is marked failed (``page_missing``) so the next run fetches it whole again.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from yuqing.extract import Extracted
from yuqing.extract.pages import join


@dataclass
class Assembly:
    """The pages of one article fetched so far, and those still to fetch."""

    first: Extracted
    request_url: str  # the first page's URL as requested: the article's URL
    raw: bytes  # the first page as fetched: the archive copy
    limit: int  # most pages fetched for one article
    parts: list[Extracted] = field(default_factory=list)
    todo: list[str] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)
    missing: list[str] = field(default_factory=list)  # pages that could not be fetched or read

    def __post_init__(self) -> None:
        self.seen.add(self.first.url)
        self.add(self.first)

    def add(self, part: Extracted) -> None:
        self.parts.append(part)
        for url in part.more_pages:
            if url not in self.seen:
                self.seen.add(url)
                self.todo.append(url)

    def failed(self, url: str, why: str) -> None:
        self.missing.append(f"{url}: {why}")

    def next_url(self) -> str | None:
        """The next page to fetch, or None when every page is in (or the limit is reached)."""
        if self.todo and len(self.parts) + len(self.missing) < self.limit:
            return self.todo.pop(0)
        return None

    @property
    def pages(self) -> list[str]:
        """The URLs of the later pages that were joined in."""
        return [part.url for part in self.parts[1:]]

    def article(self) -> Extracted:
        """The whole article: the first page's metadata, every page's paragraphs in order."""
        return replace(self.first, paragraphs=join([p.paragraphs for p in self.parts]), more_pages=())
