"""`yuqing demo`: the whole pipeline offline, as a first look at what yuqing does."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from yuqing.cli import app
from yuqing.cli.common import out, output_folder


@app.command()
def demo(
    out_dir: Annotated[Path, typer.Option("--out", help="Where the reports go.")] = Path("demo-output"),
    shared: Annotated[Path | None, typer.Option(help="The shared/ folder (examples, evaldata).")] = None,
    home: Annotated[
        Path | None, typer.Option(help="Keep the demo's data here (default: a temporary folder).")
    ] = None,
) -> None:
    """Crawl a fixture web of real pages on 127.0.0.x, rank, build issues 537 and 538, render them."""
    from yuqing.demo.run import find_shared, run_demo

    output_folder(out_dir)  # before the work: a file of that name is refused now, not in a minute
    results = run_demo(out_dir, find_shared(shared), lambda line: out.print(line), home)
    table = Table("issue", "example item", "rank among candidates", title="example items found")
    for result in results:
        for title, rank in result.ranks.items():
            table.add_row(str(result.number), title, str(rank) if rank else "not found")
    out.print(table)
    for result in results:
        for path in result.files:
            out.print(f"wrote {path}")
