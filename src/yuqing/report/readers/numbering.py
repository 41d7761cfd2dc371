"""Word's automatic numbering: the label ("1.", "（一）", "①") a numbered paragraph shows.

python-docx gives a paragraph's text without the number Word draws in front of it, so an item
typed with automatic numbering would lose its "1." and an article's "（一）" its heading number.
The rules are those of ECMA-376 Part 1, §17.9 (numbering): a paragraph's numPr (its own or its
style's) names a num, which names an abstractNum whose levels give the start value, the format
(§17.18.59 ST_NumberFormat) and the label text (%1.%2); counters run per abstractNum, a level
restarts the levels below it, and a num's startOverride restarts the count where it is first used.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from docx.oxml.ns import qn

_CN = "〇一二三四五六七八九"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


@dataclass
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."


@dataclass
class Numbering:
    """Labels for numbered paragraphs, in document order (call ``label`` once per paragraph)."""

    levels: dict[str, dict[int, _Level]] = field(default_factory=dict)  # abstractNumId → ilvl → level
    nums: dict[str, tuple[str, dict[int, int]]] = field(default_factory=dict)  # numId → (abstract, starts)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)
    started: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, document: Any) -> Numbering:
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return cls()
        numbering = cls()
        for abstract in root.iterchildren(qn("w:abstractNum")):
            levels: dict[int, _Level] = {}
            for lvl in abstract.iterchildren(qn("w:lvl")):
                levels[int(lvl.get(qn("w:ilvl"), "0"))] = _Level(
                    start=int(_val(lvl, "w:start") or 1),
                    fmt=_val(lvl, "w:numFmt") or "decimal",
                    text=_val(lvl, "w:lvlText") or "",
                )
            numbering.levels[abstract.get(qn("w:abstractNumId"), "")] = levels
        for num in root.iterchildren(qn("w:num")):
            starts = {
                int(o.get(qn("w:ilvl"), "0")): int(_val(o, "w:startOverride") or 1)
                for o in num.iterchildren(qn("w:lvlOverride"))
                if _val(o, "w:startOverride") is not None
            }
            numbering.nums[num.get(qn("w:numId"), "")] = (_val(num, "w:abstractNumId") or "", starts)
        return numbering

    def label(self, num_id: str, ilvl: int) -> str:
        """The label of the next paragraph numbered (num_id, ilvl); '' for bullets and unknowns."""
        if num_id not in self.nums:
            return ""
        abstract, starts = self.nums[num_id]
        levels = self.levels.get(abstract, {})
        if ilvl not in levels:
            return ""
        counters = self.counters.setdefault(abstract, {})
        if num_id not in self.started:
            self.started.add(num_id)
            for ilvl_over, start in starts.items():
                counters[ilvl_over] = start - 1
        counters[ilvl] = counters.get(ilvl, levels[ilvl].start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        this = levels[ilvl]
        if this.fmt in ("bullet", "none"):
            return ""
        text: str = this.text
        for n in range(ilvl, -1, -1):
            level = levels.get(n, _Level())
            text = text.replace(f"%{n + 1}", format_number(counters.get(n, level.start), level.fmt))
        return text


def _val(element: Any, tag: str) -> str | None:
    child = element.find(qn(tag))
    return None if child is None else child.get(qn("w:val"))


def format_number(value: int, fmt: str) -> str:
    """``value`` in one of Word's number formats (the common ones; others as decimal)."""
    if fmt in ("chineseCounting", "chineseCountingThousand", "chineseLegalSimplified", "japaneseCounting"):
        return chinese_counting(value)
    if fmt in ("ideographDigital",):
        return "".join(_CN[int(d)] for d in str(value))
    if fmt == "ideographTraditional" and 1 <= value <= 10:
        return _TIANGAN[value - 1]
    if fmt == "decimalEnclosedCircle" and 1 <= value <= 20:
        return _CIRCLED[value - 1]
    if fmt == "decimalZero":
        return f"{value:02d}"
    if fmt in ("lowerLetter", "upperLetter") and value >= 1:
        letter = chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman") and value >= 1:
        roman = _roman(value)
        return roman if fmt == "upperRoman" else roman.lower()
    if fmt == "decimalFullWidth":
        return "".join(chr(ord(d) + 0xFEE0) for d in str(value))
    return str(value)


def chinese_counting(value: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五 (as Word counts)."""
    if value <= 0:
        return str(value)
    if value < 10:
        return _CN[value]
    if value < 20:
        return "十" + (_CN[value % 10] if value % 10 else "")
    if value < 100:
        return _CN[value // 10] + "十" + (_CN[value % 10] if value % 10 else "")
    if value < 1000:
        rest = value % 100
        tail = "" if rest == 0 else ("零" + _CN[rest] if rest < 10 else chinese_counting(rest))
        if 10 <= rest < 20:
            tail = "一" + tail
        return _CN[value // 100] + "百" + tail
    return str(value)


def _roman(value: int) -> str:
    out = ""
    for number, letters in (
        (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
        (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
    ):  # fmt: skip
        while value >= number:
            out, value = out + letters, value - number
    return out
