"""The web app in process: sign-in, roles, CSRF, the error renderer."""

from __future__ import annotations

import os
import subprocess
import sys

from fastapi.testclient import TestClient
from sqlalchemy import select

from tests.webfixtures import PASSWORD, client_fixture, csrf, sign_in  # noqa: F401 (the fixture)
from yuqing import settings as settings_mod
from yuqing.settings import Settings
from yuqing.store.db import open_store
from yuqing.store.models import User


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
