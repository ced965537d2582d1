"""Who may do what with a review, by role, place and the review's state.

Each decision is one small function that returns why the actor may not, or None if they
may. ``may`` asks a question (for showing or hiding a button); ``require`` enforces the
answer in every service, whichever door the request came in by. A refusal because of
who someone is raises PermissionDenied; one because of the review's state raises
Conflict, with what to do instead.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass

from outcomes.accounts.access import Actor
from outcomes.accounts.models import Role, User
from outcomes.errors import Conflict, OutcomesError, PermissionDenied
from outcomes.places.identity import acts_through
from outcomes.reviews.models import Review
from outcomes.services.models import Service


class Action(enum.StrEnum):
    READ = "read"  # the review and its latest submitted answers
    READ_DRAFT = "read_draft"  # answers not submitted yet
    EDIT = "edit"
    SUBMIT = "submit"
    AMEND = "amend"
    READ_FEEDBACK = "read_feedback"
    GIVE_FEEDBACK = "give_feedback"
    REPLY = "reply"
    ACKNOWLEDGE = "acknowledge"
    READ_HISTORY = "read_history"


@dataclass(frozen=True)
class Refusal:
    error: type[OutcomesError]
    message: str


def may(action: Action, actor: Actor, review: Review) -> bool:
    return _RULES[action](actor, review) is None


def require(action: Action, actor: Actor, review: Review) -> None:
    refusal = _RULES[action](actor, review)
    if refusal is not None:
        raise refusal.error(refusal.message)


def allowed_actions(actor: Actor, review: Review) -> set[Action]:
    """Everything the actor may do with the review, for a page to offer."""
    return {action for action in Action if may(action, actor, review)}


def works_for(actor: Actor, service: Service) -> bool:
    """A service manager of the service's place: the people who file its reviews."""
    return (
        isinstance(actor, User)
        and actor.role is Role.SERVICE_MANAGER
        and acts_through(actor.place_ids, service.place)
    )


def may_start(actor: Actor, service: Service) -> bool:
    return works_for(actor, service)


def require_start(actor: Actor, service: Service) -> None:
    if not may_start(actor, service):
        raise PermissionDenied(
            f"Only service managers who work for {service.place.name} can start a review of "
            f"{service.name}."
        )


def is_submitted(review: Review) -> bool:
    return review.current_revision_id is not None


def has_draft(review: Review) -> bool:
    """Whether the review has answers not yet submitted: a first draft or an amendment."""
    return not review.working_revision.is_submitted


def _read(actor: Actor, review: Review) -> Refusal | None:
    return None if is_submitted(review) else _read_draft(actor, review)


def _read_draft(actor: Actor, review: Review) -> Refusal | None:
    if actor.role is Role.ADMIN or works_for(actor, review.service):
        return None
    return Refusal(
        PermissionDenied,
        f"This review has not been submitted yet, so only people working for "
        f"{review.service.place.name} can read it.",
    )


def _change(actor: Actor, review: Review) -> Refusal | None:
    if not works_for(actor, review.service):
        return _not_the_service(review, "change this review")
    if not has_draft(review):
        return Refusal(
            Conflict,
            "This review has been submitted, so its answers cannot be changed. "
            "To correct or add to it, start an amendment.",
        )
    return None


def _amend(actor: Actor, review: Review) -> Refusal | None:
    if not works_for(actor, review.service):
        return _not_the_service(review, "amend this review")
    if not is_submitted(review):
        return Refusal(
            Conflict, "This review has not been submitted yet. Change its answers directly."
        )
    if has_draft(review):
        return Refusal(
            Conflict, "An amendment to this review is already in progress. Continue with it."
        )
    return None


# Who reads the feedback on every review (others read only their own place's): the one
# rule for review pages, the API and dataset exports' "include feedback" alike.
FEEDBACK_READERS = frozenset({Role.ADMIN, Role.REGULATOR})


def reads_all_feedback(actor: Actor) -> bool:
    return actor.role in FEEDBACK_READERS


def _read_feedback(actor: Actor, review: Review) -> Refusal | None:
    if reads_all_feedback(actor) or works_for(actor, review.service):
        return _read(actor, review)
    return Refusal(
        PermissionDenied,
        "Feedback on a review is between regulators and the service that filed it.",
    )


def _give_feedback(actor: Actor, review: Review) -> Refusal | None:
    if actor.role is not Role.REGULATOR:
        return Refusal(PermissionDenied, "Only regulators can leave feedback on a review.")
    return _submitted(review, "leave feedback on it")


def _reply(actor: Actor, review: Review) -> Refusal | None:
    """The place answers feedback; a regulator adds to the conversation with more feedback,
    so the review page never offers them a reply box beside their own feedback box."""
    if not works_for(actor, review.service):
        refusal = _not_the_service(review, "reply to feedback on this review")
        if actor.role is Role.REGULATOR:
            return Refusal(
                refusal.error, refusal.message + " To add to the conversation, leave feedback."
            )
        return refusal
    return _submitted(review, "reply to feedback on it")


def acknowledges_reviews(actor: Actor) -> bool:
    """Regulators acknowledge submitted reviews (and so follow what comes in)."""
    return actor.role is Role.REGULATOR


def _acknowledge(actor: Actor, review: Review) -> Refusal | None:
    if not acknowledges_reviews(actor):
        return Refusal(PermissionDenied, "Only regulators can acknowledge a review.")
    refusal = _submitted(review, "acknowledge it")
    current = review.current_revision
    if refusal is None and current is not None and current.acknowledged_at is not None:
        number = current.number
        return Refusal(Conflict, f"Revision {number} of this review is already acknowledged.")
    return refusal


def _read_history(actor: Actor, review: Review) -> Refusal | None:
    if actor.role in {Role.ADMIN, Role.REGULATOR}:
        return _read(actor, review)
    return Refusal(
        PermissionDenied, "Only administrators and regulators can read a review's history."
    )


def _submitted(review: Review, doing: str) -> Refusal | None:
    if is_submitted(review):
        return None
    return Refusal(Conflict, f"This review has not been submitted yet, so you cannot {doing}.")


def _not_the_service(review: Review, doing: str) -> Refusal:
    return Refusal(
        PermissionDenied,
        f"Only service managers who work for {review.service.place.name} can {doing}.",
    )


_RULES: dict[Action, Callable[[Actor, Review], Refusal | None]] = {
    Action.READ: _read,
    Action.READ_DRAFT: _read_draft,
    Action.EDIT: _change,
    Action.SUBMIT: _change,
    Action.AMEND: _amend,
    Action.READ_FEEDBACK: _read_feedback,
    Action.GIVE_FEEDBACK: _give_feedback,
    Action.REPLY: _reply,
    Action.ACKNOWLEDGE: _acknowledge,
    Action.READ_HISTORY: _read_history,
}
