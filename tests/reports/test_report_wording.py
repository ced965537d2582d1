"""The report's sentences read right for one of anything: one review, one place, one
period."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd

from outcomes.reports.result import CompareItem, ReportContext, counted
from web.reports.summaries import over_time

RELATIONAL = CompareItem(
    id="relational",
    principle="relational",
    title="Relational",
    levels=((1, "Not yet"), (2, "Starting"), (3, "Established"), (4, "Leading")),
)


def shares(periods: list[str]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "period": period,
                "item": "relational",
                "answers": 4,
                "level_1": 1,
                "level_2": 1,
                "level_3": 1,
                "level_4": 1,
            }
            for period in periods
        ]
    )


def test_counts_agree_with_their_nouns() -> None:
    assert counted(1, "submitted review") == "1 submitted review"
    assert counted(0, "place") == "0 places"
    assert counted(1204, "review") == "1,204 reviews"


def test_one_period_over_time_is_named_once() -> None:
    lines = over_time(shares(["Oct to Dec 2026"]), (RELATIONAL,))
    assert lines == [
        "1 period, Oct to Dec 2026. The share of answers in the upper two levels:",
        "Relational: 50%.",
    ]


def test_several_periods_over_time_run_from_the_first_to_the_last() -> None:
    lines = over_time(shares(["Jul to Sep 2026", "Oct to Dec 2026"]), (RELATIONAL,))
    assert lines[0].startswith("2 periods, from Jul to Sep 2026 to Oct to Dec 2026.")
    assert lines[1] == "Relational: 50% then 50%."


def test_what_the_report_covers_reads_right_for_one_of_each() -> None:
    def covers(reviews: int, services: int, places: int) -> str:
        counts = SimpleNamespace(reviews=reviews, services=services, places=places)
        return ReportContext.covers.fget(counts)  # type: ignore[attr-defined,no-any-return]

    assert covers(1, 1, 1) == "1 submitted review from 1 service in 1 place"
    assert covers(2, 3, 1) == "2 submitted reviews from 3 services in 1 place"
