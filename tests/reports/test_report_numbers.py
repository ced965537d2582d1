"""Report numbers against a plain-Python count of the raw answers.

The expected figures are worked out here from each submitted review's latest revision,
read row by row through the ORM, with the lineage written out by hand: the same item
where it kept its meaning, and the declared (skewed) crosswalk from strengths_holistic
to strengths_based and holistic.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from datetime import date

import pandas as pd
import pytest
from report_data import PEOPLE, SKEWED, Dataset, current_place, mapped_by_hand
from sqlalchemy import select
from sqlalchemy.orm import Session

from outcomes.disclosure import DisclosureRule
from outcomes.reports.build import build_report
from outcomes.reports.spec import ReportSpec
from outcomes.reviews.models import ConsentScope, Review, ReviewStatus
from outcomes.scope import PlaceSelection, ReviewScope


def _submitted(db: Session, scope_filter=lambda review: True) -> list[Review]:
    reviews = db.scalars(select(Review).order_by(Review.id)).all()
    return [
        r
        for r in reviews
        if r.framework.slug == SKEWED and r.status is ReviewStatus.SUBMITTED and scope_filter(r)
    ]


def _expected_levels(reviews: list[Review], target: str, key) -> dict:
    counts: dict[tuple, Counter] = defaultdict(Counter)
    for review in reviews:
        assert review.current_revision is not None
        for answer in review.current_revision.answers:
            for item, level in mapped_by_hand(
                review.framework_version.version, answer.item_id, answer.value_level, target
            ):
                counts[(*key(review), item)][level] += 1
    return counts


def _levels_of(row) -> Counter:
    return Counter({level: int(row[f"level_{level}"]) for level in (1, 2, 3, 4)})


def _median(counter: Counter) -> float:
    return float(statistics.median(sorted(counter.elements())))


@pytest.mark.parametrize("target", ["2.0.0", "1.1.0"])
def test_principles_by_place_match_the_raw_answers(dataset: Dataset, db: Session, target) -> None:
    report = build_report(db, dataset.regulator, ReportSpec(ReviewScope(SKEWED), version=target))
    expected = _expected_levels(
        _submitted(db), target, lambda r: (current_place(r.service.place).code,)
    )
    found = {(row["place_code"], row["item"]): row for row in report.principles.to_dict("records")}
    assert set(found) == set(expected)
    for key, counter in expected.items():
        row = found[key]
        assert _levels_of(row) + Counter() == counter, key
        assert row["answers"] == sum(counter.values())
        assert row["median"] == _median(counter)
    # Gateshead's former code is reported under the current one, never on its own.
    assert "E08000020" not in set(report.principles.place_code)


def test_the_report_says_what_it_mapped_and_what_it_could_not(
    dataset: Dataset, db: Session
) -> None:
    newest = build_report(db, dataset.regulator, ReportSpec(ReviewScope(SKEWED)))
    assert newest.context.version == "2.0.0"
    reviews = _submitted(db)
    on_old = Counter(r.framework_version.version for r in reviews)
    crosswalked = {
        (m.version, m.target_item): m.answers for m in newest.context.mapped if m.via == "crosswalk"
    }
    for version in ("1.0.0", "1.1.0"):
        for item in ("strengths_based", "holistic"):
            assert crosswalked[(version, item)] == on_old[version]
        assert any(
            m.describe()
            == f"{on_old[version]} answers on {version} to strengths_holistic mapped to "
            "strengths_based through the declared crosswalk"
            for m in newest.context.mapped
        )
    assert [v.version for v in newest.context.versions] == ["1.0.0", "1.1.0", "2.0.0"]
    assert [v.reviews for v in newest.context.versions] == [
        on_old["1.0.0"],
        on_old["1.1.0"],
        on_old["2.0.0"],
    ]

    older = build_report(db, dataset.regulator, ReportSpec(ReviewScope(SKEWED), version="1.1.0"))
    not_compared = {(u.version, u.item) for u in older.context.unmapped}
    assert not_compared == {("2.0.0", "strengths_based"), ("2.0.0", "holistic")}
    assert not any(m.via == "crosswalk" for m in older.context.mapped)


def test_counts_of_people_are_summed_per_place_from_disclosed_counts_only(
    dataset: Dataset, db: Session
) -> None:
    rule = DisclosureRule(threshold=5)
    report = build_report(db, dataset.regulator, ReportSpec(ReviewScope(SKEWED)), disclosure=rule)
    shown: dict[tuple[str, str], float] = defaultdict(float)
    withheld: dict[tuple[str, str], int] = defaultdict(int)
    for review in _submitted(db):
        assert review.current_revision is not None
        for answer in review.current_revision.answers:
            if answer.item_id in PEOPLE:
                key = (current_place(review.service.place).code, answer.item_id)
                if 0 < (answer.value_number or 0) < 5:
                    withheld[key] += 1
                else:
                    shown[key] += answer.value_number or 0
    found = {(row["place_code"], row["measure"]): row for row in report.measures.to_dict("records")}
    assert set(found) == set(shown) | set(withheld)
    for key, row in found.items():
        assert row["withheld"] == withheld.get(key, 0)
        if key in shown:
            assert row["total"] == shown[key]
        else:  # every count withheld: nothing to add up
            assert pd.isna(row["total"])
    assert sum(withheld.values()) > 0, "the data set should hold a small count to withhold"
    assert report.context.suppressed == sum(withheld.values())
    assert "threshold 5" in report.context.disclosure.describe()

    stricter = build_report(
        db,
        dataset.regulator,
        ReportSpec(ReviewScope(SKEWED)),
        disclosure=DisclosureRule(threshold=1000),
    )
    assert stricter.measures.total.dropna().eq(0).all()


def test_change_over_time_overall_and_for_a_chosen_place(dataset: Dataset, db: Session) -> None:
    report = build_report(
        db, dataset.regulator, ReportSpec(ReviewScope(SKEWED), focus_place="E08000037")
    )
    reviews = _submitted(db)
    overall = _expected_levels(reviews, "2.0.0", lambda r: (r.period_start,))
    found = {(row["period_start"], row["item"]): row for row in report.over_time.to_dict("records")}
    assert set(found) == set(overall)
    for key, counter in overall.items():
        assert _levels_of(found[key]) + Counter() == counter
    gateshead = _expected_levels(
        [r for r in reviews if current_place(r.service.place).code == "E08000037"],
        "2.0.0",
        lambda r: (r.period_start,),
    )
    focus = report.place_over_time
    assert set(focus.place_code) == {"E08000037"}
    assert {
        (row["period_start"], row["item"]): _levels_of(row) + Counter()
        for row in focus.to_dict("records")
    } == dict(gateshead)
    assert report.context.focus_place == ("E08000037", "Gateshead")


def test_scope_narrows_every_section(dataset: Dataset, db: Session) -> None:
    scope = ReviewScope(
        SKEWED,
        period_from=date(2025, 7, 1),
        period_to=date(2025, 12, 31),
        places=PlaceSelection(within="E12000002"),  # North West
        service_areas=("early_help",),
    )
    report = build_report(db, dataset.regulator, ReportSpec(scope))

    def in_scope(review: Review) -> bool:
        return (
            review.period_start >= date(2025, 7, 1)
            and review.period_end <= date(2025, 12, 31)
            and review.service.service_area == "early_help"
            and review.service.place.code in {"E08000010", "E08000003"}
        )

    reviews = _submitted(db, in_scope)
    expected = _expected_levels(reviews, "2.0.0", lambda r: (r.service.place.code,))
    found = {
        (row["place_code"], row["item"]): _levels_of(row) + Counter()
        for row in report.principles.to_dict("records")
    }
    assert found == dict(expected)
    assert report.context.reviews == len(reviews)
    assert set(report.coverage_services.place_code) == {"E08000010", "E08000003"}
    assert set(report.coverage_services.service_area) == {"Early help and family support"}


def test_barriers_count_places_and_reviews(dataset: Dataset, db: Session) -> None:
    report = build_report(db, dataset.regulator, ReportSpec(ReviewScope(SKEWED)))
    places: dict[str, set[str]] = defaultdict(set)
    reviews: Counter = Counter()
    by_period: dict[tuple[date, str], set[str]] = defaultdict(set)
    for review in _submitted(db):
        assert review.current_revision is not None
        for citation in review.current_revision.citations:
            code = current_place(review.service.place).code
            places[citation.barrier_id].add(code)
            reviews[citation.barrier_id] += 1
            by_period[(review.period_start, citation.barrier_id)].add(code)
    table = report.barriers.set_index("barrier")
    for barrier in table.index:
        assert table.places[barrier] == len(places[barrier])
        assert table.reviews[barrier] == reviews[barrier]
    assert list(table.index[:3]) == ["devolution", "multi_year_funding", "health_council"]
    over_time = {
        (row["period_start"], row["barrier"]): row["places"]
        for row in report.barriers_over_time.to_dict("records")
    }
    assert over_time == {key: len(value) for key, value in by_period.items()}


def test_asks_follow_the_consent_each_service_gave(dataset: Dataset, db: Session) -> None:
    def asks_for(reader, reader_places: set[str]) -> set[str]:
        visible = set()
        for review in _submitted(db):
            assert review.current_revision is not None
            code = review.service.place.code
            for citation in review.current_revision.citations:
                if not citation.ask:
                    continue
                if (
                    citation.consent_scope is ConsentScope.PUBLIC
                    or code in reader_places
                    or (
                        citation.consent_scope is ConsentScope.REGULATORS
                        and reader is dataset.regulator
                    )
                ):
                    visible.add(citation.ask + f"#{review.id}")
        return visible

    for reader, own in ((dataset.regulator, set()), (dataset.manager, {"E08000010"})):
        report = build_report(db, reader, ReportSpec(ReviewScope(SKEWED)))
        shown = {f"{row['ask']}#{row['review_id']}" for row in report.asks.to_dict("records")}
        assert shown == asks_for(reader, own)
    filtered = build_report(
        db, dataset.regulator, ReportSpec(ReviewScope(SKEWED), barrier="devolution")
    )
    assert set(filtered.asks.barrier) == {"devolution"}


def test_a_report_with_nothing_in_scope_is_empty_not_broken(dataset: Dataset, db: Session) -> None:
    scope = ReviewScope(SKEWED, period_from=date(2030, 1, 1), period_to=date(2030, 3, 31))
    report = build_report(db, dataset.regulator, ReportSpec(scope, focus_place="E08000010"))
    assert report.context.reviews == 0
    for name in ("principles", "measures", "over_time", "asks", "neighbours"):
        assert report.table(name).empty, name
    assert set(report.barriers.places) == {0}
    assert set(report.coverage_services.filed) == {"no"}
