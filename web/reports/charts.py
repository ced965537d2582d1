"""Report charts drawn on the server as SVG with matplotlib (no display needed: a
Figure made directly, not through pyplot, so requests share no state).

Each chart is an SVG document that names itself (role="img", aria-label, <title> and
<desc>) and is shown through an <img> with a data: URL, which the Content Security
Policy allows (img-src 'self' data:); styles inside the SVG stay inside the image, so
the page itself needs no inline style. Every chart sits next to a text summary and a
data table with the same figures.

Places are drawn in region and name order, barriers in the framework's order: never in
the order of their figures.
"""

from __future__ import annotations

import base64
import functools
import io
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape, quoteattr

from outcomes.lazy import lazy
from outcomes.reports.result import CompareItem, ComparisonReport

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd
    from matplotlib.colors import Colormap
    from matplotlib.figure import Figure
else:
    np = lazy("numpy")
    pd = lazy("pandas")

# GOV.UK blues, light to dark: a sequence, not a verdict (no red for "bad").
BLUES = ["#d2e2f1", "#8eb8dc", "#5694ca", "#1d70b8", "#003078"]
NO_ANSWERS = "#f3f2f1"
TEXT = "#0b0c0c"
# Annotating every cell is only readable up to this many places.
ANNOTATE_UP_TO = 60
# Roughly how wide a character of 9-point text is, in inches, to leave room for labels.
CHAR_WIDTH = 0.075


@functools.cache
def _matplotlib() -> tuple[type[Figure], Colormap]:
    """matplotlib, set up on first use (importing it takes a second): the Figure class and
    the colour map of levels."""
    import matplotlib
    from matplotlib.colors import LinearSegmentedColormap
    from matplotlib.figure import Figure

    matplotlib.rcParams.update(
        {
            "svg.fonttype": "none",  # text stays text: smaller, and selectable
            "svg.hashsalt": "outcomes",  # the same chart gives the same file
            "font.family": "sans-serif",
            "font.size": 9,
        }
    )
    return Figure, LinearSegmentedColormap.from_list("levels", BLUES)


def _frame(width: float, height: float, left: float, right: float, top: float, bottom: float):  # type: ignore[no-untyped-def]
    """A figure of ``width`` x ``height`` inches with one axes inside margins given in
    inches."""
    figure = _matplotlib()[0](figsize=(width, height))
    axes = figure.add_axes(
        (left / width, bottom / height, 1 - (left + right) / width, 1 - (top + bottom) / height)
    )
    return figure, axes


@dataclass(frozen=True)
class Chart:
    title: str
    description: str
    svg: str

    @property
    def data_url(self) -> str:
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg.encode()).decode()


def _render(figure: Figure, title: str, description: str) -> Chart:
    out = io.StringIO()
    # Layouts are set by hand below: "tight" layouts measure every label, which costs
    # more than drawing the chart.
    figure.savefig(out, format="svg", metadata={"Date": None})
    svg = out.getvalue()
    svg = svg.replace("<svg ", f'<svg role="img" aria-label={quoteattr(title)} ', 1)
    svg = re.sub(
        r"(<svg [^>]*>)",
        lambda m: f"{m.group(1)}<title>{escape(title)}</title><desc>{escape(description)}</desc>",
        svg,
        count=1,
    )
    return Chart(title, description, svg)


def heatmap(report: ComparisonReport) -> Chart | None:
    """Median level of each place on each principle, places grouped by region."""
    table = report.principles
    if table.empty:
        return None
    items = list(report.context.items)
    medians = table.pivot_table(
        index=["region", "place", "place_code"], columns="item", values="median", aggfunc="first"
    ).reindex(columns=[item.id for item in items])
    rows: list[tuple[str, bool]] = []  # (label, is a region heading)
    values: list[list[float]] = []
    for region, group in medians.groupby(level="region", sort=True):
        rows.append((str(region), True))
        values.append([np.nan] * len(items))
        for (_, place, _code), row in group.iterrows():
            rows.append((str(place), False))
            values.append(list(row.to_numpy(dtype=float)))
    matrix = np.ma.masked_invalid(np.array(values, dtype=float))
    label_width = CHAR_WIDTH * max(len(label) for label, _ in rows)
    figure, axes = _frame(
        label_width + 0.9 * len(items) + 1.9,
        1.5 + 0.24 * len(rows),
        left=label_width + 0.2,
        right=1.9,
        top=1.3,
        bottom=0.2,
    )
    levels = items[0].levels
    cmap = _matplotlib()[1].with_extremes(bad=NO_ANSWERS)
    mesh = axes.pcolormesh(
        matrix, cmap=cmap, vmin=levels[0][0], vmax=levels[-1][0], edgecolors="white"
    )
    axes.invert_yaxis()
    axes.set_xticks(np.arange(len(items)) + 0.5, [item.title for item in items], rotation=35)
    axes.tick_params(axis="x", labeltop=True, labelbottom=False, top=True, bottom=False)
    for label in axes.get_xticklabels():
        label.set_horizontalalignment("left")
    axes.set_yticks(np.arange(len(rows)) + 0.5, [label for label, _ in rows])
    for tick, (_, heading) in zip(axes.get_yticklabels(), rows, strict=True):
        if heading:
            tick.set_fontweight("bold")
    places = sum(1 for _, heading in rows if not heading)
    if places <= ANNOTATE_UP_TO:
        for y, row in enumerate(values):
            for x, value in enumerate(row):
                if not np.isnan(value):
                    axes.text(
                        x + 0.5,
                        y + 0.5,
                        f"{value:g}",
                        ha="center",
                        va="center",
                        color="white" if value >= 3 else TEXT,
                    )
    height = min(1.0, 8 / max(len(rows), 1)) * axes.get_position().height
    bar = figure.add_axes(
        (
            axes.get_position().x1 + 0.15 / figure.get_figwidth(),
            1 - height - 1.3 / figure.get_figheight(),
            0.15 / figure.get_figwidth(),
            height,
        )
    )
    colorbar = figure.colorbar(mesh, cax=bar)
    colorbar.set_ticks([value for value, _ in levels], labels=[label for _, label in levels])
    colorbar.set_label("Median level")
    for side in axes.spines.values():
        side.set_visible(False)
    title = f"Median level by place and principle, {report.context.framework_title}"
    description = (
        f"A grid of {places} places, grouped by region, against {len(items)} principles. "
        "Darker cells are higher median levels; grey cells have no answers."
    )
    return _render(figure, title, description)


def levels_over_time(frame: pd.DataFrame, items: list[CompareItem], title: str) -> Chart | None:
    """For each principle, the share of answers at each level in each period."""
    if frame.empty:
        return None
    periods = list(dict.fromkeys(frame.period))
    columns = min(4, len(items))
    rows = -(-len(items) // columns)
    label_height = 0.2 + CHAR_WIDTH * max(len(period) for period in periods) * 0.75
    panel_height = 1.8 + label_height + 0.3
    figure = _matplotlib()[0](figsize=(3.0 * columns + 0.8, panel_height * rows + 0.6))
    grid = figure.subplots(rows, columns, squeeze=False, sharey=True)
    figure.subplots_adjust(
        left=0.8 / figure.get_figwidth(),
        right=0.98,
        top=1 - 0.75 / figure.get_figheight(),
        bottom=label_height / figure.get_figheight(),
        hspace=(label_height + 0.35) / 1.8,
        wspace=0.12,
    )
    levels = items[0].levels
    colours = [_matplotlib()[1](i / max(len(levels) - 1, 1)) for i in range(len(levels))]
    for index, item in enumerate(items):
        axes = grid[index // columns][index % columns]
        part = frame[frame["item"] == item.id].set_index("period").reindex(periods)
        counts = part[[f"level_{value}" for value, _ in levels]].fillna(0).to_numpy(float)
        totals = counts.sum(axis=1, keepdims=True)
        shares = np.divide(counts, totals, out=np.zeros_like(counts), where=totals > 0) * 100
        bottom = np.zeros(len(periods))
        for column, ((_, label), colour) in enumerate(zip(levels, colours, strict=True)):
            axes.bar(
                range(len(periods)), shares[:, column], bottom=bottom, color=colour, label=label
            )
            bottom += shares[:, column]
        axes.set_title(item.title)
        # Few ticks: each one costs as much to draw as the bars.
        axes.set_ylim(0, 100)
        axes.set_yticks([0, 50, 100])
        axes.set_xticks(range(len(periods)), periods, rotation=45, ha="right")
        if index % columns == 0:
            axes.set_ylabel("% of answers")
    for index in range(len(items), rows * columns):
        grid[index // columns][index % columns].set_visible(False)
    handles, labels = grid[0][0].get_legend_handles_labels()
    figure.legend(handles, labels, loc="upper center", ncols=len(levels), frameon=False)
    description = (
        f"{len(items)} small charts, one per principle, each with a stacked bar for each of "
        f"{len(periods)} periods showing the share of answers at each level."
    )
    return _render(figure, title, description)


def barriers(report: ComparisonReport) -> Chart | None:
    table = report.barriers
    if table.empty or table.places.sum() == 0:
        return None
    label_width = CHAR_WIDTH * max(len(title) for title in table.barrier_title)
    figure, axes = _frame(
        label_width + 5.5,
        0.9 + 0.38 * len(table),
        left=label_width + 0.2,
        right=0.5,
        top=0.2,
        bottom=0.6,
    )
    positions = np.arange(len(table))
    axes.barh(positions, table.places, color=BLUES[3])
    axes.set_yticks(positions, table.barrier_title)
    axes.invert_yaxis()  # the framework's order, read from the top
    for y, value in zip(positions, table.places, strict=True):
        axes.text(value, y, f" {value}", va="center", color=TEXT)
    axes.set_xlabel("Places citing the barrier")
    axes.spines[["top", "right"]].set_visible(False)
    title = "Places citing each national barrier"
    description = (
        f"Horizontal bars for {len(table)} barriers, in the order the framework lists them, "
        "each as long as the number of places whose reviews cite it."
    )
    return _render(figure, title, description)


def barriers_over_time(report: ComparisonReport) -> Chart | None:
    table = report.barriers_over_time
    if table.empty:
        return None
    periods = list(dict.fromkeys(table.period))
    legend_width = CHAR_WIDTH * max(len(b.title) for b in report.context.barriers) + 0.6
    label_height = 0.3 + CHAR_WIDTH * max(len(period) for period in periods) * 0.75
    figure, axes = _frame(
        5.5 + legend_width,
        3.2 + label_height,
        left=0.7,
        right=legend_width,
        top=0.2,
        bottom=label_height,
    )
    for barrier in report.context.barriers:
        part = table[table.barrier == barrier.id].set_index("period").reindex(periods)
        if part.places.notna().any():
            axes.plot(range(len(periods)), part.places.fillna(0), marker="o", label=barrier.title)
    axes.set_xticks(range(len(periods)), periods, rotation=45, ha="right")
    axes.set_ylabel("Places citing the barrier")
    axes.spines[["top", "right"]].set_visible(False)
    axes.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    title = "Places citing each national barrier, by period"
    description = (
        f"A line for each barrier cited, across {len(periods)} periods, showing how many "
        "places cited it in each period."
    )
    return _render(figure, title, description)
