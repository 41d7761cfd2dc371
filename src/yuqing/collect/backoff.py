"""Exponential back-off before retries (Scrapy's RetryMiddleware re-queues at once)."""

from __future__ import annotations

import asyncio

import scrapy
from scrapy.crawler import Crawler


class BackoffMiddleware:
    """Waits base × 2^(n-1) seconds before the n-th retry of a request, without holding a slot."""

    def __init__(self, base: float, cap: float = 60.0) -> None:
        self.base = base
        self.cap = cap

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> BackoffMiddleware:
        return cls(crawler.settings.getfloat("YUQING_BACKOFF"))

    async def process_request(self, request: scrapy.Request) -> None:
        retries = int(request.meta.get("retry_times", 0))
        if retries:
            await asyncio.sleep(min(self.base * 2 ** (retries - 1), self.cap))
