"""Issue numbers: each series counts from its own anchor, never below 1 nor absurdly high, and an
empty issue is not frozen. The messages are stable: the web app shows them in Chinese."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import yuqing
from yuqing.errors import ConfigError, InputError
from yuqing.report.period import MAX_ISSUE_NUMBER, issue_number, parse_period, read_chinese_number
from yuqing.settings import Settings, parse_anchor, parse_anchors
from yuqing.store import issues
from yuqing.store.db import Store


def test_a_weekly_series_counts_weeks_from_its_own_anchor() -> None:
    settings = Settings(report_anchors="weekly=1@2024-W01, 专报=10@2024-03")
    weekly = settings.anchor_for("weekly")
    assert issue_number(parse_period("2024-W01"), weekly) == 1
    assert issue_number(parse_period("2024-W35"), weekly) == 35
    assert issue_number(parse_period("2025-W01"), weekly) == 53  # 2024 has 52 ISO weeks
    assert issue_number(parse_period("2024-08"), settings.anchor_for("monthly")) == 537
    assert issue_number(parse_period("2024-05"), settings.anchor_for("专报")) == 12
    with pytest.raises(
        ConfigError, match=r"series 'daily' has no issue-number anchor: add daily=NUMBER@PERIOD"
    ):
        settings.anchor_for("daily")


@pytest.mark.parametrize("period", ["1899-01", "0001-01", "1979-11"])
def test_periods_before_the_series_are_refused_naming_the_anchor(period: str) -> None:
    anchor = Settings().anchor
    assert issue_number(parse_period("1979-12"), anchor) == 1  # 533 months before 2024-05
    with pytest.raises(InputError) as caught:
        issue_number(parse_period(period), anchor)
    assert str(caught.value) == (
        f"period {period} is before the series' first issue: report.anchor 534@2024-05 makes 1979-12 "
        "issue 1; give the issue number yourself (--number) or change report.anchor"
    )


def test_absurd_periods_are_refused() -> None:
    assert issue_number(parse_period("9999-12"), Settings().anchor) == 96241
    with pytest.raises(InputError) as caught:
        issue_number(parse_period("9999-12"), parse_anchor("50000@2024-05"))
    assert str(caught.value) == (
        "period 9999-12 would be issue 145707, beyond 99999, counted from report.anchor 50000@2024-05; "
        "check the period"
    )


def test_anchor_settings_are_checked() -> None:
    assert parse_anchors("") == {}
    with pytest.raises(ConfigError, match=r"report\.anchors weekly '0@2024-W01' should look like"):
        parse_anchors("weekly=0@2024-W01")
    with pytest.raises(ConfigError, match=r"report\.anchors entry 'weekly' should look like"):
        parse_anchors("weekly")
    with pytest.raises(ConfigError, match=r"report\.anchor '534@2024-13'"):
        parse_anchor("534@2024-13")


def test_issue_numbers_in_words() -> None:
    words = ("五三七", "五百三十七", "537", "一〇〇九", "十二", "５３７")
    assert [read_chinese_number(t) for t in words] == [537, 537, 537, 1009, 12, 537]
    assert read_chinese_number("九" * 20) is None  # too long to be an issue number at all
    assert read_chinese_number("第") is None


def test_the_store_refuses_numbers_out_of_range_and_empty_freezes(store: Store) -> None:
    period = parse_period("2024-08")
    with store.session() as session:
        for bad in (0, -970, MAX_ISSUE_NUMBER + 1):
            with pytest.raises(
                InputError, match=f"issue number {bad} is out of range: issue numbers run from 1"
            ):
                issues.create_issue(session, "monthly", period, bad)
        issue = issues.create_issue(session, "monthly", period, 537)
        with pytest.raises(
            InputError, match=r"issue 537 \(2024-08\) has no items; an empty issue cannot be frozen"
        ):
            issues.freeze(issue, {})


def test_the_command_line_refuses_and_warns_in_plain_words(home: Path) -> None:
    proc = yuqing("issue", "new", "1899-01", check=False)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "period 1899-01 is before the series' first issue: report.anchor 534@2024-05" in proc.stderr
    yuqing("issue", "new", "2024-08")
    proc = yuqing("issue", "freeze", "2024-08", check=False)
    assert proc.returncode == 2
    assert "issue 537 (2024-08) has no items; an empty issue cannot be frozen" in proc.stderr
    proc = yuqing("report", "2024-08", "--out", "-")
    assert "warning: issue 537 (2024-08) has no items" in proc.stderr and "（第五三七期）" in proc.stdout
