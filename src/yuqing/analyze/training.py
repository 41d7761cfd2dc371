"""Training examples from the store: what editors picked, rejected and passed over."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from yuqing.analyze.learn import Example
from yuqing.store.models import Article, Decision, IssueItem, ReportIssue


def examples(session: Session) -> list[Example]:
    """Positives: articles placed in any issue or picked. Negatives: articles rejected, and the
    articles of a frozen issue's period that the editor left out (a weaker but plentiful signal)."""
    positive = set(session.scalars(select(IssueItem.article_id)))
    negative: set[int] = set()
    for decision in session.scalars(select(Decision).order_by(Decision.decided_at)):
        (positive if decision.decision == "pick" else negative).add(decision.article_id)
        (negative if decision.decision == "pick" else positive).discard(decision.article_id)
    for issue in session.scalars(select(ReportIssue).where(ReportIssue.status == "frozen")):
        passed_over = session.scalars(
            select(Article.id).where(
                Article.published >= issue.period_start, Article.published <= issue.period_end
            )
        )
        negative.update(set(passed_over) - positive)
    texts = _texts(session, sorted(positive | negative))
    return [Example(texts[i], 1) for i in sorted(positive) if i in texts] + [
        Example(texts[i], 0) for i in sorted(negative - positive) if i in texts
    ]


def _texts(session: Session, ids: list[int]) -> dict[int, str]:
    texts: dict[int, str] = {}
    for start in range(0, len(ids), 5000):  # SQLite caps the parameters of one statement
        rows = session.execute(
            select(Article.id, Article.title, Article.paragraphs).where(
                Article.id.in_(ids[start : start + 5000])
            )
        )
        texts.update({row.id: row.title + "\n" + "\n".join(row.paragraphs) for row in rows})
    return texts
