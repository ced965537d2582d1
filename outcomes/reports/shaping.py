"""What every table of a report shares: places by their current code with their region,
items in the framework's order, counts per level with their median, and context notes."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from outcomes.lazy import lazy
from outcomes.reports.places import PlaceInfo
from outcomes.reports.result import CompareItem, Note

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd
else:
    np = lazy("numpy")
    pd = lazy("pandas")

PLACE_COLUMNS = ["region_code", "region", "place_code", "place", "kind"]


class Shaper:
    def __init__(
        self, places: dict[int, PlaceInfo], items: list[CompareItem], notes: dict[int, list[Note]]
    ) -> None:
        self.places = places
        self.items = items
        self.item_order = {item.id: index for index, item in enumerate(items)}
        self.levels = sorted({value for item in items for value, _ in item.levels})
        self.level_columns = [f"level_{value}" for value in self.levels]
        self.notes = notes
        self._places = pd.DataFrame(
            [[place.id, *_place_values(place)] for place in places.values()],
            columns=["id", *PLACE_COLUMNS],
        ).set_index("id")

    def current(self, place_id: object) -> PlaceInfo:
        return self.places[self.places[int(place_id)].current_id]  # type: ignore[call-overload]

    def place_fields(self, place: PlaceInfo) -> dict[str, str]:
        """The place columns for one place."""
        return dict(zip(PLACE_COLUMNS, _place_values(place), strict=True))

    def place_columns(self, place_ids: pd.Series) -> pd.DataFrame:
        """The place columns for each of ``place_ids`` (current ids), in their order."""
        return self._places.loc[place_ids.to_numpy()].reset_index(drop=True)

    def in_place_order(self, frame: pd.DataFrame, then: list[str]) -> pd.DataFrame:
        """``frame`` (with current ``place_id``) ordered by region, place name and code,
        then by the columns ``then``."""
        names = self._places.loc[frame.place_id.to_numpy(), ["region", "place", "place_code"]]
        keys = {f"_sort_{name}": names[name].to_numpy() for name in names.columns}
        ordered = frame.assign(**keys).sort_values([*keys, *then])
        return ordered.drop(columns=list(keys))

    def with_current(self, frame: pd.DataFrame) -> pd.DataFrame:
        """``frame`` with ``place_id`` turned into the current place's id, in a new index."""
        # Each distinct place resolved once (the read model's places are mostly current).
        now = {int(value): self.current(value).id for value in frame.place_id.unique()}
        # Typed, so that a frame with no rows (a report without, say, any barrier cited)
        # has the same columns of the same types.
        place_ids = frame.place_id.astype("int64").map(now).astype("int64")
        return frame.assign(place_id=place_ids).reset_index(drop=True)

    def with_place(self, frame: pd.DataFrame) -> pd.DataFrame:
        """``with_current``, with the place columns added after the frame's own."""
        return self.placed(self.with_current(frame))

    def placed(self, frame: pd.DataFrame) -> pd.DataFrame:
        """``frame`` (with current ``place_id``, in a default index) with the place columns
        added after its own."""
        return pd.concat([frame, self.place_columns(frame.place_id)], axis=1)

    def note_text(self, place_id: int) -> str:
        return " | ".join(note.describe() for note in self.notes.get(place_id, []))

    def notes_column(self, place_ids: pd.Series) -> list[str]:
        """``note_text`` for each of ``place_ids``, each place's made once."""
        texts = {p: self.note_text(p) for p in place_ids.unique().tolist()}
        return [texts[p] for p in place_ids.tolist()]

    def by_id(self, item_id: str) -> CompareItem:
        return self.items[self.item_order[item_id]]

    def add_item(self, frame: pd.DataFrame) -> pd.DataFrame:
        """``target_item`` as ``item`` with its principle and title before it, and an
        ``item_order`` column to sort by."""
        frame = frame.rename(columns={"target_item": "item"})
        at = list(frame.columns).index("item")
        items = frame["item"].tolist()
        frame.insert(at, "principle", [self.by_id(i).principle for i in items])
        frame.insert(at + 1, "principle_title", [self.by_id(i).title for i in items])
        frame["item_order"] = frame["item"].map(self.item_order)
        return frame

    def spread_levels(self, frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
        """Rows of one level each (``level`` and ``answers``, the periods of
        ``queries.Answers``) as rows that count every level in columns level_<value>, per
        ``keys`` + item, as ``level_table`` takes them."""
        index = [*keys, "target_item"]
        if frame.empty:
            return pd.DataFrame(columns=[*index, *self.level_columns])
        counts = frame.groupby([*index, "level"]).answers.sum().unstack("level", fill_value=0)
        table = counts.reindex(columns=self.levels, fill_value=0).reset_index()
        table.columns = [*index, *self.level_columns]
        return table

    def level_table(self, frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
        """One row per ``keys`` + item from rows that count every level in columns (the
        places of ``queries.Answers``, or ``spread_levels``): the answers at each level
        summed, the number of answers and the median level."""
        index = [*keys, "target_item"]
        if frame.empty:
            return pd.DataFrame(columns=[*index, *self.level_columns, "answers", "median"])
        summed = frame.groupby(index, sort=True)[self.level_columns].sum()
        return self._with_median(summed.astype("int64").reset_index())

    def _with_median(self, table: pd.DataFrame) -> pd.DataFrame:
        matrix = table[self.level_columns].to_numpy()
        table["answers"] = matrix.sum(axis=1)
        table["median"] = median_levels(matrix, np.array(self.levels))
        return table


def levels_at(answers: pd.DataFrame) -> pd.DataFrame:
    """The rubric rows (those with a level) of answers counted per period."""
    rows = answers[answers.level.notna()]
    return rows.assign(level=rows.level.astype("int64"))


def rubric_rows(places: pd.DataFrame) -> pd.DataFrame:
    """The rows of rubric items (answered at a level) of answers counted per place."""
    return places[places.levelled > 0]


def number_rows(places: pd.DataFrame) -> pd.DataFrame:
    """The rows of number items (no level) of answers counted per place."""
    return places[places.levelled == 0]


def _place_values(place: PlaceInfo) -> list[str]:
    return [place.region_code, place.region, place.code, place.name, place.kind_label]


def median_levels(counts: np.ndarray, levels: np.ndarray) -> np.ndarray:
    """The median level of each row of ``counts`` (answers per level, lowest level first):
    the middle answer, or halfway between the two middle answers."""
    total = counts.sum(axis=1)
    cumulative = counts.cumsum(axis=1)
    lower = levels[(cumulative > ((total - 1) // 2)[:, None]).argmax(axis=1)]
    upper = levels[(cumulative > (total // 2)[:, None]).argmax(axis=1)]
    return np.where(total > 0, (lower + upper) / 2, np.nan)


def period_label(start: date, end: date) -> str:
    """``Apr to Jun 2025`` for whole months, else the two dates."""
    whole_months = start.day == 1 and (end + timedelta(days=1)).day == 1
    if whole_months and start.year == end.year:
        if start.month == end.month:
            return f"{start:%b %Y}"
        return f"{start:%b} to {end:%b %Y}"
    if whole_months:
        return f"{start:%b %Y} to {end:%b %Y}"
    return f"{start.isoformat()} to {end.isoformat()}"


def period_labels(frame: pd.DataFrame) -> list[str]:
    """The label of each row's period, each distinct period labelled once (a national
    report's asks name a few periods tens of thousands of times)."""
    labels: dict[tuple[date, date], str] = {}
    return [
        labels.get(key) or labels.setdefault(key, period_label(*key))
        for key in zip(frame.period_start, frame.period_end, strict=True)
    ]
