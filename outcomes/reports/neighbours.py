"""Learning neighbours: places to learn from, nearest first by kind of authority and region.

Nearness is a fixed, explainable order, never a score: first places of the same kind
of authority in the same region, then the same kind elsewhere, then other kinds in the
same region, then the rest; within each group by region name and then place name.
Only the first few are listed, with how many more there are.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Iterator
from dataclasses import dataclass

import pandas as pd

from outcomes.reports.places import PlaceInfo
from outcomes.reports.result import Heading
from outcomes.reports.shaping import PLACE_COLUMNS, Shaper
from outcomes.services.models import SERVICE_AREAS

SHOWN = 5

NEARNESS = (
    "same kind of authority, same region",
    "same kind of authority, another region",
    "another kind of authority, same region",
    "another kind of authority, another region",
)


def nearness(place: PlaceInfo, other: PlaceInfo) -> str:
    same_kind = place.kind == other.kind
    same_region = place.region_code == other.region_code
    return NEARNESS[(0 if same_kind else 2) + (0 if same_region else 1)]


@dataclass(frozen=True)
class Neighbour:
    place: PlaceInfo
    nearness: str


class Candidates:
    """Places that others may learn from, grouped under keys (such as a principle and a
    service area) and kept in order, so that each lookup reads only what it lists."""

    def __init__(self) -> None:
        self._all: dict[Hashable, list[PlaceInfo]] = defaultdict(list)
        self._ids: dict[Hashable, set[int]] = defaultdict(set)
        self._kind: dict[tuple[Hashable, object], list[PlaceInfo]] = defaultdict(list)
        self._region: dict[tuple[Hashable, str], list[PlaceInfo]] = defaultdict(list)
        self._both: dict[tuple[Hashable, object, str], list[PlaceInfo]] = defaultdict(list)

    def add(self, key: Hashable, places: Iterable[PlaceInfo]) -> None:
        for place in sorted(set(places), key=_alphabetical):
            self._all[key].append(place)
            self._ids[key].add(place.id)
            self._kind[(key, place.kind)].append(place)
            self._region[(key, place.region_code)].append(place)
            self._both[(key, place.kind, place.region_code)].append(place)

    def count(self, key: Hashable) -> int:
        return len(self._all.get(key, ()))

    def nearest(
        self, key: Hashable, place: PlaceInfo, limit: int = SHOWN
    ) -> tuple[list[Neighbour], int]:
        """Up to ``limit`` places under ``key`` other than ``place``, nearest first, and how
        many more there are."""
        shown: list[Neighbour] = []
        for other in self._in_order(key, place):
            if len(shown) == limit:
                break
            shown.append(Neighbour(other, nearness(place, other)))
        others = self.count(key) - (1 if place.id in self._ids.get(key, ()) else 0)
        return shown, others - len(shown)

    def _in_order(self, key: Hashable, place: PlaceInfo) -> Iterator[PlaceInfo]:
        kind, region = place.kind, place.region_code
        groups = (
            (self._both.get((key, kind, region), []), lambda o: True),
            (self._kind.get((key, kind), []), lambda o: o.region_code != region),
            (self._region.get((key, region), []), lambda o: o.kind != kind),
            (self._all.get(key, []), lambda o: o.kind != kind and o.region_code != region),
        )
        for members, belongs in groups:
            for other in members:
                if other.id != place.id and belongs(other):
                    yield other


def _alphabetical(place: PlaceInfo) -> tuple[str, str, str]:
    return (place.region, place.name, place.code)


LEARN_FROM_COLUMNS = [
    "learn_from_code",
    "learn_from",
    "learn_from_region",
    "learn_from_kind",
]

NEIGHBOUR_COLUMNS = [
    *PLACE_COLUMNS,
    "principle",
    "principle_title",
    "item",
    "service_area",
    "service_area_label",
    "median",
    *LEARN_FROM_COLUMNS,
    "learn_from_median",
    "nearness",
    "learn_from_review",
    "more_places",
    "context_notes",
]


def learning_neighbours(shaper: Shaper, answers: pd.DataFrame) -> pd.DataFrame:
    """For each place, principle and service area with a median in the lower two levels:
    the nearest places whose median there is in the upper two, with the latest of their
    reviews at an upper level."""
    rows = shaper.with_place(answers[answers.grain == "place"])
    if rows.empty:
        return pd.DataFrame(columns=NEIGHBOUR_COLUMNS)
    table = shaper.level_table(rows, ["place_id", "service_area"])
    latest = (
        rows.groupby(["place_id", "service_area", "target_item", "level"])
        .latest_review.max()
        .reset_index()
    )
    upper_review: dict[tuple[int, str, str], int] = {}
    for row in latest.itertuples():
        if int(row.level) in shaper.by_id(row.target_item).upper:
            key = (int(row.place_id), row.service_area, row.target_item)
            upper_review[key] = max(upper_review.get(key, 0), int(row.latest_review))
    medians, lagging, leading = {}, [], defaultdict(list)
    for row in table.itertuples():
        item, place = shaper.by_id(row.target_item), shaper.places[int(row.place_id)]
        medians[(place.id, row.service_area, item.id)] = row.median
        if row.median <= item.lower[-1]:
            lagging.append((place, row.service_area, item, row.median))
        elif row.median >= item.upper[0]:
            leading[(item.id, row.service_area)].append(place)
    candidates = Candidates()
    for key, places in leading.items():
        candidates.add(key, places)
    records = []
    for place, area, item, median in sorted(
        lagging, key=lambda r: (r[0].region, r[0].name, shaper.item_order[r[2].id], r[1])
    ):
        shown, more = candidates.nearest((item.id, area), place)
        for neighbour in shown:
            other = neighbour.place
            records.append(
                {
                    **shaper.place_fields(place),
                    "principle": item.principle,
                    "principle_title": item.title,
                    "item": item.id,
                    "service_area": area,
                    "service_area_label": SERVICE_AREAS.get(area, area),
                    "median": median,
                    **shaper.place_fields(other, "learn_from"),
                    "learn_from_median": medians[(other.id, area, item.id)],
                    "nearness": neighbour.nearness,
                    "learn_from_review": upper_review[(other.id, area, item.id)],
                    "more_places": more,
                    "context_notes": shaper.note_text(place.id),
                }
            )
    return pd.DataFrame(records, columns=NEIGHBOUR_COLUMNS)


BARRIER_NEIGHBOUR_COLUMNS = [
    *PLACE_COLUMNS,
    "barrier",
    "barrier_title",
    *LEARN_FROM_COLUMNS,
    "nearness",
    "learn_from_review",
    "more_places",
    "context_notes",
]


def barrier_neighbours(
    shaper: Shaper, citations: pd.DataFrame, barriers: list[Heading]
) -> pd.DataFrame:
    """For each place and barrier it cites: the nearest other places citing it, with the
    latest of their reviews that does."""
    rows = shaper.with_place(citations)
    if rows.empty:
        return pd.DataFrame(columns=BARRIER_NEIGHBOUR_COLUMNS)
    latest = rows.groupby(["place_id", "barrier"]).latest_review.max()
    citing: dict[str, list[PlaceInfo]] = defaultdict(list)
    for place_id, barrier in latest.index:
        citing[barrier].append(shaper.places[int(place_id)])
    candidates = Candidates()
    for barrier, places in citing.items():
        candidates.add(barrier, places)
    order = {barrier.id: index for index, barrier in enumerate(barriers)}
    titles = {barrier.id: barrier.title for barrier in barriers}
    pairs = [(place, barrier) for barrier, places in citing.items() for place in places]
    records = []
    for place, barrier in sorted(
        pairs, key=lambda p: (p[0].region, p[0].name, order.get(p[1], len(order)), p[1])
    ):
        shown, more = candidates.nearest(barrier, place)
        for neighbour in shown:
            records.append(
                {
                    **shaper.place_fields(place),
                    "barrier": barrier,
                    "barrier_title": titles.get(barrier, barrier),
                    **shaper.place_fields(neighbour.place, "learn_from"),
                    "nearness": neighbour.nearness,
                    "learn_from_review": int(latest[(neighbour.place.id, barrier)]),
                    "more_places": more,
                    "context_notes": shaper.note_text(place.id),
                }
            )
    return pd.DataFrame(records, columns=BARRIER_NEIGHBOUR_COLUMNS)
