"""Full-text search over title and text on SQLite (FTS5) and PostgreSQL (tsvector).

Both index the bigram tokens of yuqing.text.search_tokens; a query becomes a phrase of the same
tokens, so 医保 matches as a word and 电子病历 as the run 电子 子病 病历. One Chinese character
alone is a prefix query (医 finds 医保, 医院 …). On PostgreSQL a word matching more than RANKED
articles ranks the newest RANKED of them (ranking reads each document; the match itself is cheap);
a page from ``offset`` on ranks ``offset`` more.

``search`` gives one page (``limit`` from ``offset``), ``count`` how many match in all, for
paging. The outlet filter matches part of the name (人民 finds 人民网 and 人民日报); the subtopic
filter reads the score's labels in SQL, so counts and pages agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import (
    ColumnElement,
    Select,
    bindparam,
    cast,
    column,
    exists,
    func,
    literal_column,
    select,
    table,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Session

from yuqing.errors import InputError
from yuqing.store.models import Article, ArticleScore
from yuqing.text import is_cjk, search_tokens

RANKED = 2000  # PostgreSQL ranks at most this many matches, the newest (see _postgres)


@dataclass(frozen=True)
class SearchFilter:
    query: str
    start: date | None = None
    end: date | None = None
    outlet: str | None = None  # part of the outlet's name
    limit: int = 20
    offset: int = 0
    label: str | None = None  # a subtopic the article's score carries


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
    """Articles matching every term of the query, best first, within the filters: ``limit`` of
    them from ``offset`` on. Raises InputError for a query without a searchable word."""
    terms, where, postgres = _parts(session, flt)
    query = _postgres(terms, where, RANKED + flt.offset) if postgres else _sqlite(terms, where)
    return list(session.scalars(query.offset(flt.offset).limit(flt.limit)))


def count(session: Session, flt: SearchFilter) -> int:
    """How many articles match the query and filters in all (``limit`` and ``offset`` aside)."""
    terms, where, postgres = _parts(session, flt)
    if postgres:
        query = _postgres_tsquery(terms)
        index = table("article_search", column("article_id"), column("document"))
        found = (
            select(func.count())
            .select_from(index)
            .join(Article, Article.id == index.c.article_id)
            .where(index.c.document.op("@@")(query), *where)
        )
        return int(session.scalar(found) or 0)
    matches = _sqlite(terms, where).order_by(None).with_only_columns(func.count(Article.id))
    return int(session.scalar(matches) or 0)


def _parts(session: Session, flt: SearchFilter) -> tuple[list[list[str]], list[ColumnElement[bool]], bool]:
    """The query's terms (bigram runs), the filters as conditions, and whether on PostgreSQL."""
    terms = [search_tokens(word) for word in flt.query.split()]
    terms = [t for t in terms if t]
    if not terms:
        raise InputError(f"search query {flt.query!r} has no searchable words")
    postgres = session.get_bind().dialect.name == "postgresql"
    where: list[ColumnElement[bool]] = []
    if flt.start:
        where.append(Article.published >= flt.start)
    if flt.end:
        where.append(Article.published <= flt.end)
    if flt.outlet:
        where.append(Article.outlet.contains(flt.outlet, autoescape=True))
    if flt.label:
        where.append(_has_label(flt.label, postgres))
    return terms, where, postgres


def _has_label(label: str, postgres: bool) -> ColumnElement[bool]:
    """The article's score carries ``label`` (labels are a JSON list, read per database)."""
    if postgres:
        carries = cast(ArticleScore.labels, JSONB).contains([label])
    else:
        each = func.json_each(ArticleScore.labels).table_valued("value")
        carries = exists(select(1).select_from(each).where(each.c.value == label))
    return exists(select(1).where(ArticleScore.article_id == Article.id, carries))


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


def _postgres_tsquery(terms: list[list[str]]) -> ColumnElement[object]:
    def phrase(tokens: list[str]) -> str:
        if len(tokens) == 1 and is_cjk(tokens[0]) and len(tokens[0]) == 1:
            return f"'{tokens[0]}':*"
        return "(" + " <-> ".join(f"'{t}'" for t in tokens) + ")"

    return func.to_tsquery("simple", bindparam("tsq", " & ".join(phrase(t) for t in terms)))


def _postgres(terms: list[list[str]], where: list[ColumnElement[bool]], ranked: int) -> Select[Article]:
    query = _postgres_tsquery(terms)
    index = table("article_search", column("article_id"), column("document"))
    # Ranking reads every matching document; a common word (医疗) matches half the archive. The
    # index finds the matches cheaply, so only the newest RANKED of them are ranked.
    hits = (
        select(index.c.article_id, index.c.document, Article.published)
        .join(Article, Article.id == index.c.article_id)
        .where(index.c.document.op("@@")(query), *where)
        .order_by(Article.published.desc().nulls_last())
        .limit(ranked)
        .subquery()
    )
    return (
        select(Article)
        .join(hits, hits.c.article_id == Article.id)
        .order_by(func.ts_rank(hits.c.document, query).desc(), hits.c.published.desc().nulls_last())
    )
