"""`yuqing import-report`: past issues (Markdown/text or a DOCX yuqing wrote) into the store."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from yuqing.errors import InputError
from yuqing.report.document import ReportItem
from yuqing.report.parse import ParsedReport, parse_report
from yuqing.store import issues
from yuqing.store.articles import ArticleData, upsert_article
from yuqing.store.models import Article
from yuqing.text import squash
from yuqing.urls import normalise_url


@dataclass
class ImportSummary:
    path: Path
    number: int
    period: str
    items: int
    new_articles: int
    warnings: list[str]


def read_report(path: Path) -> ParsedReport:
    """Parse a report file by its kind: .docx through Word's paragraphs, else as text."""
    if not path.is_file():
        raise InputError("no such file", path=path)
    if path.suffix.lower() == ".docx":
        from yuqing.report.docx import docx_lines  # python-docx only when needed

        lines = docx_lines(path.read_bytes())
    else:
        lines = _decode(path).splitlines()
    return parse_report(lines, str(path))


def store_report(session: Session, parsed: ParsedReport, series: str, path: Path) -> ImportSummary:
    """Store the issue as published (frozen) with its articles. Importing the same report again
    replaces that issue's items; an article already in the store keeps its own text and the
    report's wording becomes the item's edit."""
    doc = parsed.document
    issue = issues.find_issue(session, series, parsed.period)
    if issue is not None:
        issues.unfreeze(issue)
        issue.items.clear()  # delete-orphan removes the rows
        issue.number = doc.number
        session.flush()
    else:
        issue = issues.create_issue(session, series, parsed.period, doc.number)
    new = 0
    for item in doc.items:
        existing = session.query(Article).filter_by(url=_url(item.url, path)).one_or_none()
        if existing is None:
            article, _ = upsert_article(session, item_article(item))
            new += 1
        else:
            article = existing
        placed = issues.add_item(session, issue, article)
        if article.title != item.title:
            placed.title = item.title
        if article.outlet != item.outlet:
            placed.outlet = item.outlet
        if squash("".join(article.paragraphs)) != squash("".join(item.paragraphs)):
            placed.paragraphs = list(item.paragraphs)
    issues.freeze(issue, doc.to_json(), announce=False)  # published long ago: no push
    return ImportSummary(path, doc.number, str(parsed.period), len(doc.items), new, parsed.warnings)


def _url(url: str, path: Path) -> str:
    try:
        return normalise_url(url)
    except ValueError as exc:
        raise InputError(str(exc), path=path) from exc


def _decode(path: Path) -> str:
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError("neither UTF-8 nor GB18030 text", path=path)


def item_article(item: ReportItem, origin: str = "import") -> ArticleData:
    """The article a report item was copied from, as far as the report tells."""
    return ArticleData(
        url=item.url,
        title=item.title,
        outlet=item.outlet,
        paragraphs=list(item.paragraphs),
        published=item.published,
        origin=origin,
    )
