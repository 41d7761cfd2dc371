"""Report periods (a month, an ISO week or any date range) and issue numbers."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from yuqing.errors import InputError

DIGITS = "〇一二三四五六七八九"


@dataclass(frozen=True, order=True)
class Period:
    start: date
    end: date

    @property
    def label(self) -> str:
        """The shortest form parse() reads back: 2024-08, 2024-W35 or 2024-08-01..2024-08-15."""
        last = calendar.monthrange(self.start.year, self.start.month)[1]
        if self.start.day == 1 and self.end == self.start.replace(day=last):
            return f"{self.start.year:04d}-{self.start.month:02d}"  # %Y drops the zeros of year 1
        year, week, weekday = self.start.isocalendar()
        if weekday == 1 and self.end == self.start + timedelta(days=6):
            return f"{year}-W{week:02d}"
        return f"{self.start.isoformat()}..{self.end.isoformat()}"

    def __str__(self) -> str:
        return self.label


def parse_period(text: str) -> Period:
    """Read ``2024-08`` (a month), ``2024-W35`` (an ISO week) or ``2024-08-01..2024-08-15``."""
    value = text.strip()
    try:
        if m := re.fullmatch(r"(\d{4})-(\d{1,2})", value):
            year, month = int(m[1]), int(m[2])
            last = calendar.monthrange(year, month)[1]
            return Period(date(year, month, 1), date(year, month, last))
        if m := re.fullmatch(r"(\d{4})-?W(\d{1,2})", value, re.IGNORECASE):
            start = date.fromisocalendar(int(m[1]), int(m[2]), 1)
            return Period(start, start + timedelta(days=6))
        if m := re.fullmatch(r"(\d{4}-\d{2}-\d{2})\s*\.\.\s*(\d{4}-\d{2}-\d{2})", value):
            period = Period(date.fromisoformat(m[1]), date.fromisoformat(m[2]))
            if period.end < period.start:
                raise ValueError("the range ends before it starts")
            return period
    except ValueError as exc:
        raise InputError(f"period {text!r}: {exc}") from exc
    raise InputError(
        f"period {text!r} not understood; use 2024-08 (month), 2024-W35 (week) "
        "or 2024-08-01..2024-08-15 (range)"
    )


MAX_ISSUE_NUMBER = 99_999  # five digits: a daily series would take 270 years to get there


@dataclass(frozen=True)
class Anchor:
    """A series' numbering: the issue ``number`` belongs to ``period`` (a month or an ISO week),
    and the series counts one issue per month or per week from there. ``setting`` names where it
    was configured, for messages."""

    number: int
    period: Period
    unit: str  # "month" or "week"
    setting: str = "report.anchor"

    @property
    def text(self) -> str:
        return f"{self.number}@{self.period.label}"


def parse_anchor_text(text: str) -> Anchor | None:
    """``534@2024-05`` (monthly) or ``1@2024-W01`` (weekly); None when it is neither."""
    number, _, when = text.strip().partition("@")
    if not number.strip().isdigit():
        return None
    try:
        if re.fullmatch(r"\d{4}-\d{1,2}", when.strip()):
            return Anchor(int(number), parse_period(when), "month")
        if re.fullmatch(r"\d{4}-?W\d{1,2}", when.strip(), re.IGNORECASE):
            return Anchor(int(number), parse_period(when), "week")
    except InputError:
        return None
    return None


def issue_number(period: Period, anchor: Anchor | tuple[int, int, int]) -> int:
    """The number of the period's issue, one a month (or one a week) from the series' anchor.

    Raises InputError for a period whose number would be below 1 or above MAX_ISSUE_NUMBER,
    naming the anchor setting: such a period is outside the series."""
    if not isinstance(anchor, Anchor):
        number, year, month = anchor
        anchor = Anchor(number, parse_period(f"{year:04d}-{month:02d}"), "month")
    if anchor.unit == "week":
        weeks = (period.start - anchor.period.start).days // 7
        result = anchor.number + weeks
    else:
        start = anchor.period.start
        result = anchor.number + (period.start.year - start.year) * 12 + (period.start.month - start.month)
    if result < 1:
        first = _shift(anchor, 1 - anchor.number)
        raise InputError(
            f"period {period} is before the series' first issue: {anchor.setting} {anchor.text} "
            f"makes {first} issue 1; give the issue number yourself (--number) or change {anchor.setting}"
        )
    if result > MAX_ISSUE_NUMBER:
        raise InputError(
            f"period {period} would be issue {result}, beyond {MAX_ISSUE_NUMBER}, counted from "
            f"{anchor.setting} {anchor.text}; check the period"
        )
    return result


def _shift(anchor: Anchor, steps: int) -> str:
    """The label of the month or week ``steps`` away from the anchor's."""
    start = anchor.period.start
    if anchor.unit == "week":
        monday = start + timedelta(weeks=steps)
        year, week, _ = monday.isocalendar()
        return f"{year}-W{week:02d}"
    months = start.year * 12 + start.month - 1 + steps
    return f"{months // 12:04d}-{months % 12 + 1:02d}"


def read_chinese_number(text: str) -> int | None:
    """五三七 (digit by digit), 五百三十七 (counted) or 537 as an int; None if it is neither."""
    digits = {c: i for i, c in enumerate(DIGITS)} | {"零": 0}
    text = text.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    if text.isdigit():
        return int(text) if len(text) <= 12 else None
    if not any(c in "十百千万" for c in text):
        if len(text) > 12 or any(c not in digits for c in text):
            return None
        return int("".join(str(digits[c]) for c in text))
    total, section, current = 0, 0, 0
    for char in text:
        if char in digits:
            current = digits[char]
        elif char in "十百千":
            section += (current or 1) * {"十": 10, "百": 100, "千": 1000}[char]
            current = 0
        elif char == "万":
            total += (section + current) * 10_000
            section = current = 0
        else:
            return None
    return total + section + current


def chinese_number(number: int) -> str:
    """Digit by digit in Chinese numerals: 537 → 五三七, 540 → 五四〇."""
    if number < 0:
        raise ValueError(f"issue numbers are not negative: {number}")
    return "".join(DIGITS[int(d)] for d in str(number))
