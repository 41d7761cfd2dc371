"""PDF renderer: WeasyPrint lays out the HTML rendering, with free CJK fonts embedded.

The PDF is reproducible: its dates come from the issue date (dcterms meta in the HTML) and its
identifier from the content, so rendering the same document twice gives the same bytes.
"""

from __future__ import annotations

import subprocess
from typing import Any, NoReturn

from yuqing.errors import RenderError
from yuqing.report.document import ReportDocument
from yuqing.report.html import render_html

FONT_PACKAGE = "fonts-noto-cjk"


def render_pdf(doc: ReportDocument) -> bytes:
    require_cjk_fonts()
    try:
        from weasyprint import HTML
    except OSError as exc:  # WeasyPrint loads pango & co. at import time
        raise RenderError(
            f"WeasyPrint cannot load its system libraries ({exc}); install the Debian packages "
            "libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0",
            fmt="pdf",
        ) from exc
    # pdf_identifier=True: pydyf derives the file /ID from the content, not from a clock.
    pdf: bytes = HTML(string=render_html(doc), url_fetcher=_no_fetch).write_pdf(pdf_identifier=True)
    return pdf


def cjk_font_families() -> list[str]:
    """The installed font families fontconfig says cover Chinese, sorted."""
    try:
        out = subprocess.run(
            ["fc-list", ":lang=zh", "family"],
            capture_output=True,
            text=True,
            check=True,
            timeout=30,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    return sorted({name.strip() for line in out.splitlines() for name in line.split(",")} - {""})


def require_cjk_fonts() -> None:
    # Without a CJK font Pango draws every character as a box and WeasyPrint does not complain.
    if not cjk_font_families():
        raise RenderError(
            "no font covering Chinese is installed (fc-list :lang=zh is empty); "
            f"install the Debian package {FONT_PACKAGE} (apt-get install {FONT_PACKAGE})",
            fmt="pdf",
        )


def _no_fetch(url: str, *args: Any, **kwargs: Any) -> NoReturn:
    # The page is self-contained; never let a crawled URL make the renderer go online.
    raise ValueError(f"external resources are not fetched: {url}")
