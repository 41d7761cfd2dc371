"""HTML renderer: the report blocks as one standalone HTML5 page (also the source of the PDF).

The page is a Jinja2 template with the stylesheet inlined, so the file opens anywhere without
its neighbours. Autoescaping is on because every text comes from crawled pages: nothing in a
block may become markup, and only http(s) URLs become links.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from urllib.parse import urlsplit

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from yuqing.report.document import ReportDocument

TEMPLATE = "report.html.j2"
STYLESHEET = "report.css"


def render_html(doc: ReportDocument) -> str:
    return (
        _environment()
        .get_template(TEMPLATE)
        .render(
            doc=doc,
            blocks=doc.blocks(),
            css=stylesheet(),
            # Fixed timestamps from the issue date keep the PDF byte-for-byte reproducible.
            stamp=doc.date.isoformat(),
        )
    )


@cache
def stylesheet() -> Markup:
    # Our own package data, not crawled text: safe to inline unescaped.
    text = files("yuqing.report").joinpath("templates", STYLESHEET).read_text(encoding="utf-8")
    return Markup(text)


def is_web_url(url: str) -> bool:
    """Only absolute http(s) URLs become links; javascript:, data: and the like stay text."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    return parts.scheme.lower() in {"http", "https"} and bool(parts.netloc)


@cache
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("yuqing.report", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.tests["web_url"] = is_web_url
    return env
