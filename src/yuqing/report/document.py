"""The report as one structured document, and the blocks every renderer draws.

Renderers never format text themselves: ``blocks()`` produces every line of the house format
(labels, numbering, datelines) once, and Markdown, HTML, PDF and DOCX only style the blocks.
So the formats cannot drift apart.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from yuqing.report.period import chinese_number


class Kind(StrEnum):
    TITLE = "title"  # report title on the masthead
    NUMBER = "number"  # （第五三七期）
    MASTHEAD = "masthead"  # organisation (text) and publication date (aside)
    SECTION = "section"  # 本期导语： 一、信息目录 二、具体内容
    INTRO = "intro"
    TOC_ENTRY = "toc_entry"  # item title (text) and its outlet line (aside)
    ITEM_HEADING = "item_heading"  # 1.标题：…
    FIELD = "field"  # 来源：…
    LINK = "link"  # 链接： (text) and the URL (url)
    LABEL = "label"  # 主要内容：
    ARTICLE_TITLE = "article_title"
    DATELINE = "dateline"  # 2024-08-11 来源：新京报
    BODY = "body"


@dataclass(frozen=True)
class Block:
    kind: Kind
    text: str
    aside: str = ""
    url: str = ""
    item: int = 0  # 1-based item number for blocks inside an item, else 0


@dataclass(frozen=True)
class ReportItem:
    title: str
    outlet: str
    url: str
    published: date | None
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class ReportDocument:
    title: str
    number: int
    organisation: str
    date: date
    intro: str
    items: tuple[ReportItem, ...] = field(default=())

    @property
    def number_text(self) -> str:
        return f"（第{chinese_number(self.number)}期）"

    @property
    def date_text(self) -> str:
        return f"{self.date:%Y年%m月%d日}"

    def blocks(self) -> list[Block]:
        out = [
            Block(Kind.TITLE, self.title),
            Block(Kind.NUMBER, self.number_text),
            Block(Kind.MASTHEAD, self.organisation, aside=self.date_text),
            Block(Kind.SECTION, "本期导语："),
            Block(Kind.INTRO, self.intro),
            Block(Kind.SECTION, "一、信息目录"),
        ]
        out += [
            Block(Kind.TOC_ENTRY, it.title, aside=f"（{it.outlet}）", item=n)
            for n, it in enumerate(self.items, 1)
        ]
        out.append(Block(Kind.SECTION, "二、具体内容"))
        for n, it in enumerate(self.items, 1):
            out += _item_blocks(n, it)
        return out

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["date"] = self.date.isoformat()
        for item in data["items"]:
            item["published"] = item["published"].isoformat() if item["published"] else None
            item["paragraphs"] = list(item["paragraphs"])
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ReportDocument:
        items = tuple(
            ReportItem(
                title=i["title"],
                outlet=i["outlet"],
                url=i["url"],
                published=date.fromisoformat(i["published"]) if i["published"] else None,
                paragraphs=tuple(i["paragraphs"]),
            )
            for i in data["items"]
        )
        return cls(
            title=data["title"],
            number=int(data["number"]),
            organisation=data["organisation"],
            date=date.fromisoformat(data["date"]),
            intro=data["intro"],
            items=items,
        )


def dateline(item: ReportItem) -> str:
    source = f"来源：{item.outlet}"
    return f"{item.published.isoformat()} {source}" if item.published else source


def _item_blocks(n: int, it: ReportItem) -> list[Block]:
    blocks = [
        Block(Kind.ITEM_HEADING, f"{n}.标题：{it.title}", item=n),
        Block(Kind.FIELD, f"来源：{it.outlet}", item=n),
        Block(Kind.LINK, "链接：", url=it.url, item=n),
        Block(Kind.LABEL, "主要内容：", item=n),
        Block(Kind.ARTICLE_TITLE, it.title, item=n),
        Block(Kind.DATELINE, dateline(it), item=n),
    ]
    return blocks + [Block(Kind.BODY, p, item=n) for p in it.paragraphs]
