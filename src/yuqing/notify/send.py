"""One message to one target through Apprise, with a timeout, and the reason when it fails.

Apprise answers a send with True or False and says why in its log; the warnings it logs
during the send are kept as the delivery's error (sends to several targets run in parallel).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

import apprise
from apprise.common import OverflowMode
from apprise.plugins.dingtalk import NotifyDingTalk
from apprise.plugins.wecombot import NotifyWeComBot

from yuqing.notify.targets import Target

WECOM_BYTES = 2048  # the longest text a WeCom group bot takes (developer.work.weixin.qq.com, 群机器人)


@dataclass(frozen=True)
class Outcome:
    ok: bool
    error: str | None = None


def send(target: Target, title: str, body: str, timeout: float, attach: list[Path] | None = None) -> Outcome:
    """Send ``body`` (Markdown) with ``title``; files in ``attach`` go to targets that take files
    (e-mail), the others get the body alone (which links them)."""
    plugin = apprise.Apprise.instantiate(target.url)
    if plugin is None:
        return Outcome(False, "not a push URL Apprise can use")
    if "cto=" not in target.url:
        plugin.socket_connect_timeout = timeout
    if "rto=" not in target.url:
        plugin.socket_read_timeout = timeout
    if isinstance(plugin, NotifyDingTalk) and plugin.secret:
        _sign_once(plugin)
    if isinstance(plugin, NotifyWeComBot) and "overflow=" not in target.url:
        # WeCom takes 2,048 bytes of text; Apprise counts characters (a Chinese one is 3 bytes):
        # a longer message goes as several, none cut off
        plugin.body_maxlen, plugin.overflow_mode = WECOM_BYTES // 3, OverflowMode.SPLIT
    sender = apprise.Apprise()
    sender.add(plugin)
    files = (
        apprise.AppriseAttachment([str(p) for p in attach]) if attach and plugin.attachment_support else None
    )
    with _warnings() as said:
        try:
            ok = bool(
                sender.notify(body=body, title=title, body_format=apprise.NotifyFormat.MARKDOWN, attach=files)
            )
        except Exception as exc:  # a plugin bug must not stop the other deliveries
            ok = False
            said.append(f"{type(exc).__name__}: {exc}")
    if ok:
        return Outcome(True)
    return Outcome(False, " ".join(said)[:1000] or "the service refused the message (no reason given)")


def _sign_once(plugin: NotifyDingTalk) -> None:
    """DingTalk signs with base64(HMAC-SHA256(secret, f"{timestamp}\\n{secret}")), URL-encoded once
    in the query (open.dingtalk.com, 自定义机器人安全设置 · 加签). Apprise (2.3) encodes the
    signature and then gives it to requests, which encodes it again: DingTalk answers
    310000 "sign not match" with HTTP 200, which Apprise counts as sent. Hand requests the
    plain signature, for it to encode once; tests/test_pushes.py checks it as DingTalk would."""
    made = plugin.get_signature

    def once() -> tuple[str, str]:
        timestamp, signature = made()  # type: ignore[no-untyped-call]
        return timestamp, unquote(signature)

    plugin.get_signature = once  # type: ignore[method-assign]


# What Apprise logs while a send runs goes to that send's list: Apprise runs the call in a pool
# thread of its own but copies the caller's context there, so a context variable finds it.
_SAID: ContextVar[list[str] | None] = ContextVar("yuqing_push_said", default=None)


class _Keep(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        said = _SAID.get()
        if said is not None:
            said.append(record.getMessage())


_KEEP = _Keep(logging.WARNING)
if _KEEP not in apprise.logger.handlers:
    apprise.logger.addHandler(_KEEP)


@contextmanager
def _warnings() -> Iterator[list[str]]:
    said: list[str] = []
    token = _SAID.set(said)
    try:
        yield said
    finally:
        _SAID.reset(token)
