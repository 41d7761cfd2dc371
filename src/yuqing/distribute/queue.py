"""Sending crawl jobs: `yuqing collect --queue` and the web app's schedule when a broker is set.

A source with a job waiting is marked in Redis until a worker starts the job, so a schedule
that fires while the workers are busy (or down) does not pile up jobs for the same source.
"""

from __future__ import annotations

from datetime import date

import redis

from yuqing.collect.sources import Source
from yuqing.distribute.app import CRAWL, celery_app, redis_client
from yuqing.distribute.hosts import crawling, text
from yuqing.distribute.jobs import source_to_json
from yuqing.settings import Settings

QUEUED = "yuqing:queued:"


def enqueue(settings: Settings, sources: list[Source], since: date | None = None) -> dict[str, bool]:
    """Send one crawl job per source; per source, False when a job of it is waiting already."""
    app = celery_app(settings)
    client = redis_client(settings)
    sent: dict[str, bool] = {}
    try:
        for source in sources:
            # marked until a worker starts it; the mark expires with the job's visibility
            fresh = client.set(QUEUED + source.name, "1", nx=True, ex=int(settings.broker_visibility_timeout))
            if fresh:
                kwargs = {"source": source_to_json(source), "since": since.isoformat() if since else None}
                app.send_task(CRAWL, kwargs=kwargs)
            sent[source.name] = bool(fresh)
    finally:
        app.close()
        client.close()
    return sent


def unmark_queued(client: redis.Redis, name: str) -> None:
    client.delete(QUEUED + name)


def busy(settings: Settings) -> set[str]:
    """Sources with a job waiting or being crawled, on any worker."""
    client = redis_client(settings)
    try:
        waiting = {text(key).removeprefix(QUEUED) for key in client.scan_iter(match=QUEUED + "*", count=500)}
        return waiting | crawling(client)
    finally:
        client.close()
