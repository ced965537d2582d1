"""Creating and listing the services delivered in a place."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from outcomes.accounts.access import Actor, require_place
from outcomes.audit.trail import record
from outcomes.errors import Conflict, InvalidInput, NotFound
from outcomes.places.identity import Succession
from outcomes.places.models import Place
from outcomes.reviews.paging import Page, count_and_clamp
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


def list_services(
    session: Session, *, place: Place | None = None, page: int = 1, per_page: int = 50
) -> Page[Service]:
    """Services in the order they were added, of one place or of all, a page at a time."""
    statement = select(Service).order_by(Service.id)
    if place is not None:
        # A place by any of its codes is the whole place over time.
        over_time = Succession.read(session).over_time([place.id])
        statement = statement.where(Service.place_id.in_(over_time))
    total, page = count_and_clamp(session, statement, page, per_page)
    rows = session.scalars(statement.limit(per_page).offset((page - 1) * per_page))
    return Page(list(rows), total, page, per_page)


def get_service(session: Session, service_id: int) -> Service:
    service = session.get(Service, service_id)
    if service is None:
        raise NotFound(f"There is no service with the id {service_id}.")
    return service
