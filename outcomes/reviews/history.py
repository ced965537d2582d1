"""A review's history: its audit events, recorded by every change, told in words."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from outcomes.accounts.access import Actor
from outcomes.audit.models import AuditEvent
from outcomes.audit.trail import events_for, record
from outcomes.reviews.models import Review
from outcomes.reviews.pinned import pinned_definition

SUBJECT = "review"


class Event(enum.StrEnum):
    """What happened to a review, as the audit trail names it."""

    CREATE = "review.create"
    SAVE = "review.save"
    SUBMIT = "review.submit"
    AMEND = "review.amend"
    CANCEL_AMENDMENT = "review.cancel_amendment"
    FEEDBACK = "review.feedback"
    REPLY = "review.reply"
    ACKNOWLEDGE = "review.acknowledge"
    READ_DRAFT = "review.read_draft"


# The events that change a review's answers: what an edit conflict reports.
CHANGES = (Event.CREATE, Event.SAVE, Event.SUBMIT, Event.AMEND, Event.CANCEL_AMENDMENT)


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    who: str
    what: str
    details: tuple[str, ...] = ()


def record_event(
    session: Session,
    actor: Actor,
    action: Event,
    review: Review,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEvent:
    return record(session, actor, action.value, SUBJECT, review.id, before=before, after=after)


def last_change(session: Session, review: Review) -> AuditEvent | None:
    statement = (
        select(AuditEvent)
        .where(
            AuditEvent.subject_type == SUBJECT,
            AuditEvent.subject_id == str(review.id),
            AuditEvent.action.in_(CHANGES),
        )
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .limit(1)
    )
    return session.scalar(statement)


def who(event: AuditEvent) -> str:
    return event.actor.display_name if event.actor is not None else event.actor_label


def review_history(session: Session, actor: Actor, review: Review) -> list[HistoryEntry]:
    """Every recorded event of the review, oldest first (for administrators and regulators:
    ``events_for`` refuses anyone else)."""
    definition = pinned_definition(review)
    entries = []
    for event in events_for(session, actor, SUBJECT, review.id):
        what, details = _describe(event)
        if event.action == Event.SAVE:
            # Name the items that changed, not their answers: some answers carry consent
            # that not every reader of the history has.
            found = (definition.item(item_id) for item_id in details)
            details = tuple(item.label for item in found if item is not None)
        entries.append(HistoryEntry(event.at, who(event), what, details))
    return entries


def _describe(event: AuditEvent) -> tuple[str, tuple[str, ...]]:
    after, before = event.after or {}, event.before or {}
    revision = after.get("revision", before.get("revision"))
    match event.action:
        case Event.CREATE:
            return "Started the review", ()
        case Event.SAVE:
            changed = {**before.get("answers", {}), **after.get("answers", {})}
            return f"Saved changes to revision {revision}", tuple(changed)
        case Event.SUBMIT:
            return f"Submitted revision {revision}", ()
        case Event.AMEND:
            return f"Started revision {revision} to amend the review", (after["reason"],)
        case Event.CANCEL_AMENDMENT:
            return f"Cancelled the amendment in revision {revision}", ()
        case Event.FEEDBACK:
            return f"Left feedback on revision {revision}", ()
        case Event.REPLY:
            return "Replied to feedback", ()
        case Event.ACKNOWLEDGE:
            return f"Acknowledged revision {revision}", ()
        case Event.READ_DRAFT:
            return f"Read revision {revision} before it was submitted", ()
    return event.action, ()
