"""Scoring and clustering what the store holds: the step between collection and curation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from yuqing.analyze import learn
from yuqing.analyze.cluster import Doc, ReprintIndex
from yuqing.analyze.profile import load_profile, profile_path
from yuqing.analyze.score import Scorer
from yuqing.settings import Settings
from yuqing.store.db import Store
from yuqing.store.models import Article, ArticleCluster, ArticleScore

BATCH = 500
CLUSTER_WINDOW = timedelta(days=120)  # reprints appear within days; a window keeps re-clustering cheap


@dataclass
class AnalyzeSummary:
    scored: int
    relevant: int
    clustered: int
    clusters: int


def model_path(settings: Settings) -> Path:
    return settings.home / "models" / "relevance.joblib"


def analyze(store: Store, settings: Settings, rescore: bool = False) -> AnalyzeSummary:
    """Score new or changed articles (all with ``rescore``), then re-cluster recent ones."""
    scorer = Scorer(load_profile(profile_path(settings)))
    model = learn.load(model_path(settings))
    scored = relevant = 0
    with store.session() as session:
        for article in _to_score(session, rescore):
            row = _score(scorer, model, article)
            session.merge(row)
            scored += 1
            relevant += row.relevant
            if scored % BATCH == 0:
                session.flush()
    clustered, clusters = recluster(store)
    return AnalyzeSummary(scored, relevant, clustered, clusters)


def _to_score(session: Session, rescore: bool) -> list[Article]:
    stmt = select(Article).outerjoin(ArticleScore, ArticleScore.article_id == Article.id)
    if not rescore:
        stmt = stmt.where(ArticleScore.article_id.is_(None) | (Article.updated_at > ArticleScore.scored_at))
    return list(session.scalars(stmt.order_by(Article.id)))


def _score(scorer: Scorer, model: learn.RelevanceModel | None, article: Article) -> ArticleScore:
    rules = scorer.score(article.title, article.paragraphs)
    model_score = model.predict([article_text(article)])[0] if model else None
    final = learn.combine(rules.score, model_score)
    reason = rules.reason
    if model is not None and model_score is not None:
        reason += f"；模型 {model_score:.2f} → {final:.2f}（基于 {model.trained_on} 条编辑决定）"
    return ArticleScore(
        article_id=article.id,
        score=final,
        rule_score=rules.score,
        model_score=model_score,
        relevant=_relevant(rules.relevant, rules.score, final, model_score, scorer.profile.threshold),
        labels=list(rules.labels),
        evidence=[
            {"term": e.term, "group": e.group, "weight": e.weight, "count": e.count, "in_title": e.in_title}
            for e in rules.evidence
        ],
        reason=reason,
        scored_at=datetime.now().replace(microsecond=0),
    )


def _relevant(by_rules: bool, rule: float, final: float, model: float | None, threshold: float) -> bool:
    """The rules decide alone until a model exists. Then the combined score may lift an article
    over the threshold, but only one with topic evidence of at least half the threshold, and it
    may drop one the editors keep rejecting."""
    if model is None:
        return by_rules
    return final >= threshold and rule >= threshold / 2


def article_text(article: Article) -> str:
    return article.title + "\n" + "\n".join(article.paragraphs)


def recluster(store: Store) -> tuple[int, int]:
    """Group the window's articles into reprint clusters and store each one's cluster."""
    with store.session() as session:
        newest = session.scalar(select(Article.fetched_at).order_by(Article.fetched_at.desc()).limit(1))
        if newest is None:
            return 0, 0
        rows = session.execute(
            select(Article.id, Article.title, Article.paragraphs)
            .where(Article.fetched_at >= newest - CLUSTER_WINDOW)
            .order_by(Article.id)
        ).all()
        index = ReprintIndex()
        assigned = {row.id: index.add(Doc(row.id, "\n".join(row.paragraphs))) for row in rows}
        # cluster ids are final only once every member is in: read them back from the index
        final = {member: cid for cid, members in index.clusters().items() for member in members}
        ids = list(assigned)
        for start in range(0, len(ids), 5000):  # SQLite caps the parameters of one statement
            chunk = ids[start : start + 5000]
            session.execute(delete(ArticleCluster).where(ArticleCluster.article_id.in_(chunk)))
        session.add_all(ArticleCluster(article_id=a, cluster_id=final.get(a, a)) for a in assigned)
        return len(assigned), len(set(final.values()) | (set(assigned) - set(final)))
