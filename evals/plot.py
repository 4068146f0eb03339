"""A self-contained SVG line chart of task completion against context size (no plotting library needed).

>>> svg = completion_svg({"offline": [("200 tokens", 190, 0.4), ("800 tokens", 780, 0.6), ("full model", 8500, 0.62)]})
>>> svg.startswith("<svg") and "full model" in svg and svg.count("<circle") == 3
True
"""

from __future__ import annotations

import math
from html import escape

WIDTH, HEIGHT = 720, 400
LEFT, RIGHT, TOP, BOTTOM = 70, 170, 40, 60
COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd")

Series = list[tuple[str, float, float]]  # (label, tokens, completion 0..1)


def completion_svg(series: dict[str, Series], title: str = "Task completion against context size") -> str:
    """One line per reader: x = median context tokens (log scale), y = share of questions completed."""
    points = [p for line in series.values() for p in line if p[1] > 0]
    if not points:
        empty = '<text x="10" y="30">no data</text>'
        return f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="60">{empty}</svg>'
    low = 10 ** math.floor(math.log10(min(p[1] for p in points)))
    high = 10 ** math.ceil(math.log10(max(p[1] for p in points)))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(tokens: float) -> float:
        return LEFT + plot_w * (math.log10(max(tokens, low)) - math.log10(low)) / (math.log10(high) - math.log10(low))

    def y(share: float) -> float:
        return TOP + plot_h * (1 - share)

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'font-family="sans-serif" font-size="12" role="img" aria-label="{escape(title)}">',
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="white"/>',
        f'<text x="{LEFT}" y="22" font-size="15" font-weight="bold">{escape(title)}</text>',
    ]
    for tick in range(0, 101, 20):
        ty = y(tick / 100)
        out.append(f'<line x1="{LEFT}" y1="{ty:.1f}" x2="{LEFT + plot_w}" y2="{ty:.1f}" stroke="#ddd"/>')
        out.append(f'<text x="{LEFT - 8}" y="{ty + 4:.1f}" text-anchor="end">{tick}%</text>')
    decade = low
    while decade <= high:
        for step in (1, 2, 5):
            value = decade * step
            if low <= value <= high:
                tx = x(value)
                out.append(f'<line x1="{tx:.1f}" y1="{TOP}" x2="{tx:.1f}" y2="{TOP + plot_h}" stroke="#eee"/>')
                out.append(f'<text x="{tx:.1f}" y="{TOP + plot_h + 16}" text-anchor="middle">{value:,.0f}</text>')
        decade *= 10
    out.append(
        f'<text x="{LEFT + plot_w / 2}" y="{HEIGHT - 18}" text-anchor="middle">'
        "context tokens per question (median, log scale)</text>"
    )
    out.append(
        f'<text transform="translate(18 {TOP + plot_h / 2}) rotate(-90)" text-anchor="middle">'
        "questions completed</text>"
    )
    out.append(f'<rect x="{LEFT}" y="{TOP}" width="{plot_w}" height="{plot_h}" fill="none" stroke="#444"/>')
    for index, (name, line) in enumerate(series.items()):
        colour = COLOURS[index % len(COLOURS)]
        coords = [(x(t), y(c), label, c) for label, t, c in line]
        path = " ".join(f"{'M' if i == 0 else 'L'}{cx:.1f},{cy:.1f}" for i, (cx, cy, _, _) in enumerate(coords))
        out.append(f'<path d="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
        for cx, cy, label, share in coords:
            out.append(
                f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="4" fill="{colour}">'
                f"<title>{escape(name)}: {escape(label)}, {share:.1%}</title></circle>"
            )
            if label.startswith("full"):
                out.append(f'<text x="{cx - 6:.1f}" y="{cy - 8:.1f}" text-anchor="end">{escape(label)}</text>')
        ly = TOP + 16 + 18 * index
        out.append(
            f'<line x1="{WIDTH - RIGHT + 14}" y1="{ly}" x2="{WIDTH - RIGHT + 34}" y2="{ly}" '
            f'stroke="{colour}" stroke-width="2"/>'
        )
        out.append(f'<text x="{WIDTH - RIGHT + 40}" y="{ly + 4}">{escape(name)}</text>')
    out.append("</svg>")
    return "\n".join(out)
