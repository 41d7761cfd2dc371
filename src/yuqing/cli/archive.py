"""Commands that fill and query the archive: import-report, ingest, search."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from yuqing.cli import app, err
from yuqing.cli.common import out, unit_of_work
from yuqing.errors import InputError
from yuqing.ingest import read_jsonl, store_articles

if TYPE_CHECKING:
    from yuqing.report.batch import Outcome
from yuqing.store.search import SearchFilter, search


@app.command("import-report")
def import_report(
    paths: Annotated[
        list[Path],
        typer.Argument(help="Past issues: files (.md .txt .docx .pdf .doc …) or folders holding them."),
    ],
    series: Annotated[str | None, typer.Option(help="Report series (default: report.series).")] = None,
    all_or_nothing: Annotated[
        bool, typer.Option("--all-or-nothing", help="Store every file or, if any has a problem, none.")
    ] = False,
) -> None:
    """Store past issues and their articles; each file on its own unless --all-or-nothing.

    Every file with a problem is named with the line (or page) and item at fault; the exit code
    is 2 when any file was not imported."""
    from yuqing import settings as settings_mod
    from yuqing.report.batch import import_files, report_files
    from yuqing.store.db import open_store

    files, missing = report_files(paths)
    settings = settings_mod.load()
    store = open_store(settings)
    try:
        with Progress(
            TextColumn("[progress.description]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[file]}"),
            console=err,
            transient=True,
        ) as progress:
            task = progress.add_task("importing", total=len(files), file="")
            outcomes = import_files(
                store,
                settings,
                files,
                series or settings.report_series,
                all_or_nothing,
                lambda path: progress.update(task, advance=1, file=path.name),
            )
    finally:
        store.close()
    outcomes = missing + outcomes
    _print_outcomes(outcomes)
    if any(o.failed for o in outcomes):
        raise typer.Exit(2)


def _print_outcomes(outcomes: list[Outcome]) -> None:
    table = Table(title="import-report")
    table.add_column("file", overflow="fold")  # a path is never cut short: it names what to fix
    for name in ("issue", "period", "items", "new articles", "problems"):
        table.add_column(name, no_wrap=name != "problems")
    for o in outcomes:
        stored = o.summary is not None
        problems = f"[red]{len(o.errors)} error(s)[/]" if o.errors else ""
        problems += (", " if problems and o.warnings else "") + (
            f"{len(o.warnings)} warning(s)" if o.warnings else ""
        )
        table.add_row(
            str(o.path),
            str(o.number) if o.number is not None else "—",
            o.period or "—",
            str(o.items) if o.number is not None else "—",
            str(o.summary.new_articles) if stored and o.summary else "not stored",
            problems or "none",
        )
    out.print(table)
    for o in outcomes:
        for message in o.errors:
            err.print(f"[bold red]error:[/] {message}", markup=True, highlight=False)
        for message in o.warnings:
            err.print(f"[yellow]warning:[/] {message}", markup=True, highlight=False)
    done = [o for o in outcomes if o.summary is not None]
    failed = [o for o in outcomes if o.failed]
    items = sum(o.summary.items for o in done if o.summary)
    new = sum(o.summary.new_articles for o in done if o.summary)
    line = f"{len(done)} of {len(outcomes)} files imported: {items} items, {new} new articles"
    out.print(line + (f"; [red]{len(failed)} not imported[/]" if failed else ""))


@app.command()
def ingest(
    file: Annotated[Path, typer.Argument(help="JSON lines: url, title, outlet, published, text.")],
    skip_bad: Annotated[
        bool,
        typer.Option(
            help="Store the good lines, list the bad ones, exit 1 (default: a bad line stores nothing)."
        ),
    ] = False,
) -> None:
    """Store articles from another tool; the same URL again updates, never duplicates."""
    skipped: list[InputError] | None = [] if skip_bad else None
    records = read_jsonl(file, skipped)
    with unit_of_work() as (_, session):
        summary = store_articles(session, records)
    out.print(f"{file}: {summary.lines} articles, {summary.new} new, {summary.updated} updated")
    if skipped:
        for problem in skipped:
            err.print(f"[yellow]skipped:[/] {problem}", markup=True, highlight=False)
        err.print(f"{len(skipped)} bad lines skipped, nothing of them stored")
        raise typer.Exit(1)


@app.command("search")
def search_cmd(
    query: Annotated[str, typer.Argument(help="Words to find; spaces mean AND.")],
    start: Annotated[str | None, typer.Option("--from", help="First day, YYYY-MM-DD.")] = None,
    end: Annotated[str | None, typer.Option("--to", help="Last day, YYYY-MM-DD.")] = None,
    outlet: Annotated[str | None, typer.Option(help="Only this outlet, e.g. 新京报.")] = None,
    limit: Annotated[int, typer.Option(help="At most this many results.")] = 20,
) -> None:
    """Full-text search over titles and texts."""
    flt = SearchFilter(query, _day(start, "--from"), _day(end, "--to"), outlet, limit)
    with unit_of_work() as (_, session):
        found = search(session, flt)
        table = Table("id", "date", "outlet", "title", "url", title=f"{len(found)} results")
        for article in found:
            table.add_row(
                str(article.id),
                str(article.published or ""),
                article.outlet,
                article.title,
                article.original_url,
            )
    out.print(table)


def _day(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date like 2024-08-01", param_hint=option) from None
