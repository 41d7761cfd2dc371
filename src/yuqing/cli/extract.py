"""`yuqing extract`: run the extraction stage on saved pages or URLs, one JSON line per input."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from yuqing import settings as settings_mod
from yuqing.cli import app, err
from yuqing.errors import ExtractError, FetchError

TIMEOUT = 20.0  # seconds for one page over http(s)


@app.command("extract")
def extract_cmd(
    inputs: Annotated[list[str], typer.Argument(help="Saved pages (files) or http(s) URLs.")],
    url: Annotated[str | None, typer.Option("--url", help="The page's URL, for a single file.")] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="One JSON line per input (the only format).")
    ] = True,
) -> None:
    """Extract title, date, outlet, author and text from pages; each input gives a JSON line or a
    message, and the exit code is 1 when any failed."""
    from yuqing.extract import extract_article

    del as_json  # accepted for the documented `--json` spelling; output is always JSON lines
    failed = 0
    max_bytes = int(settings_mod.load().collect_max_mb * 1024 * 1024)
    for item in inputs:
        try:
            page, page_url, content_type = _read(item, url, max_bytes)
            found = extract_article(page, page_url, content_type=content_type, max_bytes=max_bytes)
        except (ExtractError, FetchError) as exc:
            err.print(f"[red]{item}:[/] {exc}", markup=True, highlight=False)
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
            "outlet": found.outlet,
            "author": found.author,
            "text": found.text,
        }
        typer.echo(json.dumps(record, ensure_ascii=False))
    if failed:
        raise typer.Exit(1)


def _read(item: str, url: str | None, max_bytes: int) -> tuple[bytes, str, str | None]:
    """(page bytes, page URL, content type) of a file or an http(s) URL; a byte over
    ``max_bytes`` is enough to refuse it, so no more is read."""
    if item.startswith(("http://", "https://")):
        page, content_type = _fetch(item, max_bytes)
        return page, item, content_type
    path = Path(item)
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
