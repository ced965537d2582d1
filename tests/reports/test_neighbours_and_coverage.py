"""Who to learn from, and who filed: checked against the raw reviews."""

from __future__ import annotations

import statistics
from collections import defaultdict
from datetime import date

import pandas as pd
from factories import create_review, create_service, create_user
from report_data import SKEWED, Dataset, current_place, mapped_by_hand
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from outcomes.frameworks.store import get_framework
from outcomes.places.models import Place
from outcomes.reports.build import build_report
from outcomes.reports.neighbours import NEARNESS, SHOWN
from outcomes.reports.notes import add_context_note
from outcomes.reports.spec import ReportSpec
from outcomes.reviews.models import Review, ReviewStatus
from outcomes.scope import ReviewScope


def _region(place: Place) -> Place | None:
    node = place.parent
    while node is not None and node.kind.value != "region":
        node = node.parent
    return node


def _followed(dataset: Dataset, db: Session, code: str | None):  # type: ignore[no-untyped-def]
    spec = ReportSpec(ReviewScope(SKEWED), focus_place=code)
    return build_report(db, dataset.regulator, spec)


def test_who_to_learn_from_is_made_for_the_followed_place_only(
    dataset: Dataset, db: Session
) -> None:
    unfollowed = _followed(dataset, db, None)
    assert unfollowed.neighbours.empty and unfollowed.barrier_neighbours.empty
    followed = _followed(dataset, db, "E08000010")
    assert set(followed.barrier_neighbours.place_code) == {"E08000010"}
    assert set(followed.neighbours.place_code) <= {"E08000010"}


def test_learning_neighbours_follow_the_stated_order(dataset: Dataset, db: Session) -> None:
    levels: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    upper_reviews: dict[tuple[str, str, str], int] = {}
    places: dict[str, Place] = {}
    for review in db.scalars(select(Review)):
        if review.framework.slug != SKEWED or review.status is not ReviewStatus.SUBMITTED:
            continue
        place = current_place(review.service.place)
        places[place.code] = place
        assert review.current_revision is not None
        for answer in review.current_revision.answers:
            for item, level in mapped_by_hand(
                review.framework_version.version, answer.item_id, answer.value_level, "2.0.0"
            ):
                key = (place.code, review.service.service_area, item)
                levels[key].append(level)
                if level >= 3:
                    upper_reviews[key] = max(upper_reviews.get(key, 0), review.id)
    medians = {key: statistics.median(values) for key, values in levels.items()}

    def order(code: str, other: str) -> tuple:
        a, b = places[code], places[other]
        tier = (a.kind != b.kind) * 2 + (_region(a) != _region(b))
        region = _region(b)
        return (tier, region.name if region else "", b.name)

    expected = {}
    for (code, area, item), median in medians.items():
        if median > 2:
            continue
        leading = [
            other
            for (other, other_area, other_item), m in medians.items()
            if other_area == area and other_item == item and m >= 3
        ]
        leading.sort(key=lambda other: order(code, other))
        expected[(code, area, item)] = (leading[:SHOWN], len(leading) - min(len(leading), SHOWN))
    found = defaultdict(list)
    more = {}
    rows = [
        row
        for code in sorted({code for code, _, _ in expected})
        for row in _followed(dataset, db, code).neighbours.to_dict("records")
    ]
    for row in rows:
        key = (row["place_code"], row["service_area"], row["item"])
        found[key].append(row["learn_from_code"])
        more[key] = row["more_places"]
        assert row["median"] == medians[key]
        other_key = (row["learn_from_code"], row["service_area"], row["item"])
        assert row["learn_from_median"] == medians[other_key] >= 3
        assert row["learn_from_review"] == upper_reviews[other_key]
        assert row["nearness"] in NEARNESS
    assert {k: (v, more[k]) for k, v in found.items()} == {
        k: v for k, v in expected.items() if v[0]
    }
    assert found, "the data set should have places to learn from"


def test_barrier_neighbours_are_other_places_citing_the_same_barrier(
    dataset: Dataset, db: Session
) -> None:
    citing: dict[str, set[str]] = defaultdict(set)
    for review in db.scalars(select(Review)):
        if review.framework.slug != SKEWED or review.status is not ReviewStatus.SUBMITTED:
            continue
        assert review.current_revision is not None
        for citation in review.current_revision.citations:
            citing[citation.barrier_id].add(current_place(review.service.place).code)
    codes = sorted({code for codes in citing.values() for code in codes})
    table = pd.concat([_followed(dataset, db, code).barrier_neighbours for code in codes])
    assert len(table) > 0
    for (code, barrier), rows in table.groupby(["place_code", "barrier"]):
        others = citing[barrier] - {code}
        assert set(rows.learn_from_code) <= others
        assert len(rows) == min(SHOWN, len(others))
        assert set(rows.more_places) == {len(others) - len(rows)}


def test_coverage_lists_who_filed_and_who_did_not(dataset: Dataset, db: Session) -> None:
    silent = create_service(db, place=dataset.places["E09000007"], name="Quiet service")
    report = build_report(db, dataset.regulator, ReportSpec(ReviewScope(SKEWED)))
    services = report.coverage_services.set_index("service")
    assert services.loc[silent.name, "filed"] == "no"
    assert services.loc[silent.name, "reviews"] == 0
    filed = services[services.filed == "yes"]
    assert filed.reviews.sum() == report.context.reviews
    gateshead = report.coverage_places.set_index("place_code").loc["E08000037"]
    assert gateshead.services == 3  # two of its own and one under its former code
    # Councils without any service are listed as not filing; regions never are.
    places = report.coverage_places.set_index("place_code")
    assert places.loc["E07000009", "filed"] == "no"
    assert "E12000002" not in places.index
    assert (report.coverage_places.region.tolist()) == sorted(report.coverage_places.region)


def test_the_number_of_statements_does_not_grow_with_places(dataset: Dataset, db: Session) -> None:
    def statements() -> int:
        executed: list[str] = []

        def count(*args: object) -> None:
            executed.append(str(args[2]))

        connection = db.connection()
        event.listen(connection, "before_cursor_execute", count)
        try:
            build_report(
                db, dataset.regulator, ReportSpec(ReviewScope(SKEWED), focus_place="E08000010")
            )
        finally:
            event.remove(connection, "before_cursor_execute", count)
        return len(executed)

    small = statements()
    more_places = db.scalars(
        select(Place).where(Place.code.like("E09%"), Place.code != "E09000007").limit(20)
    ).all()
    for place in more_places:
        create_review(
            db,
            version=dataset.versions["2.0.0"],
            service=create_service(db, place=place),
            answers={"relational": 4, "people_supported": 9},
            citations=[("devolution", "More say over local spending")],
        )
    add_context_note(
        db,
        create_user(db, places=[more_places[0]]),
        place=more_places[0],
        framework=get_framework(db, SKEWED),
        body="Context",
    )
    assert statements() == small
    # One more than a report without a followed place: who to learn from reads every
    # place's answers per service area where the followed place's are low.
    assert small <= 13


def test_coverage_periods_are_dates(dataset: Dataset, db: Session) -> None:
    report = build_report(db, dataset.regulator, ReportSpec(ReviewScope(SKEWED)))
    filed = report.coverage_services[report.coverage_services.filed == "yes"]
    assert all(isinstance(value, date) for value in filed.first_period)
    assert all(a <= b for a, b in zip(filed.first_period, filed.last_period, strict=True))


def test_with_no_place_followed_the_followed_place_over_time_is_empty(
    dataset: Dataset, db: Session
) -> None:
    """Not every place's levels again under the followed place's title (in the files)."""
    unfollowed = _followed(dataset, db, None).place_over_time
    followed = _followed(dataset, db, "E08000010").place_over_time
    assert unfollowed.empty and not followed.empty
    assert list(unfollowed.columns) == list(followed.columns)
