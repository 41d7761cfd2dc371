"""Reprint clusters kept in the store: a new article joins the right cluster, nothing already indexed
is clustered again, a rebuild finds what incremental indexing found, and every reader (candidates,
report --auto, the web pages) uses the stored clusters. On SQLite and PostgreSQL."""

from __future__ import annotations

import json
import random
from datetime import date, timedelta

from sqlalchemy import select, update

from tests.conftest import yuqing
from tests.test_cluster import report_items, reprint, thucnews
from tests.webfixtures import Web, sign_in, web_fixture  # noqa: F401 (the fixture)
from yuqing.analyze.candidates import candidates
from yuqing.analyze.cluster import Doc, cluster_ids
from yuqing.analyze.run import analyze
from yuqing.report.period import parse_period
from yuqing.settings import Settings
from yuqing.store.articles import ArticleData, upsert_article
from yuqing.store.db import Store
from yuqing.store.models import ArticleCluster, ReprintBucket

DAY = date(2024, 9, 2)


def _put(store: Store, rows: list[tuple[str, str, list[str]]]) -> list[int]:
    """Store (url, outlet, paragraphs) articles; returns their ids."""
    ids = []
    with store.session() as session:
        for n, (url, outlet, paras) in enumerate(rows):
            data = ArticleData(url, paras[0][:20], outlet, paras, published=DAY + timedelta(days=n % 20))
            ids.append(upsert_article(session, data)[0].id)
    return ids


def _clusters(store: Store) -> dict[int, int]:
    with store.session() as session:
        rows = session.execute(select(ArticleCluster.article_id, ArticleCluster.cluster_id))
        return {row[0]: row[1] for row in rows}


def _originals(count: int) -> list[tuple[str, str, list[str]]]:
    return [
        (f"https://a.example.cn/{n}.html", "新浪", paras) for n, (_, paras) in enumerate(thucnews()[:count])
    ]


def _reprint_of(paras: list[str], n: int, rng: random.Random) -> tuple[str, str, list[str]]:
    text = reprint(paras[0][:20], paras, rng)[1]
    return (f"https://b.example.cn/{n}.html", "网易", [p for p in text.split("\n") if p])


def test_a_new_article_joins_its_original_and_only_new_articles_are_indexed(
    store: Store, settings: Settings
) -> None:
    originals = _originals(40)
    ids = _put(store, originals)
    first = analyze(store, settings)
    assert (first.scored, first.clustered) == (40, 40)
    before = _clusters(store)

    copy = _put(store, [_reprint_of(originals[7][2], 0, random.Random(1))])[0]
    second = analyze(store, settings)
    assert (second.scored, second.clustered) == (1, 1)  # the 40 indexed ones were not touched again
    after = _clusters(store)
    assert after[copy] == ids[7]  # the original's id names the cluster: it is the smallest
    assert {a: c for a, c in after.items() if a != copy} == before
    assert second.clusters == first.clusters + 1

    nothing = analyze(store, settings)
    assert (nothing.scored, nothing.clustered, nothing.clusters) == (0, 0, second.clusters)


def test_an_article_that_bridges_two_stored_clusters_merges_them(store: Store, settings: Settings) -> None:
    _, paras = report_items()[2]  # 19 paragraphs: the first nine and the last nine share nothing
    front, back = _put(
        store, [("https://a.cn/front", "甲报", paras[:9]), ("https://a.cn/back", "乙报", paras[10:])]
    )
    analyze(store, settings)
    assert _clusters(store) == {front: front, back: back}  # too far apart alone
    whole = _put(store, [("https://a.cn/whole", "丙报", paras)])[0]
    analyze(store, settings)
    assert _clusters(store) == {front: front, back: front, whole: front}


def test_rebuild_finds_the_clusters_incremental_indexing_found(store: Store, settings: Settings) -> None:
    rng = random.Random(12)
    originals = _originals(60)
    rows = list(originals)
    for n in range(40):  # reprints of a third of the originals, some of them reprinted twice
        rows.append(_reprint_of(originals[n % 20][2], n, rng))
    rng.shuffle(rows)  # a reprint may be collected before its original
    ids: list[int] = []
    for start in (0, 30, 70):  # three collections, each followed by analyze
        ids += _put(store, rows[start : {0: 30, 30: 70, 70: 100}[start]])
        analyze(store, settings)
    incremental = _clusters(store)
    assert len(set(incremental.values())) < len(incremental) - 30  # the reprints did join

    summary = analyze(store, settings, rebuild_clusters=True)
    assert summary.clustered == len(rows)
    assert _clusters(store) == incremental
    in_memory = cluster_ids(Doc(i, "\n".join(paras)) for i, (_, _, paras) in zip(ids, rows, strict=True))
    assert in_memory == incremental  # the store keeps what the in-memory index finds


def test_a_changed_text_is_indexed_again_and_its_cluster_keeps_the_others(
    store: Store, settings: Settings
) -> None:
    originals = _originals(3)
    rng = random.Random(3)
    original, copy1, copy2 = _put(
        store, [originals[0], _reprint_of(originals[0][2], 1, rng), _reprint_of(originals[0][2], 2, rng)]
    )
    analyze(store, settings)
    assert _clusters(store) == {original: original, copy1: original, copy2: original}
    # the site replaced the original's page with another story
    _put(store, [(originals[0][0], "新浪", originals[2][2])])
    summary = analyze(store, settings)
    assert summary.clustered == 1
    assert _clusters(store) == {original: original, copy1: copy1, copy2: copy1}
    with store.session() as session:
        keys = session.scalars(select(ReprintBucket.key).where(ReprintBucket.article_id == original)).all()
    assert keys  # indexed under its new text


def test_candidates_and_report_auto_read_the_stored_clusters(home: object, settings: Settings) -> None:
    rows = []
    for n, (_, paras) in enumerate(report_items()[:6]):  # relevant items, each a story of its own
        rows.append(
            {
                "url": f"https://a.cn/{n}",
                "title": paras[0][:18],
                "outlet": f"报{n}",
                "published": "2024-09-05",
                "text": "\n".join(paras),
            }
        )
    path = settings.home / "items.jsonl"
    settings.home.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), "utf-8")
    yuqing("ingest", str(path))
    yuqing("analyze")
    from yuqing.store.db import open_store

    store = open_store(settings)
    try:
        with store.session() as session:
            ids = sorted(_clusters(store))
            # an editor-visible fact that only the stored clusters know: stories 1 and 2 are one cluster
            session.execute(
                update(ArticleCluster).where(ArticleCluster.article_id == ids[2]).values(cluster_id=ids[1])
            )
    finally:
        store.close()
    found = [json.loads(line) for line in yuqing("candidates", "2024-09", "--json").stdout.splitlines()]
    joined = next(c for c in found if ids[2] in c["members"])
    assert sorted(joined["members"]) == [ids[1], ids[2]] and joined["heat"] == 2
    assert _stored_cluster(settings, ids[2]) == ids[1]  # `candidates` did not cluster again
    yuqing("report", "2024-09", "--auto", "6", "--out", str(settings.home / "r.md"))
    text = (settings.home / "r.md").read_text("utf-8")
    assert "共收集5篇" in text  # six stories, two of them one cluster
    assert _stored_cluster(settings, ids[2]) == ids[1]


def _stored_cluster(settings: Settings, article_id: int) -> int | None:
    from yuqing.store.db import open_store

    store = open_store(settings)
    try:
        return _clusters(store).get(article_id)
    finally:
        store.close()


def test_the_candidates_page_shows_the_stored_clusters(web: Web) -> None:
    sign_in(web.client, "viewer")
    with web.store.session() as session:
        found = candidates(session, parse_period("2024-09"))
        lead = found[0]
        other = found[1]
        session.execute(
            update(ArticleCluster)
            .where(ArticleCluster.article_id == other.article.id)
            .values(cluster_id=lead.cluster_id)
        )
    page = web.client.get("/candidates", params={"period": "2024-09"})
    assert other.article.title not in page.text  # folded into the lead's row
    assert "、".join(sorted({*lead.outlets, other.article.outlet})) in page.text
