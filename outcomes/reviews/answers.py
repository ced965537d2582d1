"""Checking one section's answers against the pinned items, and saving them to the draft.

Answers are checked as a whole: if any breaks a rule, nothing is saved and every problem
is reported, keyed by the field it concerns:

    "<item id>"                     the answer itself
    "<item id>:consent"             who may read it (text with consent; barrier asks)
    "<item id>:ask:<barrier id>"    what the service asks of government about a barrier

Text is kept exactly as given; an answer of only spaces counts as no answer.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from outcomes.accounts.access import Actor
from outcomes.errors import InvalidInput
from outcomes.frameworks.definition import (
    BarriersItem,
    ChoiceItem,
    Item,
    NumberItem,
    RubricItem,
    TextItem,
)
from outcomes.reviews.access import Action, require
from outcomes.reviews.follow_ups import required_items
from outcomes.reviews.history import Event, record_event
from outcomes.reviews.locking import check_lock, touch
from outcomes.reviews.models import ConsentScope, Review
from outcomes.reviews.pinned import PinnedDefinition, pinned_definition
from outcomes.reviews.sections import find_section
from outcomes.reviews.text import text_problem
from outcomes.reviews.values import Value, revision_values, write_value


@dataclass(frozen=True)
class AnswerInput:
    """One item's answer as a person gave it, before it is checked.

    value: text, a number, a rubric level or a `choice` option id (text or number).
    choices: the options chosen for a `multichoice` item, or the one option of a `choice`
        item (as it is read back, instead of value); for a `barriers` item, barriers
        chosen without saying what is asked of government (as a box ticked on the page).
    asks: for a `barriers` item, each barrier chosen with what is asked of government.
    consent: who may read text that carries consent, or a barriers item's asks.
    personal_details: whether text that carries consent contains personal details.

    A field the item does not take is refused by name (``check_answer``), never ignored:
    ignoring it would save the item as unanswered.
    """

    value: str | int | float | None = None
    choices: Sequence[str] = ()
    asks: Mapping[str, str | None] = field(default_factory=dict)
    consent: ConsentScope | str | None = None
    personal_details: bool = False


def as_input(item: Item, value: Value) -> AnswerInput:
    """A saved value given back as an answer, so that saving a section again with it keeps
    the answer (a partial change through the API, an amendment changing a few items)."""
    if "asks" in value:
        return AnswerInput(asks=value["asks"], consent=value.get("consent"))
    if "choices" in value:
        if item.kind == "multichoice":
            return AnswerInput(choices=value["choices"])
        return AnswerInput(value=value["choices"][0])
    return AnswerInput(
        value=value.get("text", value.get("number", value.get("level"))),
        consent=value.get("consent"),
        personal_details=bool(value.get("personal_details")),
    )


class InvalidAnswers(InvalidInput):
    """Answers that break the items' rules: a message for each field at fault."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        first = next(iter(errors))
        super().__init__(errors[first], field=first)
        self.errors = dict(errors)


class _Problem(Exception):
    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key = key
        self.message = message


def save_section(
    session: Session,
    actor: Actor,
    review: Review,
    section_key: str,
    answers: Mapping[str, AnswerInput],
    *,
    lock_version: int,
    complete: bool = False,
) -> list[str]:
    """Check and save the answers to one section's items; return the ids of those that
    changed. An item left out of ``answers`` has no answer. With ``complete``, the
    section's required items must be answered too."""
    require(Action.EDIT, actor, review)
    check_lock(session, actor, review, lock_version)
    definition = pinned_definition(review)
    section = find_section(definition, section_key)
    unknown = sorted(set(answers) - {item.id for item in section.items})
    if unknown:
        raise InvalidInput(
            f"This section has no question {', '.join(unknown)}. Answer only its own questions."
        )
    required = required_items(session, review) if complete else set()
    values, errors = check_answers(definition, section.items, answers, required=required)
    if errors:
        raise InvalidAnswers(errors)
    return _write(session, actor, review, values)


def change_answers(
    session: Session,
    actor: Actor,
    review: Review,
    answers: Mapping[str, AnswerInput],
    *,
    lock_version: int,
) -> list[str]:
    """Check and save the answers to the items named, from any sections; answers not
    named keep their values (a partial change, as the API makes it). One lock check, one
    save and one event in the audit trail, or nothing saved if any answer is at fault.
    Returns the ids of the items that changed."""
    require(Action.EDIT, actor, review)
    check_lock(session, actor, review, lock_version)
    definition = pinned_definition(review)
    unknown = [item_id for item_id in answers if definition.item(item_id) is None]
    if unknown:
        raise InvalidAnswers({i: f"This review has no question {i}." for i in unknown})
    named = [item for item in definition.items if item.id in answers]
    values, errors = check_answers(definition, named, answers)
    if errors:
        raise InvalidAnswers(errors)
    return _write(session, actor, review, values)


def _write(
    session: Session, actor: Actor, review: Review, values: Mapping[str, Value]
) -> list[str]:
    """Write the values that differ from the working revision's, with one event in the
    audit trail and one bump of the lock version; return the ids of the items changed."""
    revision = review.working_revision
    saved = revision_values(revision)
    changed = [item_id for item_id, value in values.items() if value != saved.get(item_id, {})]
    if changed:
        for item_id in changed:
            write_value(revision, item_id, values[item_id])
        record_event(
            session,
            actor,
            Event.SAVE,
            review,
            before={"revision": revision.number, "answers": {i: saved.get(i) for i in changed}},
            after={"revision": revision.number, "answers": {i: values[i] or None for i in changed}},
        )
        touch(session, actor, review)
    return changed


def check_answers(
    definition: PinnedDefinition,
    items: Sequence[Item],
    answers: Mapping[str, AnswerInput],
    *,
    required: Collection[str] = (),
) -> tuple[dict[str, Value], dict[str, str]]:
    """Each item's answer as a value, and a message for every field at fault (keyed as in
    this module's docstring). Items in ``required`` must be answered."""
    values: dict[str, Value] = {}
    errors: dict[str, str] = {}
    for item in items:
        try:
            value = check_answer(definition, item, answers.get(item.id, AnswerInput()))
        except _Problem as problem:
            errors[problem.key] = problem.message
            continue
        if not value and item.id in required:
            errors[item.id] = missing_message(item)
        values[item.id] = value
    return values, errors


def check_answer(definition: PinnedDefinition, item: Item, given: AnswerInput) -> Value:
    """The answer as a value (see outcomes.reviews.values), {} for no answer; raises
    _Problem for an answer that breaks the item's rules."""
    _refuse_fields_not_taken(item, given)
    if isinstance(item, TextItem):
        return _text(item, given)
    if isinstance(item, NumberItem):
        return _number(item, given.value)
    if isinstance(item, RubricItem):
        return _level(definition, item, given.value)
    if isinstance(item, BarriersItem):
        return _barriers(definition, item, given)
    if isinstance(item, ChoiceItem):
        return _choices(item, given)
    raise AssertionError(f"unknown item kind {item.kind}")


def fields_taken(item: Item) -> tuple[str, ...]:
    """The fields of an AnswerInput that an item of this kind reads."""
    if isinstance(item, BarriersItem):
        return ("choices", "asks", "consent")
    if item.kind == "multichoice":
        return ("choices",)
    if item.kind == "choice":
        return ("value", "choices")
    if isinstance(item, TextItem) and item.consent:
        return ("value", "consent", "personal_details")
    return ("value",)


def _refuse_fields_not_taken(item: Item, given: AnswerInput) -> None:
    present = {
        "value": given.value is not None,
        "choices": bool(given.choices),
        "asks": bool(given.asks),
        "consent": given.consent not in (None, ""),
        "personal_details": given.personal_details,
    }
    taken = fields_taken(item)
    extra = [name for name, there in present.items() if there and name not in taken]
    if extra:
        raise _Problem(
            item.id,
            f"‘{item.label}’ is answered with {_either(taken)}: leave out {_either(extra)}",
        )


def _either(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"


def missing_message(item: Item) -> str:
    """What to do about a required item left unanswered."""
    match item.kind:
        case "text":
            return f"Enter {_lower(item.label)}"
        case "number":
            return f"Enter a number for {_lower(item.label)}"
        case "rubric":
            return f"Choose a level for ‘{item.label}’"
        case "choice":
            return f"Choose an answer for ‘{item.label}’"
        case "multichoice":
            return f"Choose at least one answer for ‘{item.label}’"
    return f"Choose at least one barrier for ‘{item.label}’"


def _text(item: TextItem, given: AnswerInput) -> Value:
    text = _given_text(item.id, item.label, given.value, item.max_length)
    if text is None:
        return {}
    if not item.consent:
        return {"text": text}
    consent = _consent(f"{item.id}:consent", item.label, given.consent)
    if consent is None:
        raise _Problem(f"{item.id}:consent", f"Choose who may read ‘{item.label}’")
    if consent is ConsentScope.PUBLIC and given.personal_details:
        raise _Problem(
            f"{item.id}:consent",
            f"‘{item.label}’ contains personal details, so it cannot be shared publicly. "
            "Remove the details, or choose who else may read it.",
        )
    return {"text": text, "consent": consent.value, "personal_details": given.personal_details}


def _given_text(key: str, name: str, raw: object, limit: int) -> str | None:
    if raw is None:
        return None
    if not isinstance(raw, str):
        raise _Problem(key, f"{name} must be text")
    if not raw.strip():
        return None
    problem = text_problem(name, raw, limit)
    if problem:
        raise _Problem(key, problem)
    return raw


# A number as people write it: ASCII digits, commas only between groups of three (1,500),
# and a decimal part where the item takes one. Not 1e3, +12, 1_000 or other scripts' digits,
# which float() would take but nobody reading the answer back would recognise.
_WRITTEN_NUMBER = re.compile(r"-?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(\.[0-9]+)?")


def _number(item: NumberItem, raw: object) -> Value:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return {}
    example = "like 12" if item.integer else "like 12 or 2.5"
    not_a_number = _Problem(item.id, f"{item.label} must be a number, {example}")
    not_whole = _Problem(item.id, f"{item.label} must be a whole number, like 12")
    number: int | float
    if isinstance(raw, bool) or not isinstance(raw, str | int | float):
        raise not_a_number
    if isinstance(raw, int):
        number = raw  # compared exactly: a huge whole number is out of range, not an error
    elif isinstance(raw, float):
        if not math.isfinite(raw):
            raise not_a_number
        # JSON does not tell 1000 from 1000.0 or 1e3, and many encoders write one for the
        # other: a whole number is whole however it is written.
        if item.integer and not raw.is_integer():
            raise not_whole
        number = raw
    else:
        written = _WRITTEN_NUMBER.fullmatch(raw.strip())
        if written is None:
            raise not_a_number
        if item.integer and written.group(1):
            raise not_whole
        # Exact for every figure within an item's bounds; far longer ones become inf.
        number = float(raw.strip().replace(",", ""))
    low, high = item.bounds
    if not low <= number <= high:
        raise _Problem(item.id, f"{item.label} must be between {_figure(low)} and {_figure(high)}")
    return {"number": int(number) if float(number).is_integer() else number}


def _level(definition: PinnedDefinition, item: RubricItem, raw: object) -> Value:
    if raw is None or raw == "":
        return {}
    scale = definition.scale(item.scale)
    values = scale.values if scale else ()
    try:
        level = int(raw) if isinstance(raw, str | int) and not isinstance(raw, bool) else None
    except ValueError:
        level = None
    if level not in values:
        raise _Problem(item.id, f"Choose one of the levels shown for ‘{item.label}’")
    return {"level": level}


def _choices(item: ChoiceItem, given: AnswerInput) -> Value:
    if item.kind == "choice":
        if len(given.choices) > 1 or (given.choices and given.value not in (None, "")):
            raise _Problem(item.id, f"Choose one answer for ‘{item.label}’")
        chosen = [] if given.value in (None, "") else [str(given.value)]
        chosen = chosen or list(given.choices)
    else:
        chosen = list(given.choices)
    options = [option.id for option in item.options]
    if any(choice not in options for choice in chosen):
        raise _Problem(item.id, f"Choose only from the answers shown for ‘{item.label}’")
    return {"choices": [option for option in options if option in chosen]} if chosen else {}


def _barriers(definition: PinnedDefinition, item: BarriersItem, given: AnswerInput) -> Value:
    # A barrier chosen without an ask is cited all the same, its ask left empty.
    chosen = {*given.choices, *given.asks}
    unknown = [barrier for barrier in chosen if definition.barrier(barrier) is None]
    if unknown:
        raise _Problem(item.id, f"Choose only from the barriers shown for ‘{item.label}’")
    if not chosen:
        return {}
    consent = _consent(f"{item.id}:consent", item.label, given.consent)
    asks = {}
    for barrier in definition.barriers:  # in the framework's order
        if barrier.id in chosen:
            name = f"What you need from central government about ‘{barrier.title}’"
            key = f"{item.id}:ask:{barrier.id}"
            asks[barrier.id] = (
                _given_text(key, name, given.asks.get(barrier.id), item.ask_max_length) or ""
            )
    return {"asks": asks, "consent": (consent or ConsentScope.REGULATORS).value}


def _consent(key: str, label: str, raw: ConsentScope | str | None) -> ConsentScope | None:
    if raw is None or raw == "":
        return None
    try:
        return ConsentScope(raw)
    except ValueError:
        raise _Problem(key, f"Choose who may read ‘{label}’") from None


def _lower(label: str) -> str:
    """The label to follow a verb: "What we tried" becomes "what we tried", "NHS" stays."""
    if len(label) > 1 and label[1].isupper():
        return label
    return label[:1].lower() + label[1:]


def _figure(number: float) -> str:
    return f"{int(number):,}" if float(number).is_integer() else f"{number:,}"
