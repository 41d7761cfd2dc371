"""Writing a known issue the many ways editors and tools have written past issues, to test the
importer on forms that are not in ../shared: labels with half- or full-width colons or none,
原文链接 or a bare URL, numbers typed 1、 or lost to a bullet, outlets only in the date line,
fields in one line, extra blank lines, hard wraps by characters or columns, Word's "save as text"
in GB18030 with CRLF, UTF-16, Markdown links. Written here independently of the importer."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date

from yuqing.report.document import ReportDocument, ReportItem
from yuqing.report.period import chinese_number


@dataclass(frozen=True)
class Style:
    name: str
    colon: str = "："
    number: str = "{n}."  # {n} is the item number; "" when Word's numbering was lost
    title_label: str = "标题"
    url_label: str | None = "链接"  # None: the URL stands alone on its line
    url_form: str = "{url}"  # e.g. "[{url}]({url})"
    url_next_line: bool = False
    outlet_line: bool = True  # False: the outlet only in the date line
    content_label: str | None = "主要内容"
    fields_in_one_line: bool = False
    blank: int = 1  # blank lines between paragraphs
    sections: tuple[str, str, str] = ("本期导语：", "一、信息目录", "二、具体内容")
    toc_outlet_same_line: bool = False
    toc_mark: str = "{n}."
    number_words: str = "digits"  # digits (五三七), counted (五百三十七) or arabic (537)
    dateline: str = "{date:%Y-%m-%d} 来源：{outlet}"
    wrap: int | None = None  # hard-wrap lines at this width
    wrap_by: str = "chars"  # or "columns" (Chinese characters count 2)
    encoding: str = "utf-8"
    newline: str = "\n"


STYLES = [
    Style("plain"),
    Style("half-width colons, 1、, 原文链接", colon=": ", number="{n}、", url_label="原文链接"),
    Style("bare URL lines, no 主要内容", url_label=None, content_label=None, blank=0),
    Style("bullets instead of numbers", number="- ", toc_mark="- "),
    Style("numbering lost, outlet in the date line", number="", toc_mark="", outlet_line=False),
    Style("fields in one line, 题目", fields_in_one_line=True, title_label="题目"),
    Style("URL under its label, Markdown links", url_next_line=True, url_form="[{url}]({url})"),
    Style("two blank lines, one-line contents", blank=2, toc_outlet_same_line=True),
    Style(
        "目录/正文, counted number, Chinese date",
        sections=("本期导读：", "目录", "正文"),
        number_words="counted",
        dateline="{date.year}年{date.month}月{date.day}日 来源：{outlet}",
    ),
    Style("一、 items, 【标题】 and 【来源】 labels", number="{cn}、", title_label="【标题】", colon=""),
    Style("wrapped at 28 characters", wrap=28, blank=1),
    Style("wrapped at 64 columns", wrap=64, wrap_by="columns"),
    Style("Word save-as-text: GB18030, CRLF", blank=0, encoding="gb18030", newline="\r\n"),
    Style("UTF-16, arabic number", encoding="utf-16", number_words="arabic"),
]


def write(doc: ReportDocument, style: Style) -> bytes:
    lines = _masthead(doc, style)
    for n, item in enumerate(doc.items, 1):
        lines += _item(n, item, style)
    gap = style.newline * (style.blank + 1)
    text = gap.join(_wrap(line, style) for line in lines if line is not None) + style.newline
    return text.encode(style.encoding)


def _masthead(doc: ReportDocument, style: Style) -> list[str]:
    intro, toc, body = style.sections
    out = [doc.title, f"（第{_number(doc.number, style)}期）", doc.organisation, f"{doc.date:%Y年%m月%d日}"]
    out += [intro + doc.intro, toc]
    for n, item in enumerate(doc.items, 1):
        mark = style.toc_mark.format(n=n)
        if style.toc_outlet_same_line:
            out.append(f"{mark}{item.title}（{item.outlet}）")
        else:
            out.append(f"{mark}{item.title}{style.newline}（{item.outlet}）")
    return [*out, body]


def _item(n: int, item: ReportItem, style: Style) -> list[str]:
    c = style.colon
    number = style.number.format(n=n, cn="一二三四五六七八九十"[n - 1])
    heading = f"{number}{style.title_label}{c}{item.title}"
    url = style.url_form.format(url=item.url)
    if style.url_label is None:
        link = url
    elif style.url_next_line:
        link = f"{style.url_label}{c}{style.newline}{url}"
    else:
        link = f"{style.url_label}{c or '：'}{url}"
    label = "【来源】" if style.title_label.startswith("【") else f"来源{c}"
    outlet = f"{label}{item.outlet}" if style.outlet_line else None
    fields = [outlet, link] if not style.fields_in_one_line else [f"{outlet}  {link}"]
    content = [f"{style.content_label}{c or '：'}"] if style.content_label else []
    dateline = style.dateline.format(date=item.published or date(2024, 1, 1), outlet=item.outlet)
    return [heading, *fields, *content, item.title, dateline, *item.paragraphs]


def _number(number: int, style: Style) -> str:
    if style.number_words == "arabic":
        return str(number)
    if style.number_words == "counted":
        digits = "〇一二三四五六七八九"
        hundreds, tens, ones = number // 100, number // 10 % 10, number % 10
        return f"{digits[hundreds]}百{digits[tens]}十{digits[ones] if ones else ''}"
    return chinese_number(number)


def _width(text: str, style: Style) -> int:
    if style.wrap_by == "chars":
        return len(text)
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _wrap(text: str, style: Style) -> str:
    """Hard-wrapped at style.wrap: anywhere when counting characters (as naive tools do), at a
    space for Latin words when counting columns (as pdftotext and mail programs do)."""
    if style.wrap is None:
        return text
    out = []
    for line in text.split(style.newline):
        current = ""
        for char in line:
            if _width(current + char, style) > style.wrap:
                if style.wrap_by == "columns" and char.isascii() and " " in current:
                    head, _, tail = current.rpartition(" ")
                    out.append(head)
                    current = tail
                else:
                    out.append(current)
                    current = ""
            current += char
        out.append(current)
    return style.newline.join(out)
