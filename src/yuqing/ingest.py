"""`yuqing ingest`: articles from other tools, one JSON object per line.

Each line: {"url", "title", "outlet", "published", "text" (paragraphs separated by newlines) or
"paragraphs" (a list), optional "author" and "html"}. ``published`` is a day (2024-08-21,
2024年8月21日) or a date-time; one with a zone (2024-08-31T17:05:00Z, +00:00) is converted to
Beijing time first, so it lands on the Beijing day (2024-09-01). Every line is checked before
anything is written, so a bad line stores nothing; with ``skip_bad`` (`yuqing ingest
--skip-bad`) the good lines are stored and the bad ones listed. The file is UTF-8 (RFC 8259
§8.1; UTF-16/32 with a byte-order mark are read too); a line in another encoding, binary data or a
lone surrogate escape (``"\ud800"``) is refused with its line number.
"""

from __future__ import annotations

import codecs
import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from yuqing.errors import InputError
from yuqing.inputs import read_input
from yuqing.store.articles import ArticleData, upsert_article
from yuqing.urls import normalise_url

REQUIRED = ("url", "title", "outlet")


@dataclass
class IngestSummary:
    lines: int
    new: int
    updated: int


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_SURROGATE = re.compile("[\ud800-\udfff]")


def read_jsonl(path: Path, skipped: list[InputError] | None = None) -> list[ArticleData]:
    """The file's articles; the first bad line is an InputError naming file and line, unless
    ``skipped`` is given: then every bad line's error is added there and the line left out."""
    data = read_input(path)
    records: list[ArticleData] = []
    for number, line in enumerate(_lines(data, path), 1):
        if not line.strip():
            continue
        try:
            records.append(_record(line, path, number))
        except InputError as exc:
            if skipped is None:
                raise
            skipped.append(exc)
    return records


def _lines(data: bytes, path: Path) -> list[str]:
    """The file's lines as text: UTF-8, or UTF-16/32 when a byte-order mark says so."""
    for mark, encoding in _BOMS:
        if data.startswith(mark):
            try:
                return data.decode(encoding).split("\n")
            except UnicodeDecodeError as exc:
                raise InputError(f"not valid {encoding} text (byte {exc.start})", path=path) from exc
    if b"\x00" in data[:4096]:
        raise InputError("not a JSON-lines text file (binary data or UTF-16 without a mark)", path=path)
    lines = []
    for number, raw in enumerate(data.split(b"\n"), 1):
        try:
            lines.append(raw.decode("utf-8"))
        except UnicodeDecodeError:
            raise InputError(_not_utf8(raw), path=path, line=number) from None
    return lines


def _not_utf8(raw: bytes) -> str:
    try:
        raw.decode("gb18030")
    except UnicodeDecodeError:
        return "not UTF-8 text (binary data?); the file must be UTF-8"
    return "not UTF-8 text; it reads as GBK: convert the file, e.g. iconv -f gbk -t utf-8"


def store_articles(session: Session, records: list[ArticleData]) -> IngestSummary:
    new = 0
    for record in records:
        _, created = upsert_article(session, record)
        new += created
    return IngestSummary(len(records), new, len(records) - new)


def _record(line: str, path: Path, number: int) -> ArticleData:
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(f"not valid JSON: {exc.msg} (column {exc.colno})", path=path, line=number) from exc
    if not isinstance(obj, dict):
        raise InputError("each line must be a JSON object", path=path, line=number)
    for key, value in obj.items():
        for text in value if isinstance(value, list) else [value]:
            if isinstance(text, str) and (bad := _SURROGATE.search(text)):
                raise InputError(
                    f"{key!r} holds a lone surrogate \\u{ord(bad.group()):04x}, which is not Unicode text",
                    path=path,
                    line=number,
                )
    missing = [k for k in REQUIRED if not isinstance(obj.get(k), str) or not obj[k].strip()]
    if missing:
        raise InputError(f"missing or empty: {', '.join(missing)}", path=path, line=number)
    try:
        normalise_url(obj["url"])
    except ValueError as exc:  # urllib's words (a port "abc", "Invalid IPv6 URL") name no field
        raise InputError(f"url {obj['url']!r} is not a usable link: {exc}", path=path, line=number) from exc
    html = obj.get("html")
    return ArticleData(
        url=obj["url"],
        title=obj["title"].strip(),
        outlet=obj["outlet"].strip(),
        paragraphs=_paragraphs(obj, path, number),
        published=_date(obj.get("published"), path, number),
        author=obj.get("author") or None,
        raw_page=html.encode("utf-8") if isinstance(html, str) else None,
        origin="ingest",
    )


def _paragraphs(obj: dict[str, Any], path: Path, number: int) -> list[str]:
    value = obj.get("paragraphs", obj.get("text"))
    if isinstance(value, str):
        value = value.splitlines()
    if not isinstance(value, list) or not all(isinstance(p, str) for p in value):
        raise InputError("'text' must be a string or 'paragraphs' a list of strings", path=path, line=number)
    paragraphs = [p.strip() for p in value if p.strip()]
    if not paragraphs:
        raise InputError("the article has no text", path=path, line=number)
    return paragraphs


def _date(value: object, path: Path, number: int) -> date | None:
    from yuqing.extract import dates  # imported late: the extraction package is heavy to load

    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise InputError(f"published {value!r} is not a date string", path=path, line=number)
    found = dates.parse_value(value)
    if found is None:
        raise InputError(
            f"published {value!r} is not a date like 2024-08-21, 2024-08-21T10:30:00+08:00 or 2024年8月21日",
            path=path,
            line=number,
        )
    return found.day
