"""The source registry in the browser: everyone reads it; admins switch sources on and off,
edit a source's YAML block, and start a collect now."""

from __future__ import annotations

import tempfile
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import yaml
from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import RedirectResponse
from pydantic import BaseModel
from sqlalchemy import select

from yuqing.collect.frontier import last_runs
from yuqing.collect.overlay import ADMIN_SET, sources_in_force
from yuqing.collect.sources import Source, default_sources_path, format_interval, load_sources, sources_path
from yuqing.errors import ConfigError
from yuqing.store.models import Source as SourceRow
from yuqing.store.models import User
from yuqing.web.chinese import crawl_chinese, registry_chinese
from yuqing.web.deps import own_transactions, render
from yuqing.web.scheduler import runner_for
from yuqing.web.security import current_user, require

router = APIRouter()
Reader = Annotated[User, Depends(current_user)]
Admin = Annotated[User, require("admin")]
KINDS = {"feed": "订阅源", "sitemap": "站点地图", "list": "列表页", "search": "站内搜索"}  # entry points


class Enabled(BaseModel):
    enabled: bool


@router.get("/sources")
def sources_page(request: Request, user: Reader) -> Any:
    path = sources_path(request.app.state.settings)
    rows = _rows(request)
    return render(
        request, "sources.html", rows=rows, path=path, kind_label=kind_label, crawl_chinese=crawl_chinese
    )


@router.get("/api/sources")
def sources_api(request: Request, user: Reader) -> list[dict[str, Any]]:
    """The registry in force with enabled flags, whether a collect runs now, and the last results."""
    return _rows(request)


@router.post("/sources/{name}/enabled")
@own_transactions
def enable_form(request: Request, name: str, user: Admin, enabled: Annotated[str, Form()]) -> Any:
    _set_enabled(request, name, enabled == "1")
    return RedirectResponse("/sources", status_code=303)


@router.post("/api/sources/{name}/enabled")
@own_transactions
def enable_api(request: Request, name: str, body: Enabled, user: Admin) -> dict[str, Any]:
    _set_enabled(request, name, body.enabled)
    return {"source": name, "enabled": body.enabled}


@router.post("/sources/{name}/run")
def run_form(request: Request, name: str, user: Admin) -> Any:
    _start(request, name)
    return RedirectResponse("/sources", status_code=303)


@router.post("/api/sources/{name}/run", status_code=202)
def run_api(request: Request, name: str, user: Admin) -> dict[str, Any]:
    """Start `yuqing collect --source NAME` in its own process; poll GET /api/sources for the end."""
    return {"source": name, "started": _start(request, name)}


@router.get("/sources/new")
def new_page(request: Request, user: Admin) -> Any:
    return render(request, "source_edit.html", original="", block=NEW_BLOCK)


@router.get("/sources/{name}/edit")
def edit_page(request: Request, name: str, user: Admin) -> Any:
    text = sources_path(request.app.state.settings).read_text("utf-8")
    found = _find(text, name)
    if found is None:
        raise HTTPException(404, f"来源登记表中没有 {name}")
    return render(request, "source_edit.html", original=name, block=_dedent(text, *found))


@router.post("/sources/save")
def save(
    request: Request, user: Admin, block: Annotated[str, Form()], original: Annotated[str, Form()] = ""
) -> Any:
    settings = request.app.state.settings
    current = sources_path(settings)
    try:
        text, start = _splice(current.read_text("utf-8"), original, block)
        _validate(text, current, start, len(block.splitlines()))
    except BlockError as exc:
        context = {
            "original": original,
            "block": block,
            "error": registry_chinese(str(exc)),
            "line": exc.line,
        }
        return render(request, "source_edit.html", status_code=400, **context)
    # the built-in registry is never changed: the first edit starts the data directory's own copy
    target = settings.home / "sources.yaml" if current == default_sources_path() else current
    _write(target, text)
    _reschedule(request)
    return RedirectResponse("/sources", status_code=303)


def kind_label(kinds: str) -> str:
    """list×2 (as the API says it) → 列表页×2."""
    kind, times, count = kinds.partition("×")
    return KINDS.get(kind, kind) + times + count


def _rows(request: Request) -> list[dict[str, Any]]:
    store, running = request.app.state.store, runner_for(request.app).running()
    runs = last_runs(store)
    rows = []
    for s in sources_in_force(request.app.state.settings, store):
        run = runs.get(s.name)
        last = None
        if run is not None:
            keys = ("fetched", "new", "updated", "errors", "last_error")
            last = {"started_at": run.started_at.isoformat(sep=" "), **{k: getattr(run, k) for k in keys}}
        kinds = Counter(e.kind for e in s.entries)
        rows.append(
            {
                **{"name": s.name, "outlet": s.outlet, "enabled": s.enabled, "verified": s.verified},
                "kinds": [f"{k}×{n}" if n > 1 else k for k, n in kinds.items()],
                "interval": format_interval(s.interval_seconds),
                "running": s.name in running,
                "last": last,
            }
        )
    return rows


def _source(request: Request, name: str) -> Source:
    for source in load_sources(sources_path(request.app.state.settings)):
        if source.name == name:
            return source
    raise HTTPException(404, f"来源登记表中没有 {name}")


def _set_enabled(request: Request, name: str, enabled: bool) -> None:
    source = _source(request, name)
    # its own transaction, so the schedule reloaded below sees it
    with request.app.state.store.session() as s:
        row = s.scalars(select(SourceRow).where(SourceRow.name == name)).one_or_none()
        if row is None:
            row = SourceRow(name=name, outlet=source.outlet, config={}, created_at=datetime.now())
            s.add(row)
        row.enabled = enabled
        row.config = {**row.config, ADMIN_SET: True}  # a new dict: JSON columns track assignment only
    _reschedule(request)


def _start(request: Request, name: str) -> bool:
    _source(request, name)
    return runner_for(request.app).start(name)


def _reschedule(request: Request) -> None:
    scheduler = getattr(request.app.state, "scheduler", None)
    if scheduler is not None:
        scheduler.reload()


NEW_BLOCK = """name: example
outlet: 示例网
domains: [example.com]
interval: 6h
entries:
  - kind: feed
    url: https://example.com/rss.xml
"""


class BlockError(Exception):
    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


def _items(text: str) -> list[yaml.Node]:
    """The mapping node of every source in a registry text (already known to be valid)."""
    root = yaml.compose(text)
    for key, value in root.value if isinstance(root, yaml.MappingNode) else []:
        if key.value == "sources" and isinstance(value, yaml.SequenceNode):
            return list(value.value)
    return []


def _find(text: str, name: str) -> tuple[int, int, int] | None:
    """First line, end line (exclusive) and column of a source's block."""
    for node in _items(text):
        names = [v.value for k, v in getattr(node, "value", []) if k.value == "name"]
        if names == [name]:
            return _span(node, text.splitlines())
    return None


def _span(node: yaml.Node, lines: list[str]) -> tuple[int, int, int]:
    end = node.end_mark.line  # the mapping ends where the next token starts, often the next "- "
    if end < len(lines) and lines[end][: node.end_mark.column].strip() not in ("", "-"):
        end += 1
    while end > node.start_mark.line + 1 and not lines[end - 1].strip():
        end -= 1  # blank lines between two sources belong to neither
    return node.start_mark.line, end, node.start_mark.column


def _dedent(text: str, start: int, end: int, column: int) -> str:
    return "".join(line[column:] + "\n" for line in text.splitlines()[start:end])


def _splice(text: str, original: str, block: str) -> tuple[str, int]:
    """The registry with the block in place of the original source's (or after the last source),
    and the index of the block's first line in it."""
    lines = text.splitlines()
    if original:
        found = _find(text, original)
        if found is None:
            raise BlockError(f"来源登记表中已没有 {original}（可能已被他人修改），请重新打开")
        start, end, column = found
        prefix = lines[start][:column]
    else:
        items = _items(text)
        if not items:
            raise BlockError("来源登记表没有 sources: 列表，无法添加")
        _, start, column = _span(items[-1], lines)
        end, prefix = start, " " * (column - 2) + "- "
    new = [
        (prefix if i == 0 else " " * column) + line if line.strip() else ""
        for i, line in enumerate(block.splitlines())
    ]
    return "\n".join([*lines[:start], *new, *lines[end:]]) + "\n", start


def _validate(text: str, current: Path, start: int, size: int) -> None:
    """Check the whole registry with the block in it, as `yuqing collect` will read it."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / current.name
        path.write_text(text, "utf-8")
        try:
            load_sources(path)
        except ConfigError as exc:
            message = str(exc).removeprefix(f"{path}:{exc.line}: ").removeprefix(f"{path}: ")
            inside = exc.line is not None and start < exc.line <= start + size
            raise BlockError(message, exc.line - start if inside and exc.line else None) from exc


def _write(target: Path, text: str) -> None:
    """Replace the file whole, so a collect starting now reads the old or the new registry."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".yaml.part")
    partial.write_text(text, "utf-8")
    partial.replace(target)
