"""Creating and listing the services delivered in a place."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from outcomes.accounts.access import Actor, require_place
from outcomes.audit.trail import record
from outcomes.errors import Conflict, InvalidInput, NotFound
from outcomes.places.models import Place
from outcomes.services.models import SERVICE_AREAS, Service


def create_service(
    session: Session,
    actor: Actor,
    place: Place,
    *,
    name: str,
    service_area: str,
    partners: list[str] | None = None,
) -> Service:
    require_place(actor, place, action="add a service")
    name = name.strip()
    if not name:
        raise InvalidInput("Enter the name of the service", field="name")
    if service_area not in SERVICE_AREAS:
        raise InvalidInput("Choose a service area from the list", field="service_area")
    if not place.is_current and place.valid_to is None:
        raise InvalidInput(
            f"{place.name} ({place.code}) has been replaced, and the date it changed is not "
            "recorded. Add the service to the place that replaced it."
        )
    # A former place whose change is dated may gain services, to file the reviews of
    # periods before the change (``outcomes.places.identity.check_period``).
    duplicate = session.scalar(
        select(Service).where(Service.place_id == place.id, Service.name == name)
    )
    if duplicate is not None:
        raise Conflict(f"{place.name} already has a service called {name!r}.")
    cleaned = sorted({p.strip() for p in partners or [] if p.strip()})
    service = Service(place=place, name=name, service_area=service_area, partners=cleaned)
    session.add(service)
    session.flush()
    record(
        session,
        actor,
        "service.create",
        "service",
        service.id,
        after={
            "place": place.code,
            "name": name,
            "service_area": service_area,
            "partners": cleaned,
        },
    )
    return service


def services_for_place(session: Session, place: Place) -> list[Service]:
    return list(
        session.scalars(select(Service).where(Service.place_id == place.id).order_by(Service.name))
    )


def get_service(session: Session, service_id: int) -> Service:
    service = session.get(Service, service_id)
    if service is None:
        raise NotFound(f"There is no service with the id {service_id}.")
    return service
