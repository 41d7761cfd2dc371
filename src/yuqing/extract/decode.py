"""From fetched bytes to text: refuse binary files, then find the encoding, trusting the bytes over
a wrong declaration (pages saved by a browser keep a gb2312 meta over UTF-8 bytes)."""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

# Signatures of files that are never pages: PDF, images, archives, office files, media.
_MAGIC = (
    b"%PDF",
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"GIF8",
    b"PK\x03\x04",
    b"\x1f\x8b",
    b"Rar!",
    b"7z\xbc\xaf",
    b"\xd0\xcf\x11\xe0",
    b"BM",
    b"RIFF",
    b"ID3",
    b"\x00\x00\x00",
    b"OggS",
    b"fLaC",
    b"wOFF",
)
_TEXT_TYPES = ("text/", "html", "xml", "json")
_META = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)""", re.I)
_HEADER = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_:.-]+)", re.I)
_CLEANEVAL = re.compile(rb"""<text\b[^>]*\bencoding\s*=\s*["']([A-Za-z0-9_-]+)""", re.I)
# Chinese national encodings are all subsets of gb18030; decoding with it loses nothing.
_GB = {"gb2312", "gbk", "gb231280", "xgbk", "cp936", "euccn", "gb18030", "xeuccn"}
_MAX_BAD = 0.002  # share of undecodable characters a real page may carry (a truncated byte or two)


class DecodeFailure(Exception):
    """Bytes that are not a page (``binary``) or whose encoding cannot be found (``undecodable``)."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


def is_binary(page: bytes, content_type: str | None = None) -> bool:
    """True for PDF, images, archives and other non-text payloads."""
    if content_type:
        kind = content_type.split(";")[0].strip().lower()
        if kind and not any(t in kind for t in _TEXT_TYPES):
            return True
    head = page[:1024].lstrip()
    if head.startswith(_MAGIC):
        return True
    return head.count(b"\x00") > 8  # UTF-16 pages carry a BOM and are handled before this


def declared_encoding(page: bytes, content_type: str | None = None) -> str | None:
    """The encoding named by the HTTP header, else by a <meta> (or CleanEval wrapper) in the head."""
    if content_type and (header := _HEADER.search(content_type)):
        return _normalise(header.group(1))
    head = page[:4096]
    for pattern in (_META, _CLEANEVAL):
        if m := pattern.search(head):
            return _normalise(m.group(1).decode("ascii", "ignore"))
    return None


def decode(page: bytes, content_type: str | None = None) -> tuple[str, str]:
    """Return (text, encoding name). Raises DecodeFailure."""
    if page.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return page.decode("utf-16"), "utf-16"
    if is_binary(page, content_type):
        raise DecodeFailure("binary", "not a text page (binary signature or content type)")
    if page.startswith(codecs.BOM_UTF8):
        return page[3:].decode("utf-8", "replace"), "utf-8"
    try:  # GBK text is almost never valid UTF-8, so valid UTF-8 wins over any declaration
        return page.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    declared = declared_encoding(page, content_type)
    for encoding in _candidates(page, declared):
        text = page.decode(encoding, "replace")
        if text.count("\ufffd") <= _MAX_BAD * max(len(text), 1):
            return text, encoding
    raise DecodeFailure("undecodable", f"no encoding decodes the page (declared: {declared})")


def _candidates(page: bytes, declared: str | None) -> list[str]:
    found: list[str] = []
    if declared and declared != "utf-8":
        found.append(declared)
    guess = from_bytes(page[:200_000]).best()
    if guess is not None:
        found.append(_normalise(guess.encoding) or guess.encoding)
    found += ["gb18030", "utf-8", "big5"]
    return list(dict.fromkeys(found))


def _normalise(name: str) -> str | None:
    name = name.strip().lower()
    if re.sub(r"[-_]", "", name) in _GB:
        return "gb18030"
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None
