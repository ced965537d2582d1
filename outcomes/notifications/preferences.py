"""Each person's choices: which notifications, how often, and which places they follow.
Every change is audited."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from outcomes.accounts.models import Role, User
from outcomes.audit.trail import record
from outcomes.errors import InvalidInput
from outcomes.notifications.models import (
    DEFAULT_FREQUENCY,
    Frequency,
    Kind,
    NotificationPreference,
    followed_place,
    kinds_for,
)
from outcomes.places.models import Place, PlaceKind

# A kind turned off, or sent at one of the frequencies.
OFF = "off"
CODE = re.compile(r"^[A-Z]\d{8}$")
MAX_FOLLOWED = 200


@dataclass(frozen=True)
class Choice:
    kind: Kind
    enabled: bool
    frequency: Frequency

    @property
    def setting(self) -> str:
        """'off', 'weekly' or 'immediate': the one answer a page asks for."""
        return self.frequency.value if self.enabled else OFF


def choices(session: Session, user: User) -> list[Choice]:
    """The person's choice for every kind their role can receive (defaults where unset)."""
    stored = {
        row.kind: row
        for row in session.scalars(
            select(NotificationPreference).where(NotificationPreference.user_id == user.id)
        )
    }
    found = []
    for kind in kinds_for(user.role):
        row = stored.get(kind)
        found.append(
            Choice(kind, row.enabled, row.frequency)
            if row is not None
            else Choice(kind, True, DEFAULT_FREQUENCY)
        )
    return found


def frequency_of(session: Session, user_id: int, kind: Kind) -> Frequency:
    row = session.get(NotificationPreference, (user_id, kind))
    return row.frequency if row is not None else DEFAULT_FREQUENCY


def save_choices(session: Session, user: User, settings: Mapping[Kind, str]) -> list[Choice]:
    """Store the person's own choices: for each kind, 'off', 'weekly' or 'immediate'."""
    allowed = set(kinds_for(user.role))
    before = {choice.kind: choice.setting for choice in choices(session, user)}
    for kind, setting in settings.items():
        if kind not in allowed:
            raise InvalidInput(f"{kind.label} is not a notification your role receives.")
        if setting != OFF and setting not in {f.value for f in Frequency}:
            raise InvalidInput(f"Choose how often to hear of: {kind.label.lower()}", field=kind)
    for kind, setting in settings.items():
        row = session.get(NotificationPreference, (user.id, kind))
        if row is None:
            row = NotificationPreference(user_id=user.id, kind=kind)
            session.add(row)
        row.enabled = setting != OFF
        row.frequency = Frequency(setting) if setting != OFF else row.frequency or DEFAULT_FREQUENCY
    session.flush()
    after = {choice.kind: choice.setting for choice in choices(session, user)}
    if after != before:
        record(
            session,
            user,
            "notifications.preferences",
            "user",
            user.id,
            before={k.value: v for k, v in before.items()},
            after={k.value: v for k, v in after.items()},
        )
    return choices(session, user)


def followed(session: Session, user: User) -> list[Place]:
    return list(
        session.scalars(
            select(Place)
            .join(followed_place, followed_place.c.place_id == Place.id)
            .where(followed_place.c.user_id == user.id)
            .order_by(Place.name)
        )
    )


def regions(session: Session) -> list[Place]:
    return list(
        session.scalars(
            select(Place)
            .where(Place.kind == PlaceKind.REGION, Place.superseded_by_id.is_(None))
            .order_by(Place.name)
        )
    )


def parse_codes(text: str) -> list[str]:
    """ONS codes separated by commas, spaces or lines, upper-cased, each checked."""
    codes = [part.strip().upper() for part in re.split(r"[\s,;]+", text) if part.strip()]
    for code in codes:
        if not CODE.match(code):
            raise InvalidInput(
                f"‘{code[:20]}’ is not an ONS code: enter codes like E08000035, separated "
                "by commas",
                field="places",
            )
    if len(codes) > MAX_FOLLOWED:
        raise InvalidInput(f"Follow at most {MAX_FOLLOWED} places", field="places")
    return codes


def save_followed(session: Session, user: User, codes: list[str]) -> list[Place]:
    """Replace the places a regulator follows with the places coded ``codes``."""
    if user.role is not Role.REGULATOR:
        raise InvalidInput("Only regulators follow places and regions.")
    wanted = sorted(set(codes))
    places = list(session.scalars(select(Place).where(Place.code.in_(wanted)))) if wanted else []
    unknown = sorted(set(wanted) - {place.code for place in places})
    if unknown:
        raise InvalidInput(
            f"There is no place with the code {', '.join(unknown[:5])}. Find a place's code "
            "on its page in Places.",
            field="places",
        )
    before = sorted(place.code for place in followed(session, user))
    if before == wanted:
        return places
    session.execute(delete(followed_place).where(followed_place.c.user_id == user.id))
    if places:
        session.execute(
            insert(followed_place), [{"user_id": user.id, "place_id": p.id} for p in places]
        )
    record(
        session,
        user,
        "notifications.follow",
        "user",
        user.id,
        before={"places": before},
        after={"places": wanted},
    )
    return sorted(places, key=lambda place: place.name)
