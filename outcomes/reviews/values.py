"""A revision's answers as plain data, and writing them back to its rows.

Each answered item has one value, a small dict of what was given:

    text items       {"text": "...", "consent": "regulators", "personal_details": false}
                     (consent and personal_details only for text that carries consent)
    number items     {"number": 12}
    rubric items     {"level": 3}
    choice items     {"choices": ["nhs", "police"]}   (one entry for a `choice` item)
    barriers items   {"asks": {"multi_year_funding": "..."}, "consent": "regulators"}

The same shape is compared between revisions, recorded in the audit trail and copied
into an amendment, so a value means the same wherever it appears.
"""

from __future__ import annotations

from typing import Any

from outcomes.reviews.models import Answer, BarrierCitation, ConsentScope, ReviewRevision

Value = dict[str, Any]


def revision_values(revision: ReviewRevision) -> dict[str, Value]:
    """Each answered item's value in the revision, by item id."""
    values = {answer.item_id: _answer_value(answer) for answer in revision.answers}
    for citation in revision.citations:
        value = values.setdefault(
            citation.item_id, {"asks": {}, "consent": citation.consent_scope.value}
        )
        value["asks"][citation.barrier_id] = citation.ask or ""
    return values


def _answer_value(answer: Answer) -> Value:
    value: Value = {}
    if answer.value_text is not None:
        value["text"] = answer.value_text
        if answer.consent_scope is not None:
            value["consent"] = answer.consent_scope.value
            value["personal_details"] = bool(answer.personal_details)
    elif answer.value_number is not None:
        number = float(answer.value_number)
        value["number"] = int(number) if number.is_integer() else number
    elif answer.value_level is not None:
        value["level"] = answer.value_level
    elif isinstance(answer.value_choices, list):
        value["choices"] = [str(choice) for choice in answer.value_choices]
    return value


def write_value(revision: ReviewRevision, item_id: str, value: Value | None) -> None:
    """Make the revision's rows for ``item_id`` hold ``value`` (None or {}: no answer).

    Rows are updated in place rather than replaced: a flush inserts before it deletes,
    so a replacement would collide with the row it replaces.
    """
    value = value or {}
    _write_citations(revision, item_id, value.get("asks", {}), value.get("consent"))
    answer = next((a for a in revision.answers if a.item_id == item_id), None)
    if not value or "asks" in value:
        if answer is not None:
            revision.answers.remove(answer)
        return
    if answer is None:
        answer = Answer(item_id=item_id)
        revision.answers.append(answer)
    consent = value.get("consent")
    answer.value_text = value.get("text")
    answer.value_number = value.get("number")
    answer.value_level = value.get("level")
    answer.value_choices = value.get("choices")
    answer.consent_scope = ConsentScope(consent) if consent else None
    answer.personal_details = value.get("personal_details")


def _write_citations(
    revision: ReviewRevision, item_id: str, asks: dict[str, str], consent: str | None
) -> None:
    existing = {c.barrier_id: c for c in revision.citations if c.item_id == item_id}
    for barrier_id, citation in existing.items():
        if barrier_id not in asks:
            revision.citations.remove(citation)
    for barrier_id, ask in asks.items():
        kept = existing.get(barrier_id)
        if kept is None:
            kept = BarrierCitation(item_id=item_id, barrier_id=barrier_id)
            revision.citations.append(kept)
        citation = kept
        citation.ask = ask or None
        citation.consent_scope = ConsentScope(consent or ConsentScope.REGULATORS)
