"""All settings in one registry: defaults, help, environment variables and the config file.

Values come from, in rising precedence: the defaults below, ``$YUQING_HOME/config.toml``
(``[report] title = "…"``; top-level keys for the rest) and ``YUQING_*`` environment variables.
``yuqing config`` prints every setting with its value, origin and help.
"""

from __future__ import annotations

import difflib
import math
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import date
from pathlib import Path
from typing import Any

from yuqing.errors import ConfigError
from yuqing.report.period import MAX_ISSUE_NUMBER, Anchor, parse_anchor_text

DEFAULT_INTRO = (
    "本期周报共收集{count}篇{topic}相关信息，时间从{start:%Y年%m月%d日}至{end:%Y年%m月%d日}，"
    "监测范围包括{scope}。"
)
DIGEST_AT = re.compile(r"([01]\d|2[0-3]):[0-5]\d")
INTRO_FIELDS = {
    "count": 4,
    "topic": "",
    "scope": "",
    "start": date(2024, 8, 1),
    "end": date(2024, 8, 31),
}


def _setting(default: Any, help: str) -> Any:
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True)
class Settings:
    """Every setting of yuqing. Field ``report_title`` is ``[report] title`` in config.toml and
    ``YUQING_REPORT_TITLE`` in the environment."""

    home: Path = _setting(Path("~/.yuqing"), "Data directory: database, archive, models, outputs.")
    database_url: str = _setting(
        "",
        "SQLAlchemy URL of the store; empty means a SQLite file yuqing.db in the data directory.",
    )
    sources_file: str = _setting(
        "", "Source registry (YAML); empty: sources.yaml in the data directory, else the built-in one."
    )
    profile_file: str = _setting(
        "", "Topic profile (YAML); empty: profile.yaml in the data directory, else the built-in one."
    )
    collect_user_agent: str = _setting(
        "yuqing/0.1 (health-informatization news monitor)", "User-Agent sent with every request."
    )
    collect_timeout: float = _setting(30.0, "Seconds before a request is given up.")
    collect_max_mb: float = _setting(
        10.0, "Largest page fetched or extracted, in MB; bigger ones are dropped as too_large."
    )
    collect_workers: int = _setting(
        0, "Processes that extract fetched pages side by side; 0: one per processor core."
    )
    collect_extract_timeout: float = _setting(
        20.0, "Seconds one page may take to extract; a slower page is dropped as extract_timeout."
    )
    collect_retries: int = _setting(2, "Retries of a failing request (5xx, timeouts), with back-off.")
    collect_backoff: float = _setting(2.0, "Seconds before the first retry; doubled for each next one.")
    collect_retry_after_max: float = _setting(
        60.0, "Longest wait, in seconds, that a 429/503 answer's Retry-After is honoured for."
    )
    collect_article_pages: int = _setting(
        20, "Most pages of one article split over several (下一页) that collect fetches and joins."
    )
    collect_browser: str = _setting(
        "", "Chromium for sources marked browser: true; empty: chromium found on PATH."
    )
    report_title: str = _setting("北京市卫生信息化舆情监测月报", "Title on the report masthead.")
    report_organisation: str = _setting(
        "北京市卫生健康大数据与政策研究中心", "Organisation under the issue number."
    )
    report_topic: str = _setting("卫生信息化", "Topic named in the intro sentence ({topic}).")
    report_scope: str = _setting("全国主流媒体及政府网站等", "Monitoring scope ({scope}).")
    report_intro: str = _setting(
        DEFAULT_INTRO,
        "Intro sentence template; fields {count} {topic} {scope} {start:%Y年%m月%d日} {end:…}.",
    )
    report_series: str = _setting("monthly", "Name of the report series issues belong to.")
    report_anchor: str = _setting(
        "534@2024-05",
        "Issue-number anchor of the default series, NUMBER@YYYY-MM (that month's issue has that "
        "number, one issue a month) or NUMBER@YYYY-Www (one a week).",
    )
    report_anchors: str = _setting(
        "",
        "Anchors of other series, SERIES=NUMBER@PERIOD separated by commas (weekly=1@2024-W01): "
        "each series counts on its own from its anchor.",
    )
    report_docx_template: str = _setting(
        "", "Word template (.docx) whose styles, page and footer the DOCX uses; empty: built-in."
    )
    report_office: str = _setting(
        "",
        "LibreOffice program that reads legacy .doc/.rtf/.odt/.wps past issues for import-report; "
        "empty: soffice found on PATH.",
    )
    web_session_hours: float = _setting(
        12.0, "Hours a web sign-in lasts; signing out, a new password or `user remove` end it sooner."
    )
    web_login_tries: int = _setting(
        5,
        "Wrong passwords in a row (per user name and per client address) before each further "
        "sign-in there waits 30 s, doubling with every miss up to 15 minutes.",
    )
    # distributed collection (docs/deploy.md) and pushes (docs/pushes.md)
    broker_url: str = _setting(
        "",
        "Celery broker (Redis) that `yuqing worker` processes take crawl jobs from, e.g. "
        "redis://127.0.0.1:6379/0; empty: collect in-process, no workers.",
    )
    broker_visibility_timeout: float = _setting(
        3600.0,
        "Seconds before the broker gives an unfinished crawl job to another worker: a killed "
        "worker's job is retried after this; keep it longer than the longest crawl.",
    )
    collect_lease: float = _setting(
        120.0,
        "Seconds a crawl's claim on a URL or a site lasts unless renewed; the claims of a crawl "
        "that died are taken over after this.",
    )
    notify_targets: str = _setting(
        "",
        "Where pushes go: Apprise URLs, one a line (wecombot://KEY, dingtalk://TOKEN, feishu://TOKEN, "
        "mailtos://…); 'digest,alert=URL' sends a target only those kinds (digest, alert, frozen).",
    )
    notify_digest_at: str = _setting(
        "08:30", "Time of day (HH:MM) the daily digest of new candidates goes out; empty: no digest."
    )
    notify_digest_score: float = _setting(0.5, "Smallest relevance score (0–1) of a candidate in the digest.")
    notify_digest_top: int = _setting(10, "Most candidates one digest lists.")
    notify_failed_runs: int = _setting(
        3, "Alert when a source's collect has failed this many runs in a row; 0: no alerts."
    )
    notify_web_url: str = _setting(
        "", "Address readers open the web app at, for links in pushes, e.g. http://10.1.2.3:8000."
    )
    notify_timeout: float = _setting(10.0, "Seconds one push may take before it counts as failed.")
    notify_retries: int = _setting(5, "Attempts at a push before it is given up and shown as failed.")
    notify_backoff: float = _setting(
        60.0, "Seconds before the first retry of a failed push; doubled for each next one."
    )

    @property
    def sqlite_path(self) -> Path:
        return self.home / "yuqing.db"

    @property
    def url(self) -> str:
        """The database URL in force."""
        return self.database_url or f"sqlite:///{self.sqlite_path}"

    @property
    def anchor(self) -> Anchor:
        """The issue-number anchor of the default series (report.series)."""
        return parse_anchor(self.report_anchor)

    def anchor_for(self, series: str) -> Anchor:
        """The anchor series ``series`` counts its issues from: its entry in report.anchors, else
        report.anchor for the default series. Another series without one is a ConfigError."""
        anchors = parse_anchors(self.report_anchors)
        if series in anchors:
            return anchors[series]
        if series == self.report_series:
            return self.anchor
        raise ConfigError(
            f"series {series!r} has no issue-number anchor: add {series}=NUMBER@PERIOD to "
            f"report.anchors (e.g. {series}=1@2024-W01 for a weekly series), or give the number",
            key="report.anchors",
        )


def env_name(name: str) -> str:
    return "YUQING_" + name.upper()


def toml_key(name: str) -> str:
    section, _, rest = name.partition("_")
    return f"{section}.{rest}" if section in ("report", "collect", "web", "notify") else name


def describe() -> list[tuple[str, str, str, str]]:
    """(field, env variable, config key, help) for every setting, for docs and ``yuqing config``."""
    return [(f.name, env_name(f.name), toml_key(f.name), f.metadata["help"]) for f in fields(Settings)]


def load(environ: Mapping[str, str] | None = None) -> Settings:
    """Settings from defaults, the config file in the data directory, and the environment."""
    env = os.environ if environ is None else environ
    home = Path(env.get("YUQING_HOME") or str(Settings.home)).expanduser()
    if home.exists() and not home.is_dir():
        raise ConfigError(
            f"the data directory {home} (YUQING_HOME) is a file, not a directory", key="YUQING_HOME"
        )
    values: dict[str, Any] = {"home": home}
    config = home / "config.toml"
    if config.is_file():
        values.update(_read_config(config))
    for f in fields(Settings):
        if f.name != "home" and env_name(f.name) in env:
            values[f.name] = _convert(f.name, f.type, env[env_name(f.name)], env_name(f.name))
    settings = replace(Settings(), **values)
    validate(settings, origin=config if config.is_file() else None)
    return settings


# (lowest, highest) of the numeric settings: a crawl with timeout .inf or retries -1 never ends
BOUNDS: dict[str, tuple[float, float]] = {
    "collect_timeout": (0.1, 3600.0),
    "collect_max_mb": (0.01, 1024.0),
    "collect_retries": (0, 20),
    "collect_backoff": (0.0, 600.0),
    "collect_retry_after_max": (0.0, 3600.0),
}


def validate(settings: Settings, origin: Path | None = None) -> None:
    """Fail early, naming the setting, on values that would only break at crawl or render time."""
    for name, (low, high) in BOUNDS.items():
        value = getattr(settings, name)
        if not (math.isfinite(value) and low <= value <= high):
            raise ConfigError(
                f"setting {toml_key(name)!r} should be between {low:g} and {high:g}, not {value!r}",
                path=origin,
                key=toml_key(name),
            )
    parse_anchor(settings.report_anchor, origin)
    parse_anchors(settings.report_anchors, origin)
    try:
        settings.report_intro.format(**INTRO_FIELDS)
    except (KeyError, ValueError, IndexError, AttributeError) as exc:
        raise ConfigError(
            f"report.intro template is not valid ({exc!r}); usable fields are "
            "{count} {topic} {scope} {start:%Y年%m月%d日} {end:%Y年%m月%d日}",
            path=origin,
            key="report.intro",
        ) from exc
    if settings.collect_workers < 0 or settings.collect_extract_timeout <= 0:
        raise ConfigError(
            "collect.workers must be 0 (one per core) or more and collect.extract_timeout above 0",
            path=origin,
        )
    if settings.notify_digest_at and not DIGEST_AT.fullmatch(settings.notify_digest_at):
        raise ConfigError(
            f"notify.digest_at {settings.notify_digest_at!r} should be a time of day like 08:30 (or empty)",
            path=origin,
            key="notify.digest_at",
        )
    template = settings.report_docx_template
    if template and not Path(template).expanduser().is_file():
        raise ConfigError(f"report.docx_template {template!r} does not exist", path=origin)


def parse_anchor(text: str, origin: Path | None = None, key: str = "report.anchor") -> Anchor:
    """``534@2024-05`` or ``1@2024-W01`` as an Anchor, or a ConfigError naming ``key``."""
    anchor = parse_anchor_text(text)
    if anchor is None or not 1 <= anchor.number <= MAX_ISSUE_NUMBER:
        raise ConfigError(
            f"{key} {text!r} should look like 534@2024-05 (issue number @ its month) or 1@2024-W01 "
            f"(issue number @ its ISO week), with a number from 1 to {MAX_ISSUE_NUMBER}",
            path=origin,
            key=key,
        )
    return replace(anchor, setting=key)


def parse_anchors(text: str, origin: Path | None = None) -> dict[str, Anchor]:
    """report.anchors: ``weekly=1@2024-W01, quarterly=1@2024-01`` as {series: Anchor}."""
    anchors: dict[str, Anchor] = {}
    for entry in filter(None, (e.strip() for e in text.replace("，", ",").split(","))):
        series, sep, value = entry.partition("=")
        if not sep or not series.strip():
            raise ConfigError(
                f"report.anchors entry {entry!r} should look like weekly=1@2024-W01",
                path=origin,
                key="report.anchors",
            )
        anchors[series.strip()] = parse_anchor(value, origin, f"report.anchors {series.strip()}")
    return anchors


def _read_config(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read the config file: {exc}", path=path) from exc
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"not valid TOML: {exc}", path=path) from exc
    known = {toml_key(f.name): f.name for f in fields(Settings) if f.name != "home"}
    values: dict[str, Any] = {}
    for key, value in _flatten(data):
        if key not in known:
            hint = difflib.get_close_matches(key, known, n=1)
            raise ConfigError(
                f"unknown setting {key!r}" + (f"; did you mean {hint[0]!r}?" if hint else ""),
                path=path,
                line=_line_of(text, key.rpartition(".")[2]),
                key=key,
            )
        kind = next(f.type for f in fields(Settings) if f.name == known[key])
        values[known[key]] = _convert(key, kind, value, path, _line_of(text, key))
    return values


def _convert(key: str, kind: object, value: object, origin: object, line: int | None = None) -> Any:
    """A config or environment value as the setting's type, or an error naming where it came from."""
    target = {"int": int, "float": float, "str": str}.get(str(kind), str)
    if isinstance(value, bool) or (target is str and not isinstance(value, str)):
        raise ConfigError(f"setting {key!r} should be text", path=str(origin), line=line, key=key)
    try:
        return target(value)
    except (TypeError, ValueError):
        raise ConfigError(
            f"setting {key!r} should be a number, not {value!r}", path=str(origin), line=line, key=key
        ) from None


def _flatten(data: Mapping[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    items: list[tuple[str, Any]] = []
    for key, value in data.items():
        if isinstance(value, dict):
            items.extend(_flatten(value, f"{prefix}{key}."))
        else:
            items.append((prefix + key, value))
    return items


def _line_of(text: str, key: str) -> int | None:
    bare = key.rpartition(".")[2]
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip().startswith(bare):
            return number
    return None


def markdown_table() -> str:
    """The settings reference in docs/settings.md, generated from this registry."""
    rows = ["| config.toml | environment | default | meaning |", "|---|---|---|---|"]
    for f in fields(Settings):
        key = "—" if f.name == "home" else f"`{toml_key(f.name)}`"
        default = str(f.default).replace("|", "\\|") or "(empty)"
        rows.append(f"| {key} | `{env_name(f.name)}` | {default} | {f.metadata['help']} |")
    return "\n".join(rows) + "\n"
