"""Accounts for the load test, made through the services the admin pages use: a regulator,
a service manager for one of the synthetic places, and an API token. Prints them as JSON.

Run with OUTCOMES_DATABASE_URL pointing at the load-test database (tests/load/run.sh).
"""

from __future__ import annotations

import json
import os
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from outcomes.accounts.access import OPERATOR
from outcomes.accounts.models import Role, User
from outcomes.accounts.operations import create_user, set_password
from outcomes.accounts.tokens import TokenScope, create_token, revoke_token, tokens_of
from outcomes.db import make_engine
from outcomes.places.models import Place
from outcomes.services.models import Service

PASSWORD = "load test " + secrets.token_urlsafe(12)


def account(session: Session, email: str, role: Role, places: list[Place]) -> User:
    user = session.scalar(select(User).where(User.email == email))
    if user is None:
        user = create_user(
            session,
            OPERATOR,
            email=email,
            display_name=email.split("@")[0],
            role=role,
            password=PASSWORD,
            places=places,
        )
    set_password(session, OPERATOR, user, PASSWORD)
    return user


def main() -> None:
    engine = make_engine(os.environ["OUTCOMES_DATABASE_URL"])
    with Session(engine) as session:
        # A place with synthetic services: the manager's own reviews are there.
        place = session.scalar(select(Place).join(Service).order_by(Place.code).limit(1))
        assert place is not None, "load the synthetic data first (outcomes demo --places ...)"
        regulator = account(session, "load-regulator@example.gov.uk", Role.REGULATOR, [])
        manager = account(session, "load-manager@example.gov.uk", Role.SERVICE_MANAGER, [place])
        client = account(session, "load-api@example.gov.uk", Role.REGULATOR, [])
        for old in tokens_of(session, client):
            revoke_token(session, client, old.id)
        _, token = create_token(session, client, name="load test", scope=TokenScope.READ)
        region = place
        while region.parent is not None and region.kind.value != "region":
            region = region.parent
        session.commit()
        print(
            json.dumps(
                {
                    "password": PASSWORD,
                    "regulator": regulator.email,
                    "manager": manager.email,
                    "token": token,
                    "place": place.code,
                    "region": region.code,
                }
            )
        )
    engine.dispose()


if __name__ == "__main__":
    main()
