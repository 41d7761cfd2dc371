"""One error renderer: a page for people, JSON for the API, a login redirect when needed.

Everything a user reads here is Chinese. The store and the report layer word their refusals in
English for the CLI; `chinese` says the same in Chinese for the web, by the message's pattern
(the source registry's complaints: `yuqing.web.collect_chinese`).
"""

from __future__ import annotations

import re
from http import HTTPStatus

from fastapi import FastAPI, Request
from fastapi.exception_handlers import request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException

from yuqing.errors import ConfigError, NotFound, YuqingError
from yuqing.web.collect_chinese import registry_chinese
from yuqing.web.deps import render
from yuqing.web.security import LoginRequired

_QUOTED = r"""['"]?(.*?)['"]?"""  # a value the CLI message writes with repr()

# The CLI's message (yuqing.store.issues, .articles, yuqing.report) → the web's. First match wins.
CHINESE: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), text)
    for pattern, text in (
        (r"issue (\d+) is frozen; .*", r"第\1期已定稿，不能再修改；请先取消定稿"),
        (r"position (\d+) is out of range: the issue has (\d+) items", r"序号 \1 超出范围：本期共 \2 条"),
        (r"article (\d+) is already item (\d+)", r"这篇文章（编号 \1）已是本期第 \2 条"),
        (rf"no article {_QUOTED} in the store", r"库中没有这篇文章：\1"),
        (r"no issue for (\S+) in series .*", r"还没有 \1 这一期，请先在“期刊”页新建"),
        (r"series .* already has an issue for (\S+)", r"\1 已有一期，不能重复新建"),
        (r"issue number (\d+) is already used by (\S+) .*", r"期号 \1 已被 \2 使用，请另填期号"),
        (
            rf"period {_QUOTED} not understood.*",
            r"无法识别时段“\1”，请写作 2024-08（月）、2024-W35（周）或 2024-08-01..2024-08-15（日期范围）",
        ),
        (rf"period {_QUOTED}: the range ends before it starts", r"时段“\1”的结束日期早于开始日期"),
        (rf"period {_QUOTED}: .*", r"时段“\1”中的日期不存在"),
        (rf"unknown format {_QUOTED}; choose one of (.*)", r"不支持的格式“\1”，可选：\2"),
    )
)
STATUS = {404: "没有这个页面", 405: "不支持这种请求方式"}  # said for HTTP's own English phrases
FIELDS = {"article_id": "文章编号", "article": "文章", "position": "序号", "target": "目标位置"}
FIELDS |= {"min_score": "最低分", "period": "时段", "number": "期号", "until": "截止日期", "top": "条数"}
PROBLEMS = {"missing": "不能为空", "int_parsing": "应为整数", "float_parsing": "应为数字"}
PROBLEMS |= {"date_parsing": "应写作 2024-09-01", "date_from_datetime_parsing": "应写作 2024-09-01"}


def chinese(message: str) -> str:
    """The Chinese for a store or report message; any other message is returned as it is."""
    for pattern, text in CHINESE:
        if pattern.fullmatch(message):
            return pattern.sub(text, message)
    return message


def install(app: FastAPI) -> None:
    @app.exception_handler(LoginRequired)
    async def login_required(request: Request, _: LoginRequired) -> Response:
        if _is_api(request):
            return JSONResponse({"error": "请先登录"}, status_code=401)
        return RedirectResponse(f"/login?next={request.url.path}", status_code=303)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        message = str(exc.detail)
        if message == HTTPStatus(exc.status_code).phrase:  # Starlette's own: Not Found …
            message = STATUS.get(exc.status_code, "请求未能完成")
        return _error(request, exc.status_code, message)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        if _is_api(request):  # programs read FastAPI's structured answer
            return await request_validation_exception_handler(request, exc)
        return _error(request, 422, _invalid(exc))

    @app.exception_handler(YuqingError)
    async def user_error(request: Request, exc: YuqingError) -> Response:
        said = registry_chinese(str(exc)) if isinstance(exc, ConfigError) else chinese(str(exc))
        return _error(request, 404 if isinstance(exc, NotFound) else 400, said)


def _invalid(exc: RequestValidationError) -> str:
    """输入有误：最低分应为数字."""
    found = []
    for error in exc.errors():
        field = str(error["loc"][-1])
        found.append(FIELDS.get(field, field) + PROBLEMS.get(error["type"], "格式不对"))
    return "输入有误：" + "；".join(found)


def _error(request: Request, status: int, message: str) -> Response:
    if _is_api(request):
        return JSONResponse({"error": message}, status_code=status)
    return render(request, "error.html", status_code=status, status=status, message=message)  # type: ignore[no-any-return]


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")
