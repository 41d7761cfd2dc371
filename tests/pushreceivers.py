"""Real local receivers for pushes: the WeCom, DingTalk and Feishu webhook endpoints, and a mail server.

The chat platforms' endpoints are HTTPS on their own hosts (qyapi.weixin.qq.com,
oapi.dingtalk.com, open.feishu.cn), as Apprise calls them. `ChatReceiver` is an HTTP proxy on
127.0.0.1: given as HTTPS_PROXY, it accepts the CONNECT to those hosts and answers inside TLS
with a certificate of a throwaway CA (trustme) that REQUESTS_CA_BUNDLE makes trusted — so the
request that arrives is byte for byte what would reach the platform. It answers as the platform
does, or with 500, or not at all (``hang``). `MailReceiver` is an aiosmtpd server.
"""

from __future__ import annotations

import json
import ssl
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import trustme
from aiosmtpd.controller import Controller

from tests.redisserver import free_port

HOSTS = ("qyapi.weixin.qq.com", "oapi.dingtalk.com", "open.feishu.cn")
ANSWERS = {  # what each platform answers a message it accepted
    "qyapi.weixin.qq.com": {"errcode": 0, "errmsg": "ok"},
    "oapi.dingtalk.com": {"errcode": 0, "errmsg": "ok"},
    "open.feishu.cn": {"code": 0, "msg": "success", "data": {}},
}


@dataclass
class Received:
    host: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: dict[str, Any]


@dataclass
class ChatReceiver:
    folder: Path
    modes: dict[str, str] = field(default_factory=dict)  # host → "ok" | "500" | "hang"
    received: list[Received] = field(default_factory=list)
    hang: float = 5.0

    def __post_init__(self) -> None:
        ca = trustme.CA()
        self.ca = self.folder / "push-ca.pem"
        ca.cert_pem.write_to_path(str(self.ca))
        self.tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ca.issue_cert(*HOSTS).configure_cert(self.tls)
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._proxy())
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def proxy(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def use(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Route this process's HTTPS (and its children's) through the receiver."""
        for name in ("HTTPS_PROXY", "https_proxy"):
            monkeypatch.setenv(name, self.proxy)
        for name in ("NO_PROXY", "no_proxy"):
            monkeypatch.delenv(name, raising=False)
        monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(self.ca))

    def on(self, host: str) -> list[Received]:
        return [r for r in self.received if r.host == host]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _proxy(self) -> type[BaseHTTPRequestHandler]:
        receiver = self

        class Platform(BaseHTTPRequestHandler):
            """The platform's side, inside the TLS tunnel."""

            protocol_version = "HTTP/1.1"
            host = ""

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                url = urlsplit(self.path)
                body = json.loads(raw.decode("utf-8")) if raw else {}
                mode = receiver.modes.get(self.host, "ok")
                receiver.received.append(
                    Received(self.host, url.path, parse_qs(url.query), dict(self.headers), body)
                )
                if mode == "hang":
                    time.sleep(receiver.hang)
                    self.close_connection = True
                    return
                status, answer = (
                    (500, {"errmsg": "internal error"}) if mode == "500" else (200, ANSWERS[self.host])
                )
                data = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: object) -> None:
                pass

        class Proxy(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_CONNECT(self) -> None:
                host = self.path.rpartition(":")[0]
                if host not in HOSTS:  # this stand-in reaches nothing else
                    self.send_error(403)
                    return
                self.send_response(200, "Connection established")
                self.end_headers()
                try:
                    tunnel = receiver.tls.wrap_socket(self.connection, server_side=True)
                except (ssl.SSLError, OSError):
                    return
                handler = type("AtHost", (Platform,), {"host": host})
                handler(tunnel, self.client_address, self.server)
                self.close_connection = True

            def log_message(self, *args: object) -> None:
                pass

        return Proxy


class MailReceiver:
    """An SMTP server on 127.0.0.1 (aiosmtpd) keeping every message it is given."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        receiver = self

        class Keep:
            async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
                message = message_from_bytes(envelope.content, policy=policy.default)
                assert isinstance(message, EmailMessage)
                receiver.messages.append(message)
                return "250 Message accepted for delivery"

        self.port = free_port()
        self.controller = Controller(Keep(), hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def url(self, to: str = "editor@example.cn") -> str:
        return f"mailto://127.0.0.1:{self.port}?from=yuqing@example.cn&to={to}&smtp=127.0.0.1&mode=insecure"

    def close(self) -> None:
        self.controller.stop()


@pytest.fixture
def chat(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[ChatReceiver]:
    receiver = ChatReceiver(tmp_path)
    receiver.use(monkeypatch)
    yield receiver
    receiver.close()


@pytest.fixture
def mail() -> Iterator[MailReceiver]:
    receiver = MailReceiver()
    yield receiver
    receiver.close()
