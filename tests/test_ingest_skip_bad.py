"""`yuqing ingest --skip-bad`: a month of 1,111 real articles with bad lines among them stores
the good ones and names each bad line; hidden control characters never reach the store."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import select

from tests.conftest import EVALDATA, yuqing
from yuqing import settings as settings_mod
from yuqing.store.db import open_store
from yuqing.store.models import Article

BAD = {  # line number → the line, each wrong in its own way
    100: json.dumps({"url": "https://news.example.cn/empty.html", "title": "没有正文", "outlet": "新浪"}),
    500: '{"url": "https://news.example.cn/cut.html", "title": "半行',
    900: json.dumps(
        {"url": "https://news.example.cn/blank.html", "title": "空白", "outlet": "新浪", "text": " \n "}
    ),
}


def month_file(path: Path) -> Path:
    """1,111 lines: real THUCNews texts, published through September 2024, and the BAD lines."""
    texts = (EVALDATA / "zh_text_thucnews_cnews1000" / "cnews_1000.txt").read_text("utf-8").splitlines()
    lines = []
    for n in range(1, 1112):
        if n in BAD:
            lines.append(BAD[n])
            continue
        text = texts[n % len(texts)].split("\t", 1)[1]
        row = {
            "url": f"https://news.example.cn/{n}.html",
            "title": text[:24] + ("\u202e反转" if n == 7 else ""),  # a bidi override in one title
            "outlet": "新浪\x00" if n == 8 else "新浪",  # and a NUL in one outlet
            "published": str(date(2024, 9, 1) + timedelta(days=n % 30)),
            "text": text,
        }
        lines.append(json.dumps(row, ensure_ascii=False))
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


def test_skip_bad_stores_the_good_lines_and_names_the_bad(home: Path, tmp_path: Path) -> None:
    source = month_file(tmp_path / "month.jsonl")
    refused = yuqing("ingest", str(source), check=False)
    assert refused.returncode != 0 and "month.jsonl:100: " in refused.stderr

    done = yuqing("ingest", str(source), "--skip-bad", check=False)
    assert done.returncode == 1  # some lines were not stored: a script must notice
    assert "month.jsonl: 1108 articles, 1108 new, 0 updated" in done.stdout
    for number in BAD:
        assert f"month.jsonl:{number}:" in done.stderr
    assert "3 bad lines skipped" in done.stderr

    store = open_store(settings_mod.load())
    with store.session() as s:
        assert s.scalar(select(Article.id).where(Article.url.like("%/100.html"))) is None
        titles = {a.url: (a.title, a.outlet) for a in s.scalars(select(Article))}
    store.close()
    assert len(titles) == 1108
    title = titles["https://news.example.cn/7.html"][0]
    assert "\u202e" not in title and title.endswith("反转")
    assert titles["https://news.example.cn/8.html"][1] == "新浪"
