"""Recording and reading the audit trail."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from outcomes.accounts.access import Actor, require_role
from outcomes.accounts.models import Role, User
from outcomes.audit.models import AuditEvent


def record(
    session: Session,
    actor: Actor,
    action: str,
    subject_type: str,
    subject_id: object,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEvent:
    event = AuditEvent(
        actor_id=actor.id if isinstance(actor, User) else None,
        actor_label=actor.email,
        action=action,
        subject_type=subject_type,
        subject_id=str(subject_id),
        before=before,
        after=after,
    )
    session.add(event)
    return event


def events_for(
    session: Session, actor: Actor, subject_type: str, subject_id: object
) -> list[AuditEvent]:
    require_role(actor, Role.ADMIN, Role.REGULATOR, action="read the audit trail")
    statement = (
        select(AuditEvent)
        .where(AuditEvent.subject_type == subject_type, AuditEvent.subject_id == str(subject_id))
        .order_by(AuditEvent.at, AuditEvent.id)
    )
    return list(session.scalars(statement))
