"""What is wrong with a report file, gathered so that one run names every problem.

An error means something would be lost or wrong if the file were imported (an item without a
link, a contents entry with no item): the file is refused. A warning loses nothing but deserves a
look (an item without a date line, a contents title that differs from the item's).
"""

from __future__ import annotations

from yuqing.errors import ReportParseError
from yuqing.report import house
from yuqing.report.period import read_chinese_number
from yuqing.report.readers.source import ReportSource


def item_label(number: int, title: str = "") -> str:
    """``item 3 “北京市大力推进医疗服务…”``: how messages name an item."""
    short = title if len(title) <= 24 else title[:23] + "…"
    return f"item {number} “{short}”" if short else f"item {number}"


class Problems:
    def __init__(self, source: ReportSource) -> None:
        self.source = source
        self.errors: list[ReportParseError] = []
        self.warnings: list[str] = [f"{source.path}: {note}" for note in source.notes]

    def place(self, at: int | None) -> str:
        return self.source.where(at)

    def make(self, message: str, at: int | None, item: str | None = None) -> ReportParseError:
        where = self.source.where(at) or None
        line = at if self.source.unit == "line" else None
        return ReportParseError(message, path=self.source.path, line=line, where=where, item=item)

    def error(self, message: str, at: int | None, item: str | None = None) -> None:
        self.errors.append(self.make(message, at, item))

    def warn(self, message: str, at: int | None, item: str | None = None) -> None:
        self.warnings.append(str(self.make(message, at, item)))

    def fatal(self, message: str, at: int | None, item: str | None = None) -> ReportParseError:
        """The error that stops reading, with those found before it."""
        self.error(message, at, item)
        return self.combined()

    def combined(self) -> ReportParseError:
        first = self.errors[0]
        messages = [str(e) for e in self.errors]
        error = ReportParseError(
            "\n".join(messages) if len(messages) > 1 else first.message,
            path=None,
            problems=messages,
        )
        error.path, error.line, error.where, error.item = first.path, first.line, first.where, first.item
        return error

    def raise_errors(self) -> None:
        if self.errors:
            raise self.combined()

    def check_numbers(self, headings: list[str]) -> None:
        """Typed item numbers that do not run 1, 2, 3 … are worth a look (Word's numbering may
        restart, an editor may skip one); the items keep the order they have in the file."""
        numbers = []
        for text in headings:
            found = house.ITEM_HEADING.match(text) or house.NUMBERED.match(text)
            if found and found[1]:
                numbers.append(read_chinese_number(found[1]) or 0)
        if numbers and numbers != list(range(1, len(numbers) + 1)) and len(numbers) == len(headings):
            shown = ", ".join(map(str, numbers[:12])) + (" …" if len(numbers) > 12 else "")
            self.warn(
                f"the items are numbered {shown}; they are imported in file order as 1–{len(numbers)}", None
            )
