"""National asks count and name places as they are now (``outcomes.places.identity``).

Five of the districts that became North Yorkshire (E06000065) on 1 April 2023, and North
Yorkshire itself, cite the same barrier for the quarter before the change; so does
Gateshead (E08000037, the current code). That is seven filing places but two places over
time: every national output counts two, names North Yorkshire and never a former
district, and withholds the count of two from those who see small counts withheld.

Reviews are filed through the services the form and the API call (``tests/frontdoor.py``).
"""

from __future__ import annotations

import io
import random
import re
import zipfile
from dataclasses import dataclass
from datetime import date

import pandas as pd
import pytest
from factories import create_user, sign_in
from flask.testing import FlaskClient
from frontdoor import FRAMEWORK, bearer, file_review, varied_answers
from national_data import DEADLINE, RULE, load_register
from sqlalchemy.orm import Session

from outcomes.accounts.access import OPERATOR
from outcomes.accounts.models import Role, User
from outcomes.disclosure import DisclosureRule
from outcomes.exports.operations import export_dataset
from outcomes.exports.query import ExportFormat, ExportQuery
from outcomes.frameworks.definition import BarriersItem
from outcomes.frameworks.models import FrameworkVersion
from outcomes.frameworks.store import get_framework
from outcomes.imports.importing import pinned_for
from outcomes.national.access import PUBLIC
from outcomes.national.asks import AskKey, cited_asks, get_ask, national_asks
from outcomes.national.models import NationalResponder
from outcomes.national.register import get_body
from outcomes.places.operations import get_place
from outcomes.reviews.answers import AnswerInput
from outcomes.reviews.models import ConsentScope
from outcomes.scope import ReviewScope
from outcomes.services.operations import create_service

NORTH_YORKSHIRE, GATESHEAD = "E06000065", "E08000037"
# Harrogate, Craven, Hambleton, Richmondshire and Selby: part of North Yorkshire since 2023
DISTRICTS = ("E07000165", "E07000163", "E07000164", "E07000166", "E07000169")
FORMER_NAMES = ("Harrogate", "Craven", "Hambleton", "Richmondshire", "Selby")
Q1_2023 = (date(2023, 1, 1), date(2023, 3, 31))
KEY = AskKey("devolution", *Q1_2023)
URL = "national-asks/devolution/2023-01-01/2023-03-31"
TODAY = date(2023, 12, 1)


@dataclass
class Cited:
    regulator: User
    responder: User


def _cite(db: Session, code: str, number: int) -> None:
    """A service of the place, and a review of it citing devolution, filed by its manager."""
    place = get_place(db, code)
    manager = create_user(db, places=[place])
    service = create_service(
        db, OPERATOR, place, name=f"Early help team {number}", service_area="early_help"
    )
    definition = pinned_for(db, get_framework(db, FRAMEWORK), place)
    answers = varied_answers(random.Random(number), definition)
    for item in definition.items:
        if isinstance(item, BarriersItem):
            answers[item.id] = AnswerInput(
                asks={"devolution": f"Let us pool budgets ({number})"},
                consent=ConsentScope.PUBLIC.value,
            )
    file_review(db, manager, service, Q1_2023, answers)


@pytest.fixture
def cited(db: Session, frameworks: dict[str, FrameworkVersion]) -> Cited:
    load_register(db)
    for number, code in enumerate((*DISTRICTS, NORTH_YORKSHIRE, GATESHEAD)):
        _cite(db, code, number)
    responder = create_user(db, role=Role.NATIONAL_RESPONDER)
    db.add(NationalResponder(user_id=responder.id, body_id=get_body(db, "mhclg").id))
    db.flush()
    return Cited(create_user(db, role=Role.REGULATOR), responder)


def test_the_ask_counts_places_over_time_and_names_them_as_now(db: Session, cited: Cited) -> None:
    ask = get_ask(db, cited.regulator, KEY, rule=RULE, deadline=DEADLINE, today=TODAY)
    assert (ask.places, ask.reviews) == (2, 7)
    listed = national_asks(db, cited.regulator, rule=RULE, deadline=DEADLINE, today=TODAY)
    assert [(a.key, a.places) for a in listed if a.key == KEY] == [(KEY, 2)]
    named = {(c.place, c.place_code) for c in cited_asks(db, cited.regulator, KEY)}
    assert named == {("North Yorkshire", NORTH_YORKSHIRE), ("Gateshead", GATESHEAD)}
    assert len(cited_asks(db, PUBLIC, KEY)) == 7  # every ask, each under its place now


def test_a_count_of_two_places_is_withheld_though_seven_codes_filed(
    db: Session, cited: Cited
) -> None:
    assert RULE.threshold > 2 and RULE.threshold <= len(DISTRICTS) + 2
    for reader in (cited.responder, PUBLIC):
        ask = get_ask(db, reader, KEY, rule=RULE, deadline=DEADLINE, today=TODAY)  # type: ignore[arg-type]
        assert (ask.places, ask.reviews) == (None, 7)


def _shows_only_current_names(page: str) -> None:
    assert f"North Yorkshire ({NORTH_YORKSHIRE})" in page
    assert f"Gateshead ({GATESHEAD})" in page
    for name in FORMER_NAMES:
        assert name not in page
    for code in DISTRICTS:
        assert code not in page


def test_the_page_counts_one_place_for_north_yorkshire(
    client: FlaskClient, db: Session, cited: Cited
) -> None:
    sign_in(client, cited.regulator)
    page = client.get(f"/{URL}").get_data(as_text=True)
    _shows_only_current_names(page)
    places = re.search(r"Places citing it\s*</dt>\s*<dd[^>]*>\s*(\S+)\s*</dd>", page)
    assert places is not None and places.group(1) == "2"
    public = client.get("/answers-from-the-centre?period=2023-01-01_2023-03-31")
    assert public.status_code == 200
    for name in FORMER_NAMES:
        assert name not in public.get_data(as_text=True)


def test_the_api_counts_one_place_for_north_yorkshire(
    client: FlaskClient, db: Session, cited: Cited
) -> None:
    auth = bearer(db, cited.regulator)
    listed = client.get("/api/v1/national-asks", headers=auth).get_json()
    assert [a["places"] for a in listed["items"] if a["barrier"] == "devolution"] == [2]
    one = client.get(f"/api/v1/{URL}", headers=auth).get_json()
    assert (one["places"], one["reviews"]) == (2, 7)
    assert {(a["place"], a["place_code"]) for a in one["asks"]} == {
        ("North Yorkshire", NORTH_YORKSHIRE),
        ("Gateshead", GATESHEAD),
    }


def test_the_exports_national_table_counts_places_over_time(db: Session, cited: Cited) -> None:
    out = io.BytesIO()
    export_dataset(
        db,
        create_user(db, role=Role.INSPECTOR),
        ExportQuery(ReviewScope(framework=FRAMEWORK)),
        ExportFormat.DATAPACKAGE,
        out,
        rule=DisclosureRule(),
    )
    with zipfile.ZipFile(io.BytesIO(out.getvalue())) as package:
        asks = pd.read_csv(package.open("national_asks.csv"), dtype=str)
    row = asks[(asks.barrier_id == "devolution") & (asks.period_start == "2023-01-01")]
    assert row[["places", "reviews"]].values.tolist() == [["2", "7"]]
