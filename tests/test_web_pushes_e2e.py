"""The 推送 page in a real browser on `yuqing serve`: an admin sets a WeCom group bot, saves,
sends a test message that reaches the (local) WeCom endpoint, and sees it delivered."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.browser import Server, screenshot
from tests.pushreceivers import ChatReceiver
from tests.test_web_e2e import sign_in
from tests.webfixtures import add_users
from yuqing import settings as settings_mod
from yuqing.store.db import open_store

pytestmark = pytest.mark.slow


@pytest.fixture
def server_data(home: Path, chat: ChatReceiver) -> None:
    """The three users; `yuqing serve` starts after the WeCom stand-in (it inherits its proxy)."""
    store = open_store(settings_mod.load())
    add_users(store)
    store.close()


def test_an_admin_sets_a_group_bot_and_its_test_message_arrives(
    served: Server, browser_page: Any, chat: ChatReceiver
) -> None:
    page = browser_page
    sign_in(page, served, "admin")
    page.click("nav a:has-text('推送')")
    page.fill("textarea[name=targets]", "wecombot://wecomkey123")
    page.fill("input[name=web_url]", served.url)
    page.click("button:has-text('保存')")
    assert page.locator("[role=status]").inner_text().startswith("已保存")
    page.click("button:has-text('发送测试消息')")
    results = page.locator("#test-results")
    assert "已送达" in results.inner_text() and "wecomkey123" not in results.inner_text()
    (received,) = chat.on("qyapi.weixin.qq.com")
    assert received.query["key"] == ["wecomkey123"] and "测试" in received.body["text"]["content"]
    assert "测试消息" in page.locator("#push-log").inner_text()
    screenshot(page, "pushes")
    assert not page.dialogs  # type: ignore[attr-defined]
