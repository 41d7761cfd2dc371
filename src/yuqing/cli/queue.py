"""`yuqing collect --queue`: hand the crawl to the workers instead of running it here."""

from __future__ import annotations

from datetime import date

from yuqing.cli.common import out
from yuqing.collect.sources import Source
from yuqing.settings import Settings


def queue_jobs(settings: Settings, sources: list[Source], since: date | None) -> None:
    from yuqing.distribute.app import check_broker
    from yuqing.distribute.queue import enqueue

    check_broker(settings)
    sent = enqueue(settings, sources, since)
    for name, fresh in sent.items():
        out.print(f"{name}: {'queued' if fresh else 'a job is waiting already, not queued again'}")
    out.print(f"{sum(sent.values())} crawl jobs queued; `yuqing worker` processes run them")
