"""The store on both backends: articles, raw pages, issues and their order, transactions."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from yuqing.errors import InputError, NotFound
from yuqing.report.compose import compose
from yuqing.report.period import parse_period
from yuqing.settings import Settings
from yuqing.store import issues
from yuqing.store.articles import ArticleData, get_article, raw_page, upsert_article
from yuqing.store.db import Store, open_store
from yuqing.store.models import Article


def article(n: int, **kw: object) -> ArticleData:
    data = ArticleData(
        url=f"https://www.bjnews.com.cn/detail/{n}.html",
        title=f"北京推进互联网医院建设之{n}",
        outlet="新京报",
        paragraphs=[f"第{n}篇：本市互联网医院已达74家。", "医保移动支付覆盖更多医院。"],
        published=date(2024, 8, n % 28 + 1),
    )
    for key, value in kw.items():
        setattr(data, key, value)
    return data


def test_same_url_in_another_form_updates_instead_of_duplicating(store: Store) -> None:
    with store.session() as s:
        first, created = upsert_article(s, article(1))
        assert created
    variant = article(1, url="HTTPS://WWW.BJNEWS.COM.CN/detail/1.html?utm_source=wx&from=timeline#top")
    variant.title = "新标题"
    with store.session() as s:
        again, created = upsert_article(s, variant)
        assert not created and again.id == first.id
        assert s.scalar(select(func.count()).select_from(Article)) == 1
        assert get_article(s, "https://www.bjnews.com.cn/detail/1.html").title == "新标题"


def test_raw_page_is_kept_compressed_and_comes_back_whole(store: Store) -> None:
    page = ("<html><body>" + "<p>电子病历互认</p>" * 2000 + "</body></html>").encode("gb18030")
    with store.session() as s:
        stored, _ = upsert_article(s, article(2, raw_page=page))
        assert stored.raw_page is not None and len(stored.raw_page) < len(page) / 10
    with store.session() as s:
        assert raw_page(get_article(s, stored.id)) == page


def test_an_error_inside_a_unit_of_work_stores_nothing(store: Store) -> None:
    with pytest.raises(RuntimeError), store.session() as s:
        upsert_article(s, article(3))
        raise RuntimeError("crash mid-command")
    with store.session() as s:
        assert s.scalar(select(func.count()).select_from(Article)) == 0


def test_issue_items_are_ordered_moved_and_removed(store: Store, settings: Settings) -> None:
    period = parse_period("2024-08")
    with store.session() as s:
        ids = [upsert_article(s, article(n))[0] for n in (1, 2, 3, 4)]
        issue = issues.create_issue(s, "monthly", period, 537)
        for a in ids[:3]:
            issues.add_item(s, issue, a)
        issues.add_item(s, issue, ids[3], position=1)
        issues.move_item(issue, 4, 2)
        issues.remove_item(s, issue, 3)
    with store.session() as s:
        issue = issues.get_issue(s, "monthly", period)
        assert [i.article.id for i in issue.items] == [ids[3].id, ids[2].id, ids[1].id]
        assert [i.position for i in issue.items] == [1, 2, 3]
        with pytest.raises(InputError, match="already item"):
            issues.add_item(s, issue, ids[2])
        with pytest.raises(InputError, match="out of range"):
            issues.move_item(issue, 9, 1)
        with pytest.raises(InputError, match="position 4 is out of range: the issue has 3 items"):
            issues.move_item(issue, 1, 4)
        issues.move_item(issue, 1, 3)  # to the end
        assert [i.article.id for i in sorted(issue.items, key=lambda i: i.position)] == [
            ids[2].id,
            ids[1].id,
            ids[3].id,
        ]


def test_freezing_keeps_the_published_text(store: Store, settings: Settings) -> None:
    period = parse_period("2024-08")
    with store.session() as s:
        a, _ = upsert_article(s, article(5))
        issue = issues.create_issue(s, "monthly", period, 537)
        issues.add_item(s, issue, a)
        issues.edit_item(issue, 1, title="编辑改过的标题")
        issues.freeze(issue, compose(issue, settings).to_json())
    with store.session() as s:
        upsert_article(s, article(5, title="网站后来改的标题", paragraphs=["全文已改。"]))
    with store.session() as s:
        issue = issues.get_issue(s, "monthly", period)
        doc = compose(issue, settings)
        assert doc.items[0].title == "编辑改过的标题"
        assert doc.items[0].paragraphs[0].startswith("第5篇")
        with pytest.raises(InputError, match="frozen"):
            issues.remove_item(s, issue, 1)
        issues.unfreeze(issue)
        assert compose(issue, settings).items[0].paragraphs == ("全文已改。",)


def test_one_number_and_one_period_per_series(store: Store) -> None:
    with store.session() as s:
        issues.create_issue(s, "monthly", parse_period("2024-08"), 537)
        with pytest.raises(InputError, match="already has an issue"):
            issues.create_issue(s, "monthly", parse_period("2024-08"), 999)
        with pytest.raises(InputError, match="already used"):
            issues.create_issue(s, "monthly", parse_period("2024-09"), 537)
        issues.create_issue(s, "weekly", parse_period("2024-W35"), 537)
        with pytest.raises(NotFound, match="yuqing issue new 2024-10"):
            issues.get_issue(s, "monthly", parse_period("2024-10"))


def test_reopening_applies_no_migration_twice_and_keeps_data(store: Store, settings: Settings) -> None:
    with store.session() as s:
        upsert_article(s, article(6))
    again = open_store(settings)
    with again.session() as s:
        assert s.scalar(select(func.count()).select_from(Article)) == 1
    again.close()


def test_sqlite_store_uses_wal(settings: Settings, store: Store) -> None:
    if store.dialect != "sqlite":
        pytest.skip("WAL is a SQLite mode")
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
