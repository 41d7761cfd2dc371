"""Reading dates written the ways Chinese pages write them, as Beijing wall-clock time.

Every date is returned as a naive ``datetime`` in Asia/Shanghai (UTC+8; mainland China has
kept one zone without daylight saving since 1991): a time with a zone — ``2024-08-31T17:05Z``,
``+00:00``, ``GMT`` — is converted (17:05Z on 31 August is 01:05 on 1 September in Beijing);
a time without one is taken as Beijing time. What is read:

- absolute dates: ``2024年8月21日 10:30``, ``2024-08-21``, ``2024/8/21``, ``2019.9.6``,
  ``15年3月2日``, US-ordered ``9/17/2004 5:54:13 AM``; full-width digits (``２０２４年０８月``) and
  Chinese numerals (``二〇二四年八月二十九日``, ``二OO一年四月六日``) are folded to digits first;
- whole values (a meta tag, a script variable, a command-line option): ISO 8601, RFC 2822,
  ``20240821``, Unix seconds or milliseconds (WeChat's ``var ct = "1724205600"``);
- relative times against a base (the fetch time): ``刚刚``, ``3小时前``, ``半小时前``,
  ``昨天 14:20``, ``前天``, ``昨晚8时35分``, ``上月30号``, ``去年3月3日``, ``上周六``, ``21日电``,
  and a month and day without a year (``08-21 10:30``, ``8月21日``): the latest such day not after the base.

Times to come (``3天后``, ``下周六``) are never a publication date and are not read; nor are
periods, spans, a weekday alone (周一) and lunar dates, which no news byline uses.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")

_CN_DIGITS = dict(
    zip("零〇○OoΟ一二两三四五六七八九", (0, 0, 0, 0, 0, 0, 1, 2, 2, 3, 4, 5, 6, 7, 8, 9), strict=True)
)
_CN_NUMBER = "零〇○OoΟ一二两三四五六七八九十"
# A Chinese number standing before a date or time unit, or after 月 (四月十三): folded to digits.
_CN_RUN = re.compile(rf"[{_CN_NUMBER}]+(?=[年月日号號时時点點分秒])|(?<=月)[{_CN_NUMBER}]+")
_TIME = (
    r"(?:\s*(?:T|[-,，]|日|\s)?\s*(?P<ampm>上午|下午|晚上|晚|凌晨|早上|早晨|早|中午|午后|AM|PM|am|pm)?\s*"
    r"(?P<H>\d{1,2})\s*[:时時点點]\s*(?P<M>\d{1,2}|半)?(?:\s*[:分]\s*(?P<S>\d{1,2}))?(?:\.\d+)?\s*分?"
    r"\s*(?P<ampm2>AM|PM|am|pm)?"
    r"(?P<tz>Z|\s?\+\d{2}:?\d{2}|(?(S)\s?-\d{2}:?\d{2}|(?!))|\s?(?:GMT|UTC)(?:\s*[+-]\d{1,2}(?::?\d{2})?)?)?)?"
)
_DAY_END = r"(?:(?!\d)|(?=\d{1,2}[:时時点點]\d))"  # 2016年6月2911:30: the day runs into the hour
_YMD = re.compile(
    r"(?<![\d.])(?P<y>(?:19|20)\d\d|(?P<yy>\d\d)(?=\s*年))\s*[-/._年]\s*(?P<m>\d{1,2})\s*[-/._月]\s*"
    rf"(?P<d>\d{{1,2}}){_DAY_END}\s*[日号號]?(?:\s*[(（][^)）]{{1,3}}[)）])?{_TIME}"
)
_MDY = re.compile(rf"(?<![\d/])(?P<m>\d{{1,2}})/(?P<d>\d{{1,2}})/(?P<y>(?:19|20)\d\d)(?!\d){_TIME}")
_MD = re.compile(
    rf"(?<![\d年/.-])(?P<m>\d{{1,2}})\s*(?:月|-(?=\d\d))\s*(?P<d>\d{{1,2}}){_DAY_END}\s*[日号號]?{_TIME}"
)
_DAY_WORDS = {"今天": 0, "今日": 0, "本日": 0, "当天": 0, "当日": 0, "现在": 0, "刚刚": 0, "刚才": 0}
_DAY_WORDS |= {"昨天": 1, "昨日": 1, "昨晚": 1, "昨夜": 1, "前天": 2, "前日": 2, "大前天": 3}
_RELATIVE_DAY = re.compile(rf"(?P<word>{'|'.join(sorted(_DAY_WORDS, key=len, reverse=True))}){_TIME}")
_MONTH_WORDS = {"上个月": -1, "上月": -1, "本月": 0, "这个月": 0, "同月": 0, "当月": 0}
_RELATIVE_MONTH = re.compile(rf"(?P<word>{'|'.join(_MONTH_WORDS)})\s*(?P<d>\d{{1,2}})\s*[日号號]{_TIME}")
_YEAR_WORDS = {"今年": 0, "去年": 1, "前年": 2}
_DAY_ONLY = re.compile(
    r"(?<![\d月/.-])(?P<d>\d{1,2})\s*日(?=电|讯|上午|下午|晚|早|凌晨|中午)"
)  # 新华社北京21日电
_WEEKDAYS = {c: i for i, c in enumerate("一二三四五六日")} | {"天": 6}
_LAST_WEEK = re.compile(rf"(?:上个?|上一个?)(?:周|星期|礼拜|禮拜)(?P<wd>[一二三四五六日天]){_TIME}")
_RELATIVE_YEAR = re.compile(
    rf"(?P<word>今年|去年|前年)\s*(?P<m>\d{{1,2}})\s*月\s*(?P<d>\d{{1,2}})\s*[日号號]?{_TIME}"
)


def _ago_part(named: bool) -> str:
    def g(name: str) -> str:
        return f"?P<{name}>" if named else "?:"

    return (
        rf"(?:约|大约)?\s*({g('n')}\d+|[半几{_CN_NUMBER}]+)\s*[个個]?\s*({g('half')}半)?\s*"
        rf"({g('unit')}秒|分|小时|小時|钟头|鐘頭|天|日|周|週|星期|礼拜|禮拜|月|年)[钟鐘鍾]?"
    )


_AGO = re.compile(rf"(?:{_ago_part(False)}\s*[，,、]?\s*)+(?:以)?前")
_AGO_ONE = re.compile(_ago_part(True))
_UNITS = {"秒": "s", "分": "m", "小时": "h", "小時": "h", "钟头": "h", "鐘頭": "h", "天": "d", "日": "d"}
_UNITS |= {"周": "w", "週": "w", "星期": "w", "礼拜": "w", "禮拜": "w", "月": "M", "年": "Y"}
_SPANS = {"s": timedelta(seconds=1), "m": timedelta(minutes=1), "h": timedelta(hours=1)}
_SPANS |= {"d": timedelta(days=1), "w": timedelta(weeks=1)}
_COMPACT = re.compile(r"((?:19|20)\d\d)(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])")
_UNIX = re.compile(r"\d{10}(?:\d{3})?")
_SPACED = re.compile(r"((?:19|20)\d\d)\s+(\d{1,2})\s+(\d{1,2})")


@dataclass(frozen=True)
class Moment:
    """A date read from text: Beijing wall-clock time, whether a time of day was given, and
    whether it was worked out from a base time (relative) rather than written out whole."""

    when: datetime
    has_time: bool
    relative: bool = False

    @property
    def day(self) -> date:
        return self.when.date()


def normalise(text: str) -> str:
    """Full-width digits and punctuation to ASCII (NFKC); Chinese numbers before 年月日时分 to
    digits: 二〇二四年八月二十九日 → 2024年8月29日, 十二时三十分 → 12时30分."""
    return _CN_RUN.sub(lambda m: str(_cn_number(m.group(0), positional="十" in m.group(0))), _nfkc(text))


def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text) if not text.isascii() else text


def _cn_number(run: str, positional: bool = True) -> int | str:
    """二十九 → 29, 十 → 10; digit by digit without 十: 二〇二四 → '2024', 零七 → '07'."""
    if not positional:
        return "".join(str(_CN_DIGITS[c]) for c in run)
    tens, ten, ones = run.partition("十")
    if not ten:
        return int("".join(str(_CN_DIGITS[c]) for c in run))
    return (_CN_DIGITS[tens[-1]] if tens else 1) * 10 + (_CN_DIGITS[ones[0]] if ones else 0)


def find_date(text: str, base: datetime | None = None) -> Moment | None:
    """The first date written in a line of text. With ``base`` (the fetch time, Beijing) a
    relative time or a month-day without year counts too, resolved against it."""
    text = normalise(text)
    if found := _absolute(text, base):
        return found
    return _relative(text, base) if base is not None else None


def parse_value(value: str, base: datetime | None = None) -> Moment | None:
    """A whole value that should be a date: ISO 8601 (zone converted), RFC 2822, 20240821,
    Unix seconds or milliseconds, ``2022 11 23``, else any date :func:`find_date` reads."""
    text = normalise(value).strip()
    if _UNIX.fullmatch(text):
        seconds = int(text) / (1000 if len(text) == 13 else 1)
        return Moment(to_shanghai(datetime.fromtimestamp(seconds, UTC)), True)
    if m := _COMPACT.fullmatch(text) or _SPACED.fullmatch(text):
        return _moment(int(m[1]), int(m[2]), int(m[3]))
    try:
        return Moment(to_shanghai(datetime.fromisoformat(text)), "T" in text or ":" in text)
    except ValueError:
        pass
    try:
        return Moment(to_shanghai(parsedate_to_datetime(text)), True)
    except (TypeError, ValueError, IndexError):
        return find_date(text, base)


def to_shanghai(when: datetime) -> datetime:
    """Beijing wall-clock time (naive) of ``when``; a naive ``when`` is Beijing time already."""
    return when if when.tzinfo is None else when.astimezone(SHANGHAI).replace(tzinfo=None)


def now() -> datetime:
    """The current Beijing wall-clock time, to the second."""
    return datetime.now(SHANGHAI).replace(tzinfo=None, microsecond=0)


_URL_DAYS = (
    # eight digits standing alone or after "t": t20240821_, /20240821/, _20240821.html
    re.compile(r"(?<![0-9A-Za-z])t?(?P<y>(?:19|20)\d\d)(?P<m>0[1-9]|1[0-2])(?P<d>0[1-9]|[12]\d|3[01])(?!\d)"),
    # separated: /2024-08/21/, /2024/08/21/, /2024-08-21/, /202408/21/, 2024_08_21
    re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)[-/_]?(?P<m>0[1-9]|1[0-2])[-/_](?P<d>0[1-9]|[12]\d|3[01])(?!\d)"),
    re.compile(r"/(?P<y>(?:19|20)\d\d)/(?P<m>0[1-9]|1[0-2])(?P<d>0[1-9]|[12]\d|3[01])/"),  # /2024/0821/
)


def url_date(url: str) -> date | None:
    """The exact day a URL is dated with: t20240821_, /2024-08/21/, /202408/21/, /2024/0821/,
    /20240821/, _20240821…; a URL giving only a month (/202408/) has no day and gives None."""
    for pattern in _URL_DAYS:
        for m in pattern.finditer(url):
            try:
                return date(int(m["y"]), int(m["m"]), int(m["d"]))
            except ValueError:
                continue
    return None


def _absolute(text: str, base: datetime | None) -> Moment | None:
    matches = sorted((m for p in (_YMD, _MDY) for m in p.finditer(text)), key=lambda m: m.start())
    for m in matches:
        year = int(m["y"])
        if m.groupdict().get("yy"):  # 15年 → 2015, 98年 → 1998: the latest such year up to next year
            year += 2000 if 2000 + year <= (base or now()).year + 1 else 1900
        if found := _moment(year, int(m["m"]), int(m["d"]), m):
            return found
    return None


_DAY_PARTS = "上下早晚凌中午黎傍清深半夜白"  # first characters of 上午, 凌晨, 黎明, 傍晚, 深夜, 白天 …


def _stands_alone(m: re.Match[str], text: str) -> bool:
    """A day word with no time after it is a date only where a byline would put one: at the end,
    before a space, a separator or a time of day (昨天 | 来源, 昨天下午) — not as a sentence's
    subject (今天的鲜花送完了, 今天是…)."""
    if m["H"] is not None:
        return True
    after = text[m.end() : m.end() + 1]
    return not after or not ("\u4e00" <= after <= "\u9fff") or after in _DAY_PARTS


def _relative(text: str, base: datetime) -> Moment | None:
    """The first relative time in ``text``, resolved against ``base``."""
    found: list[tuple[int, Moment | None]] = []
    if (m := _RELATIVE_DAY.search(text)) and _stands_alone(m, text):
        day = base.date() - timedelta(days=_DAY_WORDS[m["word"]])
        if m["word"] in ("现在", "刚刚", "刚才"):
            found.append((m.start(), Moment(base, True, True)))
        else:
            evening = m["word"] in ("昨晚", "昨夜")
            found.append((m.start(), _moment(day.year, day.month, day.day, m, evening)))
    if m := _AGO.search(text):
        found.append((m.start(), _ago(m.group(0), base)))
    if m := _RELATIVE_MONTH.search(text):
        year, month = _shift_month(base.year, base.month, _MONTH_WORDS[m["word"]])
        found.append((m.start(), _moment(year, month, int(m["d"]), m)))
    if m := _RELATIVE_YEAR.search(text):
        found.append((m.start(), _moment(base.year - _YEAR_WORDS[m["word"]], int(m["m"]), int(m["d"]), m)))
    if m := _LAST_WEEK.search(text):
        day = base.date() - timedelta(days=base.weekday() + 7 - _WEEKDAYS[m["wd"]])
        found.append((m.start(), _moment(day.year, day.month, day.day, m)))
    if m := _DAY_ONLY.search(text):
        found.append((m.start(), _month_day_only(int(m["d"]), base)))
    if m := _MD.search(text):
        found.append((m.start(), _month_day(int(m["m"]), int(m["d"]), m, base)))
    for _, moment in sorted(found, key=lambda f: f[0]):
        if moment is not None:
            return replace(moment, relative=True)
    return None


def _ago(phrase: str, base: datetime) -> Moment | None:
    """3小时前, 半小时前, 一个半小时前, 1年，1月，1周，1天前 → base minus that time."""
    when, exact = base, False
    for part in _AGO_ONE.finditer(phrase):
        raw = part["n"]
        amount = 0.5 if raw == "半" else 3.0 if raw == "几" else float(_number(raw))
        amount += 0.5 if part["half"] else 0
        unit = _UNITS[part["unit"]]
        if unit in "MY":
            year, month = _shift_month(when.year, when.month, -round(amount * (12 if unit == "Y" else 1)))
            when = when.replace(year=year, month=month, day=min(when.day, _days_in(year, month)))
        else:
            when -= _SPANS[unit] * amount
            exact = exact or unit in "smh"
    return Moment(when.replace(microsecond=0), exact, True)


def _number(raw: str) -> int:
    return int(raw) if raw.isdigit() else int(_cn_number(raw))


def _month_day(month: int, day: int, m: re.Match[str], base: datetime) -> Moment | None:
    """A month and day without year: the latest such day not after the base (a day of grace
    for clocks a little ahead)."""
    for year in (base.year, base.year - 1):
        found = _moment(year, month, day, m)
        if found is not None and found.day <= base.date() + timedelta(days=1):
            return found
    return None


def _month_day_only(day: int, base: datetime) -> Moment | None:
    """A day of the month alone (新华社北京21日电): this month's, else last month's."""
    for year, month in ((base.year, base.month), _shift_month(base.year, base.month, -1)):
        if day <= _days_in(year, month) and date(year, month, day) <= base.date():
            return Moment(datetime(year, month, day), False)
    return None


def _shift_month(year: int, month: int, by: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + by
    return index // 12, index % 12 + 1


def _days_in(year: int, month: int) -> int:
    following = date(*_shift_month(year, month, 1), 1)
    return (following - timedelta(days=1)).day


def _moment(
    year: int, month: int, day: int, m: re.Match[str] | None = None, evening: bool = False
) -> Moment | None:
    hour, minute, second, zone = _clock(m, evening)
    try:
        when = datetime(year, month, day, hour or 0, minute or 0, second or 0)
    except ValueError:
        return None
    if zone is not None:
        when = to_shanghai(when.replace(tzinfo=zone))
    return Moment(when, hour is not None)


def _clock(m: re.Match[str] | None, evening: bool = False) -> tuple[int | None, int, int, tzinfo | None]:
    """(hour, minute, second, zone) of a match's time part; hour None when it has none."""
    if m is None or not m["H"]:
        return None, 0, 0, None
    hour, minute, second = int(m["H"]), 30 if m["M"] == "半" else int(m["M"] or 0), int(m["S"] or 0)
    marker = (m["ampm"] or m["ampm2"] or "").upper()
    if (evening or marker in ("下午", "晚上", "晚", "PM", "午后")) and hour < 12:
        hour += 12
    elif marker in ("AM", "凌晨") and hour == 12:
        hour = 0
    if hour > 23 or minute > 59 or second > 59:
        return None, 0, 0, None
    return hour, minute, second, _zone(m["tz"])


def _zone(text: str | None) -> tzinfo | None:
    """Z, GMT, UTC, +08:00, -0500, GMT+8 as a zone."""
    text = (text or "").strip()
    if not text:
        return None
    sign_at = max(text.rfind("+"), text.rfind("-"))
    if sign_at < 0:
        return UTC
    raw = text[sign_at + 1 :].replace(":", "").strip()
    hours, minutes = (int(raw[:-2]), int(raw[-2:])) if len(raw) > 2 else (int(raw), 0)
    offset = timedelta(hours=hours, minutes=minutes)
    return timezone(-offset if text[sign_at] == "-" else offset)
