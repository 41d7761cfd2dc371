"""Rule-based relevance: one Aho-Corasick pass over title and text against the profile's terms.

The score runs from 0 to 1 and means the same on every article:

- each subtopic term found adds ``group weight × (title_weight if in the title, else 0
  + ln(1 + body count))``; body counts of texts longer than ``length_reference`` characters are
  scaled by √(length_reference / length), so a long text is not relevant merely by being long;
- each exclusion term found subtracts the same amount with the exclusions' weight;
- a regional term (北京 …) multiplies the remaining evidence by 1 + boost;
- score = 1 − exp(−evidence / saturation): 0 without evidence, near 1 with plenty.

An article is relevant when its score reaches the threshold AND the co-occurrence rule holds (a
health term and an IT term, each counted ``min_hits`` times, a title occurrence counting
``title_weight`` times). A subtopic is a label when its evidence reaches ``label_min``.
"""

from __future__ import annotations

import math
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import ahocorasick

from yuqing.analyze.profile import Profile

EXCLUSION = "exclusion"
SIDES = {"health": "卫生健康", "it": "信息技术"}  # the context rule's two sides, as the reason names them


@dataclass
class Role:
    """What one term means in the profile; a term can be a context term and a subtopic term."""

    original: str
    group: str | None = None  # a subtopic label, EXCLUSION, or None for context/regional only
    weight: float = 0.0
    context: set[str] = field(default_factory=set)  # "health", "it"
    regional: bool = False


class Matcher:
    """All profile terms in one automaton. Text must be NFKC-normalised and lower-cased."""

    def __init__(self, profile: Profile) -> None:
        self.roles: dict[str, Role] = {}
        for group in profile.groups:
            for term in group.terms:
                self._role(term).group, self._role(term).weight = group.label, group.weight
        for term in profile.exclusions.terms:
            self._role(term).group, self._role(term).weight = EXCLUSION, profile.exclusions.weight
        for side, terms in (("health", profile.context.health), ("it", profile.context.it)):
            for term in terms:
                self._role(term).context.add(side)
        for term in profile.regional.terms:
            self._role(term).regional = True
        self.automaton = ahocorasick.Automaton()
        for key in self.roles:
            self.automaton.add_word(key, key)
        self.automaton.make_automaton()

    def _role(self, term: str) -> Role:
        key = unicodedata.normalize("NFKC", term).lower()
        return self.roles.setdefault(key, Role(term))

    def count(self, text: str) -> tuple[Counter[str], Counter[str]]:
        """(every occurrence of every term, occurrences of subtopic and exclusion terms not
        inside a longer one): 医疗大模型 counts once, not also as 大模型."""
        everything: Counter[str] = Counter()
        spans: list[tuple[int, int, str]] = []
        for end, key in self.automaton.iter(text):
            start = end - len(key) + 1
            if key.isascii() and not _standalone(text, start, end):
                continue
            everything[key] += 1
            if self.roles[key].group is not None:
                spans.append((start, -end, key))
        spans.sort()
        scoring: Counter[str] = Counter()
        reach = -1
        for _start, neg_end, key in spans:
            if -neg_end > reach:
                scoring[key] += 1
                reach = -neg_end
        return everything, scoring

    def regional(self, counts: Counter[str]) -> bool:
        return any(self.roles[key].regional for key in counts)


def _standalone(text: str, start: int, end: int) -> bool:
    """A Latin term (AI, his) is a word, not part of one (mail, this)."""
    before = text[start - 1] if start > 0 else " "
    after = text[end + 1] if end + 1 < len(text) else " "
    return not (before.isascii() and before.isalnum()) and not (after.isascii() and after.isalnum())


@dataclass(frozen=True)
class Evidence:
    term: str
    group: str  # the group's label, or "exclusion"
    weight: float  # signed contribution to the evidence
    count: int  # occurrences in title and text
    in_title: bool


@dataclass(frozen=True)
class RuleScore:
    score: float  # 0–1, see the module docstring
    relevant: bool
    labels: tuple[str, ...]
    evidence: tuple[Evidence, ...]
    reason: str


class Scorer:
    """Scores articles against one profile; build once, call `score` many times."""

    def __init__(self, profile: Profile) -> None:
        self.profile = profile
        self.matcher = Matcher(profile)

    def score(self, title: str, paragraphs: Sequence[str]) -> RuleScore:
        title = unicodedata.normalize("NFKC", title).lower()
        body = unicodedata.normalize("NFKC", "\n".join(paragraphs)).lower()
        (all_title, in_title), (all_body, in_body) = self.matcher.count(title), self.matcher.count(body)
        scale = min(1.0, math.sqrt(self.profile.length_reference / max(len(body), 1)))
        evidence = self._evidence(in_title, in_body, scale)
        topical = sum(e.weight for e in evidence if e.group != EXCLUSION)
        penalty = -sum(e.weight for e in evidence if e.group == EXCLUSION)
        regional = self.matcher.regional(all_title) or self.matcher.regional(all_body)
        boost = 1 + self.profile.regional.boost if regional else 1.0
        total = max(0.0, topical * boost - penalty)
        score = round(1 - math.exp(-total / self.profile.saturation), 4)
        context = self._context_gap(all_title, all_body)
        relevant = score >= self.profile.threshold and not context
        reason = self._reason(score, relevant, evidence, regional, context)
        return RuleScore(score, relevant, self._labels(evidence), evidence, reason)

    def _evidence(self, in_title: Counter[str], in_body: Counter[str], scale: float) -> tuple[Evidence, ...]:
        found: list[Evidence] = []
        for term in sorted(set(in_title) | set(in_body)):
            role = self.matcher.roles[term]
            if role.group is None:
                continue
            titled = in_title[term] > 0
            strength = (self.profile.title_weight if titled else 0.0) + math.log1p(in_body[term] * scale)
            sign = -1.0 if role.group == EXCLUSION else 1.0
            weight = round(sign * role.weight * strength, 4)
            found.append(Evidence(role.original, role.group, weight, in_title[term] + in_body[term], titled))
        found.sort(key=lambda e: -abs(e.weight))
        return tuple(found)

    def _context_gap(self, in_title: Counter[str], in_body: Counter[str]) -> str:
        """'' when the co-occurrence rule holds, else which side is missing (卫生健康语境不足)."""
        missing = [
            SIDES[side]
            for side in SIDES
            if self._hits(in_title, side) * self.profile.title_weight + self._hits(in_body, side)
            < self.profile.context.min_hits
        ]
        return "、".join(missing) + "语境不足" if missing else ""

    def _hits(self, counts: Counter[str], side: str) -> int:
        roles = self.matcher.roles
        return sum(n for term, n in counts.items() if side in roles[term].context)

    def _labels(self, evidence: tuple[Evidence, ...]) -> tuple[str, ...]:
        per_group: dict[str, float] = {}
        for e in evidence:
            if e.group != EXCLUSION:
                per_group[e.group] = per_group.get(e.group, 0.0) + e.weight
        ranked = sorted(per_group.items(), key=lambda kv: -kv[1])
        return tuple(label for label, total in ranked if total >= self.profile.label_min)

    def _reason(
        self, score: float, relevant: bool, evidence: tuple[Evidence, ...], regional: bool, context: str
    ) -> str:
        """One line for editors: 相关：互联网医疗 3 个词（标题中 1 个）；北京 +25%."""
        parts = [_group_summary(evidence) or "无子主题词"]
        if regional:
            parts.append(f"北京 +{self.profile.regional.boost:.0%}")
        excluded = [e.term for e in evidence if e.group == EXCLUSION]
        if excluded:
            parts.append("排除词 " + "、".join(excluded[:3]))
        if context:
            parts.append(context)
        verdict = "相关" if relevant else "不相关"
        if not relevant and not context:
            verdict += f"（得分 {score:.2f}，低于阈值 {self.profile.threshold:.2f}）"
        return f"{verdict}：" + "；".join(parts)


def _group_summary(evidence: tuple[Evidence, ...]) -> str:
    """互联网医疗 3 个词（标题中 1 个），人工智能与医疗大模型 1 个词: the three strongest subtopics."""
    terms: Counter[str] = Counter()
    titled: Counter[str] = Counter()
    for e in evidence:
        if e.group != EXCLUSION:
            terms[e.group] += 1
            titled[e.group] += e.in_title
    return "，".join(
        f"{group} {n} 个词" + (f"（标题中 {titled[group]} 个）" if titled[group] else "")
        for group, n in terms.most_common(3)
    )
