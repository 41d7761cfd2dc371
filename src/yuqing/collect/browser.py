"""Fetching the pages of sources marked ``browser: true`` in a real, headless chromium.

Some sites answer scripts with HTTP 412 and a JavaScript check that sets a cookie and reloads
(国家卫健委 and other government sites behind such shields); others build their column lists in
script. For the domains of those sources this download handler loads each request in chromium,
lets the check pass, waits for the page to settle and hands Scrapy the final document. Every
other request goes to Scrapy's own HTTP handler. Being a download handler, the browser works
inside Scrapy's per-site slots, so delays, concurrency, retries and robots.txt apply unchanged.
"""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import Awaitable, Callable
from contextlib import suppress
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.core.downloader.handlers.base import BaseDownloadHandler
from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler
from scrapy.crawler import Crawler
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
)
from scrapy.http import Headers, Response
from scrapy.responsetypes import responsetypes

from yuqing.errors import FetchError

try:  # the `browser` extra (pip install 'yuqing[browser]'); without it such sources fail by name
    from playwright.async_api import Browser, BrowserContext, Page, Playwright, Route, async_playwright
    from playwright.async_api import Error as PlaywrightError
    from playwright.async_api import Response as PageResponse
    from playwright.async_api import TimeoutError as PlaywrightTimeout

    MISSING = ""
except ImportError:
    MISSING = (
        "this source needs a real browser (browser: true) and Playwright is not installed; "
        "install yuqing with its browser extra: pip install 'yuqing[browser]'"
    )

ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
# A page answering one of these may be a JavaScript check about to reload itself.
CHALLENGE_STATUSES = frozenset({202, 401, 403, 412, 429, 503})
CHALLENGE_GRACE = 8.0  # seconds a check may take before its status is taken as the answer
SETTLE = 3.0  # seconds to wait for script-built content (a quiet network) after the document
SKIPPED = frozenset({"image", "media", "font", "stylesheet"})  # nothing the text needs


def find_chromium(configured: str) -> str:
    """The chromium to drive: the configured path, else chromium on PATH; empty if none."""
    if configured:
        return configured
    return shutil.which("chromium") or shutil.which("chromium-browser") or ""


def wants_browser(url: str, domains: frozenset[str]) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    return any(host == d or host.endswith("." + d) for d in domains)


class BrowserHandler(BaseDownloadHandler):
    """http/https handler: chromium for the browser sources' domains, Scrapy's HTTP otherwise."""

    lazy = False

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self._http = HTTP11DownloadHandler(crawler)
        settings = crawler.settings
        self._domains = frozenset(settings.getlist("YUQING_BROWSER_DOMAINS"))
        self._executable = settings.get("YUQING_BROWSER", "")
        self._timeout = settings.getfloat("DOWNLOAD_TIMEOUT")
        self._maxsize = settings.getint("DOWNLOAD_MAXSIZE")
        self._chromium: Chromium | None = None
        self._unavailable = ""  # why chromium could not start: later requests fail at once
        self._starting = asyncio.Lock()

    async def download_request(self, request: Request) -> Response:
        if not wants_browser(request.url, self._domains):
            return await self._http.download_request(request)
        context = await self._context(request.url)
        page = await context.new_page()
        try:
            return await load(page, request, self._timeout, self._maxsize)
        except PlaywrightTimeout as exc:
            raise DownloadTimeoutError(f"browser: no answer within {self._timeout:g} s") from exc
        except PlaywrightError as exc:
            raise _scrapy_error(exc) from exc
        finally:
            await page.close()

    async def close(self) -> None:
        await self._http.close()
        if self._chromium:
            await self._chromium.close()

    async def _context(self, url: str) -> BrowserContext:
        async with self._starting:  # one chromium per crawl, started by the first request
            if self._chromium is None and not self._unavailable:
                try:
                    self._chromium = await Chromium.start(find_chromium(self._executable), self._domains)
                except NoBrowser as exc:
                    self._unavailable = str(exc)
            if self._chromium is None:
                raise FetchError(self._unavailable, url=url, reason="needs_browser")
            return self._chromium.context


class NoBrowser(Exception):
    """Chromium is missing or does not start (the handler turns this into a FetchError)."""


class Chromium:
    """One headless chromium with one context, so a passed check's cookies serve every page."""

    def __init__(self, playwright: Playwright, browser: Browser, context: BrowserContext) -> None:
        self._playwright, self._browser, self.context = playwright, browser, context

    @classmethod
    async def start(cls, executable: str, domains: frozenset[str]) -> Chromium:
        if MISSING:
            raise NoBrowser(MISSING)
        if not executable:
            raise NoBrowser(
                "this source needs a real browser (browser: true) and no chromium was found; "
                "install it (scripts/setup does) or set collect_browser to its path"
            )
        playwright = await async_playwright().start()
        try:
            browser = await playwright.chromium.launch(executable_path=executable, args=ARGS)
        except PlaywrightError as exc:
            await playwright.stop()
            raise NoBrowser(f"cannot start chromium {executable}: {exc.message.splitlines()[0]}") from exc
        context = await browser.new_context(locale="zh-CN")
        await context.route("**/*", _only_what_the_text_needs(domains))
        return cls(playwright, browser, context)

    async def close(self) -> None:
        with suppress(PlaywrightError):
            await self.context.close()
            await self._browser.close()
        await self._playwright.stop()


def _only_what_the_text_needs(domains: frozenset[str]) -> Callable[[Route], Awaitable[None]]:
    """The browser sources' own documents, scripts and data; nothing from other hosts (ads,
    analytics, share widgets: a crawl should neither load them nor count as a visit) and no
    images, fonts or styles. Measured on real 163.com pages: 0.8 s a page instead of 6 s."""

    async def route(route: Route) -> None:
        request = route.request
        own = wants_browser(request.url, domains)
        if request.resource_type in SKIPPED or not own:
            await route.abort()
        else:
            await route.continue_()

    return route


async def load(page: Page, request: Request, timeout: float, maxsize: int) -> Response:
    """The document chromium ends up showing for ``request``, as a Scrapy response."""
    documents: list[PageResponse] = []

    def seen(response: PageResponse) -> None:
        if response.request.is_navigation_request() and response.frame == page.main_frame:
            documents.append(response)

    page.on("response", seen)
    first = await page.goto(request.url, wait_until="domcontentloaded", timeout=timeout * 1000)
    if first is None:
        raise IgnoreRequest(f"browser: {request.url} gave no document")
    await _pass_check(page, documents)
    await page.wait_for_load_state("domcontentloaded", timeout=timeout * 1000)
    with suppress(PlaywrightTimeout):  # a page that never goes quiet is taken as it is
        await page.wait_for_load_state("networkidle", timeout=SETTLE * 1000)
    final = documents[-1] if documents else first
    return await _response(page, final, request, maxsize)


async def _pass_check(page: Page, documents: list[PageResponse]) -> None:
    """While the document answers like a check, give it time to reload into the real page."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + CHALLENGE_GRACE
    while documents and documents[-1].status in CHALLENGE_STATUSES and loop.time() < deadline:
        await page.wait_for_timeout(100)


async def _response(page: Page, final: PageResponse, request: Request, maxsize: int) -> Response:
    headers: dict[str, Any] = await final.all_headers()
    ctype = headers.get("content-type", "")
    if "html" in ctype or not ctype:
        body = (await page.content()).encode("utf-8")  # the page as scripts left it
        headers["content-type"] = "text/html; charset=utf-8"
    else:
        body = await final.body()  # a feed, sitemap or robots.txt as the server sent it
    if maxsize and len(body) > maxsize:
        raise DownloadCancelledError(f"browser: {page.url} is larger than max size {maxsize} bytes")
    headers.pop("content-encoding", None)  # chromium has decoded it already
    headers.pop("content-length", None)
    kept = Headers({k: v for k, v in headers.items() if k != "set-cookie"})  # cookies stay in chromium
    cls = responsetypes.from_args(headers=kept, url=page.url, body=body)
    return cls(url=page.url, status=final.status, headers=kept, body=body, request=request, flags=["browser"])


def _scrapy_error(exc: PlaywrightError) -> Exception:
    """Chromium's network errors as the Scrapy errors collect's statistics already name."""
    message = exc.message.splitlines()[0]
    if "ERR_NAME_NOT_RESOLVED" in message:
        return CannotResolveHostError(message)
    if "ERR_CONNECTION_REFUSED" in message:
        return DownloadConnectionRefusedError(message)
    if "ERR_TOO_MANY_REDIRECTS" in message:
        return IgnoreRequest(f"browser: redirect loop ({message})")
    if "ERR_TIMED_OUT" in message:
        return DownloadTimeoutError(message)
    return DownloadFailedError(f"browser: {message}")
