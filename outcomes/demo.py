"""Demo data: one account per role and services for a handful of real places.

Running it again keeps everything and gives the demo accounts new passwords, printed
once, so that whoever runs ``make run`` can always sign in.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from outcomes.accounts.access import OPERATOR
from outcomes.accounts.models import Role
from outcomes.accounts.operations import create_user, get_user_by_email, set_password
from outcomes.places.operations import get_place
from outcomes.services.models import Service
from outcomes.services.operations import create_service

DEMO_PLACE = "E08000010"  # Wigan, where the demo service manager works

DEMO_ACCOUNTS = (
    ("admin@outcomes.example", "Ada Administrator", Role.ADMIN),
    ("manager@outcomes.example", "Sam Service-Manager", Role.SERVICE_MANAGER),
    ("regulator@outcomes.example", "Rita Regulator", Role.REGULATOR),
    ("inspector@outcomes.example", "Ike Inspector", Role.INSPECTOR),
)

# (place code, service name, service area, partners)
DEMO_SERVICES = (
    (
        "E08000010",
        "Start Well family hubs",
        "early_help",
        ["NHS", "Voluntary and community sector"],
    ),
    ("E08000010", "Community link workers", "adult_social_care", ["NHS"]),
    (
        "E08000037",
        "Gateshead neighbourhood team",
        "neighbourhood_health",
        ["NHS", "Housing providers"],
    ),
    ("E08000037", "Money advice in GP surgeries", "public_health", ["NHS", "Jobcentre Plus"]),
    ("E09000002", "Community hubs", "early_help", ["Voluntary and community sector", "Police"]),
    ("E09000002", "Homes and money hub", "housing", ["Housing providers", "Jobcentre Plus"]),
    ("E09000007", "Family help", "childrens_social_care", ["Schools and colleges", "NHS"]),
    ("E09000007", "Good work Camden", "employment", ["Jobcentre Plus", "Schools and colleges"]),
    ("E08000035", "Local care direct", "adult_social_care", ["NHS"]),
    ("E06000052", "Cornwall family hubs", "early_help", ["NHS", "Schools and colleges"]),
)


@dataclass(frozen=True)
class DemoAccount:
    email: str
    role: Role
    password: str


def seed_demo(session: Session) -> list[DemoAccount]:
    """Create what is missing of the demo data; return the demo accounts with new passwords."""
    accounts = []
    for email, name, role in DEMO_ACCOUNTS:
        password = secrets.token_urlsafe(12)
        user = get_user_by_email(session, email)
        if user is None:
            places = [get_place(session, DEMO_PLACE)] if role is Role.SERVICE_MANAGER else []
            create_user(
                session,
                OPERATOR,
                email=email,
                display_name=name,
                role=role,
                password=password,
                places=places,
            )
        else:
            set_password(session, OPERATOR, user, password)
        accounts.append(DemoAccount(email, role, password))

    for code, name, area, partners in DEMO_SERVICES:
        place = get_place(session, code)
        exists = session.scalar(
            select(Service.id).where(Service.place_id == place.id, Service.name == name)
        )
        if exists is None:
            create_service(
                session, OPERATOR, place, name=name, service_area=area, partners=partners
            )
    return accounts
