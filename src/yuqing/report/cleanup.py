"""Undo the artefacts that PDF-to-text conversion leaves in past reports.

Converted issues carry Markdown markup (#, **, <url>), spaces around Latin letters and digits
next to Chinese (2024 年), half-width punctuation between Chinese characters, and paragraphs split
where a page ended. These functions restore the text as it was published.
"""

from __future__ import annotations

import re

from yuqing.text import CJK, squash

_SPACE_AFTER_CJK = re.compile(rf"(?<=[{CJK}])[ \t\u3000]+(?=[0-9A-Za-z%+&])")
_SPACE_BEFORE_CJK = re.compile(rf"(?<=[0-9A-Za-z%+&])[ \t\u3000]+(?=[{CJK}])")
# Full-width punctuation carries its own spacing; a space beside it is a conversion's (pdftotext).
_WIDE_PUNCT = "，。、；：？！“”‘’（）《》〈〉【】「」『』"
_SPACE_BY_PUNCT = re.compile(rf"[ \t\u3000]+(?=[{_WIDE_PUNCT}])|(?<=[{_WIDE_PUNCT}])[ \t\u3000]+")
_FULL_WIDTH = {":": "：", ",": "，", ";": "；", "?": "？", "!": "！", "(": "（", ")": "）"}
_HALF_PUNCT = re.compile(rf"(?<=[{CJK}“”])\s*([:,;?!])\s*|\s*([:,;?!])\s*(?=[{CJK}“”])")
_SENTENCE_END = tuple("。！？!?；;…”’」』)）:：摄")  # 摄: a photo credit ends a caption


def repair_spacing(text: str) -> str:
    """Spaces a conversion put between Chinese and Latin letters or digits, or beside full-width
    punctuation, taken out; half-width punctuation between Chinese made full-width."""
    text = _SPACE_BY_PUNCT.sub("", text)
    text = _SPACE_AFTER_CJK.sub("", text)
    text = _SPACE_BEFORE_CJK.sub("", text)
    return _HALF_PUNCT.sub(lambda m: _FULL_WIDTH[m.group(1) or m.group(2)], text)


def join_page_breaks(paragraphs: list[str]) -> list[str]:
    """Rejoin paragraphs that a page break split: a long paragraph that stops mid-sentence
    followed by one that starts mid-sentence, and a photo credit (/摄) cut from its caption."""
    out: list[str] = []
    for para in paragraphs:
        if out and _continues(out[-1], para):
            out[-1] = out[-1] + para
        else:
            out.append(para)
    return out


def _continues(previous: str, para: str) -> bool:
    if re.match(r"^/?摄[。）)]?$", para):
        return True
    if len(squash(previous)) < 40 or previous.endswith(_SENTENCE_END):
        return False
    return bool(re.match(rf"[{CJK}0-9a-z，、。]", para))
