from __future__ import annotations

from datetime import date

import pytest

from yuqing.errors import InputError
from yuqing.report.period import Period, chinese_number, issue_number, parse_period
from yuqing.settings import parse_anchor

ANCHOR = parse_anchor("534@2024-05")


@pytest.mark.parametrize(
    ("month", "expected"),
    [
        ("2024-05", "五三四"),
        ("2024-08", "五三七"),
        ("2024-09", "五三八"),
        ("2025-01", "五四二"),
        ("2026-03", "五五六"),
    ],
)
def test_issue_numbers_follow_the_anchor_one_a_month(month: str, expected: str) -> None:
    assert chinese_number(issue_number(parse_period(month), ANCHOR)) == expected


def test_numbers_are_written_digit_by_digit_with_ling_as_circle() -> None:
    assert chinese_number(540) == "五四〇"
    assert chinese_number(600) == "六〇〇"
    assert chinese_number(1009) == "一〇〇九"


def test_another_series_can_start_elsewhere() -> None:
    assert issue_number(parse_period("2025-03"), parse_anchor("1@2025-01")) == 3


def test_periods_month_week_and_range() -> None:
    assert parse_period("2024-02") == Period(date(2024, 2, 1), date(2024, 2, 29))
    week = parse_period("2024-W35")
    assert week == Period(date(2024, 8, 26), date(2024, 9, 1))
    assert week.label == "2024-W35"
    span = parse_period("2024-08-01..2024-08-15")
    assert (span.start, span.end, span.label) == (
        date(2024, 8, 1),
        date(2024, 8, 15),
        "2024-08-01..2024-08-15",
    )
    assert parse_period("2024-08").label == "2024-08"


@pytest.mark.parametrize("bad", ["2024-13", "August", "2024-08-15..2024-08-01", "2024-W60"])
def test_bad_periods_say_what_is_accepted(bad: str) -> None:
    with pytest.raises(InputError, match=bad.split("..")[0]):
        parse_period(bad)
