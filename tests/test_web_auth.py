"""The web app in process: sign-in, roles, CSRF, the error renderer."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import datetime, timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select

from tests.webfixtures import PASSWORD, client_fixture, csrf, sign_in  # noqa: F401 (the fixture)
from yuqing import settings as settings_mod
from yuqing.settings import Settings
from yuqing.store.db import open_store
from yuqing.store.models import LoginFailure, User, WebSession


def test_pages_need_a_signed_in_user(client: TestClient) -> None:
    reply = client.get("/", follow_redirects=False)
    assert reply.status_code == 303 and reply.headers["location"].startswith("/login")
    assert client.get("/api/candidates/2024-08").status_code in (401, 404)


def test_a_wrong_password_is_refused_in_chinese(client: TestClient) -> None:
    token = csrf(client)
    reply = client.post("/login", data={"username": "editor", "password": "nope", "csrf_token": token})
    assert reply.status_code == 401 and "用户名或密码不正确" in reply.text
    reply = client.post("/login", data={"username": "nobody", "password": PASSWORD, "csrf_token": token})
    assert reply.status_code == 401


def test_a_form_without_the_csrf_token_is_refused(client: TestClient) -> None:
    reply = client.post("/login", data={"username": "editor", "password": PASSWORD})
    assert reply.status_code == 403 and "CSRF 校验失败，请刷新页面后重试" in reply.text
    token = sign_in(client, "editor")
    assert client.post("/logout", data={"csrf_token": "forged"}).status_code == 403
    assert client.post("/logout", data={"csrf_token": token}, follow_redirects=False).status_code == 303


def test_the_error_page_speaks_chinese(client: TestClient) -> None:
    assert client.get("/api/candidates/2024-08").json() == {"error": "请先登录"}
    sign_in(client, "editor")
    missing = client.get("/no-such-page")
    assert missing.status_code == 404 and '<p class="error">没有这个页面</p>' in missing.text
    invalid = client.get("/articles/abc")
    assert invalid.status_code == 422 and '<p class="error">输入有误：文章编号应为整数</p>' in invalid.text
    assert client.get("/api/articles/abc").json()["detail"][0]["type"] == "int_parsing"  # for programs


def test_login_never_redirects_off_site(client: TestClient) -> None:
    token = csrf(client)
    reply = client.post(
        "/login",
        data={"username": "editor", "password": PASSWORD, "csrf_token": token, "next": "//evil.example/"},
        follow_redirects=False,
    )
    assert reply.headers["location"] == "/"


def test_user_add_stores_an_argon2_hash_and_refuses_bad_input(settings: Settings) -> None:
    def add(*args: str, password: str = PASSWORD) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "yuqing", "user", "add", *args, "--password-stdin"],
            input=password + "\n",
            capture_output=True,
            text=True,
            env=os.environ.copy(),
        )

    assert add("wang", "--role", "admin").returncode == 0
    assert "exists already" in add("wang").stderr
    assert "at least 8" in add("li", password="short").stderr
    assert "role 'boss'" in add("zhao", "--role", "boss").stderr
    store = open_store(settings_mod.load())
    with store.session() as s:
        user = s.scalars(select(User).where(User.username == "wang")).one()
        assert user.role == "admin" and user.password_hash.startswith("$argon2id$")
        assert PASSWORD not in user.password_hash
    store.close()


def test_a_copied_session_cookie_is_refused_after_logout(client: TestClient) -> None:
    token = sign_in(client, "editor")
    thief = TestClient(client.app, cookies=dict(client.cookies))  # the cookie, copied before logout
    assert thief.get("/", follow_redirects=False).status_code == 200
    assert client.post("/logout", data={"csrf_token": token}, follow_redirects=False).status_code == 303
    refused = thief.get("/", follow_redirects=False)
    assert refused.status_code == 303 and refused.headers["location"].startswith("/login")
    assert thief.get("/api/issues").json() == {"error": "请先登录"}


def test_a_session_expires(client: TestClient, settings: Settings) -> None:
    sign_in(client, "viewer")
    assert client.get("/api/issues").status_code == 200
    store = client.app.state.store
    with store.session() as s:
        (session,) = s.scalars(select(WebSession)).all()
        hours = (session.expires_at - session.created_at).total_seconds() / 3600
        session.expires_at = datetime.now() - timedelta(seconds=1)
    assert hours == settings.web_session_hours == 12
    assert client.get("/api/issues").status_code == 401


def test_wrong_passwords_make_further_tries_wait(client: TestClient) -> None:
    token = csrf(client)

    def attempt(name: str, password: str) -> Any:
        return client.post("/login", data={"username": name, "password": password, "csrf_token": token})

    for _ in range(5):
        assert attempt("editor", "wrong password").status_code == 401
    locked = attempt("editor", PASSWORD)  # even the right password waits now
    # 30 s from the fifth miss, counted in whole seconds: 29 once a second has ticked over since
    waited = re.search(r"密码错误次数过多，请 (\d+) 秒后再试", locked.text)
    assert locked.status_code == 429 and waited and int(waited[1]) in (29, 30), locked.text[-300:]
    for name in ("viewer", "admin"):  # the same client address is held back for other names too
        assert attempt(name, PASSWORD).status_code == 429
    with client.app.state.store.session() as s:
        rows = {row.key: row for row in s.scalars(select(LoginFailure))}
        assert rows["user:editor"].count == 5 and rows["addr:testclient"].count == 5
        for row in rows.values():
            row.locked_until = datetime.now() - timedelta(seconds=1)  # the wait is over
    assert attempt("editor", "wrong again").status_code == 401  # and the next miss waits longer
    with client.app.state.store.session() as s:
        row = s.get(LoginFailure, "user:editor")
        assert row is not None and row.locked_until is not None
        assert (row.locked_until - row.last_at).total_seconds() == 60
        for row in s.scalars(select(LoginFailure)):
            row.locked_until = None
    assert attempt("editor", PASSWORD).status_code == 200  # signed in, the count cleared
    with client.app.state.store.session() as s:
        assert s.scalars(select(LoginFailure)).all() == []


def test_api_docs_need_a_sign_in_and_come_from_local_files(client: TestClient) -> None:
    assert client.get("/docs", follow_redirects=False).headers["location"] == "/login?next=/docs"
    assert client.get("/openapi.json").status_code == 401
    sign_in(client, "viewer")
    page = client.get("/docs")
    assert page.status_code == 200 and '<script src="/docs/assets/swagger-ui-bundle.js"' in page.text
    assert "cdn" not in page.text.lower() and "<script>" not in page.text  # no inline script: the CSP
    bundle = client.get("/docs/assets/swagger-ui-bundle.js")
    assert bundle.status_code == 200 and "SwaggerUIBundle" in bundle.text
    assert client.get("/openapi.json").json()["info"]["title"] == "yuqing 舆情"
    assert client.get("/favicon.ico").headers["content-type"].startswith("image/svg+xml")


def test_user_list_passwd_and_remove(client: TestClient) -> None:
    sign_in(client, "editor")
    thief = TestClient(client.app, cookies=dict(client.cookies))
    listed = run_yuqing("user", "list")
    assert listed.returncode == 0 and re.search(r"editor\s*│\s*editor\s*│\s*yes", listed.stdout)
    assert run_yuqing("user", "passwd", "editor", "--password-stdin", stdin="short\n").returncode != 0
    changed = run_yuqing("user", "passwd", "editor", "--password-stdin", stdin="a new long password\n")
    assert changed.returncode == 0 and "sign-ins have ended" in changed.stdout
    assert thief.get("/api/issues").status_code == 401  # every sign-in of the user ended
    assert client.get("/api/issues").status_code == 401
    token = csrf(client)
    new = {"username": "editor", "password": "a new long password", "csrf_token": token}
    assert client.post("/login", data=new, follow_redirects=False).status_code == 303
    assert run_yuqing("user", "remove", "editor").returncode == 0
    assert client.get("/api/issues").status_code == 401
    assert client.post("/login", data=new).status_code == 401
    missing = run_yuqing("user", "remove", "nobody")
    assert missing.returncode != 0 and "no user 'nobody'" in missing.stderr


def run_yuqing(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "yuqing", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=os.environ.copy(),
    )
