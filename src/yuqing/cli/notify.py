"""`yuqing notify run|test|status`: pushes from the command line (docs/pushes.md)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from yuqing import settings as settings_mod
from yuqing.cli import app
from yuqing.cli.common import out
from yuqing.errors import InputError

if TYPE_CHECKING:  # SQLAlchemy loads only when a command runs
    from yuqing.store.models import PushDelivery

notify_app = typer.Typer(help="Pushes to WeCom, DingTalk, Feishu and mail.", no_args_is_help=True)
app.add_typer(notify_app, name="notify")


@notify_app.command("run")
def run() -> None:
    """Record the pushes now due and send the outbox once (for cron, without `yuqing serve`)."""
    from yuqing.notify.schedule import tick
    from yuqing.store.db import open_store

    settings = settings_mod.load()
    store = open_store(settings)
    try:
        tick(settings, store)
    finally:
        store.close()
    status(limit=10)


@notify_app.command("test")
def test() -> None:
    """Send a test message to every target now; exit code 1 if one failed."""
    from yuqing.notify.deliver import send_test
    from yuqing.store.db import open_store

    settings = settings_mod.load()
    store = open_store(settings)
    try:
        done = send_test(settings, store, by="yuqing notify test")
    finally:
        store.close()
    if not done:
        raise InputError("no push targets: set notify.targets (docs/pushes.md)")
    for d in done:
        out.print(f"{d.label}: {'sent' if d.outcome.ok else 'FAILED: ' + (d.outcome.error or '')}")
    if not all(d.outcome.ok for d in done):
        raise typer.Exit(1)


@notify_app.command("status")
def status(limit: Annotated[int, typer.Option(help="Messages shown, newest first.")] = 20) -> None:
    """The latest messages and how each delivery went (sent, waiting for a retry, failed)."""
    from sqlalchemy import select

    from yuqing.store.db import open_store
    from yuqing.store.models import PushMessage

    settings = settings_mod.load()
    store = open_store(settings)
    table = Table("message", "kind", "target", "status", "attempts", "next try / sent", "last error")
    try:
        with store.session() as s:
            messages = s.scalars(select(PushMessage).order_by(PushMessage.id.desc()).limit(limit))
            for message in messages:
                for d in message.deliveries:
                    table.add_row(f"{message.created_at:%m-%d %H:%M}", message.kind, d.label, *_state(d))
                if not message.deliveries:
                    table.add_row(
                        f"{message.created_at:%m-%d %H:%M}", message.kind, "-", "no target", "", "", ""
                    )
    finally:
        store.close()
    out.print(table)


def _state(d: PushDelivery) -> tuple[str, str, str, str]:
    when = d.sent_at if d.status == "sent" else d.next_at if d.status == "pending" else None
    return d.status, str(d.attempts), f"{when:%m-%d %H:%M:%S}" if when else "-", d.last_error or "-"
