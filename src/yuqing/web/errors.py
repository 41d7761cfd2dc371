"""One error renderer: a page for people, JSON for the API, a login redirect when needed.

Everything a user reads here is Chinese: the store, report and registry word their refusals in
English for the CLI, and `yuqing.web.chinese` says the same in Chinese for the pages. The API
answers every refusal as ``{"error": "…"}``; a malformed request also keeps FastAPI's structured
``detail`` for programs.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException

from yuqing.errors import ConfigError, NotFound, YuqingError
from yuqing.web.chinese import chinese, http_chinese, registry_chinese
from yuqing.web.deps import render
from yuqing.web.security import LoginRequired

STATUS = {404: "没有这个页面", 405: "不支持这种请求方式"}  # said for HTTP's own English phrases
# What each form field, query parameter and JSON key is called on the pages.
FIELDS = {"article_id": "文章编号", "article": "文章", "position": "序号", "target": "目标位置"}
FIELDS |= {"min_score": "最低分", "period": "时段", "number": "期号", "until": "截止日期", "top": "条数"}
FIELDS |= {"source": "原序号", "title": "标题", "outlet": "来源", "text": "正文", "paragraphs": "正文"}
FIELDS |= {"reset": "恢复原文", "decision": "决定", "block": "来源 YAML", "original": "原来源名"}
FIELDS |= {"username": "用户名", "password": "密码", "next": "跳转地址", "q": "关键词", "label": "子主题"}
FIELDS |= {"from": "起始日期", "to": "截止日期", "limit": "每页条数", "offset": "起始位置", "page": "页码"}
FIELDS |= {"below": "含低于阈值", "enabled": "启用", "force": "强制", "confirm": "确认", "body": "请求内容"}
FIELDS |= {"start": "起始日期", "end": "截止日期", "fmt": "格式", "name": "名称"}
PROBLEMS = {"missing": "不能为空", "int_parsing": "应为整数", "float_parsing": "应为数字"}
PROBLEMS |= {"int_from_float": "应为整数", "int_parsing_size": "数字太大", "int_type": "应为整数"}
PROBLEMS |= {"float_type": "应为数字", "finite_number": "应为有限的数字", "bool_parsing": "应为是或否"}
PROBLEMS |= {"bool_type": "应为是或否", "string_type": "应为文字", "list_type": "应为列表"}
PROBLEMS |= {"dict_type": "应为对象", "model_attributes_type": "应为对象", "json_invalid": "不是有效的 JSON"}
PROBLEMS |= {"json_type": "不是有效的 JSON", "extra_forbidden": "是未知字段", "literal_error": "取值不对"}
PROBLEMS |= {"date_parsing": "应写作 2024-09-01", "date_from_datetime_parsing": "应写作 2024-09-01"}
PROBLEMS |= {"date_type": "应写作 2024-09-01", "string_pattern_mismatch": "格式不对"}
PROBLEMS |= {"string_unicode": "应为文字", "value_error": "格式不对", "enum": "取值不对"}
LIMITS = {  # problems whose message names the limit (pydantic's ctx)
    "greater_than_equal": ("ge", "应不小于 {}"),
    "greater_than": ("gt", "应大于 {}"),
    "less_than_equal": ("le", "应不大于 {}"),
    "less_than": ("lt", "应小于 {}"),
    "string_too_long": ("max_length", "不能超过 {} 个字"),
    "string_too_short": ("min_length", "至少要 {} 个字"),
    "too_long": ("max_length", "最多 {} 项"),
    "too_short": ("min_length", "至少要 {} 项"),
}


def install(app: FastAPI) -> None:
    @app.exception_handler(LoginRequired)
    async def login_required(request: Request, _: LoginRequired) -> Response:
        if is_api(request):
            return JSONResponse({"error": "请先登录"}, status_code=401)
        return RedirectResponse(f"/login?next={request.url.path}", status_code=303)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        message = str(exc.detail)
        if message == HTTPStatus(exc.status_code).phrase:  # Starlette's own: Not Found …
            message = STATUS.get(exc.status_code, "请求未能完成")
        return _error(request, exc.status_code, http_chinese(message), getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        if is_api(request):  # the message for people, FastAPI's structure for programs
            detail = jsonable_encoder(exc.errors(), custom_encoder={Exception: str, bytes: _bytes})
            return JSONResponse({"error": invalid_message(exc.errors()), "detail": detail}, status_code=422)
        return _error(request, 422, invalid_message(exc.errors()))

    @app.exception_handler(YuqingError)
    async def user_error(request: Request, exc: YuqingError) -> Response:
        said = registry_chinese(str(exc)) if isinstance(exc, ConfigError) else chinese(str(exc))
        return _error(request, 404 if isinstance(exc, NotFound) else 400, said)


def invalid_message(errors: Any) -> str:
    """输入有误：最低分应为数字；期号应不小于 1."""
    found: list[str] = []
    for error in errors:
        place = [str(part) for part in error["loc"] if not isinstance(part, int)]
        field = place[-1] if place else "body"
        said = FIELDS.get(field, field) + _problem(error)
        if said not in found:
            found.append(said)
    return "输入有误：" + "；".join(found)


def _problem(error: Any) -> str:
    kind = error["type"]
    if kind == "string_too_short" and (error.get("ctx") or {}).get("min_length") == 1:
        return "不能为空"
    if kind in LIMITS:
        key, said = LIMITS[kind]
        return said.format((error.get("ctx") or {}).get(key, ""))
    return PROBLEMS.get(kind, "格式不对")


def _bytes(value: bytes) -> str:
    return value.decode("utf-8", "replace")


def _error(request: Request, status: int, message: str, headers: Any = None) -> Response:
    if is_api(request):
        return JSONResponse({"error": message}, status_code=status, headers=headers)
    return render(request, "error.html", status_code=status, status=status, message=message)  # type: ignore[no-any-return]


def is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/openapi.json"
