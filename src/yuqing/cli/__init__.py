"""The `yuqing` command: one Typer app, sub-commands grouped by stage in sibling modules."""

from __future__ import annotations

import sys

import typer
from rich.console import Console

from yuqing.errors import YuqingError

app = typer.Typer(
    help="yuqing 舆情: collect health-informatization news and publish the monthly report.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True)


def main() -> None:
    """Console entry point: user errors are one red line, not a traceback."""
    from yuqing.cli import archive, issue, report  # noqa: F401  (registers commands)

    try:
        app()
    except YuqingError as exc:
        err.print(f"[bold red]error:[/] {exc}", highlight=False, markup=True)
        sys.exit(2)
