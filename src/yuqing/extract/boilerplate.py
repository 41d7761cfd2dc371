"""Line rules for Chinese page furniture left inside the body: the repeated title and the
date/source/byline lines above the text, 责任编辑 and share lines, and everything after the point
where the article ends (上一篇, 相关新闻, copyright notices)."""

from __future__ import annotations

import re

from yuqing.text import squash

_DATE = r"(?:19|20)\d\d\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}"
# A line that is only metadata: a date, 来源, 作者, 记者, 编辑, 发布时间, view counts, font-size widgets.
_META = re.compile(
    rf"{_DATE}|^(?:来源|作者|记者|编辑|发布时间|发布日期|时间|日期|浏览|阅读|点击|字号|文章来源|信息来源|稿源)"
    r"\s*[:：]|【?字号|浏览次数|阅读量|打印本页|\b\d{1,2}:\d{2}\b|^(?:本报|本刊|[\u4e00-\u9fff]{0,8}报?)记者\s"
)
_BYLINE = re.compile(
    r"^[\u4e00-\u9fff（）()]{0,12}(?:记者|通讯员|作者)[\s:：]*[\u4e00-\u9fff]{2,4}(?:[\s、]+[\u4e00-\u9fff]{2,4})*$"
)
# Lines that end the article: what follows is navigation, related items or legal footers.
_END = re.compile(
    r"^[【\[（(]?\s*(?:上一篇|下一篇|上一条|下一条|相关新闻|相关阅读|相关链接|相关文章|相关报道|推荐阅读|热点推荐|"
    r"猜你喜欢|延伸阅读|更多精彩|网友评论|我要评论|发表评论|评论区|反侵权公告|版权声明|免责声明|"
    r"原创版权|转载申请|版权所有|Copyright|©|分享到|关闭窗口|返回顶部|打印本页|【打印】|扫一扫)",
    re.I,
)
# Lines dropped wherever they are: editors in charge, share/print widgets, error-report links.
_JUNK = re.compile(
    r"^[（(\[【]?\s*(?:责任编辑|责编|值班编辑|编审|审核|校对|纠错|分享|收藏|打印|关闭|字号|返回)\s*[:：】]?"
    r"[\u4e00-\u9fff\sA-Za-z_、]{0,20}[）)\]】]?$|^【纠错】|^分享到[:：]?|^扫一扫|^\[?(?:打印|关闭)\]?$",
)
# Footers and comment threads, wherever they stand in a short line.
_END_IN = re.compile(
    r"版权所有|ICP备|ICP证|国内统一刊号|未经授权不得|更多评论|参与评论|网友评论|我来说两句|通行证|"
    r"\[\d{1,3}\.\d{1,3}\.\d{1,3}\.\*\]"
)
_END_IN_MAX = 120  # longer lines are text that happens to mention these words
_LABEL = re.compile(r"^[【\[]\s*[^】\]]{1,12}\s*[】\]]$")
_KEEP = re.compile(r"^来源标题\s*[:：]")
_END_MIN_CHARS = 80  # an end marker counts only once some text came before it


def clean(paragraphs: list[str], title: str = "") -> list[str]:
    """The article's own paragraphs, in order."""
    paras = [p.strip() for p in paragraphs if p.strip()]
    paras = _cut_head(paras, title)
    paras = _cut_tail(paras)
    return [p for p in paras if _KEEP.match(p) or not _JUNK.search(p)]


def is_metadata(line: str) -> bool:
    """A short line made of date, source and byline fields rather than sentences."""
    return len(line) <= 80 and bool(_META.search(line) or _BYLINE.match(line))


def _cut_head(paras: list[str], title: str) -> list[str]:
    """Drop the title, labels and metadata lines that stand before the first sentence of text."""
    key = squash(title)
    for i, para in enumerate(paras):
        if _KEEP.match(para):
            return paras[i:]
        flat = squash(para)
        if key and (
            flat == key
            or (len(flat) >= 6 and flat in key)
            or (len(key) >= 6 and key in flat and len(flat) < len(key) + 20)
        ):
            continue
        if is_metadata(para) or _LABEL.match(para):
            continue
        return paras[i:]
    return []


def _cut_tail(paras: list[str]) -> list[str]:
    seen = 0
    for i, para in enumerate(paras):
        ends = _END.match(para) or (len(para) <= _END_IN_MAX and _END_IN.search(para))
        if seen >= _END_MIN_CHARS and ends:
            return paras[:i]
        seen += len(para)
    return paras
