"""The report's SVG charts: what each names and shows, against the tables beside it."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import date
from itertools import groupby

import pandas as pd
import pytest
from report_data import SKEWED, Dataset
from sqlalchemy.orm import Session

from outcomes.disclosure import SUPPRESSED
from outcomes.reports.build import build_report
from outcomes.reports.result import ComparisonReport
from outcomes.reports.spec import ReportSpec
from outcomes.scope import ReviewScope
from web.reports import charts, pages

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def report(dataset: Dataset, db: Session) -> ComparisonReport:
    return build_report(
        db,
        dataset.regulator,
        ReportSpec(ReviewScope(SKEWED), focus_place="E08000010"),
    )


def _parsed(chart: charts.Chart | None) -> ET.Element:
    assert chart is not None
    root = ET.fromstring(chart.svg)  # noqa: S314 (the app's own output, not untrusted)
    # Named for assistive technology, and nothing that could run.
    assert root.get("role") == "img"
    assert root.get("aria-label") == chart.title
    assert root.findtext(f"{SVG}title") == chart.title
    assert root.findtext(f"{SVG}desc") == chart.description
    assert "<script" not in chart.svg and "<style" not in chart.svg
    return root


def _texts(root: ET.Element) -> list[str]:
    return [element.text or "" for element in root.iter(f"{SVG}text")]


def test_the_heat_map_names_every_place_under_its_region_with_the_tables_figures(
    report: ComparisonReport,
) -> None:
    texts = _texts(_parsed(charts.heatmap(report)))
    # In reading order: each region, then each of its places with the medians of the
    # cells that have answers, exactly as the table beside the chart lists them.
    expected = []
    for group in pages.principle_groups(report):
        expected.append(group.region)
        for place in group.places:
            expected.append(place.name)
            expected += [f"{c.median:g}" for c in place.cells if c.median is not None]  # type: ignore[attr-defined]
    start = texts.index(expected[0])
    assert texts[start : start + len(expected)] == expected
    assert set(report.principles.place) <= set(texts)
    titles = [item.title for item in report.context.items]
    assert texts[: len(titles)] == titles
    # The key names every level.
    assert [label for _, label in report.context.items[0].levels] == texts[-4:]


def test_the_heat_map_stays_legible_past_the_places_it_annotates(
    report: ComparisonReport, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With more places than fit numbers (England has about 300), cells carry colour only,
    every place is still named, and each row keeps its height."""
    monkeypatch.setattr(charts, "ANNOTATE_UP_TO", 0)
    root = _parsed(charts.heatmap(report))
    texts = _texts(root)
    assert not [text for text in texts if text.replace(".", "").isdigit()]
    assert set(report.principles.place) <= set(texts)
    rows = report.principles.place_code.nunique() + report.principles.region.nunique()
    assert float(root.get("height", 0)) >= charts.ROW * rows


def test_cell_colours_run_along_the_blues() -> None:
    assert charts.blue(0) == charts.BLUES[0]
    assert charts.blue(0.25) == charts.BLUES[1]
    assert charts.blue(1) == charts.BLUES[-1]
    assert charts.blue(2) == charts.BLUES[-1]


def test_barrier_bars_are_in_the_frameworks_order_with_the_tables_counts(
    report: ComparisonReport,
) -> None:
    texts = _texts(_parsed(charts.barriers(report)))
    expected = []
    for row in report.barriers.itertuples():
        expected += [row.barrier_title, str(row.places)]
    start = texts.index(expected[0])
    assert texts[start : start + len(expected)] == expected


def test_levels_over_time_stack_each_periods_shares(report: ComparisonReport) -> None:
    items = list(report.context.items)
    root = _parsed(charts.levels_over_time(report.over_time, items, "Levels over time"))
    texts = _texts(root)
    periods = list(dict.fromkeys(report.over_time.period))
    for item in items:
        assert item.title in texts
    for period in periods:
        assert texts.count(period) == len(items)
    assert [label for _, label in items[0].levels] == texts[: len(items[0].levels)]
    # Each bar is a stack of shares: a period with answers fills the panel's height.
    bars = [r for r in root.iter(f"{SVG}rect") if float(r.get("width", 0)) < 100]
    # A stack's pieces are written one after another, at the same x.
    stacks = groupby(bars[len(items[0].levels) :], key=lambda bar: bar.get("x"))
    heights = [sum(float(bar.get("height", 0)) for bar in stack) for _, stack in stacks]
    answered = report.over_time.groupby(["item", "period"]).answers.sum()
    assert len(heights) == int((answered > 0).sum())
    assert all(math.isclose(h, 150, abs_tol=0.5) for h in heights)


def test_barriers_over_time_draw_a_line_per_barrier_cited(report: ComparisonReport) -> None:
    root = _parsed(charts.barriers_over_time(report))
    texts = _texts(root)
    cited = set(report.barriers_over_time.barrier)
    titles = [b.title for b in report.context.barriers if b.id in cited]
    assert [text for text in texts if text in titles] == titles
    lines = list(root.iter(f"{SVG}polyline"))
    assert len(lines) == len(titles)
    periods = report.barriers_over_time.period.nunique()
    assert all(len(line.get("points", "").split()) == periods for line in lines)


def test_nothing_to_draw_gives_no_chart(dataset: Dataset, db: Session) -> None:
    empty = build_report(
        db,
        dataset.regulator,
        ReportSpec(ReviewScope(SKEWED, period_from=date(2030, 1, 1))),
    )
    assert charts.heatmap(empty) is None
    assert charts.barriers(empty) is None
    assert charts.barriers_over_time(empty) is None
    assert charts.levels_over_time(empty.over_time, list(empty.context.items), "") is None


def test_the_tables_beside_the_heat_map_carry_the_reports_figures_in_place_order(
    report: ComparisonReport,
) -> None:
    groups = pages.principle_groups(report)
    assert [g.region for g in groups] == sorted(set(report.principles.region))
    assert sum(len(g.places) for g in groups) == report.principles.place_code.nunique()
    items = report.context.items
    for group in groups:
        assert [(p.name, p.code) for p in group.places] == sorted(
            (p.name, p.code) for p in group.places
        )
        for place in group.places:
            rows = report.principles[report.principles.place_code == place.code]
            for item, cell in zip(items, place.cells, strict=True):
                found = rows[rows["item"] == item.id]
                assert isinstance(cell, pages.Cell)
                if found.empty:
                    assert cell.median is None and cell.label == "No answers"
                    continue
                (row,) = found.to_dict("records")
                assert cell.median == row["median"]
                assert cell.counts == [row[f"level_{value}"] for value, _ in item.levels]


def test_a_measure_withheld_in_a_whole_number_column_reads_c(report: ComparisonReport) -> None:
    """Where every measure is a whole number the totals are nullable Int64, and a total
    with every count withheld is pd.NA: the table says [c] (it once failed the page)."""
    measures = report.measures.copy()
    assert len(measures) > 1
    measures["total"] = pd.array([pd.NA, *range(5, 5 + len(measures) - 1)], dtype="Int64")
    groups = pages.measure_groups(replace(report, measures=measures))
    cells = [cell for group in groups for place in group.places for cell in place.cells]
    assert SUPPRESSED in cells
    assert any(isinstance(cell, str) and cell[:1].isdigit() for cell in cells)
