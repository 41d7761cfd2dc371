"""Reading a past report (house format, as text lines) back into a ReportDocument."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from yuqing.errors import ReportParseError
from yuqing.report.cleanup import clean_line, join_page_breaks
from yuqing.report.document import ReportDocument, ReportItem
from yuqing.report.period import DIGITS, Period
from yuqing.text import squash

_NUMBER = re.compile(r"第([〇零一二三四五六七八九0-9]+)期")
_DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
_PERIOD = re.compile(r"时间从(\d{4})年(\d{1,2})月(\d{1,2})日至(\d{4})年(\d{1,2})月(\d{1,2})日")
_ITEM = re.compile(r"^(\d+)\s*[.．、]\s*标题\s*[:：]\s*(.*)$")
_FIELD = re.compile(r"^(来源|链接|主要内容)\s*[:：]\s*(.*)$")
_DATELINE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s*(?:来源\s*[:：]?\s*(.*))?$")
_OUTLET_LINE = re.compile(r"^[(（](.+)[)）]$")
_TOC_PREFIX = re.compile(r"^(?:\d+\s*[.．、]\s*|[-•·]\s+)")


@dataclass
class ParsedReport:
    document: ReportDocument
    period: Period
    warnings: list[str] = field(default_factory=list)


@dataclass
class _Line:
    number: int
    text: str


def parse_report(raw_lines: Sequence[str], path: str) -> ParsedReport:
    """Parse the house format; raises ReportParseError naming the file and line at fault."""
    lines = [_Line(n, clean_line(t)) for n, t in enumerate(raw_lines, 1)]
    lines = [ln for ln in lines if ln.text]
    if not lines:
        raise ReportParseError("the file is empty", path=path)
    intro_at = _find(lines, r"^本期导语", "本期导语", path)
    toc_at = _find(lines, r"^一\s*[、.]\s*信息目录", "一、信息目录", path)
    body_at = _find(lines, r"^二\s*[、.]\s*具体内容", "二、具体内容", path)
    title, number, organisation, published = _masthead(lines[:intro_at], path)
    intro = "".join(ln.text for ln in lines[intro_at + 1 : toc_at])
    intro = re.sub(r"^本期导语\s*[:：]?", "", intro)
    period = _period(intro, published)
    warnings: list[str] = []
    toc = _toc(lines[toc_at + 1 : body_at])
    items = _items(lines[body_at + 1 :], path)
    if len(toc) != len(items):
        warnings.append(f"{path}: the contents list {len(toc)} items but the body has {len(items)}")
    doc = ReportDocument(title, number, organisation, published, intro, tuple(items))
    return ParsedReport(doc, period, warnings)


def _find(lines: list[_Line], pattern: str, name: str, path: str) -> int:
    for index, line in enumerate(lines):
        if re.match(pattern, line.text):
            return index
    raise ReportParseError(f"no section {name!r} found; is this a report in the house format?", path=path)


def _masthead(lines: list[_Line], path: str) -> tuple[str, int, str, date]:
    number_at = next((i for i, ln in enumerate(lines) if _NUMBER.search(ln.text)), None)
    if number_at is None:
        raise ReportParseError("no issue number such as （第五三七期） before 本期导语", path=path)
    line = lines[number_at]
    number = _chinese_to_int(_NUMBER.search(line.text)[1])  # type: ignore[index]
    title = " ".join(ln.text for ln in lines[:number_at]) or "（无标题）"
    rest = " ".join(ln.text for ln in lines[number_at + 1 :])
    found = _DATE.search(squash(rest))
    if found is None:
        raise ReportParseError(
            "no publication date (2024年08月31日) in the masthead", path=path, line=line.number
        )
    published = date(int(found[1]), int(found[2]), int(found[3]))
    organisation = re.sub(r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日", "", rest).strip()
    return title, number, organisation, published


def _chinese_to_int(text: str) -> int:
    digits = {c: str(i) for i, c in enumerate(DIGITS)} | {"零": "0"}
    return int("".join(digits.get(c, c) for c in text))


def _period(intro: str, published: date) -> Period:
    found = _PERIOD.search(squash(intro))
    if found:
        values = [int(v) for v in found.groups()]
        return Period(date(*values[:3]), date(*values[3:]))
    return Period(published.replace(day=1), published)


def _toc(lines: list[_Line]) -> list[tuple[str, str]]:
    entries: list[tuple[str, str]] = []
    title: list[str] = []
    for line in lines:
        outlet = _OUTLET_LINE.match(line.text)
        if outlet and title:
            entries.append(("".join(title), outlet[1]))
            title = []
        else:
            title.append(_TOC_PREFIX.sub("", line.text))
    return entries


def _items(lines: list[_Line], path: str) -> list[ReportItem]:
    starts = [i for i, ln in enumerate(lines) if _ITEM.match(ln.text)]
    if not starts:
        line = lines[0].number if lines else None
        raise ReportParseError("no item such as 1.标题：… under 二、具体内容", path=path, line=line)
    bounds = zip(starts, [*starts[1:], len(lines)], strict=True)
    return [_item(lines[a:b], path) for a, b in bounds]


def _item(lines: list[_Line], path: str) -> ReportItem:
    head = lines[0]
    title_parts = [_ITEM.match(head.text)[2]]  # type: ignore[index]
    fields: dict[str, str] = {}
    index = 1
    while index < len(lines) and "主要内容" not in fields:
        found = _FIELD.match(lines[index].text)
        if found:
            fields[found[1]] = found[2]
        elif "来源" not in fields:
            title_parts.append(lines[index].text)  # a title the conversion wrapped
        elif fields.get("链接") == "":
            fields["链接"] = lines[index].text
        index += 1
    missing = [name for name in ("来源", "链接", "主要内容") if name not in fields]
    if missing:
        raise ReportParseError(f"item has no {'/'.join(missing)} line", path=path, line=head.number)
    url = fields["链接"].strip()
    if not re.match(r"https?://\S+$", url):
        raise ReportParseError(f"item link {url!r} is not a URL", path=path, line=head.number)
    title = "".join(title_parts).strip()
    published, body = _content(title, [ln.text for ln in lines[index:]])
    return ReportItem(title, fields["来源"].strip(), url, published, tuple(join_page_breaks(body)))


def _content(title: str, texts: list[str]) -> tuple[date | None, list[str]]:
    """Drop the repeated title and read the dateline that open an item's 主要内容."""
    repeated = ""
    while texts and squash(title).startswith(squash(repeated + texts[0])):
        repeated += texts.pop(0)
        if squash(repeated) == squash(title):
            break
    published = None
    if texts and (found := _DATELINE.match(texts[0])):
        published = date.fromisoformat(found[1])
        texts.pop(0)
    return published, texts
