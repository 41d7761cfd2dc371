from __future__ import annotations

import pytest

from yuqing.urls import normalise_url


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
