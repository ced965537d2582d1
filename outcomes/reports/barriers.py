"""What places need from central government: barriers cited, over time, and the asks."""

from __future__ import annotations

from typing import TYPE_CHECKING

from outcomes.frameworks.definition import FrameworkDefinition
from outcomes.lazy import lazy
from outcomes.reports.result import Heading
from outcomes.reports.shaping import PLACE_COLUMNS, Shaper, period_labels
from outcomes.services.models import SERVICE_AREAS

if TYPE_CHECKING:
    import pandas as pd
else:
    pd = lazy("pandas")


def barrier_headings(definitions: dict[str, FrameworkDefinition], target: str) -> list[Heading]:
    """The target version's barriers in its order, then any that only other versions list
    (titled as the newest of those titles them)."""
    titles: dict[str, str] = {}
    for definition in sorted(definitions.values(), key=lambda d: d.semver):
        for barrier in definition.barriers:
            titles[barrier.id] = barrier.title
    first = [barrier.id for barrier in definitions[target].barriers]
    return [Heading(b, titles[b]) for b in first + [b for b in titles if b not in first]]


def barrier_counts(
    shaper: Shaper, citations: pd.DataFrame, barriers: list[Heading]
) -> pd.DataFrame:
    """Every barrier in the taxonomy's order, with the places and reviews citing it."""
    rows = shaper.with_current(citations)
    counted = rows.groupby("barrier").agg(
        places=("place_id", "nunique"), reviews=("reviews", "sum")
    )
    return pd.DataFrame(
        [
            {
                "barrier": barrier.id,
                "barrier_title": barrier.title,
                "places": int(counted.places.get(barrier.id, 0)),
                "reviews": int(counted.reviews.get(barrier.id, 0)),
            }
            for barrier in barriers
        ],
        columns=["barrier", "barrier_title", "places", "reviews"],
    )


def barriers_over_time(
    shaper: Shaper, citations: pd.DataFrame, barriers: list[Heading]
) -> pd.DataFrame:
    columns = ["period_start", "period_end", "period", "barrier", "barrier_title"]
    rows = shaper.with_current(citations)
    if rows.empty:
        return pd.DataFrame(columns=[*columns, "places", "reviews"])
    table = (
        rows.groupby(["period_start", "period_end", "barrier"])
        .agg(places=("place_id", "nunique"), reviews=("reviews", "sum"))
        .reset_index()
    )
    order = {barrier.id: index for index, barrier in enumerate(barriers)}
    table["period"] = period_labels(table)
    table["barrier_title"] = _titles(table.barrier, barriers)
    table["order"] = table.barrier.map(order)
    table = table.sort_values(["period_start", "period_end", "order"])
    return table[[*columns, "places", "reviews"]].reset_index(drop=True)


ASK_COLUMNS = [
    *PLACE_COLUMNS,
    "service",
    "service_area",
    "period_start",
    "period_end",
    "period",
    "barrier",
    "barrier_title",
    "ask",
    "review_id",
]


def asks(shaper: Shaper, found: pd.DataFrame, barriers: list[Heading]) -> pd.DataFrame:
    """The asks the reader may see, the latest periods first, as the query ordered them."""
    rows = shaper.with_place(found)
    rows["service_area"] = rows.service_area.map(SERVICE_AREAS).fillna(rows.service_area)
    rows["period"] = period_labels(rows)
    rows["barrier_title"] = _titles(rows.barrier, barriers)
    return rows[ASK_COLUMNS].reset_index(drop=True)


def _titles(ids: pd.Series, barriers: list[Heading]) -> pd.Series:
    return ids.map({barrier.id: barrier.title for barrier in barriers}).fillna(ids)
