"""The API's description for signed-in users: /openapi.json and Swagger UI at /docs.

FastAPI's own /docs page loads Swagger UI from a CDN with an inline script: the CSP blocks both
and machines may be offline. Here the page and its start-up script are ours, Swagger UI's files
come from the swagger-ui-py package (mounted at /docs/assets), and both routes need a sign-in.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse

from yuqing.store.models import User
from yuqing.web.deps import render
from yuqing.web.security import current_user

router = APIRouter(include_in_schema=False)
Reader = Annotated[User, Depends(current_user)]
ASSETS = ("swagger_ui", "static")  # the package folder served at /docs/assets


@router.get("/openapi.json")
def openapi(request: Request, user: Reader) -> Any:
    return JSONResponse(request.app.openapi())


@router.get("/docs")
def docs(request: Request, user: Reader) -> Any:
    return render(request, "apidocs.html")
