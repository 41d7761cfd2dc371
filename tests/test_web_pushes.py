"""The admin's push page (推送): targets and rules saved to config.toml, refused with a reason
when wrong, a test message to real local receivers, and every delivery's outcome shown."""

from __future__ import annotations

import re
import tomllib

import pytest
from fastapi.testclient import TestClient

from tests.pushreceivers import ChatReceiver
from tests.webfixtures import client_fixture, csrf, sign_in  # noqa: F401 (the fixture)
from yuqing.settings import Settings

FORM = {
    "targets": "digest,frozen=wecombot://wecomkey123\nfeishu://feishutoken789",
    "digest_at": "07:45",
    "digest_score": "0.6",
    "digest_top": "8",
    "failed_runs": "2",
    "web_url": "http://10.0.0.8:8000",
}


def test_only_admins_see_and_change_pushes(client: TestClient) -> None:
    for role in ("viewer", "editor"):
        token = sign_in(client, role)
        assert client.get("/admin/pushes").status_code == 403
        assert "/admin/pushes" not in client.get("/").text  # not in their menu
        assert client.post("/admin/pushes", data={**FORM, "csrf_token": token}).status_code == 403


def test_an_admin_saves_targets_and_rules_and_they_apply_at_once(
    client: TestClient, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    (settings.home / "config.toml").write_text('# our settings\n[report]\ntitle = "测试月报"\n', "utf-8")
    token = sign_in(client, "admin")
    assert "推送" in client.get("/").text
    saved = client.post("/admin/pushes", data={**FORM, "csrf_token": token}, follow_redirects=True)
    assert saved.status_code == 200 and "已保存" in saved.text
    text = (settings.home / "config.toml").read_text("utf-8")
    assert text.startswith('# our settings\n[report]\ntitle = "测试月报"')  # the rest kept as it was
    notify = tomllib.loads(text)["notify"]
    assert notify["targets"].splitlines() == FORM["targets"].splitlines()
    assert (notify["digest_at"], notify["digest_score"], notify["digest_top"]) == ("07:45", 0.6, 8)
    current = client.app.state.settings  # type: ignore[attr-defined]
    assert current.notify_failed_runs == 2 and current.report_title == "测试月报"
    assert "wecomkey123" in saved.text  # the admin sees the full target to edit it

    # a setting fixed by the environment is shown, not changed
    monkeypatch.setenv("YUQING_NOTIFY_DIGEST_TOP", "3")
    page = client.get("/admin/pushes").text
    assert "YUQING_NOTIFY_DIGEST_TOP" in page
    client.post("/admin/pushes", data={**FORM, "digest_top": "20", "csrf_token": token})
    assert tomllib.loads((settings.home / "config.toml").read_text("utf-8"))["notify"]["digest_top"] == 8


@pytest.mark.parametrize(
    ("field", "value", "said"),
    [
        (
            "targets",
            "feishu://ok123\nwecom://secretkey999",
            "第 2 行：Apprise 不认识这个推送地址（wecom://…）",
        ),
        ("targets", "digets=feishu://ok123", "没有“digets”这种消息"),
        ("digest_at", "8点半", "08:30 这样的时刻"),
        ("digest_score", "60", "0 到 1 之间"),
    ],
)
def test_a_wrong_setting_is_refused_in_chinese_and_nothing_is_written(
    client: TestClient, settings: Settings, field: str, value: str, said: str
) -> None:
    token = sign_in(client, "admin")
    reply = client.post("/admin/pushes", data={**FORM, field: value, "csrf_token": token})
    assert reply.status_code == 400 and said in reply.text
    assert value in reply.text or field == "targets"  # the admin's input is kept in the form
    (error,) = re.findall(r'<p class="error" role="alert">(.*?)</p>', reply.text)
    assert said in error and "secretkey999" not in error  # the message never repeats a secret
    assert not (settings.home / "config.toml").exists()


def test_the_test_button_reaches_each_target_and_a_failure_stays_on_the_page(
    client: TestClient, chat: ChatReceiver
) -> None:
    token = sign_in(client, "admin")
    client.post("/admin/pushes", data={**FORM, "csrf_token": token})
    chat.modes = {"open.feishu.cn": "500"}
    page = client.post("/admin/pushes/test", data={"csrf_token": csrf(client, "/admin/pushes")})
    assert page.status_code == 200
    results = page.text.split('id="test-results"')[1].split("</table>")[0]
    assert results.count("已送达") == 1 and results.count("失败") == 1 and "error=500" in results
    assert "测试" in chat.on("qyapi.weixin.qq.com")[0].body["text"]["content"]
    log = client.get("/admin/pushes").text.split('id="push-log"')[1]
    assert "测试消息" in log and "发送失败" in log and "已发送" in log
    assert "wecomkey123" not in log  # the log shows targets masked
