"""Markdown renderer: the house format as plain Markdown (also what `import-report` reads)."""

from __future__ import annotations

import re

from yuqing.report.document import Block, Kind, ReportDocument

# A line that Markdown would read as a heading, list, quote or rule is escaped at its start.
_MARKUP_START = re.compile(r"^(#|>|[-+*](\s|$)|={3,})")
_ORDERED = re.compile(r"^(\d+)([.)])(\s)")


def render_markdown(doc: ReportDocument) -> str:
    return "\n\n".join(_block(b) for b in doc.blocks()) + "\n"


def _block(block: Block) -> str:
    text = _escape(block.text)
    match block.kind:
        case Kind.TITLE:
            return f"# {text}"
        case Kind.MASTHEAD:
            return f"{text}\n\n{block.aside}"
        case Kind.SECTION:
            return f"## {text}"
        case Kind.TOC_ENTRY:
            return f"- {text}  \n  {block.aside}"
        case Kind.ITEM_HEADING:
            return f"### {text}"
        case Kind.LINK:
            return f"{text}<{block.url}>" if block.url else text
        case Kind.ARTICLE_TITLE:
            return f"**{text}**"
        case _:
            return text


def _escape(text: str) -> str:
    text = text.replace("*", r"\*").replace("_", r"\_")
    text = _ORDERED.sub(r"\1\\\2\3", text)
    return "\\" + text if _MARKUP_START.match(text) else text
