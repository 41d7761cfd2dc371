"""Chinese text helpers shared by the stages: character classes, bigram tokens, content hashes."""

from __future__ import annotations

import hashlib
import re
import unicodedata

# CJK ideographs (with extension A and compatibility) plus 〇, which Chinese numerals use.
CJK = r"\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_RUN = re.compile(rf"[{CJK}]+|[0-9A-Za-z\u00c0-\u024f]+")
_SPACE = re.compile(r"\s+")


def is_cjk(char: str) -> bool:
    return bool(re.match(rf"[{CJK}]", char))


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
    return _SPACE.sub("", unicodedata.normalize("NFKC", text))


def content_hash(paragraphs: list[str]) -> str:
    """Hash of an article's text that ignores whitespace, width and paragraph breaks."""
    return hashlib.sha256(squash("".join(paragraphs)).encode("utf-8")).hexdigest()
