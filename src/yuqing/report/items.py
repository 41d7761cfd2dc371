"""One item of a past report: heading, fields (来源, 链接), the repeated title, date line, text.

Editors vary the fields: a title wrapped over two lines, 来源 and 链接 in one line, a link on the
line below its label or cut over two lines, a URL with no 链接 label, no 主要内容 label before the
text, the outlet only in the date line. Each of these is read; what cannot be read whole (no link,
a link that is not a web address, no outlet anywhere, no text) is an error naming the item.
"""

from __future__ import annotations

import re
from datetime import date

from yuqing.report import house
from yuqing.report.cleanup import join_page_breaks
from yuqing.report.document import ReportItem
from yuqing.report.problems import Problems, item_label
from yuqing.report.readers.source import SourceLine
from yuqing.report.toc import TocEntry, similar
from yuqing.text import squash
from yuqing.urls import normalise_url

_TRAILING_JUNK = "。，；、,;)）>】」\"'"


class ItemReader:
    def __init__(
        self, lines: list[SourceLine], number: int, problems: Problems, hint: TocEntry | None
    ) -> None:
        self.lines = lines
        self.number = number
        self.problems = problems
        self.hint = hint
        self.title_parts: list[str] = []
        self.outlet: str | None = None
        self.url: str | None = None
        self.url_at = lines[0].at
        self.url_open = False  # the link may go on in the next line (a wrapped URL)
        self.title = ""  # as read, also when the item has errors
        self.final_outlet = ""

    @property
    def label(self) -> str:
        return item_label(self.number, "".join(self.title_parts))

    def read(self) -> ReportItem | None:
        head = self.lines[0]
        found = house.ITEM_HEADING.match(head.text) or house.NUMBERED.match(head.text)
        assert found is not None  # the parser only starts items at headings
        content: list[str] | None = None
        first = _split_fields(found[2])
        self.title_parts.append(first[0])
        content = self._fields(first[1:], head)
        index = 1
        while content is None and index < len(self.lines):
            line = self.lines[index]
            content = self._line(line)
            index += 1
        body = (content or []) + [ln.text for ln in self.lines[index:]]
        self._stray_fields(self.lines[index:])
        return self._finish(body)

    def _stray_fields(self, lines: list[SourceLine]) -> None:
        """A 链接 line with a web address inside the text is another item's: its heading was not
        recognised, and its text would silently become this item's."""
        for line in lines:
            found = house.field_of(line.text)
            if found and found[0] == "url" and (house.URL.search(found[1]) or _web_links(line.links)):
                self.problems.error(
                    f"its text holds a link line ({line.text[:40]}): is the heading of the item after it "
                    "(N.标题：…) missing or mistyped?",
                    line.at,
                    self.label,
                )
                return

    def _line(self, line: SourceLine) -> list[str] | None:
        """Read one header line; the start of the article text once it is reached."""
        parts = _split_fields(line.text)
        if house.field_of(parts[0]) is None:
            if self._not_a_field(parts[0], line):
                return [line.text]
            parts = parts[1:]
        return self._fields(parts, line)

    def _not_a_field(self, text: str, line: SourceLine) -> bool:
        """A line without a label: the URL, its wrapped end, the outlet, a wrapped title, or the
        first line of the text. True when the text has begun."""
        links = _web_links(line.links)
        if self.url == "" or (self.url is None and (links or _is_url(text))):
            self.url, self.url_at, self.url_open = (
                (links[0], line.at, False) if links else (text, line.at, True)
            )
            return False
        if self.url and (self.url in links or (house.URL_PIECE.match(text) and self.url.endswith(text))):
            return False  # the rest of a link already read from its target, cut by the line end
        if self.url_open and house.URL_PIECE.match(text) and not _is_url(text):
            self.url = (self.url or "") + text
            return False
        if self.outlet == "" and len(text) <= 20 and not _is_url(text):
            self.outlet = text
            return False
        if self.outlet is None and self.url is None:
            self.title_parts.append(text)
            return False
        return True

    def _fields(self, parts: list[str], line: SourceLine) -> list[str] | None:
        for n, part in enumerate(parts):
            found = house.field_of(part)
            if found is None:
                continue
            name, value = found
            if name == "content":
                rest = [value] if value else []
                return rest + [p for p in parts[n + 1 :] if p]
            if name == "outlet":
                self.outlet = value
            else:
                links = _web_links(line.links)
                self.url_at = line.at
                if links:
                    self.url, self.url_open = links[0], False
                else:
                    url = house.URL.search(value)
                    self.url, self.url_open = (url[0] if url else value), True
        return None

    def _finish(self, texts: list[str]) -> ReportItem | None:
        title = "".join(self.title_parts).strip()
        published, dated_outlet, body = self._content(title, [t for t in texts if t.strip()])
        problems, label = self.problems, self.label
        start = self.lines[0].at
        if not title and self.hint:
            title = self.hint.title
        if not title:
            problems.error("has no title after 标题：", start, label)
        outlet = (
            self.outlet or dated_outlet or (self.hint.outlet if self.hint and _same(self.hint, title) else "")
        )
        if not outlet:
            problems.error(
                "has no outlet: no 来源 line, and none in its date line or the contents list", start, label
            )
        url = self._url(label)
        if not body:
            problems.error("has no text after its date line (主要内容)", start, label)
        if published is None:
            problems.warn("has no date line (2024-08-11 来源：…): imported without a date", start, label)
        self.title, self.final_outlet = title, outlet
        if not (title and outlet and url and body):
            return None
        return ReportItem(title, outlet, url, published, tuple(join_page_breaks(body)))

    def _url(self, label: str) -> str | None:
        url = (self.url or "").strip().rstrip(_TRAILING_JUNK)
        if not url:
            self.problems.error("has no link: no 链接 line with a web address", self.lines[0].at, label)
            return None
        why = ""
        if not re.match(r"https?://", url, re.IGNORECASE):
            why = "a web address starts with http:// or https://"
        else:
            try:
                normalise_url(url)
            except ValueError as exc:
                why = str(exc)
        if why:
            self.problems.error(f"link {url!r} is not a URL: {why}", self.url_at, label)
            return None
        return url

    def _content(self, title: str, texts: list[str]) -> tuple[date | None, str | None, list[str]]:
        """The date line and the text, without the title repeated above the date line."""
        at = next((j for j, t in enumerate(texts[:4]) if house.DATELINE.match(t)), None)
        if at is None:
            return None, None, _drop_repeated_title(title, texts)
        found = house.DATELINE.match(texts[at])
        assert found is not None
        before = "".join(texts[:at])
        if before and similar(before, title) < 0.5:
            self.problems.warn(
                f"the line above its date line (“{before[:30]}”) is not its title; kept out of the text "
                "as the article's own title",
                self.lines[0].at,
                self.label,
            )
        try:
            published = date(int(found[1]), int(found[2]), int(found[3]))
        except ValueError:
            self.problems.error(f"date line {texts[at]!r} is not a real date", self.lines[0].at, self.label)
            published = None
        outlet = (found[4] or "").strip() or None
        return published, outlet, texts[at + 1 :]


def _split_fields(text: str) -> list[str]:
    """来源：新京报 链接：https://… → ['来源：新京报', '链接：https://…'] (the first part may be
    the title before them)."""
    return [p.strip() for p in house.INNER_FIELD.split(text)] if house.INNER_FIELD.search(text) else [text]


def _web_links(links: tuple[str, ...]) -> list[str]:
    return [link for link in links if re.match(r"https?://", link, re.IGNORECASE)]


def _is_url(text: str) -> bool:
    return bool(re.match(r"^(?:https?|ftp)://\S+$", text.strip(), re.IGNORECASE))


def _same(entry: TocEntry, title: str) -> bool:
    return not title or similar(entry.title, title) >= 0.8


def _drop_repeated_title(title: str, texts: list[str]) -> list[str]:
    """Without a date line, lines that spell the title again at the start are not text."""
    repeated, kept = "", list(texts)
    while kept and kept[0] and squash(title).startswith(squash(repeated + kept[0])):
        repeated += kept.pop(0)
        if squash(repeated) == squash(title):
            return kept
    return texts if repeated and squash(repeated) != squash(title) else kept
