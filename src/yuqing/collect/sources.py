"""The source registry: which outlets yuqing crawls, through which entry points, how politely.

The registry is a YAML file (docs/sources.md); `load_sources` checks all of it and names the file
and line of the first mistake. Pagination templates: ``{page}`` is the page number; ``{_page}``
(or ``{-page}``) is ``_N`` on every page but the first, which has no number at all, as on
TRS-built government sites (index.html, index_1.html, index_2.html …).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import yaml

from yuqing.collect.patterns import pattern_problem
from yuqing.collect.sources_yaml import Doc, hint
from yuqing.extract.select import selector_problem
from yuqing.extract.selectors import Selectors
from yuqing.settings import Settings

KINDS = ("feed", "sitemap", "list", "search")
PAGE_FIELDS = ("page", "_page", "-page")
PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
SLUG = re.compile(r"[a-z0-9][a-z0-9_-]*")
DOMAIN = re.compile(r"[a-z0-9-]+(\.[a-z0-9-]+)+")
INTERVAL = re.compile(r"(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?")
MIN_INTERVAL = 5 * 60  # crawling a site more often than this is impolite and pointless for news
MAX_DELAY = 600.0  # seconds between requests to one site; more would stall a crawl for hours
SOURCE_KEYS = (  # the first four are required
    *("name", "outlet", "domains", "entries"),
    *("selectors", "interval", "delay", "concurrency", "browser", "enabled", "verified"),
)
ENTRY_KEYS = ("kind", "url", "link_pattern", "next_page", "first_page", "max_pages", "keywords")
ENTRY_OPTIONS = {  # keys beyond kind, url and link_pattern that make sense for each kind
    "feed": (),
    "sitemap": (),
    "list": ("next_page", "first_page", "max_pages"),
    "search": ("first_page", "max_pages", "keywords"),
}


@dataclass(frozen=True)
class EntryPoint:
    """Where a crawl of a source starts: a feed, a sitemap, a list page or a search."""

    kind: str  # "feed" | "sitemap" | "list" | "search"
    url: str  # search: contains {keyword}; list/search: may contain {page} or {_page}
    link_pattern: str | None = None  # regex an article URL must match
    next_page: str | None = None  # CSS/XPath of the next-page link (list)
    first_page: int = 1
    max_pages: int = 1  # how far pagination may go back (backfill stops earlier at --since)
    keywords: tuple[str, ...] = ()  # search only

    @property
    def paged(self) -> bool:
        """Whether the url is a page template ({page}, {_page} or {-page})."""
        return bool(_page_fields(self.url))


@dataclass(frozen=True)
class Source:
    """One outlet and everything needed to crawl it."""

    name: str  # unique ASCII slug, e.g. "bjnews"
    outlet: str  # usual Chinese name, e.g. 新京报
    domains: tuple[str, ...]
    entries: tuple[EntryPoint, ...]
    selectors: Selectors | None = None
    interval_seconds: int = 6 * 3600
    delay: float = 2.0
    concurrency: int = 1
    browser: bool = False
    enabled: bool = True
    verified: bool = False

    def urls_for(self, entry: EntryPoint) -> list[str]:
        """The URLs to fetch for an entry: every page from first_page on, for every keyword.
        With next_page only the first page is given; the crawler follows the links."""
        count = entry.max_pages if entry.paged else 1
        pages = range(entry.first_page, entry.first_page + count)
        urls = [_expand_page(entry.url, page, entry.first_page) for page in pages]
        if entry.kind != "search":
            return urls
        return [url.replace("{keyword}", quote(word, safe="")) for word in entry.keywords for url in urls]


def _page_fields(url: str) -> set[str]:
    return set(PLACEHOLDER.findall(url)) & set(PAGE_FIELDS)


def _expand_page(template: str, page: int, first: int) -> str:
    def sub(match: re.Match[str]) -> str:
        name = match.group(1)
        if name == "page":
            return str(page)
        if name in PAGE_FIELDS:
            return "" if page == first else f"{name[0]}{page}"
        return match.group(0)

    return PLACEHOLDER.sub(sub, template)


def default_sources_path() -> Path:
    """The built-in registry, shipped with the package."""
    return Path(__file__).with_name("default_sources.yaml")


def sources_path(settings: Settings) -> Path:
    """The registry in force: the sources_file setting, else sources.yaml in the data
    directory if there is one, else the built-in registry."""
    if settings.sources_file:
        return Path(settings.sources_file).expanduser()
    own = settings.home / "sources.yaml"
    return own if own.is_file() else default_sources_path()


def outlet_for_url(sources: list[Source], url: str) -> Source | None:
    """The source a URL belongs to by its host; subdomains match, the most specific domain wins."""
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    best: tuple[int, Source] | None = None
    for source in sources:
        for domain in source.domains:
            if (host == domain or host.endswith("." + domain)) and (best is None or len(domain) > best[0]):
                best = (len(domain), source)
    return best[1] if best else None


def load_sources(path: Path) -> list[Source]:
    """Every source in a registry file, all checked; the first mistake raises ConfigError."""
    doc = Doc(path)
    top = doc.mapping(doc.root, "the registry", ("keywords", "sources"), required=("sources",))
    keywords = doc.texts(top["keywords"], "keywords") if "keywords" in top else ()
    sources: list[Source] = []
    names: dict[str, int] = {}
    owners: dict[str, str] = {}
    for node in doc.items(top["sources"], "sources"):
        source = _source(doc, node, keywords)
        if source.name in names:
            doc.fail(
                f"source name {source.name!r} is already used on line {names[source.name]}", node, "name"
            )
        names[source.name] = node.start_mark.line + 1
        for domain in source.domains:
            if domain in owners:
                doc.fail(f"domain {domain!r} already belongs to source {owners[domain]!r}", node, "domains")
            owners[domain] = source.name
        sources.append(source)
    return sources


def _source(doc: Doc, node: yaml.Node, keywords: tuple[str, ...]) -> Source:
    raw = doc.mapping(node, _source_label(node), SOURCE_KEYS, required=SOURCE_KEYS[:4])
    name = doc.text(raw["name"], "name")
    if not SLUG.fullmatch(name):
        doc.fail(f"source name {name!r} should be a lower-case ASCII slug like 'bjnews'", raw["name"], "name")
    what = f"source {name!r}"
    domains = tuple(_domain(doc, item) for item in doc.items(raw["domains"], "domains"))
    entries = doc.items(raw["entries"], "entries")
    if not entries:
        doc.fail(f"{what} needs at least one entry point", raw["entries"], "entries")
    optional: dict[str, Any] = {}
    if "selectors" in raw:
        optional["selectors"] = _selectors(doc, raw["selectors"])
    if "interval" in raw:
        optional["interval_seconds"] = _interval(doc, raw["interval"])
    if "delay" in raw:
        optional["delay"] = doc.number(raw["delay"], "delay", 0.0, MAX_DELAY)
    if "concurrency" in raw:
        optional["concurrency"] = doc.integer(raw["concurrency"], "concurrency", 1, 16)
    for key in ("browser", "enabled", "verified"):
        if key in raw:
            optional[key] = doc.boolean(raw[key], key)
    return Source(
        name=name,
        outlet=doc.text(raw["outlet"], "outlet"),
        domains=domains,
        entries=tuple(_entry(doc, item, domains, keywords) for item in entries),
        **optional,
    )


def _source_label(node: yaml.Node) -> str:
    """'source "bjnews"' for messages about a source whose keys are not checked yet."""
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value == "name" and isinstance(value, yaml.ScalarNode):
                return f"source {value.value!r}"
    return "a source"


def _domain(doc: Doc, node: yaml.Node) -> str:
    domain = doc.text(node, "domains").lower()
    if not DOMAIN.fullmatch(domain):
        doc.fail(f"domain {domain!r} should be a bare host name like 'bjnews.com.cn'", node, "domains")
    return domain


def _entry(doc: Doc, node: yaml.Node, domains: tuple[str, ...], keywords: tuple[str, ...]) -> EntryPoint:
    raw = doc.mapping(node, "an entry point", ENTRY_KEYS, required=("kind", "url"))
    kind = doc.text(raw["kind"], "kind")
    if kind not in KINDS:
        doc.fail(f"unknown entry kind {kind!r} (one of {', '.join(KINDS)}){hint(kind, KINDS)}", raw["kind"])
    url = _url(doc, raw["url"], kind, domains)
    for key in raw.keys() - {"kind", "url", "link_pattern"}:
        if key not in ENTRY_OPTIONS[kind]:
            doc.fail(f"{key!r} does not apply to a {kind} entry", raw[key], key)
    values: dict[str, Any] = {}
    if "link_pattern" in raw:
        values["link_pattern"] = _regex(doc, raw["link_pattern"])
    if "next_page" in raw:
        values["next_page"] = _selector(doc, raw["next_page"], "next_page")
    if "first_page" in raw:
        values["first_page"] = doc.integer(raw["first_page"], "first_page", 0)
    if "max_pages" in raw:
        values["max_pages"] = doc.integer(raw["max_pages"], "max_pages", 1, 1000)
    _check_paging(doc, raw, url, values)
    if kind == "search":
        values["keywords"] = doc.texts(raw["keywords"], "keywords") if "keywords" in raw else keywords
        if not values["keywords"]:
            doc.fail("a search entry needs keywords (its own or the top-level 'keywords:')", node)
    return EntryPoint(kind=kind, url=url, **values)


def _check_paging(doc: Doc, raw: dict[str, yaml.Node], url: str, values: dict[str, Any]) -> None:
    paged = bool(_page_fields(url))
    if paged and "next_page" in values:
        doc.fail("use either a {page} template or next_page, not both", raw["next_page"], "next_page")
    if "first_page" in values and not paged:
        doc.fail("first_page needs a {page} or {_page} in the url", raw["first_page"], "first_page")
    if values.get("max_pages", 1) != 1 and not paged and "next_page" not in values:
        doc.fail("max_pages needs a {page} in the url or a next_page", raw["max_pages"], "max_pages")


def _url(doc: Doc, node: yaml.Node, kind: str, domains: tuple[str, ...]) -> str:
    url = doc.text(node, "url")
    usable = {"list": PAGE_FIELDS, "search": (*PAGE_FIELDS, "keyword")}.get(kind, ())
    for name in PLACEHOLDER.findall(url):
        if name not in usable:
            doc.fail(f"{{{name}}} cannot be used in a {kind} url{hint(name, usable)}", node, "url")
    if kind == "search" and "{keyword}" not in url:
        doc.fail("a search url needs {keyword} where the search words go", node, "url")
    parts = urlsplit(url)
    host = (parts.hostname or "") if parts.scheme in ("http", "https") else ""
    if not host or " " in url:
        doc.fail(f"{url!r} is not an http(s) URL", node, "url")
    if not any(host == d or host.endswith("." + d) for d in domains):
        doc.fail(f"{host} is not one of the source's domains ({', '.join(domains)})", node, "url")
    return url


def _regex(doc: Doc, node: yaml.Node) -> str:
    pattern = doc.text(node, "link_pattern")
    if problem := pattern_problem(pattern):
        doc.fail(problem, node, "link_pattern")
    return pattern


def _selector(doc: Doc, node: yaml.Node, key: str) -> str:
    expr = doc.text(node, key)
    if problem := selector_problem(expr):
        if doc.comment_cut(node):
            problem += "; a ' #' starts a YAML comment, so quote a selector holding '#'"
        doc.fail(f"{key}: {problem}", node, key)
    return expr


def _selectors(doc: Doc, node: yaml.Node) -> Selectors | None:
    known = [f.name for f in fields(Selectors)]
    raw = doc.mapping(node, "selectors", known)
    values = {key: _selector(doc, value, key) for key, value in raw.items()}
    return Selectors(**values) if values else None


def _interval(doc: Doc, node: yaml.Node) -> int:
    text = str(doc.value(node)).strip().lower().replace(" ", "")
    match = INTERVAL.fullmatch(text)
    seconds = 0
    if match and text:
        d, h, m, s = (int(g or 0) for g in match.groups())
        seconds = ((d * 24 + h) * 60 + m) * 60 + s
    if seconds < MIN_INTERVAL:
        doc.fail(
            f"interval {text!r} should be a duration of at least 5m, like 30m, 6h or 1d", node, "interval"
        )
    return seconds


def format_interval(seconds: int) -> str:
    """6h, 30m, 1d12h: the way intervals are written in the registry."""
    parts = []
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60), ("s", 1)):
        count, seconds = divmod(seconds, size)
        if count:
            parts.append(f"{count}{unit}")
    return "".join(parts) or "0s"
