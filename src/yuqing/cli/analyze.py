"""Commands that understand the archive: analyze, candidates, decide, learn."""

from __future__ import annotations

import json
from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from yuqing.cli import app
from yuqing.cli.common import out, period_arg, unit_of_work
from yuqing.settings import Settings
from yuqing.settings import load as load_settings

if TYPE_CHECKING:
    from yuqing.analyze.candidates import Candidate
    from yuqing.analyze.run import AnalyzeSummary
    from yuqing.analyze.undated import Apart

PeriodArg = Annotated[str, typer.Argument(help="2024-08 (month), 2024-W35 (week) or a date range.")]


@app.command("analyze")
def analyze_cmd(
    rescore: Annotated[bool, typer.Option(help="Score every article again, not only new ones.")] = False,
    rebuild_clusters: Annotated[
        bool,
        typer.Option(
            help="Find every reprint cluster again from scratch (after an upgrade that changes them)."
        ),
    ] = False,
) -> None:
    """Score new and changed articles against the topic profile (and the learned model) and add them
    to the reprint clusters."""
    summary = run_analysis(load_settings(), rescore, rebuild_clusters)
    out.print(
        f"scored {summary.scored} articles ({summary.relevant} relevant); "
        f"{summary.clustered} articles added to the reprint index, "
        f"{summary.clusters} reprint clusters of 2+ articles in the archive"
    )


def run_analysis(settings: Settings, rescore: bool = False, rebuild_clusters: bool = False) -> AnalyzeSummary:
    from yuqing.analyze.run import analyze
    from yuqing.store.db import open_store

    store = open_store(settings)
    try:
        return analyze(store, settings, rescore, rebuild_clusters)
    finally:
        store.close()


@app.command("candidates")
def candidates_cmd(
    period: PeriodArg,
    top: Annotated[int, typer.Option(min=1, help="How many clusters to show.")] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per line.")] = False,
    show_all: Annotated[bool, typer.Option("--all", help="Include clusters below the threshold.")] = False,
) -> None:
    """The period's ranked candidates: reprint clusters with score, labels, outlets and why.
    Articles whose date is only guessed or missing follow apart, with the reason: they count in
    no period until an editor has checked them (JSON: lines with "apart" set)."""
    from yuqing.analyze.candidates import candidates
    from yuqing.analyze.undated import listed_apart

    settings = load_settings()
    run_analysis(settings)
    with unit_of_work() as (_, session):
        chosen = period_arg(period)
        found = candidates(session, chosen, top, include_irrelevant=show_all)
        apart = listed_apart(session, chosen, include_irrelevant=show_all)
        if as_json:
            for candidate in found:
                typer.echo(json.dumps(candidate.to_json() | {"apart": None}, ensure_ascii=False))
            for item in apart:
                typer.echo(json.dumps(item.to_json(), ensure_ascii=False))
            return
        out.print(_table(found, period))
        if apart:
            out.print(_apart_table(apart, period))


def _table(found: list[Candidate], period: str) -> Table:
    table = Table(
        "#", "score", "article", "date", "title", "outlets", "labels", "why", title=f"candidates {period}"
    )
    for n, c in enumerate(found, 1):
        table.add_row(
            str(n),
            f"{c.rank_score:.2f}",
            str(c.article.id),
            str(c.article.published or ""),
            c.article.title,
            "、".join(c.outlets),
            "、".join(c.score.labels),
            c.why(),
        )
    return table


def _apart_table(apart: list[Apart], period: str) -> Table:
    table = Table(
        "article", "date", "title", "outlet", "why apart", title=f"not counted in {period}: dates to check"
    )
    for item in apart:
        a = item.article
        table.add_row(str(a.id), str(a.published or "-"), a.title, a.outlet, item.reason())
    return table


@app.command()
def decide(
    period: PeriodArg,
    articles: Annotated[list[str], typer.Argument(help="Article ids or URLs.")],
    reject: Annotated[bool, typer.Option("--reject", help="Reject instead of pick.")] = False,
    user: Annotated[str, typer.Option(help="Who decides.")] = "cli",
) -> None:
    """Record an editor's pick or rejection of candidates (the learned model learns from them)."""
    from yuqing.store.articles import get_article
    from yuqing.store.models import Decision

    period_arg(period)
    with unit_of_work() as (_, session):
        for ref in articles:
            article = get_article(session, ref)
            session.add(
                Decision(
                    article_id=article.id,
                    decision="reject" if reject else "pick",
                    user=user,
                    decided_at=datetime.now().replace(microsecond=0),
                )
            )
    out.print(f"{'rejected' if reject else 'picked'} {len(articles)} articles")


@app.command("learn")
def learn_cmd() -> None:
    """Train the relevance model on editors' decisions and past issues; print cross-validated figures."""
    from yuqing.analyze import learn
    from yuqing.analyze.run import model_path
    from yuqing.analyze.training import examples

    settings = load_settings()
    with unit_of_work() as (_, session):
        found = examples(session)
    model, report = learn.train(found)
    learn.save(model, model_path(settings))
    for line in report.lines():
        out.print(line)
    summary = run_analysis(settings, rescore=True)
    out.print(f"model saved to {model_path(settings)}; re-scored {summary.scored} articles")
