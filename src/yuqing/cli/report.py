"""Commands that publish: report, template, config."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from yuqing import settings as settings_mod
from yuqing.cli import app, err
from yuqing.cli.common import out, output_folder, period_arg, unit_of_work, write_file
from yuqing.errors import InputError
from yuqing.report.period import Period, issue_number
from yuqing.report.render import FORMATS, default_filename, render


@app.command()
def report(
    period: Annotated[str, typer.Argument(help="2024-08 (month), 2024-W35 (week) or a date range.")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="md, docx, pdf, html, or all.")] = "md",
    out_path: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="File to write ('-': stdout); with all: a folder."),
    ] = None,
    series: Annotated[str | None, typer.Option(help="Report series (default: report.series).")] = None,
    auto: Annotated[
        int | None,
        typer.Option(min=1, help="First fill the draft issue with the top N candidate clusters."),
    ] = None,
) -> None:
    """Render an issue in the house format."""
    from yuqing.report.compose import compose
    from yuqing.store import issues

    formats = FORMATS if fmt == "all" else (fmt,)
    if fmt != "all" and fmt not in FORMATS:
        raise InputError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)} or all")
    p = period_arg(period)
    if auto is not None:
        autofill(p, auto, series)
    with unit_of_work() as (settings, session):
        doc = compose(issues.get_issue(session, series or settings.report_series, p), settings)
    if not doc.items:
        err.print(
            f"[yellow]warning:[/] issue {doc.number} ({p}) has no items: the report has only its "
            "masthead and intro; add items with `yuqing issue add` or `--auto N`"
        )
    for one in formats:
        data = render(doc, one, settings)
        if out_path is not None and str(out_path) == "-" and fmt != "all":
            typer.echo(data.decode("utf-8") if one in ("md", "html") else data, nl=False)
            continue
        target = _target(out_path, fmt == "all", default_filename(doc, p.label, one))
        write_file(target, data)
        out.print(f"wrote {target} ({len(data):,} bytes, {len(doc.items)} items, issue {doc.number})")


def autofill(p: Period, count: int, series: str | None) -> None:
    """Make (or complete) the period's draft issue from the ranked candidates."""
    from yuqing.analyze.candidates import candidates, fill_issue
    from yuqing.cli.analyze import run_analysis
    from yuqing.store import issues

    run_analysis(settings_mod.load())
    with unit_of_work() as (settings, session):
        name = series or settings.report_series
        issue = issues.find_issue(session, name, p) or issues.create_issue(
            session, name, p, issue_number(p, settings.anchor_for(name))
        )
        added = fill_issue(session, issue, candidates(session, p), count)
        out.print(f"issue {issue.number}: {added} candidates added, {len(issue.items)} items")


def _target(out_path: Path | None, folder: bool, name: str) -> Path:
    if out_path is None:
        return Path(name)
    if folder:
        return output_folder(out_path) / name
    if out_path.is_dir():
        raise InputError(f"cannot write {out_path}: it is a folder; name a file, or use --format all")
    return out_path


template_app = typer.Typer(help="The Word template the DOCX is built from.", no_args_is_help=True)
app.add_typer(template_app, name="template")


@template_app.command("export")
def template_export(
    path: Annotated[Path, typer.Argument(help="Where to write the .docx template.")],
) -> None:
    """Write the built-in Word template, to restyle in Word and set as report.docx_template."""
    from yuqing.report.docx_template import write_default_template

    write_default_template(path)
    out.print(f"wrote {path}; edit its styles in Word, then set report.docx_template to it")


@app.command()
def config(
    markdown: Annotated[bool, typer.Option(help="Print the reference table of docs/settings.md.")] = False,
) -> None:
    """Every setting: value in force, config-file key, environment variable and help."""
    if markdown:
        typer.echo(settings_mod.markdown_table(), nl=False)
        return
    current = settings_mod.load()
    out.print(f"[bold]settings[/] (config file: {current.home / 'config.toml'})")
    for name, env, key, help_text in settings_mod.describe():
        label = "YUQING_HOME" if name == "home" else key
        value = current.url if name == "database_url" else getattr(current, name)
        out.print(f"[cyan]{label}[/] = {value!s}", soft_wrap=True)
        out.print(f"    {help_text} Environment: {env}.", soft_wrap=True)
