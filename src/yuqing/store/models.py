"""The tables of the store. Schema changes go through a new migration in ``migrations/versions``."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Source(Base):
    """An outlet yuqing collects from (its entry points live in the source registry)."""

    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    outlet: Mapped[str] = mapped_column(String(200))
    config: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    enabled: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class Article(Base):
    """One article, however many paths found it; ``url`` is the normalised URL."""

    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(2048), unique=True)
    original_url: Mapped[str] = mapped_column(String(2048))
    title: Mapped[str] = mapped_column(Text)
    outlet: Mapped[str] = mapped_column(String(200), index=True)  # where it was found
    credited_outlet: Mapped[str | None] = mapped_column(String(200))  # its 来源 line, if any
    published: Mapped[date | None] = mapped_column(Date, index=True)
    # where ``published`` was read (yuqing.provenance.DATE_SOURCES); guess/none are listed apart
    date_source: Mapped[str] = mapped_column(
        String(12), index=True, default="unknown", server_default="unknown"
    )
    author: Mapped[str | None] = mapped_column(String(200))
    paragraphs: Mapped[list[str]] = mapped_column(JSON)
    raw_page: Mapped[bytes | None] = mapped_column(LargeBinary)  # zlib-compressed, as fetched
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    origin: Mapped[str] = mapped_column(String(20))  # import | ingest | crawl
    source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id", ondelete="SET NULL"))
    fetched_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime, index=True)  # analyze's change check

    source: Mapped[Source | None] = relationship()


class ReportIssue(Base):
    """One issue of a report series: a period, a number, ordered items; frozen once published."""

    __tablename__ = "report_issues"
    __table_args__ = (
        UniqueConstraint("series", "number"),
        UniqueConstraint("series", "period_start", "period_end"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    series: Mapped[str] = mapped_column(String(100))
    number: Mapped[int] = mapped_column(Integer)
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(10), default="draft")  # draft | frozen
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    frozen_at: Mapped[datetime | None] = mapped_column(DateTime)
    frozen_document: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    items: Mapped[list[IssueItem]] = relationship(
        back_populates="issue", order_by="IssueItem.position", cascade="all, delete-orphan"
    )


class IssueItem(Base):
    """An article placed in an issue, with the editor's per-item edits (None: the article's own)."""

    __tablename__ = "issue_items"
    __table_args__ = (UniqueConstraint("issue_id", "article_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    issue_id: Mapped[int] = mapped_column(ForeignKey("report_issues.id", ondelete="CASCADE"))
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="RESTRICT"))
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str | None] = mapped_column(Text)
    outlet: Mapped[str | None] = mapped_column(String(200))
    paragraphs: Mapped[list[str] | None] = mapped_column(JSON)

    issue: Mapped[ReportIssue] = relationship(back_populates="items")
    article: Mapped[Article] = relationship()


class CrawlUrl(Base):
    """One article URL a crawl has discovered: pending until stored or dropped with a reason.
    The frontier lives here, not in memory, so a crawl killed at any moment resumes."""

    __tablename__ = "crawl_urls"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(2048), unique=True)  # normalised
    source: Mapped[str] = mapped_column(String(200), index=True)
    status: Mapped[str] = mapped_column(String(10), index=True)  # pending | stored | dropped | failed
    reason: Mapped[str | None] = mapped_column(String(40))
    detail: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    discovered_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    # the crawl that may fetch it (collect/claims.py); a lease past its time is free to take
    lease_owner: Mapped[str | None] = mapped_column(String(100))
    lease_until: Mapped[datetime | None] = mapped_column(DateTime)


class CollectRun(Base):
    """What one crawl of one source did: counts, drops by reason, errors. Written when the run
    starts (status ``running``, no finished_at: a run killed outright stays so) and closed with
    ``finished``, ``interrupted`` (SIGTERM/SIGINT) or ``failed`` (the store could not be written)."""

    __tablename__ = "collect_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(200), index=True)
    status: Mapped[str] = mapped_column(String(12), default="finished", server_default="finished")
    started_at: Mapped[datetime] = mapped_column(DateTime)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
    fetched: Mapped[int] = mapped_column(Integer, default=0)
    new: Mapped[int] = mapped_column(Integer, default=0)
    updated: Mapped[int] = mapped_column(Integer, default=0)
    errors: Mapped[int] = mapped_column(Integer, default=0)
    dropped: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)
    last_error: Mapped[str | None] = mapped_column(Text)


class ArticleScore(Base):
    """How relevant an article is to the topic profile, and why: which part of the score came
    from the rules and which from the learned model, the subtopic labels and matched terms."""

    __tablename__ = "article_scores"

    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)
    score: Mapped[float] = mapped_column(index=True)
    rule_score: Mapped[float]
    model_score: Mapped[float | None]
    relevant: Mapped[bool] = mapped_column(index=True)
    labels: Mapped[list[str]] = mapped_column(JSON)
    evidence: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    reason: Mapped[str] = mapped_column(Text)
    scored_at: Mapped[datetime] = mapped_column(DateTime)


class ArticleCluster(Base):
    """An article's reprint cluster; cluster_id is the smallest member id. ``content_hash`` is the
    article text the cluster was found from: when the text changes, analyze indexes it again."""

    __tablename__ = "article_clusters"

    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)
    cluster_id: Mapped[int] = mapped_column(index=True)
    content_hash: Mapped[str | None] = mapped_column(String(64))


class ReprintBucket(Base):
    """One LSH bucket an article was put in (analyze/cluster.py): articles sharing a key are
    candidate reprints of each other."""

    __tablename__ = "reprint_buckets"

    key: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True, autoincrement=False, index=True
    )


class Decision(Base):
    """An editor picked or rejected an article as a candidate: the learned model's teacher."""

    __tablename__ = "decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    issue_id: Mapped[int | None] = mapped_column(ForeignKey("report_issues.id", ondelete="SET NULL"))
    decision: Mapped[str] = mapped_column(String(10))  # pick | reject
    user: Mapped[str] = mapped_column(String(100))
    decided_at: Mapped[datetime] = mapped_column(DateTime)


class User(Base):
    """Someone who signs in to the web app: admin (everything), editor (curates), viewer (reads)."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(10))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class WebSession(Base):
    """A signed-in browser. The cookie holds a random token, the store only its SHA-256, so a
    session ends for good when its user signs out, changes password or is removed (a copied
    cookie is refused then) and when it expires."""

    __tablename__ = "web_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # sha256 hex of the cookie's token
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    address: Mapped[str | None] = mapped_column(String(64))  # the client that signed in

    user: Mapped[User] = relationship()


class LoginFailure(Base):
    """Wrong passwords in a row for one user name (key ``user:NAME``) or one client address
    (``addr:IP``); past a few, sign-ins from there wait a growing time."""

    __tablename__ = "login_failures"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    count: Mapped[int] = mapped_column(Integer)
    last_at: Mapped[datetime] = mapped_column(DateTime)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime)


class PushMessage(Base):
    """Something to tell the editors (a digest, an alert, a frozen issue): one row, however many
    targets it goes to; ``key`` makes the same event recorded twice one message."""

    __tablename__ = "push_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))  # digest | alert | frozen | test
    key: Mapped[str] = mapped_column(String(200), unique=True)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    routed_at: Mapped[datetime | None] = mapped_column(DateTime)  # deliveries made for the targets

    deliveries: Mapped[list[PushDelivery]] = relationship(
        back_populates="message", order_by="PushDelivery.id", cascade="all, delete-orphan"
    )


class PushDelivery(Base):
    """A message on its way to one target: retried with back-off until sent or given up."""

    __tablename__ = "push_deliveries"
    __table_args__ = (UniqueConstraint("message_id", "target"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("push_messages.id", ondelete="CASCADE"), index=True)
    target: Mapped[str] = mapped_column(String(64))  # sha256 of the target URL (which holds secrets)
    label: Mapped[str] = mapped_column(String(300))  # the URL with its secrets masked, for people
    status: Mapped[str] = mapped_column(String(10), index=True)  # pending | sent | failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_at: Mapped[datetime] = mapped_column(DateTime)
    lease_until: Mapped[datetime | None] = mapped_column(DateTime)  # being sent by someone until then
    last_error: Mapped[str | None] = mapped_column(Text)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime)

    message: Mapped[PushMessage] = relationship(back_populates="deliveries")
