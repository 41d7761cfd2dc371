"""The Celery application of yuqing's workers, built from settings.

Why each option: a job is acknowledged only when it has finished (``task_acks_late``), and put
back at once when the process running it dies (``task_reject_on_worker_lost``), so no crawl is
lost with a worker; when the whole worker dies, Redis gives its unacknowledged job to another
worker after ``broker_visibility_timeout`` seconds. That timeout must be longer than the longest
crawl: a job still running then is handed out a second time, and the copy waits for the host
leases (distribute/hosts.py) and runs after the first, finding little left to do. A worker
takes one job per pool process (``worker_prefetch_multiplier``) and every job runs in a fresh
process (``worker_max_tasks_per_child``), because Scrapy's Twisted reactor cannot start twice
in one process; the pool processes die with the worker (Celery sets their parent-death signal).
"""

from __future__ import annotations

from typing import Any

import redis
from celery import Celery

from yuqing.errors import ConfigError
from yuqing.settings import Settings

QUEUE = "yuqing.collect"
CRAWL = "yuqing.crawl"


def broker_url(settings: Settings) -> str:
    if not settings.broker_url:
        raise ConfigError(
            "no broker is configured: set broker_url (YUQING_BROKER_URL), e.g. redis://127.0.0.1:6379/0",
            key="broker_url",
        )
    return settings.broker_url


def redis_client(settings: Settings, timeout: float = 5.0) -> redis.Redis:
    """A client of the broker's Redis (host leases and queue markers live there too)."""
    return redis.Redis.from_url(broker_url(settings), socket_connect_timeout=timeout, socket_timeout=timeout)


def check_broker(settings: Settings) -> None:
    """Fail with a clear message, not a retry loop, when the broker cannot be reached."""
    try:
        redis_client(settings).ping()
    except (redis.RedisError, ValueError) as exc:
        raise ConfigError(f"cannot reach the broker {broker_url(settings)}: {exc}", key="broker_url") from exc


def celery_app(settings: Settings) -> Celery:
    """The app: the crawl task registered, options as the module docstring explains."""
    from yuqing.distribute.jobs import crawl_job

    visibility = settings.broker_visibility_timeout
    app = Celery("yuqing", broker=broker_url(settings), set_as_current=False)
    app.conf.update(
        task_default_queue=QUEUE,
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        task_ignore_result=True,
        worker_prefetch_multiplier=1,
        worker_max_tasks_per_child=1,
        worker_hijack_root_logger=False,
        broker_connection_retry_on_startup=True,
        broker_transport_options=_transport(visibility),
    )
    app.task(name=CRAWL, bind=True, max_retries=None)(crawl_job)
    return app


def _transport(visibility: float) -> dict[str, Any]:
    # kombu looks for jobs to give back every interval × throttle seconds (100 s by default):
    # with a short visibility timeout, look as often as a fifth of it, at least each second
    return {
        "visibility_timeout": visibility,
        "unacked_restore_interval": max(1, min(10, round(visibility / 5))),
        "unacked_restore_throttle": 1,
    }
