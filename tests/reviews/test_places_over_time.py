"""The same place over time, with real history from the shipped ONS lists.

Gateshead was recoded (E08000020 became E08000037 on 1 April 2013); Harrogate and
Craven were two of the districts that became North Yorkshire (E06000065) on 1 April
2023. The reviews are filed through the services a service manager uses: services
added, reviews started, answered and submitted, and spreadsheets imported.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from dataclasses import dataclass
from datetime import date

import pytest
from factories import create_user, sign_in
from flask.testing import FlaskClient
from reviewing import answers_for, file_review, fill
from sqlalchemy.orm import Session

from outcomes.accounts.access import OPERATOR
from outcomes.accounts.models import Role, User
from outcomes.disclosure import DisclosureRule
from outcomes.errors import InvalidInput, PermissionDenied
from outcomes.exports.operations import export_dataset
from outcomes.exports.query import ExportFormat, ExportQuery
from outcomes.frameworks.models import Framework, FrameworkVersion
from outcomes.frameworks.store import get_framework
from outcomes.imports.importing import ImportRejected, import_reviews, pinned_for
from outcomes.imports.template import template_csv
from outcomes.places.identity import Succession, moved_notice
from outcomes.places.models import Place, PlaceKind
from outcomes.places.operations import get_place
from outcomes.reports.build import build_report
from outcomes.reports.spec import ReportSpec
from outcomes.reviews.access import Action, may
from outcomes.reviews.answers import AnswerInput
from outcomes.reviews.filing import start_review
from outcomes.reviews.listing import ReviewFilters, list_reviews
from outcomes.reviews.models import ConsentScope, Review
from outcomes.reviews.pinned import PinnedDefinition
from outcomes.reviews.search import search_answers
from outcomes.reviews.submission import submit
from outcomes.scope import PlaceSelection, ReviewScope, place_ids
from outcomes.services.models import Service
from outcomes.services.operations import create_service

GATESHEAD_OLD, GATESHEAD = "E08000020", "E08000037"
HARROGATE, CRAVEN, NORTH_YORKSHIRE = "E07000165", "E07000163", "E06000065"
Q2_2012 = (date(2012, 4, 1), date(2012, 6, 30))
Q2_2021 = (date(2021, 4, 1), date(2021, 6, 30))
Q2_2022 = (date(2022, 4, 1), date(2022, 6, 30))
Q1_2023 = (date(2023, 1, 1), date(2023, 3, 31))
Q2_2023 = (date(2023, 4, 1), date(2023, 6, 30))
Q2_2024 = (date(2024, 4, 1), date(2024, 6, 30))
STORY = "Neighbourhood teams kept families together through the winter"


@dataclass
class History:
    framework: Framework
    places: dict[str, Place]
    services: dict[str, Service]
    managers: dict[str, User]  # by the code of the place they work for
    reviews: dict[str, Review]  # by a short name
    regulator: User


def _story(text: str) -> dict[str, AnswerInput]:
    # Told to the place only: readable by the place's managers (and admins), no one else.
    return {"story_of_change": AnswerInput(value=text, consent=ConsentScope.PLACE)}


@pytest.fixture
def history(db: Session, frameworks: dict[str, FrameworkVersion]) -> History:
    framework = get_framework(db, "public-service-reform")
    places = {
        code: get_place(db, code)
        for code in (GATESHEAD_OLD, GATESHEAD, HARROGATE, CRAVEN, NORTH_YORKSHIRE)
    }
    managers = {code: create_user(db, places=[place]) for code, place in places.items()}
    services = {
        code: create_service(
            db, OPERATOR, place, name=f"Early help, {place.name}", service_area="early_help"
        )
        for code, place in places.items()
    }
    reviews = {
        # Backfilled history: each review under the code in use for its period.
        "gateshead 2012": file_review(
            db,
            managers[GATESHEAD_OLD],
            services[GATESHEAD_OLD],
            framework,
            Q2_2012,
            **_story(f"{STORY} in old Gateshead."),
        ),
        "gateshead 2024": file_review(
            db, managers[GATESHEAD], services[GATESHEAD], framework, Q2_2024
        ),
        "harrogate 2022": file_review(
            db,
            managers[HARROGATE],
            services[HARROGATE],
            framework,
            Q2_2022,
            **_story(f"{STORY} in Harrogate."),
        ),
        "craven 2022": file_review(db, managers[CRAVEN], services[CRAVEN], framework, Q2_2022),
        "north yorkshire 2024": file_review(
            db,
            managers[NORTH_YORKSHIRE],
            services[NORTH_YORKSHIRE],
            framework,
            Q2_2024,
            **_story(f"{STORY} in North Yorkshire."),
        ),
    }
    # A draft Craven started before the merger and never finished.
    draft = start_review(
        db,
        managers[CRAVEN],
        services[CRAVEN],
        framework,
        period_start=Q1_2023[0],
        period_end=Q1_2023[1],
    )
    reviews["craven draft"] = draft
    return History(
        framework,
        places,
        services,
        managers,
        reviews,
        create_user(db, role=Role.REGULATOR),
    )


# The data file and the import


def test_the_dated_changes_are_imported_with_their_successors(shipped_places: Session) -> None:
    old, new = get_place(shipped_places, GATESHEAD_OLD), get_place(shipped_places, GATESHEAD)
    assert (old.superseded_by, old.valid_to, new.valid_from) == (
        new,
        date(2013, 3, 31),
        date(2013, 4, 1),
    )
    for code in (HARROGATE, CRAVEN):
        district = get_place(shipped_places, code)
        assert district.superseded_by.code == NORTH_YORKSHIRE
        assert district.valid_to == date(2023, 3, 31)
    # Through an intermediate council: Taunton Deane → Somerset West and Taunton → Somerset.
    taunton = get_place(shipped_places, "E07000190")
    assert taunton.superseded_by.code == "E07000246"
    assert taunton.superseded_by.superseded_by.code == "E06000066"
    assert get_place(shipped_places, "E06000061").valid_from == date(2021, 4, 1)


# Filing: the code in use for the period


def test_later_periods_go_to_the_successor(db: Session, history: History) -> None:
    harrogate = history.services[HARROGATE]
    with pytest.raises(InvalidInput) as raised:
        start_review(
            db,
            history.managers[HARROGATE],
            harrogate,
            history.framework,
            period_start=Q2_2023[0],
            period_end=Q2_2023[1],
        )
    assert str(raised.value) == (
        "Harrogate (E07000165) became part of North Yorkshire (E06000065) on 1 April 2023, "
        "so it takes reviews of periods that ended by 31 March 2023 only. File this review "
        "under North Yorkshire (E06000065)."
    )
    with pytest.raises(InvalidInput, match=r"Gateshead with the new code E08000037 on 1 April"):
        start_review(
            db,
            history.managers[GATESHEAD],
            history.services[GATESHEAD_OLD],
            history.framework,
            period_start=Q2_2024[0],
            period_end=Q2_2024[1],
        )


def test_an_import_backfills_history_and_refuses_later_periods(
    db: Session, history: History
) -> None:
    manager = history.managers[NORTH_YORKSHIRE]
    harrogate = history.places[HARROGATE]
    rows = list(csv.reader(io.StringIO(template_csv(_pinned(db, history, harrogate)))))
    header = rows[0]
    service = history.services[HARROGATE].name

    def upload(period: tuple[date, date]) -> bytes:
        review = history.reviews["harrogate 2022"]
        values = {
            item: answer.value or ";".join(answer.choices or [])
            for section in answers_for(review).values()
            for item, answer in section.items()
        }
        values |= {
            f"{item}:consent": answer.consent.value
            for section in answers_for(review).values()
            for item, answer in section.items()
            if answer.consent is not None
        }
        values |= {
            "service": service,
            "period_start": period[0].isoformat(),
            "period_end": period[1].isoformat(),
        }
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerow([values.get(column, "") for column in header])
        return out.getvalue().encode()

    # North Yorkshire's manager imports Harrogate's 2021 reviews under Harrogate's code.
    (imported,) = import_reviews(
        db,
        manager,
        harrogate,
        history.framework,
        "h.csv",
        upload((date(2021, 4, 1), date(2021, 6, 30))),
    )
    assert imported.service.place == harrogate
    with pytest.raises(ImportRejected) as raised:
        import_reviews(db, manager, harrogate, history.framework, "h.csv", upload(Q2_2024))
    (problem,) = raised.value.problems
    assert (problem.row, problem.column) == (2, "period_end")
    assert "File this review under North Yorkshire (E06000065)" in problem.message


def _pinned(db: Session, history: History, place: Place) -> PinnedDefinition:
    return pinned_for(db, history.framework, place)


# Choosing a place by any of its codes


@pytest.mark.parametrize("code", [NORTH_YORKSHIRE, HARROGATE, CRAVEN])
def test_any_code_chooses_the_whole_place_over_time(
    db: Session, history: History, code: str
) -> None:
    chosen = place_ids(db, PlaceSelection(codes=(code,)))
    assert chosen is not None
    codes = {place.code for place in db.query(Place).filter(Place.id.in_(chosen))}
    # North Yorkshire and all seven districts that became it.
    assert len(codes) == 8 and {NORTH_YORKSHIRE, HARROGATE, CRAVEN} <= codes

    listed = list_reviews(db, history.regulator, ReviewFilters(PlaceSelection(codes=(code,))))
    assert {r.id for r in listed.items} == {
        history.reviews[name].id
        for name in ("harrogate 2022", "craven 2022", "north yorkshire 2024")
    }


@pytest.mark.parametrize("code", [GATESHEAD, GATESHEAD_OLD])
def test_either_gateshead_code_lists_both(db: Session, history: History, code: str) -> None:
    listed = list_reviews(db, history.regulator, ReviewFilters(PlaceSelection(codes=(code,))))
    assert {r.id for r in listed.items} == {
        history.reviews["gateshead 2012"].id,
        history.reviews["gateshead 2024"].id,
    }


def test_a_kind_or_region_chooses_places_as_they_are_now(db: Session, history: History) -> None:
    unitaries = place_ids(db, PlaceSelection(within="E12000003", kind=PlaceKind.UNITARY))
    assert unitaries is not None
    assert {history.places[code].id for code in (NORTH_YORKSHIRE, HARROGATE, CRAVEN)} <= unitaries
    districts = place_ids(db, PlaceSelection(within="E12000003", kind=PlaceKind.DISTRICT))
    assert districts is not None and history.places[HARROGATE].id not in districts


# Reports: one row, named and coded as now


@pytest.mark.parametrize("code", [NORTH_YORKSHIRE, CRAVEN])
def test_a_report_shows_one_row_and_says_what_it_includes(
    db: Session, history: History, code: str
) -> None:
    scope = ReviewScope("public-service-reform", places=PlaceSelection(codes=(code, GATESHEAD_OLD)))
    report = build_report(db, history.regulator, ReportSpec(scope))

    assert set(report.principles.place_code) == {NORTH_YORKSHIRE, GATESHEAD}
    relational = report.principles[report.principles.item == "relational"]
    answers = dict(zip(relational.place_code, relational.answers, strict=True))
    assert answers == {NORTH_YORKSHIRE: 3, GATESHEAD: 2}
    assert set(relational.place) == {"North Yorkshire", "Gateshead"}
    assert report.context.former_places == {
        GATESHEAD: "Includes reviews filed by Gateshead (E08000020) before April 2013.",
        NORTH_YORKSHIRE: (
            "Includes reviews filed by Craven (E07000163) and Harrogate (E07000165) "
            "before April 2023."
        ),
    }
    assert report.context.as_dict()["places_over_time"] == report.context.former_places


def test_a_report_page_follows_a_former_code_as_the_place_it_became(
    history: History, client: FlaskClient
) -> None:
    # A bookmark from before the merger follows Gateshead as it is now, as the API does;
    # the place list shows it chosen. Refused before, as not one of the options.
    sign_in(client, history.regulator)
    query = "/reports/?framework=public-service-reform&focus_place="
    page = client.get(query + GATESHEAD_OLD).get_data(as_text=True)
    assert "Choose one of the options" not in page
    assert f'<option value="{GATESHEAD}" selected>' in page
    assert '<h3 class="govuk-heading-m" id="followed-place">Gateshead</h3>' in page


# Exports: the code filed under, and the code now


def test_an_export_keeps_the_code_filed_under_and_adds_the_current_one(
    db: Session, history: History
) -> None:
    scope = ReviewScope(
        "public-service-reform", places=PlaceSelection(codes=(HARROGATE, GATESHEAD))
    )
    out = io.BytesIO()
    inspector = create_user(db, role=Role.INSPECTOR)
    export_dataset(
        db, inspector, ExportQuery(scope), ExportFormat.DATAPACKAGE, out, rule=DisclosureRule()
    )
    with zipfile.ZipFile(out) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    name = next(n for n in files if n.endswith("reviews.csv"))
    rows = list(csv.DictReader(io.StringIO(files[name].decode("utf-8-sig"))))
    pairs = {(row["place_code"], row["current_place_code"]) for row in rows}
    assert pairs == {
        (GATESHEAD_OLD, GATESHEAD),
        (GATESHEAD, GATESHEAD),
        (HARROGATE, NORTH_YORKSHIRE),
        (CRAVEN, NORTH_YORKSHIRE),
        (NORTH_YORKSHIRE, NORTH_YORKSHIRE),
    }
    places_name = next(n for n in files if n.endswith("places.csv"))
    listed = {
        row["place_code"]: row
        for row in csv.DictReader(io.StringIO(files[places_name].decode("utf-8-sig")))
    }
    assert listed[HARROGATE]["superseded_by_code"] == NORTH_YORKSHIRE
    assert listed[HARROGATE]["valid_to"] == "2023-03-31"
    fields = {
        field["name"]: field["description"]
        for resource in json.loads(files["datapackage.json"])["resources"]
        if resource["name"] == "reviews"
        for field in resource["schema"]["fields"]
    }
    assert "filed under" in fields["place_code"]
    assert "follow a place over time" in fields["current_place_code"]


# Access: current managers act for what their predecessors filed


def test_current_managers_act_on_their_predecessors_reviews(db: Session, history: History) -> None:
    north_yorkshire = history.managers[NORTH_YORKSHIRE]
    harrogate_review = history.reviews["harrogate 2022"]
    draft = history.reviews["craven draft"]
    assert may(Action.AMEND, north_yorkshire, harrogate_review)
    assert may(Action.READ_DRAFT, north_yorkshire, draft)
    # North Yorkshire finishes the draft Craven left.
    fill(db, north_yorkshire, draft)
    submit(db, north_yorkshire, draft, lock_version=draft.lock_version)
    assert draft.current_revision is not None

    # A former district's manager keeps their own reviews, not their neighbours'.
    harrogate = history.managers[HARROGATE]
    assert may(Action.AMEND, harrogate, harrogate_review)
    assert not may(Action.AMEND, harrogate, history.reviews["craven 2022"])
    assert not may(Action.AMEND, harrogate, history.reviews["north yorkshire 2024"])

    gateshead = history.managers[GATESHEAD]
    assert may(Action.AMEND, gateshead, history.reviews["gateshead 2012"])
    with pytest.raises(PermissionDenied):
        start_review(
            db,
            history.managers[CRAVEN],
            history.services[HARROGATE],
            history.framework,
            period_start=Q2_2022[0],
            period_end=date(2022, 5, 31),
        )


def test_stories_told_to_the_place_are_read_and_found_over_time(
    db: Session, history: History
) -> None:
    def found(actor: User) -> set[str]:
        page = search_answers(db, actor, "neighbourhood winter", per_page=50)
        return {hit.review.service.place.code for hit in page.items}

    assert found(history.managers[NORTH_YORKSHIRE]) == {NORTH_YORKSHIRE, HARROGATE}
    assert found(history.managers[GATESHEAD]) == {GATESHEAD_OLD}
    assert found(history.managers[HARROGATE]) == {HARROGATE}
    assert found(history.regulator) == set()


def test_managers_of_a_former_place_are_told_where_it_went(
    db: Session, history: History, client: FlaskClient
) -> None:
    harrogate = history.places[HARROGATE]
    assert moved_notice(harrogate) == (
        "Harrogate (E07000165) became part of North Yorkshire (E06000065) on 1 April 2023. "
        "Its reviews are read as North Yorkshire's (E06000065). New reviews of later periods "
        "are filed under North Yorkshire: ask an administrator to add it to your account."
    )
    assert moved_notice(history.places[NORTH_YORKSHIRE]) is None
    sign_in(client, history.managers[HARROGATE])
    page = client.get("/").get_data(as_text=True)
    assert "became part of North Yorkshire (E06000065) on 1 April 2023" in page


def test_the_pages_and_the_api_follow_the_place_over_time(
    db: Session, history: History, client: FlaskClient
) -> None:
    sign_in(client, history.managers[NORTH_YORKSHIRE])
    page = client.get(f"/reviews/?place={HARROGATE}").get_data(as_text=True)
    for name in ("harrogate 2022", "craven 2022", "north yorkshire 2024"):
        assert f"/reviews/{history.reviews[name].id}" in page
    assert f'/reviews/{history.reviews["gateshead 2024"].id}"' not in page

    services = client.get(f"/api/v1/services?place={CRAVEN}", headers=_bearer(db, client))
    assert services.status_code == 200
    assert {s["place"]["code"] for s in services.json["items"]} == {
        NORTH_YORKSHIRE,
        HARROGATE,
        CRAVEN,
    }


def _bearer(db: Session, client: FlaskClient) -> dict[str, str]:
    from outcomes.accounts.tokens import TokenScope, create_token

    user = create_user(db, role=Role.REGULATOR)
    _, secret = create_token(db, user, name="test", scope=TokenScope.READ)
    return {"Authorization": f"Bearer {secret}"}


def test_the_succession_reads_every_step(db: Session, history: History) -> None:
    succession = Succession.read(db)
    taunton = get_place(db, "E07000190")
    somerset = get_place(db, "E06000066")
    assert succession.current(taunton.id) == somerset.id
    assert taunton.id in succession.over_time([somerset.id])
