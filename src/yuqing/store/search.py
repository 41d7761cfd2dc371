"""Full-text search over title and text on SQLite (FTS5) and PostgreSQL (tsvector).

Both index the bigram tokens of yuqing.text.search_tokens; a query becomes a phrase of the same
tokens, so 医保 matches as a word and 电子病历 as the run 电子 子病 病历. One Chinese character
alone is a prefix query (医 finds 医保, 医院 …).

Order of results, the same on both backends: the RANKED most recently stored matches (filters
applied) by relevance (SQLite bm25, title weighted 5:1; PostgreSQL ts_rank, title weight A), best
first; after them every earlier match, most recently stored first. Ranking reads each ranked document
while finding matches is cheap, so a word found in most of the archive (医疗) costs RANKED rankings,
not one per article; and the newest matches are read in id order from the index, which stops as soon
as it has RANKED of them. A filter that keeps few articles (an outlet in one month) is read first
instead, and its articles are looked up among the matches. Only the page's articles are loaded;
``count`` gives the number of matches, for paging, as a query of its own.

The outlet filter matches part of the name (人民 finds 人民网 and 人民日报); the subtopic filter reads
the score's labels in SQL, so counts and pages agree.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
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

RANKED = 200  # matches ranked by relevance; earlier ones follow, newest first (module docstring)


@dataclass(frozen=True)
class SearchFilter:
    """A query (words separated by spaces must all occur) and its filters; ``limit`` and ``offset``
    choose the page of results (offset 0 is the first result)."""

    query: str
    start: date | None = None
    end: date | None = None
    outlet: str | None = None
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
    """One page of the articles matching every word of the query, within the filters, in the
    order of the module docstring. Raises InputError when the query has no searchable word."""
    if flt.limit < 0 or flt.offset < 0:
        raise InputError(f"search limit {flt.limit} and offset {flt.offset} must not be negative")
    match = _match(session, flt)
    newest = _newest(session, match, flt)
    ranked = list(session.scalars(newest.limit(RANKED)))
    page = _rank(session, match, ranked)[flt.offset : flt.offset + flt.limit]
    if len(page) < flt.limit and len(ranked) == RANKED:  # the page reaches past the ranked part
        skip = RANKED + max(0, flt.offset - RANKED)
        page += list(session.scalars(newest.offset(skip).limit(flt.limit - len(page))))
    articles = {a.id: a for a in session.scalars(select(Article).where(Article.id.in_(page)))}
    return [articles[i] for i in page]


def count(session: Session, flt: SearchFilter) -> int:
    """How many articles match the query within the filters (limit and offset aside)."""
    match = _match(session, flt)
    where = _filters(flt, match.postgres)
    if match.postgres:
        matching = _newest(session, match, flt).order_by(None).subquery()
        with _index_scans(session):
            return int(session.scalar(select(func.count()).select_from(matching)) or 0)
    fts_match = text("article_fts MATCH :match").bindparams(match=match.query)
    if not where:  # the index alone knows
        return int(session.scalar(select(func.count()).select_from(_FTS).where(fts_match)) or 0)
    matches = select(_FTS.c.rowid).where(fts_match)
    counted = select(func.count()).select_from(Article).where(*where, _FILTERED_ID.in_(matches))
    return int(session.scalar(counted) or 0)


@contextmanager
def _index_scans(session: Session) -> Iterator[None]:
    """PostgreSQL: find the matches through the GIN index even for a word in most articles.

    The planner prices ``@@`` at one operator call per row, but each call first reads the row's
    tsvector out of TOAST storage, so for a common word (中医 in 76% of 100k articles, with an
    outlet filter) it picks a sequential scan that took 1.3 s where the bitmap index scan takes
    30 ms. Sequential scans are discouraged for this one statement, then the setting is restored."""
    before = session.scalar(text("SELECT current_setting('enable_seqscan')"))
    session.execute(text("SELECT set_config('enable_seqscan', 'off', true)"))
    try:
        yield
    finally:
        session.execute(text("SELECT set_config('enable_seqscan', :v, true)"), {"v": before})


@dataclass(frozen=True)
class _Match:
    postgres: bool
    query: str  # an FTS5 MATCH expression or a PostgreSQL tsquery


def _match(session: Session, flt: SearchFilter) -> _Match:
    terms = [search_tokens(word) for word in flt.query.split()]
    terms = [t for t in terms if t]
    if not terms:
        raise InputError(f"search query {flt.query!r} has no searchable words")
    if session.get_bind().dialect.name == "postgresql":
        return _Match(True, " & ".join(_tsquery_phrase(t) for t in terms))
    return _Match(False, " AND ".join(_fts5_phrase(t) for t in terms))


def _fts5_phrase(tokens: list[str]) -> str:
    if len(tokens) == 1 and is_cjk(tokens[0]) and len(tokens[0]) == 1:
        return f'"{tokens[0]}"*'
    return '"' + " ".join(tokens) + '"'


def _tsquery_phrase(tokens: list[str]) -> str:
    if len(tokens) == 1 and is_cjk(tokens[0]) and len(tokens[0]) == 1:
        return f"'{tokens[0]}':*"
    return "(" + " <-> ".join(f"'{t}'" for t in tokens) + ")"


_PG_INDEX = table("article_search", column("article_id"), column("document"))
# SQLite: "+id" keeps the planner from driving the query by the matches' ids, one wide article row
# read per match (a word in 76% of 100k articles, with an outlet filter: 263 ms); it reads the
# filter's index instead and looks each id up among the matches (63 ms). The same rows either way.
_FILTERED_ID: ColumnElement[int] = literal_column("+articles.id")
_FTS = table("article_fts", column("rowid"))


def _filters(flt: SearchFilter, postgres: bool) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = []
    if flt.start:
        where.append(Article.published >= flt.start)
    if flt.end:
        where.append(Article.published <= flt.end)
    if flt.outlet:
        where.append(Article.outlet.contains(flt.outlet, autoescape=True))
    if flt.label:
        where.append(_has_label(flt.label, postgres))
    return where


def _has_label(label: str, postgres: bool) -> ColumnElement[bool]:
    """The article's score carries ``label`` (labels are a JSON list, read per database)."""
    if postgres:
        carries = cast(ArticleScore.labels, JSONB).contains([label])
    else:
        each = func.json_each(ArticleScore.labels).table_valued("value")
        carries = exists(select(1).select_from(each).where(each.c.value == label))
    return exists(select(1).where(ArticleScore.article_id == Article.id, carries))


def _newest(session: Session, match: _Match, flt: SearchFilter) -> Select[int]:
    """Ids of the matching articles within the filters, most recently stored first."""
    where = _filters(flt, match.postgres)
    if match.postgres:  # the planner chooses between the GIN index and the (outlet, id) index itself
        query = func.to_tsquery("simple", bindparam("tsq", match.query))
        hit = (
            select(_PG_INDEX.c.article_id)
            .where(_PG_INDEX.c.article_id == Article.id, _PG_INDEX.c.document.op("@@")(query))
            .exists()
        )
        return select(Article.id).where(hit, *where).order_by(Article.id.desc())
    fts_match = text("article_fts MATCH :match").bindparams(match=match.query)
    if where and _narrow(session, where):  # read the few filtered articles, look each up in the matches
        matches = select(_FTS.c.rowid).where(fts_match)
        return select(Article.id).where(*where, _FILTERED_ID.in_(matches)).order_by(Article.id.desc())
    # read the matches newest first from the index, each checked against the filters; stops at LIMIT
    return (
        select(Article.id)
        .select_from(_FTS)
        .join(Article, Article.id == _FTS.c.rowid)
        .where(fts_match, *where)
        .order_by(_FTS.c.rowid.desc())
    )


def _narrow(session: Session, where: list[ColumnElement[bool]]) -> bool:
    """Whether the filters keep few enough articles to read them all rather than walk the matches.

    Walking the matches reads about RANKED * total / kept of them before RANKED pass the filters;
    reading the filtered articles reads ``kept``: the second is cheaper when kept**2 < RANKED * total.
    Both counts come from indexes (a millisecond at 100k articles)."""
    total = session.scalar(select(func.max(Article.id))) or 0
    kept = session.scalar(select(func.count()).select_from(Article).where(*where)) or 0
    return kept * kept < RANKED * total


def _rank(session: Session, match: _Match, ids: Sequence[int]) -> list[int]:
    """The ids by relevance, best first; ties keep the order they came in (newest first)."""
    if not ids:
        return []
    position = {article_id: n for n, article_id in enumerate(ids)}
    if match.postgres:
        query = func.to_tsquery("simple", bindparam("tsq", match.query))
        rank = func.ts_rank(_PG_INDEX.c.document, query)
        rows = session.execute(
            select(_PG_INDEX.c.article_id, rank).where(_PG_INDEX.c.article_id.in_(ids))
        ).all()
        scores = {row[0]: -float(row[1]) for row in rows}
    else:
        # One pass over the matches from the lowest id up; "+rowid" keeps FTS5 from running the
        # whole query again for every id, and bm25 is computed only for the ids asked for.
        rows = session.execute(
            text(
                "SELECT rowid, bm25(article_fts, 5.0, 1.0) FROM article_fts WHERE article_fts MATCH :match "
                "AND rowid >= :lowest AND +rowid IN (SELECT value FROM json_each(:ids))"
            ),
            {"match": match.query, "lowest": min(ids), "ids": json.dumps(list(ids))},
        ).all()
        scores = {row[0]: float(row[1]) for row in rows}
    return sorted(ids, key=lambda i: (scores.get(i, 0.0), position[i]))
