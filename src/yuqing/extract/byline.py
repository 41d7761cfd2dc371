"""Where the byline stands: the lines around the headline that carry its date, 来源 and 记者,
and the "posted on" line a forum or blog puts below the text. Dates, outlets and authors are
read only here (extract/published.py, metadata.py), so a masthead clock, related-news lists,
comments and footers never lend theirs."""

from __future__ import annotations

import re

from yuqing.extract import dates
from yuqing.extract.blocks import Block
from yuqing.text import squash

TRAILER = 2  # blocks after the text searched for a "posted on" line (forums, blogs)
POSTED_MAX = 80  # a longer line is text that mentions publishing, not a "posted on" line
_POSTED = re.compile(
    r"发表于|发布于|发帖于|(?:发表|发布|发帖)时间|于\s*\d{4}\s*年.{0,40}?发表|posted (?:on|at)", re.I
)
BYLINE_BEFORE = 8  # blocks above the text searched for the byline when the title is not found
BYLINE_MAX = 30  # blocks from the headline down searched for the byline
TEXT_LINE = 80  # a longer line is text, where a byline search stops; so is a sentence
_SENTENCE = re.compile(r"[。！？!?]|，.*，")
_MARKED = re.compile(r"来源|发布|时间|日期|作者|记者|编辑|\d{1,2}:\d{2}")  # a byline line above the headline
_CLOCK = re.compile(r"星期|今天|今日|农历|欢迎")  # a masthead's "today" clock


def byline_lines(blocks: list[Block], body: list[Block], start: int, title: str) -> list[str]:
    """The byline lines of a page whose text starts at block ``start``, headline's first."""
    return _byline(blocks, start, title) + _trailer(blocks, body)


def _trailer(blocks: list[Block], body: list[Block]) -> list[str]:
    """The first line from the text down to just after it that says when it was posted
    (本贴由…于…发表, 发布于 …): forums and blogs put their byline below the post."""
    if not body:
        return []
    ends = [i for i, b in enumerate(blocks) if b is body[0] or b is body[-1]]
    for block in blocks[ends[0] : ends[-1] + 1 + TRAILER]:
        if len(block.text) <= POSTED_MAX and _POSTED.search(block.text) and dates.find_date(block.text):
            return [block.text]
    return []


def _byline(blocks: list[Block], start: int, title: str) -> list[str]:
    """Lines where date, 来源 and 记者 stand: from the headline down to the text, then the
    text's first lines up to its first sentence (a dateline: 新华社北京8月21日电 counts); and
    the two lines just above the headline unless they read like a masthead's "today" clock."""
    at = _headline_at(blocks, start, squash(title)[:20])
    if at is None:
        marked = [b.text for b in blocks[max(0, start - BYLINE_BEFORE) : start] if _MARKED.search(b.text)]
        return marked + _first_lines(blocks[start : start + 4])
    marked = [
        b.text for b in blocks[max(0, at - 2) : at] if _MARKED.search(b.text) or not _CLOCK.search(b.text)
    ]
    head = blocks[at : min(max(start, at + 1), at + BYLINE_MAX)]
    return marked + [b.text for b in head] + _first_lines(blocks[len(head) + at : len(head) + at + 4])


def _first_lines(blocks: list[Block]) -> list[str]:
    """Lines up to and including the first that is text rather than a byline."""
    lines = []
    for block in blocks:
        lines.append(block.text)
        if len(block.text) > TEXT_LINE or _SENTENCE.search(block.text):
            break
    return lines


def _headline_at(blocks: list[Block], start: int, key: str) -> int | None:
    """The block holding the headline: a heading rather than a link to a namesake, then the one
    nearest above where the text starts."""
    if not key:
        return None
    found = [i for i, b in enumerate(blocks) if squash(b.text[: len(key) * 2 + 10]).startswith(key)]
    return min(
        found,
        key=lambda i: (not blocks[i].heading, blocks[i].link_density > 0.5, i > start, abs(start - i)),
        default=None,
    )
