"""One module per page; ROUTERS lists them in the order the app includes them."""

from __future__ import annotations

from fastapi import APIRouter

from yuqing.web.views import dashboard, login

ROUTERS: list[APIRouter] = [
    login.router,
    dashboard.router,
]
