"""Reprint clustering on real texts: THUCNews articles and the items of past reports, reprinted the way
outlets reprint (new headline, 来源 lines, trimmed and re-split paragraphs, boilerplate, small edits)."""

from __future__ import annotations

import random
import re
from datetime import date
from pathlib import Path

import pytest

from yuqing.analyze.cluster import MIN_CHARS, Doc, Member, ReprintIndex, cluster_ids, heat, normalise, origin
from yuqing.report.parse import parse_report

EVALDATA = Path(__file__).resolve().parents[2] / "shared" / "evaldata"
THUCNEWS = EVALDATA / "zh_text_thucnews_cnews1000" / "cnews_1000.txt"
EXAMPLES = Path(__file__).resolve().parents[2] / "shared" / "examples"

# THUCNews lines (numbered from 0) that the index merges, each group read by hand: all are true
# duplicates. 65/360: one story under two headlines. 220/406: one article, 家居卖场 -> 建材城 in the
# headline. 95/96, 540/647, 200/468/688/696/955: 中关村在线 shop-price reports re-issued with a new
# price over the same product text. 383/440: 440 is 383's closing paragraphs under a new headline.
# Read and rejected (they must stay apart): 31/358, 869/915 (one fund paragraph in common),
# 252/612/704, 697/736 (a game's blurb in common), 302/984 and 394/635 (short piece quoted whole
# in a long list or roundup).
THUCNEWS_DUPLICATES = {
    frozenset(group)
    for group in ([65, 360], [220, 406], [95, 96], [540, 647], [200, 468, 688, 696, 955], [383, 440])
}

# A reprint keeps at least this share of the original's characters: outlets drop a closing or side
# paragraph, not the story (a copy that keeps a fifth of the text is a quotation, not a reprint).
TRIM_KEEPS = 0.6

_SENTENCE = re.compile(r"(?<=[。！？!?])")
_OUTLETS = ("北京日报", "新华社", "人民日报", "健康报", "光明日报", "经济日报")
_BOILERPLATE = ("责任编辑：{name}", "本文来源：{outlet}", "点击进入专题：{topic}", "（编辑：{name}）")
_NAMES = ("王晓", "李明", "张婷", "刘洋")
_TOPICS = ("聚焦全国两会", "健康中国行动", "数字中国建设")
_SWAPS = {"，": ",", "：": ":", "（": "(", "）": ")", "“": '"', "”": '"', "；": ";"}


def paragraphs(text: str, rng: random.Random) -> list[str]:
    """A THUCNews line has no paragraph breaks: cut it into runs of 2–4 sentences."""
    sentences = [s for s in _SENTENCE.split(text) if s.strip()]
    out: list[str] = []
    while sentences:
        size = rng.randint(2, 4)
        out.append("".join(sentences[:size]))
        sentences = sentences[size:]
    return out


def thucnews() -> list[tuple[str, list[str]]]:
    """(title-ish first sentence, paragraphs) per line; title and body are run together upstream."""
    rng = random.Random(7)
    out: list[tuple[str, list[str]]] = []
    for line in THUCNEWS.read_text("utf-8").splitlines():
        text = line.split("\t", 1)[1]
        paras = paragraphs(text, rng)
        out.append((paras[0][:20], paras))
    return out


def report_items() -> list[tuple[str, list[str]]]:
    out: list[tuple[str, list[str]]] = []
    for path in sorted(EXAMPLES.glob("*.md")):
        items = parse_report(path.read_text("utf-8").splitlines(), str(path)).document.items
        out.extend((item.title, list(item.paragraphs)) for item in items)
    return out


def _edit(text: str, rng: random.Random) -> str:
    """Full/half-width punctuation swapped in places, and one typo."""
    chars = [_SWAPS.get(c, c) if rng.random() < 0.5 else c for c in text]
    cjk = [i for i, c in enumerate(chars) if "\u4e00" <= c <= "\u9fff"]
    if cjk:
        chars[rng.choice(cjk)] = rng.choice("的了是在有和")
    return "".join(chars)


def reprint(title: str, paras: list[str], rng: random.Random) -> tuple[str, str]:
    """A reprint as an outlet makes it: (credited outlet, text)."""
    size, paras = sum(map(len, paras)), list(paras)
    for _ in range(rng.randint(1, 2)):  # trim the end or a middle paragraph, the story staying told
        at = -1 if rng.random() < 0.5 or len(paras) < 3 else rng.randrange(1, len(paras) - 1)
        if len(paras) > 1 and sum(map(len, paras)) - len(paras[at]) >= TRIM_KEEPS * size:
            del paras[at]
    if len(paras) > 1 and rng.random() < 0.5:  # re-split: two paragraphs run together …
        i = rng.randrange(len(paras) - 1)
        paras[i : i + 2] = [paras[i] + paras[i + 1]]
    else:  # … or one cut in two
        i = rng.randrange(len(paras))
        cut = rng.randrange(len(paras[i]) + 1)
        paras[i : i + 1] = [paras[i][:cut], paras[i][cut:]]
    paras = [_edit(p, rng) for p in paras]
    outlet = rng.choice(_OUTLETS)
    head = [rng.choice(("重磅！", "关注：", "最新消息：")) + title[: rng.randint(6, 14)]]
    head += [f"来源：{outlet}"] if rng.random() < 0.8 else []
    head += [f"来源标题：{title}"] if rng.random() < 0.5 else []
    tail = [
        rng.choice(_BOILERPLATE).format(name=rng.choice(_NAMES), outlet=outlet, topic=rng.choice(_TOPICS))
        for _ in range(rng.randint(1, 2))
    ]
    return outlet, "\n".join(head + paras + tail)


def _corpus() -> list[tuple[str, list[str]]]:
    return thucnews() + report_items()


def _long_enough(paras: list[str]) -> bool:
    return len(normalise("".join(paras))) >= MIN_CHARS


def test_every_reprint_joins_its_original_and_nothing_else() -> None:
    originals = _corpus()
    rng = random.Random(2024)
    docs = [Doc(i, "\n".join(paras)) for i, (_, paras) in enumerate(originals)]
    family = list(range(len(originals)))
    for i, (title, paras) in enumerate(originals):
        if _long_enough(paras):  # a caption-length original is never merged, by design
            for _ in range(2):
                docs.append(Doc(len(docs), reprint(title, paras, rng)[1]))
                family.append(i)
    rng.shuffle(docs)  # a reprint may be crawled before its original
    cluster = cluster_ids(docs)

    reprints = range(len(originals), len(family))
    found = sum(cluster[r] == cluster[family[r]] for r in reprints)
    print(f"reprint recall {found}/{len(reprints)} = {found / len(reprints):.4f}")
    assert found == len(reprints)

    families: dict[int, set[int]] = {}
    for doc_id, cluster_id in cluster.items():
        families.setdefault(cluster_id, set()).add(family[doc_id])
    merged = {frozenset(f) for f in families.values() if len(f) > 1}
    false_merges = merged - THUCNEWS_DUPLICATES
    print(f"false merges {len(false_merges)}; true THUCNews duplicates {len(merged & THUCNEWS_DUPLICATES)}")
    assert not false_merges
    assert merged == THUCNEWS_DUPLICATES


def test_thucnews_alone_merges_only_its_true_duplicates() -> None:
    docs = [Doc(i, "\n".join(paras)) for i, (_, paras) in enumerate(thucnews())]
    index = ReprintIndex()
    for doc in docs:
        index.add(doc)
    merged = {frozenset(m) for m in index.clusters().values() if len(m) > 1}
    assert merged == THUCNEWS_DUPLICATES


def test_short_texts_never_merge_but_long_enough_copies_do() -> None:
    _, paras = report_items()[0]
    text = normalise("".join(paras))
    short, enough = text[: MIN_CHARS - 1], text[: MIN_CHARS + 10]
    assert cluster_ids([Doc(1, short), Doc(2, short)]) == {1: 1, 2: 2}
    assert cluster_ids([Doc(1, enough), Doc(2, enough)]) == {1: 1, 2: 1}


def test_cluster_id_is_the_smallest_member_and_clusters_are_transitive() -> None:
    _, paras = report_items()[2]  # 19 paragraphs: the two halves share nothing
    whole = "\n".join(paras)
    front, back = "\n".join(paras[:13]), "\n".join(paras[6:])
    index = ReprintIndex()
    assert index.add(Doc(9, front)) == 9
    assert index.add(Doc(7, back)) == 7  # front and back alone are too far apart
    assert index.add(Doc(8, whole)) == 7  # the whole article joins both, and the smallest id leads
    assert index.clusters() == {7: [7, 8, 9]}
    with pytest.raises(ValueError, match="already"):
        index.add(Doc(8, whole))


def _m(id: int, outlet: str, credited: str | None = None, day: int | None = None) -> Member:
    return Member(id, outlet, credited, date(2024, 8, day) if day else None)


def test_origin_is_the_credited_outlet_else_the_earliest_else_the_smallest_id() -> None:
    credited = [_m(1, "网易", "北京日报", 1), _m(2, "千龙网", "北京日报", 2), _m(3, "北京日报", None, 3)]
    assert origin(credited).id == 3  # credited, though published last
    earliest = [_m(1, "网易", None, 5), _m(2, "千龙网", "某报", 2), _m(3, "北青网", None)]
    assert origin(earliest).id == 2  # the credited outlet is not in the cluster
    undated = [_m(4, "网易"), _m(3, "千龙网")]
    assert origin(undated).id == 3
    twice = [_m(1, "网易", "新华社", 3), _m(5, "新华社", None, 2), _m(6, "新华社", None, 1)]
    assert origin(twice).id == 6  # two copies by the credited outlet: its earliest


def test_heat_counts_distinct_outlets() -> None:
    members = [_m(1, "网易"), _m(2, "网易"), _m(3, "千龙网"), _m(4, "北京日报", "北京日报")]
    assert heat(members) == 3
