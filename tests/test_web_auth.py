"""The web app in process: sign-in, roles, CSRF, the error renderer."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from yuqing import settings as settings_mod
from yuqing.store.db import open_store
from yuqing.store.models import User
from yuqing.store.users import add_user
from yuqing.web.app import create_app

PASSWORD = "correct horse battery"


@pytest.fixture
def client(home: Path) -> Iterator[TestClient]:
    settings = settings_mod.load()
    store = open_store(settings)
    with store.session() as s:
        for name, role in (("admin", "admin"), ("editor", "editor"), ("viewer", "viewer")):
            add_user(s, name, PASSWORD, role)
    with TestClient(create_app(settings, store)) as test_client:
        yield test_client
    store.close()


def csrf(client: TestClient, path: str = "/login") -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).text)
    assert found, "the page has no CSRF token"
    return found[1]


def sign_in(client: TestClient, name: str) -> str:
    token = csrf(client)
    reply = client.post(
        "/login", data={"username": name, "password": PASSWORD, "csrf_token": token}, follow_redirects=False
    )
    assert reply.status_code == 303
    return token


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
    assert reply.status_code == 403 and "CSRF" in reply.text
    token = sign_in(client, "editor")
    assert client.post("/logout", data={"csrf_token": "forged"}).status_code == 403
    assert client.post("/logout", data={"csrf_token": token}, follow_redirects=False).status_code == 303


def test_login_never_redirects_off_site(client: TestClient) -> None:
    token = csrf(client)
    reply = client.post(
        "/login",
        data={"username": "editor", "password": PASSWORD, "csrf_token": token, "next": "//evil.example/"},
        follow_redirects=False,
    )
    assert reply.headers["location"] == "/"


def test_user_add_stores_an_argon2_hash_and_refuses_bad_input(home: Path) -> None:
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
