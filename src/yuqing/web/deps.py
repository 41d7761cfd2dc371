"""Request-scoped things views depend on: the database session, templates, the page context."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Request
from fastapi.templating import Jinja2Templates
from markupsafe import Markup
from sqlalchemy.orm import Session

from yuqing import provenance
from yuqing.text import neutralise
from yuqing.web import fields, sessions
from yuqing.web.security import csrf_token


def _shown(value: Any) -> Any:
    """Every value a template prints loses hidden control characters: rows stored before the
    store neutralised them (NUL, a bidi override reversing a title) are shown safely too."""
    if isinstance(value, Markup):
        return Markup(neutralise(str(value)))
    return neutralise(value) if isinstance(value, str) else value


templates = Jinja2Templates(directory=str(Path(__file__).with_name("templates")))
templates.env.finalize = _shown
templates.env.globals["limits"] = {"title": fields.TITLE_MAX, "outlet": fields.OUTLET_MAX}
templates.env.filters["date_source"] = provenance.label  # 标题旁的发布时间, 推测日期 …
templates.env.tests["guessed_date"] = provenance.is_guessed


OWN_TRANSACTIONS = "yuqing_own_transactions"
View = TypeVar("View", bound=Callable[..., Any])


def own_transactions(view: View) -> View:
    """Mark a view that writes in transactions of its own (an admin's enable flag, which the
    schedule must see at once; a test push, whose log is written as it is sent). Its request's
    transaction does not take the write lock: those writes would wait for it to end."""
    setattr(view, OWN_TRANSACTIONS, True)
    return view


def _writes(request: Request) -> bool:
    """Whether the request's transaction takes the write lock as it begins (SQLite: BEGIN IMMEDIATE).
    A change reads, then writes; in WAL mode a crawl committing in between would have SQLite refuse
    the write at once ("database is locked"), so the editor's click would fail. Taken first, the
    lock is waited for instead (busy_timeout)."""
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return False
    return not getattr(request.scope.get("endpoint"), OWN_TRANSACTIONS, False)


def get_db(request: Request) -> Iterator[Session]:
    """One transaction per request: committed when the view returns, rolled back on error. A
    request that may write holds the write lock throughout (see _writes)."""
    try:
        with request.app.state.store.session(write=_writes(request)) as session:
            request.state.db = session
            yield session
    finally:
        # An error page is rendered after this: had it used the closed session, that session would
        # begin again and keep a connection, idle in a transaction, that nobody gives back.
        request.state.db = None


# Commit before the answer leaves. FastAPI's default scope ends a yield dependency after the
# response is sent: a browser acting on the answer at once (htmx swaps the list, the editor
# clicks 定稿) could then reach a database that does not hold the change yet. Every route must
# use this one dependency: a second scope would open a second session in the same request.
DB = Depends(get_db, scope="function")
Db = Annotated[Session, DB]


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> Any:
    """A page with what every template needs: who is signed in, the CSRF token, the settings."""
    db: Session | None = getattr(request.state, "db", None)
    if db is not None:
        user = sessions.user_of(request, db)
    else:  # an error page, after the request's transaction: a short one of its own
        with request.app.state.store.session() as short:
            user = sessions.user_of(request, short)
    return templates.TemplateResponse(
        request,
        template,
        {"user": user, "csrf": csrf_token(request), "settings": request.app.state.settings, **context},
        status_code=status_code,
    )
