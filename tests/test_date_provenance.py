"""A date's provenance from the page to the editor: stored with the article, kept over a guess,
given to rows of before by the migration, shown in `yuqing extract`, and a guessed or missing
date never puts an article in a period silently — candidates list it apart, with the reason,
on the command line, in the web app and in the API (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from sqlalchemy import select
from typer.testing import CliRunner

from tests.samples import issue_538
from tests.webfixtures import Web, sign_in, web_fixture  # noqa: F401 (the fixture)
from yuqing.analyze.candidates import candidates
from yuqing.analyze.run import analyze
from yuqing.analyze.undated import listed_apart
from yuqing.cli import app
from yuqing.collect.discover import parse_feed, parse_list, parse_sitemap
from yuqing.errors import InputError
from yuqing.ingest import read_jsonl, store_articles
from yuqing.report.period import parse_period
from yuqing.settings import Settings
from yuqing.store.articles import ArticleData, upsert_article
from yuqing.store.db import MIGRATIONS, Store, open_store
from yuqing.store.models import Article

SEPTEMBER = parse_period("2024-09")


def _relevant(n: int, **fields: object) -> ArticleData:
    """An item of issue 538 (relevant news) under a URL of its own."""
    it = issue_538().items[n % len(issue_538().items)]
    data = ArticleData(
        url=f"https://news.example.cn/a{n}.html",
        title=it.title,
        outlet="示例网",
        paragraphs=list(it.paragraphs),
    )
    return replace(data, **fields)  # type: ignore[arg-type]


def _put(store: Store, *rows: ArticleData) -> dict[str, int]:
    with store.session() as s:
        return {row.url: upsert_article(s, row)[0].id for row in rows}


def test_a_guess_never_replaces_a_date_read_off_the_page(store: Store) -> None:
    row = _relevant(0, published=date(2024, 9, 10), date_source="byline")
    _put(store, row)
    _put(store, replace(row, published=date(2024, 9, 12), date_source="guess"))  # re-fetched, byline gone
    _put(store, replace(row, published=None, date_source="none"))
    with store.session() as s:
        article = s.scalars(select(Article)).one()
        assert (article.published, article.date_source) == (date(2024, 9, 10), "byline")
    _put(store, replace(row, published=date(2024, 9, 11), date_source="url"))  # a date read again wins
    with store.session() as s:
        assert s.scalars(select(Article.date_source)).one() == "url"


def test_the_migration_gives_rows_of_before_a_provenance(settings: Settings) -> None:
    settings.home.mkdir(parents=True, exist_ok=True)
    engine = sa.create_engine(settings.url)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0004_users")
        for n, day in enumerate([date(2024, 9, 3), None]):
            connection.execute(
                sa.text(
                    "INSERT INTO articles (url, original_url, title, outlet, published, paragraphs,"
                    " content_hash, origin, fetched_at, updated_at)"
                    " VALUES (:u, :u, 't', 'o', :p, '[]', :h, 'crawl', :f, :f)"
                ),
                {"u": f"https://a.cn/{n}", "p": day, "h": str(n), "f": datetime(2024, 9, 3)},
            )
    engine.dispose()
    store = open_store(settings)  # migrates to the head
    with store.session() as s:
        found = {row.url: row.date_source for row in s.execute(select(Article.url, Article.date_source))}
    store.close()
    assert found == {"https://a.cn/0": "unknown", "https://a.cn/1": "none"}


def test_guessed_and_undated_articles_are_listed_apart(store: Store, settings: Settings) -> None:
    ids = _put(
        store,
        _relevant(0, published=date(2024, 9, 10), date_source="byline"),
        _relevant(1, published=date(2024, 9, 12), date_source="guess"),
        _relevant(2, date_source="none", fetched_at=datetime(2024, 9, 5, 8, 0)),
        _relevant(3, published=date(2024, 8, 20), date_source="guess"),
        _relevant(4, published=date(2024, 9, 14)),  # ingested with its date: given
    )
    analyze(store, settings)
    with store.session() as s:
        ranked = {m.id for c in candidates(s, SEPTEMBER, include_irrelevant=True) for m in c.members}
        apart = listed_apart(s, SEPTEMBER, include_irrelevant=True)
        reasons = {a.article.id: a.reason() for a in apart}
    url = "https://news.example.cn/a{}.html".format
    assert ranked == {ids[url(0)], ids[url(4)]}
    assert set(reasons) == {ids[url(1)], ids[url(2)]}
    assert "htmldate's guess" in reasons[ids[url(1)]] and "2024-09-12" in reasons[ids[url(1)]]
    assert "no date found" in reasons[ids[url(2)]] and "fetched 2024-09-05" in reasons[ids[url(2)]]

    runner = CliRunner()
    table = runner.invoke(app, ["candidates", "2024-09", "--all"], env={"COLUMNS": "300"})
    assert table.exit_code == 0, table.output
    assert "not counted in 2024-09: dates to check" in table.output and "htmldate's guess" in table.output
    lines = [
        json.loads(line)
        for line in runner.invoke(app, ["candidates", "2024-09", "--all", "--json"]).stdout.splitlines()
    ]
    assert {line["article"] for line in lines if line["apart"]} == {ids[url(1)], ids[url(2)]}
    assert {line["date_source"] for line in lines if not line["apart"]} <= {"byline", "given"}


def test_the_web_app_shows_where_a_date_came_from(web: Web) -> None:
    it = issue_538().items[1]
    guessed = ArticleData(
        url="https://blog.example.cn/p/1.html",
        title="某医院上线互联网诊疗平台并推进电子病历互认",
        outlet="示例博客",
        paragraphs=list(it.paragraphs),
        published=date(2024, 9, 18),
        date_source="guess",
    )
    article_id = _put(web.store, guessed)[guessed.url]
    analyze(web.store, web.client.app.state.settings)  # type: ignore[attr-defined]
    sign_in(web.client, "editor")
    page = web.client.get("/candidates", params={"period": "2024-09"}).text
    ranked, _, apart = page.partition("日期待核对，未计入 2024-09")
    assert f'href="/articles/{article_id}"' not in ranked
    assert f'href="/articles/{article_id}"' in apart and "推测日期（网页未标明）：2024-09-18" in apart
    article = web.client.get(f"/articles/{article_id}").text
    assert '<span class="date guessed"' in article and "2024-09-18（推测日期（网页未标明））" in article
    given = web.client.get(f"/articles/{web.ids[it.url]}").text
    assert "（导入时提供）" in given
    listed = web.client.get("/api/candidates/2024-09/apart").json()
    assert [(a["article"], a["date_source"]) for a in listed] == [(article_id, "guess")]
    assert web.client.get(f"/api/articles/{article_id}").json()["date_source"] == "guess"


def test_extract_prints_the_date_source_and_more_pages(tmp_path: Path) -> None:
    page = tmp_path / "5001.html"
    page.write_text(
        "<html><head><meta charset='utf-8'><title>深度调查_示例周刊</title></head><body>"
        "<h1>深度调查：医疗数据共享为何这么难</h1><div class='info'>3小时前 来源：示例周刊</div>"
        "<div id='content'><p>记者在多地调研发现，医院之间的数据共享仍然面临标准不统一、接口不开放等障碍。"
        "</p><p>一位三甲医院信息科主任说，医院的系统由十几家厂商建设，光是打通内部数据就花了三年时间。</p></div>"
        "<div class='page'><span>1</span> <a href='5001_1.html'>2</a>"
        " <a href='5001_1.html'>下一页</a></div></body></html>",
        "utf-8",
    )
    url = "http://news.example.cn/sd/5001.html"  # no date in it: the byline's 3小时前 decides
    found = CliRunner().invoke(
        app, ["extract", str(page), "--url", url, "--fetched-at", "2024-08-28T13:00+08:00"]
    )
    assert found.exit_code == 0, found.output
    record = json.loads(found.stdout)
    assert (record["published"], record["date_source"], record["date_guessed"]) == (
        "2024-08-28",
        "relative",
        False,
    )
    assert record["published_at"] == "2024-08-28T10:00:00"
    assert record["more_pages"] == ["http://news.example.cn/sd/5001_1.html"]
    assert "1 more page(s)" in found.stderr and "下一页" not in record["text"]
    wrong = CliRunner().invoke(app, ["extract", str(page), "--fetched-at", "昨天下午"])
    assert isinstance(wrong.exception, InputError) and "--fetched-at '昨天下午'" in str(wrong.exception)


def test_dates_from_other_tools_and_feeds_land_on_the_beijing_day(tmp_path: Path, store: Store) -> None:
    lines = [
        {
            "url": "https://a.cn/1",
            "title": "t",
            "outlet": "o",
            "text": "x",
            "published": "2024-08-31T17:05:00Z",
        },
        {"url": "https://a.cn/2", "title": "t", "outlet": "o", "text": "x", "published": "2024年8月21日"},
        {"url": "https://a.cn/3", "title": "t", "outlet": "o", "text": "x"},
    ]
    path = tmp_path / "a.jsonl"
    path.write_text("\n".join(json.dumps(line, ensure_ascii=False) for line in lines), "utf-8")
    records = read_jsonl(path)
    assert [r.published for r in records] == [date(2024, 9, 1), date(2024, 8, 21), None]
    with store.session() as s:
        store_articles(s, records)
    with store.session() as s:
        assert sorted((u, d) for u, d in s.execute(select(Article.url, Article.date_source))) == [
            ("https://a.cn/1", "given"),
            ("https://a.cn/2", "given"),
            ("https://a.cn/3", "none"),
        ]
    feed = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><item><title>a</title><link>/jk/1.html</link>'
        b"<pubDate>Sat, 31 Aug 2024 16:30:00 GMT</pubDate></item></channel></rss>"
    )
    assert parse_feed(feed, "https://a.cn/rss.xml")[0].published == date(2024, 9, 1)
    sitemap = (
        b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url>'
        b"<loc>https://a.cn/n/1.html</loc><lastmod>2024-08-31T20:00:00+00:00</lastmod></url></urlset>"
    )
    assert parse_sitemap(sitemap, "https://a.cn/")[0][0].published == date(2024, 9, 1)
    column = (
        "<html><body><ul><li><a href='/n/7.html'>2024年第8批互联网医院名单公布</a> 2024-08-21</li>"
        "<li><a href='/n/8.html'>本市检查检验结果互认扩围</a> 3天前</li></ul></body></html>"
    ).encode()
    links = parse_list(column, "https://a.cn/", ["a.cn"], r"/n/\d+\.html")
    assert links[0].published == date(2024, 8, 21)  # beside the link, not the 2024 of its title
    assert links[1].published is not None and (date.today() - links[1].published).days in (2, 3, 4)


def test_since_takes_a_zoned_time_as_its_beijing_day(home: Path) -> None:
    from yuqing.cli.collect import _day

    assert _day("2024-08-31T16:00:00Z") == date(2024, 9, 1)
    assert _day("2024-09-01") == date(2024, 9, 1)
    wrong = CliRunner().invoke(app, ["collect", "--since", "next tuesday"])
    assert isinstance(wrong.exception, InputError) and "--since 'next tuesday' is not a date" in str(
        wrong.exception
    )
