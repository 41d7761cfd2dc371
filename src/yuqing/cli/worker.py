"""`yuqing worker`: take crawl jobs from the broker and run them (docs/deploy.md)."""

from __future__ import annotations

import socket
from typing import Annotated

import typer

from yuqing import settings as settings_mod
from yuqing.cli import app
from yuqing.cli.common import out


@app.command()
def worker(
    concurrency: Annotated[int, typer.Option(min=1, help="Crawl jobs run at the same time.")] = 2,
    name: Annotated[str | None, typer.Option(help="Worker name (default: yuqing@HOST).")] = None,
    loglevel: Annotated[str, typer.Option(help="Celery log level: debug, info, warning.")] = "info",
) -> None:
    """Run a Celery worker that crawls the sources queued by `collect --queue` and the web app."""
    from yuqing.distribute.app import celery_app, check_broker
    from yuqing.store.db import open_store

    settings = settings_mod.load()
    check_broker(settings)
    open_store(settings).close()  # migrated before any job, and a wrong database_url said now
    hostname = name or f"yuqing@{socket.gethostname()}"
    out.print(f"yuqing worker {hostname}: {concurrency} at a time, broker {settings.broker_url}")
    celery_app(settings).worker_main(
        [
            "worker",
            f"--concurrency={concurrency}",
            "--pool=prefork",
            f"--loglevel={loglevel}",
            f"--hostname={hostname}",
            "--without-gossip",
            "--without-mingle",
        ]
    )
