"""The national_asks and responses tables of a dataset export.

An export carries the national asks for the barriers and periods its reviews cite, and
every response to them. Counts are over all submitted reviews (the national ask), not
only the exported ones, and follow the same disclosure rule as the National asks pages.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any, Protocol

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from outcomes.accounts.access import Actor
from outcomes.disclosure import DisclosureRule
from outcomes.exports.tables import Field, ForeignKey, Table
from outcomes.national.asks import AskKey, NationalAsk, national_asks
from outcomes.national.deadlines import ResponseDeadline
from outcomes.reviews.models import BarrierCitation, Review, ReviewRevision


class _Readers(Protocol):
    @property
    def actor(self) -> Actor: ...


class ExportSource(Protocol):
    """What these tables read of an export (outcomes.exports.rows.ExportSource), named here
    so that the export's rows can read these tables without this module importing them."""

    session: Session
    rule: DisclosureRule
    # What is worked out once for an export and read by more than one table.
    memo: dict[str, Any]

    @property
    def text_access(self) -> _Readers: ...

    @property
    def in_export(self) -> ColumnElement[bool]: ...


Batches = Iterator[list[tuple[Any, ...]]]

_ASK_KEY = (
    Field("barrier_id", "string", "Id of the barrier in the framework.", required=True),
    Field("period_start", "date", "First day of the review period.", required=True),
    Field("period_end", "date", "Last day of the review period.", required=True),
)
_ASK = ("barrier_id", "period_start", "period_end")

NATIONAL_ASKS = Table(
    "national_asks",
    "National asks",
    "For each barrier and period the exported reviews cite, the national ask: the bodies "
    "asked to answer it, how many places and reviews cite it (over every submitted review), "
    "its due date and its status (the latest dated response).",
    (
        *_ASK_KEY,
        Field("barrier_title", "string", "Title of the barrier.", free_text=True),
        Field("places", "integer", "Places citing it; empty where withheld as a small count."),
        Field("reviews", "integer", "Reviews citing it; empty where withheld as a small count."),
        Field("bodies", "string", "Codes of the bodies asked to answer it, separated by ;"),
        Field("due_on", "date", "When responses are due.", required=True),
        Field(
            "status", "string", "The latest response's status, or awaiting_response.", required=True
        ),
        Field(
            "days_overdue",
            "integer",
            "Days past the due date while a body has not answered "
            "(0 if none), on the day of the export.",
            required=True,
        ),
    ),
    _ASK,
)

RESPONSES = Table(
    "responses",
    "Responses from national bodies",
    "Every dated response to the exported national asks. Responses are never changed: a "
    "change of position is a new row.",
    (
        Field("response_id", "integer", "The response's id in Outcomes.", required=True),
        *_ASK_KEY,
        Field("body_code", "string", "Code of the body that responded.", required=True),
        Field("body_name", "string", "The body's name on the day it responded.", free_text=True),
        Field(
            "status",
            "string",
            "What the response says: acknowledged, under_consideration, "
            "accepted, not_accepted or action_taken.",
            required=True,
        ),
        Field("responded_on", "date", "The date of the response.", required=True),
        Field("late", "boolean", "Whether it came after the due date.", required=True),
        Field("statement", "string", "The response.", free_text=True),
        Field("what_will_change", "string", "If accepted: what will change.", free_text=True),
        Field("change_by", "date", "If accepted: by when."),
        Field("reasons", "string", "If not accepted: the reasons.", free_text=True),
        Field("evidence", "string", "If action was taken: the evidence.", free_text=True),
    ),
    ("response_id",),
    (ForeignKey(_ASK, "national_asks", _ASK),),
)

NATIONAL_TABLES = (NATIONAL_ASKS, RESPONSES)


def _exported_asks(source: ExportSource) -> list[NationalAsk]:
    """The asks of the export, worked out once for both tables and their counts."""
    if "national_asks" not in source.memo:
        source.memo["national_asks"] = _find_exported_asks(source)
    found: list[NationalAsk] = source.memo["national_asks"]
    return found


def _find_exported_asks(source: ExportSource) -> list[NationalAsk]:
    keys = {
        AskKey(*row)
        for row in source.session.execute(
            select(BarrierCitation.barrier_id, Review.period_start, Review.period_end)
            .join(ReviewRevision, BarrierCitation.revision_id == ReviewRevision.id)
            .join(Review, ReviewRevision.review_id == Review.id)
            .where(source.in_export)
            .distinct()
        )
    }
    if not keys:
        return []
    asks = national_asks(
        source.session,
        source.text_access.actor,
        rule=source.rule,
        deadline=ResponseDeadline.from_environment(),
        today=date.today(),
    )
    found = [ask for ask in asks if ask.key in keys]
    found.sort(key=lambda a: (a.key.period_start, a.key.period_end, a.key.barrier_id))
    return found


def _ask_rows(source: ExportSource) -> Batches:
    yield [
        (
            ask.key.barrier_id,
            ask.key.period_start,
            ask.key.period_end,
            ask.barrier_title,
            ask.places,
            ask.reviews,
            ";".join(body.code for body in ask.bodies) or None,
            ask.due_on,
            ask.status.value,
            ask.days_overdue,
        )
        for ask in _exported_asks(source)
    ]


def _response_rows(source: ExportSource) -> Batches:
    rows: list[tuple[Any, ...]] = []
    for ask in _exported_asks(source):
        for r in ask.responses:
            rows.append(
                (
                    r.id,
                    *(ask.key.barrier_id, ask.key.period_start, ask.key.period_end),
                    r.body.code,
                    r.body.name_on(r.responded_on),
                    r.status.value,
                    r.responded_on,
                    ask.is_late(r),
                    r.statement,
                    r.what_will_change,
                    r.change_by,
                    r.reasons,
                    r.evidence,
                )
            )
    rows.sort(key=lambda row: row[0])
    yield rows


def national_counters(source: ExportSource) -> dict[str, Any]:
    """Row counters for count_rows: the asks are few, so counting reads them."""
    return {
        NATIONAL_ASKS.name: lambda: len(_exported_asks(source)),
        RESPONSES.name: lambda: sum(len(a.responses) for a in _exported_asks(source)),
    }


NATIONAL_READERS = {NATIONAL_ASKS.name: _ask_rows, RESPONSES.name: _response_rows}
