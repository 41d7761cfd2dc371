"""A real browser on a real server: Debian's chromium driven by Playwright, `yuqing serve` in
its own process on 127.0.0.1, a data directory filled with real articles beforehand."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Without these, chromium reaches for Google's services, which this closed network refuses.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DOCS_IMAGES = Path(__file__).resolve().parents[1] / "docs" / "images"
# read at import: the `home` fixture clears YUQING_* variables for each test
WRITE_IMAGES = os.environ.get("YUQING_WRITE_DOCS_IMAGES") == "1"


@dataclass
class Server:
    url: str
    home: Path
    process: subprocess.Popen[bytes]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def served(home: Path, server_data: object) -> Iterator[Server]:
    """`yuqing serve` on the test's data directory, once the test module's ``server_data``
    fixture has filled it."""
    port = free_port()
    home.mkdir(parents=True, exist_ok=True)  # on PostgreSQL nothing else has made it
    log = (home / "serve.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "yuqing", "serve", "--port", str(port), "--no-schedule"],
        env=os.environ.copy(),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            if process.poll() is not None:
                raise RuntimeError((home / "serve.log").read_text()) from None
            time.sleep(0.1)
    yield Server(f"http://127.0.0.1:{port}", home, process)
    process.terminate()
    process.wait(10)
    log.close()


@pytest.fixture
def browser_page() -> Iterator[object]:
    """A fresh browser page; any JavaScript dialog (alert) fails the test."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("CI must run the browser tests: chromium is not installed (scripts/setup)")
        pytest.skip("chromium is not installed (scripts/setup installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(
            accept_downloads=True, locale="zh-CN", viewport={"width": 1280, "height": 900}
        )
        page = context.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.dialogs = dialogs  # type: ignore[attr-defined]
        yield page
        context.close()
        browser.close()


def screenshot(page: object, name: str) -> None:
    """A picture of the page for docs/, taken when YUQING_WRITE_DOCS_IMAGES=1."""
    if not WRITE_IMAGES:
        return
    DOCS_IMAGES.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(DOCS_IMAGES / f"web-{name}.png"), full_page=False)  # type: ignore[attr-defined]


def sign_in(page: object, server: Server, name: str, password: str) -> None:
    """Sign in through the login form as a person would."""
    page.goto(server.url + "/login")  # type: ignore[attr-defined]
    page.fill("input[name=username]", name)  # type: ignore[attr-defined]
    page.fill("input[name=password]", password)  # type: ignore[attr-defined]
    page.click("button:has-text('登录')")  # type: ignore[attr-defined]
    page.wait_for_url(server.url + "/")  # type: ignore[attr-defined]
