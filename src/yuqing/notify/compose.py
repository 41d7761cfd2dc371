"""What each push says, in Chinese Markdown (DingTalk renders it, Feishu shows it in a card, mail
turns it into HTML, WeCom's bot shows the text): a title, a body, and for a frozen issue its DOCX
and PDF. Every title holds 舆情, so a DingTalk or Feishu bot guarded by that keyword takes them."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from yuqing.report.compose import compose
from yuqing.report.period import Period, chinese_number
from yuqing.report.render import default_filename, render
from yuqing.settings import Settings
from yuqing.store.models import PushMessage, ReportIssue
from yuqing.web.chinese import crawl_chinese

FROZEN_LISTED = 20  # titles a frozen-issue message lists before "…"
ATTACHED = ("docx", "pdf")


@dataclass
class Said:
    title: str
    body: str
    attach: list[Path] = field(default_factory=list)


def say(message: PushMessage, session: Session, settings: Settings, folder: Path) -> Said:
    """The message's words (files it attaches are written into ``folder``)."""
    payload = message.payload
    if message.kind == "digest":
        return _digest(payload, settings)
    if message.kind == "alert":
        return _alert(payload, settings)
    if message.kind == "frozen":
        return _frozen(payload, session, settings, folder)
    return Said(
        "舆情推送测试",
        f"这是一条测试消息（{payload.get('by', '管理员')} 在推送设置页发送），收到即表示配置可用。",
    )


def _link(settings: Settings, path: str) -> str:
    base = settings.notify_web_url.rstrip("/")
    return base + path if base else ""


def _digest(payload: dict[str, Any], settings: Settings) -> Said:
    items = payload.get("items", [])
    day = payload["day"]
    title = f"舆情日报 {day}：{len(items)} 条新候选"
    if not items:
        lines = [f"自 {payload['since']} 以来没有相关度不低于 {payload['min_score']:g} 的新候选。"]
    else:
        lines = [f"自 {payload['since']} 以来新发现、相关度不低于 {payload['min_score']:g} 的候选："]
        for n, item in enumerate(items, 1):
            link = _link(settings, f"/articles/{item['id']}") or item["url"]
            when = f" · {item['published']}" if item.get("published") else ""
            lines.append(
                f"{n}. [{item['title']}]({link})  \n   {item['outlet']}{when} · 相关度 {item['score']:.2f}"
            )
    if payload.get("unscored"):
        lines.append(f"另有 {payload['unscored']} 篇新文章未能评分：{payload.get('note', '')}")
    if settings.notify_web_url:
        lines.append(f"[在系统中挑选]({_link(settings, '/candidates')})")
    return Said(title, "\n".join(lines))


def _alert(payload: dict[str, Any], settings: Settings) -> Said:
    title = f"舆情采集告警：来源 {payload['source']} 已连续 {payload['runs']} 次失败"
    lines = [
        f"来源 **{payload['source']}**（{payload.get('outlet') or payload['source']}）"
        f"自 {payload['since']} 起连续 {payload['runs']} 次采集失败，期间未抓到任何页面。",
        f"最近一次错误：{crawl_chinese(payload.get('last_error') or '未记录')}",
    ]
    if settings.notify_web_url:
        lines.append(f"[查看来源]({_link(settings, '/sources')})")
    return Said(title, "\n\n".join(lines))


def _frozen(payload: dict[str, Any], session: Session, settings: Settings, folder: Path) -> Said:
    issue = session.get(ReportIssue, payload["issue"])
    if issue is None:
        return Said("舆情报告定稿", f"期刊（编号 {payload['issue']}）已定稿，但已被删除。")
    doc = compose(issue, settings)
    period = Period(issue.period_start, issue.period_end)
    title = f"舆情报告定稿：{doc.title}（第{chinese_number(issue.number)}期）"
    span = f"{issue.period_start:%Y年%m月%d日}至{issue.period_end:%Y年%m月%d日}"
    lines = [f"时间范围 {span}，共 {len(doc.items)} 条："]
    lines += [f"{n}. {item.title}（{item.outlet}）" for n, item in enumerate(doc.items[:FROZEN_LISTED], 1)]
    if len(doc.items) > FROZEN_LISTED:
        lines.append(f"…… 另 {len(doc.items) - FROZEN_LISTED} 条见全文")
    downloads = [
        f"[{fmt.upper()}]({_link(settings, f'/issues/{period.label}/download/{fmt}')})" for fmt in ATTACHED
    ]
    if settings.notify_web_url:
        lines.append("下载：" + " · ".join(downloads))
    attach = []
    for fmt in ATTACHED:
        path = folder / default_filename(doc, period.label, fmt)
        path.write_bytes(render(doc, fmt, settings))
        attach.append(path)
    lines.append("（DOCX 与 PDF 全文作为附件随邮件发送）")
    return Said(title, "\n".join(lines), attach)
