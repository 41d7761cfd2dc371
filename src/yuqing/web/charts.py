"""Bar charts drawn on the server as inline SVG: no JavaScript, readable by screen readers.

Every bar carries a <title> ("测试日报：12 篇") so the count is announced and shown on hover,
and the chart itself has a <title> naming what it shows.
"""

from __future__ import annotations

import math

from markupsafe import Markup, escape

ROW = 22  # height of one horizontal bar's row, px
LABEL = 170  # width kept for the labels left of horizontal bars
WIDTH = 640
COLUMN_HEIGHT = 160


def hbars(title: str, rows: list[tuple[str, int]], unit: str = "篇") -> Markup:
    """One horizontal bar per row, its label on the left and its count at its end."""
    top = max((n for _, n in rows), default=0) or 1
    span = WIDTH - LABEL - 50
    parts = []
    for i, (label, count) in enumerate(rows):
        y = i * ROW
        width = round(span * count / top)
        parts.append(
            f'<g class="bar"><title>{escape(label)}：{count} {unit}</title>'
            f'<text x="{LABEL - 6}" y="{y + 15}" text-anchor="end">{escape(_short(label))}</text>'
            f'<rect x="{LABEL}" y="{y + 3}" width="{width}" height="{ROW - 6}"></rect>'
            f'<text class="count" x="{LABEL + width + 4}" y="{y + 15}">{count}</text></g>'
        )
    return _svg(title, WIDTH, max(len(rows), 1) * ROW, parts)


AXIS_LABELS = 8  # labels that fit under the columns without touching ("12月31日" is ~50 px)


def columns(title: str, rows: list[tuple[str, int]], unit: str = "篇") -> Markup:
    """One column per row (a day), left to right. At most AXIS_LABELS labels are written below,
    evenly spaced and counted back from the last day, so they never overlap; the first and last
    are anchored inside the chart."""
    top = max((n for _, n in rows), default=0) or 1
    step = WIDTH / max(len(rows), 1)
    every = max(math.ceil(len(rows) / AXIS_LABELS), 1)
    parts = []
    for i, (label, count) in enumerate(rows):
        height = round((COLUMN_HEIGHT - 20) * count / top)
        x = round(i * step, 1)
        y = COLUMN_HEIGHT - height
        bar = f'<rect x="{x}" y="{y}" width="{max(step - 2, 1):.1f}" height="{height}"></rect>'
        count_text = f'<text class="count" x="{x}" y="{y - 3}">{count}</text>' if count else ""
        parts.append(f'<g class="bar"><title>{escape(label)}：{count} {unit}</title>{bar}{count_text}</g>')
        if (len(rows) - 1 - i) % every == 0:
            anchor = "end" if i == len(rows) - 1 else "middle" if i > 0 else "start"
            middle = x + step / 2 if anchor == "middle" else x + step if anchor == "end" else x
            parts.append(
                f'<text class="axis" x="{middle:.1f}" y="{COLUMN_HEIGHT + 16}" text-anchor="{anchor}">'
                f"{escape(label)}</text>"
            )
    return _svg(title, WIDTH, COLUMN_HEIGHT + 22, parts)


def _svg(title: str, width: int, height: int, parts: list[str]) -> Markup:
    body = "".join(parts) or '<text x="10" y="16">暂无数据</text>'
    return Markup(
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="100%" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>{body}</svg>'
    )


def _short(label: str, limit: int = 12) -> str:
    """Long outlet names are cut on the axis; the bar's <title> keeps the whole name."""
    return label if len(label) <= limit else label[: limit - 1] + "…"
