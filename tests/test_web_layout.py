"""Every page at 1024, 1366 and 1920 px in Debian's chromium, measured in the DOM: nothing wider
than its container, no text column a character or two wide, table headings on one line, chart
labels apart, the preview's masthead not run together; no failed request (favicon) and no
console error (the CSP refusing something). Screenshots of every page and width are kept in
the test's folder (and of the 1366 px pages in docs/images with YUQING_WRITE_DOCS_IMAGES=1)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.browser import Server, screenshot, sign_in
from tests.samples import issue_538
from tests.webfixtures import PASSWORD, fill
from yuqing import settings as settings_mod
from yuqing.report.period import parse_period
from yuqing.store import issues
from yuqing.store.articles import ArticleData, get_article, upsert_article
from yuqing.store.db import open_store

pytestmark = pytest.mark.slow
WIDTHS = (1024, 1366, 1920)
LONG_TITLE = "北京市卫生健康委员会关于进一步推进检查检验结果互认工作的通知" * 8  # 240 characters
LONG_OUTLET = "北京市卫生健康委员会"

# What is wrong on the page, measured by the browser (an empty list when nothing is).
MEASURE = """() => {
  const problems = [], root = document.documentElement;
  if (root.scrollWidth > root.clientWidth + 1) problems.push(`page scrolls sideways: ${root.scrollWidth}px`);
  const name = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
    + (typeof e.className === 'string' && e.className ? '.' + e.className.split(' ').join('.') : '');
  for (const el of document.querySelectorAll('main *, header *')) {
    if (el.closest('svg') && el.tagName.toLowerCase() !== 'svg') continue;
    const box = el.getBoundingClientRect(), parent = el.parentElement.getBoundingClientRect();
    if (!box.width || getComputedStyle(el).position === 'absolute') continue;
    if (box.right > parent.right + 1 || box.left < parent.left - 1)
      problems.push(`${name(el)} (${Math.round(box.width)}px) sticks out of ${name(el.parentElement)}`);
  }
  const lines = el => {
    const r = document.createRange();
    r.selectNodeContents(el);
    return new Set([...r.getClientRects()].filter(x => x.width).map(x => Math.round(x.top))).size;
  };
  for (const cell of document.querySelectorAll('td, th')) {
    const text = cell.innerText.replace(/\\s/g, ''), n = lines(cell);
    if (n >= 3 && text.length / n < 4)
      problems.push(`column too narrow: "${text.slice(0, 20)}" on ${n} lines`);
  }
  for (const th of document.querySelectorAll('th'))
    if (lines(th) > 1) problems.push(`heading "${th.innerText}" wraps`);
  for (const td of document.querySelectorAll('td.outlet, td.date'))
    if (lines(td) > 1) problems.push(`"${td.innerText}" wraps`);
  const labels = [...document.querySelectorAll('svg text.axis')].map(t => t.getBoundingClientRect());
  labels.forEach((a, i) => {
    if (labels[i + 1] && a.right > labels[i + 1].left) problems.push('axis labels overlap');
  });
  return problems;
}"""
MASTHEAD = """() => {
  const org = document.querySelector('.masthead .organisation');
  const day = document.querySelector('.masthead .date');
  if (!org || !day) return 'no masthead';
  const a = org.getBoundingClientRect(), b = day.getBoundingClientRect();
  return (a.right + 8 <= b.left || b.top >= a.bottom) ? '' : `masthead runs together: ${a.right} > ${b.left}`;
}"""


@pytest.fixture
def server_data(home: Path) -> dict[str, int]:
    """The web fixture's articles (SQLite) and a draft issue 538 with a long-titled item from a
    government outlet, dated outside the period."""
    settings = settings_mod.load()
    store = open_store(settings)
    ids = fill(store, settings)
    with store.session() as s:
        long_one, _ = upsert_article(
            s,
            ArticleData(
                url="https://wjw.beijing.gov.cn/xwzx_20031/wnxw/202408/t20240815_1.html",
                title=LONG_TITLE,
                outlet=LONG_OUTLET,
                paragraphs=["通知正文。" * 40],
                published=date(2024, 8, 15),
            ),
        )
        issue = issues.create_issue(s, "monthly", parse_period("2024-09"), 538)
        for item in issue_538().items:
            issues.add_item(s, issue, get_article(s, item.url))
        issues.add_item(s, issue, long_one)
        ids["long"] = long_one.id
    store.close()
    return ids


def test_every_page_fits_at_three_widths(
    served: Server, browser_page: Any, server_data: dict[str, int], tmp_path: Path
) -> None:
    page = browser_page
    failed: list[str] = []
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.on("console", lambda m: failed.append(f"console: {m.text}") if m.type == "error" else None)
    sign_in(page, served, "editor", PASSWORD)
    pages = {
        "dashboard": "/?from=2024-08-01&until=2024-09-30",
        "candidates": "/candidates?period=2024-09",
        "issues": "/issues",
        "issue": "/issues/2024-09",
        "item": "/issues/2024-09/items/5",
        "article": f"/articles/{server_data['long']}",
        "search": "/search?q=医保",
        "sources": "/sources",
    }
    problems = {}
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for name, path in pages.items():
            page.goto(served.url + path)
            page.wait_for_load_state("networkidle")
            found = page.evaluate(MEASURE)
            if name == "issue":
                preview = next(f for f in page.frames if f != page.main_frame)
                found += [p for p in [preview.evaluate(MASTHEAD)] if p]
            if found:
                problems[f"{name} at {width}px"] = found
            page.screenshot(path=str(tmp_path / f"{name}-{width}.png"), full_page=True)
            if width == 1366 and name in ("dashboard", "candidates", "issue", "article", "search", "sources"):
                screenshot(page, name)
    assert not problems, "\n".join(f"{k}: {v}" for k, v in problems.items())
    assert not failed, failed  # every request answered (the favicon too), nothing refused by the CSP
    assert not page.dialogs  # type: ignore[attr-defined]


def test_the_issue_page_warns_and_the_api_docs_work_offline(
    served: Server, browser_page: Any, server_data: dict[str, int]
) -> None:
    page = browser_page
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    sign_in(page, served, "editor", PASSWORD)
    page.goto(served.url + "/issues/2024-09")
    warning = page.inner_text("#issue-warnings")
    assert "第 5 条（2024-08-15）不在本期时段 2024-09-01 至 2024-09-30 内" in warning
    page.goto(served.url + "/docs")
    page.locator(".swagger-ui .info .title").wait_for(timeout=20_000)  # drawn from local files
    assert "yuqing" in page.inner_text(".swagger-ui .info .title")
    assert page.locator(".opblock-summary-path").count() > 10
    assert not errors, errors
    scripts = page.evaluate("[...document.scripts].map(s => s.src)")
    assert all(src.startswith(served.url) for src in scripts), scripts  # nothing from a CDN
