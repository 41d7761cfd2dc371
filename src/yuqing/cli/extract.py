"""`yuqing extract`: run the extraction stage on saved pages or URLs, one JSON line per input."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

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
    """Extract title, date, outlet, author and text from pages."""
    from yuqing.extract import extract_article

    del as_json  # accepted for the documented `--json` spelling; output is always JSON lines
    failed = 0
    for item in inputs:
        try:
            page, page_url, content_type = _read(item, url)
            found = extract_article(page, page_url, content_type=content_type)
        except (ExtractError, FetchError) as exc:
            err.print(f"[red]{item}:[/] {exc}", markup=True, highlight=False)
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


def _read(item: str, url: str | None) -> tuple[bytes, str, str | None]:
    """(page bytes, page URL, content type) of a file or an http(s) URL."""
    if item.startswith(("http://", "https://")):
        page, content_type = _fetch(item)
        return page, item, content_type
    path = Path(item)
    if not path.is_file():
        raise FetchError("no such file", url=item, reason="missing_file")
    return path.read_bytes(), url or path.resolve().as_uri(), None


def _fetch(url: str) -> tuple[bytes, str | None]:
    import urllib.error  # http.client and friends: only when a URL is given
    import urllib.request

    request = urllib.request.Request(url, headers={"User-Agent": "yuqing/0.1 (+extract command)"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            return response.read(), response.headers.get("Content-Type")
    except urllib.error.HTTPError as exc:
        raise FetchError(f"HTTP {exc.code}", url=url, reason=f"http_{exc.code}", status=exc.code) from exc
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise FetchError(f"cannot fetch: {exc}", url=url, reason="unreachable") from exc
