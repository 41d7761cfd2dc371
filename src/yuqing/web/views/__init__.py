"""One module per page; ROUTERS lists them in the order the app includes them."""

from __future__ import annotations

from fastapi import APIRouter

from yuqing.web.views import (
    apidocs,
    article,
    candidates,
    dashboard,
    issue_api,
    issues,
    login,
    search,
    sources,
)

ROUTERS: list[APIRouter] = [
    login.router,
    dashboard.router,
    issues.router,
    issue_api.router,
    candidates.router,
    article.router,
    search.router,
    sources.router,
    apidocs.router,
]
