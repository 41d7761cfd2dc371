"""What every reader hands the parser: the report's lines in reading order, each with its place.

A line is one paragraph of the report as its author wrote it (a Word paragraph, a Markdown
paragraph, a paragraph rebuilt from a PDF page), or one line of it where the author broke the
line by hand (Shift+Enter, a Markdown hard break). Its place is what a user can find in the file:
a line number in a text file, a paragraph number in a Word file, a page number in a PDF.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class SourceLine:
    text: str
    at: int  # line (text), paragraph (Word) or page (PDF) number, 1-based
    links: tuple[str, ...] = ()  # hyperlink targets in this line, in order


@dataclass
class ReportSource:
    path: Path
    unit: str  # "line", "paragraph" or "page": what SourceLine.at counts
    lines: list[SourceLine]
    notes: list[str] = field(default_factory=list)  # what reading changed or doubted, said out loud

    def where(self, at: int | None) -> str:
        """``line 12``, ``paragraph 12`` or ``page 3``."""
        return "" if at is None else f"{self.unit} {at}"
