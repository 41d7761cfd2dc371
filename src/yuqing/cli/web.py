"""`yuqing serve` (the editor's web app) and `yuqing user add|list|passwd|remove`."""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.table import Table

from yuqing import settings as settings_mod
from yuqing.cli import app
from yuqing.cli.common import out, unit_of_work

user_app = typer.Typer(help="People who may sign in to the web app.", no_args_is_help=True)
app.add_typer(user_app, name="user")


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    schedule: Annotated[bool, typer.Option(help="Collect from each source on its interval.")] = True,
) -> None:
    """Run the web app (in Chinese) for editors and viewers."""
    import uvicorn

    from yuqing.web.app import create_app

    settings = settings_mod.load()
    web = create_app(settings, schedule=schedule)
    out.print(f"yuqing serves on http://{host}:{port}/ (data: {settings.home})")
    uvicorn.run(web, host=host, port=port, log_level="warning")


@user_app.command("add")
def user_add(
    username: Annotated[str, typer.Argument(help="Sign-in name.")],
    role: Annotated[str, typer.Option(help="admin, editor or viewer.")] = "editor",
    password_stdin: Annotated[bool, typer.Option(help="Read the password from standard input.")] = False,
) -> None:
    """Add a user; the password is asked for (or read from stdin) and stored as an argon2 hash."""
    from yuqing.store.users import add_user

    password = _password(password_stdin)
    with unit_of_work() as (_, session):
        add_user(session, username, password, role)
    out.print(f"user {username} added ({role})")


@user_app.command("list")
def user_list() -> None:
    """Every user: role, whether active, since when, and how many sign-ins are live."""
    from yuqing.store.users import list_users

    with unit_of_work() as (_, session):
        table = Table("user", "role", "active", "created", "signed in")
        for user, live in list_users(session):
            table.add_row(
                user.username, user.role, "yes" if user.active else "no", str(user.created_at), str(live)
            )
    out.print(table)


@user_app.command("passwd")
def user_passwd(
    username: Annotated[str, typer.Argument(help="Sign-in name.")],
    password_stdin: Annotated[bool, typer.Option(help="Read the password from standard input.")] = False,
) -> None:
    """Set a new password; the user's sign-ins end, on every browser."""
    from yuqing.store.users import set_password

    password = _password(password_stdin)
    with unit_of_work() as (_, session):
        set_password(session, username, password)
    out.print(f"password of {username} changed; their sign-ins have ended")


@user_app.command("remove")
def user_remove(username: Annotated[str, typer.Argument(help="Sign-in name.")]) -> None:
    """Remove a user: they can no longer sign in and their sign-ins end (their decisions stay)."""
    from yuqing.store.users import remove_user

    with unit_of_work() as (_, session):
        remove_user(session, username)
    out.print(f"user {username} removed")


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    return str(typer.prompt("password", hide_input=True, confirmation_prompt=True))
