"""National asks and the bodies' responses through the API: read them (national readers)
and, for responders, add a dated response. The rules are those of outcomes.national."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Response, jsonify

from outcomes.errors import InvalidInput
from outcomes.national.access import require_answerer, require_national_reader, responder_body
from outcomes.national.asks import (
    AskFilter,
    AskKey,
    NationalAsk,
    cited_asks,
    get_ask,
    national_asks,
)
from outcomes.national.models import NationalResponse, ResponseStatus
from outcomes.national.register import get_body
from outcomes.national.responses import ResponseInput, record_response
from web.api import arguments, bp
from web.api.auth import api_user
from web.api.reviews import _body, _field, _iso
from web.database import get_session
from web.extensions import ask_settings

ASK_PATH = "/national-asks/<barrier>/<period_start>/<period_end>"


@bp.get("/national-asks")
def list_national_asks() -> Response:
    require_national_reader(api_user())
    filters = AskFilter(
        body=arguments.text("body"),
        barrier=arguments.text("barrier"),
        status=arguments.choice(ResponseStatus, "status"),
    )
    found = national_asks(get_session(), api_user(), filters=filters, **ask_settings())
    return jsonify({"items": [_ask(ask) for ask in found]})


def _found(barrier: str, period_start: str, period_end: str) -> NationalAsk:
    require_national_reader(api_user())
    key = AskKey.parse(barrier, period_start, period_end)
    return get_ask(get_session(), api_user(), key, **ask_settings())


@bp.get(ASK_PATH)
def national_ask(barrier: str, period_start: str, period_end: str) -> Response:
    found = _found(barrier, period_start, period_end)
    cited = cited_asks(get_session(), api_user(), found.key)
    return jsonify(
        {
            **_ask(found),
            "asks": [
                {"place_code": c.place_code, "place": c.place, "service": c.service, "ask": c.ask}
                for c in cited
            ],
        }
    )


@bp.get(f"{ASK_PATH}/responses")
def national_responses(barrier: str, period_start: str, period_end: str) -> Response:
    found = _found(barrier, period_start, period_end)
    return jsonify({"items": [_response(found, r) for r in found.responses]})


@bp.post(f"{ASK_PATH}/responses")
def add_national_response(barrier: str, period_start: str, period_end: str) -> tuple[Response, int]:
    require_answerer(api_user())
    session = get_session()
    found = _found(barrier, period_start, period_end)
    body = _body()
    code = body.get("body")
    if code is None:
        own = responder_body(session, api_user())
        if own is None:
            raise InvalidInput("Name the body you answer for in body", field="body")
        answering = own
    elif isinstance(code, str):
        answering = get_body(session, code)
    else:
        raise InvalidInput("body must be the code of a national body", field="body")
    try:
        status = ResponseStatus(_field(body, "status", str))
    except ValueError:
        raise InvalidInput("status is not one of the response statuses", field="status") from None
    given = ResponseInput(
        status=status,
        responded_on=_iso(body, "responded_on") or date.today(),
        statement=_field(body, "statement", str),
        what_will_change=_optional_text(body, "what_will_change"),
        change_by=_iso(body, "change_by"),
        reasons=_optional_text(body, "reasons"),
        evidence=_optional_text(body, "evidence"),
    )
    added = record_response(session, api_user(), found, answering, given, today=date.today())
    return jsonify(_response(found, added)), 201


def _optional_text(body: dict[str, Any], name: str) -> str:
    value = body.get(name)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InvalidInput(f"{name} must be text", field=name)
    return value


def _ask(ask: NationalAsk) -> dict[str, Any]:
    return {
        "barrier": ask.key.barrier_id,
        "barrier_title": ask.barrier_title,
        "period_start": ask.key.period_start.isoformat(),
        "period_end": ask.key.period_end.isoformat(),
        "places": ask.places,
        "reviews": ask.reviews,
        "bodies": [{"code": b.code, "name": b.name} for b in ask.bodies],
        "due_on": ask.due_on.isoformat(),
        "status": ask.status.value,
        "days_overdue": ask.days_overdue,
    }


def _response(ask: NationalAsk, response: NationalResponse) -> dict[str, Any]:
    return {
        "id": response.id,
        "body": response.body.code,
        "body_name": response.body.name_on(response.responded_on),
        "status": response.status.value,
        "responded_on": response.responded_on.isoformat(),
        "late": ask.is_late(response),
        "statement": response.statement,
        "what_will_change": response.what_will_change,
        "change_by": response.change_by.isoformat() if response.change_by else None,
        "reasons": response.reasons,
        "evidence": response.evidence,
    }
