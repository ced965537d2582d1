"""Text summaries of the report's charts: the same figures in words, never an order of
places."""

from __future__ import annotations

from typing import TYPE_CHECKING

from outcomes.lazy import lazy
from outcomes.reports.result import CompareItem, ComparisonReport

if TYPE_CHECKING:
    import pandas as pd
else:
    pd = lazy("pandas")


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def principles(report: ComparisonReport) -> list[str]:
    table = report.principles
    if table.empty:
        return ["No submitted reviews answer the principles in this report's scope."]
    places = table.place_code.nunique()
    regions = table.region.nunique()
    lines = [
        f"{_count(places, 'place')} in {_count(regions, 'region')} have answers. For each "
        "principle, how many places have a median in the lower two levels, between them, "
        "and in the upper two levels:"
    ]
    for item in report.context.items:
        medians = table[table["item"] == item.id]["median"]
        lower = int((medians <= item.lower[-1]).sum())
        upper = int((medians >= item.upper[0]).sum())
        lines.append(
            f"{item.title}: {lower} in the lower two, {len(medians) - lower - upper} between, "
            f"{upper} in the upper two."
        )
    return lines


def over_time(frame: pd.DataFrame, items: tuple[CompareItem, ...]) -> list[str]:
    if frame.empty:
        return ["There are no answers to show over time."]
    periods = list(dict.fromkeys(frame.period))
    first, last = periods[0], periods[-1]
    lines = [
        f"{_count(len(periods), 'period')}, from {first} to {last}. The share of answers in "
        "the upper two levels, in the first and the last period:"
    ]
    for item in items:
        part = frame[frame["item"] == item.id].set_index("period")
        shares = []
        for period in (first, last):
            if period not in part.index:
                shares.append("no answers")
                continue
            row = part.loc[period]
            upper = sum(int(row[f"level_{value}"]) for value in item.upper)
            shares.append(f"{round(100 * upper / int(row['answers']))}%")
        lines.append(f"{item.title}: {shares[0]} then {shares[1]}.")
    return lines


def barriers(report: ComparisonReport) -> list[str]:
    table = report.barriers
    cited = table[table.places > 0]
    if cited.empty:
        return ["No review in this report's scope cites a national barrier."]
    return [
        "Places (and reviews) citing each barrier, in the order the framework lists them: "
        + "; ".join(
            f"{row.barrier_title} {row.places} ({row.reviews})" for row in cited.itertuples()
        )
        + "."
    ]


def barriers_over_time(report: ComparisonReport) -> list[str]:
    table = report.barriers_over_time
    if table.empty:
        return ["No review in this report's scope cites a national barrier."]
    periods = list(dict.fromkeys(table.period))
    first, last = periods[0], periods[-1]
    lines = [f"Places citing each barrier in {first} and in {last}:"]
    for barrier in report.context.barriers:
        part = table[table.barrier == barrier.id].set_index("period").places
        if part.empty:
            continue
        lines.append(f"{barrier.title}: {int(part.get(first, 0))} then {int(part.get(last, 0))}.")
    return lines
