"""Delivering the outbox: each message to each target that wants it, with retries.

A new message is routed once to the targets of the moment (a delivery row each). A due delivery
is claimed with a conditional UPDATE (so two senders — `yuqing serve` and a cron'd `yuqing
notify run` — never send it twice), sent with the notify.timeout, and then marked sent, or
tried again after notify.backoff × 2^(attempts−1) seconds, or given up after notify.retries
attempts; its last error stays for the admin page. Sends run in a few threads, so a target
that hangs costs its own timeout, not the others'.
"""

from __future__ import annotations

import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import select, update

from yuqing.errors import ConfigError
from yuqing.notify.compose import Said, say
from yuqing.notify.send import Outcome, send
from yuqing.notify.targets import Target, parse_targets
from yuqing.settings import Settings
from yuqing.store import outbox
from yuqing.store.db import Store
from yuqing.store.models import PushDelivery, PushMessage

SENDERS = 4  # deliveries sent at the same time
STALE = timedelta(days=1)  # news older than this when a target appears is not sent


@dataclass(frozen=True)
class Delivered:
    delivery: int
    message: int
    kind: str
    label: str
    outcome: Outcome


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)


def route(store: Store, targets: list[Target]) -> int:
    """Make the deliveries of messages not routed yet; returns how many messages were routed.
    One older than STALE (recorded while no target was set) is not sent that late."""
    with store.session(write=True) as s:
        fresh = list(s.scalars(select(PushMessage).where(PushMessage.routed_at.is_(None))))
        for message in fresh:
            if message.created_at >= _now() - STALE:
                s.add_all(_delivery(message.id, target) for target in targets if target.wants(message.kind))
            message.routed_at = _now()
    return len(fresh)


def _delivery(message_id: int, target: Target) -> PushDelivery:
    return PushDelivery(
        message_id=message_id,
        target=target.key,
        label=target.label,
        status="pending",
        attempts=0,
        next_at=_now(),
    )


def deliver_due(settings: Settings, store: Store) -> list[Delivered]:
    """Route new messages, then send every delivery that is due; what each send did."""
    try:
        targets = parse_targets(settings.notify_targets)
    except ConfigError as exc:  # nothing can be sent until an admin fixes it; the page says so
        targets = []
        error = str(exc)
    else:
        error = ""
    route(store, targets)
    claimed = _claim_due(store, settings)
    if not claimed:
        return []
    by_key = {t.key: t for t in targets}
    with ThreadPoolExecutor(SENDERS) as pool:
        jobs = [pool.submit(_attempt, settings, store, d, by_key.get(d.target), error) for d in claimed]
        return [job.result() for job in jobs]


def _claim_due(store: Store, settings: Settings) -> list[PushDelivery]:
    now = datetime.now()
    # held long enough for a send that takes its whole timeout, and rendering a PDF first
    hold = now + timedelta(seconds=settings.notify_timeout * 3 + 120)
    with store.session() as s:
        due = list(
            s.scalars(
                select(PushDelivery.id).where(
                    PushDelivery.status == "pending",
                    PushDelivery.next_at <= now,
                    PushDelivery.lease_until.is_(None) | (PushDelivery.lease_until < now),
                )
            )
        )
    claimed = []
    for delivery_id in due:
        with store.session(write=True) as s:
            taken = s.execute(
                update(PushDelivery)
                .where(
                    PushDelivery.id == delivery_id,
                    PushDelivery.status == "pending",
                    PushDelivery.lease_until.is_(None) | (PushDelivery.lease_until < now),
                )
                .values(lease_until=hold),
                execution_options={"synchronize_session": False},
            )
            if getattr(taken, "rowcount", 0) == 1:
                claimed.append(s.get_one(PushDelivery, delivery_id))
    return claimed


def _attempt(
    settings: Settings, store: Store, delivery: PushDelivery, target: Target | None, error: str
) -> Delivered:
    if target is None:
        outcome = Outcome(False, error or "this target is no longer in notify.targets")
        final = True
    else:
        outcome = _send(settings, store, delivery.message_id, target)
        final = False
    with store.session(write=True) as s:
        row = s.get_one(PushDelivery, delivery.id)
        _settle(row, outcome, settings, give_up=final)
        kind = s.get_one(PushMessage, row.message_id).kind
        return Delivered(row.id, row.message_id, kind, row.label, outcome)


def _send(settings: Settings, store: Store, message_id: int, target: Target) -> Outcome:
    with tempfile.TemporaryDirectory(prefix="yuqing-push-") as folder:
        try:
            with store.session(write=True) as s:
                said: Said = say(s.get_one(PushMessage, message_id), s, settings, Path(folder))
        except Exception as exc:  # a message that cannot be put into words is a failed attempt
            return Outcome(False, f"could not compose the message: {type(exc).__name__}: {exc}")
        return send(target, said.title, said.body, settings.notify_timeout, said.attach)


def _settle(row: PushDelivery, outcome: Outcome, settings: Settings, give_up: bool) -> None:
    row.attempts += 1
    row.lease_until = None
    if outcome.ok:
        row.status, row.sent_at, row.last_error = "sent", _now(), None
        return
    row.last_error = outcome.error
    if give_up or row.attempts >= settings.notify_retries:
        row.status = "failed"
    else:
        row.next_at = datetime.now() + timedelta(seconds=settings.notify_backoff * 2 ** (row.attempts - 1))


def send_test(settings: Settings, store: Store, by: str) -> list[Delivered]:
    """A test message to every target now, once, no retries; what each did (the admin's button)."""
    targets = parse_targets(settings.notify_targets)  # ConfigError: the page shows it
    with store.session(write=True) as s:
        message = outbox.record(s, "test", f"test:{datetime.now():%Y%m%dT%H%M%S.%f}", {"by": by})
        assert message is not None
        message.routed_at = _now()
        rows = [_delivery(message.id, t) for t in targets]
        s.add_all(rows)
        s.flush()
        ids = [(row.id, t) for row, t in zip(rows, targets, strict=True)]
    quick = replace(settings, notify_retries=1)
    with ThreadPoolExecutor(SENDERS) as pool:
        jobs = [pool.submit(_attempt, quick, store, _detached(store, i), t, "") for i, t in ids]
        return [job.result() for job in jobs]


def _detached(store: Store, delivery_id: int) -> PushDelivery:
    with store.session() as s:
        return s.get_one(PushDelivery, delivery_id)
