from __future__ import annotations

import pytest
from factories import create_place, create_user
from sqlalchemy.orm import Session

from outcomes.accounts.models import Role
from outcomes.audit.models import AuditEvent
from outcomes.errors import Conflict, InvalidInput, PermissionDenied
from outcomes.services.operations import create_service, services_for_place


def test_a_service_manager_adds_a_service_to_their_place(db: Session) -> None:
    place = create_place(db)
    manager = create_user(db, places=[place])
    service = create_service(
        db,
        manager,
        place,
        name="Family hubs",
        service_area="early_help",
        partners=["NHS", " ", "NHS", "Police"],
    )
    assert service.partners == ["NHS", "Police"]
    assert services_for_place(db, place) == [service]
    event = db.query(AuditEvent).filter_by(action="service.create").one()
    assert event.actor_id == manager.id and event.after["place"] == place.code


def test_a_service_manager_cannot_add_a_service_for_another_place(db: Session) -> None:
    manager = create_user(db)
    other = create_place(db)
    with pytest.raises(PermissionDenied):
        create_service(db, manager, other, name="Not mine", service_area="early_help")
    assert services_for_place(db, other) == []


def test_regulators_do_not_add_services(db: Session) -> None:
    with pytest.raises(PermissionDenied):
        create_service(
            db,
            create_user(db, role=Role.REGULATOR),
            create_place(db),
            name="X",
            service_area="early_help",
        )


def test_service_rules(db: Session) -> None:
    admin = create_user(db, role=Role.ADMIN)
    place = create_place(db)
    create_service(db, admin, place, name="Hub", service_area="early_help")
    with pytest.raises(Conflict):
        create_service(db, admin, place, name="Hub", service_area="housing")
    with pytest.raises(InvalidInput, match="service area"):
        create_service(db, admin, place, name="Other", service_area="astrology")
    replaced = create_place(db, superseded_by=place)
    with pytest.raises(InvalidInput, match="has been replaced"):
        create_service(db, admin, replaced, name="Old", service_area="early_help")
