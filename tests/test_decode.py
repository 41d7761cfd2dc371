"""Decoding real pages whose declaration lies: GBK and Big5 bytes labelled ISO-8859-1,
windows-1252 or KOI8-R (in the <meta> or the HTTP header), codec names that are no text
encoding, UTF-16 and UTF-32 with and without a byte-order mark. Every case is built from real
pages of ../shared/evaldata by relabelling or re-encoding them."""

from __future__ import annotations

import codecs
import gzip
import json
import re
from functools import cache

import pytest

from tests.conftest import EVALDATA
from yuqing.errors import ExtractError
from yuqing.extract import extract_article
from yuqing.extract.decode import DecodeFailure, declared_encoding, decode

pytestmark = pytest.mark.skipif(not EVALDATA.is_dir(), reason="shared evaldata not present")

HOSTILE = EVALDATA / "zh_hostile_cases"
SINGLE_BYTE = ("iso-8859-1", "windows-1252", "koi8-r", "windows-1251")
NOT_TEXT = ("base64", "hex", "zlib", "bz2", "uu", "quopri", "rot13", "undefined", "idna", "punycode")
_CHARSET = re.compile(rb"""(charset\s*=\s*["']?)[A-Za-z0-9_:.-]+""", re.I)
_CLEANEVAL = re.compile(rb"""(<text\b[^>]*\bencoding\s*=\s*["'])[A-Za-z0-9_-]+""", re.I)


@cache
def gbk_pages() -> list[tuple[str, bytes, str]]:
    """(name, bytes, right codec) of every real GBK page in the evaldata (CleanEval, NetEase …)."""
    found = []
    folders = ("zh_cwced_dev/original", "zh_netease74_cxextractor_silver/RawHtml", "zh_misc_gold_small")
    for folder in folders:
        for path in sorted((EVALDATA / folder).rglob("*.htm*")):
            page = path.read_bytes()
            try:
                page.decode("utf-8")
            except UnicodeDecodeError:
                found.append((path.name, page, "gb18030"))
    return found


@cache
def big5_pages() -> list[tuple[str, bytes, str]]:
    """Real Taiwan and Hong Kong pages (traditional script) of the DAnIEL corpus, written in Big5
    with their meta saying so, as those sites served them before UTF-8."""
    found = []
    daniel = EVALDATA / "zh_daniel_waddle401"
    for line in (daniel / "gold.jsonl").read_text("utf-8").split("\n")[:-1:4]:
        item = json.loads(line)
        if item["script_guess"] != "traditional":
            continue
        text = (daniel / item["html_file"]).read_text("utf-8", "replace")
        text = _CHARSET.sub(rb"\1big5", text.encode("utf-8")).decode("utf-8")
        page = text.encode("big5hkscs", "xmlcharrefreplace")
        found.append((item["id"], page, "big5hkscs"))
    return found


def relabel(page: bytes, label: str) -> bytes:
    """The page with a meta saying ``label`` in front, and every other charset in its head (and
    a CleanEval wrapper's encoding) set to it."""
    head, body = page[:4096], page[4096:]
    head = _CLEANEVAL.sub(rb"\g<1>" + label.encode(), _CHARSET.sub(rb"\g<1>" + label.encode(), head))
    meta = f'<meta http-equiv="Content-Type" content="text/html; charset={label}">'.encode()
    return meta + head + body


def test_the_sets_are_big_enough() -> None:
    assert len(gbk_pages()) >= 90 and len(big5_pages()) >= 20


@pytest.mark.parametrize("label", SINGLE_BYTE)
def test_gbk_and_big5_declared_single_byte_in_the_meta_decode_from_the_bytes(label: str) -> None:
    wrong = []
    for name, page, codec in gbk_pages() + big5_pages():
        wrongly = relabel(page, label)
        text, _ = decode(wrongly)
        if _letters(text) != _letters(wrongly.decode(codec, "replace")):
            wrong.append(name)
    assert not wrong, f"{len(wrong)} pages decoded as {label}: {wrong[:5]}"


@pytest.mark.parametrize("label", SINGLE_BYTE[::2])
def test_gbk_and_big5_declared_single_byte_in_the_header_decode_from_the_bytes(label: str) -> None:
    for name, page, codec in gbk_pages() + big5_pages():
        text, _ = decode(page, f"text/html; charset={label}")
        assert _letters(text) == _letters(page.decode(codec, "replace")), name


def test_netease_page_served_as_iso_8859_1_is_read_as_gbk() -> None:
    page = (HOSTILE / "netease12_gbk.html").read_bytes()
    header = "text/html; charset=ISO-8859-1"
    found = extract_article(page, "https://money.163.com/x.html", content_type=header)
    assert found.title == "李克强：培育长期稳定健康发展的资本市场" and found.encoding == "gb18030"
    latin = extract_article((HOSTILE / "x_gbk_declared_latin1.html").read_bytes(), "http://a.cn/1.html")
    assert latin.title.startswith("国标码页面")


def test_real_single_byte_pages_stay_single_byte() -> None:
    """English pages written in windows-1252 (curly quotes, dashes, accents) are not taken for GBK."""
    checked = 0
    for path in sorted((EVALDATA / "en_scrapinghub_aeb181" / "html").glob("*.gz"))[:60]:
        right = gzip.decompress(path.read_bytes()).decode("utf-8")
        page = right.encode("cp1252", "xmlcharrefreplace")
        if page.isascii():
            continue
        checked += 1
        for label in ("windows-1252", "iso-8859-1"):
            wrongly = relabel(page, label)
            text, encoding = decode(wrongly)
            assert encoding == "cp1252" and text == wrongly.decode("cp1252"), path.name
    assert checked >= 20


@pytest.mark.parametrize("name", NOT_TEXT)
def test_codec_names_that_are_not_text_encodings_declare_nothing(name: str) -> None:
    _, page, codec = gbk_pages()[0]
    assert declared_encoding(relabel(page, name)) is None
    assert declared_encoding(page, f"text/html; charset={name}") is not None  # falls back to the meta
    wrongly = relabel(page, name)
    text, _ = decode(wrongly, f"text/html; charset={name}")
    assert _letters(text) == _letters(wrongly.decode(codec, "replace"))


def test_utf16_and_utf32_with_and_without_a_mark_odd_bytes_and_lone_surrogates() -> None:
    _, page, codec = gbk_pages()[1]
    right = page.decode(codec, "replace")
    for encoding, mark in (
        ("utf-16-le", codecs.BOM_UTF16_LE),
        ("utf-16-be", codecs.BOM_UTF16_BE),
        ("utf-32-le", codecs.BOM_UTF32_LE),
        ("utf-32-be", codecs.BOM_UTF32_BE),
    ):
        body = right.encode(encoding)
        assert _letters(decode(mark + body)[0]) == _letters(right), encoding
        if encoding.startswith("utf-16"):
            assert _letters(decode(body)[0]) == _letters(right), f"{encoding} without a mark"
            assert _letters(decode(mark + body + b"A")[0]) == _letters(right)  # odd byte count
            lone = mark + body[:200] + "\ud800".encode(encoding, "surrogatepass") + body[200:]
            assert decode(lone)[0].count("\ufffd") == 1


def test_hostile_pages_give_an_article_or_a_named_reason() -> None:
    outcomes = {}
    for path in sorted(HOSTILE.glob("*.html")):
        try:
            outcomes[path.name] = extract_article(path.read_bytes(), path.as_uri()).title
        except ExtractError as exc:
            outcomes[path.name] = exc.reason
    assert outcomes["x_utf16_odd.html"] == "奇数字节页面标题"
    assert outcomes["x_charset_base64.html"].startswith("字符集写成base64")
    assert outcomes["x_charset_punycode.html"].startswith("字符集写成punycode")
    assert outcomes["x_space.html"] == "empty"


def test_binary_stays_binary() -> None:
    with pytest.raises(DecodeFailure) as caught:
        decode(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20, "text/html")
    assert caught.value.reason == "binary"
    with pytest.raises(DecodeFailure):
        decode(bytes(range(256)) * 40)  # NULs on both sides of the pairs: not UTF-16


def _letters(text: str) -> str:
    """The text without markup-independent noise: whitespace and replacement characters."""
    return re.sub(r"[\s\ufffd]", "", text)


def test_a_page_cut_off_mid_character_ends_in_no_replacement_character() -> None:
    _, page, codec = gbk_pages()[1]
    right = page.decode(codec, "replace")
    cut = right.rindex("。")  # a cut in running text, as a dropped connection makes
    for encoding in (codec, "utf-8", "utf-16-le"):
        whole = right[:cut].encode(encoding)
        half = (right[:cut] + "医").encode(encoding)[:-1]  # the first bytes of one more character
        text = decode(half)[0]
        assert not text.endswith("\ufffd") and text.count("\ufffd") == decode(whole)[0].count("\ufffd"), (
            encoding
        )
    odd = extract_article((HOSTILE / "x_utf16_odd.html").read_bytes(), "https://e.cn/x_utf16_odd.html")
    assert not any("\ufffd" in line for line in odd.paragraphs), odd.paragraphs


def test_a_line_of_only_replacement_characters_is_no_text() -> None:
    """Real page (thepaper.cn) whose saved copy holds U+FFFD runs where emoji were."""
    page = EVALDATA / "zh_gne_testpages_nogold" / "tests" / "thepaper" / "2.html"
    got = extract_article(page.read_bytes(), "https://www.thepaper.cn/newsDetail_forward_2.html")
    assert got.paragraphs and not any(line.strip("\ufffd ") == "" for line in got.paragraphs)
