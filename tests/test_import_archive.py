"""An imported item finds the article the archive already has (same normalised URL, or a URL the
report cut short with the same title), and two items never share an article."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from tests.importcheck import example
from tests.reportwriters import Style, write
from yuqing.errors import InputError, ReportParseError
from yuqing.report.importer import read_report, store_report
from yuqing.settings import Settings
from yuqing.store.articles import ArticleData, upsert_article
from yuqing.store.db import Store
from yuqing.store.models import Article

FULL = "https://www.bjnews.com.cn/detail/1724837293129337.html"


def _write(tmp_path: Path, doc: object) -> Path:
    path = tmp_path / "report.txt"
    path.write_bytes(write(doc, Style("plain")))  # type: ignore[arg-type]
    return path


def _crawled(store: Store, url: str, title: str) -> int:
    with store.session() as session:
        article, _ = upsert_article(
            session, ArticleData(url, title, "新京报", ["爬取的全文。"], origin="crawl")
        )
        return article.id


def test_a_cut_url_with_the_same_title_links_the_archived_article(
    store: Store, settings: Settings, tmp_path: Path
) -> None:
    issue = example("report-537-2024-08.md")
    crawled = _crawled(
        store, "https://m.bjnews.com.cn/detail/1724837293129337.html?from=timeline", issue.items[3].title
    )
    cut = replace(issue.items[3], url="https://www.bjnews.com.cn/detail/17248372")
    path = _write(tmp_path, replace(issue, items=(*issue.items[:3], cut)))
    with store.session() as session:
        summary = store_report(session, read_report(path), "monthly", path, settings)
        assert (summary.new_articles, summary.linked) == (3, 1)
        assert session.query(Article).count() == 4
        article = session.get(Article, crawled)
        assert article is not None and article.paragraphs == ["爬取的全文。"]  # the archive's text stays


def test_same_normalised_url_links_and_a_cut_url_with_another_title_does_not(
    store: Store, settings: Settings, tmp_path: Path
) -> None:
    issue = example("report-537-2024-08.md")
    _crawled(store, FULL.replace("https://www.", "https://m.") + "#comments", issue.items[3].title)
    _crawled(store, "https://www.bjnews.com.cn/detail/99999.html", "另一篇文章")
    other = replace(issue.items[2], url="https://www.bjnews.com.cn/detail/9")  # cut, and not its title
    path = _write(tmp_path, replace(issue, items=(issue.items[0], other, issue.items[3])))
    with store.session() as session:
        summary = store_report(session, read_report(path), "monthly", path, settings)
        assert (summary.new_articles, summary.linked) == (2, 1)


def test_a_cut_link_that_is_another_articles_link_is_refused(
    store: Store, settings: Settings, tmp_path: Path
) -> None:
    issue = example("report-537-2024-08.md")
    _crawled(store, "https://www.bjnews.com.cn/detail/", "新京报首页")
    cut = replace(issue.items[3], url="https://www.bjnews.com.cn/detail/")
    path = _write(tmp_path, replace(issue, items=(*issue.items[:3], cut)))
    with pytest.raises(InputError, match=r"item 4 .*looks cut short"), store.session() as session:
        store_report(session, read_report(path), "monthly", path, settings)


def test_two_items_with_one_cut_link_are_refused_naming_both(tmp_path: Path) -> None:
    issue = example("report-538-2024-09.md")
    items = [replace(i, url="https://www.bjnews.com.cn/detail/") for i in issue.items[2:]]
    path = _write(tmp_path, replace(issue, items=(*issue.items[:2], *items)))
    with pytest.raises(ReportParseError, match=r"item 4 .*same link as item 3 .*two titles"):
        read_report(path)
