"""The report's tables arranged for the page: places under their region, principles as
columns, periods as rows. Only arrangement happens here; every figure comes from the
report."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from itertools import groupby
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from outcomes.disclosure import SUPPRESSED
from outcomes.lazy import lazy
from outcomes.reports.result import CompareItem, ComparisonReport, Note

if TYPE_CHECKING:
    import pandas as pd
else:
    pd = lazy("pandas")


@dataclass
class Cell:
    median: float | None
    label: str  # the median in words
    counts: list[int]  # answers per level, lowest first


@dataclass
class PlaceRow:
    code: str
    name: str
    kind: str
    notes: list[Note]
    cells: list[object] = field(default_factory=list)


@dataclass
class RegionGroup:
    region: str
    places: list[PlaceRow]


def median_words(item: CompareItem, median: float | None) -> str:
    if median is None or math.isnan(median):
        return "No answers"
    labels = dict(item.levels)
    if median in labels:
        return labels[median]  # type: ignore[index]
    below = max(value for value in labels if value < median)
    above = min(value for value in labels if value > median)
    return f"Between {labels[below]} and {labels[above]}"


def _cell(item: CompareItem, row: Mapping[str, Any] | None) -> Cell:
    if row is None:
        return Cell(None, "No answers", [0 for _ in item.levels])
    median = float(row["median"])
    counts = [int(row[f"level_{value}"]) for value, _ in item.levels]
    return Cell(median, median_words(item, median), counts)


def _records(table: pd.DataFrame) -> list[dict[str, Any]]:
    """The table's rows as dicts, read a column at a time: DataFrame.to_dict boxes each
    value on its own, which took a tenth of a second for England's principles."""
    columns = [str(column) for column in table.columns]
    return [
        dict(zip(columns, values, strict=True))
        for values in zip(*(_values(table[column]) for column in columns), strict=True)
    ]


def _values(column: pd.Series) -> list[Any]:
    """A column's values, with None where a nullable column (Int64, a withheld total) is
    missing: its pd.NA cannot be compared or tested for truth."""
    if column.hasnans and pd.api.types.is_extension_array_dtype(column.dtype):
        return column.astype(object).where(column.notna(), None).tolist()
    return column.tolist()


def _by_region(
    report: ComparisonReport, table: pd.DataFrame, key: str, cells: Callable[[dict], list[object]]
) -> list[RegionGroup]:
    """Places under their region, both alphabetical; ``cells`` makes a place's cells from
    its rows keyed by ``key``. The table is read into records once and grouped in order:
    a DataFrame per place cost more than the rest of the page's tables."""
    ordered = table.sort_values(["region", "place", "place_code"], kind="stable")
    notes = report.context.notes
    groups = []
    for region, in_region in groupby(_records(ordered), key=itemgetter("region")):
        places = []
        for code, found in groupby(in_region, key=itemgetter("place_code")):
            rows = list(found)
            first = rows[0]
            places.append(
                PlaceRow(
                    str(code),
                    str(first["place"]),
                    str(first["kind"]),
                    notes.get(str(code), []),
                    cells({row[key]: row for row in rows}),
                )
            )
        groups.append(RegionGroup(str(region), places))
    return groups


def principle_groups(report: ComparisonReport) -> list[RegionGroup]:
    """A cell for each principle."""
    items = report.context.items
    return _by_region(
        report,
        report.principles,
        "item",
        lambda rows: [_cell(item, rows.get(item.id)) for item in items],
    )


def measure_groups(report: ComparisonReport) -> list[RegionGroup]:
    """The total of the disclosed counts for each measure, with how many were withheld,
    or [c] where every count was withheld."""

    def cells(rows: dict) -> list[object]:
        found: list[object] = []
        for measure in report.context.measures:
            row = rows.get(measure.id)
            if row is None:
                found.append("No answers")
            elif row["total"] is None or row["total"] != row["total"]:
                found.append(SUPPRESSED)
            elif row["withheld"]:
                found.append(f"{row['total']:,.0f} ({row['withheld']} withheld)")
            else:
                found.append(f"{row['total']:,.0f}")
        return found

    return _by_region(report, report.measures, "measure", cells)


def period_rows(
    frame: pd.DataFrame, items: tuple[CompareItem, ...]
) -> list[tuple[str, list[Cell]]]:
    """One row per period, a cell for each principle."""
    keys = ["period_start", "period_end", "period"]
    records = _records(frame.sort_values(keys, kind="stable"))
    rows = []
    for period, part in groupby(records, key=itemgetter(*keys)):
        by_item = {row["item"]: row for row in part}
        rows.append((str(period[2]), [_cell(item, by_item.get(item.id)) for item in items]))
    return rows


def barrier_period_rows(report: ComparisonReport) -> list[tuple[str, list[int]]]:
    """One row per period, the places citing each barrier."""
    table = report.barriers_over_time
    barriers = [barrier.id for barrier in report.context.barriers]
    rows = []
    for period, part in table.groupby(["period_start", "period_end", "period"], sort=True):
        places = dict(zip(part.barrier, part.places, strict=True))
        rows.append((str(period[2]), [int(places.get(b, 0)) for b in barriers]))
    return rows


@dataclass
class Suggestion:
    """One place's row in "who to learn from": what it is looking at, and the places."""

    about: dict[str, Any]
    places: list[dict[str, Any]]
    more: int


def suggestions(frame: pd.DataFrame, code: str, keys: list[str]) -> list[Suggestion]:
    """The followed place's rows of a neighbours table, one per ``keys`` (such as
    principle and service area), in the table's order."""
    found: list[Suggestion] = []
    rows = frame[frame.place_code == code].to_dict("records")
    for row in rows:
        about = {key: row[key] for key in keys}
        if not found or found[-1].about != about:
            found.append(Suggestion(about, [], int(row["more_places"])))
        found[-1].places.append(row)
    return found
