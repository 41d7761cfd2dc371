"""NUL and bidi overrides in crawled text: removed at every way into the store, cleaned in rows
stored before (migration 0007), and never shown by the pages even when a row still has them."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from fastapi.testclient import TestClient

from tests.webfixtures import client_fixture, sign_in  # noqa: F401 (the fixture)
from yuqing.store.articles import ArticleData, upsert_article
from yuqing.store.db import MIGRATIONS, Store, migrate

REVERSED = "医院\u202e信息化\u2066建设\u2069"  # shown backwards from the override on, in a browser


def test_every_way_in_neutralises_hidden_characters(client: TestClient, store: Store) -> None:
    with store.session() as s:
        article, _ = upsert_article(
            s,
            ArticleData(
                url="https://example.cn/a.html",
                title=REVERSED + "\x00",
                outlet="新\u202d京报\n",
                paragraphs=["第一段\u202e反转\x07。", "\u200f\x00"],
                author="记者\u202e张三",
                published=date(2024, 9, 1),
            ),
        )
        assert (article.title, article.outlet, article.author) == ("医院信息化建设", "新京报", "记者张三")
        assert article.paragraphs == ["第一段反转。"]  # a paragraph of nothing but controls is gone


def test_rows_stored_before_are_cleaned_by_the_migration(tmp_path: Path) -> None:
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'old.db'}")
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0004_users")  # the schema before 0007
        connection.execute(
            sa.text(
                "INSERT INTO articles (url, original_url, title, outlet, paragraphs, content_hash, origin,"
                " fetched_at, updated_at) VALUES ('u', 'u', :t, :o, :p, 'h', 'crawl', :now, :now)"
            ),
            {
                "t": REVERSED,
                "o": "北青网\u202e",
                "p": '["正文\\u202e反转", "\\u0000"]',
                "now": datetime.now(),
            },
        )
    migrate(engine)
    with engine.connect() as connection:
        row = connection.execute(sa.text("SELECT title, outlet, paragraphs FROM articles")).one()
    engine.dispose()
    assert (row.title, row.outlet, json.loads(row.paragraphs)) == ("医院信息化建设", "北青网", ["正文反转"])


def test_pages_never_show_them_even_from_an_unclean_row(client: TestClient, store: Store) -> None:
    with store.session() as s:
        article, _ = upsert_article(
            s, ArticleData(url="https://example.cn/b.html", title="标题", outlet="网易", paragraphs=["正文"])
        )
        s.execute(  # as another tool might write it, past yuqing's own code
            sa.text("UPDATE articles SET title = :t WHERE id = :id"), {"t": REVERSED, "id": article.id}
        )
    sign_in(client, "viewer")
    page = client.get(f"/articles/{article.id}").text
    assert "<h1>医院信息化建设</h1>" in page
    assert not any(c in page for c in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
