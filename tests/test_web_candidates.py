"""The candidates page and API: the real items first, with why; picks, rejections, roles."""

from __future__ import annotations

import re

from sqlalchemy import select

from tests.samples import issue_538
from tests.webfixtures import REPRINT_URL, Web, sign_in, web_fixture  # noqa: F401 (the fixture)
from yuqing.report.period import parse_period
from yuqing.store import issues
from yuqing.store.articles import get_article
from yuqing.store.models import Decision

TITLES = [it.title for it in issue_538().items]


def rows(html: str) -> list[str]:
    """The titles of the listed candidates, in order (the rejected ones, listed apart, aside)."""
    return re.findall(r'<a href="/articles/\d+">([^<]+)</a>', html.split('<details class="rejected"')[0])


def rejected(html: str) -> list[str]:
    """The titles listed under 已排除."""
    part = html.split('<details class="rejected"', 1)
    return re.findall(r'<a href="/articles/\d+">([^<]+)</a>', part[1]) if len(part) > 1 else []


def why(html: str, title: str) -> str:
    """The reason the candidates page gives under the article titled ``title``."""
    found = re.search(rf">{re.escape(title)}</a>.*?<p class=\"why\">([^<]*)</p>", html, re.S)
    assert found, title
    return found[1]


def test_the_example_items_rank_first_with_labels_and_why(web: Web) -> None:
    sign_in(web.client, "editor")
    page = web.client.get("/candidates", params={"period": "2024-09"})
    assert page.status_code == 200 and "候选文章 · 2024-09" in page.text
    assert set(rows(page.text)[:4]) == set(TITLES)
    assert "人工智能与医疗大模型" in page.text
    assert why(page.text, TITLES[3]) == (
        "相关：电子病历与检查检验结果互认 2 个词（标题中 2 个），人工智能与医疗大模型 2 个词；北京 +25%"
    )
    reprinted = why(page.text, TITLES[0])  # the story two outlets carried says so
    assert reprinted.startswith("相关：") and reprinted.endswith("；2 家媒体刊发")
    assert not re.search("[A-Za-z]", "".join(why(page.text, title) for title in TITLES))
    assert "中国青年报、网易" in page.text  # the reprint is folded into its original's row
    assert "服贸会上的数智健康服务" not in page.text
    assert not any(o == "新浪" for o in re.findall(r"<td>([^<]+)</td>", page.text))


def test_the_default_period_is_this_month_and_filters_narrow_the_list(web: Web) -> None:
    sign_in(web.client, "viewer")
    assert re.search(r"候选文章 · \d{4}-\d{2}<", web.client.get("/candidates").text)
    by_label = web.client.get(
        "/candidates", params={"period": "2024-09", "label": "电子病历与检查检验结果互认"}
    )
    assert rows(by_label.text) == [TITLES[3]]
    by_outlet = web.client.get("/candidates", params={"period": "2024-09", "outlet": "网易"})
    assert rows(by_outlet.text) == [TITLES[0]]
    everything = web.client.get("/candidates", params={"period": "2024-09", "below": "true"})
    assert len(rows(everything.text)) > len(rows(web.client.get("/candidates?period=2024-09").text))
    assert rows(web.client.get("/candidates", params={"period": "2024-09", "min_score": "0.99"}).text) == [
        TITLES[3]
    ]


def test_a_pick_records_the_decision_and_fills_the_draft_issue(web: Web) -> None:
    token = sign_in(web.client, "editor")
    first = web.ids[issue_538().items[0].url]
    reply = web.client.post(
        "/candidates/2024-09/decide",
        data={"article": str(first), "decision": "pick"},
        headers={"X-CSRF-Token": token},
    )
    assert reply.status_code == 200
    assert "<tr" in reply.text and "<html" not in reply.text
    assert '<a href="/issues/2024-09">已选入第538期</a>（editor）' in reply.text  # a link to the issue
    with web.store.session() as s:
        decision = s.scalars(select(Decision)).one()
        assert (decision.article_id, decision.decision, decision.user) == (first, "pick", "editor")
        issue = issues.get_issue(s, "monthly", parse_period("2024-09"))
        assert (
            issue.number == 538 and issue.status == "draft" and [i.article_id for i in issue.items] == [first]
        )
        assert decision.issue_id == issue.id


def test_a_frozen_issue_refuses_picks_and_nothing_is_recorded(web: Web) -> None:
    with web.store.session() as s:  # frozen with one item: an empty issue cannot be frozen
        issue = issues.create_issue(s, "monthly", parse_period("2024-09"), 538)
        issues.add_item(s, issue, get_article(s, web.ids[issue_538().items[0].url]))
        issues.freeze(issue, {})
    token = sign_in(web.client, "editor")
    second = web.ids[issue_538().items[1].url]
    reply = web.client.post(
        "/candidates/2024-09/decide",
        data={"article": str(second), "decision": "pick"},
        headers={"X-CSRF-Token": token},
    )
    assert "第538期已定稿" in reply.text
    api = web.client.post(
        "/api/candidates/2024-09/decisions",
        json={"article": second, "decision": "pick"},
        headers={"X-CSRF-Token": token},
    )
    assert api.status_code == 400 and "已定稿" in api.json()["error"]
    with web.store.session() as s:
        assert s.scalars(select(Decision)).all() == []


def test_a_rejected_candidate_leaves_the_list(web: Web) -> None:
    token = sign_in(web.client, "editor")
    second = web.ids[issue_538().items[1].url]
    reply = web.client.post(
        "/candidates/2024-09/decide", data={"article": str(second), "decision": "reject", "csrf_token": token}
    )
    assert reply.status_code == 200 and "已排除" in reply.text
    page = web.client.get("/candidates?period=2024-09").text
    assert TITLES[1] not in rows(page) and TITLES[0] in rows(page)
    assert rejected(page) == [TITLES[1]] and "撤销排除" in page  # listed apart, and undoable
    undone = web.client.post(
        "/candidates/2024-09/undo",
        data={"article": str(second)},
        headers={"X-CSRF-Token": token, "HX-Request": "1"},
    )
    assert undone.status_code == 200 and "已撤销排除" in undone.text
    page = web.client.get("/candidates?period=2024-09").text
    assert TITLES[1] in rows(page) and rejected(page) == []
    with web.store.session() as s:
        assert s.scalars(select(Decision)).all() == []  # the mistaken rejection teaches nothing


def test_viewers_see_no_buttons_and_may_not_decide(web: Web) -> None:
    token = sign_in(web.client, "viewer")
    page = web.client.get("/candidates?period=2024-09")
    assert TITLES[0] in page.text and "hx-post" not in page.text and "选入</button>" not in page.text
    first = web.ids[issue_538().items[0].url]
    form = {"article": str(first), "decision": "pick", "csrf_token": token}
    refused = web.client.post("/candidates/2024-09/decide", data=form)
    assert refused.status_code == 403 and "需要编辑权限，当前账户为只读" in refused.text
    api = web.client.post(
        "/api/candidates/2024-09/decisions",
        json={"article": first, "decision": "pick"},
        headers={"X-CSRF-Token": token},
    )
    assert api.status_code == 403 and api.json()["error"] == "需要编辑权限，当前账户为只读"


def test_a_decision_without_the_csrf_token_is_refused(web: Web) -> None:
    sign_in(web.client, "editor")
    first = web.ids[issue_538().items[0].url]
    assert (
        web.client.post(
            "/candidates/2024-09/decide", data={"article": str(first), "decision": "pick"}
        ).status_code
        == 403
    )
    forged = {"X-CSRF-Token": "forged"}
    assert (
        web.client.post(
            "/api/candidates/2024-09/decisions", json={"article": first, "decision": "pick"}, headers=forged
        ).status_code
        == 403
    )
    with web.store.session() as s:
        assert s.scalars(select(Decision)).all() == []


def test_the_api_gives_the_same_candidates_and_records_decisions(web: Web) -> None:
    token = sign_in(web.client, "editor")
    answer = web.client.get("/api/candidates/2024-09", params={"limit": 3}).json()
    found = answer["items"]
    assert answer["total"] == 4 and len(found) == 3  # a page, and how many there are
    assert [c["title"] for c in found] == rows(web.client.get("/candidates?period=2024-09").text)[:3]
    rest = web.client.get("/api/candidates/2024-09", params={"limit": 3, "offset": 3}).json()["items"]
    assert [c["title"] for c in rest] == rows(web.client.get("/candidates?period=2024-09").text)[3:4]
    fair = found[0]
    assert (
        fair["heat"] == 2
        and fair["outlets"] == ["中国青年报", "网易"]
        and web.ids[REPRINT_URL] in fair["members"]
    )
    assert fair["labels"] and fair["evidence"] and fair["why"].endswith("；2 家媒体刊发")
    assert [c["title"] for c in web.client.get("/api/candidates/2024-09?outlet=易").json()["items"]] == [
        TITLES[0]
    ]
    made = web.client.post(
        "/api/candidates/2024-09/decisions",
        json={"article": fair["article"], "decision": "reject"},
        headers={"X-CSRF-Token": token},
    ).json()
    assert made["decision"] == "reject" and made["user"] == "editor" and made["issue_number"] is None
    assert fair["title"] not in [
        c["title"] for c in web.client.get("/api/candidates/2024-09").json()["items"]
    ]
    gone = web.client.get("/api/candidates/2024-09", params={"rejected": "true"}).json()["items"]
    assert [c["title"] for c in gone] == [fair["title"]]
    undo = web.client.post(
        "/api/candidates/2024-09/undo", json={"article": fair["article"]}, headers={"X-CSRF-Token": token}
    )
    assert undo.json() == {"article": fair["article"], "undone": 1}
    bad = web.client.post(
        "/api/candidates/2024-09/decisions",
        json={"article": 1, "decision": "maybe"},
        headers={"X-CSRF-Token": token},
    )
    assert bad.status_code == 422 and bad.json()["error"] == "输入有误：决定取值不对"
