"""What each field of the editor's forms and API may hold, checked the same way for both.

A refusal is an HTTP 400 whose message says, in Chinese, what the field expects; the error
renderer shows it on the page or answers ``{"error": …}``. Limits are generous for real use and
keep absurd input (a 5,000-character title, a 30-digit number) out of the store.
"""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import HTTPException, Path

from yuqing.report.html import is_web_url
from yuqing.text import neutralise, neutralise_line

TITLE_MAX = 200  # characters; the house format's titles run 10 to 60
OUTLET_MAX = 100
TEXT_MAX = 200_000  # characters of one item's text; the longest real articles run about 30,000
PARAGRAPHS_MAX = 2_000
ISSUE_MAX = 99_999  # the series counts one a month from about 500
POSITIONS = 10_000  # no issue holds more items
ARTICLE_ID_MAX = 2**63 - 1  # the largest id a database integer holds
URL_MAX = 2_048

# Path parameters, refused in Chinese by the error renderer when out of range.
Position = Annotated[int, Path(ge=1, le=POSITIONS, description="Item number, 1 = first.")]


def refuse(message: str, status: int = 400) -> HTTPException:
    return HTTPException(status, message)


def issue_number(text: str) -> int | None:
    """The 期号 field: empty (count it from the anchor) or a whole number from 1 to ISSUE_MAX."""
    value = text.strip()
    if not value:
        return None
    if not re.fullmatch(r"\d{1,6}", value) or not 1 <= int(value) <= ISSUE_MAX:
        raise refuse(f"期号应为 1 到 {ISSUE_MAX} 之间的整数（留空则按锚点推算），不能是“{value[:20]}”")
    return int(value)


def article_ref(ref: int | str) -> int | str:
    """添加文章: an article id (a whole number from 1) or the article's http(s) address."""
    value = str(ref).strip()
    if re.fullmatch(r"\d+", value):
        if not 1 <= int(value) <= ARTICLE_ID_MAX:
            raise refuse(f"库中没有这篇文章：{value[:30]}", 404)
        return int(value)
    if not value:
        raise refuse("请填写文章编号或文章网址")
    if re.fullmatch(r"[-+]\d+", value):
        raise refuse(f"文章编号应为从 1 起的整数，不能是 {value[:30]}")
    if len(value) > URL_MAX or not is_web_url(value):
        raise refuse(f"“{value[:60]}”既不是文章编号（如 123），也不是 http(s) 网址")
    return value


def title(text: str) -> str:
    return _line(text, "标题", TITLE_MAX, "；要恢复文章原标题，请点“恢复文章原文”")


def outlet(text: str) -> str:
    return _line(text, "来源", OUTLET_MAX, "，如“新京报”")


def _line(text: str, name: str, limit: int, hint: str) -> str:
    """A one-line field: hidden characters removed, not empty, at most ``limit`` characters."""
    value = neutralise_line(text)
    if not value:
        raise refuse(f"{name}不能为空{hint}")
    if len(value) > limit:
        raise refuse(f"{name}不能超过 {limit} 个字（现有 {len(value)} 个）")
    return value


def paragraphs(lines: list[str]) -> list[str]:
    """The item's text, one paragraph a line; empty lines dropped, at least one paragraph."""
    kept = [p for p in (neutralise(line).strip() for line in lines) if p]
    if not kept:
        raise refuse("正文不能为空：每行一段，至少一段")
    if len(kept) > PARAGRAPHS_MAX:
        raise refuse(f"正文不能超过 {PARAGRAPHS_MAX} 段（现有 {len(kept)} 段）")
    size = sum(len(p) for p in kept)
    if size > TEXT_MAX:
        raise refuse(f"正文不能超过 {TEXT_MAX:,} 个字（现有 {size:,} 个）")
    return kept
