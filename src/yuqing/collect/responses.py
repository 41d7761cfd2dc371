"""Downloader middleware that makes hostile answers safe before Scrapy's own middleware reads
them (it sits at order 650, before RedirectMiddleware at 600 and MetaRefreshMiddleware at 580).

- Redirects that leave the source are not followed (reason ``offsite_redirect``): Scrapy's
  OffsiteMiddleware skips requests marked ``dont_filter``, and article requests carry that mark
  (the frontier dedupes them), so a 301 to another host would be fetched and stored.
- A Content-Type charset that names no text encoding (``charset=base64``) is dropped: Scrapy
  resolves it with codecs.lookup, which accepts base64, and then fails to decode the page
  (fetch_error before any extraction); the page's own meta or its bytes decide instead.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

import scrapy
import webencodings
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response, TextResponse

from yuqing.extract.decode import normalise_label

REDIRECTS = frozenset({301, 302, 303, 307, 308})
_CHARSET = re.compile(r";?\s*charset\s*=\s*[\"']?([^;\"'\s]*)[\"']?", re.I)


class OffsiteRedirect(IgnoreRequest):
    """A redirect to a host outside the source's domains."""


class ResponseGuardMiddleware:
    """Raises OffsiteRedirect (the request's errback names it) for redirects off the source;
    drops a nonsense charset from the Content-Type header."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ResponseGuardMiddleware:
        return cls(crawler)

    def process_response(self, request: scrapy.Request, response: Response) -> Response:
        response = _plain_charset(response)
        location = response.headers.get("Location")
        if response.status not in REDIRECTS or not location:
            return response
        target = urljoin(request.url, location.decode("latin-1").strip())
        domains = getattr(self.crawler.spider, "allowed_domains", None) or []
        host = (urlsplit(target).hostname or "").lower()
        if domains and not any(host == d or host.endswith("." + d) for d in domains):
            raise OffsiteRedirect(f"redirect to another site, not followed: {target}")
        return response


def _plain_charset(response: Response) -> Response:
    """The response without a Content-Type charset that is no text encoding label."""
    raw = response.headers.get("Content-Type")
    if not raw:
        return response
    header = raw.decode("latin-1")
    labels = _CHARSET.findall(header)
    if all(normalise_label(label) or webencodings.lookup(label) for label in labels):
        return response  # every label names an encoding (UTF-16 too: a header may say so)
    kept = _CHARSET.sub("", header).strip().rstrip(";").strip()
    headers = response.headers.copy()
    headers["Content-Type"] = kept or "text/html"
    if isinstance(response, TextResponse):  # else replace() keeps the encoding read from the header
        return response.replace(headers=headers, encoding=None)
    return response.replace(headers=headers)
