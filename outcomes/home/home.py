"""The home of the signed-in person: the panels of their role."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session

from outcomes.accounts.access import Actor, may_manage_accounts, sits_on_panel, works_for_places
from outcomes.disclosure import DisclosureRule
from outcomes.national.access import answers_for_a_body
from outcomes.national.deadlines import ResponseDeadline
from outcomes.reviews.access import acknowledges_reviews

from .admin import AdminHome, admin_home
from .manager import ManagerHome, manager_home
from .panel import PanelHome, panel_home
from .regulator import RegulatorHome, regulator_home
from .responder import ResponderHome, responder_home


@dataclass(frozen=True)
class Home:
    manager: ManagerHome | None = None
    regulator: RegulatorHome | None = None
    panel: PanelHome | None = None
    responder: ResponderHome | None = None
    admin: AdminHome | None = None


def home_for(
    session: Session,
    actor: Actor,
    *,
    today: date,
    now: datetime,
    rule: DisclosureRule,
    deadline: ResponseDeadline,
) -> Home:
    """The panels of the person's role (each role has its own; a role has one set)."""
    return Home(
        manager=manager_home(session, actor, today) if works_for_places(actor) else None,
        regulator=regulator_home(session, actor, today) if acknowledges_reviews(actor) else None,
        panel=panel_home(session, actor) if sits_on_panel(actor) else None,
        responder=responder_home(session, actor, rule=rule, deadline=deadline, today=today)
        if answers_for_a_body(actor)
        else None,
        admin=admin_home(session, now) if may_manage_accounts(actor) else None,
    )
