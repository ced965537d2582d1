"""What is withheld stays withheld (rule small-counts-2), on data filed through the front
doors: the three subtractions of issue 10 give no withheld count back, no published
figure changes when a withheld count does, and a count of 1 to 4 is shown only to its
own place on the review page and in the API."""

from __future__ import annotations

from datetime import date

import pytest
from factories import create_user, sign_in
from flask.testing import FlaskClient
from frontdoor import (
    FRAMEWORK,
    PEOPLE_ITEMS,
    Q1_2026,
    SMALL_COUNTS,
    FrontDoorData,
    amend_review,
    bearer,
    export_bytes,
)
from recompute import from_report, package_tables
from sqlalchemy.orm import Session

from outcomes.accounts.access import Actor
from outcomes.accounts.models import Role
from outcomes.exports.query import ExportFormat
from outcomes.reports.build import build_report
from outcomes.reports.result import ComparisonReport
from outcomes.reports.spec import ReportSpec
from outcomes.reviews.answers import AnswerInput
from outcomes.reviews.models import Review
from outcomes.reviews.reading import show_answers
from outcomes.scope import PlaceSelection, ReviewScope

BLACKPOOL = "E06000009"


def report(
    db: Session,
    actor: Actor,
    *,
    areas: tuple[str, ...] = (),
    period_from: date | None = None,
    period_to: date | None = None,
) -> ComparisonReport:
    scope = ReviewScope(
        framework=FRAMEWORK,
        places=PlaceSelection(codes=(BLACKPOOL,)),
        service_areas=areas,
        period_from=period_from,
        period_to=period_to,
    )
    return build_report(db, actor, ReportSpec(scope))


def totals(found: ComparisonReport) -> dict[str, float]:
    """Blackpool's published total for each count of people (0 where nothing is shown)."""
    return {
        measure: 0.0 if total is None else total
        for (place, measure), (_, total, _) in from_report(found)["measures"].items()
        if place == BLACKPOOL
    }


def housing(data: FrontDoorData) -> list[Review]:
    service = data.services[(BLACKPOOL, "housing")]
    return [r for r in data.reviews if r.service_id == service.id]


def test_report_total_minus_the_exports_visible_answers_gives_nothing_back(
    db: Session, data: FrontDoorData
) -> None:
    assert data.inspector is not None
    published = from_report(build_report(db, data.inspector, ReportSpec(ReviewScope(FRAMEWORK))))
    tables = package_tables(export_bytes(db, data.inspector, ExportFormat.DATAPACKAGE))
    answers = tables["answers"].merge(
        tables["reviews"][["review_id", "revision_number", "place_code"]],
        on=["review_id", "revision_number"],
    )
    hidden = 0
    for (place, measure), (_, total, withheld) in published["measures"].items():
        rows = answers[(answers.place_code == place) & (answers.item_id == measure)]
        visible = sum(float(v) for v in rows.value_number if v != "[c]")
        hidden += withheld
        assert (total or 0.0) - visible == 0.0, (place, measure)
    assert hidden > 0, "the data set should hold withheld counts"


def test_two_service_area_filters_give_nothing_back(db: Session, data: FrontDoorData) -> None:
    assert data.regulator is not None
    everything = totals(report(db, data.regulator, areas=("early_help", "housing")))
    early_help = totals(report(db, data.regulator, areas=("early_help",)))
    only_housing = totals(report(db, data.regulator, areas=("housing",)))
    for measure in PEOPLE_ITEMS:
        difference = everything[measure] - early_help.get(measure, 0.0)
        # Housing's counts are all small: the difference is what housing discloses, none.
        assert difference == only_housing.get(measure, 0.0) == 0.0
        assert not 0 < difference < 5


def test_two_overlapping_period_ranges_give_nothing_back(db: Session, data: FrontDoorData) -> None:
    assert data.regulator is not None
    first = totals(
        report(db, data.regulator, period_from=date(2026, 1, 1), period_to=date(2026, 9, 30))
    )
    later = totals(
        report(db, data.regulator, period_from=date(2026, 4, 1), period_to=date(2026, 9, 30))
    )
    quarter = totals(report(db, data.regulator, period_from=Q1_2026[0], period_to=Q1_2026[1]))
    for measure in PEOPLE_ITEMS:
        difference = first.get(measure, 0.0) - later.get(measure, 0.0)
        assert difference == quarter.get(measure, 0.0)
        assert not 0 < difference < 5  # a sum of shown counts: 0, or 5 and more


def test_no_published_figure_depends_on_a_withheld_count(db: Session, data: FrontDoorData) -> None:
    """Blackpool's housing counts (all 1 to 4) change through amendments: every report,
    under every filter, and the export stay exactly as they were, so no combination of
    them can tell the counts apart."""
    assert data.regulator is not None and data.inspector is not None

    def outputs() -> list[object]:
        found: list[object] = [
            from_report(report(db, data.regulator, areas=areas, period_from=start, period_to=end))
            for areas in ((), ("early_help",), ("housing",))
            for start, end in ((None, None), Q1_2026, (date(2026, 4, 1), date(2026, 9, 30)))
        ]
        tables = package_tables(export_bytes(db, data.inspector, ExportFormat.DATAPACKAGE))
        found.append(tables["answers"].drop(columns=[]).to_dict("records"))
        return found

    before = outputs()
    manager = data.managers[BLACKPOOL]
    for review in housing(data):
        amend_review(
            db,
            manager,
            review,
            {item: AnswerInput(value=SMALL_COUNTS[-1]) for item in PEOPLE_ITEMS},
        )
    after = outputs()
    assert before[:-1] == after[:-1]
    # The export lists the amended revisions' answers: the values read [c] as before.
    assert {row["value_number"] for row in after[-1] if row["item_id"] in PEOPLE_ITEMS} >= {"[c]"}


@pytest.mark.parametrize("role", [Role.REGULATOR, Role.INSPECTOR, Role.SERVICE_MANAGER])
def test_readers_outside_the_place_never_see_a_small_count(
    client: FlaskClient, db: Session, data: FrontDoorData, role: Role
) -> None:
    review = housing(data)[0]
    other_place = data.places["E08000010"]
    reader = create_user(
        db, role=role, places=[other_place] if role is Role.SERVICE_MANAGER else None
    )
    assert review.current_revision is not None
    shown = {s.item.id: s for s in show_answers(reader, review, review.current_revision)}
    for item in PEOPLE_ITEMS:
        assert shown[item].summary is None and shown[item].withheld

    api = client.get(f"/api/v1/reviews/{review.id}", headers=bearer(db, reader))
    assert api.status_code == 200, api.data[:300]
    answers = api.json["revisions"][-1]["answers"]
    for item in PEOPLE_ITEMS:
        assert answers[item] == {"withheld": True, "consent": None}

    sign_in(client, reader)
    page = client.get(f"/reviews/{review.id}")
    assert page.status_code == 200
    assert "withheld so that nobody can be identified" in page.get_data(as_text=True)


def test_the_place_itself_and_administrators_see_their_figures(
    client: FlaskClient, db: Session, data: FrontDoorData
) -> None:
    review = housing(data)[0]
    assert review.current_revision is not None
    for reader in (data.managers[BLACKPOOL], create_user(db, role=Role.ADMIN)):
        shown = {s.item.id: s for s in show_answers(reader, review, review.current_revision)}
        for item in PEOPLE_ITEMS:
            assert shown[item].withheld is None
            assert int(shown[item].summary.split()[0]) in SMALL_COUNTS  # type: ignore[union-attr]
        api = client.get(f"/api/v1/reviews/{review.id}", headers=bearer(db, reader))
        answers = api.json["revisions"][-1]["answers"]
        assert {answers[item]["number"] for item in PEOPLE_ITEMS} <= set(SMALL_COUNTS)


def test_revision_differences_show_no_change_a_reader_may_not_see(
    client: FlaskClient, db: Session, data: FrontDoorData
) -> None:
    from outcomes.reviews.reading import compare_revisions

    review = housing(data)[0]
    amend_review(db, data.managers[BLACKPOOL], review, {"people_supported": AnswerInput(value=1)})
    old, new = review.revisions[-2], review.revisions[-1]
    assert data.regulator is not None
    changes = compare_revisions(data.regulator, review, old, new)
    assert "people_supported" not in {change.item.id for change in changes}
    own = compare_revisions(data.managers[BLACKPOOL], review, old, new)
    before = old.answers
    changed = {c.item.id for c in own}
    original = next(a.value_number for a in before if a.item_id == "people_supported")
    assert ("people_supported" in changed) == (original != 1)
