"""Reading a past report (the lines any reader gives) back into a ReportDocument.

The parser finds the masthead, the intro, the contents list and the items by the labels of the
house format (house.py), as editors typed them. Every item is read whole or named in an error:
a missing outlet or link, a link that is not a web address, an empty text, a contents entry with
no item in the body. All problems of a file are reported together; a file with any is not
imported. Doubts that lose nothing (a contents title that differs from the item's, no date line)
are warnings.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from yuqing.report import house
from yuqing.report.cleanup import repair_spacing
from yuqing.report.document import ReportDocument, ReportItem
from yuqing.report.items import ItemReader
from yuqing.report.masthead import Masthead, read_masthead, read_period
from yuqing.report.period import Period
from yuqing.report.problems import Problems, item_label
from yuqing.report.readers.source import ReportSource, SourceLine
from yuqing.report.toc import BodyItem, TocEntry, check_contents, read_contents
from yuqing.text import squash
from yuqing.urls import normalise_url


@dataclass
class ParsedReport:
    document: ReportDocument
    period: Period
    warnings: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)  # where each item starts, for later messages


def parse_report(raw_lines: Sequence[str], path: str) -> ParsedReport:
    """Parse the lines of a text or Markdown report; raises ReportParseError naming the file,
    line and item of every problem."""
    from yuqing.report.readers.text import read_text

    data = "\n".join(raw_lines).encode("utf-8")
    return parse_source(read_text(Path(path), data))


def parse_source(source: ReportSource) -> ParsedReport:
    """The report in ``source`` (from any reader) as a document, its period and warnings."""
    problems = Problems(source)
    lines = [SourceLine(_clean(ln.text), ln.at, ln.links) for ln in source.lines]
    lines = [ln for ln in lines if ln.text]
    if not lines:
        raise problems.fatal("the file has no text", None)
    intro_at = _find(lines, house.INTRO)
    toc_at = _find(lines, house.CONTENTS, intro_at or 0)
    body_at = _find(lines, house.BODY, (toc_at if toc_at is not None else intro_at) or 0)
    first_item = _first_item(lines, body_at if body_at is not None else (toc_at or intro_at or 0))
    if first_item is None:
        at = lines[body_at].at if body_at is not None else None
        raise problems.fatal("no item such as 1.标题：… found; is this a report in the house format?", at)
    head_end = next(i for i in (intro_at, toc_at, body_at, first_item) if i is not None)
    masthead = read_masthead(lines[:head_end], problems)
    intro_lines = lines[intro_at : toc_at or body_at or first_item] if intro_at is not None else []
    intro = _intro(intro_lines)
    period = read_period(intro_lines, masthead, problems)
    toc_end = body_at if body_at is not None else first_item
    toc = read_contents(lines[toc_at + 1 : toc_end]) if toc_at is not None else []
    if toc_at is None:
        problems.warn("no contents list (一、信息目录) found", None)
    items, places, read = _items(lines[first_item:], toc, problems)
    if not items and not problems.errors:
        raise problems.fatal("no item could be read", lines[first_item].at)
    check_contents(toc, read, problems)
    _check_duplicates(items, places, problems)
    problems.raise_errors()
    doc = ReportDocument(
        masthead.title, masthead.number, masthead.organisation, masthead.published, intro, tuple(items)
    )
    return ParsedReport(doc, period, problems.warnings, [problems.place(at) for at in places])


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", repair_spacing(text.replace("\u3000", " ").strip()))


def _find(lines: list[SourceLine], pattern: re.Pattern[str], start: int = 0) -> int | None:
    return next((i for i in range(start, len(lines)) if pattern.match(lines[i].text)), None)


def _intro(lines: list[SourceLine]) -> str:
    if not lines:
        return ""
    first = house.INTRO.match(lines[0].text)
    texts = ([first[1]] if first and first[1] else []) + [ln.text for ln in lines[1:]]
    return "".join(texts).strip()


def _first_item(lines: list[SourceLine], start: int) -> int | None:
    return next((i for i in range(start, len(lines)) if is_item_start(lines, i)), None)


def is_item_start(lines: list[SourceLine], index: int) -> bool:
    """An item heading: 标题：… (numbered, bulleted or not), or a numbered line with an item's
    fields (来源, 链接) right below it."""
    text = lines[index].text
    if house.ITEM_HEADING.match(text):
        return True
    if not house.NUMBERED.match(text):
        return False
    for below in lines[index + 1 : index + 4]:
        found = house.field_of(below.text)
        if found and found[0] in ("outlet", "url"):
            return True
        if house.NUMBERED.match(below.text) or house.ITEM_HEADING.match(below.text):
            return False
    return False


def _items(
    lines: list[SourceLine], toc: list[TocEntry], problems: Problems
) -> tuple[list[ReportItem], list[int], list[BodyItem]]:
    """The items read whole, where each starts, and every item as far as it could be read."""
    starts = [i for i in range(len(lines)) if is_item_start(lines, i)]
    items: list[ReportItem] = []
    places: list[int] = []
    read: list[BodyItem] = []
    for n, (a, b) in enumerate(zip(starts, [*starts[1:], len(lines)], strict=True), 1):
        hint = toc[n - 1] if n <= len(toc) else None
        reader = ItemReader(lines[a:b], n, problems, hint)
        item = reader.read()
        read.append(BodyItem(reader.title, reader.final_outlet, lines[a].at))
        if item is not None:
            items.append(item)
            places.append(lines[a].at)
    problems.check_numbers([lines[i].text for i in starts])
    return items, places, read


def _check_duplicates(items: list[ReportItem], places: list[int], problems: Problems) -> None:
    """Two items with one link: an issue holds an article once, and a cut link would otherwise
    merge two articles into one."""
    seen: dict[str, int] = {}
    for n, item in enumerate(items, 1):
        key = normalise_url(item.url)
        if key in seen:
            first = items[seen[key] - 1]
            same = "the same item twice" if squash(first.title) == squash(item.title) else "two titles"
            problems.error(
                f"has the same link as item {seen[key]} ({item.url}), {same}: an issue holds an "
                "article once; remove the repeated item or give it its full link",
                places[n - 1],
                item_label(n, item.title),
            )
        else:
            seen[key] = n


__all__ = ["Masthead", "ParsedReport", "is_item_start", "parse_report", "parse_source"]
