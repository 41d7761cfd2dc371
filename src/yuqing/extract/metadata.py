"""Title, outlet and author from the page: the <title> without the site suffix (checked against
the headings), and the 来源/记者/作者 fields of the byline lines around the title."""

from __future__ import annotations

import re

from lxml import etree

from yuqing.extract.blocks import Block
from yuqing.extract.boilerplate import is_metadata
from yuqing.text import squash

# A trailing " _新京报", "-人民网", "|千龙网", "——中国青年网" segment naming the site or channel.
_SUFFIX = re.compile(r"\s*(?:[_|｜]+|\s[-—–·]+\s?|[-—–]{1,2}|·)\s*([^_|｜\-—–·]{1,24})\s*$")
# Separators between headline, channel and site: "_", "|", " - ", "--", "——".
_SEPARATOR = re.compile(r"\s*(?:[_|｜]+|\s[-—–·]+\s|-{2,}|—{2,}|–{2,})\s*")
_ABOVE = 8  # blocks above the text searched for a headline when the page has no <title>
_SENTENCE = re.compile(r"[，。！？,!?]")
_OUTLET = re.compile(
    r"(?:来源|文章来源|信息来源|稿源|来自)\s*[:：]\s*(?!标题)"
    r"(?:<<)?\s*([\u4e00-\u9fffA-Za-z0-9《》（）()·]{2,24}?)"
    r"(?=$|[\s|/,，　]|作者|记者|编辑|责任|发布|时间|浏览|字号|点击|\d{4})"
)
_NAME = r"[\u4e00-\u9fff·]{2,4}"
_AUTHOR = re.compile(
    rf"(?<!责任)(?<!责)(?:作者|记者|撰文|撰稿|文|通讯员|编辑)\s*[:：|/]?\s*({_NAME}(?:[\s、,，]+{_NAME})*)"
    rf"(?=$|[\s|/）)，,。]|(?:摄影|摄|报道|实习生|通讯员|来源|发布|时间|编辑|责任))"
)
_NOT_NAME = re.compile(
    r"责任|版权|版權|所有|本人|来源|时间|日期|发布|本报|记者|编辑|新闻|中心|报道|电|讯|获悉|从|在|表示|说|近日"
)


def page_title(root: etree._Element, blocks: list[Block], body_start: int) -> str:
    """The headline: a heading the <title> contains, else the <title> without site and channel
    names, else (pages without <title>) the heading standing nearest above the text."""
    raw = _raw_title(root)
    heads = [b.text for b in blocks if b.heading and 4 <= len(b.text) <= 80]
    og = [" ".join(str(v).split()) for v in root.xpath("//meta[@property='og:title']/@content")]
    inside = [h for h in heads + og if squash(h) and squash(h) in squash(raw)]
    if inside:
        return max(inside, key=len).strip()
    if raw:
        return strip_affixes(raw)
    above = blocks[max(0, body_start - _ABOVE) : body_start]
    near = [b for b in above if b.heading and 6 <= len(b.text) <= 80] or [b for b in above if _headline(b)]
    if near:
        return near[-1].text.strip()
    top = blocks[body_start : body_start + 3]
    first = [b for b in top if b.heading and 6 <= len(b.text) <= 80] or [b for b in top if _headline(b)]
    return first[0].text.strip() if first else ""


def _headline(block: Block) -> bool:
    """A short line that is neither a link, a sentence nor a date/byline line."""
    return (
        6 <= len(block.text) <= 60
        and not block.link_chars
        and block.punct <= 2
        and not is_metadata(block.text)
    )


def _raw_title(root: etree._Element) -> str:
    texts = root.xpath("//title//text()") or root.xpath("//text/@title")  # CleanEval wrapper
    return " ".join(" ".join(str(t) for t in texts).split())


def strip_affixes(title: str) -> str:
    """Remove site and channel names: "标题_财经_新浪网" and "千龙网--汽车--标题" → "标题"."""
    parts = [p.strip() for p in _SEPARATOR.split(title) if p.strip()]
    if len(parts) > 1:
        longest = max(parts, key=len)
        if len(longest) >= 6:
            return longest
    return strip_suffix(title)


def strip_suffix(title: str) -> str:
    """Remove trailing site and channel names: "标题_财经_新浪网" → "标题"."""
    title = title.strip()
    while (m := _SUFFIX.search(title)) and len(title[: m.start()].strip()) >= 5:
        if _SENTENCE.search(m.group(1)) or len(m.group(1)) > len(title[: m.start()]):
            break
        title = title[: m.start()].strip()
    return title


def find_outlet(lines: list[str]) -> str | None:
    """The publication named by the first 来源：field in ``lines``."""
    for line in lines:
        if m := _OUTLET.search(line):
            name = m.group(1).strip("《》（）() ")
            if len(name) >= 2 and not name.isdigit():
                return name
    return None


def find_author(lines: list[str]) -> str | None:
    """Names after 作者/记者/编辑 (never 责任编辑) in ``lines``, space separated."""
    for line in lines:
        for m in _AUTHOR.finditer(line):
            names = [n for n in re.split(r"[\s、,，]+", m.group(1)) if n and not _NOT_NAME.search(n)]
            if names:
                return " ".join(names)
    return None
