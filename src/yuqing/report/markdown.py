"""Markdown renderer: the house format as plain Markdown (also what `import-report` reads).

Titles, outlets and texts are crawled, so nothing in them may become markup in a Markdown
viewer: ``<`` and ``>`` are written as the entities ``&lt;`` ``&gt;`` (no raw HTML, no
autolink), and the characters that make emphasis, code, links and images are backslash-escaped
(CommonMark 0.31, §2.4 and §2.5); a line that would start a heading, list, quote, fence or rule
is escaped at its start. Only an http(s) URL becomes a link, written as an autolink ``<…>`` with
the characters an autolink cannot hold percent-encoded (§6.5); any other URL stays text.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from yuqing.report.document import Block, Kind, ReportDocument
from yuqing.report.html import is_web_url

# A line that Markdown would read as a heading, list, quote, fence or rule is escaped at its start.
_MARKUP_START = re.compile(r"^( {0,3})(#|>|[-+*](\s|$)|-+\s*$|=+\s*$|~{3,})")
_ORDERED = re.compile(r"^( {0,3}\d+)([.)])(\s|$)")
_INLINE = re.compile(r"([\\`*_\[\]])")  # backslash, code, emphasis, link and image brackets
_ENTITY = re.compile(r"&(?=#?\w+;)")  # "&lt;" in a crawled text is shown as written, not as "<"
_NOT_IN_AUTOLINK = re.compile(r"[\s<>\x00-\x1f\x7f]")


def render_markdown(doc: ReportDocument) -> str:
    return "\n\n".join(_block(b) for b in doc.blocks()) + "\n"


def _block(block: Block) -> str:
    text, aside = escape(block.text), escape(block.aside)
    match block.kind:
        case Kind.TITLE:
            return f"# {text}"
        case Kind.MASTHEAD:
            return f"{text}\n\n{aside}"
        case Kind.SECTION:
            return f"## {text}"
        case Kind.TOC_ENTRY:
            return f"- {text}  \n  {aside}"
        case Kind.ITEM_HEADING:
            return f"### {text}"
        case Kind.LINK:
            return text + link(block.url)
        case Kind.ARTICLE_TITLE:
            return f"**{text}**"
        case _:
            return text


def escape(text: str) -> str:
    """Crawled text as Markdown that shows exactly this text and makes no markup."""
    text = _ENTITY.sub("&amp;", text).replace("<", "&lt;").replace(">", "&gt;")
    text = _INLINE.sub(r"\\\1", text)
    return "\n".join(_escape_start(line) for line in text.split("\n"))


def link(url: str) -> str:
    """An http(s) URL as an autolink; anything else (javascript:, a bare word) as plain text."""
    if not url:
        return ""
    if not is_web_url(url):
        return escape(url)
    return "<" + _NOT_IN_AUTOLINK.sub(lambda m: quote(m[0]), url.strip()) + ">"


def _escape_start(line: str) -> str:
    line = _ORDERED.sub(r"\1\\\2\3", line)
    return _MARKUP_START.sub(r"\1\\\2", line)
