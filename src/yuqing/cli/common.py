"""What every command needs: settings, an open store, the series and the period."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from sqlalchemy.orm import Session

from yuqing import settings as settings_mod
from yuqing.report.period import Period, parse_period
from yuqing.settings import Settings
from yuqing.store.db import open_store

out = Console(highlight=False, soft_wrap=True, emoji=False)


@contextmanager
def unit_of_work() -> Iterator[tuple[Settings, Session]]:
    """Settings and one transaction: a command stores all it was given or nothing."""
    settings = settings_mod.load()
    store = open_store(settings)
    try:
        with store.session() as session:
            yield settings, session
    finally:
        store.close()


def period_arg(text: str) -> Period:
    return parse_period(text)
