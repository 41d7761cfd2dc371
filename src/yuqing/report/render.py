"""One entry point to every renderer, chosen by format name."""

from __future__ import annotations

from pathlib import Path

from yuqing.errors import InputError
from yuqing.report.document import ReportDocument
from yuqing.settings import Settings

FORMATS = ("md", "html", "docx", "pdf")


def render(doc: ReportDocument, fmt: str, settings: Settings) -> bytes:
    """The document in ``fmt``; the heavy renderers are imported only when asked for."""
    if fmt == "md":
        from yuqing.report.markdown import render_markdown

        return render_markdown(doc).encode("utf-8")
    if fmt == "html":
        from yuqing.report.html import render_html

        return render_html(doc).encode("utf-8")
    if fmt == "docx":
        from yuqing.report.docx import render_docx

        template = settings.report_docx_template
        return render_docx(doc, Path(template).expanduser() if template else None)
    if fmt == "pdf":
        from yuqing.report.pdf import render_pdf

        return render_pdf(doc)
    raise InputError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


def default_filename(doc: ReportDocument, period: str, fmt: str) -> str:
    return f"report-{doc.number}-{period}.{fmt}"
