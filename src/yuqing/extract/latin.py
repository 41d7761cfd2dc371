"""Pages not in Chinese: trafilatura measures better there than our Chinese-tuned density rules
(0.95 vs 0.82 shingle F1 on the English benchmark), so it extracts their body."""

from __future__ import annotations

import re

from yuqing.text import CJK

_CJK = re.compile(rf"[{CJK}]")
_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f\u0400-\u04ff]")
MIN_CJK_SHARE = 0.2  # of letters; Chinese pages quoting English stay far above this


def is_chinese(paragraphs: list[str]) -> bool:
    text = "".join(paragraphs)
    cjk = len(_CJK.findall(text))
    return cjk > 0 and cjk >= MIN_CJK_SHARE * (cjk + len(_LETTER.findall(text)))


def trafilatura_paragraphs(page: str, url: str) -> list[str]:
    """trafilatura's main text, one paragraph a line; empty when it finds none."""
    import trafilatura  # imported late: slow to import and only needed for non-Chinese pages

    text = trafilatura.extract(page, url=url or None, include_comments=False, include_tables=True)
    return [line.strip() for line in (text or "").splitlines() if line.strip()]
