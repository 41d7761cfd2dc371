"""Chinese text helpers shared by the stages: character classes, bigram tokens, content hashes,
and the one sanitiser every text passes on its way into the store."""

from __future__ import annotations

import hashlib
import re
import unicodedata

# CJK ideographs (with extension A and compatibility) plus 〇, which Chinese numerals use.
CJK = r"\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_RUN = re.compile(rf"[{CJK}]+|[0-9A-Za-z\u00c0-\u024f]+")
# Characters that change how text is shown or stored without being text: C0 and C1 controls
# (NUL …; PostgreSQL cannot store NUL at all), the bidirectional marks, embeddings, overrides and
# isolates of Unicode's bidi algorithm (UAX #9: U+061C, U+200E/F, U+202A–202E, U+2066–2069; an
# override reverses the shown text), a stray BOM, interlinear annotation marks and noncharacters.
_HIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
    "\ufeff\ufff9-\ufffb\ufffe\uffff]"
)
_SURROGATE = re.compile("[\ud800-\udfff]")  # half of a pair: not a character, cannot be UTF-8
_LINE_BREAKS = re.compile(r"[\t\n\r\v\f\u2028\u2029]+")


_CJK_CHAR = re.compile(rf"[{CJK}]")


def is_cjk(char: str) -> bool:
    return _CJK_CHAR.match(char) is not None


def search_tokens(text: str) -> list[str]:
    """Tokens for full-text search: overlapping character bigrams for Chinese runs (so that
    2-character words such as 医保 are whole tokens), lower-cased words for Latin and digits.
    A lone Chinese character between punctuation stays a one-character token."""
    tokens: list[str] = []
    for run in _RUN.findall(unicodedata.normalize("NFKC", text)):
        if is_cjk(run[0]):
            tokens.extend([run] if len(run) == 1 else [run[i : i + 2] for i in range(len(run) - 1)])
        else:
            tokens.append(run.lower())
    return tokens


def squash(text: str) -> str:
    """Text with all whitespace removed and width folded (NFKC): the form hashes compare."""
    return "".join(unicodedata.normalize("NFKC", text).split())  # str.split's whitespace is re's \s


def content_hash(paragraphs: list[str]) -> str:
    """Hash of an article's text that ignores whitespace, width and paragraph breaks."""
    return hashlib.sha256(squash("".join(paragraphs)).encode("utf-8")).hexdigest()


def neutralise(text: str) -> str:
    """``text`` without hidden control characters (see ``_HIDDEN``); a lone surrogate becomes
    U+FFFD. Tabs and line breaks stay. Applied to every text that enters the store."""
    return _HIDDEN.sub("", _SURROGATE.sub("\ufffd", text))


def neutralise_line(text: str) -> str:
    """A one-line field (title, outlet, author): ``neutralise`` plus line breaks and tabs as
    one space, trimmed."""
    return _LINE_BREAKS.sub(" ", neutralise(text)).strip()
