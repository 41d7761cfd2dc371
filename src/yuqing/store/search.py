"""Full-text search over title and text on SQLite (FTS5) and PostgreSQL (tsvector).

Both index the bigram tokens of yuqing.text.search_tokens; a query becomes a phrase of the same
tokens, so 医保 matches as a word and 电子病历 as the run 电子 子病 病历. One Chinese character
alone is a prefix query (医 finds 医保, 医院 …). On PostgreSQL a word matching more than RANKED
articles ranks the newest RANKED of them (ranking reads each document; the match itself is cheap).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, Select, bindparam, column, func, literal_column, select, table, text
from sqlalchemy.orm import Session

from yuqing.errors import InputError
from yuqing.store.models import Article
from yuqing.text import is_cjk, search_tokens

RANKED = 2000  # PostgreSQL ranks at most this many matches, the newest (see _postgres)


@dataclass(frozen=True)
class SearchFilter:
    query: str
    start: date | None = None
    end: date | None = None
    outlet: str | None = None
    limit: int = 20


def index_article(session: Session, article: Article) -> None:
    """(Re)write the article's entry in the search index."""
    title = " ".join(search_tokens(article.title))
    body = " ".join(search_tokens("\n".join(article.paragraphs)))
    if session.get_bind().dialect.name == "postgresql":
        session.execute(
            text(
                "INSERT INTO article_search (article_id, document) VALUES (:id, "
                "setweight(to_tsvector('simple', :title), 'A') || to_tsvector('simple', :body)) "
                "ON CONFLICT (article_id) DO UPDATE SET document = EXCLUDED.document"
            ),
            {"id": article.id, "title": title, "body": body},
        )
    else:
        session.execute(text("DELETE FROM article_fts WHERE rowid = :id"), {"id": article.id})
        session.execute(
            text("INSERT INTO article_fts (rowid, title, body) VALUES (:id, :title, :body)"),
            {"id": article.id, "title": title, "body": body},
        )


def search(session: Session, flt: SearchFilter) -> list[Article]:
    """Articles matching every term of the query, best first, within the filters."""
    terms = [search_tokens(word) for word in flt.query.split()]
    terms = [t for t in terms if t]
    if not terms:
        raise InputError(f"search query {flt.query!r} has no searchable words")
    where: list[ColumnElement[bool]] = []
    if flt.start:
        where.append(Article.published >= flt.start)
    if flt.end:
        where.append(Article.published <= flt.end)
    if flt.outlet:
        where.append(Article.outlet == flt.outlet)
    build = _postgres if session.get_bind().dialect.name == "postgresql" else _sqlite
    return list(session.scalars(build(terms, where).limit(flt.limit)))


def _sqlite(terms: list[list[str]], where: list[ColumnElement[bool]]) -> Select[Article]:
    def phrase(tokens: list[str]) -> str:
        if len(tokens) == 1 and is_cjk(tokens[0]) and len(tokens[0]) == 1:
            return f'"{tokens[0]}"*'
        return '"' + " ".join(tokens) + '"'

    match = " AND ".join(phrase(t) for t in terms)
    fts = (
        select(
            literal_column("rowid").label("id"),
            literal_column("bm25(article_fts, 5.0, 1.0)").label("rank"),
        )
        .select_from(text("article_fts"))
        .where(text("article_fts MATCH :match"))
        .subquery()
    )
    return (
        select(Article)
        .join(fts, fts.c.id == Article.id)
        .where(*where)
        .order_by(fts.c.rank, Article.published.desc())
        .params(match=match)
    )


def _postgres(terms: list[list[str]], where: list[ColumnElement[bool]]) -> Select[Article]:
    def phrase(tokens: list[str]) -> str:
        if len(tokens) == 1 and is_cjk(tokens[0]) and len(tokens[0]) == 1:
            return f"'{tokens[0]}':*"
        return "(" + " <-> ".join(f"'{t}'" for t in tokens) + ")"

    query = func.to_tsquery("simple", bindparam("tsq", " & ".join(phrase(t) for t in terms)))
    index = table("article_search", column("article_id"), column("document"))
    # Ranking reads every matching document; a common word (医疗) matches half the archive. The
    # index finds the matches cheaply, so only the newest RANKED of them are ranked.
    hits = (
        select(index.c.article_id, index.c.document, Article.published)
        .join(Article, Article.id == index.c.article_id)
        .where(index.c.document.op("@@")(query), *where)
        .order_by(Article.published.desc().nulls_last())
        .limit(RANKED)
        .subquery()
    )
    return (
        select(Article)
        .join(hits, hits.c.article_id == Article.id)
        .order_by(func.ts_rank(hits.c.document, query).desc(), hits.c.published.desc().nulls_last())
    )
