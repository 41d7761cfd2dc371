"""`yuqing extract`: run the extraction stage on saved pages or URLs, one JSON line per input."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from yuqing import settings as settings_mod
from yuqing.cli import app, err
from yuqing.errors import ExtractError, FetchError, InputError

TIMEOUT = 20.0  # seconds for one page over http(s)


@app.command("extract")
def extract_cmd(
    inputs: Annotated[list[str], typer.Argument(help="Saved pages (files) or http(s) URLs.")],
    url: Annotated[str | None, typer.Option("--url", help="The page's URL, for a single file.")] = None,
    fetched_at: Annotated[
        str | None,
        typer.Option(
            "--fetched-at",
            help="When the page was fetched (Beijing time, e.g. 2024-08-21T10:30); relative dates "
            "such as 3小时前 count back from it. Default: now for URLs, the file's time for files.",
        ),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="One JSON line per input (the only format).")
    ] = True,
) -> None:
    """Extract title, date, outlet, author and text from pages; each input gives a JSON line or a
    message, and the exit code is 1 when any failed."""
    from yuqing.extract import extract_article
    from yuqing.provenance import is_guessed

    del as_json  # accepted for the documented `--json` spelling; output is always JSON lines
    given = _fetch_time(fetched_at)
    failed = 0
    max_bytes = int(settings_mod.load().collect_max_mb * 1024 * 1024)
    for item in inputs:
        page_url = ""
        try:
            page, page_url, content_type = _read(item, url, max_bytes)
            when = given or _file_time(item)
            found = extract_article(
                page, page_url, content_type=content_type, max_bytes=max_bytes, fetched_at=when
            )
        except (ExtractError, FetchError) as exc:
            # the error names the page by its URL; the line names the input once
            said = str(exc).removeprefix(f"{item}: ")
            said = said.removeprefix(f"{page_url}: ") if page_url else said
            err.print(f"[red]{item}:[/] {escape(said)}", markup=True, highlight=False)
            failed += 1
            continue
        except Exception as exc:  # a bug on one page must not cost the rest of the batch
            err.print(f"[red]{item}:[/] internal error, please report it: {exc!r}", markup=True)
            failed += 1
            continue
        record = {
            "url": found.url,
            "title": found.title,
            "published": found.published.isoformat() if found.published else None,
            "published_at": found.published_at.isoformat() if found.published_at else None,
            "date_source": found.date_source,  # where the date was read; guess/none: not on the page
            "date_guessed": is_guessed(found.date_source),
            "fetched_at": found.fetched_at.isoformat() if found.fetched_at else None,
            "outlet": found.outlet,
            "author": found.author,
            "text": found.text,
            "more_pages": list(found.more_pages),  # later pages of a split article: collect joins them
        }
        if found.more_pages:
            err.print(
                f"{item}: the article goes on over {len(found.more_pages)} more page(s); "
                "this is the first page's text only (yuqing collect joins the pages)",
                markup=False,
                highlight=False,
            )
        typer.echo(json.dumps(record, ensure_ascii=False))
    if failed:
        raise typer.Exit(1)


def _fetch_time(text: str | None) -> datetime | None:
    from yuqing.extract import dates

    if text is None:
        return None
    found = dates.parse_value(text)
    if found is None:
        raise InputError(f"--fetched-at {text!r} is not a date and time like 2024-08-21T10:30")
    return found.when


def _file_time(item: str) -> datetime | None:
    """A saved page's modification time, in Beijing time: when it was saved, near enough to
    when it was fetched. None (now) for URLs."""
    path = Path(item)
    if item.startswith(("http://", "https://")) or not path.is_file():
        return None
    from yuqing.extract import dates

    return dates.to_shanghai(datetime.fromtimestamp(path.stat().st_mtime, UTC)).replace(microsecond=0)


def _read(item: str, url: str | None, max_bytes: int) -> tuple[bytes, str, str | None]:
    """(page bytes, page URL, content type) of a file or an http(s) URL; a byte over
    ``max_bytes`` is enough to refuse it, so no more is read."""
    if item.startswith(("http://", "https://")):
        page, content_type = _fetch(item, max_bytes)
        return page, item, content_type
    path = Path(item)
    if path.is_dir():
        raise FetchError("a folder, not a page (give the files in it)", url=item, reason="missing_file")
    if not path.is_file():
        raise FetchError("no such file", url=item, reason="missing_file")
    try:
        return path.read_bytes(), url or path.resolve().as_uri(), None
    except OSError as exc:
        raise FetchError(f"cannot read: {exc.strerror}", url=item, reason="unreadable") from exc


def _fetch(url: str, max_bytes: int) -> tuple[bytes, str | None]:
    import urllib.error  # http.client and friends: only when a URL is given
    import urllib.request

    request = urllib.request.Request(url, headers={"User-Agent": "yuqing/0.1 (+extract command)"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            return response.read(max_bytes + 1), response.headers.get("Content-Type")
    except urllib.error.HTTPError as exc:
        raise FetchError(f"HTTP {exc.code}", url=url, reason=f"http_{exc.code}", status=exc.code) from exc
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise FetchError(f"cannot fetch: {exc}", url=url, reason="unreachable") from exc
