"""The ``notify.targets`` setting: where pushes go, one Apprise URL a line.

A line is an Apprise URL (wecombot://KEY, dingtalk://TOKEN or dingtalk://SECRET@TOKEN,
feishu://TOKEN, mailtos://user:password@smtp.example.cn?to=a@example.cn, …), optionally led by
the kinds of message it wants: ``alert=mailtos://…`` or ``digest,frozen=wecombot://…``; a line
without kinds gets every kind. Blank lines and lines starting with # are skipped. URLs hold
secrets (bot keys, passwords): people and the store see them masked (Apprise's privacy form),
and a delivery names its target by a hash of the URL.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cached_property

import apprise

from yuqing.errors import ConfigError

KINDS = ("digest", "alert", "frozen")
KIND_PREFIX = re.compile(r"\s*([a-z]+(?:\s*,\s*[a-z]+)*)\s*=\s*(\S.*)")


@dataclass(frozen=True)
class Target:
    url: str
    kinds: frozenset[str]  # empty: every kind
    line: int

    @property
    def key(self) -> str:
        return hashlib.sha256(self.url.encode("utf-8")).hexdigest()

    @cached_property
    def label(self) -> str:
        """The URL with its secrets masked, e.g. wecombot://a...f/."""
        plugin = apprise.Apprise.instantiate(self.url)
        if plugin is None:
            return self.url.split("://")[0] + "://…"
        return str(plugin.url(privacy=True))  # type: ignore[no-untyped-call]

    def wants(self, kind: str) -> bool:
        return kind == "test" or not self.kinds or kind in self.kinds


def parse_targets(text: str) -> list[Target]:
    """Every target of the setting, checked; a line Apprise cannot use raises ConfigError
    naming the line (the URL itself is not repeated: it may hold a secret)."""
    targets = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        kinds: frozenset[str] = frozenset()
        found = KIND_PREFIX.fullmatch(line)
        if found and "://" not in found.group(1):
            kinds = frozenset(k.strip() for k in found.group(1).split(","))
            line = found.group(2).strip()
            unknown = sorted(kinds - set(KINDS))
            if unknown:
                raise TargetError(number, "kind", unknown[0])
        if apprise.Apprise.instantiate(line) is None:
            raise TargetError(number, "url", line.split("://")[0] if "://" in line else line[:20])
        targets.append(Target(line, kinds, number))
    return targets


class TargetError(ConfigError):
    """A line of notify.targets that cannot be used: ``what`` is "kind" (an unknown kind of
    message) or "url" (Apprise knows no such URL; ``value`` is its scheme, never the secret)."""

    def __init__(self, line: int, what: str, value: str) -> None:
        said = (
            f"unknown kind {value!r} (kinds are {', '.join(KINDS)})"
            if what == "kind"
            else f"not a push URL Apprise can use (scheme {value!r}); see docs/pushes.md"
        )
        super().__init__(f"notify.targets line {line}: {said}", key="notify.targets")
        self.line, self.what, self.value = line, what, value
