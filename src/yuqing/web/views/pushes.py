"""The admin's push settings (推送): targets and rules, kept in config.toml, a "send a test
message" button, and how the latest messages went — sent, waiting for a retry, or failed."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from yuqing import settings_file
from yuqing.errors import ConfigError
from yuqing.notify.deliver import Delivered, send_test
from yuqing.notify.targets import TargetError, parse_targets
from yuqing.store.models import PushMessage, User
from yuqing.web.deps import Db, own_transactions, render
from yuqing.web.security import require

router = APIRouter()
Admin = Annotated[User, require("admin")]
FIELDS = ["notify_targets", "notify_digest_at", "notify_digest_score", "notify_digest_top",
          "notify_failed_runs", "notify_web_url"]  # fmt: skip
KIND_NAMES = {"digest": "每日摘要", "alert": "采集告警", "frozen": "定稿通知", "test": "测试消息"}
STATUS_NAMES = {"sent": "已发送", "pending": "等待重试", "failed": "发送失败"}
SHOWN = 30  # latest messages on the page


@router.get("/admin/pushes")
def pushes_page(request: Request, db: Db, user: Admin, saved: int = 0) -> Any:
    return _page(request, db, saved=bool(saved))


@router.post("/admin/pushes")
def save(
    request: Request,
    db: Db,
    user: Admin,
    targets: Annotated[str, Form()] = "",
    digest_at: Annotated[str, Form()] = "",
    digest_score: Annotated[str, Form()] = "",
    digest_top: Annotated[str, Form()] = "",
    failed_runs: Annotated[str, Form()] = "",
    web_url: Annotated[str, Form()] = "",
) -> Any:
    given = dict(
        zip(FIELDS, (targets, digest_at, digest_score, digest_top, failed_runs, web_url), strict=True)
    )
    given["notify_targets"] = "\n".join(line.rstrip() for line in targets.strip().splitlines())
    fixed = settings_file.locked(FIELDS)
    try:
        values = {name: _number(name, value) for name, value in given.items() if name not in fixed}
        parse_targets(str(values.get("notify_targets", "")))
        request.app.state.settings = settings_file.write(request.app.state.settings.home, values)
    except (ConfigError, ValueError) as exc:
        return _page(request, db, status_code=400, error=_chinese(exc), form=given)
    return RedirectResponse("/admin/pushes?saved=1", status_code=303)


@router.post("/admin/pushes/test")
@own_transactions
def test(request: Request, db: Db, user: Admin) -> Any:
    settings = request.app.state.settings
    try:
        results = send_test(settings, request.app.state.store, by=user.username)
    except ConfigError as exc:
        return _page(request, db, status_code=400, error=_chinese(exc))
    if not results:
        return _page(request, db, status_code=400, error="还没有推送目标：请先填写并保存。")
    return _page(request, db, results=results)


def _number(name: str, value: str) -> object:
    if name in ("notify_digest_top", "notify_failed_runs"):
        return int(value)
    if name == "notify_digest_score":
        score = float(value)
        if not 0 <= score <= 1:
            raise ValueError("score")
        return score
    return value.strip() if name != "notify_targets" else value


def _chinese(exc: Exception) -> str:
    if isinstance(exc, TargetError):
        if exc.what == "kind":
            return f"推送目标第 {exc.line} 行：没有“{exc.value}”这种消息（可用 digest、alert、frozen）"
        return (
            f"推送目标第 {exc.line} 行：Apprise 不认识这个推送地址（{exc.value}://…），写法见 docs/pushes.md"
        )
    if isinstance(exc, ConfigError) and exc.key == "notify.digest_at":
        return "每日摘要时间应写成 08:30 这样的时刻，留空则不发摘要"
    if isinstance(exc, ValueError):
        return "摘要最低相关度应为 0 到 1 之间的数；条数和连续失败次数应为整数"
    return str(exc)


def _page(request: Request, db: Db, status_code: int = 200, **context: Any) -> Any:
    settings = request.app.state.settings
    form = context.pop("form", None) or {name: getattr(settings, name) for name in FIELDS}
    # read in a transaction of its own: the request's began before a test message was sent, and
    # SQLite shows a transaction the database as it was when it began
    latest = select(PushMessage).order_by(PushMessage.id.desc()).limit(SHOWN)
    with request.app.state.store.session() as fresh:
        messages = fresh.scalars(latest.options(selectinload(PushMessage.deliveries))).all()
    problem = ""
    try:
        parse_targets(settings.notify_targets)
    except ConfigError as exc:
        problem = _chinese(exc)
    results: list[Delivered] = context.pop("results", [])
    return render(
        request,
        "pushes.html",
        status_code=status_code,
        form=form,
        locked=settings_file.locked(FIELDS),
        messages=messages,
        problem=problem,
        results=results,
        kinds=KIND_NAMES,
        statuses=STATUS_NAMES,
        **context,
    )
