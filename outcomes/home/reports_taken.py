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

REPORT_DOWNLOAD = "report.download"


@dataclass(frozen=True)
class ReportTaken:
    at: datetime
    framework: str  # slug
    format: str
    parameters: dict[str, Any]  # the report's scope, as ReportSpec.as_dict gives it


def reports_taken(session: Session, actor: Actor, *, limit: int) -> list[ReportTaken]:
    """The person's latest report files, newest first: one query."""
    if actor.id is None:
        return []
    events = session.scalars(
        select(AuditEvent)
        .where(AuditEvent.actor_id == actor.id, AuditEvent.action == REPORT_DOWNLOAD)
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .limit(limit)
    )
    return [
        ReportTaken(
            event.at,
            event.subject_id,
            str((event.after or {}).get("format", "")),
            dict((event.after or {}).get("parameters") or {}),
        )
        for event in events
    ]
