"""The masthead of a past report (title, issue number, organisation, date) and its period.

Issue numbers are written digit by digit (第五三七期), as counted numbers (第五百三十七期) or in
digits (第537期); a 总第…期 beside a yearly count (2024年第8期) is the running number. A number
above MAX_ISSUE_NUMBER or a date that does not exist (2024年13月45日) is an error naming the line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from yuqing.report.period import MAX_ISSUE_NUMBER, Period, read_chinese_number
from yuqing.report.problems import Problems
from yuqing.report.readers.source import SourceLine
from yuqing.text import squash

_NUMBER = re.compile(r"(总)?第\s*([〇零一二三四五六七八九十百千万0-9０-９]+)\s*期")
_DATE = re.compile(r"(\d{4})\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})\s*日?")
_SPAN = re.compile(
    r"(?:时间)?从?(\d{4})年(\d{1,2})月(\d{1,2})日?(?:至|到|—|-|~)(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日"
)


@dataclass
class Masthead:
    title: str
    number: int
    organisation: str
    published: date


def read_masthead(lines: list[SourceLine], problems: Problems) -> Masthead:
    at = lines[0].at if lines else None
    found = [(i, m) for i, ln in enumerate(lines) for m in _NUMBER.finditer(ln.text)]
    if not found:
        raise problems.fatal("no issue number such as （第五三七期） in the masthead before 本期导语", at)
    index, match = next(((i, m) for i, m in found if m[1]), found[0])  # 总第…期 wins
    line = lines[index]
    number = read_chinese_number(match[2])
    if number is None or not 1 <= number <= MAX_ISSUE_NUMBER:
        raise problems.fatal(
            f"issue number {match[0]!r} is not plausible (issue numbers run from 1 to {MAX_ISSUE_NUMBER})",
            line.at,
        )
    before = line.text[: match.start()].strip(" （(")
    title = " ".join([ln.text for ln in lines[:index]] + ([before] if before else [])) or "（无标题）"
    rest = lines[index + 1 :]
    published, date_at = _masthead_date(rest, problems)
    organisation = " ".join(_DATE.sub("", ln.text).strip() for ln in rest).strip()
    if published is None:
        raise problems.fatal("no publication date (2024年08月31日) in the masthead", date_at or line.at)
    return Masthead(title, number, organisation, published)


def _masthead_date(lines: list[SourceLine], problems: Problems) -> tuple[date | None, int | None]:
    for line in lines:
        found = _DATE.search(line.text)
        if found:
            return real_date(found[1], found[2], found[3], line.at, problems, "masthead date"), line.at
    return None, lines[0].at if lines else None


def real_date(year: str, month: str, day: str, at: int | None, problems: Problems, what: str) -> date:
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        raise problems.fatal(f"{what} {year}年{month}月{day}日 is not a real date", at) from None


def read_period(intro: list[SourceLine], masthead: Masthead, problems: Problems) -> Period:
    """The period the intro names (时间从2024年08月1日至2024年08月31日); without one, the month of
    the masthead date, with a warning."""
    at = intro[0].at if intro else None
    found = _SPAN.search(squash("".join(line.text for line in intro)))
    if found:
        y1, m1, d1, y2, m2, d2 = found.groups()
        start = real_date(y1, m1, d1, at, problems, "period start")
        end = real_date(y2 or y1, m2, d2, at, problems, "period end")
        if end < start:
            raise problems.fatal(f"the period ends ({end}) before it starts ({start})", at)
        return Period(start, end)
    published = masthead.published
    month = Period(published.replace(day=1), published)
    problems.warn(
        f"no period (时间从…至…) in the intro; taken as {month.start}..{month.end} from the masthead date", at
    )
    return month
