from __future__ import annotations

from factories import create_place, create_user, sign_in
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from outcomes.accounts.models import Role
from outcomes.places.operations import get_place
from outcomes.services.operations import services_for_place


def test_search_finds_current_and_former_codes(
    client: FlaskClient, shipped_places: Session
) -> None:
    sign_in(client, create_user(shipped_places, role=Role.REGULATOR))
    page = client.get("/places/?q=Gateshead").get_data(as_text=True)
    assert "2 places found for ‘Gateshead’" in page
    assert "E08000020" in page and "Former code" in page


def test_search_output_is_escaped(client: FlaskClient, db: Session) -> None:
    sign_in(client, create_user(db, role=Role.REGULATOR))
    page = client.get("/places/?q=<script>alert(1)</script>").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page


def test_a_place_page_shows_parents_children_history_and_services(
    client: FlaskClient, shipped_places: Session
) -> None:
    sign_in(client, create_user(shipped_places, role=Role.INSPECTOR))
    page = client.get("/places/E08000037").get_data(as_text=True)
    assert "Metropolitan district" in page
    assert "North East" in page  # its combined authority, in the breadcrumbs
    assert "E08000020</a> (Gateshead) was replaced by E08000037" in page
    county = client.get("/places/E10000015").get_data(as_text=True)
    assert "Places within Hertfordshire" in county and "St Albans" in county
    former = client.get("/places/e08000020").get_data(as_text=True)
    assert "This is a former code" in former


def test_an_unknown_place_is_a_friendly_404(client: FlaskClient, db: Session) -> None:
    sign_in(client, create_user(db, role=Role.REGULATOR))
    response = client.get("/places/E99999999")
    assert response.status_code == 404
    assert "There is no place with the code" in response.get_data(as_text=True)


def test_a_service_manager_adds_a_service_for_their_place(client: FlaskClient, db: Session) -> None:
    place = create_place(db)
    sign_in(client, create_user(db, places=[place]))
    assert "Add a service" in client.get(f"/places/{place.code}").get_data(as_text=True)
    response = client.post(
        f"/places/{place.code}/services/new",
        data={"name": "  Family hubs ", "service_area": "early_help", "partners": ["NHS"]},
    )
    assert response.status_code == 302
    [service] = services_for_place(db, place)
    assert (service.name, service.partners) == ("Family hubs", ["NHS"])


def test_the_service_form_shows_errors_and_keeps_input(client: FlaskClient, db: Session) -> None:
    place = create_place(db)
    sign_in(client, create_user(db, places=[place]))
    response = client.post(f"/places/{place.code}/services/new", data={"name": "Kept text"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "There is a problem" in page and "Choose a service area" in page
    assert 'value="Kept text"' in page


def test_a_service_manager_cannot_add_a_service_elsewhere(client: FlaskClient, db: Session) -> None:
    other = create_place(db)
    sign_in(client, create_user(db))
    assert "Add a service" not in client.get(f"/places/{other.code}").get_data(as_text=True)
    response = client.post(
        f"/places/{other.code}/services/new", data={"name": "X", "service_area": "early_help"}
    )
    assert response.status_code == 403
    assert services_for_place(db, get_place(db, other.code)) == []
