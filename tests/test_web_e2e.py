"""End to end in a real browser: sign in, pick candidates, reorder, freeze, download the DOCX;
crawled scripts never run. (The pictures in docs/ are taken by tests/test_web_layout.py.)"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import docx
import pytest

from tests.browser import Server
from tests.browser import sign_in as browser_sign_in
from tests.samples import issue_538
from tests.webfixtures import HOSTILE_URL, PASSWORD, fill
from yuqing import settings as settings_mod
from yuqing.store.db import open_store

pytestmark = pytest.mark.slow


@pytest.fixture
def server_data(home: Path, backend_url: str) -> dict[str, int]:
    """Users, the articles of issues 537 and 538 among real distractors, a hostile page; scored;
    on SQLite and on PostgreSQL (`yuqing serve` inherits the database URL)."""
    settings = settings_mod.load()
    store = open_store(settings)
    ids = fill(store, settings)
    store.close()
    return ids


def sign_in(page: Any, server: Server, name: str) -> None:
    browser_sign_in(page, server, name, PASSWORD)


def test_an_editor_picks_orders_freezes_and_downloads(
    served: Server, browser_page: Any, server_data: dict[str, int], tmp_path: Path
) -> None:
    page = browser_page
    sign_in(page, served, "editor")
    page.goto(served.url + "/candidates?period=2024-09")
    titles = [item.title for item in issue_538().items]
    for title in titles[:3]:
        assert page.locator("tr", has_text=title).count() >= 1, f"{title} is not a candidate"
    for title in titles[:3]:
        row = page.locator("tr", has_text=title).first
        row.locator("button:has-text('选入')").click()
        page.locator("tr", has_text="已选入").nth(titles.index(title)).wait_for()
    page.goto(served.url + "/issues/2024-09")
    rows = page.locator("#issue-items tbody tr")
    assert rows.count() == 3
    first = rows.nth(0).inner_text()
    rows.nth(0).locator("button:has-text('下移')").click()
    page.wait_for_function(
        "t => !document.querySelector('#issue-items tbody tr').innerText.includes(t)",
        arg=first.split("\t")[1],
    )
    order = [page.locator("#issue-items tbody tr").nth(i).inner_text() for i in range(3)]
    page.click("button:has-text('定稿')")
    page.locator("text=已定稿").first.wait_for()
    with page.expect_download() as download:
        page.click("a:has-text('DOCX')")
    path = tmp_path / "538.docx"
    download.value.save_as(path)
    headings = [p.text for p in docx.Document(str(path)).paragraphs if re.match(r"\d\.标题：", p.text)]
    expected = [next(t for t in titles if t in row) for row in order]
    assert headings == [f"{n}.标题：{t}" for n, t in enumerate(expected, 1)]
    assert not page.dialogs  # type: ignore[attr-defined]


def test_crawled_scripts_never_run_in_the_browser(
    served: Server, browser_page: Any, server_data: dict[str, int]
) -> None:
    page = browser_page
    sign_in(page, served, "viewer")
    article = server_data[HOSTILE_URL]
    page.goto(f"{served.url}/articles/{article}")
    page.goto(f"{served.url}/articles/{article}/raw")
    page.wait_for_timeout(500)  # give any injected handler its chance to fire
    assert not page.dialogs  # type: ignore[attr-defined]
    scripts = page.evaluate("[...document.scripts].map(s => s.src)")
    assert all(src.startswith(served.url + "/static/") for src in scripts), scripts
    assert page.get_attribute("iframe", "sandbox") == ""
    page.goto(f"{served.url}/articles/{article}")
    assert "<script>alert(1)</script>" in page.inner_text("main")  # the payload is shown as text
    assert not page.dialogs  # type: ignore[attr-defined]
    page.goto(f"{served.url}/search?q=医保")
    sign_in(page, served, "admin")
    page.goto(f"{served.url}/sources")
