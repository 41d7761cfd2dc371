"""`yuqing issue …`: make a draft issue for a period and order its items."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from sqlalchemy.orm import Session

from yuqing.cli import app
from yuqing.cli.common import out, period_arg, unit_of_work
from yuqing.errors import InputError
from yuqing.report.compose import compose
from yuqing.report.period import issue_number
from yuqing.settings import Settings
from yuqing.store import issues
from yuqing.store.articles import get_article
from yuqing.store.models import ReportIssue

issue_app = typer.Typer(help="Make and order a report issue.", no_args_is_help=True)
app.add_typer(issue_app, name="issue")

PeriodArg = Annotated[str, typer.Argument(help="2024-08 (month), 2024-W35 (week) or 2024-08-01..2024-08-15.")]
SeriesOpt = Annotated[str | None, typer.Option(help="Report series (default: report.series).")]


@issue_app.command("new")
def new(
    period: PeriodArg,
    number: Annotated[
        int | None, typer.Option(help="Issue number (default: counted from the series' anchor).")
    ] = None,
    series: SeriesOpt = None,
) -> None:
    """Create a draft issue for a period."""
    p = period_arg(period)
    with unit_of_work() as (settings, session):
        name = series or settings.report_series
        n = number if number is not None else issue_number(p, settings.anchor_for(name))
        issues.create_issue(session, name, p, n)
    out.print(f"issue {n} for {p} created (draft)")


@issue_app.command("add")
def add(
    period: PeriodArg,
    articles: Annotated[list[str], typer.Argument(help="Article ids or URLs, in order.")],
    at: Annotated[int | None, typer.Option(help="Insert at this position (1 = first).")] = None,
    series: SeriesOpt = None,
) -> None:
    """Add articles to the issue (at the end, or from --at on)."""
    with issue_of(period, series) as w:
        for offset, ref in enumerate(articles):
            issues.add_item(
                w.session, w.issue, get_article(w.session, ref), None if at is None else at + offset
            )
        _show(w.issue)


@issue_app.command("remove")
def remove(
    period: PeriodArg,
    position: Annotated[int, typer.Argument(help="Item number to remove.")],
    series: SeriesOpt = None,
) -> None:
    """Remove one item; the ones after it move up."""
    with issue_of(period, series) as w:
        issues.remove_item(w.session, w.issue, position)
        _show(w.issue)


@issue_app.command("move")
def move(
    period: PeriodArg,
    source: Annotated[int, typer.Argument(help="Item number to move.")],
    target: Annotated[int, typer.Argument(help="Its new number.")],
    series: SeriesOpt = None,
) -> None:
    """Move an item to another place in the order."""
    with issue_of(period, series) as w:
        issues.move_item(w.issue, source, target)
        _show(w.issue)


@issue_app.command("edit")
def edit(
    period: PeriodArg,
    position: Annotated[int, typer.Argument(help="Item number to edit.")],
    title: Annotated[str | None, typer.Option(help="New title for this issue.")] = None,
    outlet: Annotated[str | None, typer.Option(help="New outlet name.")] = None,
    text_file: Annotated[
        Path | None, typer.Option(help="UTF-8 file: the new text, one paragraph a line.")
    ] = None,
    reset: Annotated[bool, typer.Option(help="Drop this item's edits, back to the article.")] = False,
    series: SeriesOpt = None,
) -> None:
    """Edit an item's title, outlet or text in this issue (the article stays as collected)."""
    edits: dict[str, object] = {"title": None, "outlet": None, "paragraphs": None} if reset else {}
    if title:
        edits["title"] = title
    if outlet:
        edits["outlet"] = outlet
    if text_file:
        if not text_file.is_file():
            raise InputError("no such file", path=text_file)
        edits["paragraphs"] = [p.strip() for p in text_file.read_text("utf-8").splitlines() if p.strip()]
    with issue_of(period, series) as w:
        issues.edit_item(w.issue, position, **edits)
        _show(w.issue)


@issue_app.command("freeze")
def freeze(period: PeriodArg, series: SeriesOpt = None) -> None:
    """Fix the issue's text as published; later article changes no longer reach it."""
    with issue_of(period, series) as w:
        issues.freeze(w.issue, compose(w.issue, w.settings).to_json())
    out.print(f"issue {w.issue.number} frozen")


@issue_app.command("unfreeze")
def unfreeze(period: PeriodArg, series: SeriesOpt = None) -> None:
    """Make a frozen issue a draft again."""
    with issue_of(period, series) as w:
        issues.unfreeze(w.issue)
    out.print(f"issue {w.issue.number} is a draft again")


@issue_app.command("delete")
def delete(
    period: PeriodArg,
    force: Annotated[bool, typer.Option(help="Delete it even if it is frozen (published).")] = False,
    series: SeriesOpt = None,
) -> None:
    """Delete the period's issue and its items; the articles stay in the archive."""
    with issue_of(period, series) as w:
        number, items = w.issue.number, len(w.issue.items)
        issues.delete_issue(w.session, w.issue, force=force)
    out.print(f"issue {number} ({period}) deleted with its {items} items; the articles stay")


@issue_app.command("show")
def show(period: PeriodArg, series: SeriesOpt = None) -> None:
    """The issue's items in order."""
    with unit_of_work() as (settings, session):
        _show(issues.get_issue(session, series or settings.report_series, period_arg(period)))


@issue_app.command("list")
def list_(series: SeriesOpt = None) -> None:
    """Every issue with its period, status and item count."""
    with unit_of_work() as (_, session):
        table = Table("series", "number", "period", "status", "items")
        for issue in issues.list_issues(session, series):
            period = f"{issue.period_start}..{issue.period_end}"
            table.add_row(issue.series, str(issue.number), period, issue.status, str(len(issue.items)))
    out.print(table)


@dataclass
class Work:
    settings: Settings
    session: Session
    issue: ReportIssue


@contextmanager
def issue_of(period: str, series: str | None) -> Iterator[Work]:
    """The period's issue in one unit of work, for the commands that change or show it."""
    with unit_of_work() as (settings, session):
        name = series or settings.report_series
        yield Work(settings, session, issues.get_issue(session, name, period_arg(period)))


def _show(issue: ReportIssue) -> None:
    table = Table("#", "article", "date", "outlet", "title", title=f"issue {issue.number} ({issue.status})")
    for item in issue.items:
        edited = " ✎" if item.title or item.outlet or item.paragraphs is not None else ""
        article = item.article
        table.add_row(
            str(item.position),
            str(article.id),
            str(article.published or ""),
            item.outlet or article.outlet,
            (item.title or article.title) + edited,
        )
    out.print(table)
