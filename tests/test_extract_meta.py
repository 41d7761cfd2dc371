"""Date, title, author and outlet by kind of page, each kind in several forms: the forms the fault
cases show, and others of the same kind a site could as well use."""

from __future__ import annotations

from datetime import datetime

import pytest

from yuqing.extract import extract_article
from yuqing.extract.metadata import strip_suffix

FETCHED = datetime(2024, 9, 2, 9, 30)  # Beijing time the test pages were "fetched"
TEXT = (
    "<p>市卫生健康委有关负责人介绍，互认工作依托全市健康信息平台开展，医生在接诊时可以调阅患者在其他医院的检查检验结果。</p>"
    "<p>下一步，本市将推动互认范围向社区卫生服务机构延伸，并探索与天津、河北医疗机构开展跨区域互认。</p>"
)

LD = '{"@type": "NewsArticle", "datePublished": "2024-08-31T16:30:00Z"}'
RELATED = "<li><a href='/b.html'>医联体建设提速</a> 2024-08-15</li>"


def page(
    *,
    title: str = "本市推进检查检验结果互认_健康频道_示例新闻网",
    head: str = "",
    above: str = "",
    h1: str = "本市推进检查检验结果互认",
    info: str = "",
    text: str = TEXT,
    after: str = "",
    script: str = "",
) -> bytes:
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title>{head}</head><body>"
        f"<div class='top'><a href='/'>首页</a> <a href='/xw/'>新闻</a> <a href='/zw/'>政务</a></div>{above}"
        f"<div class='article'><h1>{h1}</h1><div class='info'>{info}</div>"
        f"<div class='content'>{text}</div></div>"
        f"{after}<div class='footer'>版权所有 © 2003-2024 示例新闻网 京ICP备05086264号</div>"
        f"<script>{script}</script></body></html>"
    ).encode()


def extract(data: bytes, url: str = "https://news.example.cn/a/123.html") -> object:
    return extract_article(data, url, fetched_at=FETCHED)


@pytest.mark.parametrize(
    ("kwargs", "url", "day", "source"),
    [
        ({"info": "发布时间：２０２４年０８月２９日　来源：规划信息处"}, None, "2024-08-29", "byline"),
        ({"info": "２０２４－０８－２９ １０：３０"}, None, "2024-08-29", "byline"),
        ({"info": "二〇二四年八月二十九日"}, None, "2024-08-29", "byline"),
        ({"info": "发布日期：二○二四年十二月三十一日"}, None, None, None),  # after the fetch: refused
        (
            {"head": "<meta property='article:published_time' content='2024-08-31T17:05:00Z'>"},
            None,
            "2024-09-01",
            "meta",
        ),
        ({"head": "<meta name='pubdate' content='2024-08-31T20:30:00+00:00'>"}, None, "2024-09-01", "meta"),
        (
            {"head": f"<script type='application/ld+json'>{LD}</script>"},
            None,
            "2024-09-01",
            "jsonld",
        ),
        (
            {"info": "<time itemprop='datePublished' datetime='2024-08-31T23:10:00-05:00'>8月31日</time>"},
            None,
            "2024-09-01",
            "meta",
        ),
        ({}, "http://wjw.example.gov.cn/xwzx/gzdt/202408/t20240821_3456789.html", "2024-08-21", "url"),
        ({}, "https://news.example.cn/2024-08/21/content_123.htm", "2024-08-21", "url"),
        ({}, "https://news.example.cn/jk/202408/21/c_123.htm", "2024-08-21", "url"),
        ({"script": 'var ct = "1724212800";'}, None, "2024-08-21", "script"),
        ({"script": "window.publish_time = '2024-08-20 18:00';"}, None, "2024-08-20", "script"),
        ({"info": "3小时前 来源：示例新闻网"}, None, "2024-09-02", "relative"),
        ({"info": "昨天 14:20"}, None, "2024-09-01", "relative"),
        ({"info": "08-21 10:30 来源：示例新闻网"}, None, "2024-08-21", "relative"),
        ({"text": TEXT + "<p>新华社北京8月30日电</p>"}, None, None, None),
        (
            {"text": TEXT + "<p style='text-align:right'>市卫生健康委员会</p><p>2024年8月26日</p>"},
            None,
            "2024-08-26",
            "signature",
        ),
    ],
)
def test_dates_and_where_they_come_from(
    kwargs: dict[str, str], url: str | None, day: str | None, source: str | None
) -> None:
    found = extract(page(**kwargs), url or "https://news.example.cn/a/123.html")
    assert (str(found.published) if found.published else None, found.date_source if day else None) == (
        day,
        source,
    )


@pytest.mark.parametrize(
    "kwargs",
    [
        {"above": "<div class='clock'>今天是2024年9月2日 星期一</div>"},  # the masthead's clock
        {"after": f"<div class='related'><h3>相关新闻</h3><ul>{RELATED}</ul></div>"},
        {"after": "<div class='comments'><p>网友 张三 2024-08-30 10:00</p><p>说得好</p></div>"},
        {"text": TEXT + "<p>本办法自2024年9月1日起施行。</p>"},
    ],
    ids=["masthead-clock", "related-list", "comments", "date-in-text"],
)
def test_dates_that_are_not_the_article_date(kwargs: dict[str, str]) -> None:
    """With the article's own date only in its URL, no other date on the page is taken."""
    found = extract(page(**kwargs), "https://news.example.cn/jk/20240821/a.html")
    assert (str(found.published), found.date_source) == ("2024-08-21", "url")


def test_a_page_with_no_date_says_so() -> None:
    found = extract(page(), "https://news.example.cn/a/123.html")
    assert found.date_source in ("guess", "none")  # the footer's 2003-2024 is never read as a date
    assert found.published is None or found.date_source == "guess"


@pytest.mark.parametrize(
    ("kwargs", "title"),
    [
        ({"title": "北京市卫生健康委员会"}, "本市推进检查检验结果互认"),  # the footer names the site
        ({"title": "示例新闻网"}, "本市推进检查检验结果互认"),
        (
            {"title": "健康频道", "head": "<meta property='og:site_name' content='健康频道'>"},
            "本市推进检查检验结果互认",
        ),
        (
            {
                "title": "",
                "h1": "短",
                "head": "<meta property='og:title' content='本市推进检查检验结果互认'>",
            },
            "本市推进检查检验结果互认",
        ),
        (
            {
                "title": "微信公众平台",
                "h1": "本市推进检查检验结果互认",
                "head": "<meta property='og:title' content='本市推进检查检验结果互认'>",
            },
            "本市推进检查检验结果互认",
        ),
        (
            {"title": "", "h1": "", "script": "var msg_title = '本市推进检查检验结果互认'.html(false);"},
            "本市推进检查检验结果互认",
        ),
        ({"title": "本市推进检查检验结果互认 - 健康 - 示例新闻网"}, "本市推进检查检验结果互认"),
        ({"title": "示例新闻网--健康--本市推进检查检验结果互认"}, "本市推进检查检验结果互认"),
        ({"title": "本市推进检查检验结果互认｜健康频道｜示例新闻网"}, "本市推进检查检验结果互认"),
        (
            {"title": "新疆：古丽娜尔·艾山获评最美医生_示例新闻网", "h1": "新疆：古丽娜尔·艾山获评最美医生"},
            "新疆：古丽娜尔·艾山获评最美医生",
        ),
    ],
)
def test_titles(kwargs: dict[str, str], title: str) -> None:
    assert extract(page(**kwargs)).title == title


@pytest.mark.parametrize("count", [8_000, 20_000])
@pytest.mark.parametrize("separator", ["-", "·", "_", " - "])
def test_titles_with_thousands_of_suffixes(count: int, separator: str) -> None:
    """Quadratic stripping took 6.6 s at 8,000 suffixes and over a minute at 20,000."""
    title = "本市推进检查检验结果互认" + f"{separator}健康频道" * count
    assert strip_suffix(title) == "本市推进检查检验结果互认"
    assert extract(page(title=title, h1="")).title == "本市推进检查检验结果互认"


@pytest.mark.parametrize("count", [300, 8_000])
def test_a_headline_in_the_body_with_the_titles_suffixes_is_no_text(count: int) -> None:
    title = "本市推进检查检验结果互认" + "-健康频道" * count
    got = extract(page(title=title, h1=title))
    assert got.title == "本市推进检查检验结果互认"
    assert not got.paragraphs[0].startswith("本市推进检查检验结果互认"), got.paragraphs[0][:80]


@pytest.mark.parametrize(
    ("info", "text", "author"),
    [
        ("记者 古丽娜尔·艾山、王雪、欧阳晓东", "", "古丽娜尔·艾山 王雪 欧阳晓东"),
        ("本报记者 王雪 欧阳晓东 通讯员 李明 报道", "", "王雪 欧阳晓东 李明"),
        ("记者 阿依古丽•买买提", "", "阿依古丽·买买提"),  # another middle dot, folded to ·
        ("记者王雪报道", "", "王雪"),
        ("作者：王㛃", "", "王㛃"),  # a character outside GB2312 (CJK extension A)
        ("文/李𬌗", "", "李𬌗"),  # and one outside the BMP (extension E)
        ("記者 陳怡君", "", "陳怡君"),
        ("记者 次仁罗布", "", "次仁罗布"),  # no surname: a byline line of names only
        (
            "",
            "<p>据新华社拉萨电（记者 格桑边觉）记者近日从自治区农业农村厅获悉，全区改造厕所4.66万座。</p>",
            "格桑边觉",
        ),
        (
            "来源：示例晚报",
            "<p>记者注意到，本市已有20余家医院开通信用就医服务，患者就诊时无需预先缴费。</p>",
            None,
        ),
        ("来源：示例晚报", "<p>记者从市卫生健康委获悉，本市已有20余家医院开通信用就医服务。</p>", None),
        ("来源：示例晚报", "<p>记者了解到，患者通过医院互联网平台授权信用额度后可以先完成检查。</p>", None),
        ("来源：示例晚报", "<p>走访发现，信用就医减少了患者排队缴费次数，就诊时间缩短了约半小时。</p>", None),
        ("责任编辑：刘畅", "", None),
        ("编辑：刘畅　审核：张伟", "", None),
    ],
)
def test_authors(info: str, text: str, author: str | None) -> None:
    assert extract(page(info=info, text=text + TEXT)).author == author


@pytest.mark.parametrize(
    ("kwargs", "outlet"),
    [
        ({"info": "来源：示例健康报"}, "示例健康报"),
        ({"info": "来源：本站"}, None),
        # a place or desk in brackets after the name is no part of it
        ({"info": "来源：上海证券报·中国证券网(上海)"}, "上海证券报·中国证券网"),
        ({"info": "来源：中国新闻网（北京） 作者：王雪"}, "中国新闻网"),
        ({"info": "（来源：《健康报》）"}, "健康报"),
        # a hyphen joins two outlets (kept), or an outlet and its channel (dropped)
        ({"info": "来源：环球时报-环球网(北京)"}, "环球时报-环球网"),
        ({"info": "来源：人民网-社会频道"}, "人民网"),
        ({"above": "<div id='meta_content'><a id='js_name'>健康信息化观察</a></div>"}, "健康信息化观察"),
        ({"script": 'var nickname = "健康信息化观察";'}, "健康信息化观察"),
    ],
)
def test_outlets(kwargs: dict[str, str], outlet: str | None) -> None:
    assert extract(page(**kwargs)).outlet == outlet
