"""Request-scoped things views depend on: the database session, templates, the page context."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.templating import Jinja2Templates
from sqlalchemy.orm import Session

from yuqing import provenance
from yuqing.web.security import csrf_token

templates = Jinja2Templates(directory=str(Path(__file__).with_name("templates")))
templates.env.filters["date_source"] = provenance.label  # 标题旁的发布时间, 推测日期 …
templates.env.tests["guessed_date"] = provenance.is_guessed


def get_db(request: Request) -> Iterator[Session]:
    """One transaction per request: committed when the view returns, rolled back on error."""
    try:
        with request.app.state.store.session() as session:
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
    user_id = request.session.get("user")
    db: Session | None = getattr(request.state, "db", None)
    from yuqing.store.models import User

    user = None
    if user_id and db is not None:
        user = db.get(User, user_id)
    elif user_id:  # an error page, after the request's transaction: a short one of its own
        with request.app.state.store.session() as short:
            user = short.get(User, user_id)
    return templates.TemplateResponse(
        request,
        template,
        {"user": user, "csrf": csrf_token(request), "settings": request.app.state.settings, **context},
        status_code=status_code,
    )
