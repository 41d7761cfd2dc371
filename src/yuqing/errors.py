"""Every error yuqing raises on purpose, in one tree.

```
YuqingError                 base: anything the user can act on; printed without a traceback
├── ConfigError             a setting or config file is wrong (carries file, line, key)
├── StoreError              the database cannot be opened, migrated or written
│   └── NotFound            a requested article, issue or item does not exist
├── InputError              a file given to a command is malformed (carries file and line)
│   └── ReportParseError    a past report could not be read as the house format
├── RenderError             a report could not be rendered (missing fonts, bad template)
├── FetchError              a page could not be fetched (carries URL, source, reason, HTTP status)
└── ExtractError            a fetched page yields no article (carries URL and a drop reason)
```

Each error carries its context (a file, a line, a URL, a stage) so a message names what to fix.
"""

from __future__ import annotations

from pathlib import Path


class YuqingError(Exception):
    """Base of all errors yuqing reports to users."""

    def __init__(self, message: str, *, stage: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.stage = stage

    def __str__(self) -> str:
        return self.message


class ConfigError(YuqingError):
    """A setting or config file is wrong: names the file, line and key when known."""

    def __init__(
        self,
        message: str,
        *,
        path: Path | str | None = None,
        line: int | None = None,
        key: str | None = None,
    ) -> None:
        where = _where(path, line)
        super().__init__(f"{where}{message}", stage="config")
        self.path = path
        self.line = line
        self.key = key


class StoreError(YuqingError):
    """The database cannot be opened, migrated or written."""

    def __init__(self, message: str, *, url: str | None = None) -> None:
        super().__init__(message, stage="store")
        self.url = url


class NotFound(StoreError):
    """A requested article, issue or issue item does not exist."""


class InputError(YuqingError):
    """A file given to a command is malformed; names the file and line."""

    def __init__(self, message: str, *, path: Path | str | None = None, line: int | None = None) -> None:
        super().__init__(f"{_where(path, line)}{message}", stage="input")
        self.path = path
        self.line = line


class ReportParseError(InputError):
    """A past report does not follow the house format closely enough to be imported.

    Names the file, the place (``line 12`` in a text file, ``paragraph 12`` in a Word file,
    ``page 3`` in a PDF) and the item concerned; ``problems`` holds every such message when a
    file has more than one."""

    def __init__(
        self,
        message: str,
        *,
        path: Path | str | None = None,
        line: int | None = None,
        where: str | None = None,
        item: str | None = None,
        problems: list[str] | None = None,
    ) -> None:
        text = f"{item}: {message}" if item else message
        if where and not where.startswith("line "):
            super().__init__(f"{where}: {text}", path=path)
        else:
            super().__init__(text, path=path, line=line)
        self.where = where
        self.item = item
        self.problems = problems or [self.message]


class RenderError(YuqingError):
    """A report could not be rendered in the requested format."""

    def __init__(self, message: str, *, fmt: str | None = None) -> None:
        super().__init__(f"{fmt} rendering: {message}" if fmt else message, stage="render")
        self.fmt = fmt


def _where(path: Path | str | None, line: int | None) -> str:
    if path is None:
        return ""
    return f"{path}:{line}: " if line is not None else f"{path}: "


class FetchError(YuqingError):
    """A page could not be fetched: dead site, HTTP error, robots.txt, timeout, too large."""

    def __init__(
        self, message: str, *, url: str, reason: str, source: str | None = None, status: int | None = None
    ) -> None:
        where = f"[{source}] " if source else ""
        super().__init__(f"{where}{url}: {message}", stage="fetch")
        self.url = url
        self.reason = reason  # a short key counted in per-source statistics, e.g. "http_500"
        self.source = source
        self.status = status


class ExtractError(YuqingError):
    """A fetched page yields no article; ``reason`` is the drop reason counted per source:
    ``binary``, ``undecodable``, ``not_article`` (e.g. a list page), ``too_short``, ``no_title``."""

    def __init__(self, message: str, *, url: str, reason: str) -> None:
        super().__init__(f"{url}: {message}", stage="extract")
        self.url = url
        self.reason = reason
