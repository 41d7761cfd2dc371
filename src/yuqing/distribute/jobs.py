"""The crawl job a worker runs: take the source's host leases, crawl it, record the outcome.

A job carries its source as data (the registry entry, with the admin's enabled flag applied
by the sender), so workers on other machines need no copy of the registry file.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import socket
from dataclasses import asdict
from datetime import date, datetime
from typing import Any

from yuqing import settings as settings_mod
from yuqing.collect.sources import EntryPoint, Source
from yuqing.extract.selectors import Selectors

BUSY_RETRY = 15.0  # seconds before a job whose host is being crawled by another job tries again


def source_to_json(source: Source) -> dict[str, Any]:
    return asdict(source)


def source_from_json(data: dict[str, Any]) -> Source:
    entries = tuple(EntryPoint(**{**e, "keywords": tuple(e.get("keywords") or ())}) for e in data["entries"])
    selectors = Selectors(**data["selectors"]) if data.get("selectors") else None
    return Source(**{**data, "domains": tuple(data["domains"]), "entries": entries, "selectors": selectors})


def crawl_job(task: Any, source: dict[str, Any], since: str | None = None) -> dict[str, Any]:
    """Celery task body (bound): crawl one source in this (fresh) pool process."""
    from yuqing.distribute.app import redis_client
    from yuqing.distribute.hosts import HostLeases
    from yuqing.distribute.queue import unmark_queued

    settings = settings_mod.load()
    crawl = source_from_json(source)
    client = redis_client(settings)
    leases = HostLeases(client, crawl.name, crawl.domains, settings.collect_lease)
    if not leases.acquire():  # another job crawls one of its hosts: politeness first
        raise task.retry(countdown=BUSY_RETRY)
    unmark_queued(client, crawl.name)
    with leases.kept():
        return _crawl(settings, crawl, date.fromisoformat(since) if since else None)


def _allow_children() -> None:
    """Let this pool process start the crawl's extraction processes (collect/extraction.py).
    Celery's prefork pool (billiard) marks its processes daemonic, and a daemonic process may
    not have children; a job has its process to itself and ends with it
    (worker_max_tasks_per_child=1), and the crawl stops its extraction processes when it closes.
    The key billiard gave the process is one the standard library refuses to hand to a child,
    so the process gets a key of the standard library's kind."""
    config = multiprocessing.current_process()._config  # type: ignore[attr-defined]
    config["daemon"] = False
    config["authkey"] = multiprocessing.process.AuthenticationString(os.urandom(32))  # type: ignore[attr-defined]


def _crawl(settings: settings_mod.Settings, source: Source, since: date | None) -> dict[str, Any]:
    from yuqing.collect.runner import collect
    from yuqing.store.db import open_store
    from yuqing.store.models import CollectRun

    # the crawl's own log goes to collect.log (collect/runner.py); the worker's keeps warnings
    for handler in logging.getLogger().handlers:
        handler.setLevel(max(handler.level, logging.WARNING))
    _allow_children()
    store = open_store(settings)
    started = datetime.now().replace(microsecond=0)
    try:
        (run,) = collect(settings, store, [source], since)
    except Exception as exc:  # recorded for the dashboard and the alerts, then Celery logs it
        with store.session() as s:
            message = f"worker {socket.gethostname()}: {type(exc).__name__}: {exc}"
            s.add(
                CollectRun(
                    source=source.name,
                    started_at=started,
                    finished_at=datetime.now(),
                    errors=1,
                    last_error=message[:2000],
                )
            )
        raise
    finally:
        store.close()
    return {"source": run.source, "fetched": run.fetched, "new": run.new, "errors": run.errors}
