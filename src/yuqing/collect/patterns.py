"""Link patterns of the source registry: checked at load, run with a time limit during a crawl.

A pattern with a quantifier inside a quantifier (``^(a+)+$``) can backtrack for hours on a
long URL (OWASP, "Regular expression Denial of Service"). Such patterns are refused when the
registry is loaded, with the fix (a possessive ``a++`` or atomic ``(?>…)`` inner part); patterns
are also tried on long probe strings under a time limit, and matched during the crawl with the
``regex`` package, whose searches take a timeout, so no pattern can stall a crawl.
"""

from __future__ import annotations

import logging
import re
import re._constants as sre  # type: ignore[import-not-found]  # not in typeshed
import re._parser as sre_parse  # type: ignore[import-not-found]  # not in typeshed
from functools import lru_cache
from typing import Any

import regex

PROBE_SECONDS = 0.5  # a sound pattern answers a 2,000-character probe in microseconds
MATCH_SECONDS = 0.2  # per URL during a crawl
_PROBES = tuple(c * 2_000 + "\x00" for c in "a1/-_.%=?&")
_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT)

log = logging.getLogger(__name__)


def pattern_problem(pattern: str) -> str | None:
    """Why a link pattern cannot be used, or None: not a regular expression, a quantifier
    nested in another, or too slow on a long probe string."""
    try:
        tree = sre_parse.parse(pattern)
        compiled = regex.compile(pattern)
    except (re.error, regex.error) as exc:
        return f"link_pattern is not a valid regular expression: {exc}"
    if _nested_repeat(list(tree), inside=False):
        return (
            f"link_pattern {pattern!r} has a quantifier inside a quantifier (like (a+)+), which can "
            "take exponential time on a long URL; make the inner one possessive (a++) or atomic (?>…)"
        )
    for probe in _PROBES:
        try:
            compiled.search(probe, timeout=PROBE_SECONDS)
        except TimeoutError:
            return f"link_pattern {pattern!r} takes over {PROBE_SECONDS} s on a long URL"
    return None


def link_matches(pattern: str, url: str) -> bool:
    """Whether ``pattern`` finds a match in ``url``; a search over the time limit counts as none."""
    try:
        return _compiled(pattern).search(url, timeout=MATCH_SECONDS) is not None
    except TimeoutError:
        log.warning("link_pattern %r took over %s s on %s: link skipped", pattern, MATCH_SECONDS, url)
        return False


@lru_cache(maxsize=256)
def _compiled(pattern: str) -> Any:
    return regex.compile(pattern)


def _nested_repeat(items: list[Any], inside: bool) -> bool:
    """True when an unbounded greedy or lazy repeat stands inside another (star height ≥ 2).
    Possessive repeats and atomic groups never backtrack, so they are safe at any depth."""
    for op, arg in items:
        if op in _REPEATS:
            _, high, sub = arg
            unbounded = high == sre.MAXREPEAT or high > 16
            if unbounded and inside:
                return True
            if _nested_repeat(list(sub), inside or unbounded):
                return True
        elif op == sre.SUBPATTERN:
            if _nested_repeat(list(arg[3]), inside):
                return True
        elif op == sre.BRANCH:
            if any(_nested_repeat(list(branch), inside) for branch in arg[1]):
                return True
        elif op in (sre.ASSERT, sre.ASSERT_NOT) and _nested_repeat(list(arg[1]), inside):
            return True
    return False
