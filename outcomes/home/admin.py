"""An administrator's home: accounts never signed in, accounts locked, and framework
versions still in draft, counted in one query."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ScalarSelect, func, select
from sqlalchemy.orm import Session

from outcomes.accounts.models import User
from outcomes.accounts.operations import AccountFilter
from outcomes.frameworks.models import FrameworkVersion

DRAFT = "draft"


@dataclass(frozen=True)
class AdminHome:
    never_signed_in: int
    locked: int
    draft_versions: int


def admin_home(session: Session, now: datetime) -> AdminHome:
    def users(show: AccountFilter) -> ScalarSelect[int]:
        return select(func.count()).select_from(User).where(show.condition(now)).scalar_subquery()

    row = session.execute(
        select(
            users(AccountFilter.NEVER_SIGNED_IN),
            users(AccountFilter.LOCKED),
            select(func.count())
            .select_from(FrameworkVersion)
            .where(FrameworkVersion.status == DRAFT)
            .scalar_subquery(),
        )
    ).one()
    return AdminHome(int(row[0]), int(row[1]), int(row[2]))
