"""The source registry: the built-in one is valid, mistakes are named by file and line."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, yuqing
from yuqing import settings as settings_mod
from yuqing.collect.sources import (
    EntryPoint,
    Source,
    default_sources_path,
    load_sources,
    outlet_for_url,
    sources_path,
)
from yuqing.errors import ConfigError
from yuqing.extract.selectors import Selectors

VALID = """\
keywords: [互联网医院, 电子病历]
sources:
  - name: site
    outlet: 某报
    domains: [example.cn]
    interval: 6h
    entries:
      - kind: feed
        url: https://www.example.cn/rss.xml
      - kind: search
        url: https://so.example.cn/s?q={keyword}
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sources.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def error_for(tmp_path: Path, text: str) -> ConfigError:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_sources(path)
    assert caught.value.path == path
    assert str(caught.value).startswith(f"{path}:{caught.value.line}: ")
    return caught.value


def test_the_default_registry_loads_with_unique_names_and_every_source_unverified() -> None:
    sources = load_sources(default_sources_path())
    names = [s.name for s in sources]
    assert len(names) == len(set(names)) >= 20
    assert all(not s.verified and s.entries and s.domains for s in sources)
    kinds = {e.kind for s in sources for e in s.entries}
    assert kinds == {"feed", "sitemap", "list", "search"}
    search = next(e for s in sources for e in s.entries if e.kind == "search")
    assert "电子病历" in search.keywords  # taken from the top-level keywords


def test_every_outlet_of_the_past_reports_is_a_source_and_their_links_resolve() -> None:
    sources = load_sources(default_sources_path())
    text = "\n".join(p.read_text(encoding="utf-8") for p in EXAMPLES.glob("*.md"))
    outlets = set(re.findall(r"来源\s*[:：]\s*(\S+)", text)) - {"北京医疗科技创新加速突破"}
    links = re.findall(r"https?://[^\s>]+", text)
    assert outlets >= {"湖南日报", "北青网", "千龙网", "新京报", "中国青年报", "光明网"}
    assert outlets <= {s.outlet for s in sources}
    found = {url: outlet_for_url(sources, url) for url in links}
    assert all(found.values()), found
    assert {s.outlet for s in found.values() if s} <= outlets


@pytest.mark.parametrize(
    ("url", "outlet"),
    [
        ("https://m.gmw.cn/toutiao/2024-09/18/content_37568705.htm", "光明网"),
        ("http://health.people.com.cn/n1/2024/0821/c14739-40303426.html", "人民网"),
        ("https://wjw.beijing.gov.cn/xwzx_20031/wnxw/202408/t20240821_1.html", "北京市卫健委"),
        ("https://www.beijing.gov.cn/ywdt/gzdt/202408/t20240821_1.html", "北京市人民政府"),
        ("https://WWW.NEWS.CN:443/health/20240821/abc/c.html", "新华网"),
        ("https://www.163.com/dy/article/J9ABCDEF0512D3VJ.html", "网易"),
    ],
)
def test_outlets_resolve_by_domain_the_most_specific_one_winning(url: str, outlet: str) -> None:
    source = outlet_for_url(load_sources(default_sources_path()), url)
    assert source is not None and source.outlet == outlet


def test_unknown_hosts_and_lookalike_domains_have_no_outlet() -> None:
    sources = load_sources(default_sources_path())
    assert outlet_for_url(sources, "https://notgmw.cn/a.html") is None
    assert outlet_for_url(sources, "https://www.example.com/") is None
    assert outlet_for_url(sources, "not a url") is None


def test_a_valid_file_gives_typed_sources(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        VALID
        + """\
  - name: gov
    outlet: 某委
    domains: [gov.example.cn]
    interval: 1d12h
    delay: 3
    concurrency: 2
    browser: true
    enabled: false
    verified: true
    selectors:
      body: .TRS_Editor
    entries:
      - kind: list
        url: https://gov.example.cn/gzdt/index{_page}.html
        first_page: 0
        max_pages: 3
        link_pattern: 't\\d{8}_\\d+\\.html'
""",
    )
    site, gov = load_sources(path)
    assert site == Source(
        name="site",
        outlet="某报",
        domains=("example.cn",),
        entries=(
            EntryPoint("feed", "https://www.example.cn/rss.xml"),
            EntryPoint("search", "https://so.example.cn/s?q={keyword}", keywords=("互联网医院", "电子病历")),
        ),
    )
    assert (gov.interval_seconds, gov.delay, gov.concurrency) == (36 * 3600, 3.0, 2)
    assert (gov.browser, gov.enabled, gov.verified) == (True, False, True)
    assert gov.selectors == Selectors(body=".TRS_Editor")
    assert gov.entries[0].link_pattern == r"t\d{8}_\d+\.html"


def test_urls_for_expands_pages_and_keywords() -> None:
    site = Source("s", "某报", ("example.cn",), ())
    trs = EntryPoint("list", "https://example.cn/gzdt/index{_page}.html", first_page=0, max_pages=3)
    assert site.urls_for(trs) == [
        "https://example.cn/gzdt/index.html",
        "https://example.cn/gzdt/index_1.html",
        "https://example.cn/gzdt/index_2.html",
    ]
    numbered = EntryPoint("list", "https://example.cn/list?page={page}", first_page=1, max_pages=2)
    assert site.urls_for(numbered) == ["https://example.cn/list?page=1", "https://example.cn/list?page=2"]
    nhc_like = EntryPoint("list", "https://example.cn/list{-page}.shtml", max_pages=2)
    assert site.urls_for(nhc_like) == ["https://example.cn/list.shtml", "https://example.cn/list-2.shtml"]
    by_link = EntryPoint("list", "https://example.cn/news/", next_page="a.next", max_pages=5)
    assert site.urls_for(by_link) == ["https://example.cn/news/"]
    assert trs.paged and nhc_like.paged and not by_link.paged
    search = EntryPoint(
        "search", "https://example.cn/s?q={keyword}&p={page}", max_pages=2, keywords=("医保", "AI")
    )
    assert site.urls_for(search) == [
        "https://example.cn/s?q=%E5%8C%BB%E4%BF%9D&p=1",
        "https://example.cn/s?q=%E5%8C%BB%E4%BF%9D&p=2",
        "https://example.cn/s?q=AI&p=1",
        "https://example.cn/s?q=AI&p=2",
    ]


@pytest.mark.parametrize(
    ("old", "new", "line", "expected"),
    [
        (
            "    interval: 6h",
            "    intreval: 6h",
            6,
            "unknown key 'intreval' in source 'site'; did you mean 'interval'?",
        ),
        (
            "      - kind: feed",
            "      - kind: fead",
            8,
            "unknown entry kind 'fead' (one of feed, sitemap, list, search)",
        ),
        ("q={keyword}", "q=", 11, "a search url needs {keyword}"),
        (
            "q={keyword}",
            "q={keywrod}",
            11,
            "{keywrod} cannot be used in a search url; did you mean 'keyword'?",
        ),
        ("interval: 6h", "interval: often", 6, "interval 'often' should be a duration"),
        ("interval: 6h", "interval: 1m", 6, "at least 5m"),
        ("    outlet: 某报\n", "", 3, "source 'site' lacks the required key 'outlet'"),
        ("https://www.example.cn/rss.xml", "www.example.cn/rss.xml", 9, "is not an http(s) URL"),
        ("https://www.example.cn/rss.xml", "https://example.com/rss.xml", 9, "example.com is not one of"),
        ("domains: [example.cn]", "domains: [https://example.cn/]", 5, "should be a bare host name"),
        ("name: site", "name: 某站", 3, "should be a lower-case ASCII slug"),
        ("keywords: [互联网医院, 电子病历]\n", "", 9, "a search entry needs keywords"),
        ("keywords: [", "keyword: [", 1, "unknown key 'keyword' in the registry; did you mean 'keywords'?"),
        ("interval: 6h", "interval: 6h\n    selectors: {titel: h1}", 7, "did you mean 'title'?"),
        ("interval: 6h", "interval: 6h\n    delay: soon", 7, "'delay' should be a number"),
        ("interval: 6h", "interval: 6h\n    enabled: maybe", 7, "'enabled' should be true or false"),
        ("rss.xml\n", "rss.xml\n        max_pages: 3\n", 10, "'max_pages' does not apply to a feed entry"),
    ],
)
def test_mistakes_are_named_with_file_line_and_a_hint(
    tmp_path: Path, old: str, new: str, line: int, expected: str
) -> None:
    assert old in VALID
    error = error_for(tmp_path, VALID.replace(old, new, 1))
    assert expected in str(error)
    assert error.line == line


def test_a_bad_regex_is_named_with_its_line(tmp_path: Path) -> None:
    text = VALID.replace("rss.xml\n", "rss.xml\n        link_pattern: 'detail/(\\d+.html'\n")
    error = error_for(tmp_path, text)
    assert "link_pattern is not a valid regular expression" in str(error)
    assert (error.line, error.key) == (10, "link_pattern")


def test_paging_rules(tmp_path: Path) -> None:
    both = VALID.replace(
        "rss.xml\n",
        "rss.xml\n      - kind: list\n        url: https://example.cn/l{page}\n        next_page: a.next\n",
    )
    assert "either a {page} template or next_page" in str(error_for(tmp_path, both))
    first = VALID.replace(
        "rss.xml\n", "rss.xml\n      - kind: list\n        url: https://example.cn/l\n        first_page: 0\n"
    )
    assert "first_page needs a {page}" in str(error_for(tmp_path, first))


def test_duplicate_names_and_domains_point_at_the_second_source(tmp_path: Path) -> None:
    twice = VALID + VALID.split("sources:\n")[1].replace("example.cn", "other.cn")
    error = error_for(tmp_path, twice)
    assert "source name 'site' is already used on line 3" in str(error)
    assert error.line == 12
    shared = VALID + VALID.split("sources:\n")[1].replace("name: site", "name: copy")
    assert "domain 'example.cn' already belongs to source 'site'" in str(error_for(tmp_path, shared))


def test_broken_yaml_an_empty_file_and_a_missing_file_are_named(tmp_path: Path) -> None:
    error = error_for(tmp_path, VALID.replace("domains: [example.cn]", "domains: [example.cn"))
    assert "not valid YAML" in str(error) and error.line is not None and 5 <= error.line <= 6
    assert "the file is empty" in str(error_for(tmp_path, "# nothing yet\n"))
    missing = tmp_path / "nowhere.yaml"
    with pytest.raises(ConfigError, match="cannot read the source registry"):
        load_sources(missing)


def test_the_registry_in_force_follows_the_setting_then_the_data_directory(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert sources_path(settings_mod.load()) == default_sources_path()
    home.mkdir(parents=True)
    (home / "sources.yaml").write_text(VALID, encoding="utf-8")
    assert sources_path(settings_mod.load()) == home / "sources.yaml"
    monkeypatch.setenv("YUQING_SOURCES_FILE", "/elsewhere/mine.yaml")
    assert sources_path(settings_mod.load()) == Path("/elsewhere/mine.yaml")


def test_sources_check_exits_2_with_one_line_naming_file_and_line(home: Path, tmp_path: Path) -> None:
    bad = write(tmp_path, VALID.replace("interval:", "intreval:"))
    proc = yuqing("sources", "check", "--file", str(bad), check=False)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1
    assert f"{bad}:6:" in lines[0] and "did you mean 'interval'?" in lines[0]
    good = yuqing("sources", "check", "--file", str(write(tmp_path, VALID)))
    assert good.stdout.startswith("1 sources OK")


def test_sources_check_and_list_read_the_registry_in_force(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    count = len(load_sources(default_sources_path()))
    checked = yuqing("sources", "check").stdout
    assert checked.startswith(f"{count} sources OK")
    assert "need a browser (nhc" in checked  # and whether chromium is there to drive
    monkeypatch.setenv("YUQING_COLLECT_BROWSER", "/no/such/chromium")
    assert "NO chromium found" in yuqing("sources", "check").stdout
    listing = yuqing("sources", "list").stdout
    for outlet in ("国家卫健委", "北京市卫健委", "新京报", "光明网", "湖南日报"):
        assert outlet in listing
    assert "list×3" in listing
    home.mkdir(parents=True)
    (home / "sources.yaml").write_text(VALID, encoding="utf-8")
    own = yuqing("sources", "list").stdout
    assert "1 sources in" in own and "某报" in own and "新京报" not in own
