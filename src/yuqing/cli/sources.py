"""`yuqing sources list|check`: what the registry in force says, and whether it is valid."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from yuqing import settings as settings_mod
from yuqing.cli import app
from yuqing.cli.common import out

if TYPE_CHECKING:
    from yuqing.collect.sources import Source

sources_app = typer.Typer(help="The source registry: which sites yuqing crawls.", no_args_is_help=True)
app.add_typer(sources_app, name="sources")

FileOption = Annotated[
    Path | None,
    typer.Option("--file", help="Registry to read instead of the one in force (sources_file setting)."),
]


def _registry(file: Path | None) -> tuple[Path, list[Source]]:
    from yuqing.collect.sources import load_sources, sources_path  # loads the extractor's selectors

    path = file if file is not None else sources_path(settings_mod.load())
    return path, load_sources(path)


def _kinds(source: Source) -> str:
    counts = Counter(entry.kind for entry in source.entries)
    return ", ".join(kind if n == 1 else f"{kind}×{n}" for kind, n in counts.items())


@sources_app.command("list")
def list_cmd(file: FileOption = None) -> None:
    """A table of the sources: name, outlet, entry points, interval, enabled, verified."""
    from yuqing.collect.sources import format_interval

    path, sources = _registry(file)
    table = Table("name", "outlet", "entry points", "interval", "enabled", "verified")
    table.title = f"{len(sources)} sources in {path}"
    for s in sources:
        table.add_row(
            s.name,
            s.outlet,
            _kinds(s),
            format_interval(s.interval_seconds),
            _yes(s.enabled),
            _yes(s.verified),
        )
    out.print(table)


@sources_app.command()
def check(file: FileOption = None) -> None:
    """Validate the registry; a mistake is reported with its file and line (exit code 2)."""
    path, sources = _registry(file)
    enabled = sum(s.enabled for s in sources)
    unverified = sum(not s.verified for s in sources)
    out.print(f"{len(sources)} sources OK in {path} ({enabled} enabled, {unverified} not verified live)")
    browser = [s.name for s in sources if s.browser and s.enabled]
    if browser:
        from yuqing.collect.browser import MISSING, find_chromium  # Playwright is slow to import

        chromium = find_chromium(settings_mod.load().collect_browser)
        where = f"chromium: {chromium}" if chromium and Path(chromium).exists() else "NO chromium found"
        if MISSING:
            where += "; Playwright is NOT installed: pip install 'yuqing[browser]'"
        out.print(f"{len(browser)} need a browser ({', '.join(browser)}); {where}", markup=False)


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"
