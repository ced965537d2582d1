"""The comparison reports a person took a copy of, from the audit trail (every report
file is recorded there, with its parameters)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from outcomes.accounts.access import Actor
from outcomes.audit.models import AuditEvent

from .scope_words import ScopeWords, scope_words

REPORT_DOWNLOAD = "report.download"


@dataclass(frozen=True)
class ReportTaken:
    at: datetime
    framework: str  # slug
    format: str
    parameters: dict[str, Any]  # the report's scope, as ReportSpec.as_dict gives it
    words: ScopeWords  # the framework's title and the places covered, by name


def reports_taken(session: Session, actor: Actor, *, limit: int) -> list[ReportTaken]:
    """The person's latest report files, newest first: three queries at most."""
    if actor.id is None:
        return []
    events = list(
        session.scalars(
            select(AuditEvent)
            .where(AuditEvent.actor_id == actor.id, AuditEvent.action == REPORT_DOWNLOAD)
            .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
            .limit(limit)
        )
    )
    parameters = [dict((event.after or {}).get("parameters") or {}) for event in events]
    words = scope_words(
        session,
        [
            {"framework": event.subject_id, **given}
            for event, given in zip(events, parameters, strict=True)
        ],
    )
    return [
        ReportTaken(
            event.at,
            event.subject_id,
            str((event.after or {}).get("format", "")),
            given,
            said,
        )
        for event, given, said in zip(events, parameters, words, strict=True)
    ]
