"""Title, outlet and author of an article page.

The title is the page's headline: a heading or headline tag (h1, og:title, ArticleTitle,
JSON-LD headline, WeChat's msg_title) that the ``<title>`` contains, else the ``<title>``
without its site and channel names — unless the ``<title>`` holds only the site's name (the
name its footer or og:site_name gives, or a ``<title>`` that a headline tag and a visible
heading agree against), when the headline tags and headings decide. Every step is linear in
the title's length: a ``<title>`` with 20,000 suffixes costs what its characters cost.

The outlet is the 来源 a byline credits, else the account a platform page belongs to
(WeChat's #js_name); the author the names after 记者/作者/文/通讯员 — never 责任编辑 or any
other editor, never a body phrase (记者注意到…): a name needs a known surname or a middle dot.
"""

from __future__ import annotations

import re

from lxml import etree

from yuqing.extract.blocks import Block
from yuqing.extract.boilerplate import is_metadata
from yuqing.extract.names import CJK, DOTS, is_name, normalise_dots
from yuqing.text import squash

# Separators before a trailing site or channel name: "_新京报", "-人民网", "|千龙网", " - 网易".
_SUFFIX_SEP = re.compile(r"\s*(?:[_|｜]+|\s[-—–·]+\s?|[-—–]{1,2}|·)\s*")
# Separators between headline, channel and site in either order: "_", "|", " - ", "--", "——".
_SEPARATOR = re.compile(r"\s*(?:[_|｜]+|\s[-—–·]+\s|-{2,}|—{2,}|–{2,})\s*")
_SUFFIX_MAX = 24  # a longer tail is part of the headline, not a site or channel name
_HEAD_MIN = 5  # never strip a title down to fewer characters than this
_ABOVE = 8  # blocks above the text searched for a headline when the page has no <title>
_SENTENCE = re.compile(r"[，。！？,!?]")
_HEADLINE_META = ("og:title", "twitter:title", "articletitle", "title", "headline")
_SITE_META = ("og:site_name", "application-name")
_SCRIPT_HEADLINE = re.compile(
    r"""(?:"headline"\s*:\s*"([^"]{4,200})"|\bmsg_title\s*=\s*(['"])(.{4,200}?)\2)"""
)
_SOURCE_LINE = re.compile(r"来源|來源|稿源")
_SITE_WORD = re.compile(r"(?:网|網|报|報|台|社|站|委员会|委員會|局|政府|中心|频道|頻道|新闻|新聞|在线|平台)$")
_SITE_NAME_MAX = 12  # longer <title>s are headlines even when they end like a site's name
_FOOTER = re.compile(r"版权|版權|主办|主辦|承办|主管|Copyright|©|ICP|All rights", re.I)

_OUTLET = re.compile(
    r"(?:来源|文章来源|信息来源|稿源|来自)\s*[:：]\s*(?!标题)"
    r"(?:<<)?\s*([\u4e00-\u9fffA-Za-z0-9《》（）()·\-]{2,24}?)"
    r"(?=$|[\s|/,，　]|作者|记者|编辑|责任|发布|时间|浏览|字号|点击|\d{4})"
)
# 中国证券网(上海): a place or desk in brackets after the name is no part of it
# 人民网-社会频道: a channel of the outlet after a hyphen is no part of its name (环球时报-环球网 is)
_CHANNEL = re.compile(r"-[^-]{1,8}(?:频道|頻道|栏目|欄目|专题|專題|板块)$")
_PLACE_NOTE = re.compile(r"\s*[（(][^（）()]{1,10}[)）]$")
_NOT_OUTLET = frozenset(
    {"本站", "本网", "本台", "原创", "网络", "互联网", "未知", "综合", "网友", "转载", "其他"}
)
_ACCOUNT = "//*[@id='js_name']//text()"
_SCRIPT_ACCOUNT = re.compile(r"""\bnickname\s*=\s*(['"])([^'"]{2,40})\1""")

# 记者/作者/撰文/采写/通讯员 … and their prefixes (本报, 特约, 见习); 文 only before : or /.
_ROLE = re.compile(
    r"(?<![责编审校責編審])(?:(?:本报|本報|本刊|本台|本网|本網|特约|特約|见习|見習|实习|實習|摄影|攝影)?"
    r"(?:记者|記者|作者|撰文|撰稿|采写|採寫|通讯员|通訊員|实习生|實習生)"
    r"|(?<![\u4e00-\u9fff])文(?=\s*[:：/|]))\s*[:：|/]?\s*"
)
_NAME_SEP = re.compile(rf"[\s、,，/|]+|(?<=[{CJK}{DOTS}])(?=[^{CJK}{DOTS}\s、,，/|])")  # also before ）
_CREDITED = re.compile(rf"[{CJK}]{{2,6}}")  # a name in a credit of names only
_OPEN = re.compile(r"[（(【\[]")
_CLOSE = re.compile(r"[）)】\]]")
_CREDIT_PREFIX = 12  # characters between an opening bracket and the role word (新华社记者)
_CREDIT_LINE = 40  # a byline line of names only is short
_FIELD = re.compile(
    r"(来源|來源|发布|發佈|时间|時間|日期|编辑|編輯|责任|責任|责编|通讯员|通訊員|实习生|實習生|摄影|攝影|报道|報導|报導)"
)
_ROLE_WORD = re.compile(
    r"(?:本报|本報|特约|特約|见习|見習|实习|實習)?(?:记者|記者|通讯员|通訊員|实习生|實習生|摄影|攝影|摄|攝)"
)
_TRAILING = "摄电讯等"  # 王雪摄, 张晓电: a credit or dateline mark written onto the name
_NAME_SPAN = 40  # characters after a role word searched for its names


def page_title(root: etree._Element, blocks: list[Block], body_start: int, page: str = "") -> str:
    """The headline (see the module's docstring); ``page`` is the decoded HTML, scripts included."""
    raw = _raw_title(root)
    core = strip_affixes(raw) if raw else ""
    others = [p for p in _parts(raw) if squash(p) != squash(core)]
    if others and _names_the_site(core, root, blocks, body_start):
        core = max(others, key=len)  # "宪法解读_北京市中医管理局": the headline beside the site's name
    heads = [b.text.strip() for b in blocks if b.heading and 4 <= len(b.text) <= 80]
    sites = {squash(v) for v in _meta_values(root, _SITE_META)}
    tags = [t for t in map(strip_affixes, headline_tags(root, page)) if squash(t) not in sites]
    raw_key, core_key = squash(raw), squash(core)
    inside = [c for c in heads + tags if _within(squash(c), raw_key, core_key)]
    if inside:
        return max(inside, key=len)
    shown = _shown_segments(raw, blocks, body_start)
    if shown and core_key not in {squash(s) for s in shown}:
        return shown[0]  # "频道描述--标题--网站": the part the page shows as a line is the headline
    agreed = [h for h in heads for t in tags if _same(squash(h), squash(t))]
    if agreed:
        return agreed[0]
    if core and not _names_the_site(core, root, blocks, body_start):
        return core
    if chosen := next((t for t in tags if squash(t) != core_key), None):
        return chosen
    return _nearest_heading(blocks, body_start) or core


def _shown_segments(raw: str, blocks: list[Block], body_start: int) -> list[str]:
    """Parts of the <title> that stand alone as a line of the page, nearest to the text first."""
    parts = {squash(p): p.strip() for p in _SUFFIX_SEP.split(raw) if len(p.strip()) >= 6}
    if len(parts) < 2:
        return []
    found = [
        (abs(body_start - i), parts[key]) for i, b in enumerate(blocks) if (key := squash(b.text)) in parts
    ]
    return [text for _, text in sorted(found)]


def headline_tags(root: etree._Element, page: str = "") -> list[str]:
    """Headlines the page states for machines: og:title, twitter:title, ArticleTitle, title,
    itemprop=headline, JSON-LD headline, WeChat's ``var msg_title``."""
    found = _meta_values(root, _HEADLINE_META)
    if "itemprop" in page:  # cheap tests on the page before walking or scanning it
        found += ["".join(e.itertext()) for e in root.xpath("//*[@itemprop='headline']") if e.tag != "meta"]
    if '"headline"' in page or "msg_title" in page:
        found += [m.group(1) or m.group(3) for m in _SCRIPT_HEADLINE.finditer(page)]
    return [text for f in found if (text := " ".join(f.split()))]


def _meta_values(root: etree._Element, names: tuple[str, ...]) -> list[str]:
    """Contents of the <meta> tags with these names (name, property or itemprop), in order."""
    found = []
    for el in root.iter("meta"):
        name = (el.get("property") or el.get("name") or el.get("itemprop") or "").lower()
        if name in names and (content := el.get("content")):
            found.append(content)
    return found


def _within(key: str, raw_key: str, core_key: str) -> bool:
    """A candidate the <title> contains that is the headline, not only a site or channel name:
    it contains the title's core, or makes up most of it."""
    return (
        bool(key)
        and key in raw_key
        and (core_key in key or (key in core_key and len(key) * 5 >= len(core_key) * 3))
    )


def _same(a: str, b: str) -> bool:
    return bool(a and b) and (a == b or (min(len(a), len(b)) >= 6 and (a in b or b in a)))


def _names_the_site(core: str, root: etree._Element, blocks: list[Block], body_start: int) -> bool:
    """Whether a <title> is only the site's name: og:site_name, the footer or a 来源 line gives
    that name, or it is a short name of a site (…网, …报, …委员会) while a headline stands
    above the text."""
    key = squash(core)
    if any(squash(v) == key for v in _meta_values(root, _SITE_META)):
        return True
    if any(key in squash(b.text) for b in blocks[-12:] if _FOOTER.search(b.text) and len(b.text) <= 200):
        return True
    top = blocks[: body_start + 4]
    if any(key in squash(b.text) for b in top if _SOURCE_LINE.search(b.text) and len(b.text) <= 80):
        return True
    return (
        len(key) <= _SITE_NAME_MAX
        and bool(_SITE_WORD.search(key))
        and bool(_nearest_heading(blocks, body_start))
    )


def _nearest_heading(blocks: list[Block], body_start: int) -> str:
    """The heading standing nearest above the text, else a headline-like line just under it."""
    above = blocks[max(0, body_start - _ABOVE) : body_start]
    near = [b for b in above if b.heading and 6 <= len(b.text) <= 80] or [b for b in above if _headline(b)]
    if near:
        return near[-1].text.strip()
    top = blocks[body_start : body_start + 3]
    first = [b for b in top if b.heading and 6 <= len(b.text) <= 80] or [b for b in top if _headline(b)]
    return first[0].text.strip() if first else ""


def _headline(block: Block) -> bool:
    """A short line that is neither a link, a sentence nor a date/byline line."""
    return (
        6 <= len(block.text) <= 60
        and not block.link_chars
        and block.punct <= 2
        and not is_metadata(block.text)
    )


def _raw_title(root: etree._Element) -> str:
    texts = root.xpath("//title//text()") or root.xpath("//text/@title")  # CleanEval wrapper
    return " ".join(" ".join(str(t) for t in texts).split())


def _parts(title: str) -> list[str]:
    return [p.strip() for p in _SEPARATOR.split(title) if p.strip()]


def strip_affixes(title: str) -> str:
    """Remove site and channel names: "标题_财经_新浪网" and "千龙网--汽车--标题" → "标题"."""
    parts = _parts(title)
    if len(parts) > 1:
        longest = max(parts, key=len)
        if len(longest) >= 6:
            return longest
    return strip_suffix(title)


def strip_suffix(title: str) -> str:
    """Remove trailing site and channel names: "标题_财经_新浪网" → "标题". One pass over the
    separators from the end, so a title with thousands of suffixes costs linear time."""
    title = title.strip()
    end = len(title)
    for sep in reversed(list(_SUFFIX_SEP.finditer(title))):
        if sep.end() >= end:
            continue  # a separator at the very end: nothing after it to strip
        tail = title[sep.end() : end].strip()
        if (
            sep.start() < _HEAD_MIN
            or len(tail) > min(_SUFFIX_MAX, sep.start())
            or _SENTENCE.search(tail)
            or _SUFFIX_SEP.search(tail)
        ):
            break
        end = sep.start()
    return title[:end].strip()


def find_outlet(lines: list[str]) -> str | None:
    """The publication named by the first 来源：field in ``lines``."""
    for line in lines:
        if m := _OUTLET.search(line):
            name = _CHANNEL.sub("", _PLACE_NOTE.sub("", m.group(1))).strip("《》（）() -")
            if len(name) >= 2 and not name.isdigit() and name not in _NOT_OUTLET:
                return name
    return None


def account_name(root: etree._Element, page: str = "") -> str | None:
    """The account a platform article belongs to (WeChat's #js_name or ``var nickname``)."""
    texts = [" ".join(str(t).split()) for t in root.xpath(_ACCOUNT)] if "js_name" in page else []
    name = next((t for t in texts if t), None)
    if name is None and "nickname" in page and (m := _SCRIPT_ACCOUNT.search(page)):
        name = m.group(2).strip()
    return name or None


def find_author(lines: list[str]) -> str | None:
    """Names after 记者/作者/文/通讯员 in ``lines`` (never an editor), space separated."""
    for line in lines:
        for role in _ROLE.finditer(line):
            after = line[role.end() : role.end() + _NAME_SPAN]
            if names := _names_after(after, _credit(line, role, after)):
                return " ".join(names)
    return None


def _credit(line: str, role: re.Match[str], after: str) -> bool:
    """Whether the role word opens a credit made only of names: one in brackets, （记者 格桑边觉）,
    or a short line of its own, 记者 王雪 欧阳晓东 (a space or colon after 记者). There a name
    needs no known surname (Tibetan and other names have none); in running text it does, so
    记者注意到 is no author."""
    closing = _CLOSE.search(after)
    if closing and _OPEN.search(line[max(0, role.start() - _CREDIT_PREFIX) : role.start()]):
        return not _SENTENCE.search(after[: closing.start()])
    spaced = bool(re.search(r"[\s:：/]$", role.group(0)))  # 记者 王雪, not 记者了解到
    return spaced and len(line) <= _CREDIT_LINE and not _SENTENCE.search(line) and not closing


def _names_after(text: str, credit: bool = False) -> list[str]:
    """The names a byline lists: 王雪、欧阳晓东 / 古丽娜尔·艾山 王雪 / 张三 通讯员 李四 报道."""
    names: list[str] = []
    for token in _NAME_SEP.split(_FIELD.sub(r" \1 ", normalise_dots(text)).strip()):
        if _ROLE_WORD.fullmatch(token):
            continue
        if _FIELD.fullmatch(token):  # 报道, 来源, 编辑: the names have ended
            break
        name = token[:-1] if token[-1:] in _TRAILING and is_name(token[:-1]) else token
        if not (is_name(name) or (credit and _CREDITED.fullmatch(name))):
            break
        names.append(name)
    return names
