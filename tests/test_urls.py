from __future__ import annotations

import pytest

from yuqing.urls import normalise_url, without_tracking


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (
            "https://www.bjnews.com.cn/detail/1.html?utm_source=wx&from=timeline",
            "https://www.bjnews.com.cn/detail/1.html",
        ),
        ("https://m.bjnews.com.cn/detail/1.html", "https://www.bjnews.com.cn/detail/1.html"),
        (
            "HTTP://News.Ynet.com:80/2024/08/12/3796360t70.html#top",
            "http://news.ynet.com/2024/08/12/3796360t70.html",
        ),
        ("https://wap.example.cn/a?id=3&spm=a.b.c", "https://www.example.cn/a?id=3"),
    ],
)
def test_one_article_one_url(a: str, b: str) -> None:
    assert normalise_url(a) == normalise_url(b)


def test_meaningful_differences_stay() -> None:
    assert normalise_url("https://a.cn/news?id=1") != normalise_url("https://a.cn/news?id=2")
    assert normalise_url("https://m.cn/x") == "https://m.cn/x"  # a bare m.cn is a site of its own
    with pytest.raises(ValueError, match="not an http"):
        normalise_url("javascript:alert(1)")


def test_a_reports_link_is_the_url_as_found_less_tracking() -> None:
    found = "https://M.Example.cn/detail/1.html?id=7&utm_source=wx&spm=a1.b2#p2"
    assert without_tracking(found) == "https://M.Example.cn/detail/1.html?id=7#p2"
    assert without_tracking("https://e.cn/a.html") == "https://e.cn/a.html"
    wechat = "https://mp.weixin.qq.com/s?__biz=MzA&mid=265&idx=1&sn=9f&scene=21"
    assert without_tracking(wechat) == "https://mp.weixin.qq.com/s?__biz=MzA&mid=265&idx=1&sn=9f"
