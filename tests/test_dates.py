"""The date parser on the forms Chinese pages write, and on two libraries' published test cases
(../shared/evaldata/zh_datestrings_jionlp and zh_datestrings_dateparser): each case in scope for
a publication date is run, each case out of scope is counted with the reason it is left out."""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import date, datetime, timedelta
from typing import Any

import pytest

from tests.conftest import EVALDATA
from yuqing.extract.dates import find_date, parse_value, url_date

JIONLP = EVALDATA / "zh_datestrings_jionlp" / "cases.jsonl"
DATEPARSER = EVALDATA / "zh_datestrings_dateparser" / "cases.jsonl"
JIONLP_FLOOR = 33  # of 38 in scope (2026-11): the misses are lunar readings without 农历 and 第N天
DATEPARSER_FLOOR = 43  # of 43 in scope, times to come included (they must give no date)
BASE = datetime(2024, 9, 2, 9, 30)  # the fetch time of the hand-written cases

# Kinds a publication date never is: lunar calendar, festivals and solar terms.
_LUNAR = re.compile(
    r"农历|阴历|腊月|正月|廿|闰|除夕|初[一二三四五六七八九十]|节|元旦|春节|国庆|端午|中秋|七夕|元宵|芒种|大年"
)
_EXPLICIT_YEAR = re.compile(r"\d{2,4}\s*年|[〇○零一二三四五六七八九O]{2,4}年")
_NAMES_A_DAY = re.compile(
    r"[日号號天昨今前]|周|星期|礼拜|现在|刚|\d\s*[-/.]\s*\d|月\s*[\d一二三四五六七八九十]"
)
_TO_COME = re.compile(r"[后後]")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("二〇二四年八月二十九日", "2024-08-29 00:00"),
        ("二〇二四年十二月三十一日", "2024-12-31 00:00"),
        ("二OO一年四月六日", "2001-04-06 00:00"),
        ("发布时间：２０２４年０８月２９日　　来源：规划信息处", "2024-08-29 00:00"),
        ("2024-08-31T17:05:00Z", "2024-09-01 01:05"),
        ("2024-08-31 17:05:00 +00:00", "2024-09-01 01:05"),
        ("2024-08-31 20:05 GMT+0", "2024-09-01 04:05"),
        ("发布时间：2024-08-21 10:30 来源：新京报", "2024-08-21 10:30"),
        ("2024年8月21日 下午3:05", "2024-08-21 15:05"),
        ("9/17/2004 5:54:13 PM", "2004-09-17 17:54"),
        ("会议时间：2024-08-21 10:30-11:30", "2024-08-21 10:30"),
        ("3小时前", "2024-09-02 06:30"),
        ("45分钟前", "2024-09-02 08:45"),
        ("刚刚", "2024-09-02 09:30"),
        ("昨天 14:20", "2024-09-01 14:20"),
        ("前天", "2024-08-31 00:00"),
        ("08-21 10:30", "2024-08-21 10:30"),
        ("12-30 10:30", "2023-12-30 10:30"),
        ("3天后", None),
        ("下周六", None),
        ("©2003-2024", None),
    ],
)
def test_forms_on_chinese_pages(text: str, expected: str | None) -> None:
    found = find_date(text, BASE)
    assert (f"{found.when:%Y-%m-%d %H:%M}" if found else None) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1724212800", "2024-08-21 12:00"),  # WeChat's var ct: Unix seconds
        ("1724212800000", "2024-08-21 12:00"),
        ("20240821", "2024-08-21 00:00"),
        ("Sat, 31 Aug 2024 16:30:00 GMT", "2024-09-01 00:30"),
        ("2024-08-21T10:30:00+08:00", "2024-08-21 10:30"),
    ],
)
def test_whole_values(value: str, expected: str) -> None:
    found = parse_value(value)
    assert found is not None and f"{found.when:%Y-%m-%d %H:%M}" == expected


@pytest.mark.parametrize(
    ("url", "day"),
    [
        ("http://wjw.example.gov.cn/xwzx/gzdt/202408/t20240821_3456789.html", date(2024, 8, 21)),
        ("https://m.gmw.cn/toutiao/2024-08/21/content_37568705.htm", date(2024, 8, 21)),
        ("http://www.news.cn/health/202408/21/c_1130.htm", date(2024, 8, 21)),
        ("https://news.example.cn/20240821/a.html", date(2024, 8, 21)),
        ("https://news.example.cn/n/zw_20240821_123.html", date(2024, 8, 21)),
        ("https://beijing.qianlong.com/2024/0821/8323359.shtml", date(2024, 8, 21)),
        ("http://www.nhc.gov.cn/xxs/202408/abc.shtml", None),  # a month is not a day
        ("https://www.bjnews.com.cn/detail/1724837293129337.html", None),
    ],
)
def test_url_days(url: str, day: date | None) -> None:
    assert url_date(url) == day


def _base(case: dict[str, Any]) -> datetime | None:
    raw = case.get("time_base_local_utc8")
    return datetime.fromisoformat(raw) if raw else None


def _jionlp_scope(case: dict[str, Any]) -> str | None:
    """None when the case is in scope, else why it is left out."""
    expected = case.get("expected")
    if not isinstance(expected, dict):
        return "extractor case (spans in a sentence), not a parser case"
    if expected.get("type") != "time_point":
        return f"{expected.get('type')}: not a single point in time"
    start, end = expected["time"]
    if start[:10] != end[:10]:
        return "coarser than a day"
    if _LUNAR.search(case["text"]):
        return "lunar calendar or festival"
    if _TO_COME.search(case["text"]):
        return "a time to come: never a publication date"
    if not _NAMES_A_DAY.search(case["text"]):
        return "a time of day alone names no day"
    base = _base(case)
    if base is None:
        return "no base time: the expectation depends on the day upstream ran"
    if not _EXPLICIT_YEAR.search(case["text"]) and start[:10] > f"{base:%Y-%m-%d}":
        return "resolved into the future: a publication date is never after its fetch"
    return None


Case = tuple[str, datetime | None, str | None]  # text, base time, expected day or minute (None: no date)


def _score(name: str, cases: list[Case | str]) -> int:
    """Run the cases in scope, count those left out by reason; print and return how many pass."""
    skipped: Counter[str] = Counter(c for c in cases if isinstance(c, str))
    passed, failed = 0, []
    for text, base, want in (c for c in cases if not isinstance(c, str)):
        found = find_date(text, base)
        got = None if found is None else f"{found.when:%Y-%m-%d %H:%M}"[: len(want or "")]
        if got == want:
            passed += 1
        else:
            failed.append(f"{text} → {got}, want {want}")
    print(f"{name}: {passed}/{passed + len(failed)} in scope right; left out: {dict(skipped)}")
    print("\n".join(failed))
    return passed


def _jionlp_case(case: dict[str, Any]) -> Case | str:
    return _jionlp_scope(case) or (case["text"], _base(case), case["expected"]["time"][0][:10])


def test_jionlp_time_points() -> None:
    cases = [_jionlp_case(json.loads(line)) for line in JIONLP.read_text("utf-8").splitlines()]
    assert _score("zh_datestrings_jionlp", cases) >= JIONLP_FLOOR


def _dateparser_case(case: dict[str, Any]) -> Case | str:
    """(text, base, expected minute or day, None for a time to come) when in scope, else why
    it is left out."""
    args, kwargs = case["args"], case["kwargs"]
    if case["source"].endswith("test_date_parser.py"):
        y, mo, d, h, mi = args[1]["datetime"]
        return args[0], BASE, f"{y:04d}-{mo:02d}-{d:02d} {h:02d}:{mi:02d}"
    if case["source"].endswith("test_freshness_date_parser.py"):
        text = args[0]
        if "in_future" in kwargs:
            return text, BASE, None
        if not re.search(r"前$", text):
            return "a length of time without 前 is not a point in time"
        return text, BASE, _ago(BASE, kwargs["ago"])
    if case["source"].endswith("test_languages.py") and len(args) == 3 and isinstance(args[2], str):
        language, text, english = args
        if language == "ja":
            return "Japanese"
        if m := re.fullmatch(r"(?:\w+ )?(\d{4}-\d{2}-\d{2})(?: (\d{2}:\d{2}))?", english):
            return text, BASE, f"{m[1]} {m[2] or '00:00'}"
        if m := re.fullmatch(r"(\d+) (second|minute|hour|day|week|month|year) ago", english):
            if not text.endswith("前") and m[2] not in ("day", "second"):
                return "a period (this hour, last week, last month), not a point in time"
            return text, BASE, _ago(BASE, {f"{m[2]}s": int(m[1])})
        if english.startswith("in "):
            return text, BASE, None
        return "a weekday, a time of day or a length of time: no day"
    return "no expected value upstream"


def _ago(base: datetime, ago: dict[str, int]) -> str:
    months = ago.get("years", 0) * 12 + ago.get("months", 0)
    index = base.year * 12 + base.month - 1 - months
    when = base.replace(year=index // 12, month=index % 12 + 1)
    when -= timedelta(**{k: v for k, v in ago.items() if k not in ("years", "months")})
    return f"{when:%Y-%m-%d}"


def test_dateparser_cases() -> None:
    cases = [_dateparser_case(json.loads(line)) for line in DATEPARSER.read_text("utf-8").splitlines()]
    assert _score("zh_datestrings_dateparser", cases) >= DATEPARSER_FLOOR


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("今天的鲜花送完了？", None),  # a sentence's subject, not a byline (baidu baike's widget)
        ("今天是个好日子", None),
        ("发布时间：昨天 | 来源：新华网", "2024-08-20"),
        ("昨天黎明", "2024-08-20"),
        ("今天下午3点", "2024-08-21 15:00"),
        ("今天傍晚", "2024-08-21"),
        ("前天", "2024-08-19"),
    ],
)
def test_a_day_word_is_a_date_only_where_a_byline_puts_one(text: str, expected: str | None) -> None:
    found = find_date(text, datetime(2024, 8, 21, 10, 0))
    got = None if found is None else f"{found.when:%Y-%m-%d %H:%M}"[: len(expected or "")]
    assert got == expected
