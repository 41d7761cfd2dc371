"""Pushes inside `yuqing serve`: every minute, record what is due and deliver the outbox.

It runs in its own scheduler thread, apart from collection (which runs in child processes or
on the workers): a push target that hangs delays only the next push, never a crawl. The
settings are read from the app each time, so an admin's change on the page applies at once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from apscheduler.schedulers.background import BackgroundScheduler

from yuqing.notify import rules
from yuqing.notify.deliver import deliver_due
from yuqing.settings import Settings
from yuqing.store.db import Store

log = logging.getLogger(__name__)
EVERY = 60.0  # seconds between two looks at the outbox


def tick(settings: Settings, store: Store) -> None:
    """One look: record the pushes now due, then send what is due in the outbox (with no
    target set, nothing is recorded: no digest is scored for nobody)."""
    if not settings.notify_targets.strip():
        return
    rules.check(settings, store)
    for done in deliver_due(settings, store):
        if not done.outcome.ok:
            log.warning("push %s to %s failed: %s", done.kind, done.label, done.outcome.error)


class Notifier:
    def __init__(self, settings: Callable[[], Settings], store: Store, every: float = EVERY) -> None:
        self.settings, self.store = settings, store
        self.scheduler = BackgroundScheduler(job_defaults={"coalesce": True, "max_instances": 1})
        self.scheduler.add_job(self._tick, "interval", seconds=every, id="notify")

    def start(self) -> None:
        self.scheduler.start()

    def stop(self) -> None:
        self.scheduler.shutdown(wait=False)

    def _tick(self) -> None:
        try:
            tick(self.settings(), self.store)
        except Exception:  # logged, and tried again at the next tick
            log.exception("pushes could not be checked or sent")
