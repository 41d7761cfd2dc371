"""The contents list (一、信息目录) of a past report, and its agreement with the items.

An entry is a title (on one or more lines, numbered or bulleted or neither) followed by its outlet
in brackets on a line of its own, or at the end of the title's line. A contents entry that no
item of the body matches is an error (an item may have been lost: a cut file, a heading the
parser could not see); an item missing from the list, or listed under another title, order or
outlet, is a warning.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from yuqing.report import house
from yuqing.report.problems import Problems, item_label
from yuqing.report.readers.source import SourceLine
from yuqing.text import squash

_TRAILING_OUTLET = re.compile(r"^(.*\S)\s*[(（]([^()（）]{1,20})[)）]$")
_SAME = 0.8  # titles at least this similar are the same entry (typos, a wrapped or edited title)


@dataclass(frozen=True)
class TocEntry:
    title: str
    outlet: str
    at: int


def read_contents(lines: list[SourceLine]) -> list[TocEntry]:
    entries: list[TocEntry] = []
    title: list[SourceLine] = []
    has_outlet_lines = any(house.OUTLET_LINE.match(ln.text) for ln in lines)
    for line in lines:
        outlet = house.OUTLET_LINE.match(line.text)
        if outlet and title:
            entries.append(TocEntry(_title(title), outlet[1].strip(), title[0].at))
            title = []
        elif not has_outlet_lines:
            trailing = _TRAILING_OUTLET.match(_strip_mark(line.text))
            text, name = (trailing[1], trailing[2]) if trailing else (_strip_mark(line.text), "")
            entries.append(TocEntry(text, name, line.at))
        elif not outlet:
            title.append(line)
    if title:
        entries.append(TocEntry(_title(title), "", title[0].at))
    return entries


def _strip_mark(text: str) -> str:
    return house.LIST_MARK.sub("", text).strip()


def _title(lines: list[SourceLine]) -> str:
    return _strip_mark("".join(ln.text for ln in lines))


def similar(a: str, b: str) -> float:
    a, b = squash(a), squash(b)
    if not a or not b:
        return 0.0
    if a.startswith(b) or b.startswith(a):
        return 1.0
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


@dataclass(frozen=True)
class BodyItem:
    """An item of the body as far as it could be read (its errors are reported elsewhere)."""

    title: str
    outlet: str
    at: int


def check_contents(toc: list[TocEntry], items: list[BodyItem], problems: Problems) -> None:
    """Report entries with no item (errors) and items with no entry or a different one (warnings)."""
    if not toc:
        return
    places = [item.at for item in items]
    matched: dict[int, int] = {}  # entry index → item index
    free = set(range(len(items)))
    for e, entry in enumerate(toc):
        order = sorted(free, key=lambda i: (-similar(entry.title, items[i].title), abs(i - e)))
        if order and similar(entry.title, items[order[0]].title) >= _SAME:
            matched[e] = order[0]
            free.discard(order[0])
    for e, entry in enumerate(toc):
        if e not in matched:
            problems.error(
                f"the contents list names “{entry.title}”{_outlet(entry)}, but no item of the body has "
                "this title: is the file complete, and is the item's heading typed as 1.标题：…?",
                entry.at,
                f"contents entry {e + 1}",
            )
            continue
        i = matched[e]
        item = items[i]
        label = item_label(i + 1, item.title)
        if i != e:
            problems.warn(
                f"is entry {e + 1} of the contents list but item {i + 1} of the body", places[i], label
            )
        if squash(entry.title) != squash(item.title):
            problems.warn(f"the contents list calls it “{entry.title}”", places[i], label)
        if entry.outlet and squash(entry.outlet) != squash(item.outlet):
            problems.warn(
                f"the contents list gives its outlet as {entry.outlet}, the item {item.outlet}",
                places[i],
                label,
            )
    for i in sorted(free):
        problems.warn("is not in the contents list", places[i], item_label(i + 1, items[i].title))


def _outlet(entry: TocEntry) -> str:
    return f"（{entry.outlet}）" if entry.outlet else ""
