"""The FastAPI application: middleware, static files, every page's router, the error renderer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Depends, FastAPI, Request, Response
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles
from starlette.middleware.sessions import SessionMiddleware

from yuqing.settings import Settings
from yuqing.store.db import Store, open_store
from yuqing.web import errors
from yuqing.web.deps import DB
from yuqing.web.scheduler import lifespan
from yuqing.web.security import CSP, check_csrf, refuse_nul, secret_key
from yuqing.web.views import ROUTERS, apidocs, pushes


def create_app(settings: Settings, store: Store | None = None, schedule: bool = False) -> FastAPI:
    """The app on the store; with ``schedule``, collection runs on each source's interval."""
    app = FastAPI(
        title="yuqing 舆情",
        description="Review, curate and publish the monthly report. JSON API under /api.",
        dependencies=[Depends(refuse_nul), Depends(check_csrf), DB],
        lifespan=lifespan if schedule else None,
        docs_url=None,  # /docs and /openapi.json are served behind sign-in (views/apidocs.py)
        redoc_url=None,
        openapi_url=None,
    )
    app.state.settings = settings
    app.state.store = store or open_store(settings)
    app.add_middleware(
        SessionMiddleware,
        secret_key=secret_key(settings.home),
        session_cookie="yuqing_session",
        max_age=round(settings.web_session_hours * 3600),
        same_site="strict",
    )

    @app.middleware("http")
    async def content_security_policy(request: Request, call_next: Any) -> Response:
        response: Response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        return response

    static = Path(__file__).with_name("static")

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> FileResponse:  # what browsers and tools ask for without reading the page
        return FileResponse(static / "favicon.svg", media_type="image/svg+xml")

    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    app.mount("/docs/assets", StaticFiles(packages=[apidocs.ASSETS]), name="apidocs")
    for router in ROUTERS:
        app.include_router(router)
    app.include_router(pushes.router)  # the admin's push settings (notify/)
    errors.install(app)
    return app
