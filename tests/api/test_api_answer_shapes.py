"""Answers through the API's PATCH: every shape an item takes is applied as the pages
apply it, and a field an item does not take is refused by name, never dropped unseen."""

from __future__ import annotations

import re
from typing import Any

import pytest
from factories import create_service, create_user
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from outcomes.accounts.tokens import TokenScope
from outcomes.frameworks.models import FrameworkVersion
from outcomes.places.operations import get_place

API = "/api/v1"


class Draft:
    """A draft review of Wigan's, changed through the API with its ETag kept up to date."""

    def __init__(self, api: FlaskClient, headers: dict[str, str], review_id: int, etag: str):
        self.api, self.headers, self.id, self.etag = api, headers, review_id, etag

    def patch(self, answers: dict[str, Any]) -> Any:
        response = self.api.patch(
            f"{API}/reviews/{self.id}",
            headers=self.headers | {"If-Match": self.etag},
            json={"answers": answers},
        )
        self.etag = response.headers.get("ETag", self.etag)
        return response

    def answers(self) -> dict[str, Any]:
        read = self.api.get(f"{API}/reviews/{self.id}", headers=self.headers)
        return read.json["revisions"][-1]["answers"]


@pytest.fixture
def draft(api: FlaskClient, token_for, db: Session, frameworks: dict[str, FrameworkVersion]):  # type: ignore[no-untyped-def]
    place = get_place(db, "E08000010")
    service = create_service(db, place=place, name="Family hubs")
    headers = token_for(create_user(db, places=[place]), scope=TokenScope.WRITE)
    created = api.post(
        f"{API}/reviews",
        headers=headers,
        json={"service_id": service.id, "framework": "public-service-reform"},
    )
    assert created.status_code == 201, created.json
    return Draft(api, headers, created.json["id"], created.headers["ETag"])


def test_barriers_chosen_as_choices_are_cited_as_the_barriers_page_cites_them(
    draft: Draft,
) -> None:
    kept = draft.patch({"national_barriers": {"asks": {"devolution": "Let us decide locally."}}})
    assert kept.status_code == 200, kept.json

    changed = draft.patch(
        {"national_barriers": {"choices": ["workforce", "devolution"], "consent": "public"}}
    )

    assert changed.status_code == 200, changed.json
    # Chosen without an ask, as on the page when a box is ticked and its ask left empty.
    assert draft.answers()["national_barriers"] == {
        "asks": {"devolution": "", "workforce": ""},
        "consent": "public",
    }


def test_barriers_chosen_with_asks_keep_each_ask(draft: Draft) -> None:
    changed = draft.patch(
        {
            "national_barriers": {
                "choices": ["workforce"],
                "asks": {"multi_year_funding": "Settle funding for three years."},
            }
        }
    )

    assert changed.status_code == 200, changed.json
    assert draft.answers()["national_barriers"]["asks"] == {
        "multi_year_funding": "Settle funding for three years.",
        "workforce": "",
    }


def test_an_unknown_barrier_among_the_choices_is_refused(draft: Draft) -> None:
    refused = draft.patch({"national_barriers": {"choices": ["no_such_barrier"]}})

    assert refused.status_code == 422
    assert refused.json["errors"][0]["field"] == "national_barriers"
    assert "barriers shown" in refused.json["errors"][0]["message"]


@pytest.mark.parametrize(
    ("item_id", "answer", "field"),
    [
        ("national_barriers", {"value": "devolution"}, "value"),
        ("partners", {"value": "nhs"}, "value"),
        ("relational", {"value": 2, "choices": ["2"]}, "choices"),
        ("what_we_tried", {"value": "Key workers", "asks": {"devolution": "x"}}, "asks"),
        ("people_supported", {"value": 12, "consent": "public"}, "consent"),
    ],
)
def test_a_field_the_item_does_not_take_is_refused_and_nothing_is_lost(
    draft: Draft, item_id: str, answer: dict[str, Any], field: str
) -> None:
    kept = draft.patch({"national_barriers": {"asks": {"devolution": "Let us decide."}}})
    assert kept.status_code == 200, kept.json

    refused = draft.patch({item_id: answer})

    assert refused.status_code == 422, refused.json
    assert refused.json["errors"][0]["field"] == item_id
    assert field in refused.json["errors"][0]["message"]
    assert draft.answers()["national_barriers"]["asks"] == {"devolution": "Let us decide."}


FIRST_ANSWERS = {
    "relational": {"value": 2},
    "people_supported": {"value": 40},
    "what_we_tried": {"value": "Key workers for every family."},
    "story_of_change": {"value": "A family kept their home.", "consent": "regulators"},
    "lived_experience": {"value": "informed"},
    "partners": {"choices": ["nhs"]},
    "national_barriers": {"asks": {"workforce": "Fund training."}, "consent": "regulators"},
}


def test_answers_read_back_can_be_changed_and_sent_again_as_they_were_read(
    draft: Draft,
) -> None:
    assert draft.patch(FIRST_ANSWERS).status_code == 200
    read = draft.answers()
    assert read["relational"] == {"level": 2} and read["lived_experience"] == {
        "choices": ["informed"]
    }

    changed = draft.patch({**read, "relational": {"level": 3}, "people_supported": {"number": 41}})

    assert changed.status_code == 200, changed.json
    assert draft.answers() == {
        **read,
        "relational": {"level": 3},
        "people_supported": {"number": 41},
    }


@pytest.mark.parametrize(
    ("item_id", "answer"),
    [
        ("relational", {"value": 2, "level": 3}),
        ("people_supported", {"number": 4, "text": "4"}),
        ("lived_experience", {"choices": ["informed", "consulted"]}),
    ],
)
def test_an_answer_given_twice_over_is_refused_by_name(
    draft: Draft, item_id: str, answer: dict[str, Any]
) -> None:
    refused = draft.patch({item_id: answer})

    assert refused.status_code == 422, refused.json
    assert refused.json["errors"][0]["field"].endswith(item_id)
    assert draft.answers() == {}


def test_a_change_from_a_stale_version_is_refused_in_api_words(draft: Draft) -> None:
    read_etag = draft.etag
    assert draft.patch({"relational": {"level": 2}}).status_code == 200
    draft.etag = read_etag

    stale = draft.patch({"relational": {"level": 3}})

    assert stale.status_code == 409 and stale.content_type == "application/problem+json"
    detail = stale.json["detail"]
    assert "GET it again" in detail and "If-Match" in detail
    assert "tab" not in detail and "page" not in detail
    current = draft.api.get(f"{API}/reviews/{draft.id}", headers=draft.headers)
    assert stale.json["current_version"] == current.json["version_tag"]
    assert f"now version {current.json['version_tag']}" in detail
    assert draft.answers()["relational"] == {"level": 2}


NOT_A_NUMBER = "People supported must be a number, like 12"
NOT_WHOLE = "People supported must be a whole number, like 12"


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ("1e3", NOT_A_NUMBER),
        ("+12", NOT_A_NUMBER),
        ("١٢", NOT_A_NUMBER),  # Arabic-Indic digits
        ("１２", NOT_A_NUMBER),  # full-width digits
        ("1_000", NOT_A_NUMBER),
        ("1 2", NOT_A_NUMBER),
        ("1,00", NOT_A_NUMBER),
        ("12.5", NOT_WHOLE),
        (12.5, NOT_WHOLE),
        ("-3", "People supported must be between 0 and 10,000,000"),
        (10**30, "People supported must be between 0 and 10,000,000"),
        ("9" * 5000, "People supported must be between 0 and 10,000,000"),
    ],
)
def test_a_number_not_written_in_plain_digits_is_refused(
    draft: Draft, given: object, message: str
) -> None:
    refused = draft.patch({"people_supported": {"value": given}})

    assert refused.status_code == 422, refused.json
    assert refused.json["errors"] == [{"field": "people_supported", "message": message}]
    assert draft.answers() == {}


@pytest.mark.parametrize(
    ("item_id", "given", "saved"),
    [
        ("people_supported", 12, 12),
        ("people_supported", "12", 12),
        ("people_supported", " 1,240 ", 1240),
        # JSON writes a whole number as 1000, 1000.0 or 1e3 alike.
        ("people_supported", 1e3, 1000),
        ("people_supported", 12.0, 12),
        ("weeks_to_help", "2.5", 2.5),
        ("weeks_to_help", 2.5, 2.5),
        ("weeks_to_help", "1,000.5", 1000.5),
    ],
)
def test_numbers_in_plain_digits_are_taken(
    draft: Draft, item_id: str, given: object, saved: float
) -> None:
    assert draft.patch({item_id: {"value": given}}).status_code == 200

    assert draft.answers()[item_id] == {"number": saved}


# Any JSON at all, under the names an answer takes and some it does not.
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=6,
)
FIELDS = ["value", "text", "number", "level", "choices", "asks", "consent", "personal_details"]
ANSWER = st.dictionaries(st.sampled_from([*FIELDS, "withheld"]), JSON, max_size=3) | JSON
# One item of each kind, and one that no version has.
ITEMS = [
    "relational",
    "people_supported",
    "weeks_to_help",
    "what_we_tried",
    "story_of_change",
    "lived_experience",
    "partners",
    "national_barriers",
    "no_such_item",
]


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(item_id=st.sampled_from(ITEMS), answer=ANSWER)
def test_no_answer_of_any_shape_gets_a_500(draft: Draft, item_id: str, answer: object) -> None:
    response = draft.patch({item_id: answer})

    assert response.status_code in (200, 422), response.json
    if response.status_code == 422:
        assert response.json["errors"][0]["message"]


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(written=st.text(alphabet="0123456789,.-+e _١٢３", max_size=12) | st.text(max_size=12))
def test_a_number_is_taken_only_as_plain_digits(draft: Draft, written: str) -> None:
    response = draft.patch({"weeks_to_help": {"value": written}})

    assert response.status_code in (200, 422), response.json
    if response.status_code == 200 and written.strip():
        # ASCII digits, commas only between groups of three, a decimal part if any.
        assert re.fullmatch(r"-?([0-9]{1,3}(,[0-9]{3})+|[0-9]+)(\.[0-9]+)?", written.strip())
        plain = float(written.strip().replace(",", ""))
        assert draft.answers()["weeks_to_help"] == {"number": plain}
