"""A fixture web on 127.0.0.x: saved pages served as the sites of a crawl, plus endpoints
that misbehave on purpose. Each site listens on its own loopback address, so Scrapy treats them
as different hosts (per-site delays, robots.txt)."""

from __future__ import annotations

import hashlib
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Page:
    body: bytes | Callable[[], Iterator[bytes]]
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    etag: bool = False  # answer If-None-Match with 304
    fail_first: int = 0  # answer 500 to the first N requests


# What a script-shielded site answers a client without its cookie: a script that sets the
# cookie and reloads. A real browser passes; a plain HTTP client never sees the page.
CHALLENGE = (
    "<html><head><meta charset='utf-8'><title>请稍候</title>"
    "<script>document.cookie='yq_pass=1; path=/'; location.reload();</script></head>"
    "<body></body></html>"
).encode()


class Site:
    def __init__(self, host: str, gate: bool = False) -> None:
        self.host = host
        self.gate = gate  # answer 412 and a JavaScript check until the check's cookie is sent
        self.port = 0
        self.pages: dict[str, Page] = {}
        self.hits: Counter[str] = Counter()
        self.not_modified: Counter[str] = Counter()
        self._server: ThreadingHTTPServer | None = None

    @property
    def base(self) -> str:
        return f"http://{self.host}:{self.port}"

    def url(self, path: str) -> str:
        return self.base + path

    def add(self, path: str, page: Page) -> str:
        self.pages[path] = page
        return self.url(path)

    def start(self) -> None:
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                site.serve(self)

            def log_message(self, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer((self.host, 0), Handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        if self._server:
            self._server.shutdown()
            self._server.server_close()

    def serve(self, handler: BaseHTTPRequestHandler) -> None:
        path = handler.path.split("?")[0]
        self.hits[handler.path] += 1
        page = self.pages.get(path) or self.pages.get(handler.path)
        if self.gate and "yq_pass=1" not in (handler.headers.get("Cookie") or ""):
            return _send(handler, 412, "text/html; charset=utf-8", CHALLENGE, {})
        if page is None:
            return _send(handler, 404, "text/html", b"<html><body>404 Not Found</body></html>", {})
        time.sleep(page.delay)
        if self.hits[handler.path] <= page.fail_first:
            return _send(handler, 500, "text/html", b"<html><body>500</body></html>", {})
        headers = dict(page.headers)
        if page.etag and not callable(page.body):
            tag = '"' + hashlib.sha1(page.body).hexdigest()[:16] + '"'
            headers["ETag"] = tag
            headers["Cache-Control"] = "max-age=0"  # stale at once: revalidate every time
            if handler.headers.get("If-None-Match") == tag:
                self.not_modified[path] += 1
                return _send(handler, 304, page.content_type, b"", headers)
        if callable(page.body):
            return _stream(handler, page, headers)
        return _send(handler, page.status, page.content_type, page.body, headers)


def _send(
    handler: BaseHTTPRequestHandler, status: int, ctype: str, body: bytes, headers: dict[str, str]
) -> None:
    try:
        handler.send_response(status)
        handler.send_header("Content-Type", ctype)
        for key, value in headers.items():
            handler.send_header(key, value)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        if status != 304:
            handler.wfile.write(body)
    except (BrokenPipeError, ConnectionResetError):
        pass


def _stream(handler: BaseHTTPRequestHandler, page: Page, headers: dict[str, str]) -> None:
    """A body produced chunk by chunk with no Content-Length: the client must cut it off."""
    try:
        handler.send_response(page.status)
        handler.send_header("Content-Type", page.content_type)
        for key, value in headers.items():
            handler.send_header(key, value)
        handler.send_header("Connection", "close")
        handler.end_headers()
        assert callable(page.body)
        for chunk in page.body():
            handler.wfile.write(chunk)
    except (BrokenPipeError, ConnectionResetError):
        pass
    handler.close_connection = True


class FixtureWeb:
    """Sites on 127.0.0.2, 127.0.0.3 …, started together, stopped together."""

    def __init__(self) -> None:
        self.sites: list[Site] = []

    def site(self, gate: bool = False) -> Site:
        site = Site(f"127.0.0.{len(self.sites) + 2}", gate)
        self.sites.append(site)
        return site

    def __enter__(self) -> FixtureWeb:
        for site in self.sites:
            site.start()
        return self

    def start(self) -> None:
        for site in self.sites:
            if site.port == 0:
                site.start()

    def __exit__(self, *exc: object) -> None:
        for site in self.sites:
            site.stop()
