"""Reviews through the API: list, read, start a draft, change it with If-Match, submit,
and the feedback conversation. Every rule is the one the pages obey, in outcomes.reviews."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from flask import Response, jsonify, request

from outcomes.errors import InvalidInput
from outcomes.frameworks.store import get_framework
from outcomes.reviews.access import Action, require
from outcomes.reviews.answers import AnswerInput, InvalidAnswers, change_answers
from outcomes.reviews.feedback import give_feedback, reply, threads
from outcomes.reviews.filing import start_review
from outcomes.reviews.listing import ListStatus, ReviewFilters, list_reviews
from outcomes.reviews.models import Feedback, Review, ReviewRevision
from outcomes.reviews.reading import disclosed_values, get_review, readable_revisions
from outcomes.reviews.submission import submit
from outcomes.services.operations import get_service
from web.api import arguments, bp, serialise
from web.api.auth import api_user
from web.api.paging import page_json, page_number, page_size
from web.api.problems import problem
from web.database import MAX_ID, get_session

ID_CONVERTER = f"int(min=1, max={MAX_ID})"


@bp.get("/reviews")
def reviews() -> Response:
    filters = ReviewFilters(
        places=arguments.places(),
        service_area=arguments.text("service_area"),
        framework=arguments.text("framework"),
        version=arguments.text("version"),
        period_from=arguments.day("period_from"),
        period_to=arguments.day("period_to"),
        status=arguments.choice(ListStatus, "status"),
        barrier=arguments.text("barrier"),
    )
    page = list_reviews(
        get_session(), api_user(), filters, page=page_number(), per_page=page_size()
    )
    return page_json(page, _summary)


@bp.post("/reviews")
def create_review() -> tuple[Response, int]:
    body = _body()
    session = get_session()
    service = get_service(session, _id(body.get("service_id"), "service_id"))
    review = start_review(
        session,
        api_user(),
        service,
        get_framework(session, _field(body, "framework", str)),
        period_start=_iso(body, "period_start"),
        period_end=_iso(body, "period_end"),
    )
    return _with_etag(_detail(review)), 201


@bp.get(f"/reviews/<{ID_CONVERTER}:review_id>")
def review(review_id: int) -> Response:
    return _with_etag(_detail(get_review(get_session(), api_user(), review_id)))


@bp.patch(f"/reviews/<{ID_CONVERTER}:review_id>")
def update_review(review_id: int) -> Response:
    """Change some answers of the draft; answers not named keep their values."""
    session = get_session()
    found = get_review(session, api_user(), review_id)
    require(Action.EDIT, api_user(), found)  # before asking for If-Match or the body
    expected = _if_match()
    answers = _field(_body(), "answers", dict)
    change_answers(
        session,
        api_user(),
        found,
        {item_id: _parse_answer(item_id, given) for item_id, given in answers.items()},
        lock_version=expected,
    )
    return _with_etag(_detail(found))


@bp.post(f"/reviews/<{ID_CONVERTER}:review_id>/submit")
def submit_review(review_id: int) -> Response:
    session = get_session()
    found = get_review(session, api_user(), review_id)
    submit(session, api_user(), found, lock_version=_if_match())
    return _with_etag(_detail(found))


@bp.get(f"/reviews/<{ID_CONVERTER}:review_id>/feedback")
def feedback(review_id: int) -> Response:
    session = get_session()
    found = get_review(session, api_user(), review_id)
    return jsonify(
        {
            "items": [
                {**_feedback(thread.feedback), "replies": [_feedback(r) for r in thread.replies]}
                for thread in threads(session, api_user(), found)
            ]
        }
    )


@bp.post(f"/reviews/<{ID_CONVERTER}:review_id>/feedback")
def add_feedback(review_id: int) -> tuple[Response, int]:
    session = get_session()
    found = get_review(session, api_user(), review_id)
    body = _body()
    text = _field(body, "body", str)
    reply_to = body.get("reply_to")
    if reply_to is None:
        added = give_feedback(session, api_user(), found, text)
    else:
        added = reply(session, api_user(), found, _id(reply_to, "reply_to"), text)
    return jsonify(_feedback(added)), 201


def _summary(review: Review) -> dict[str, Any]:
    current = review.current_revision
    return {
        "id": review.id,
        "service": serialise.service(review.service),
        "framework": review.framework.slug,
        "version": review.framework_version.version,
        "extension_version": review.extension_version.version if review.extension_version else None,
        "period_start": review.period_start.isoformat(),
        "period_end": review.period_end.isoformat(),
        "status": review.status.value,
        "current_revision": current.number if current else None,
        "acknowledged": bool(current and current.acknowledged_at),
        "version_tag": review.lock_version,
    }


def _detail(review: Review) -> dict[str, Any]:
    actor = api_user()
    place = review.service.place
    revisions = readable_revisions(get_session(), actor, review)
    return {
        **_summary(review),
        "revisions": [_revision(review, revision, actor, place) for revision in revisions],
    }


def _revision(review: Review, revision: ReviewRevision, actor: Any, place: Any) -> dict[str, Any]:
    answers = {}
    for item_id, value in disclosed_values(actor, review, revision).items():
        # Withheld by consent or disclosure control (outcomes.disclosure): say so only.
        if value.get("withheld"):
            value = {"withheld": True, "consent": value.get("consent")}
        answers[item_id] = value
    return {
        "number": revision.number,
        "reason": revision.reason,
        "submitted_at": revision.submitted_at.isoformat() if revision.submitted_at else None,
        "acknowledged_at": (
            revision.acknowledged_at.isoformat() if revision.acknowledged_at else None
        ),
        "answers": answers,
    }


def _feedback(item: Feedback) -> dict[str, Any]:
    return {
        "id": item.id,
        "revision": item.revision_number,
        "author": item.author.display_name,
        "body": item.body,
        "created_at": item.created_at.isoformat(),
    }


# An answer is written as {"value": ...} or as it is read: {"text": ...}, {"number": ...}
# or {"level": ...} (outcomes.reviews.values), so that what a client reads it can send back.
VALUE_FIELDS = ("value", "text", "number", "level")


def _parse_answer(item_id: str, given: object) -> AnswerInput:
    if given is None:
        return AnswerInput()
    if not isinstance(given, dict):
        raise InvalidAnswers({item_id: 'Each answer must be an object, like {"value": 3}'})
    allowed = {*VALUE_FIELDS, "choices", "asks", "consent", "personal_details"}
    extra = set(given) - allowed
    named = [name for name in VALUE_FIELDS if given.get(name) is not None]
    if len(named) > 1:
        raise InvalidAnswers(
            {item_id: f"Give the answer once: send {' or '.join(named)}, not both"}
        )
    value = given.get(named[0]) if named else None
    choices, asks = given.get("choices", []), given.get("asks", {})
    consent, personal = given.get("consent"), given.get("personal_details", False)
    if (
        extra
        or not (value is None or isinstance(value, str | int | float))
        or isinstance(value, bool)
        or not isinstance(choices, list)
        or not all(isinstance(c, str) for c in choices)
        or not isinstance(asks, dict)
        or not all(isinstance(a, str | None) for a in asks.values())
        or not (consent is None or isinstance(consent, str))
        or not isinstance(personal, bool)
    ):
        raise InvalidAnswers({item_id: "The answer's shape is not right: see the API reference"})
    return AnswerInput(
        value=value, choices=choices, asks=asks, consent=consent, personal_details=personal
    )


def _body() -> dict[str, Any]:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise InvalidInput("Send a JSON object with Content-Type: application/json", field="body")
    try:  # JSON may escape half a UTF-16 pair ("\udc80"), which is no text at all
        json.dumps(body, ensure_ascii=False).encode()
    except UnicodeEncodeError:
        raise InvalidInput(
            "The JSON holds an escape that is not a character (half a surrogate pair, like "
            "\\udc80). Send text as UTF-8.",
            field="body",
        ) from None
    return body


def _id(value: object, name: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= MAX_ID:
        raise InvalidInput(f"{name} must be an id: a whole number from 1 to {MAX_ID}", field=name)
    return value


def _field(body: dict[str, Any], name: str, kind: type) -> Any:
    value = body.get(name)
    if not isinstance(value, kind) or isinstance(value, bool):
        raise InvalidInput(f"{name} is required and must be a {kind.__name__}", field=name)
    return value


def _iso(body: dict[str, Any], name: str) -> date | None:
    value = body.get(name)
    if value is None:
        return None
    try:
        return date.fromisoformat(value) if isinstance(value, str) else _bad_date(name)
    except ValueError:
        return _bad_date(name)


def _bad_date(name: str) -> date:
    raise InvalidInput(f"{name} must be a date written 2025-04-01", field=name)


def _if_match() -> int:
    header = request.headers.get("If-Match")
    if not header:
        raise _Precondition()
    tag = header.strip().removeprefix("W/").strip('"')
    if not tag.isdigit():
        raise InvalidInput('If-Match must be the ETag you read, like "3"', field="If-Match")
    return int(tag)


class _Precondition(Exception):
    pass


@bp.errorhandler(_Precondition)
def _precondition(_error: _Precondition) -> Response:
    return problem(
        428,
        "Send the review's ETag in If-Match, so that nobody's changes are "
        "overwritten unseen. Read the review first to get it.",
    )


def _with_etag(data: dict[str, Any]) -> Response:
    response = jsonify(data)
    response.headers["ETag"] = f'"{data["version_tag"]}"'
    return response
