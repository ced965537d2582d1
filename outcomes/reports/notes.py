"""A place's right of reply: dated context notes, shown next to the place in every report
on the framework they were written for."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from outcomes.accounts.access import Actor
from outcomes.audit.trail import record
from outcomes.errors import InvalidInput
from outcomes.frameworks.models import Framework
from outcomes.places.models import Place
from outcomes.reports.access import require_note_author
from outcomes.reports.models import ContextNote
from outcomes.reviews.text import unstorable

MAX_LENGTH = 2000


def add_context_note(
    session: Session, actor: Actor, *, place: Place, framework: Framework, body: str
) -> ContextNote:
    author = require_note_author(actor, place)
    text = body.strip()
    if not text:
        raise InvalidInput("Enter the context you want readers of the report to see", "body")
    if len(text) > MAX_LENGTH:
        raise InvalidInput(
            f"The note must be {MAX_LENGTH:,} characters or fewer; it is {len(text):,}", "body"
        )
    problem = unstorable("The note", text)
    if problem is not None:
        raise InvalidInput(problem, "body")
    if framework.is_extension:
        raise InvalidInput(
            "Reports compare places on a core framework. Choose the framework your extension "
            "builds on.",
            "framework",
        )
    note = ContextNote(place=place, framework=framework, author=author, body=text)
    session.add(note)
    session.flush()
    record(
        session,
        actor,
        "report.context_note.add",
        "context_note",
        note.id,
        after={"place": place.code, "framework": framework.slug, "body": text},
    )
    return note


def notes_for_framework(session: Session, framework: Framework) -> list[ContextNote]:
    """Every note on ``framework``, oldest first, with its author and place loaded."""
    statement = (
        select(ContextNote)
        .where(ContextNote.framework_id == framework.id)
        .options(joinedload(ContextNote.author), joinedload(ContextNote.place))
        .order_by(ContextNote.created_at, ContextNote.id)
    )
    return list(session.scalars(statement))
