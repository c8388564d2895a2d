"""A small server-rendered SVG chart: hits per day, stacked by verdict (no JavaScript)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from markupsafe import Markup, escape

VERDICT_COLOURS = (("contradict", "#c0392b"), ("match", "#2e7d32"), ("mention", "#7f8c8d"))
BAR, GAP, HEIGHT = 8, 2, 60


def day_chart(days: Sequence[date], counts: Mapping[tuple[date, str], int], *, label: str = "") -> Markup:
    """An inline SVG: one stacked bar per day in ``days``; each segment has a ``<title>`` tooltip."""
    top = max([sum(counts.get((d, v), 0) for v, _ in VERDICT_COLOURS) for d in days] + [1])
    width = len(days) * (BAR + GAP)
    out = [f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{HEIGHT + 14}" '
           f'viewBox="0 0 {width} {HEIGHT + 14}" role="img" aria-label="{escape(label)}">']
    for i, day in enumerate(days):
        x, y = i * (BAR + GAP), HEIGHT
        for verdict, colour in VERDICT_COLOURS:
            n = counts.get((day, verdict), 0)
            if not n:
                continue
            h = max(1, round(n * HEIGHT / top))
            y -= h
            out.append(f'<rect x="{x}" y="{y}" width="{BAR}" height="{h}" fill="{colour}" '
                       f'class="bar-{verdict}"><title>{day.isoformat()}: {n} {verdict}</title></rect>')
    out.append(f'<line x1="0" y1="{HEIGHT + 0.5}" x2="{width}" y2="{HEIGHT + 0.5}" stroke="#999"/>')
    if days:
        out.append(f'<text x="0" y="{HEIGHT + 12}" font-size="9">{days[0].isoformat()}</text>')
        out.append(f'<text x="{width}" y="{HEIGHT + 12}" font-size="9" text-anchor="end">'
                   f'{days[-1].isoformat()} (max {top}/day)</text>')
    out.append("</svg>")
    return Markup("".join(out))
