"""What every command needs: settings, an open store, the series and the period."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console

from yuqing import settings as settings_mod
from yuqing.errors import InputError
from yuqing.report.period import Period, parse_period
from yuqing.settings import Settings

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

out = Console(highlight=False, soft_wrap=True, emoji=False)


@contextmanager
def unit_of_work() -> Iterator[tuple[Settings, Session]]:
    """Settings and one transaction: a command stores all it was given or nothing. It holds the
    write lock from the start, so commands run side by side wait for each other, not fail."""
    from yuqing.store.db import open_store  # SQLAlchemy and Alembic only for commands that use the store

    settings = settings_mod.load()
    store = open_store(settings)
    try:
        with store.session(write=True) as session:
            yield settings, session
    finally:
        store.close()


def period_arg(text: str) -> Period:
    return parse_period(text)


def write_file(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path``, making its folder; InputError naming the path when the system
    refuses (a folder of that name, a read-only place, a full disk)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc.strerror or exc}") from exc


def output_folder(path: Path) -> Path:
    """``path`` as a folder to write into, made if missing; InputError when a file has that name."""
    if path.exists() and not path.is_dir():
        raise InputError(f"cannot write into {path}: it is a file, not a folder")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"cannot make the folder {path}: {exc.strerror or exc}") from exc
    return path
