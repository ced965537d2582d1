"""Learning neighbours: places to learn from, nearest first by kind of authority and region.

Nearness is a fixed, explainable order, never a score: first places of the same kind
of authority in the same region, then the same kind elsewhere, then other kinds in the
same region, then the rest; within each group by region name and then place name.
Only the first few are listed, with how many more there are.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from outcomes.lazy import lazy
from outcomes.reports.places import PlaceInfo
from outcomes.reports.result import Heading
from outcomes.reports.shaping import PLACE_COLUMNS, Shaper, rubric_rows
from outcomes.services.models import SERVICE_AREAS

if TYPE_CHECKING:
    import pandas as pd

    from outcomes.reports.queries import Answers
else:
    pd = lazy("pandas")

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

    def add_each(self, keys: Iterable[Hashable], places: Iterable[PlaceInfo]) -> None:
        """Each place under the key beside it (plain lists: a grouped frame per key cost
        more than the grouping)."""
        grouped: dict[Hashable, list[PlaceInfo]] = defaultdict(list)
        for key, place in zip(keys, places, strict=True):
            grouped[key].append(place)
        for key, members in grouped.items():
            self.add(key, members)

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


def lagging(shaper: Shaper, answers: Answers, followed: PlaceInfo | None) -> pd.DataFrame:
    """The followed place's principles and service areas with a median in the lower two
    levels, in the order they are listed (none when no place is followed)."""
    rows = shaper.with_current(rubric_rows(answers.places))
    if followed is None or rows.empty:
        return pd.DataFrame(columns=["place_id", "service_area", "target_item", "median"])
    own = rows[(rows.place_id == followed.id) & rows.service_area.notna()]
    table = shaper.level_table(own, ["place_id", "service_area"])
    lower = table.target_item.map({item.id: item.lower[-1] for item in shaper.items})
    low = table[table["median"] <= lower]
    return shaper.in_place_order(
        low.assign(item_order=low.target_item.map(shaper.item_order)),
        ["item_order", "service_area"],
    )


def learning_neighbours(
    shaper: Shaper,
    answers: Answers,
    followed: PlaceInfo | None,
    low: pd.DataFrame,
    areas: pd.DataFrame,
) -> pd.DataFrame:
    """For the followed place, each principle and service area with a median in the lower
    two levels (``low``, from ``lagging``): the nearest places whose median there is in
    the upper two, with the latest of their reviews at an upper level, from ``areas``
    (every place's answers counted per service area for those pairs:
    ``queries.area_aggregates``). Nothing when no place is followed: suggestions for
    every place made a national report's file mostly of them, for nobody in particular."""
    if followed is None or rubric_rows(answers.places).empty:
        return pd.DataFrame(columns=NEIGHBOUR_COLUMNS)
    rows = shaper.with_current(rubric_rows(areas))
    keys = ["place_id", "service_area", "target_item"]
    table = shaper.level_table(rows, ["place_id", "service_area"])
    upper = table.target_item.map({item.id: item.upper[0] for item in shaper.items})
    candidates = Candidates()
    leading = table[table["median"] >= upper]
    candidates.add_each(
        zip(leading.target_item.tolist(), leading.service_area.tolist(), strict=True),
        (shaper.places[p] for p in leading.place_id.tolist()),
    )
    found = _nearest(
        shaper,
        candidates,
        low.place_id.tolist(),
        list(zip(low.target_item.tolist(), low.service_area.tolist(), strict=True)),
    )
    chosen = low.iloc[found.asking].reset_index(drop=True)
    frame = shaper.add_item(chosen[["place_id", "target_item", "service_area", "median"]])
    frame["service_area_label"] = frame.service_area.map(SERVICE_AREAS).fillna(frame.service_area)
    if chosen.empty:
        frame["learn_from_median"] = []
        frame["learn_from_review"] = []
        return found.columns(shaper, frame)[NEIGHBOUR_COLUMNS]
    # The places to learn from, with their median and latest review at an upper level,
    # looked up for the few pairs listed.
    others = pd.DataFrame(
        {
            "place_id": [place.id for place in found.places],
            "service_area": chosen.service_area.to_numpy(),
            "target_item": chosen.target_item.to_numpy(),
        }
    ).merge(
        leading.merge(_latest_at_upper(shaper, rows, keys), on=keys),
        on=keys,
        how="left",
    )
    frame["learn_from_median"] = others["median"].to_numpy()
    frame["learn_from_review"] = others.latest_upper.astype("int64").to_numpy()
    return found.columns(shaper, frame)[NEIGHBOUR_COLUMNS]


def _latest_at_upper(shaper: Shaper, rows: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """The latest review at one of the item's upper two levels (``latest_upper``), per
    ``keys``."""
    upper_from = rows.target_item.map({item.id: item.upper[0] for item in shaper.items})
    at_upper = [rows[f"latest_{value}"].where(upper_from <= value) for value in shaper.levels]
    latest = pd.concat(at_upper, axis=1).max(axis=1)
    return rows.assign(latest_upper=latest).groupby(keys).latest_upper.max().reset_index()


@dataclass
class _Found:
    """Pairs of an asking row (its position) and a place to learn from."""

    asking: list[int] = field(default_factory=list)
    places: list[PlaceInfo] = field(default_factory=list)
    nearness: list[str] = field(default_factory=list)
    more: list[int] = field(default_factory=list)

    def columns(self, shaper: Shaper, frame: pd.DataFrame) -> pd.DataFrame:
        """``frame`` (one row per pair) with the asking place's columns, the place to
        learn from, how near it is, how many more there are, and the asking place's
        context notes."""
        frame = pd.concat([shaper.place_columns(frame.place_id), frame], axis=1)
        frame["learn_from_code"] = [p.code for p in self.places]
        frame["learn_from"] = [p.name for p in self.places]
        frame["learn_from_region"] = [p.region for p in self.places]
        frame["learn_from_kind"] = [p.kind_label for p in self.places]
        frame["nearness"] = self.nearness
        frame["more_places"] = self.more
        frame["context_notes"] = shaper.notes_column(frame.place_id)
        return frame


def _nearest(
    shaper: Shaper, candidates: Candidates, place_ids: list[int], keys: list[Hashable]
) -> _Found:
    found = _Found()
    for position, (place_id, key) in enumerate(zip(place_ids, keys, strict=True)):
        shown, more = candidates.nearest(key, shaper.places[int(place_id)])
        for neighbour in shown:
            found.asking.append(position)
            found.places.append(neighbour.place)
            found.nearness.append(neighbour.nearness)
            found.more.append(more)
    return found


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
    shaper: Shaper, citations: pd.DataFrame, barriers: list[Heading], followed: PlaceInfo | None
) -> pd.DataFrame:
    """For each barrier the followed place cites: the nearest other places citing it, with
    the latest of their reviews that does. Nothing when no place is followed."""
    rows = shaper.with_current(citations)
    if rows.empty or followed is None:
        return pd.DataFrame(columns=BARRIER_NEIGHBOUR_COLUMNS)
    latest = rows.groupby(["place_id", "barrier"]).latest_review.max()
    candidates = Candidates()
    citing = latest.reset_index()
    candidates.add_each(
        citing.barrier.tolist(), (shaper.places[p] for p in citing.place_id.tolist())
    )
    order = {barrier.id: index for index, barrier in enumerate(barriers)}
    citing = citing[citing.place_id == followed.id]
    citing["barrier_order"] = citing.barrier.map(order).fillna(len(order))
    citing = shaper.in_place_order(citing, ["barrier_order", "barrier"])
    found = _nearest(shaper, candidates, citing.place_id.tolist(), citing.barrier.tolist())
    frame = citing.iloc[found.asking][["place_id", "barrier"]].reset_index(drop=True)
    titles = {barrier.id: barrier.title for barrier in barriers}
    frame["barrier_title"] = frame.barrier.map(titles).fillna(frame.barrier)
    reviews = latest.to_dict()
    frame["learn_from_review"] = [
        int(reviews[(other.id, barrier)])
        for other, barrier in zip(found.places, frame.barrier.tolist(), strict=True)
    ]
    return found.columns(shaper, frame)[BARRIER_NEIGHBOUR_COLUMNS]
