"""The labels of the house format as editors type them, in one place.

Past issues were typed by hand for years, so each label comes in variants: 来源: or 来源：, a space
inside 来 源, 链接 or 原文链接 or 网址, a number before 标题 typed (1.) or made by Word's numbering
(lost in some conversions), a bullet instead of a number. The readers use these patterns to know
where a new element starts (a wrapped line never starts one); the parser uses them to read the
elements. HOUSE_FORMAT.md in the shared folder describes the format itself.
"""

from __future__ import annotations

import re

_COLON = r"\s*[:：]\s*"
_NUM = r"[0-9０-９]+"
_BULLET = r"(?:[-*+•●◆◇■□▪►‣·]\s*)"
# An item heading: optional bullet, optional number (1. 1、 (1) 第1条 一、), then 标题 or 题目 with
# a colon, or in brackets (【标题】).
ITEM_HEADING = re.compile(
    rf"^{_BULLET}?(?:[(（]?第?({_NUM}|[一二三四五六七八九十]{{1,3}})[)）]?\s*[.．、,，)）]?\s*)?"
    r"(?:[【\[](?:标\s*题|题\s*目)[】\]]\s*[:：]?|(?:标\s*题|题\s*目)\s*[:：])\s*(.*)$"
)
# A numbered line (1.xxx) that may be an item heading typed without 标题.
NUMBERED = re.compile(rf"^{_BULLET}?({_NUM})\s*[.．、]\s*(\S.*)$")
# Item fields before the article text. Labels in brackets (【来源】) are read the same.
_FIELD_NAMES = {
    "outlet": r"来\s*源|媒\s*体|出\s*处|信息来源|稿件来源",
    "url": r"原文链接|原文地址|链\s*接|网\s*址|地\s*址|URL|url|网页链接",
    "content": r"主要内容|内容摘要|主要信息|正\s*文|内\s*容",
}
FIELD = re.compile(
    r"^(?P<open>[【\[])?(?:(?P<outlet>{outlet})|(?P<url>{url})|(?P<content>{content}))".format(**_FIELD_NAMES)
    + r"(?:(?(open)[】\]]\s*[:：]?\s*|\s*[:：]\s*)|\s+(?=\S)|$)(?P<value>.*)$"
)
# A second label later in the same line (来源：新京报 链接：https://…, typed or joined by a reader).
# Never inside a longer label: 主要|内容, 原文|链接, 信息|来源, 稿件|来源, 网页|链接.
INNER_FIELD = re.compile(
    r"(?<=\S)(?<![要文息件页])\s*(?=(?:来\s*源|链\s*接|原文链接|网\s*址|主要内容|URL)\s*[:：])"
)
# The article's date line: 2024-08-11 来源：新京报, 2024年8月11日 10:30 来源 新京报, 发布时间：2024-08-11 …
DATELINE = re.compile(
    rf"^(?:(?:发布)?(?:时间|日期){_COLON})?(\d{{4}})\s*[-/.年]\s*(\d{{1,2}})\s*[-/.月]\s*(\d{{1,2}})\s*日?"
    r"(?:\s*\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)?\s*(?:来\s*源\s*[:：]?\s*(.*))?$"
)
# Sections. The Chinese ordinal (一、) is optional; editors also write 目录 or 正文.
INTRO = re.compile(r"^(?:[一1]\s*[、.．]\s*)?本期(?:导语|导读|概要|提要|摘要)\s*[:：]?\s*(.*)$")
CONTENTS = re.compile(r"^(?:[一1]\s*[、.．]\s*)?(?:信息|本期)?目\s*录\s*[:：]?$")
BODY = re.compile(r"^(?:[二2]\s*[、.．]\s*)?(?:具体|详细|信息|主要)?(?:内容|正文)\s*[:：]?$")
# A contents entry's outlet on a line of its own: （新京报）
OUTLET_LINE = re.compile(r"^[(（]([^()（）]{1,30})[)）]$")
LIST_MARK = re.compile(rf"^{_BULLET}|^{_NUM}\s*[.．、]\s*(?=\S)")
PAGE_NUMBER = re.compile(
    r"^\s*(?:[-—–－一]\s*\d{1,4}\s*[-—–－一]|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4}|[Pp]age\s*\d{1,4}(?:\s*of\s*\d{1,4})?|\d{1,4})\s*$"
)
URL = re.compile(r"https?://[^\s<>\"'，。；、）】]+", re.IGNORECASE)
URL_PIECE = re.compile(r"^[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+$")


def starts_element(text: str) -> bool:
    """Whether a line opens a house-format element, so that a reader never joins it to the line
    above as a wrapped continuation."""
    text = text.strip()
    return bool(
        ITEM_HEADING.match(text)
        or (FIELD.match(text) and not text.startswith(("来源标题", "内容")))
        or DATELINE.match(text)
        or INTRO.match(text)
        or CONTENTS.match(text)
        or BODY.match(text)
        or OUTLET_LINE.match(text)
    )


def field_of(text: str) -> tuple[str, str] | None:
    """(outlet | url | content, value) for a field line such as 来源：新京报, else None.

    来源标题：… (the reprint's original title) is article text, not a field."""
    if text.startswith("来源标题"):
        return None
    found = FIELD.match(text)
    if not found:
        return None
    name = next(k for k in ("outlet", "url", "content") if found[k])
    value = found["value"].strip()
    colon = bool(found["open"]) or bool(re.match(r"^\S+?\s*[:：]", text))
    # A word after 内容/正文 without a colon is text that happens to start with it; 来源 新京报
    # (no colon) is a label only when a short name follows.
    if value and not colon and (name == "content" or len(value) > 20 or re.search(r"[，。；]", value)):
        return None
    return name, value
