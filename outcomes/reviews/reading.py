"""Reading a review: finding it, opening its draft, its answers in words, and what changed
between two revisions. Text given under a consent scope is shown only to those it allows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from outcomes.accounts.access import Actor
from outcomes.disclosure import WITHHELD_SUPPRESSED, DisclosureRule, disclose
from outcomes.errors import Conflict, NotFound
from outcomes.frameworks.definition import ChoiceItem, Item, NumberItem, RubricItem
from outcomes.places.models import Place
from outcomes.reviews.access import Action, has_draft, may, require
from outcomes.reviews.history import Event, record_event
from outcomes.reviews.models import ConsentScope, Review, ReviewRevision
from outcomes.reviews.pinned import PinnedDefinition, pinned_definition
from outcomes.reviews.values import Value, revision_values


def get_review(session: Session, actor: Actor, review_id: int) -> Review:
    """The review, if the person may read it."""
    review = session.get(Review, review_id)
    if review is None:
        raise NotFound("There is no such review. Check the address, or find it in the list.")
    require(Action.READ, actor, review)
    return review


def read_draft(session: Session, actor: Actor, review: Review) -> ReviewRevision:
    """The revision not yet submitted, recording the read if someone other than its
    author opens it."""
    require(Action.READ_DRAFT, actor, review)
    revision = review.working_revision
    if revision.is_submitted:
        raise Conflict("Every revision of this review has been submitted: there is no draft.")
    if actor.id is None or actor.id != revision.created_by_id:
        record_event(session, actor, Event.READ_DRAFT, review, after={"revision": revision.number})
    return revision


def get_revision(review: Review, number: int) -> ReviewRevision:
    """A submitted revision by its number. Drafts are opened with ``read_draft``."""
    found = next((r for r in review.revisions if r.number == number and r.is_submitted), None)
    if found is None:
        raise NotFound(f"This review has no submitted revision {number}.")
    return found


def submitted_revisions(review: Review) -> list[ReviewRevision]:
    return [revision for revision in review.revisions if revision.is_submitted]


def readable_revisions(session: Session, actor: Actor, review: Review) -> list[ReviewRevision]:
    """Every submitted revision, then the draft (a first draft or an amendment) only if the
    person may read it, its read recorded as ``read_draft`` records it."""
    revisions = submitted_revisions(review)
    if has_draft(review) and may(Action.READ_DRAFT, actor, review):
        revisions.append(read_draft(session, actor, review))
    return revisions


@dataclass(frozen=True)
class ShownAnswer:
    """One item's answer as a reader sees it."""

    item: Item
    text: str | None = None  # a text answer, exactly as typed
    summary: str | None = None  # a level, a number or one option, in words
    detail: str | None = None  # what a rubric level means for this item
    choices: tuple[str, ...] = ()  # the options chosen, by their labels
    barriers: tuple[tuple[str, str | None], ...] = ()  # (barrier, ask; None if withheld)
    consent: ConsentScope | None = None
    personal_details: bool = False
    withheld: str | None = None  # why this reader may not read it

    @property
    def answered(self) -> bool:
        return bool(self.text or self.summary or self.choices or self.barriers or self.withheld)


@dataclass(frozen=True)
class Change:
    """An item answered differently in two revisions."""

    item: Item
    before: ShownAnswer
    after: ShownAnswer


def show_answers(
    actor: Actor,
    review: Review,
    revision: ReviewRevision,
    items: Sequence[Item] | None = None,
    rule: DisclosureRule | None = None,
) -> list[ShownAnswer]:
    """The revision's answers to ``items`` (every item if None), in their order, as
    ``actor`` may see them (``outcomes.disclosure``)."""
    definition = pinned_definition(review)
    values = disclosed_values(actor, review, revision, rule)
    chosen = definition.items if items is None else items
    place = review.service.place
    return [show(definition, item, values.get(item.id), place) for item in chosen]


def disclosed_values(
    actor: Actor, review: Review, revision: ReviewRevision, rule: DisclosureRule | None = None
) -> dict[str, Value]:
    """The revision's answers (item id -> value) as ``actor`` may see them."""
    definition = pinned_definition(review)
    items = {item.id: item for item in definition.items}
    return disclose(actor, review.service.place, items, revision_values(revision), rule)


def compare_revisions(
    actor: Actor,
    review: Review,
    old: ReviewRevision,
    new: ReviewRevision,
    rule: DisclosureRule | None = None,
) -> list[Change]:
    """The items whose answers differ between two revisions, in the form's order, as
    ``actor`` may see them: a change only to what is withheld from them is not shown."""
    definition = pinned_definition(review)
    before = disclosed_values(actor, review, old, rule)
    after = disclosed_values(actor, review, new, rule)
    place = review.service.place
    return [
        Change(
            item,
            show(definition, item, before.get(item.id), place),
            show(definition, item, after.get(item.id), place),
        )
        for item in definition.items
        if before.get(item.id, {}) != after.get(item.id, {})
    ]


def show(
    definition: PinnedDefinition, item: Item, value: Value | None, place: Place
) -> ShownAnswer:
    """One answer in words, from its value as disclosed to the reader."""
    if not value:
        return ShownAnswer(item)
    scope = ConsentScope(value["consent"]) if value.get("consent") else None
    reason = value.get("withheld")
    if reason == WITHHELD_SUPPRESSED:
        return ShownAnswer(item, withheld=_suppressed(item))
    withheld = _withheld(scope, place) if reason else None
    if "asks" in value:
        barriers = []
        for barrier_id, ask in value["asks"].items():
            barrier = definition.barrier(barrier_id)
            title = barrier.title if barrier else barrier_id
            barriers.append((title, ask))
        return ShownAnswer(item, barriers=tuple(barriers), consent=scope, withheld=withheld)
    if "text" in value or reason:
        return ShownAnswer(
            item,
            text=value.get("text"),
            consent=scope,
            personal_details=bool(value.get("personal_details")),
            withheld=withheld,
        )
    if isinstance(item, NumberItem):
        number = value["number"]
        figure = f"{number:,}" if isinstance(number, int) else f"{number:,.10g}"
        return ShownAnswer(item, summary=f"{figure} {item.unit}")
    if isinstance(item, RubricItem):
        scale = definition.scale(item.scale)
        levels = scale.levels if scale else ()
        level = next((lv for lv in levels if lv.value == value["level"]), None)
        if level is None:
            return ShownAnswer(item, summary=str(value["level"]))
        return ShownAnswer(
            item,
            summary=f"{level.label} ({level.value} of {len(levels)})",
            detail=item.descriptors.get(level.value),
        )
    if isinstance(item, ChoiceItem):
        labels = {option.id: option.label for option in item.options}
        chosen = tuple(labels.get(choice, choice) for choice in value["choices"])
        if item.kind == "choice":
            return ShownAnswer(item, summary=chosen[0] if chosen else None)
        return ShownAnswer(item, choices=chosen)
    return ShownAnswer(item, summary=str(value))


def _suppressed(item: Item) -> str:
    unit = item.unit if isinstance(item, NumberItem) else "people"
    return (
        f"A small number of {unit} (fewer than the disclosure threshold): withheld so that "
        "nobody can be identified. Only people working for the place see it."
    )


def _withheld(scope: ConsentScope | None, place: Place) -> str:
    if scope is ConsentScope.REGULATORS:
        return (
            f"Only people working for {place.name}, regulators and inspection panels can read this."
        )
    return f"Only people working for {place.name} can read this."
