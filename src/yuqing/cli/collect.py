"""`yuqing collect`: crawl the registered sources, with progress and a summary per source."""

from __future__ import annotations

import difflib
from dataclasses import replace
from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from yuqing import settings as settings_mod
from yuqing.cli import app, err
from yuqing.cli.common import out
from yuqing.errors import InputError, StoreError

if TYPE_CHECKING:  # Scrapy, Twisted and SQLAlchemy load only when a crawl runs
    from yuqing.collect.frontier import RunStats
    from yuqing.collect.sources import Source


@app.command()
def collect(
    source: Annotated[
        list[str] | None, typer.Option("--source", "-s", help="Only this source (repeatable).")
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            help="Backfill: follow list pages back to this day (Beijing time): 2024-08-01, a time "
            "with its zone (2024-07-31T16:00:00Z is 2024-08-01) or 7天前."
        ),
    ] = None,
    queue: Annotated[
        bool, typer.Option("--queue", help="Send one job per source to the workers (broker_url) instead.")
    ] = False,
) -> None:
    """Crawl the sources for new articles and store them."""
    from yuqing.cli.queue import queue_jobs
    from yuqing.collect.frontier import last_success
    from yuqing.collect.overlay import overlay
    from yuqing.collect.runner import collect as run_collect
    from yuqing.collect.sources import load_sources, sources_path
    from yuqing.store.db import open_store

    settings = settings_mod.load()
    store = open_store(settings)
    try:
        chosen = _choose(load_sources(sources_path(settings)), source or [], overlay(store))
        day = _day(since)
        if queue:
            queue_jobs(settings, chosen, day)
            return
        with Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            TimeElapsedColumn(),
            console=out,
            transient=True,
        ) as bar:
            tasks = {s.name: bar.add_task(s.name) for s in chosen}

            def show(stats: RunStats) -> None:
                bar.update(tasks[stats.source], description=f"{stats.source}: {_counts(stats)}")

            runs = run_collect(settings, store, chosen, day, show)
        try:
            successes = last_success(store)
        except StoreError:
            successes = {}
    finally:
        store.close()
    out.print(_summary(runs, successes))
    _exit_status(runs)


def _exit_status(runs: list[RunStats]) -> None:
    """Exit 1 when a run failed (nothing it counted may be trusted), 130 when interrupted."""
    failed = [r.source for r in runs if r.status == "failed"]
    if failed:
        err.print(
            f"[bold red]error:[/] the store could not be written; {', '.join(failed)} failed "
            "(see 'last error'); what was not stored is fetched again next time",
            markup=True,
        )
        raise typer.Exit(1)
    if any(r.status == "interrupted" for r in runs):
        err.print(
            "[yellow]interrupted:[/] run `yuqing collect` again to resume where it stopped", markup=True
        )
        raise typer.Exit(130)


def _choose(sources: list[Source], names: list[str], flags: dict[str, bool]) -> list[Source]:
    # an admin's enabled flag (web app) wins over the registry's; passed on so the runner keeps it
    by_name = {s.name: replace(s, enabled=flags.get(s.name, s.enabled)) for s in sources}
    for name in names:
        if name not in by_name:
            hint = difflib.get_close_matches(name, by_name, n=1)
            raise InputError(f"no source {name!r}" + (f"; did you mean {hint[0]!r}?" if hint else ""))
    chosen = [by_name[n] for n in names] if names else [s for s in by_name.values() if s.enabled]
    if not chosen:
        raise InputError("no enabled source to collect from")
    return chosen


def _day(text: str | None) -> date | None:
    """The Beijing day --since names; a time with a zone is converted first."""
    from yuqing.extract import dates  # imported late: the extraction package is heavy to load

    if text is None:
        return None
    found = dates.parse_value(text, dates.now())
    if found is None:
        raise InputError(f"--since {text!r} is not a date like 2024-08-01, 2024-07-31T16:00:00Z or 7天前")
    return found.day


def _counts(stats: RunStats) -> str:
    return f"{stats.fetched} fetched, {stats.new} new, {sum(stats.dropped.values())} dropped"


def _summary(runs: list[RunStats], successes: dict[str, datetime]) -> Table:
    table = Table(
        "source",
        "status",
        "fetched",
        "new",
        "updated",
        "dropped",
        "errors",
        "last success",
        "last error",
        title="collect summary",
    )
    for run in runs:
        dropped = ", ".join(f"{reason} {n}" for reason, n in sorted(run.dropped.items())) or "-"
        table.add_row(
            run.source,
            run.status,
            str(run.fetched),
            str(run.new),
            str(run.updated),
            dropped,
            str(run.errors),
            f"{successes[run.source]:%Y-%m-%d %H:%M}" if run.source in successes else "never",
            escape(run.last_error or "-"),  # an error's [brackets] are text, not rich markup
        )
    return table
