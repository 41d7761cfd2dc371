"""The topic profile: which words make an article relevant to the monitored subject.

A profile is a YAML file (docs/profile.md explains it for analysts). `load_profile` checks every
field and names the file and line of a mistake, using the line-aware reader of the source registry.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from yuqing.collect.sources_yaml import Doc
from yuqing.settings import Settings

TOP_KEYS = (
    "threshold",
    "title_weight",
    "saturation",
    "length_reference",
    "label_min",
    "context",
    "regional",
    "exclusions",
    "groups",
)
GROUP_KEYS = ("name", "label", "weight", "terms")
CONTEXT_KEYS = ("min_hits", "health", "it")
REGIONAL_KEYS = ("boost", "terms")
EXCLUSION_KEYS = ("weight", "terms")
MAX_WEIGHT = 10.0


@dataclass(frozen=True)
class Group:
    """A subtopic: its id, its Chinese label for reports, how much one of its terms counts."""

    name: str
    label: str
    weight: float
    terms: tuple[str, ...]


@dataclass(frozen=True)
class Context:
    """The co-occurrence rule: both a health term and an IT term, each at least `min_hits` times
    (a title occurrence counts as `title_weight` occurrences)."""

    min_hits: float
    health: tuple[str, ...]
    it: tuple[str, ...]


@dataclass(frozen=True)
class Regional:
    """Terms that mark the monitored region; topical evidence is multiplied by 1 + boost."""

    boost: float
    terms: tuple[str, ...]


@dataclass(frozen=True)
class Exclusions:
    """Off-topic markers; each counts against the evidence with this weight."""

    weight: float
    terms: tuple[str, ...]


@dataclass(frozen=True)
class Profile:
    path: Path
    threshold: float
    title_weight: float
    saturation: float
    length_reference: int
    label_min: float
    context: Context
    regional: Regional
    exclusions: Exclusions
    groups: tuple[Group, ...]

    @property
    def term_count(self) -> int:
        return sum(len(g.terms) for g in self.groups)


def default_profile_path() -> Path:
    """The built-in profile for 卫生信息化, shipped with the package."""
    return Path(__file__).with_name("default_profile.yaml")


def profile_path(settings: Settings) -> Path:
    """The profile in force: the profile_file setting, else profile.yaml in the data directory
    if there is one, else the built-in profile."""
    if settings.profile_file:
        return Path(settings.profile_file).expanduser()
    own = settings.home / "profile.yaml"
    return own if own.is_file() else default_profile_path()


def load_profile(path: Path) -> Profile:
    """The profile in a file, all checked; the first mistake raises ConfigError with its line."""
    doc = Doc(path)
    top = doc.mapping(doc.root, "the profile", TOP_KEYS, required=TOP_KEYS)
    profile = Profile(
        path=path,
        threshold=_fraction(doc, top["threshold"], "threshold"),
        title_weight=_weight(doc, top["title_weight"], "title_weight"),
        saturation=_weight(doc, top["saturation"], "saturation"),
        length_reference=doc.integer(top["length_reference"], "length_reference", 100, 100_000),
        label_min=_weight(doc, top["label_min"], "label_min"),
        context=_context(doc, top["context"]),
        regional=_regional(doc, top["regional"]),
        exclusions=_exclusions(doc, top["exclusions"]),
        groups=_groups(doc, top["groups"]),
    )
    grouped = {t.lower() for g in profile.groups for t in g.terms}
    for term in profile.exclusions.terms:
        if term.lower() in grouped:  # it would count for and against at once
            doc.fail(f"exclusion {term!r} is also a subtopic term", top["exclusions"], "exclusions")
    return profile


def _weight(doc: Doc, node: yaml.Node, key: str) -> float:
    value = doc.number(node, key, 0.0)
    if not 0 < value <= MAX_WEIGHT:
        doc.fail(f"{key!r} should be more than 0 and at most {MAX_WEIGHT:g}, not {value:g}", node, key)
    return value


def _fraction(doc: Doc, node: yaml.Node, key: str) -> float:
    value = doc.number(node, key, 0.0)
    if not 0 < value < 1:
        doc.fail(f"{key!r} should be between 0 and 1 (scores run from 0 to 1), not {value:g}", node, key)
    return value


def _terms(doc: Doc, node: yaml.Node, key: str) -> tuple[str, ...]:
    terms = doc.texts(node, key)
    if not terms:
        doc.fail(f"{key!r} is empty; list at least one term", node, key)
    seen: set[str] = set()
    for item, term in zip(doc.items(node, key), terms, strict=True):
        if term.lower() in seen:
            doc.fail(f"term {term!r} is listed twice in {key!r}", item, key)
        seen.add(term.lower())
    return terms


def _context(doc: Doc, node: yaml.Node) -> Context:
    raw = doc.mapping(node, "'context'", CONTEXT_KEYS, required=CONTEXT_KEYS)
    return Context(
        min_hits=_weight(doc, raw["min_hits"], "min_hits"),
        health=_terms(doc, raw["health"], "health"),
        it=_terms(doc, raw["it"], "it"),
    )


def _regional(doc: Doc, node: yaml.Node) -> Regional:
    raw = doc.mapping(node, "'regional'", REGIONAL_KEYS, required=REGIONAL_KEYS)
    boost = doc.number(raw["boost"], "boost", 0.0)
    if boost > 1:
        doc.fail(f"'boost' should be between 0 and 1 (0.25 means +25%), not {boost:g}", raw["boost"], "boost")
    return Regional(boost=boost, terms=_terms(doc, raw["terms"], "terms"))


def _exclusions(doc: Doc, node: yaml.Node) -> Exclusions:
    raw = doc.mapping(node, "'exclusions'", EXCLUSION_KEYS, required=EXCLUSION_KEYS)
    return Exclusions(weight=_weight(doc, raw["weight"], "weight"), terms=_terms(doc, raw["terms"], "terms"))


def _groups(doc: Doc, node: yaml.Node) -> tuple[Group, ...]:
    items = doc.items(node, "groups")
    if not items:
        doc.fail("'groups' is empty; the profile needs at least one subtopic", node, "groups")
    groups: list[Group] = []
    names: dict[str, int] = {}
    owner: dict[str, str] = {}
    for item in items:
        group = _group(doc, item)
        if group.name in names:
            doc.fail(f"group name {group.name!r} is already used on line {names[group.name]}", item, "name")
        names[group.name] = item.start_mark.line + 1
        for term in group.terms:
            if term.lower() in owner:
                doc.fail(f"term {term!r} is already in group {owner[term.lower()]!r}", item, "terms")
            owner[term.lower()] = group.name
        groups.append(group)
    return tuple(groups)


def _group(doc: Doc, node: yaml.Node) -> Group:
    raw = doc.mapping(node, "a group", GROUP_KEYS, required=GROUP_KEYS)
    return Group(
        name=doc.text(raw["name"], "name"),
        label=doc.text(raw["label"], "label"),
        weight=_weight(doc, raw["weight"], "weight"),
        terms=_terms(doc, raw["terms"], "terms"),
    )
