"""`yuqing import-report`: past issues, in whatever form they were kept, into the store.

Each file is read (readers/), parsed (parse.py) and stored as a frozen issue with its articles in
one transaction. An item's article is one already in the archive when it has the same normalised
URL, or when the item's URL is a cut-off beginning of an archived article's URL and the titles
agree; otherwise a new article is made from the report's text. Two items of one issue never share
an article.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from yuqing.errors import ConfigError, InputError
from yuqing.report.document import ReportItem
from yuqing.report.parse import ParsedReport, parse_source
from yuqing.report.period import issue_number
from yuqing.report.problems import item_label
from yuqing.report.readers import read_source
from yuqing.settings import Settings
from yuqing.store import issues
from yuqing.store.articles import ArticleData, upsert_article
from yuqing.store.models import Article
from yuqing.text import squash
from yuqing.urls import normalise_url

_PREFIX_CANDIDATES = 20  # archived articles looked at for a cut URL


@dataclass
class ImportSummary:
    path: Path
    number: int
    period: str
    items: int
    new_articles: int
    warnings: list[str]
    linked: int = 0  # items linked to an article already in the archive
    notes: list[str] = field(default_factory=list)


def read_report(path: Path, office: str = "") -> ParsedReport:
    """Read and parse a report file of any supported form; a YuqingError names what is wrong."""
    return parse_source(read_source(path, office))


def store_report(
    session: Session, parsed: ParsedReport, series: str, path: Path, settings: Settings | None = None
) -> ImportSummary:
    """Store the issue as published (frozen) with its articles. Importing the same report again
    replaces that issue's items; an article already in the store keeps its own text and the
    report's wording becomes the item's edit."""
    doc = parsed.document
    warnings = list(parsed.warnings)
    if settings is not None:
        warnings += _number_check(parsed, series, settings, path)
    issue = issues.find_issue(session, series, parsed.period)
    if issue is not None:
        issues.unfreeze(issue)
        issue.items.clear()  # delete-orphan removes the rows
        session.flush()
        issue.number = issues.checked_number(doc.number)
        session.flush()
    else:
        issue = issues.create_issue(session, series, parsed.period, doc.number)
    new = linked = 0
    taken: set[int] = set()
    for n, item in enumerate(doc.items, 1):
        article = _archived(session, item, taken, n, path, parsed)
        if article is None:
            article, _ = upsert_article(session, item_article(item))
            new += 1
        else:
            linked += 1
        taken.add(article.id)
        placed = issues.add_item(session, issue, article)
        if article.title != item.title:
            placed.title = item.title
        if article.outlet != item.outlet:
            placed.outlet = item.outlet
        if squash("".join(article.paragraphs)) != squash("".join(item.paragraphs)):
            placed.paragraphs = list(item.paragraphs)
    issues.freeze(issue, doc.to_json(), announce=False)  # published long ago: no push
    return ImportSummary(path, doc.number, str(parsed.period), len(doc.items), new, warnings, linked)


def _archived(
    session: Session, item: ReportItem, taken: set[int], n: int, path: Path, parsed: ParsedReport
) -> Article | None:
    """The archived article ``item`` was copied from, if the archive has it."""
    url = normalise_url(item.url)
    where = parsed.places[n - 1] if n <= len(parsed.places) else ""
    found = session.scalars(select(Article).where(Article.url == url)).one_or_none()
    if found is not None:
        if _title_similarity(found.title, item.title) < 0.5 and _looks_cut(url):
            raise InputError(
                f"{where}: {item_label(n, item.title)}: its link {item.url} is also the link of "
                f"article {found.id} “{found.title}” in the archive, a different title: the link looks "
                "cut short; give the item its full link",
                path=path,
            )
        return found
    prefixed = session.scalars(
        select(Article).where(Article.url.startswith(url, autoescape=True)).limit(_PREFIX_CANDIDATES)
    )
    return next(
        (a for a in prefixed if a.id not in taken and squash(a.title) == squash(item.title)),
        None,
    )


def _title_similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, squash(a), squash(b), autojunk=False).ratio()


def _looks_cut(url: str) -> bool:
    """A link with no page in it (ends with /, or no path): the kind a wrapped line cuts."""
    path = url.split("://", 1)[-1].partition("/")[2].partition("?")[0]
    return not path or path.endswith("/")


def _number_check(parsed: ParsedReport, series: str, settings: Settings, path: Path) -> list[str]:
    """A warning when the file's issue number is not the one the series' anchor gives."""
    try:
        expected = issue_number(parsed.period, settings.anchor_for(series))
    except (ConfigError, InputError):
        return []
    number = parsed.document.number
    if expected == number:
        return []
    anchor = settings.anchor_for(series)
    return [
        f"{path}: the file calls it issue {number}, but {anchor.setting} {anchor.text} counts "
        f"{parsed.period} as issue {expected}; stored as issue {number}"
    ]


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


__all__ = ["ImportSummary", "item_article", "read_report", "store_report"]
