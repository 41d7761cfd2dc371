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
            return f"{self.start:%Y-%m}"
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


def issue_number(period: Period, anchor: tuple[int, int, int]) -> int:
    """The issue number of the period's month: one issue a month, counted from the anchor."""
    number, year, month = anchor
    return number + (period.start.year - year) * 12 + (period.start.month - month)


def chinese_number(number: int) -> str:
    """Digit by digit in Chinese numerals: 537 → 五三七, 540 → 五四〇."""
    if number < 0:
        raise ValueError(f"issue numbers are not negative: {number}")
    return "".join(DIGITS[int(d)] for d in str(number))
