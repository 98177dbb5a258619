"""Line charts drawn as inline SVG on the server: no chart library, no script, printable.

A chart is data first: `LineChart` holds the month labels, the series and the threshold lines,
and the template draws both the SVG and the table behind it (the text alternative). Colours
come from the Okabe–Ito palette, which stays distinct with the common colour-vision
deficiencies; the series also differ by dash and marker shape, so colour is never the only cue.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

WIDTH, HEIGHT = 640, 280
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 16, 40

# Okabe–Ito: blue, vermillion, bluish green, reddish purple, orange, sky blue.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")
MARKERS = ("circle", "square", "diamond", "triangle")


@dataclass
class Series:
    name: str
    values: list[float | None]
    dashed: bool = False
    color: str = ""
    marker: str = ""
    points: str = ""
    dots: list[tuple[float, float, str]] = field(default_factory=list)


@dataclass
class Threshold:
    label: str
    value: float
    y: float = 0


@dataclass
class LineChart:
    id: str
    title: str
    description: str
    labels: list[str]
    series: list[Series]
    unit: str = ""
    percent: bool = False
    thresholds: list[Threshold] = field(default_factory=list)
    width: int = WIDTH
    height: int = HEIGHT
    y_max: float = 0
    y_ticks: list[tuple[float, str]] = field(default_factory=list)
    x_ticks: list[tuple[float, str]] = field(default_factory=list)

    @property
    def rows(self) -> list[tuple[str, list[float | None]]]:
        """The table behind the chart: one row per month, one column per series."""
        return [(label, [s.values[i] for s in self.series]) for i, label in enumerate(self.labels)]

    @property
    def plot_bottom(self) -> float:
        return self.height - BOTTOM

    @property
    def plot_right(self) -> float:
        return self.width - RIGHT

    @property
    def left(self) -> int:
        return LEFT

    @property
    def top(self) -> int:
        return TOP

    @property
    def has_data(self) -> bool:
        return any(v for s in self.series for v in s.values if v)


def _nice_ceiling(value: float) -> float:
    if value <= 0:
        return 1
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def _format(value: float, percent: bool) -> str:
    text = f"{value:,.0f}" if value == int(value) else f"{value:,.1f}"
    return f"{text}%" if percent else text


def line_chart(
    *,
    id: str,
    title: str,
    description: str,
    labels: list[str],
    series: list[Series],
    unit: str = "",
    percent: bool = False,
    thresholds: list[Threshold] | None = None,
) -> LineChart:
    """Lay out the chart: scale the values to the plot area and place the ticks."""
    chart = LineChart(
        id=id,
        title=title,
        description=description,
        labels=labels,
        series=series,
        unit=unit,
        percent=percent,
        thresholds=thresholds or [],
    )
    values = [v for s in series for v in s.values if v is not None] + [t.value for t in chart.thresholds]
    chart.y_max = _nice_ceiling(max(values, default=0) or 1)
    if percent:
        chart.y_max = max(chart.y_max, 100) if max(values, default=0) > 50 else chart.y_max
    plot_width = chart.plot_right - LEFT
    plot_height = chart.plot_bottom - TOP
    step = plot_width / max(len(labels) - 1, 1)

    def x(i: int) -> float:
        return round(LEFT + i * step, 1)

    def y(value: float) -> float:
        return round(chart.plot_bottom - value / chart.y_max * plot_height, 1)

    chart.x_ticks = [(x(i), label.split()[0]) for i, label in enumerate(labels)]  # "ต.ค." under "ต.ค. 2569"
    chart.y_ticks = [(y(chart.y_max * k / 4), _format(chart.y_max * k / 4, percent)) for k in range(5)]
    for threshold in chart.thresholds:
        threshold.y = y(threshold.value)
    for index, s in enumerate(series):
        s.color = s.color or PALETTE[index % len(PALETTE)]
        s.marker = s.marker or MARKERS[index % len(MARKERS)]
        known = [(x(i), y(v), _format(v, percent)) for i, v in enumerate(s.values) if v is not None]
        s.points = " ".join(f"{px},{py}" for px, py, _label in known)
        s.dots = known
    return chart
