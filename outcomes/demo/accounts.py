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
from outcomes.errors import NotFound
from outcomes.places.models import Place
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

# (place code, service name, service area, partners): services in about twenty real places
# across the English regions. The demo history (outcomes.demo.history) files reviews for them.
NHS, VCS, POLICE, HOUSING = "NHS", "Voluntary and community sector", "Police", "Housing providers"
JOBCENTRE, SCHOOLS = "Jobcentre Plus", "Schools and colleges"
RESIDENTS, EMPLOYERS = "Residents and community groups", "Local employers"
DEMO_SERVICES = (
    ("E08000010", "Start Well family hubs", "early_help", [NHS, VCS]),
    ("E08000010", "Community link workers", "adult_social_care", [NHS]),
    ("E08000037", "Gateshead neighbourhood team", "neighbourhood_health", [NHS, HOUSING]),
    ("E08000037", "Money advice in GP surgeries", "public_health", [NHS, JOBCENTRE]),
    ("E09000002", "Community hubs", "early_help", [VCS, POLICE]),
    ("E09000002", "Homes and money hub", "housing", [HOUSING, JOBCENTRE]),
    ("E09000007", "Family help", "childrens_social_care", [SCHOOLS, NHS]),
    ("E09000007", "Good work Camden", "employment", [JOBCENTRE, SCHOOLS]),
    ("E08000035", "Local care direct", "adult_social_care", [NHS]),
    ("E06000052", "Cornwall family hubs", "early_help", [NHS, SCHOOLS]),
    ("E08000035", "Leeds early help hubs", "early_help", [SCHOOLS, VCS]),
    ("E06000052", "Rural homes support", "housing", [HOUSING, VCS]),
    ("E08000021", "Multiple disadvantage team", "adult_social_care", [NHS, HOUSING, POLICE]),
    ("E08000021", "Working well Newcastle", "employment", [JOBCENTRE, EMPLOYERS]),
    ("E08000012", "Neighbourhood health teams", "neighbourhood_health", [NHS, VCS]),
    ("E08000012", "Family help Liverpool", "childrens_social_care", [SCHOOLS, NHS, POLICE]),
    ("E06000009", "Blackpool family hubs", "early_help", [NHS, SCHOOLS]),
    ("E06000009", "Tenancy support", "housing", [HOUSING, NHS]),
    ("E08000017", "Community safety hub", "community_safety", [POLICE, HOUSING, RESIDENTS]),
    ("E08000017", "Stronger families", "early_help", [SCHOOLS, POLICE]),
    ("E06000010", "Warm homes and money advice", "public_health", [NHS, VCS]),
    ("E06000010", "Adult social care front door", "adult_social_care", [NHS, VCS]),
    ("E06000016", "Youth and family support", "early_help", [SCHOOLS, VCS]),
    ("E06000016", "Employment hub", "employment", [JOBCENTRE, EMPLOYERS]),
    ("E07000035", "Rural wellbeing and social prescribing", "public_health", [NHS, RESIDENTS]),
    ("E07000035", "Housing options", "housing", [HOUSING]),
    ("E08000025", "Early help partnerships", "early_help", [SCHOOLS, VCS, NHS]),
    ("E08000025", "Neighbourhood network schemes", "adult_social_care", [VCS, NHS]),
    ("E06000019", "Community wellbeing hubs", "adult_social_care", [VCS, RESIDENTS]),
    ("E06000019", "Family support", "early_help", [SCHOOLS, NHS]),
    ("E07000148", "Tenancy sustainment", "housing", [HOUSING, VCS]),
    ("E07000148", "Community enabling team", "community_safety", [POLICE, RESIDENTS]),
    ("E06000032", "Luton family hubs", "early_help", [NHS, SCHOOLS]),
    ("E06000032", "Job shop", "employment", [JOBCENTRE, EMPLOYERS]),
    ("E09000022", "Living well network", "neighbourhood_health", [NHS, VCS]),
    ("E09000022", "Young people's safety partnership", "community_safety", [POLICE, SCHOOLS]),
    ("E06000043", "Multiple needs service", "adult_social_care", [NHS, HOUSING, VCS]),
    ("E06000043", "Healthy neighbourhoods", "public_health", [NHS, RESIDENTS]),
    ("E07000114", "Coastal communities hub", "housing", [HOUSING, VCS, JOBCENTRE]),
    ("E07000114", "Family and wellbeing support", "early_help", [SCHOOLS, NHS]),
    ("E06000026", "Wellbeing hubs", "public_health", [NHS, VCS]),
    ("E06000026", "Plymouth family hubs", "early_help", [NHS, SCHOOLS]),
    ("E06000066", "Village agents", "adult_social_care", [VCS, RESIDENTS]),
    ("E06000066", "Children and families early help", "early_help", [SCHOOLS, NHS]),
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
            places = [_place(session, DEMO_PLACE)] if role is Role.SERVICE_MANAGER else []
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
        place = _place(session, code)
        exists = session.scalar(
            select(Service.id).where(Service.place_id == place.id, Service.name == name)
        )
        if exists is None:
            create_service(
                session, OPERATOR, place, name=name, service_area=area, partners=partners
            )
    return accounts


def _place(session: Session, code: str) -> Place:
    try:
        return get_place(session, code)
    except NotFound as error:
        raise NotFound(
            f"The demo needs the place {code}, which is not in this database. Import the "
            "places first with `outcomes places import`."
        ) from error
