"""Hostile pages made from real ones: a seeded mutator over the pages of ../shared/evaldata.

Each fuzzed page is a real page with one to three mutations of the kinds that broke or stalled
extraction in the field: flipped bytes, truncation, a wrong or nonsense charset (in the meta or
the header), UTF-16/32 with and without a mark, tag soup, attribute floods, huge attribute
values, deep nesting, titles with thousands of suffixes, control characters and NULs, XML
declarations in the middle, broken entities, pages that are empty, binary or spliced. The same
seed gives the same pages, so a crash found here can be replayed with its seed and number.
"""

from __future__ import annotations

import codecs
import gzip
import random
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from tests.conftest import EVALDATA

Mutation = Callable[[bytes, random.Random, float], bytes]
LABELS = (
    *("utf-8", "gbk", "gb2312", "big5", "iso-8859-1", "windows-1252", "koi8-r", "shift_jis", "utf-16"),
    *("base64", "hex", "zlib", "bz2", "uu", "quopri", "rot13", "undefined", "idna", "punycode"),
    *("", "x-unknown", "utf-7", "utf-32", "replacement", "hz-gb-2312", "\x00", "é"),
)
_HEAD = re.compile(rb"<head[^>]*>", re.I)
_TITLE = re.compile(rb"</title>", re.I)


@dataclass(frozen=True)
class Fuzzed:
    """One fuzzed page: where it came from, what was done to it, its bytes and its header."""

    number: int
    origin: str
    mutations: tuple[str, ...]
    page: bytes
    content_type: str | None


@cache
def real_pages(limit: int = 400) -> tuple[tuple[str, bytes], ...]:
    """Up to ``limit`` real pages of every page set in the evaldata, spread over the sets."""
    files = sorted(
        p
        for p in EVALDATA.rglob("*")
        if p.is_file() and p.suffix in (".html", ".htm", ".gz") and "zh_hostile_cases" not in p.parts
    )
    step = max(1, len(files) // limit)
    chosen = files[::step][:limit]
    return tuple((str(p.relative_to(EVALDATA)), _read(p)) for p in chosen)


def _read(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if path.suffix == ".gz" else data


def fuzzed(count: int, seed: int, scale: float = 1.0) -> Iterator[Fuzzed]:
    """``count`` fuzzed pages; ``scale`` multiplies the sizes of floods and nesting."""
    rng = random.Random(seed)
    pages = real_pages()
    for number in range(count):
        origin, page = pages[rng.randrange(len(pages))]
        names = []
        for _ in range(rng.choice((1, 1, 2, 3))):
            name, mutation = rng.choice(MUTATIONS)
            page = mutation(page, rng, scale)
            names.append(name)
        content_type = _header(rng) if rng.random() < 0.3 else None
        yield Fuzzed(number, origin, tuple(names), page, content_type)


def _size(rng: random.Random, low: int, high: int, scale: float) -> int:
    return max(1, int(rng.randint(low, high) * scale))


def _header(rng: random.Random) -> str:
    kind = rng.choice(("text/html", "text/html", "application/xhtml+xml", "text/plain", ""))
    return f"{kind}; charset={rng.choice(LABELS)}" if rng.random() < 0.8 else kind


def flip_bytes(page: bytes, rng: random.Random, scale: float) -> bytes:
    data = bytearray(page)
    for _ in range(rng.randint(1, 200)):
        if data:
            data[rng.randrange(len(data))] = rng.randrange(256)
    return bytes(data)


def truncate(page: bytes, rng: random.Random, scale: float) -> bytes:
    return page[: rng.randrange(len(page) + 1)]


def relabel(page: bytes, rng: random.Random, scale: float) -> bytes:
    meta = f'<meta http-equiv="Content-Type" content="text/html; charset={rng.choice(LABELS)}">'
    found = _HEAD.search(page)
    at = found.end() if found and rng.random() < 0.7 else 0
    return page[:at] + meta.encode("utf-8") + page[at:]


def reencode(page: bytes, rng: random.Random, scale: float) -> bytes:
    text = page.decode("utf-8", "replace") if rng.random() < 0.5 else page.decode("gb18030", "replace")
    encoding = rng.choice(("utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be", "big5", "gb18030"))
    data = text.encode(encoding, "replace")
    marks = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}
    marks |= {"utf-32-le": codecs.BOM_UTF32_LE, "utf-32-be": codecs.BOM_UTF32_BE}
    if encoding in marks and rng.random() < 0.6:
        data = marks[encoding] + data
    if rng.random() < 0.3:
        data += b"A"  # odd byte count
    if rng.random() < 0.2 and encoding.startswith("utf-16"):
        at = rng.randrange(len(data) + 1) & ~1
        data = data[:at] + "\ud800".encode(encoding, "surrogatepass") + data[at:]
    return data


_SOUP = (
    *("<p>", "</p>", "<div>", "</div>", "<table>", "<td>", "</tr>", "<li>", "<a href='x'>", "</a>"),
    *("<h1>", "</h2>", "<br>", "<title>", "</title>", "<html>", "</body>", "<body>", "<head>"),
    *("<script>", "</script>", "<style>", "<!--", "-->", "<![CDATA[", "]]>", "<?php", "?>", "<"),
    *(">", "</", "<p class='content", '"', "'", "&", "&#", "&#x", ";", "<svg><foreignObject>"),
    *("<math><mi>", "<template>", "<noscript>", "<textarea>", "<plaintext>", "<xmp>", "<frameset>"),
)


def tag_soup(page: bytes, rng: random.Random, scale: float) -> bytes:
    data = page
    for _ in range(rng.randint(1, 60)):
        at = rng.randrange(len(data) + 1)
        data = data[:at] + rng.choice(_SOUP).encode() + data[at:]
    if rng.random() < 0.3:
        data = data.replace(b">", b"", rng.randint(1, 50))
    return data


def attribute_flood(page: bytes, rng: random.Random, scale: float) -> bytes:
    count = _size(rng, 1_000, 50_000, scale)
    same = rng.random() < 0.3
    attrs = " ".join("a=1" if same else f"data-a{i}='{i}'" for i in range(count))
    return _insert_tag(page, rng, f"<div {attrs}>")


def huge_attribute(page: bytes, rng: random.Random, scale: float) -> bytes:
    size = _size(rng, 100_000, 3_000_000, scale)
    value = rng.choice(("x", "中", "&amp;", "\"'", " ")) * size
    return _insert_tag(page, rng, f"<img src='data:image/png;base64,{value}' alt=\"{value[:1000]}\">")


def deep_nesting(page: bytes, rng: random.Random, scale: float) -> bytes:
    depth = _size(rng, 1_000, 100_000, scale)
    tag = rng.choice(("div", "b", "span", "table", "p", "a", "li", "font", "blockquote"))
    return _insert_tag(page, rng, f"<{tag}>" * depth + "深" + f"</{tag}>" * rng.randint(0, depth))


def many_blocks(page: bytes, rng: random.Random, scale: float) -> bytes:
    count = _size(rng, 1_000, 50_000, scale)
    piece = rng.choice(
        ("<p>段落，内容。</p>", "<br>", "<li><a href='/a'>链接标题文字</a></li>", "<td>x</td>")
    )
    return _insert_tag(page, rng, piece * count)


def title_suffixes(page: bytes, rng: random.Random, scale: float) -> bytes:
    count = _size(rng, 100, 20_000, scale)  # suffix stripping is linear (benchmarks/title_speed.py)
    suffix = rng.choice(("-ab", "_新京报", " - 人民网", "·", "|千龙网", "——中国"))
    title = ("标题" + suffix * count).encode("utf-8")
    found = _TITLE.search(page)
    if found:
        return page[: found.start()] + title + page[found.start() :]
    return b"<title>" + title + b"</title>" + page


def control_characters(page: bytes, rng: random.Random, scale: float) -> bytes:
    data = page
    for _ in range(rng.randint(1, 100)):
        at = rng.randrange(len(data) + 1)
        junk = rng.choice((b"\x00", b"\x01", b"\x0b", b"\x1b", b"\x7f", b"\xed\xa0\x80", b"\xef\xbf\xbf"))
        data = data[:at] + junk * rng.randint(1, 20) + data[at:]
    return data


def xml_declaration(page: bytes, rng: random.Random, scale: float) -> bytes:
    declaration = rng.choice(
        (
            b'<?xml version="1.0" encoding="utf-8"?>',
            b'<?xml version="1.0" encoding="utf-16"?>',
            b"<?xml-stylesheet href='x'?>",
            b"\xef\xbb\xbf<?xml version='1.0'?>",
            b'<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0//EN" [<!ENTITY a "aaaa">]>',
        )
    )
    at = 0 if rng.random() < 0.5 else rng.randrange(len(page) + 1)
    return page[:at] + declaration + page[at:]


def broken_entities(page: bytes, rng: random.Random, scale: float) -> bytes:
    junk = (b"&#0;", b"&#xD800;", b"&#x110000;", b"&#99999999999;", b"&nbsp", b"&#x;", b"&amp;" * 1000)
    data = page
    for _ in range(rng.randint(1, 40)):
        at = rng.randrange(len(data) + 1)
        data = data[:at] + rng.choice(junk) + data[at:]
    return data


def nearly_empty(page: bytes, rng: random.Random, scale: float) -> bytes:
    del page
    return rng.choice(
        (b"", b" ", b"\r\n\r\n", b"<!DOCTYPE html>", b"<!---->", b"<!-- x", b"<html></html>", b"<?xml?>")
    )


def binary(page: bytes, rng: random.Random, scale: float) -> bytes:
    magic = rng.choice((b"", b"%PDF-1.4", b"\x89PNG\r\n\x1a\n", b"PK\x03\x04", b"\x1f\x8b", b"GIF89a"))
    return magic + rng.randbytes(rng.randint(0, 20_000)) + (page[:2000] if rng.random() < 0.3 else b"")


def splice(page: bytes, rng: random.Random, scale: float) -> bytes:
    _, other = rng.choice(real_pages())
    return page[: rng.randrange(len(page) + 1)] + other[rng.randrange(len(other) + 1) :]


def hostile_dates(page: bytes, rng: random.Random, scale: float) -> bytes:
    when = rng.choice(
        (
            "2024年13月45日",
            "发布时间：99999-99-99",
            "0000-00-00 25:61",
            "2024-02-30",
            "1e308",
            "２０２４年８月",
        )
    )
    return _insert_tag(page, rng, f"<div class='info'>{when} 来源：{'新京报' * rng.randint(1, 300)}</div>")


def _insert_tag(page: bytes, rng: random.Random, markup: str) -> bytes:
    found = re.search(rb"<body[^>]*>", page, re.I)
    at = found.end() if found and rng.random() < 0.7 else rng.randrange(len(page) + 1)
    return page[:at] + markup.encode("utf-8") + page[at:]


MUTATIONS: tuple[tuple[str, Mutation], ...] = tuple(
    (f.__name__, f)
    for f in (
        flip_bytes,
        truncate,
        relabel,
        reencode,
        tag_soup,
        attribute_flood,
        huge_attribute,
        deep_nesting,
        many_blocks,
        title_suffixes,
        control_characters,
        xml_declaration,
        broken_entities,
        nearly_empty,
        binary,
        splice,
        hostile_dates,
    )
)
