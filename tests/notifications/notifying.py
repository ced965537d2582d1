"""Helpers for the notification tests: real peers (an SMTP server on a local port, and a
stand-in for the Notify API) and reading the queue."""

from __future__ import annotations

import random
import threading
from dataclasses import dataclass, field
from datetime import date
from email import message_from_bytes
from email.message import Message
from typing import Any

import frontdoor
from sqlalchemy import select
from sqlalchemy.orm import Session

from outcomes.accounts.models import User
from outcomes.frameworks.definition import BarriersItem
from outcomes.frameworks.store import get_framework
from outcomes.notifications.models import Kind, Notification, State
from outcomes.reviews.answers import AnswerInput
from outcomes.reviews.filing import start_review
from outcomes.reviews.models import Review
from outcomes.reviews.pinned import pinned_definition
from outcomes.reviews.submission import submit
from outcomes.services.models import Service

Q2_2025 = (date(2025, 4, 1), date(2025, 6, 30))


def file_review(
    db: Session, manager: User, service: Service, *, cites: str | None = None
) -> Review:
    """A review filed and submitted through the services the form and the API call;
    citing only the barrier ``cites`` (with an ask) when it is given."""
    if cites is None:
        return frontdoor.file_review(db, manager, service, Q2_2025)
    framework = get_framework(db, frontdoor.FRAMEWORK)
    review = start_review(
        db, manager, service, framework, period_start=Q2_2025[0], period_end=Q2_2025[1]
    )
    definition = pinned_definition(review)
    answers = frontdoor.varied_answers(random.Random(0), definition)
    for item in definition.items:
        if isinstance(item, BarriersItem):
            answers[item.id] = AnswerInput(
                asks={cites: "Let us pool budgets"}, consent="regulators"
            )
    frontdoor.save_answers(db, manager, review, answers)
    submit(db, manager, review, lock_version=review.lock_version)
    return review


@dataclass
class Inbox:
    """An aiosmtpd handler: keeps each message it accepts; refuses the ``refuse``-th ones
    (counted from 1 over the server's life) with a 554."""

    refuse: set[int] = field(default_factory=set)
    received: list[Message] = field(default_factory=list)
    offered: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        with self.lock:
            self.offered += 1
            if self.offered in self.refuse:
                return "554 Transaction failed: refused for the test"
            self.received.append(message_from_bytes(envelope.content))
        return "250 OK"

    def recipients(self) -> list[str]:
        return sorted(str(message["To"]) for message in self.received)


def body_of(message: Message) -> str:
    payload = message.get_payload(decode=True)
    assert isinstance(payload, bytes)
    return payload.decode()


def queued(db: Session, kind: Kind | None = None) -> list[Notification]:
    statement = select(Notification).order_by(Notification.id)
    if kind is not None:
        statement = statement.where(Notification.kind == kind)
    db.expire_all()
    return list(db.scalars(statement))


def states(db: Session) -> dict[str, int]:
    found: dict[str, int] = {}
    for notification in queued(db):
        found[notification.state.value] = found.get(notification.state.value, 0) + 1
    return found


__all__ = ["Inbox", "State", "body_of", "file_review", "queued", "states"]
