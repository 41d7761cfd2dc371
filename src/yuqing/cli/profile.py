"""`yuqing profile check|try`: is the topic profile valid, and how does it score a text."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape

from yuqing import settings as settings_mod
from yuqing.cli import app
from yuqing.cli.common import out
from yuqing.errors import InputError

if TYPE_CHECKING:
    from yuqing.analyze.profile import Profile

profile_app = typer.Typer(
    help="The topic profile: which words make an article relevant.", no_args_is_help=True
)
app.add_typer(profile_app, name="profile")

FileOption = Annotated[
    Path | None,
    typer.Option("--file", help="Profile to read instead of the one in force (profile_file setting)."),
]


def _profile(file: Path | None) -> Profile:
    from yuqing.analyze.profile import load_profile, profile_path  # YAML: only when a command runs

    return load_profile(file if file is not None else profile_path(settings_mod.load()))


@profile_app.command()
def check(file: FileOption = None) -> None:
    """Validate the profile; a mistake is reported with its file and line (exit code 2)."""
    profile = _profile(file)
    out.print(f"profile OK: {len(profile.groups)} groups, {profile.term_count} terms ({profile.path})")


@profile_app.command("try")
def try_cmd(
    text_or_file: Annotated[
        str, typer.Argument(help="A text, or a UTF-8 file whose first line is the title.")
    ],
    file: FileOption = None,
) -> None:
    """Score a text or a file with the profile and show why it is (not) relevant."""
    from yuqing.analyze.score import Scorer

    title, paragraphs = _read(text_or_file)
    result = Scorer(_profile(file)).score(title, paragraphs)
    out.print(f"score: {result.score:.3f} (0–1)")
    out.print(f"relevant: {'yes' if result.relevant else 'no'}")
    out.print(f"labels: {'、'.join(result.labels) or '-'}")
    out.print("evidence:")
    for e in result.evidence:
        where = "title" if e.in_title else "text"
        out.print(f"  {escape(e.term)} ×{e.count} [{e.group}] {e.weight:+.2f} ({where})")
    out.print(f"reason: {escape(result.reason)}")


def _read(text_or_file: str) -> tuple[str, list[str]]:
    """(title, paragraphs): a file's first non-empty line is its title; a bare text is all title
    when it is one line (a headline), else its first line is."""
    path = Path(text_or_file)
    text = text_or_file
    if len(text_or_file) < 1024 and "\n" not in text_or_file and path.is_file():
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise InputError("not UTF-8 text", path=path) from exc
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines:
        raise InputError(
            "nothing to score: the text is empty", path=path if text is not text_or_file else None
        )
    return lines[0], lines[1:]
