"""Ranked candidates of a period: reprint clusters, each shown once, with why it ranks high."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, TypeVarTuple

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, defer

from yuqing.analyze.cluster import Member, heat, origin
from yuqing.analyze.undated import is_dated
from yuqing.report.period import Period
from yuqing.store import issues
from yuqing.store.models import Article, ArticleCluster, ArticleScore, Decision, ReportIssue

Columns = TypeVarTuple("Columns")
HEAT_BONUS = 0.05  # per doubling of the outlets that carried the story


@dataclass
class Candidate:
    cluster_id: int
    article: Article  # the cluster's original (what the report should cite)
    score: ArticleScore
    members: list[Article] = field(default_factory=list)
    heat: int = 1
    rank_score: float = 0.0
    decision: str | None = None

    @property
    def outlets(self) -> list[str]:
        return sorted({m.outlet for m in self.members})

    def why(self) -> str:
        parts = [self.score.reason]
        if self.heat > 1:
            parts.append(f"{self.heat} 家媒体刊发")
        return "；".join(p for p in parts if p)

    def to_json(self) -> dict[str, Any]:
        a, s = self.article, self.score
        return {
            "cluster": self.cluster_id,
            "article": a.id,
            "title": a.title,
            "outlet": a.outlet,
            "url": a.original_url,
            "published": a.published.isoformat() if a.published else None,
            "date_source": a.date_source,
            "rank_score": round(self.rank_score, 4),
            "score": round(s.score, 4),
            "rule_score": round(s.rule_score, 4),
            "model_score": None if s.model_score is None else round(s.model_score, 4),
            "labels": s.labels,
            "heat": self.heat,
            "outlets": self.outlets,
            "members": [m.id for m in self.members],
            "why": self.why(),
            "evidence": s.evidence,
            "decision": self.decision,
        }


def candidates(
    session: Session,
    period: Period,
    top: int | None = None,
    include_irrelevant: bool = False,
    include_rejected: bool = False,
) -> list[Candidate]:
    """Clusters with an article published in the period, best first; rejected ones left out
    unless ``include_rejected`` (their ``decision`` says so). Articles whose date is only
    guessed or missing are not here: analyze/undated.py lists them apart."""
    in_period = (Article.published >= period.start, Article.published <= period.end, is_dated())
    group = func.coalesce(ArticleCluster.cluster_id, Article.id)
    stmt = _scored(select(Article, ArticleScore, ArticleCluster.cluster_id)).where(*in_period)
    if not include_irrelevant:  # most of a month is off the topic: only clusters with a relevant article
        stmt = stmt.where(group.in_(_scored(select(group)).where(*in_period, ArticleScore.relevant)))
    # the archived page and the text are not shown here, and are the bulk of a row
    rows = session.execute(stmt.options(defer(Article.raw_page), defer(Article.paragraphs))).all()
    groups: dict[int, list[tuple[Article, ArticleScore]]] = defaultdict(list)
    for article, score, cluster_id in rows:
        groups[cluster_id or article.id].append((article, score))
    decisions = _decisions(session, [a.id for a, _, _ in rows])
    found = [_candidate(cid, members, decisions) for cid, members in groups.items()]
    found = [
        c
        for c in found
        if (include_rejected or c.decision != "reject") and (include_irrelevant or c.score.relevant)
    ]
    found.sort(key=lambda c: (-c.rank_score, c.article.published or period.end, c.article.id))
    return found[:top] if top else found


def _scored(stmt: Select[*Columns]) -> Select[*Columns]:
    """``stmt`` over the scored articles, each with its reprint cluster if it has one."""
    return (
        stmt.select_from(Article)
        .join(ArticleScore, ArticleScore.article_id == Article.id)
        .outerjoin(ArticleCluster, ArticleCluster.article_id == Article.id)
    )


def _candidate(
    cluster_id: int, members: list[tuple[Article, ArticleScore]], decisions: dict[int, str]
) -> Candidate:
    articles = [a for a, _ in members]
    first = origin([Member(a.id, a.outlet, a.credited_outlet, a.published) for a in articles])
    article = next(a for a in articles if a.id == first.id)
    best = max((s for _, s in members), key=lambda s: s.score)
    outlets = heat([Member(a.id, a.outlet, a.credited_outlet, a.published) for a in articles])
    rank = best.score + HEAT_BONUS * math.log2(outlets)
    decision = next((decisions[a.id] for a in articles if a.id in decisions), None)
    return Candidate(cluster_id, article, best, articles, outlets, rank, decision)


def _decisions(session: Session, ids: list[int]) -> dict[int, str]:
    latest: dict[int, str] = {}
    for start in range(0, len(ids), 5000):
        for d in session.scalars(
            select(Decision)
            .where(Decision.article_id.in_(ids[start : start + 5000]))
            .order_by(Decision.decided_at)
        ):
            latest[d.article_id] = d.decision
    return latest


def fill_issue(session: Session, issue: ReportIssue, found: list[Candidate], count: int) -> int:
    """Add the best candidates to a draft issue until it has ``count`` items, one per cluster;
    items already there stay. Returns how many were added."""
    present = {item.article_id for item in issue.items}
    clusters = {c.cluster_id for c in found if present & {m.id for m in c.members}}
    added = 0
    for candidate in found:
        if len(issue.items) >= count:
            break
        if candidate.cluster_id in clusters or candidate.article.id in present:
            continue
        issues.add_item(session, issue, candidate.article)
        clusters.add(candidate.cluster_id)
        added += 1
    return added
