"""Full-text search finds 2-character words and phrases on both backends."""

from __future__ import annotations

from datetime import date

import pytest

from yuqing.errors import InputError
from yuqing.store.articles import ArticleData, upsert_article
from yuqing.store.db import Store
from yuqing.store.search import SearchFilter, count, search

ARTICLES = [
    ("a1", "北京医保移动支付上线", "新京报", date(2024, 8, 5), ["患者可用手机完成医保结算。"]),
    ("a2", "电子病历助手发布", "新京报", date(2024, 9, 18), ["智能电子病历助手可自动生成病历。"]),
    ("a3", "检查检验结果互认", "千龙网", date(2024, 8, 21), ["病历与检验结果在151家医院互认。"]),
    (
        "a4",
        "电子商务节开幕",
        "北青网",
        date(2024, 8, 9),
        ["电子支付方便，病人家属也能看病历摘要。"],
    ),
    (
        "a5",
        "AI赋能儿科",
        "新京报",
        date(2024, 8, 28),
        ["北京儿童医院与百川智能合作研发AI儿科医生。"],
    ),
    ("a6", "秋季养生", "网易", date(2024, 8, 30), ["多喝水，早睡早起。"]),
]


@pytest.fixture
def filled(store: Store) -> Store:
    with store.session() as s:
        for slug, title, outlet, day, paras in ARTICLES:
            upsert_article(
                s,
                ArticleData(f"https://example.cn/{slug}.html", title, outlet, paras, published=day),
            )
    return store


def titles(store: Store, query: str, **kw: object) -> set[str]:
    with store.session() as s:
        return {a.title for a in search(s, SearchFilter(query, **kw))}  # type: ignore[arg-type]


def test_two_character_words_are_found_in_title_and_text(filled: Store) -> None:
    assert titles(filled, "医保") == {"北京医保移动支付上线"}
    assert titles(filled, "病历") == {"电子病历助手发布", "检查检验结果互认", "电子商务节开幕"}


def test_longer_words_match_as_phrases_not_as_scattered_characters(filled: Store) -> None:
    # a4 has 电子 and 病历 but not 电子病历
    assert titles(filled, "电子病历") == {"电子病历助手发布"}


def test_words_separated_by_spaces_must_all_occur(filled: Store) -> None:
    assert titles(filled, "病历 互认") == {"检查检验结果互认"}


def test_latin_words_and_single_characters(filled: Store) -> None:
    assert titles(filled, "ai") == {"AI赋能儿科"}
    assert "秋季养生" in titles(filled, "睡")


def test_date_and_outlet_filters(filled: Store) -> None:
    august = {"start": date(2024, 8, 1), "end": date(2024, 8, 31)}
    assert titles(filled, "病历", **august) == {"检查检验结果互认", "电子商务节开幕"}
    assert titles(filled, "病历", outlet="千龙网") == {"检查检验结果互认"}


def test_title_matches_rank_first(filled: Store) -> None:
    with filled.session() as s:
        found = search(s, SearchFilter("病历"))
    assert found[0].title == "电子病历助手发布"


def test_updated_articles_are_reindexed(filled: Store) -> None:
    with filled.session() as s:
        upsert_article(
            s,
            ArticleData("https://example.cn/a6.html", "智慧医院建设", "网易", ["互联网医院开通。"]),
        )
    assert titles(filled, "养生") == set()
    assert titles(filled, "智慧医院") == {"智慧医院建设"}


def test_a_query_of_punctuation_only_is_refused(filled: Store) -> None:
    with filled.session() as s, pytest.raises(InputError, match="no searchable words"):
        search(s, SearchFilter("，。！"))


def in_order(store: Store, query: str, **kw: object) -> list[str]:
    with store.session() as s:
        return [a.title for a in search(s, SearchFilter(query, **kw))]  # type: ignore[arg-type]


def test_past_the_ranked_newest_matches_earlier_ones_follow_newest_first(
    filled: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 病历 matches a2, a3, a4 (stored in that order); the RANKED most recent (filters applied) are ranked
    monkeypatch.setattr("yuqing.store.search.RANKED", 1)
    assert in_order(filled, "病历") == ["电子商务节开幕", "检查检验结果互认", "电子病历助手发布"]
    assert in_order(filled, "病历", end=date(2024, 8, 31)) == ["电子商务节开幕", "检查检验结果互认"]
    assert in_order(filled, "病历", outlet="新京报") == ["电子病历助手发布"]
    monkeypatch.setattr("yuqing.store.search.RANKED", 3)  # all three ranked: the title match first
    assert in_order(filled, "病历")[0] == "电子病历助手发布"


def test_pages_cut_one_order_and_the_count_is_the_total(
    filled: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    with filled.session() as s:
        for ranked in (1, 2, 400):  # a page may end inside or past the ranked part
            monkeypatch.setattr("yuqing.store.search.RANKED", ranked)
            every = [a.id for a in search(s, SearchFilter("病历"))]
            pages = [search(s, SearchFilter("病历", limit=2, offset=at)) for at in (0, 2, 4)]
            assert [a.id for page in pages for a in page] == every
            assert [len(page) for page in pages] == [2, 1, 0]
        assert count(s, SearchFilter("病历")) == 3 == len(every)
        assert count(s, SearchFilter("病历", outlet="新京报", limit=1)) == 1
        assert count(s, SearchFilter("医院", end=date(2024, 8, 31))) == 2
        assert count(s, SearchFilter("没有的词")) == 0
        with pytest.raises(InputError, match="must not be negative"):
            search(s, SearchFilter("病历", offset=-1))
