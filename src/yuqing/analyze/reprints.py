"""Reprint clusters kept in the store and extended as articles arrive.

Every article is indexed once: its LSH bucket keys go to ``reprint_buckets`` and its cluster to
``article_clusters`` (with the hash of the text it was clustered from). A new article meets only
the stored articles that share one of its buckets (at most BUCKET_CAP per bucket), joins the
cluster of each verified near-duplicate, and merges clusters it bridges. Nothing re-clusters the
archive unless asked (``yuqing analyze --rebuild-clusters``), which indexes every article again in
id order, the order analyze adds them in, so a rebuild finds the clusters incremental indexing found.

An article whose text changed is indexed again; the cluster it leaves keeps its other members
(a rebuild splits a cluster that only it held together).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, delete, func, insert, select, update
from sqlalchemy.orm import Session

from yuqing.analyze.cluster import Doc, Indexed, ReprintIndex, shingles
from yuqing.store.db import Store
from yuqing.store.models import Article, ArticleCluster, ReprintBucket

BATCH = 500  # articles per transaction: a crash loses at most one batch, which the next run redoes
CACHE = 5000  # stored articles whose shingles stay in memory between batches (about 6 kB each)
CHUNK = 5000  # SQLite caps the parameters of one statement


@dataclass
class IndexSummary:
    indexed: int  # articles indexed this run
    clusters: int  # reprint clusters of two or more articles in the store


def extend(store: Store) -> IndexSummary:
    """Index every article not indexed yet, or whose text changed since, oldest id first."""
    with store.session() as session:
        todo = [(row[0], bool(row[1])) for row in session.execute(_unindexed())]
    kept: OrderedDict[int, Indexed] = OrderedDict()
    indexed = 0
    for start in range(0, len(todo), BATCH):
        with store.session(write=True) as session:  # reads, then writes (store/db.py)
            # read again under the write lock: another analysis may have indexed some since
            wanted = [article_id for article_id, _ in todo[start : start + BATCH]]
            batch = [(row[0], bool(row[1])) for row in session.execute(_unindexed(wanted))]
            if not batch:
                continue
            _forget(session, [article_id for article_id, known in batch if known])
            _index_batch(session, [article_id for article_id, _ in batch], kept)
            indexed += len(batch)
    with store.session() as session:
        return IndexSummary(indexed, count_clusters(session))


def clear(store: Store) -> None:
    """Forget the index and every cluster; the next `extend` indexes the whole archive."""
    with store.session(write=True) as session:
        session.execute(delete(ReprintBucket))
        session.execute(delete(ArticleCluster))


def count_clusters(session: Session) -> int:
    """Reprint clusters of two or more articles."""
    multi = (
        select(ArticleCluster.cluster_id)
        .group_by(ArticleCluster.cluster_id)
        .having(func.count() > 1)
        .subquery()
    )
    return int(session.scalar(select(func.count()).select_from(multi)) or 0)


def _unindexed(among: Sequence[int] | None = None) -> Select[int, bool]:
    """(id, whether it was indexed before) of the articles to index, all or ``among`` these."""
    known = ArticleCluster.article_id.is_not(None)
    stmt = (
        select(Article.id, known) if among is None else select(Article.id, known).where(Article.id.in_(among))
    )
    return (
        stmt.outerjoin(ArticleCluster, ArticleCluster.article_id == Article.id)
        .where(
            ArticleCluster.article_id.is_(None)
            | ArticleCluster.content_hash.is_(None)
            | (ArticleCluster.content_hash != Article.content_hash)
        )
        .order_by(Article.id)
    )


def _index_batch(session: Session, ids: list[int], kept: OrderedDict[int, Indexed]) -> None:
    index = ReprintIndex(fetch=lambda wanted: _stored(session, wanted), cache=CACHE, kept=kept)
    rows = _rows(session, ids)
    signed = [index.sign(Doc(row.id, "\n".join(row.paragraphs), _day(row))) for row in rows]
    buckets = _buckets(session, sorted({key for s in signed for key in s.keys}))
    clusters = _clusters(session, sorted({m for members in buckets.values() for m in members}))
    index.seed(buckets, clusters)
    for one in signed:
        index.add(one)
    keys = [{"key": key, "article_id": doc_id} for doc_id, added in index.added.items() for key in added]
    if keys:
        session.execute(insert(ReprintBucket), keys)
    for old in sorted(set(clusters.values())):  # stored clusters a new article joined together
        if index.cluster_of(old) != old:
            session.execute(
                update(ArticleCluster)
                .where(ArticleCluster.cluster_id == old)
                .values(cluster_id=index.cluster_of(old))
            )
    if rows:  # none when the articles were deleted meanwhile
        session.execute(
            insert(ArticleCluster),
            [
                {
                    "article_id": row.id,
                    "cluster_id": index.cluster_of(row.id),
                    "content_hash": row.content_hash,
                }
                for row in rows
            ],
        )


def _forget(session: Session, ids: list[int]) -> None:
    """Take articles whose text changed out of the index and of their clusters."""
    for article_id in ids:
        cluster = session.scalar(
            select(ArticleCluster.cluster_id).where(ArticleCluster.article_id == article_id)
        )
        session.execute(delete(ArticleCluster).where(ArticleCluster.article_id == article_id))
        session.execute(delete(ReprintBucket).where(ReprintBucket.article_id == article_id))
        if cluster == article_id:  # it named its cluster: the smallest of the others names it now
            rest = session.scalar(
                select(func.min(ArticleCluster.article_id)).where(ArticleCluster.cluster_id == cluster)
            )
            if rest is not None:
                session.execute(
                    update(ArticleCluster).where(ArticleCluster.cluster_id == cluster).values(cluster_id=rest)
                )


def _rows(session: Session, ids: Sequence[int]) -> list[Any]:
    """(id, paragraphs, published, fetched_at, content_hash) of the articles, by id."""
    found: list[Any] = []
    columns = (Article.id, Article.paragraphs, Article.published, Article.fetched_at, Article.content_hash)
    for chunk in _chunks(ids):
        found += session.execute(select(*columns).where(Article.id.in_(chunk))).all()
    return sorted(found, key=lambda row: row.id)


def _stored(session: Session, ids: list[int]) -> dict[int, Indexed]:
    """Stored candidates, shingled again from their text (cheaper to keep than their shingles)."""
    return {row.id: Indexed(shingles("\n".join(row.paragraphs)), _day(row)) for row in _rows(session, ids)}


def _buckets(session: Session, keys: list[int]) -> dict[int, list[int]]:
    found: dict[int, list[int]] = {}
    for chunk in _chunks(keys):
        rows = session.execute(
            select(ReprintBucket.key, ReprintBucket.article_id)
            .where(ReprintBucket.key.in_(chunk))
            .order_by(ReprintBucket.key, ReprintBucket.article_id)
        )
        for key, article_id in rows:
            found.setdefault(key, []).append(article_id)
    return found


def _clusters(session: Session, ids: list[int]) -> dict[int, int]:
    found: dict[int, int] = {}
    for chunk in _chunks(ids):
        rows = session.execute(
            select(ArticleCluster.article_id, ArticleCluster.cluster_id).where(
                ArticleCluster.article_id.in_(chunk)
            )
        )
        found.update((row[0], row[1]) for row in rows)
    return found


def _day(row: Any) -> date:
    day: date = row.published or row.fetched_at.date()
    return day


def _chunks(items: Sequence[int]) -> Iterator[Sequence[int]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]
