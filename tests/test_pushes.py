"""Pushes against real local receivers: the WeCom, DingTalk and Feishu webhook endpoints (their
JSON bodies checked as each platform documents them) and an SMTP server; a receiver that fails
or hangs is retried and reported; collection goes on meanwhile."""

from __future__ import annotations

import base64
import hashlib
import hmac
import io
import time
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

import pypdfium2
import pytest
from docx import Document
from sqlalchemy import select

from tests import crawlsites
from tests.conftest import EXAMPLES, yuqing
from tests.pushreceivers import ChatReceiver, MailReceiver
from tests.samples import issue_538
from tests.test_candidates import distractors
from yuqing import settings as settings_mod
from yuqing.errors import ConfigError
from yuqing.notify import rules
from yuqing.notify.deliver import deliver_due, send_test
from yuqing.notify.schedule import Notifier
from yuqing.notify.targets import parse_targets
from yuqing.report.importer import item_article
from yuqing.settings import Settings
from yuqing.store.articles import ArticleData, upsert_article
from yuqing.store.db import Store, open_store
from yuqing.store.models import CollectRun, PushDelivery, PushMessage
from yuqing.web.scheduler import Runner

WECOM, DINGTALK, FEISHU = "qyapi.weixin.qq.com", "oapi.dingtalk.com", "open.feishu.cn"
SECRET = "SECbf3c0e9d2a"
CHATS = f"wecombot://wecomkey123\ndingtalk://{SECRET}@dingtoken456\nfeishu://feishutoken789"


def with_targets(settings: Settings, targets: str, **more: object) -> Settings:
    """Short timeout and back-off; no digest unless asked for."""
    quick: dict[str, object] = {"notify_backoff": 0.2, "notify_timeout": 1.0, "notify_digest_at": ""}
    return replace(settings, notify_targets=targets, **(quick | more))


def test_targets_are_checked_line_by_line_and_a_mistake_does_not_show_the_secret() -> None:
    targets = parse_targets(
        f"# the editors' group\ndigest, frozen = {CHATS.splitlines()[0]}\n\nalert=mailto://a@b.cn"
    )
    assert [t.line for t in targets] == [2, 4]
    assert targets[0].wants("digest") and not targets[0].wants("alert") and targets[1].wants("alert")
    assert "wecomkey123" not in targets[0].label
    with pytest.raises(ConfigError, match=r"line 2: .*'wecom'") as info:
        parse_targets("feishu://abc\nwecom://secretkey999")
    assert "secretkey999" not in str(info.value)
    with pytest.raises(ConfigError, match="unknown kind 'digets'"):
        parse_targets("digets=feishu://abc")


@pytest.mark.slow
def test_a_frozen_issue_reaches_each_platform_as_it_documents_and_mail_carries_docx_and_pdf(
    home: Path, chat: ChatReceiver, mail: MailReceiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("YUQING_NOTIFY_TARGETS", f"{CHATS}\n{mail.url()}")
    monkeypatch.setenv("YUQING_NOTIFY_WEB_URL", "http://10.0.0.8:8000")
    monkeypatch.setenv("YUQING_NOTIFY_DIGEST_AT", "")  # only the frozen issue here
    yuqing("import-report", str(EXAMPLES / "report-538-2024-09.md"))  # a past issue: no push
    yuqing("issue", "unfreeze", "2024-09")
    yuqing("issue", "freeze", "2024-09")  # as an editor publishes it
    sent = yuqing("notify", "run").stdout
    assert sent.count("sent") >= 4, sent

    (wecom,) = chat.on(WECOM)  # https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=KEY
    assert wecom.path == "/cgi-bin/webhook/send" and wecom.query["key"] == ["wecomkey123"]
    assert wecom.body["msgtype"] == "text" and "第五三八期" in wecom.body["text"]["content"]
    assert "10.0.0.8:8000/issues/2024-09/download/pdf" in wecom.body["text"]["content"]
    assert len(wecom.body["text"]["content"].encode()) <= 2048  # the documented limit of a text

    (ding,) = chat.on(DINGTALK)  # /robot/send?access_token=…&timestamp=…&sign=…
    assert ding.path == "/robot/send" and ding.query["access_token"] == ["dingtoken456"]
    stamp = ding.query["timestamp"][0]
    digest = hmac.new(SECRET.encode(), f"{stamp}\n{SECRET}".encode(), hashlib.sha256).digest()
    assert ding.query["sign"] == [base64.b64encode(digest).decode()], "DingTalk would answer: sign not match"
    assert abs(int(stamp) / 1000 - time.time()) < 3600  # DingTalk refuses a timestamp an hour off
    assert ding.body["msgtype"] == "markdown" and "舆情" in ding.body["markdown"]["title"]
    assert "第五三八期" in ding.body["markdown"]["text"]

    (feishu,) = chat.on(FEISHU)  # /open-apis/bot/v2/hook/TOKEN, msg_type interactive with a card
    assert feishu.path.rstrip("/") == "/open-apis/bot/v2/hook/feishutoken789"
    assert feishu.body["msg_type"] == "interactive"
    assert "第五三八期" in feishu.body["card"]["header"]["title"]["content"]
    assert feishu.body["card"]["elements"][0]["text"]["tag"] == "lark_md"
    assert all(r.headers["Content-Type"].startswith("application/json") for r in chat.received)

    (message,) = mail.messages
    assert "第五三八期" in str(message["Subject"]) and message["To"] == "editor@example.cn"
    files = {part.get_filename(): part.get_content() for part in message.iter_attachments()}
    docx = next(body for name, body in files.items() if name and name.endswith(".docx"))
    pdf = next(body for name, body in files.items() if name and name.endswith(".pdf"))
    text = "\n".join(p.text for p in Document(io.BytesIO(docx)).paragraphs)
    assert "（第五三八期）" in text
    page = pypdfium2.PdfDocument(pdf)[0].get_textpage().get_text_range()
    assert "五三八" in page


def test_a_receiver_that_fails_or_hangs_is_retried_with_back_off_and_reported(
    store: Store, settings: Settings, chat: ChatReceiver, mail: MailReceiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = with_targets(settings, f"{CHATS}\n{mail.url()}", notify_retries=2, notify_backoff=3.0)
    chat.modes = {WECOM: "500", DINGTALK: "hang"}
    chat.hang = 4.0
    for run in range(3):  # a source failing three times in a row: an alert
        add_run(
            store,
            "news",
            minutes=10 - run,
            errors=1,
            last_error="http://x.cn/feed.xml: Connection was refused by other side: 111: Connection refused.",
        )
    assert rules.check(settings, store) == [f"alert:news:{first_run(store)}"]
    assert rules.check(settings, store) == []  # the same streak is told once

    started = time.monotonic()
    first = {d.label.split(":")[0]: d.outcome for d in deliver_due(settings, store)}
    assert time.monotonic() - started < 3.0  # a hanging target costs its 1 s timeout, in parallel
    assert first["mailto"].ok and first["feishu"].ok
    assert "error=500" in (first["wecombot"].error or "")
    assert "Connection error" in (first["dingtalk"].error or "")
    assert deliver_due(settings, store) == []  # not due again before its back-off (3 s)
    time.sleep(3.2)
    chat.modes = {DINGTALK: "hang"}  # WeCom is back; DingTalk still hangs
    again = {d.label.split(":")[0]: d.outcome.ok for d in deliver_due(settings, store)}
    assert again == {"wecombot": True, "dingtalk": False}
    with store.session() as s:
        rows = {d.label.split(":")[0]: d for d in s.scalars(select(PushDelivery))}
        assert rows["dingtalk"].status == "failed" and rows["dingtalk"].attempts == 2  # given up
        assert "Connection error" in (rows["dingtalk"].last_error or "")
        assert rows["wecombot"].status == "sent" and rows["wecombot"].attempts == 2
        assert rows["mailto"].status == "sent" and rows["feishu"].status == "sent"
    assert len(chat.on(WECOM)) == 2 and len(mail.messages) == 1
    monkeypatch.setenv("COLUMNS", "300")
    status = yuqing("notify", "status").stdout  # and the admin sees it (the same rows on the page)
    assert "failed" in status and "Connection error" in status
    alert = chat.on(FEISHU)[0].body["card"]
    assert (
        "news" in alert["header"]["title"]["content"] and "连续 3 次" in alert["header"]["title"]["content"]
    )
    assert "连接被拒" in alert["elements"][0]["text"]["content"]  # the crawl error, in Chinese


def test_the_daily_digest_lists_new_relevant_stories_once_a_day(store: Store, settings: Settings) -> None:
    with store.session() as s:  # issue 538's articles among real distractors, as a crawl finds them
        for item in issue_538().items:
            upsert_article(s, item_article(item, origin="crawl"))
        for row in distractors(30, date(2024, 9, 1)):
            text = str(row["text"])
            upsert_article(s, ArticleData(str(row["url"]), str(row["title"]), "新浪", [text], origin="crawl"))
    settings = with_targets(
        settings, "feishu://feishutoken789", notify_digest_at="08:30", notify_digest_score=0.3
    )
    morning = datetime.now().replace(hour=8, minute=0)
    assert rules.due_digest(settings, store, morning) is None  # not yet
    key = rules.due_digest(settings, store, morning.replace(minute=31))
    assert key == f"digest:{morning:%Y-%m-%d}"
    assert rules.due_digest(settings, store, morning.replace(minute=45)) is None  # once a day
    with store.session() as s:
        payload = s.scalars(select(PushMessage)).one().payload
    items = payload["items"]
    assert {i["title"] for i in items} == {it.title for it in issue_538().items}  # no distractor
    assert all(item["score"] >= 0.3 for item in items)
    assert [i["score"] for i in items] == sorted((i["score"] for i in items), reverse=True)


def test_a_test_message_reaches_every_target_once_and_says_which_failed(
    store: Store, settings: Settings, chat: ChatReceiver
) -> None:
    chat.modes = {FEISHU: "500"}
    done = send_test(with_targets(settings, CHATS), store, by="admin")
    assert {d.label.split(":")[0]: d.outcome.ok for d in done} == {
        "wecombot": True,
        "dingtalk": True,
        "feishu": False,
    }
    assert "测试" in chat.on(WECOM)[0].body["text"]["content"]
    with store.session() as s:
        failed = s.scalars(select(PushDelivery).where(PushDelivery.status == "failed")).one()
        assert failed.attempts == 1 and "500" in (failed.last_error or "")


def add_run(store: Store, source: str, minutes: int, errors: int, last_error: str | None = None) -> None:
    at = datetime.now().replace(microsecond=0) - timedelta(minutes=minutes)
    with store.session() as s:
        s.add(CollectRun(source=source, started_at=at, finished_at=at, errors=errors, last_error=last_error))


def first_run(store: Store) -> int:
    with store.session() as s:
        return min(s.scalars(select(CollectRun.id)))


@pytest.mark.slow
def test_collection_goes_on_while_a_push_target_hangs(
    home: Path, chat: ChatReceiver, web: crawlsites.CrawlWeb, monkeypatch: pytest.MonkeyPatch
) -> None:
    home.mkdir()
    crawlsites.use_fixture_web(web, home.parent, monkeypatch)
    settings = with_targets(settings_mod.load(), f"dingtalk://{SECRET}@dingtoken456", notify_retries=100)
    chat.modes, chat.hang = {DINGTALK: "hang"}, 30.0
    store = open_store(settings)
    for run in range(3):
        add_run(store, "dead", minutes=10 - run, errors=1, last_error="http://127.0.0.9:9/feed.xml: refused")
    notifier = Notifier(lambda: settings, store, every=0.2)  # as `yuqing serve` runs it
    notifier.start()
    try:
        Runner(settings, store, timeout=300).run("news")  # the schedule's crawl, meanwhile
        with store.session() as s:
            news = s.scalars(select(CollectRun).where(CollectRun.source == "news")).one()
            delivery = s.scalars(select(PushDelivery)).one()
            seen = (news.status, news.fetched, news.new, news.errors, news.dropped, news.last_error)
            assert news.new == 4 and news.fetched == 4, seen  # every page, as with no push at all
            assert chat.on(DINGTALK) and delivery.status == "pending"  # tried, hung, will retry
    finally:
        notifier.stop()
        store.close()
