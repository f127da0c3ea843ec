"""Small bar charts drawn on the server as SVG: readable without JavaScript, no library.

A chart is data plus geometry; templates/health/includes/bar_chart.html draws it and always
prints the same numbers as a table (the text alternative).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

WIDTH, HEIGHT = 640, 220
LEFT, RIGHT, TOP, BOTTOM = 40, 8, 12, 30


@dataclass(frozen=True)
class Bar:
    label: str
    long_label: str
    value: float | None
    text: str
    x: float
    y: float
    width: float
    height: float
    label_x: float
    note: str = ""


@dataclass(frozen=True)
class Tick:
    value: str
    y: float


@dataclass
class BarChart:
    """``id`` must be unique on the page (it names the title and description elements)."""

    id: str
    title: str
    description: str
    value_heading: str
    note_heading: str = ""
    bars: list[Bar] = field(default_factory=list)
    ticks: list[Tick] = field(default_factory=list)
    width: int = WIDTH
    height: int = HEIGHT
    baseline: float = HEIGHT - BOTTOM
    left: int = LEFT


def _nice_max(values: list[float]) -> float:
    top = max([v for v in values if v is not None] or [0])
    if top <= 0:
        return 1
    magnitude = 10 ** math.floor(math.log10(top))
    for step in (1, 2, 2.5, 5, 10):
        if top <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def bar_chart(
    *,
    id: str,
    title: str,
    description: str,
    value_heading: str,
    points: list[tuple],
    maximum: float | None = None,
    fmt: str = "{:.0f}",
    note_heading: str = "",
) -> BarChart:
    """A chart of ``points`` = [(short label, long label, value or None for "no data"[, note])];
    the optional note is an extra column of the table, headed ``note_heading``.

    ``maximum`` fixes the top of the scale (e.g. 5 for a 1–5 rating); otherwise a round number
    just above the largest value is used.
    """
    top = maximum or _nice_max([p[2] for p in points])
    chart = BarChart(
        id=id,
        title=title,
        description=description,
        value_heading=value_heading,
        note_heading=note_heading,
    )
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / max(len(points), 1)
    for i, (label, long_label, value, *note) in enumerate(points):
        height = 0 if value is None else plot_h * min(value, top) / top
        chart.bars.append(
            Bar(
                label=label,
                long_label=long_label,
                value=value,
                text="no data" if value is None else fmt.format(value),
                x=round(LEFT + i * slot + slot * 0.2, 1),
                y=round(TOP + plot_h - height, 1),
                width=round(slot * 0.6, 1),
                height=round(height, 1),
                label_x=round(LEFT + i * slot + slot / 2, 1),
                note=str(note[0]) if note else "",
            )
        )
    for fraction in (0, 0.5, 1):
        value = top * fraction
        chart.ticks.append(
            Tick(value=fmt.format(value), y=round(TOP + plot_h - plot_h * fraction, 1))
        )
    return chart
