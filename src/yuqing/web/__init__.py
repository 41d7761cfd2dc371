"""The editor's web app: FastAPI views, one per page, Jinja2 templates, htmx for small updates."""

from __future__ import annotations
