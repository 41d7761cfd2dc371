"""`yuqing demo`: the whole pipeline offline, from crawling a fixture web to finished reports."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from yuqing import settings as settings_mod
from yuqing.analyze.candidates import candidates, fill_issue
from yuqing.analyze.run import analyze
from yuqing.collect.runner import collect
from yuqing.collect.sources import load_sources
from yuqing.demo.sites import build
from yuqing.errors import InputError
from yuqing.report.compose import compose
from yuqing.report.document import ReportItem
from yuqing.report.period import issue_number, parse_period
from yuqing.report.render import default_filename, render
from yuqing.settings import Settings
from yuqing.store import issues
from yuqing.store.db import Store, open_store
from yuqing.text import squash

Say = Callable[[str], None]


@dataclass
class DemoIssue:
    period: str
    number: int
    files: list[Path]
    expected: list[str]  # the example issue's titles
    found: list[str]  # the auto-built issue's titles, in order
    ranks: dict[str, int | None]  # example title -> its rank among the candidates

    @property
    def matched(self) -> int:
        return len({squash(t) for t in self.expected} & {squash(t) for t in self.found})


def find_shared(start: Path | None = None) -> Path:
    """The shared/ folder with examples/ and evaldata/, looked for beside the project."""
    places = [start] if start else [Path.cwd(), *Path.cwd().parents, *Path(__file__).resolve().parents]
    for folder in places:
        for candidate in (folder, folder / "shared"):
            if (candidate / "examples").is_dir() and (candidate / "evaldata").is_dir():
                return candidate
    raise InputError("no shared/ folder with examples/ and evaldata/ found; give it with --shared")


def run_demo(out: Path, shared: Path, say: Say, home: Path | None = None) -> list[DemoIssue]:
    web = build(shared)
    try:
        with tempfile.TemporaryDirectory(prefix="yuqing-demo-") as scratch:
            data = home or Path(scratch)
            data.mkdir(parents=True, exist_ok=True)
            (data / "sources.yaml").write_text(web.sources_yaml(), "utf-8")
            settings = settings_mod.load({"YUQING_HOME": str(data)})
            return _pipeline(settings, web.examples, out, say)
    finally:
        web.web.__exit__()


def _pipeline(
    settings: Settings, examples: dict[str, list[ReportItem]], out: Path, say: Say
) -> list[DemoIssue]:
    store = open_store(settings)
    try:
        sources = load_sources(settings.home / "sources.yaml")
        say(f"collecting from {len(sources)} sites on 127.0.0.x …")
        runs = collect(settings, store, sources, since=date(2024, 8, 1))
        say(f"collected {sum(r.new for r in runs)} articles")
        summary = analyze(store, settings)
        say(f"scored {summary.scored} articles, {summary.relevant} relevant, {summary.clusters} clusters")
        return [_issue(store, settings, label, items, out, say) for label, items in sorted(examples.items())]
    finally:
        store.close()


def _issue(
    store: Store, settings: Settings, label: str, items: list[ReportItem], out: Path, say: Say
) -> DemoIssue:
    period = parse_period(label)
    with store.session() as session:
        ranked = candidates(session, period)
        issue = issues.find_issue(session, settings.report_series, period) or issues.create_issue(
            session, settings.report_series, period, issue_number(period, settings.anchor)
        )
        fill_issue(session, issue, ranked, len(items))
        doc = compose(issue, settings)
        titles = [squash(c.article.title) for c in ranked]
    out.mkdir(parents=True, exist_ok=True)
    files = []
    for fmt in ("md", "docx", "pdf"):
        path = out / default_filename(doc, label, fmt)
        path.write_bytes(render(doc, fmt, settings))
        files.append(path)
    expected = [i.title for i in items]
    ranks = {t: (titles.index(squash(t)) + 1 if squash(t) in titles else None) for t in expected}
    result = DemoIssue(label, doc.number, files, expected, [i.title for i in doc.items], ranks)
    say(f"issue {doc.number} ({label}): {result.matched} of {len(expected)} example items made the issue")
    return result
