"""Report charts drawn on the server as SVG, written directly (web/reports/svg.py): a few
milliseconds each, where matplotlib took seconds for the national report and a second
and tens of megabytes per worker to import.

Each chart is an SVG document that names itself (role="img", aria-label, <title> and
<desc>) and is shown through an <img> with a data: URL, which the Content Security
Policy allows (img-src 'self' data:); the page needs no script and no inline style.
Every chart sits next to a text summary and a data table with the same figures.

Places are drawn in region and name order, barriers in the framework's order: never in
the order of their figures.
"""

from __future__ import annotations

import base64
import functools
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from outcomes.lazy import lazy
from outcomes.reports.result import CompareItem, ComparisonReport
from web.reports.svg import TEXT, Drawing, text_width

if TYPE_CHECKING:
    import pandas as pd
else:
    pd = lazy("pandas")

# GOV.UK blues, light to dark: a sequence, not a verdict (no red for "bad").
BLUES = ["#d2e2f1", "#8eb8dc", "#5694ca", "#1d70b8", "#003078"]
NO_ANSWERS = "#f3f2f1"
AXIS = "#505a5f"
GRID = "#e6e6e6"
# Lines for barriers over time: GOV.UK colours that differ from one another, each line
# with its own marker shape too. No red: a barrier is not a fault.
LINES = ["#1d70b8", "#f47738", "#00703c", "#4c2c92", "#d53880", "#b58840", "#28a197", "#505a5f"]
LINES += ["#003078", "#6f72af"]
# Annotating every cell is only readable up to this many places.
ANNOTATE_UP_TO = 60
ROW = 23  # px: a row of the heat map, and of the bars
CELL = 86  # px: a column of the heat map


@dataclass(frozen=True)
class Chart:
    title: str
    description: str
    svg: str

    @property
    def data_url(self) -> str:
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg.encode()).decode()


def _chart(drawing: Drawing, title: str, description: str) -> Chart:
    return Chart(title, description, drawing.document(title, description))


@functools.cache
def blue(fraction: float) -> str:
    """The colour ``fraction`` of the way along the blues (0 the lightest, 1 the darkest),
    blended between the two nearest, as a colour map would."""
    fraction = min(max(fraction, 0.0), 1.0) * (len(BLUES) - 1)
    low = min(int(fraction), len(BLUES) - 2)
    share = fraction - low
    a, b = BLUES[low], BLUES[low + 1]
    channels = (
        round(int(a[i : i + 2], 16) * (1 - share) + int(b[i : i + 2], 16) * share)
        for i in (1, 3, 5)
    )
    return "#" + "".join(f"{channel:02x}" for channel in channels)


def _ticks(top: float) -> list[int]:
    """Whole-number axis ticks from 0 to at least ``top``, about five of them."""
    if top <= 0:
        return [0, 1]
    raw = top / 5
    power = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    step = next(s * power for s in (1, 2, 5, 10) if s * power >= raw)
    return list(range(0, int(math.ceil(top / step) * step) + 1, int(step)))


def _sideways(labels: list[str], degrees: float) -> float:
    """Height taken by ``labels`` turned ``degrees`` from the horizontal."""
    longest = max((text_width(label) for label in labels), default=0.0)
    return longest * math.sin(math.radians(degrees)) + 12


def heatmap(report: ComparisonReport) -> Chart | None:
    """Median level of each place on each principle, places grouped by region."""
    table = report.principles
    if table.empty:
        return None
    items = list(report.context.items)
    # One row per place, in region, name and code order; a column per principle.
    medians = (
        table.set_index(["region", "place", "place_code", "item"])["median"]
        .unstack("item")
        .reindex(columns=[item.id for item in items])
        .sort_index()
    )
    regions = medians.index.get_level_values("region").tolist()
    names = medians.index.get_level_values("place").tolist()
    values = medians.to_numpy(dtype=float).tolist()
    labels = list(dict.fromkeys(regions)) + names
    left = max(text_width(label) for label in labels) + 16
    titles = [item.title for item in items]
    top = _sideways(titles, 35) + 8
    levels = items[0].levels
    low, high = levels[0][0], levels[-1][0]
    legend_left = left + CELL * len(items) + 24
    legend_width = 40 + max(text_width(label) for _, label in (*levels, (0, "Median level")))
    last_title = text_width(titles[-1]) * math.cos(math.radians(35))
    width = max(legend_left + legend_width, left + CELL * (len(items) - 0.5) + last_title) + 8
    rows = len(names) + len(set(regions))
    key_height = ROW * min(8, max(rows, 2))
    drawing = Drawing(width, top + max(ROW * rows, 24 + key_height) + 8)
    for column, title in enumerate(titles):
        x = left + CELL * (column + 0.5)
        drawing.text(x, top - 10, title, rotate=-35)
    annotate = len(names) <= ANNOTATE_UP_TO
    y = top
    region = None
    for place_region, name, row in zip(regions, names, values, strict=True):
        if place_region != region:
            region = place_region
            drawing.text(left - 8, y + ROW / 2, str(region), anchor="end", bold=True)
            y += ROW
        drawing.text(left - 8, y + ROW / 2, str(name), anchor="end")
        for column, value in enumerate(row):
            x = left + CELL * column
            if math.isnan(value):
                drawing.rect(x, y, CELL - 1, ROW - 1, NO_ANSWERS)
                continue
            drawing.rect(x, y, CELL - 1, ROW - 1, blue((value - low) / (high - low)))
            if annotate:
                colour = "#ffffff" if value >= 3 else TEXT
                drawing.text(x + CELL / 2, y + ROW / 2, f"{value:g}", anchor="middle", fill=colour)
        y += ROW
    # The key: the colours from the lowest level (bottom) to the highest, with their names.
    key_top = top + 24
    drawing.text(legend_left, top + 6, "Median level", bold=True)
    drawing.gradient("levels", BLUES)
    drawing.filled(legend_left, key_top, 14, key_height, "levels")
    for value, label in levels:
        ky = key_top + key_height * (high - value) / (high - low)
        drawing.line(legend_left + 14, ky, legend_left + 18, ky)
        drawing.text(legend_left + 22, ky, label)
    title = f"Median level by place and principle, {report.context.framework_title}"
    description = (
        f"A grid of {len(names)} places, grouped by region, against {len(items)} principles. "
        "Darker cells are higher median levels; grey cells have no answers."
    )
    return _chart(drawing, title, description)


def _level_colours(count: int) -> list[str]:
    return [blue(i / max(count - 1, 1)) for i in range(count)]


def _legend(drawing: Drawing, x: float, y: float, entries: list[tuple[str, str]]) -> None:
    """Swatches with their labels in a row from (x, y)."""
    for label, colour in entries:
        drawing.rect(x, y - 6, 12, 12, colour)
        drawing.text(x + 16, y, label)
        x += 16 + text_width(label) + 16


def levels_over_time(frame: pd.DataFrame, items: list[CompareItem], title: str) -> Chart | None:
    """For each principle, the share of answers at each level in each period."""
    if frame.empty:
        return None
    periods = list(dict.fromkeys(frame.period))
    levels = items[0].levels
    colours = _level_colours(len(levels))
    level_columns = [f"level_{value}" for value, _ in levels]
    # Every item's counts for every period at once: items x periods x levels.
    counts = (
        frame.set_index(["item", "period"])[level_columns]
        .reindex(pd.MultiIndex.from_product([[item.id for item in items], periods]))
        .fillna(0)
        .to_numpy(float)
        .reshape(len(items), len(periods), len(levels))
    )
    totals = counts.sum(axis=2, keepdims=True)
    totals[totals == 0] = 1
    shares = (counts / totals * 100).tolist()
    columns = min(4, len(items))
    rows = -(-len(items) // columns)
    panel, plot_height, gap = 230.0, 150.0, 24.0
    label_height = _sideways(periods, 45)
    panel_height = 24 + plot_height + label_height + 12
    left, top = 56.0, 36.0
    drawing = Drawing(left + columns * (panel + gap), top + rows * panel_height)
    _legend(drawing, left, 14, [(label, c) for (_, label), c in zip(levels, colours, strict=True)])
    slot = panel / len(periods)
    for index, item in enumerate(items):
        x0 = left + (index % columns) * (panel + gap)
        y0 = top + (index // columns) * panel_height + 24
        drawing.text(x0 + panel / 2, y0 - 12, item.title, anchor="middle", bold=True)
        for share in (0, 50, 100):
            y = y0 + plot_height * (1 - share / 100)
            drawing.line(x0 - 4, y, x0, y, AXIS)
            if index % columns == 0:
                drawing.text(x0 - 7, y, str(share), anchor="end")
        if index % columns == 0:
            drawing.text(x0 - 40, y0 + plot_height / 2, "% of answers", anchor="middle", rotate=-90)
        drawing.line(x0, y0, x0, y0 + plot_height, AXIS)
        for p, period in enumerate(periods):
            x = x0 + slot * p + slot * 0.1
            bottom = y0 + plot_height
            for share, colour in zip(shares[index][p], colours, strict=True):
                height = plot_height * share / 100
                if height > 0:
                    drawing.rect(x, bottom - height, slot * 0.8, height, colour)
                bottom -= height
            drawing.text(x + slot * 0.4, y0 + plot_height + 8, period, anchor="end", rotate=-45)
        drawing.line(x0, y0 + plot_height, x0 + panel, y0 + plot_height, AXIS)
    description = (
        f"{len(items)} small charts, one per principle, each with a stacked bar for each of "
        f"{len(periods)} periods showing the share of answers at each level."
    )
    return _chart(drawing, title, description)


def barriers(report: ComparisonReport) -> Chart | None:
    table = report.barriers
    if table.empty or table.places.sum() == 0:
        return None
    titles = [str(title) for title in table.barrier_title]
    places = [int(value) for value in table.places]
    left = max(text_width(title) for title in titles) + 16
    plot = 440.0
    ticks = _ticks(max(places))
    scale = plot / ticks[-1]
    top, row = 12.0, 30.0
    bottom = top + row * len(titles)
    drawing = Drawing(left + plot + 24 + text_width(str(max(places))), bottom + 48)
    for tick in ticks:
        x = left + tick * scale
        drawing.line(x, top, x, bottom, GRID)
        drawing.text(x, bottom + 12, f"{tick:,}", anchor="middle")
    for index, (title, value) in enumerate(zip(titles, places, strict=True)):
        y = top + row * index
        drawing.text(left - 8, y + row / 2, title, anchor="end")
        drawing.rect(left, y + 4, value * scale, row - 8, BLUES[3])
        drawing.text(left + value * scale + 4, y + row / 2, f"{value}")
    drawing.line(left, top, left, bottom, AXIS)
    drawing.text(left + plot / 2, bottom + 34, "Places citing the barrier", anchor="middle")
    title = "Places citing each national barrier"
    description = (
        f"Horizontal bars for {len(titles)} barriers, in the order the framework lists them, "
        "each as long as the number of places whose reviews cite it."
    )
    return _chart(drawing, title, description)


def barriers_over_time(report: ComparisonReport) -> Chart | None:
    table = report.barriers_over_time
    if table.empty:
        return None
    periods = list(dict.fromkeys(table.period))
    by_barrier = table.pivot_table(
        index="barrier", columns="period", values="places", aggfunc="sum"
    ).reindex(columns=periods)
    lines = [
        (barrier.title, [0 if math.isnan(v) else int(v) for v in by_barrier.loc[barrier.id]])
        for barrier in report.context.barriers
        if barrier.id in by_barrier.index and by_barrier.loc[barrier.id].notna().any()
    ]
    left, top, plot_width, plot_height = 64.0, 12.0, 440.0, 240.0
    label_height = _sideways(periods, 45)
    legend = max(text_width(name) for name, _ in lines) + 40
    drawing = Drawing(left + plot_width + 16 + legend, top + plot_height + label_height + 8)
    ticks = _ticks(max(max(counts) for _, counts in lines))
    scale = plot_height / ticks[-1]
    bottom = top + plot_height
    for tick in ticks:
        y = bottom - tick * scale
        drawing.line(left, y, left + plot_width, y, GRID)
        drawing.text(left - 6, y, f"{tick:,}", anchor="end")
    drawing.text(
        left - 46, top + plot_height / 2, "Places citing the barrier", anchor="middle", rotate=-90
    )
    slot = plot_width / len(periods)
    for p, period in enumerate(periods):
        drawing.text(left + slot * (p + 0.5), bottom + 8, period, anchor="end", rotate=-45)
    for index, (name, counts) in enumerate(lines):
        colour = LINES[index % len(LINES)]
        points = [(left + slot * (p + 0.5), bottom - n * scale) for p, n in enumerate(counts)]
        drawing.polyline(points, colour)
        for x, y in points:
            drawing.marker(x, y, index, colour)
        ly = top + 8 + 20 * index
        lx = left + plot_width + 16
        drawing.line(lx, ly, lx + 24, ly, colour)
        drawing.marker(lx + 12, ly, index, colour)
        drawing.text(lx + 32, ly, name)
    drawing.line(left, top, left, bottom, AXIS)
    drawing.line(left, bottom, left + plot_width, bottom, AXIS)
    title = "Places citing each national barrier, by period"
    description = (
        f"A line for each barrier cited, across {len(periods)} periods, showing how many "
        "places cited it in each period."
    )
    return _chart(drawing, title, description)
