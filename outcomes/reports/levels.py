"""Principles by place, change over time, and people counted: tables of rubric levels
and of counts of people, from the grouped answers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from outcomes.frameworks.definition import FrameworkDefinition, NumberItem
from outcomes.lazy import lazy
from outcomes.reports.places import PlaceInfo
from outcomes.reports.shaping import (
    PLACE_COLUMNS,
    Shaper,
    levels_at,
    number_rows,
    period_labels,
    rubric_rows,
)

if TYPE_CHECKING:
    import pandas as pd

    from outcomes.reports.queries import Answers
else:
    pd = lazy("pandas")


def principles(shaper: Shaper, answers: Answers) -> pd.DataFrame:
    """Levels per place and principle, places by region and then name."""
    rows = shaper.with_current(rubric_rows(answers.places))
    table = shaper.add_item(shaper.level_table(rows, ["place_id"]))
    # The place columns added once the rows are grouped: a row per place and item, not
    # per service area.
    table = shaper.placed(table)
    table["context_notes"] = shaper.notes_column(table.place_id)
    table = table.sort_values(["region", "place", "place_code", "item_order"])
    columns = [*PLACE_COLUMNS, "principle", "principle_title", "item", *shaper.level_columns]
    return table[[*columns, "answers", "median", "context_notes"]].reset_index(drop=True)


def over_time(shaper: Shaper, answers: Answers, place: PlaceInfo | None = None) -> pd.DataFrame:
    """Levels per period and principle, over every place, or for the followed ``place``
    (the rows the query marked ``focus``)."""
    rows = levels_at(answers.periods)
    if place is not None:
        rows = rows[rows.focus == 1]
    periods = ["period_start", "period_end"]
    table = shaper.add_item(shaper.level_table(shaper.spread_levels(rows, periods), periods))
    table.insert(2, "period", period_labels(table))
    if place is not None:
        table.insert(0, "place_code", place.code)
        table.insert(1, "place", place.name)
        table["context_notes"] = shaper.note_text(place.id)
    table = table.sort_values(["period_start", "period_end", "item_order"])
    return table.drop(columns="item_order").reset_index(drop=True)


def no_place_over_time(over_every_place: pd.DataFrame) -> pd.DataFrame:
    """The followed place's levels by period when no place is followed: no rows, with the
    columns a followed place's table has (files would otherwise carry every place's
    levels under the followed place's title)."""
    return pd.DataFrame(columns=["place_code", "place", *over_every_place.columns, "context_notes"])


MEASURE_COLUMNS = [
    *PLACE_COLUMNS,
    "measure",
    "label",
    "unit",
    "answers",
    "total",
    "withheld",
    "context_notes",
]


def measures(shaper: Shaper, answers: Answers, target: FrameworkDefinition) -> pd.DataFrame:
    """Counts of people summed per place: ``total`` adds up only the counts the
    disclosure rule lets anyone see, and ``withheld`` says how many it left out (the
    query applied the rule, ``outcomes.disclosure``). Where every count was withheld
    there is nothing to add up, and the total is empty."""
    rows = shaper.with_current(number_rows(answers.places))
    if rows.empty:
        return pd.DataFrame(columns=MEASURE_COLUMNS)
    rows = rows.assign(total=rows.total.astype("float64"), withheld=rows.withheld.astype("int64"))
    grouped = rows.groupby(["place_id", "target_item"])
    table = (
        grouped[["answers", "withheld"]]
        .sum()
        # Empty where every count was withheld: nothing was added up.
        .assign(total=grouped.total.sum(min_count=1))
        .reset_index()
        .rename(columns={"target_item": "measure"})
    )
    table = shaper.placed(table)
    numbers = {item.id: item for item in target.items if isinstance(item, NumberItem)}
    order = {item_id: index for index, item_id in enumerate(numbers)}
    table["label"] = [numbers[m].label for m in table.measure]
    table["unit"] = [numbers[m].unit for m in table.measure]
    table["answers"] = table.answers.astype("int64")
    table["withheld"] = table.withheld.astype("int64")
    table["total"] = _whole_where_counted(
        table.total.where(table.answers > table.withheld), table.measure, numbers
    )
    table["context_notes"] = shaper.notes_column(table.place_id)
    table["order"] = table.measure.map(order)
    table = table.sort_values(["region", "place", "place_code", "order"])
    return table[MEASURE_COLUMNS].reset_index(drop=True)


def _whole_where_counted(
    total: pd.Series, measure: pd.Series, numbers: dict[str, NumberItem]
) -> pd.Series:
    """Totals of counts of people (and of any whole-number measure) as whole numbers in
    every output: summed with NaN for the withheld, pandas makes them floats (1100.0).
    Where every measure is whole the column is nullable Int64; where some measure takes
    fractions, each row keeps the type of its measure (an int, or a float), with NaN for
    a total that is withheld either way."""
    whole = [numbers[m].counts_people or numbers[m].integer for m in measure]
    if all(whole):
        return total.round().astype("Int64")
    # Sums of whole numbers are exact in a float, so int() loses nothing.
    values = [int(t) if w and t == t else t for w, t in zip(whole, total, strict=True)]
    return pd.Series(values, index=total.index, dtype=object)
