"""Bar charts drawn on the server as inline SVG: no JavaScript, readable by screen readers.

Every bar carries a <title> ("测试日报：12 篇") so the count is announced and shown on hover,
and the chart itself has a <title> naming what it shows.
"""

from __future__ import annotations

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


def columns(title: str, rows: list[tuple[str, int]], unit: str = "篇", every: int = 7) -> Markup:
    """One column per row (a day), left to right; every ``every``-th label is written below."""
    top = max((n for _, n in rows), default=0) or 1
    step = WIDTH / max(len(rows), 1)
    parts = []
    for i, (label, count) in enumerate(rows):
        height = round((COLUMN_HEIGHT - 20) * count / top)
        x = round(i * step, 1)
        y = COLUMN_HEIGHT - height
        bar = f'<rect x="{x}" y="{y}" width="{max(step - 2, 1):.1f}" height="{height}"></rect>'
        count_text = f'<text class="count" x="{x}" y="{y - 3}">{count}</text>' if count else ""
        parts.append(f'<g class="bar"><title>{escape(label)}：{count} {unit}</title>{bar}{count_text}</g>')
        if i % every == 0 or i == len(rows) - 1:
            parts.append(f'<text class="axis" x="{x}" y="{COLUMN_HEIGHT + 16}">{escape(label)}</text>')
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
