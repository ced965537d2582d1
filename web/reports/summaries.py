"""Text summaries of the report's charts: the same figures in words, never an order of
places."""

from __future__ import annotations

from typing import TYPE_CHECKING

from outcomes.lazy import lazy
from outcomes.reports.result import CompareItem, ComparisonReport, counted

if TYPE_CHECKING:
    import pandas as pd
else:
    pd = lazy("pandas")


def principles(report: ComparisonReport) -> list[str]:
    table = report.principles
    if table.empty:
        return ["No submitted reviews answer the principles in this report's scope."]
    places = table.place_code.nunique()
    regions = table.region.nunique()
    lines = [
        f"{counted(places, 'place')} in {counted(regions, 'region')} have answers. For each "
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
    ends = _first_and_last(periods)
    if len(ends) == 1:
        lines = [f"1 period, {ends[0]}. The share of answers in the upper two levels:"]
    else:
        lines = [
            f"{counted(len(periods), 'period')}, from {ends[0]} to {ends[1]}. The share of "
            "answers in the upper two levels, in the first and the last period:"
        ]
    for item in items:
        part = frame[frame["item"] == item.id].set_index("period")
        shares = []
        for period in ends:
            if period not in part.index:
                shares.append("no answers")
                continue
            row = part.loc[period]
            upper = sum(int(row[f"level_{value}"]) for value in item.upper)
            shares.append(f"{round(100 * upper / int(row['answers']))}%")
        lines.append(f"{item.title}: {' then '.join(shares)}.")
    return lines


def _first_and_last(periods: list[str]) -> list[str]:
    """The first and the last period, or the one period when there is only one."""
    return [periods[0]] if len(periods) == 1 else [periods[0], periods[-1]]


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
    ends = _first_and_last(list(dict.fromkeys(table.period)))
    lines = [f"Places citing each barrier in {' and in '.join(ends)}:"]
    for barrier in report.context.barriers:
        part = table[table.barrier == barrier.id].set_index("period").places
        if part.empty:
            continue
        counts = " then ".join(str(int(part.get(period, 0))) for period in ends)
        lines.append(f"{barrier.title}: {counts}.")
    return lines
