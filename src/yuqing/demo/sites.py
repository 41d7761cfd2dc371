"""The demo's web: the articles of the two example issues published as pages of their outlets,
among hundreds of real distractors (THUCNews articles, 163.com pages, Beijing TCM notices), with
some example stories reprinted by 网易 under new headlines, as happens every day."""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from yuqing.demo.web import FixtureWeb, Page, Site
from yuqing.report.document import ReportItem
from yuqing.report.parse import parse_report

PERIOD_START = date(2024, 8, 1)
PERIOD_DAYS = 61  # August and September 2024, the months of issues 537 and 538
PER_PAGE = 20
NAV = "<a href='/'>首页</a> <a href='/news/index.html'>新闻</a> <a href='/about.html'>关于我们</a>"


@dataclass
class Story:
    title: str
    paragraphs: list[str]
    published: date
    credit: str | None = None  # the outlet a reprint names in its 来源 line


@dataclass
class Outlet:
    slug: str
    name: str
    stories: list[Story] = field(default_factory=list)
    site: Site | None = None


@dataclass
class DemoWeb:
    web: FixtureWeb
    outlets: list[Outlet]
    examples: dict[str, list[ReportItem]]  # period label -> the example issue's items

    def sources_yaml(self) -> str:
        lines = ["sources:"]
        for o in self.outlets:
            assert o.site is not None
            pages = max(1, -(-len(o.stories) // PER_PAGE))
            lines += [
                f"  - name: {o.slug}",
                f"    outlet: {o.name}",
                f"    domains: [{o.site.host}]",
                "    delay: 0",
                "    concurrency: 4",
                "    entries:",
                "      - kind: list",
                f"        url: {o.site.base}/news/index{{_page}}.html",
                "        first_page: 0",
                f"        max_pages: {pages}",
            ]
        return "\n".join(lines) + "\n"


def build(shared: Path) -> DemoWeb:
    examples = _examples(shared / "examples")
    outlets = {
        item.outlet: Outlet(f"o{n}", item.outlet)
        for n, item in enumerate(
            sorted({i for items in examples.values() for i in items}, key=lambda i: i.url)
        )
    }
    for item in (i for items in examples.values() for i in items):
        outlets[item.outlet].stories.append(
            Story(item.title, list(item.paragraphs), item.published or PERIOD_START)
        )
    netease = Outlet("netease", "网易")
    netease.stories += _reprints([i for items in examples.values() for i in items])
    gov = Outlet("bjtcm", "北京市中医管理局", _notices(shared / "evaldata"))
    every = [*outlets.values(), netease, gov]
    _spread(_thucnews(shared / "evaldata"), [*outlets.values(), netease])
    web = FixtureWeb()
    for outlet in every:
        outlet.site = web.site()
    web.start()
    for outlet in every:
        _publish(outlet)
    return DemoWeb(web, every, examples)


def _examples(folder: Path) -> dict[str, list[ReportItem]]:
    found: dict[str, list[ReportItem]] = {}
    for path in sorted(folder.glob("report-*.md")):
        parsed = parse_report(path.read_text("utf-8").splitlines(), str(path))
        found[parsed.period.label] = list(parsed.document.items)
    return found


def _reprints(items: list[ReportItem]) -> list[Story]:
    """Every other example story again on 网易: new headline, 来源 line, last paragraph cut."""
    return [
        Story(
            f"{item.title[:12]}……（转载）",
            list(item.paragraphs[:-1] or item.paragraphs),
            (item.published or PERIOD_START) + timedelta(days=1),
            credit=item.outlet,
        )
        for item in items[::2]
    ]


def _thucnews(evaldata: Path) -> list[Story]:
    stories = []
    lines = (evaldata / "zh_text_thucnews_cnews1000" / "cnews_1000.txt").read_text("utf-8").splitlines()
    for n, line in enumerate(lines):
        text = line.split("\t", 1)[-1]
        sentences = re.findall(r"[^。！？]+[。！？]?", text)
        if len(sentences) < 3:
            continue
        title = sentences[0][:24]  # THUCNews glues title and body; the first words stand in
        paragraphs = ["".join(sentences[i : i + 3]) for i in range(0, len(sentences), 3)]
        stories.append(Story(title, paragraphs, PERIOD_START + timedelta(days=n % PERIOD_DAYS)))
    return stories


def _notices(evaldata: Path) -> list[Story]:
    stories = []
    for n, line in enumerate(
        (evaldata / "zh_gov_bjtcm_notices104" / "notices.jsonl").read_text("utf-8").splitlines()
    ):
        notice = json.loads(line)
        text = re.sub(r"<[^>]+>", "\n", notice.get("article_html") or "")
        paragraphs = [p.strip() for p in html.unescape(text).splitlines() if len(p.strip()) > 1]
        if paragraphs:
            stories.append(
                Story(notice["title"], paragraphs, PERIOD_START + timedelta(days=(3 * n) % PERIOD_DAYS))
            )
    return stories


def _spread(stories: list[Story], outlets: list[Outlet]) -> None:
    for n, story in enumerate(stories):
        outlets[n % len(outlets)].stories.append(story)


def _publish(outlet: Outlet) -> None:
    site = outlet.site
    assert site is not None
    stories = sorted(outlet.stories, key=lambda s: s.published, reverse=True)
    paths = [f"/{s.published:%Y/%m%d}/{n:05d}.html" for n, s in enumerate(stories)]
    for story, path in zip(stories, paths, strict=True):
        site.add(path, Page(_article_page(outlet.name, story).encode("utf-8")))
    for start in range(0, len(paths), PER_PAGE):
        name = "index.html" if start == 0 else f"index_{start // PER_PAGE}.html"
        chunk = list(zip(stories[start : start + PER_PAGE], paths[start : start + PER_PAGE], strict=True))
        site.add(f"/news/{name}", Page(_list_page(outlet.name, chunk).encode("utf-8")))


def _article_page(outlet: str, story: Story) -> str:
    e = html.escape
    body = "".join(f"<p>{e(p)}</p>" for p in story.paragraphs)
    credit = story.credit or outlet
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{e(story.title)}_{e(outlet)}</title></head>"
        f"<body><div class='nav'>{NAV}</div>"
        f"<div class='article'><h1>{e(story.title)}</h1>"
        f"<div class='info'>{story.published.isoformat()} 10:00 来源：{e(credit)}</div>"
        f"<div class='content'>{body}</div><div class='editor'>责任编辑：王明</div></div>"
        "<div class='share'>分享到：微信 微博</div>"
        f"<div class='footer'>版权所有 © {e(outlet)} 京ICP备00000000号</div></body></html>"
    )


def _list_page(outlet: str, chunk: list[tuple[Story, str]]) -> str:
    e = html.escape
    items = "".join(
        f"<li><a href='{p}'>{e(s.title)}</a><span>{s.published.isoformat()}</span></li>" for s, p in chunk
    )
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>新闻_{e(outlet)}</title></head>"
        f"<body><div class='nav'><a href='/'>首页</a></div><ul class='list'>{items}</ul></body></html>"
    )
