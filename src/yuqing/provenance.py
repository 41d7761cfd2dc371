"""Where an article's publication date came from: the names every stage stores and shows.

The month an item lands in is decided by its date, so a date nobody read on the page — a
guess, or none at all — is never put in a month silently: candidates lists such articles apart
for the editor with the reason (analyze/candidates.py).
"""

from __future__ import annotations

# name: (what it means, in English for the CLI; in Chinese for the web app)
DATE_SOURCES: dict[str, tuple[str, str]] = {
    "selector": ("the source's date selector", "来源配置的日期选择器"),
    "jsonld": ("the page's JSON-LD datePublished", "网页结构化数据（JSON-LD）"),
    "meta": ("a publication-time <meta> tag", "网页元数据（meta 发布时间）"),
    "byline": ("the date line beside the headline", "标题旁的发布时间"),
    "script": ("a script variable of the page (WeChat's ct)", "网页脚本中的发布时间"),
    "url": ("the day written in the URL", "网址中的日期"),
    "relative": (
        "a relative time (3小时前, 昨天, 08-21) read against the fetch time",
        "相对时间（按抓取时间推算）",
    ),
    "signature": ("the date the text is signed with", "正文落款日期"),
    "given": ("given with the article (ingest, import of a past report)", "导入时提供"),
    "guess": ("htmldate's guess: no date stands on the page as a date", "推测日期（网页未标明）"),
    "none": ("no date found", "未找到日期"),
    "unknown": ("stored before yuqing recorded where dates come from", "早期入库，来源未记录"),
}
GUESSED = frozenset({"guess", "none"})  # never bucketed into a period without the editor


def describe(source: str | None) -> str:
    """The English sentence for a date source (CLI)."""
    return DATE_SOURCES.get(source or "unknown", (source or "unknown", ""))[0]


def label(source: str | None) -> str:
    """The Chinese label for a date source (web app)."""
    return DATE_SOURCES.get(source or "unknown", ("", source or "未知"))[1]


def is_guessed(source: str | None) -> bool:
    return source in GUESSED
