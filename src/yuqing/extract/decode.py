"""From fetched bytes to text: refuse binary files, then find the encoding, trusting the bytes over
a wrong declaration (pages saved by a browser keep a gb2312 meta over UTF-8 bytes; servers send
``charset=ISO-8859-1`` over GBK pages).

Order of evidence: a byte-order mark (UTF-32 before UTF-16, whose mark it begins with), UTF-16
without a mark (NULs on one side of every ASCII character), valid UTF-8, then the declared
encoding, charset-normalizer's guess and the Chinese national encodings. Declarations are read as
the WHATWG Encoding Standard reads labels (the ``webencodings`` table): a name that is not a text
encoding label (``base64``, ``zlib``, ``rot13``, ``punycode`` …) declares nothing. A single-byte
declaration (ISO-8859-1, windows-1252, KOI8-R …) decodes any bytes at all, so it never wins over
bytes that read as plausible GBK or Big5 text.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from functools import lru_cache

import webencodings
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
_BOMS = (  # UTF-32 first: its little-endian mark starts with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_TEXT_TYPES = ("text/", "html", "xml", "json")
_META = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)""", re.I)
_HEADER = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_:.-]+)", re.I)
_CLEANEVAL = re.compile(rb"""<text\b[^>]*\bencoding\s*=\s*["']([A-Za-z0-9_-]+)""", re.I)
# Chinese national encodings are all subsets of gb18030 (the WHATWG "gbk" decoder is gb18030's).
_GB = {"gb2312", "gbk", "gb231280", "xgbk", "cp936", "euccn", "gb18030", "xeuccn"}
_MAX_BAD = 0.002  # share of undecodable characters a real page may carry (a truncated byte or two)
_UTF16_SAMPLE = 4096  # bytes looked at to tell UTF-16 without a mark
_MIN_CJK = 8  # multi-byte characters needed before GBK/Big5 is preferred over a single-byte label
_MIN_COMMON = 0.8  # share of them that must be everyday characters (GB2312, Big5 level 1)
_CJK_CODECS = ("gb18030", "big5hkscs")
_CJK_SAMPLE = 200_000  # characters whose commonness is counted
_NARROW = re.compile(r"[\x00-\x7f\ufffd]+")
_NOT_BIG5_LEVEL1 = bytes(b for b in range(256) if not 0xA1 <= b <= 0xC6)
_PROBE = b"<meta charset='x'> Az09 .,;:!?-_/()[]{}+=&%#@~\t\r\n"


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
    return head.count(b"\x00") > 8  # UTF-16 pages are handled before this


def declared_encoding(page: bytes, content_type: str | None = None) -> str | None:
    """The Python codec named by the HTTP header, else by a <meta> (or CleanEval wrapper) in the
    head; labels that name no text encoding are skipped, as browsers skip them."""
    if content_type:
        for label in _HEADER.findall(content_type):
            if found := normalise_label(label):
                return found
    head = page[:4096]
    for pattern in (_META, _CLEANEVAL):
        for label in pattern.findall(head):
            if found := normalise_label(label.decode("ascii", "ignore")):
                return found
    return None


def decode(page: bytes, content_type: str | None = None) -> tuple[str, str]:
    """Return (text, Python codec name). Raises DecodeFailure (reason ``binary`` or ``undecodable``)."""
    for mark, encoding in _BOMS:
        if page.startswith(mark):
            return _whole(page[len(mark) :].decode(encoding, "replace")), encoding
    if wide := _utf16_without_mark(page):
        return _whole(page.decode(wide, "replace")), wide
    if is_binary(page, content_type):
        raise DecodeFailure("binary", "not a text page (binary signature or content type)")
    try:  # GBK text is almost never valid UTF-8, so valid UTF-8 wins over any declaration
        return page.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    declared = declared_encoding(page, content_type)
    for encoding in _candidates(page, declared):
        if _single_byte(encoding) and (cjk := _cjk_reading(page)):
            return cjk  # a single-byte label decodes anything; the bytes say they are Chinese
        text = page.decode(encoding, "replace")
        if _few_bad(text):
            return _whole(text), encoding
    raise DecodeFailure("undecodable", f"no encoding decodes the page (declared: {declared})")


def _whole(text: str) -> str:
    """The text without the replacement characters a page cut off mid-character ends in (half of
    a UTF-16 code unit, the first bytes of a GBK or UTF-8 character): they stand for nothing."""
    return text.rstrip("\ufffd")


def _candidates(page: bytes, declared: str | None) -> Iterator[str]:
    """The declared encoding, charset-normalizer's guess (computed only when needed, it costs
    most of the time here), then the national encodings, each once."""
    seen: set[str] = set()
    for name in _lazy_candidates(page, declared):
        if name not in seen:
            seen.add(name)
            yield name


def _lazy_candidates(page: bytes, declared: str | None) -> Iterator[str]:
    if declared and declared != "utf-8":
        yield declared
    guess = from_bytes(page[:200_000]).best()
    if guess is not None and (name := normalise_label(guess.encoding) or _python_codec(guess.encoding)):
        yield name
    yield from ("gb18030", "utf-8", "big5hkscs")


def _utf16_without_mark(page: bytes) -> str | None:
    """utf-16-le/-be when NULs stand on one side of nearly every byte pair (ASCII markup in
    UTF-16) and the text starts like a page; None otherwise."""
    sample = page[: _UTF16_SAMPLE - _UTF16_SAMPLE % 2]
    pairs = len(sample) // 2
    if pairs < 8:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    for zeros, other, encoding in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if zeros >= 0.3 * pairs and other <= 0.02 * pairs:
            head = sample.decode(encoding, "replace").lstrip("\ufeff \t\r\n")
            if head.startswith("<"):
                return encoding
    return None


def _cjk_reading(page: bytes) -> tuple[str, str] | None:
    """The page as GBK or Big5 when it reads as everyday Chinese text in one of them: nearly no
    undecodable bytes, and most characters common ones (Latin-1 or KOI8-R text misread as GBK
    fails on one or the other)."""
    best: tuple[float, str, str] | None = None
    for encoding in _CJK_CODECS:
        text = page.decode(encoding, "replace")
        if not _few_bad(text):
            continue
        wide = _NARROW.sub("", text[:_CJK_SAMPLE])
        if len(wide) < _MIN_CJK:
            continue
        share = _common(wide, encoding) / len(wide)
        if share >= _MIN_COMMON and (best is None or share > best[0]):
            best = (share, text, encoding)
    return (_whole(best[1]), best[2]) if best else None


def _common(wide: str, encoding: str) -> int:
    """How many characters are everyday ones of the national standard: GB2312 for GBK, Big5's
    level 1 (lead bytes 0xA1-0xC6: symbols and the 5,401 frequent hanzi) for Big5."""
    if encoding == "gb18030":
        return len(wide.encode("gb2312", "ignore")) // 2
    leads = wide.encode("big5", "ignore")[0::2]
    return len(leads.translate(None, _NOT_BIG5_LEVEL1))


@lru_cache(maxsize=256)
def _single_byte(encoding: str) -> bool:
    """True for codecs that map every byte to one character (ISO-8859-*, windows-125x, KOI8 …)."""
    try:
        return len(bytes(range(0x80, 0x100)).decode(encoding, "replace")) == 0x80
    except LookupError:
        return False


def _few_bad(text: str) -> bool:
    return text.count("\ufffd") <= _MAX_BAD * max(len(text), 1)


def normalise_label(label: str) -> str | None:
    """The Python codec for an encoding label as the WHATWG Encoding Standard resolves it; None
    for names that are no label (base64, hex, zlib …) or that a page cannot be in (UTF-16 in a
    <meta> of a page read as ASCII, the 'replacement' encoding)."""
    label = label.strip().lower()
    if re.sub(r"[-_]", "", label) in _GB:
        return "gb18030"
    encoding = webencodings.lookup(label)
    if encoding is None or encoding.name in ("replacement", "utf-16le", "utf-16be", "x-user-defined"):
        return None
    if encoding.name == "gbk":
        return "gb18030"
    return _python_codec(encoding.codec_info.name)


def _python_codec(name: str) -> str | None:
    """The codec's canonical name if it is an ASCII-compatible text encoding, else None."""
    try:
        info = codecs.lookup(name)
        same = _PROBE.decode(info.name) == _PROBE.decode("ascii")
    except (LookupError, UnicodeError, ValueError, TypeError):
        return None
    return info.name if same and getattr(info, "_is_text_encoding", True) else None
