"""The `yuqing` command: one Typer app, sub-commands grouped by stage in sibling modules."""

from __future__ import annotations

import gc
import logging
import sys

import typer
from rich.console import Console

from yuqing.errors import YuqingError

app = typer.Typer(
    help="yuqing 舆情: collect health-informatization news and publish the monthly report.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # Click's plain help, not Rich panels: Typer's Rich help imports markdown-it and friends, 0.2 s
    # of every `--help` (issue 12 asks for 0.5 s in all).
    rich_markup_mode=None,
)
err = Console(stderr=True, soft_wrap=True, highlight=False, emoji=False)  # file:100: is no 💯


def main() -> None:
    """Console entry point: user errors are one red line, not a traceback."""
    logging.raiseExceptions = False  # a log file on a full disk must not print tracebacks
    try:
        app()
    except YuqingError as exc:
        err.print(f"[bold red]error:[/] {exc}", highlight=False, markup=True)
        sys.exit(2)
    finally:
        # The work is done: spare the exit's garbage collection a walk over every object the
        # libraries made (0.2 s after SQLAlchemy alone). Stores are closed by then.
        gc.freeze()


# Sub-commands register themselves on `app` when imported.
from yuqing.cli import (  # noqa: E402, F401
    analyze,
    archive,
    collect,
    demo,
    extract,
    issue,
    notify,
    profile,
    report,
    sources,
    web,
    worker,
)
