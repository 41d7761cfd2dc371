"""One error renderer: a page for people, JSON for the API, a login redirect when needed.

Everything a user reads here is Chinese: the store, report and registry word their refusals in
English for the CLI, and `yuqing.web.chinese` says the same in Chinese for the pages.
"""

from __future__ import annotations

from http import HTTPStatus

from fastapi import FastAPI, Request
from fastapi.exception_handlers import request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException

from yuqing.errors import ConfigError, NotFound, YuqingError
from yuqing.web.chinese import chinese, registry_chinese
from yuqing.web.deps import render
from yuqing.web.security import LoginRequired

STATUS = {404: "没有这个页面", 405: "不支持这种请求方式"}  # said for HTTP's own English phrases
FIELDS = {"article_id": "文章编号", "article": "文章", "position": "序号", "target": "目标位置"}
FIELDS |= {"min_score": "最低分", "period": "时段", "number": "期号", "until": "截止日期", "top": "条数"}
PROBLEMS = {"missing": "不能为空", "int_parsing": "应为整数", "float_parsing": "应为数字"}
PROBLEMS |= {"date_parsing": "应写作 2024-09-01", "date_from_datetime_parsing": "应写作 2024-09-01"}


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
