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
    r"猜你喜欢|延伸阅读|更多精彩|大家都在看|网友评论|我要评论|发表评论|评论区|反侵权公告|版权声明|免责声明|"
    r"原创版权|转载申请|版权所有|Copyright|©|分享到|关闭窗口|返回顶部|打印本页|【打印】|扫一扫)",
    re.I,
)
# The heading of a section that follows articles: a lead word and a kind of item, alone on a line
# (热门推荐, 相关阅读, 您可能感兴趣的文章, 大家都在看, 最新评论 …), so subheadings of the text
# (最新进展, 相关要求) do not match.
_SECTION = re.compile(
    r"^[【\[「]?\s*(?:相关|热门|热点|推荐|猜你|为你|你可能|您可能|大家都在|延伸|更多|精彩|最新|网友|热评|"
    r"阅读|今日|往期|编辑|小编)[\u4e00-\u9fff\s·・]{0,6}?(?:新闻|阅读|文章|推荐|链接|报道|资讯|视频|图片|图集|评论|"
    r"话题|专题|排行|排行榜|热点|喜欢|感兴趣|在看|在读|导读|精选)\s*[】\]」]?\s*(?:[>»›]+|更多)?\s*$"
)
# A comment box: "评论(3)", "共12条评论", "请先说点什么", "登录后参与讨论".
_COMMENTS = re.compile(
    r"^(?:评论|跟帖|留言|热评)\s*[(（]\s*\d+\s*[)）]$|^共?\s*\d+\s*条(?:评论|跟帖|留言)|说点什么|后参与讨论|^登录后"
)
# Lines dropped wherever they are: editors in charge, share/print widgets, error-report links.
_JUNK = re.compile(
    r"^[（(\[【]?\s*(?:责任编辑|责编|值班编辑|编审|审核|校对|纠错|分享|收藏|打印|关闭|字号|返回)\s*[:：】]?"
    r"[\u4e00-\u9fff\sA-Za-z_、]{0,20}[）)\]】]?$|^【纠错】|^分享到[:：]?|^扫一扫|^\[?(?:打印|关闭)\]?$|"
    r"^.{0,36}(?:责任编辑|责编)\s*[:：]\s*[\w、 ]{1,24}[）)\]】]?$|"  # a 来源 line ending in its editor
    r"^(?:微信|手机)?扫一?扫|^扫码|^长按(?:识别|二维码)|^一键(?:转发|分享)",
)
# Widgets and promotions, dropped wherever they stand when the line is short: font-size and print
# tools, QR-code prompts, app downloads, follow buttons, bare counters (阅读 2,566, 推荐99, +1).
_WIDGET = re.compile(
    r"^(?:调整)?字[体号][:：]?\s*(?:[大中小]|放大|缩小|正常|默认|\s)*$|打印\s*字体|"
    r"^用?(?:微信|手机)?扫(?:描|一扫)?(?:下方)?二维码|扫描二维码关注|扫码关注|请关注.{0,16}(?:公众号|微信)|"
    r"^(?:下载|安装)[\u4e00-\u9fff]{0,10}(?:客户端|APP|App)|^[\u4e00-\u9fff]{2,12}(?:公众号|微信号|客户端)$|"
    r"^(?:关注|已收藏|收藏|点赞|在看|分享|举报|图集)[!！]?$|^(?:推荐|点赞|赞|阅读|浏览)\s*[:：]?\s*[\d,]+$|"
    r"^[+＋]\d+$|^\d{1,3}(?:,\d{3})+$|^发布于[:：]",
    re.I,
)
_WIDGET_MAX = 60  # longer lines are text
# A platform's or publisher's statement below a reposted article (平台声明, 特别声明 …).
_STATEMENT = re.compile(
    r"^(?:平台声明|特别声明|郑重声明|声明)[:：]?|仅代表(?:作者|该机构|本人)[\u4e00-\u9fff]{0,6}(?:观点|立场)|"
    r"仅提供信息(?:存储空间|发布平台)"
)
# Footers and comment threads, wherever they stand in a short line.
_END_IN = re.compile(
    r"版权所有|ICP备|ICP证|国内统一刊号|未经授权不得|更多评论|参与评论|网友评论|我来说两句|通行证|"
    r"未经[\u4e00-\u9fff]{0,4}(?:许可|授权|同意)|擅自转载|侵权必究|违者必究|侵犯[\u4e00-\u9fff]{0,2}著作权|"
    r"\[\d{1,3}\.\d{1,3}\.\d{1,3}\.\*\]"
)
_END_IN_MAX = 120  # longer lines are text that happens to mention these words
_FOOTER = re.compile(r"版权所有|ICP备|ICP证|国内统一刊号|未经授权不得|我来说两句")
_LABEL = re.compile(r"^[【\[]\s*[^】\]]{1,12}\s*[】\]]$")
_KEEP = re.compile(r"^来源标题\s*[:：]")
END_MIN_CHARS = 80  # an end marker counts only once some text came before it
# Markers nothing of the article follows, wherever they stand (a comment box, 上一篇/下一篇, the
# copyright footer) — unlike 相关阅读-like headings, which an inline box in mid-text carries too.
_HARD_END = re.compile(
    r"^[【\[（(]?\s*(?:上一篇|下一篇|上一条|下一条|网友评论|我要评论|发表评论|评论区|最新评论|热门评论|全部评论|"
    r"反侵权公告|版权声明|免责声明|版权所有|Copyright|©|关闭窗口|返回顶部)",
    re.I,
)


def clean(paragraphs: list[str], title: str = "") -> list[str]:
    """The article's own paragraphs, in order."""
    # a line of nothing but replacement characters (emoji a page lost when it was saved) says nothing
    paras = [p.strip() for p in paragraphs if p.strip(" \t\n\u3000\ufffd")]
    paras = _cut_head(paras, title)
    paras = _cut_tail(paras)
    return [p for p in paras if not is_junk(p)]


def is_metadata(line: str) -> bool:
    """A short line made of date, source and byline fields rather than sentences."""
    return len(line) <= 80 and bool(_META.search(line) or _BYLINE.match(line))


def end_marker(line: str) -> bool:
    """A line after which an article's own text is over (上一篇, 相关新闻, 版权所有, 热门推荐,
    评论(0) …)."""
    return bool(
        _END.match(line)
        or _SECTION.match(line)
        or (len(line) <= _END_IN_MAX and (_END_IN.search(line) or _COMMENTS.search(line)))
        or (len(line) <= _END_IN_MAX * 2 and _STATEMENT.search(line))
    )


def hard_end(line: str) -> bool:
    """A line after which nothing belongs to the article, even in the middle of its container:
    comments, previous/next links, copyright footers."""
    return bool(
        _HARD_END.match(line)
        or (len(line) <= _END_IN_MAX and (_COMMENTS.search(line) or _FOOTER.search(line)))
    )


def is_junk(line: str) -> bool:
    """An editor, share, print or promotion line that is never text (责任编辑, 分享到, 【纠错】,
    扫描二维码关注 …)."""
    if _KEEP.match(line):
        return False
    return bool(_JUNK.search(line) or (len(line) <= _WIDGET_MAX and _WIDGET.search(line)))


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
        if seen >= END_MIN_CHARS and end_marker(para):
            return paras[:i]
        seen += len(para)
    return paras
