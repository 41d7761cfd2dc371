"""Redirects that leave the source: not followed, dropped with the reason ``offsite_redirect``.

Scrapy's OffsiteMiddleware skips requests marked ``dont_filter``, and article requests carry that
mark (the frontier dedupes them), so a 301 to another host would be fetched and stored under the
source. This middleware sits before RedirectMiddleware (order 600) and refuses such a redirect.
"""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

import scrapy
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response

REDIRECTS = frozenset({301, 302, 303, 307, 308})


class OffsiteRedirect(IgnoreRequest):
    """A redirect to a host outside the source's domains."""


class OffsiteRedirectMiddleware:
    """Raises OffsiteRedirect (the request's errback names it) for redirects off the source."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> OffsiteRedirectMiddleware:
        return cls(crawler)

    def process_response(self, request: scrapy.Request, response: Response) -> Response:
        location = response.headers.get("Location")
        if response.status not in REDIRECTS or not location:
            return response
        target = urljoin(request.url, location.decode("latin-1").strip())
        domains = getattr(self.crawler.spider, "allowed_domains", None) or []
        host = (urlsplit(target).hostname or "").lower()
        if domains and not any(host == d or host.endswith("." + d) for d in domains):
            raise OffsiteRedirect(f"redirect to another site, not followed: {target}")
        return response
