"""Waiting before retries (Scrapy's RetryMiddleware re-queues at once): the server's Retry-After
when a 429 or 503 gives one (RFC 9110 §10.2.3: seconds or an HTTP date), else exponential
back-off; both capped."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import scrapy
from scrapy.crawler import Crawler
from scrapy.http import Response

RETRY_AFTER_STATUSES = frozenset({429, 503})


class BackoffMiddleware:
    """Waits before the n-th retry of a request, without holding a download slot: the
    Retry-After of the answer that caused it (at most ``retry_after_max`` seconds), else
    base × 2^(n-1) seconds (at most ``cap``)."""

    def __init__(self, base: float, retry_after_max: float = 60.0, cap: float = 60.0) -> None:
        self.base = base
        self.retry_after_max = retry_after_max
        self.cap = cap

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> BackoffMiddleware:
        settings = crawler.settings
        return cls(settings.getfloat("YUQING_BACKOFF"), settings.getfloat("YUQING_RETRY_AFTER_MAX", 60.0))

    async def process_request(self, request: scrapy.Request) -> None:
        retries = int(request.meta.get("retry_times", 0))
        if not retries:
            return
        asked = request.meta.get("retry_after")
        wait = min(asked, self.retry_after_max) if asked is not None else self.base * 2 ** (retries - 1)
        await asyncio.sleep(min(wait, max(self.cap, self.retry_after_max)))

    def process_response(self, request: scrapy.Request, response: Response) -> Response:
        """Note the Retry-After of a 429/503 on the request, whose retry copies it."""
        asked = retry_after(response) if response.status in RETRY_AFTER_STATUSES else None
        if asked is None:
            request.meta.pop("retry_after", None)
        else:
            request.meta["retry_after"] = asked
        return response


def retry_after(response: Response) -> float | None:
    """Seconds the Retry-After header asks for (delay-seconds or an HTTP date), None if absent
    or unreadable."""
    raw = response.headers.get("Retry-After")
    if not raw:
        return None
    text = raw.decode("latin-1").strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())
