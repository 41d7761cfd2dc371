"""Commands that fill and query the archive: import-report, ingest, search."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from yuqing.cli import app, err
from yuqing.cli.common import out, unit_of_work


@app.command("import-report")
def import_report(
    files: Annotated[list[Path], typer.Argument(help="Past reports: .md/.txt or a .docx yuqing wrote.")],
    series: Annotated[str | None, typer.Option(help="Report series (default: report.series).")] = None,
) -> None:
    """Store past issues and their articles (all files or none)."""
    from yuqing.report.importer import read_report, store_report

    parsed = [(path, read_report(path)) for path in files]  # parse all before writing any
    with unit_of_work() as (settings, session):
        for path, report in parsed:
            summary = store_report(session, report, series or settings.report_series, path)
            out.print(
                f"{path}: issue {summary.number} ({summary.period}), {summary.items} items, "
                f"{summary.new_articles} new articles"
            )
            for warning in summary.warnings:
                err.print(f"[yellow]warning:[/] {warning}")


@app.command()
def ingest(
    file: Annotated[Path, typer.Argument(help="JSON lines: url, title, outlet, published, text.")],
) -> None:
    """Store articles from another tool; the same URL again updates, never duplicates."""
    from yuqing.ingest import read_jsonl, store_articles

    records = read_jsonl(file)
    with unit_of_work() as (_, session):
        summary = store_articles(session, records)
    out.print(f"{file}: {summary.lines} articles, {summary.new} new, {summary.updated} updated")


@app.command("search")
def search_cmd(
    query: Annotated[str, typer.Argument(help="Words to find; spaces mean AND.")],
    start: Annotated[str | None, typer.Option("--from", help="First day, YYYY-MM-DD.")] = None,
    end: Annotated[str | None, typer.Option("--to", help="Last day, YYYY-MM-DD.")] = None,
    outlet: Annotated[str | None, typer.Option(help="Only this outlet, e.g. 新京报.")] = None,
    limit: Annotated[int, typer.Option(help="At most this many results.")] = 20,
    offset: Annotated[int, typer.Option(help="Skip this many results (the next page).")] = 0,
) -> None:
    """Full-text search over titles and texts: the newest matches by relevance, then older ones by date."""
    from yuqing.store.search import SearchFilter, count, search

    flt = SearchFilter(query, _day(start, "--from"), _day(end, "--to"), outlet, limit, offset)
    with unit_of_work() as (_, session):
        found = search(session, flt)
        total = count(session, flt)
        shown = (
            f"{total} results"
            if len(found) == total
            else f"{total} results, {offset + 1}-{offset + len(found)} shown"
        )
        table = Table("id", "date", "outlet", "title", "url", title=shown)
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
