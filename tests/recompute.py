"""The report's principle, measure and barrier tables worked out again, independently,
from nothing but an exported data package (its CSV files), and the same tables read from
a report, in one comparable shape.

Used to show that what a report publishes follows from what an export shows: no report
figure rests on a value the export withholds.
"""

from __future__ import annotations

import io
import statistics
import zipfile
from collections import defaultdict
from typing import Any

import pandas as pd

from outcomes.reports.result import ComparisonReport

WITHHELD = "[c]"


def package_tables(data: bytes) -> dict[str, pd.DataFrame]:
    """Each CSV of a data package zip as text columns (empty cells as '')."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {
            name[:-4]: pd.read_csv(io.BytesIO(archive.read(name)), dtype=str, keep_default_na=False)
            for name in archive.namelist()
            if name.endswith(".csv")
        }


def _answers_with_reviews(tables: dict[str, pd.DataFrame], version: str) -> pd.DataFrame:
    reviews = tables["reviews"]
    reviews = reviews[reviews.framework_version == version]
    return tables["answers"].merge(
        reviews[["review_id", "revision_number", "place_code"]], on=["review_id", "revision_number"]
    )


def from_package(tables: dict[str, pd.DataFrame], version: str) -> dict[str, Any]:
    """principles: (place, item) -> (answers per level, answers, median);
    measures: (place, measure) -> (answers, total of the shown counts or None, withheld);
    barriers: barrier -> (places, reviews)."""
    items = tables["items"][tables["items"].framework_version == version]
    rubric = set(items[(items.kind == "rubric") & (items.principle != "")].item_id)
    people = set(items[items.counts_people == "true"].item_id)
    answers = _answers_with_reviews(tables, version)

    levels: dict[tuple[str, str], list[int]] = defaultdict(list)
    for row in answers[answers.item_id.isin(rubric)].itertuples():
        levels[(row.place_code, row.item_id)].append(int(row.value_level))
    principles = {
        key: (
            tuple(sorted(_counts(found))),
            len(found),
            float(statistics.median(found)),
        )
        for key, found in levels.items()
    }

    shown: dict[tuple[str, str], list[float]] = defaultdict(list)
    withheld: dict[tuple[str, str], int] = defaultdict(int)
    for row in answers[answers.item_id.isin(people)].itertuples():
        key = (row.place_code, row.item_id)
        if row.value_number == WITHHELD:
            withheld[key] += 1
        elif row.value_number:
            shown[key].append(float(row.value_number))
    measures = {
        key: (
            len(shown.get(key, [])) + withheld.get(key, 0),
            sum(shown[key]) if key in shown else None,
            withheld.get(key, 0),
        )
        for key in set(shown) | set(withheld)
    }

    reviews = tables["reviews"]
    reviews = reviews[reviews.framework_version == version]
    cited = tables["barrier_citations"].merge(
        reviews[["review_id", "revision_number", "place_code"]], on=["review_id", "revision_number"]
    )
    barriers = {
        barrier: (part.place_code.nunique(), part.review_id.nunique())
        for barrier, part in cited.groupby("barrier_id")
    }
    return {"principles": principles, "measures": measures, "barriers": barriers}


def _counts(found: list[int]) -> list[tuple[int, int]]:
    return [(level, found.count(level)) for level in set(found)]


def from_report(report: ComparisonReport) -> dict[str, Any]:
    """The same shapes, read from a report's tables."""
    level_columns = [c for c in report.principles.columns if c.startswith("level_")]
    principles = {}
    for row in report.principles.to_dict("records"):
        counts = tuple(
            sorted(
                (int(column.removeprefix("level_")), int(row[column]))
                for column in level_columns
                if row[column]
            )
        )
        principles[(row["place_code"], row["item"])] = (
            counts,
            int(row["answers"]),
            float(row["median"]),
        )
    measures = {
        (row["place_code"], row["measure"]): (
            int(row["answers"]),
            None if pd.isna(row["total"]) else float(row["total"]),
            int(row["withheld"]),
        )
        for row in report.measures.to_dict("records")
    }
    barriers = {
        row["barrier"]: (int(row["places"]), int(row["reviews"]))
        for row in report.barriers.to_dict("records")
        if row["reviews"]
    }
    return {"principles": principles, "measures": measures, "barriers": barriers}
