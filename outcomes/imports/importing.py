"""Importing reviews from a filled-in template: every row is checked first, then all are
stored as drafts, or none is.

Problems are reported by row and column, with what to fix, so a person can correct
the spreadsheet they already have open.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from outcomes.accounts.access import Actor, acts_for_place
from outcomes.accounts.models import Role, User
from outcomes.errors import InvalidInput, PermissionDenied
from outcomes.frameworks.definition import BarriersItem, ChoiceItem, Item, TextItem
from outcomes.frameworks.models import Framework
from outcomes.frameworks.store import extension_for, latest_published
from outcomes.imports.columns import SEPARATOR, template_columns
from outcomes.imports.reading import Sheet, read_sheet
from outcomes.places.identity import check_period
from outcomes.places.models import Place
from outcomes.reviews.answers import AnswerInput, check_answers, save_section
from outcomes.reviews.filing import clash_error, overlapping_review, start_review
from outcomes.reviews.models import Review
from outcomes.reviews.periods import describe_period, overlaps, period_problem, utc_today
from outcomes.reviews.pinned import PinnedDefinition, definition_of
from outcomes.reviews.sections import review_sections
from outcomes.services.models import Service

YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0", ""}


@dataclass(frozen=True)
class RowProblem:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"Row {self.row}, column {self.column}: {self.message}"


class ImportRejected(InvalidInput):
    """Rows that cannot be stored; nothing from the file was stored."""

    def __init__(self, filename: str, problems: list[RowProblem]) -> None:
        count = len(problems)
        super().__init__(
            f"{filename} has {count} problem{'s' if count != 1 else ''}. Nothing was stored: "
            "fix the rows listed and upload the whole file again.",
            field="file",
        )
        self.problems = problems


@dataclass(frozen=True)
class _Row:
    number: int
    service: Service
    period_start: date
    period_end: date
    answers: dict[str, AnswerInput]


def pinned_for(session: Session, framework: Framework, place: Place) -> PinnedDefinition:
    """What a review started today for this place would be pinned to."""
    core = latest_published(session, framework)
    extension = extension_for(session, core, place)
    return PinnedDefinition(
        definition_of(core), definition_of(extension) if extension is not None else None
    )


def may_import(actor: Actor) -> bool:
    """Whether ``actor`` may import reviews for some place: a service manager who works
    for one (each draft is filed in their name)."""
    return isinstance(actor, User) and actor.role is Role.SERVICE_MANAGER and bool(actor.places)


def import_reviews(
    session: Session,
    actor: Actor,
    place: Place,
    framework: Framework,
    filename: str,
    data: bytes,
    *,
    today: date | None = None,
) -> list[Review]:
    """Store every row of the file as a draft review for ``place``, or raise ImportRejected.
    ``today`` is the service's (UTC) date by default."""
    if not (
        isinstance(actor, User)
        and actor.role is Role.SERVICE_MANAGER
        and acts_for_place(actor, place)
    ):
        raise PermissionDenied(
            f"Only service managers who work for {place.name} can import "
            "its reviews: each draft is filed in their name."
        )
    today = today or utc_today()
    definition = pinned_for(session, framework, place)
    sheet = read_sheet(filename, data)
    _check_columns(filename, sheet, definition)
    services = list(session.scalars(select(Service).where(Service.place_id == place.id)))
    problems: list[RowProblem] = []
    rows: list[_Row] = []
    for number, cells in sheet.rows:
        row = _read_row(definition, services, number, cells, problems, today)
        if row is None:
            continue
        problem = _clash(session, framework, rows, row)
        if problem is not None:
            problems.append(RowProblem(row.number, "period_start", problem))
        rows.append(row)
    if problems:
        raise ImportRejected(filename, sorted(problems, key=lambda p: p.row))
    return [_store(session, actor, framework, definition, row, today) for row in rows]


def _check_columns(filename: str, sheet: Sheet, definition: PinnedDefinition) -> None:
    known = {column.name for column in template_columns(definition)}
    unknown = [name for name in sheet.columns if name not in known]
    missing = [
        name for name in ("service", "period_start", "period_end") if name not in sheet.columns
    ]
    problems = [
        RowProblem(
            1,
            name,
            "Outcomes does not know this column. Check its spelling "
            "against the template, or delete the column.",
        )
        for name in unknown
    ]
    problems += [
        RowProblem(1, name, "This column is missing. Copy it from the template.")
        for name in missing
    ]
    if problems:
        raise ImportRejected(filename, problems)


def _read_row(
    definition: PinnedDefinition,
    services: list[Service],
    number: int,
    cells: dict[str, str],
    problems: list[RowProblem],
    today: date,
) -> _Row | None:
    found = len(problems)
    service = _service(services, cells.get("service", "").strip())
    if service is None:
        names = ", ".join(sorted(s.name for s in services)) or "none yet"
        problems.append(
            RowProblem(
                number,
                "service",
                "Write the name of one of your place's "
                f"services exactly as Outcomes shows it: {names}.",
            )
        )
    start = _date(cells.get("period_start", ""), number, "period_start", problems)
    end = _date(cells.get("period_end", ""), number, "period_end", problems)
    period = period_problem(start, end, today) if start and end else None
    if period is not None:
        problems.append(RowProblem(number, period[0], period[1] + "."))
    elif start and end and service is not None:
        try:
            check_period(service.place, start, end)
        except InvalidInput as error:
            problems.append(RowProblem(number, "period_end", str(error)))
    answers = {item.id: _answer(item, cells, number, problems) for item in definition.items}
    _, errors = check_answers(definition, definition.items, answers)
    problems += [RowProblem(number, column, message) for column, message in errors.items()]
    if len(problems) > found or service is None or start is None or end is None:
        return None
    return _Row(number, service, start, end, answers)


def _service(services: list[Service], text: str) -> Service | None:
    for service in services:
        if text == service.name or (text.isdigit() and int(text) == service.id):
            return service
    return None


def _date(text: str, number: int, column: str, problems: list[RowProblem]) -> date | None:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        problems.append(
            RowProblem(number, column, "Write the date as year-month-day, like 2025-04-01.")
        )
        return None


def _answer(
    item: Item, cells: dict[str, str], number: int, problems: list[RowProblem]
) -> AnswerInput:
    """The cells for one item as the answer checks expect them."""
    raw = cells.get(item.id, "")
    if isinstance(item, ChoiceItem) and item.kind == "multichoice":
        return AnswerInput(choices=_split(raw))
    if isinstance(item, BarriersItem):
        asks = {barrier: cells.get(f"{item.id}:ask:{barrier}") or None for barrier in _split(raw)}
        return AnswerInput(asks=asks, consent=cells.get(f"{item.id}:consent", "").strip() or None)
    if isinstance(item, TextItem) and item.consent:
        flag = cells.get(f"{item.id}:personal_details", "").strip().lower()
        if flag not in YES | NO:
            problems.append(RowProblem(number, f"{item.id}:personal_details", "Write yes or no."))
        return AnswerInput(
            value=raw or None,
            personal_details=flag in YES,
            consent=cells.get(f"{item.id}:consent", "").strip() or None,
        )
    # Text is kept exactly as written; other answers lose stray spaces around them.
    return AnswerInput(value=(raw if isinstance(item, TextItem) else raw.strip()) or None)


def _split(raw: str) -> list[str]:
    return [part.strip() for part in raw.split(SEPARATOR) if part.strip()]


def _clash(session: Session, framework: Framework, earlier: list[_Row], row: _Row) -> str | None:
    """Why the row's period cannot be stored beside the service's other reviews of the
    framework, stored or in rows above it, or None: the refusal filing would give."""
    for other in earlier:
        if other.service.id == row.service.id and overlaps(
            row.period_start, row.period_end, other.period_start, other.period_end
        ):
            period = describe_period(other.period_start, other.period_end)
            return (
                f"Row {other.number} is already a review of this service for {period}, "
                "which overlaps this period. Keep one of the two, or change its period."
            )
    clash = overlapping_review(session, row.service, framework, row.period_start, row.period_end)
    if clash is None:
        return None
    return str(clash_error(row.service, framework, clash, row.period_start, row.period_end))


def _store(
    session: Session,
    actor: Actor,
    framework: Framework,
    definition: PinnedDefinition,
    row: _Row,
    today: date,
) -> Review:
    review = start_review(
        session,
        actor,
        row.service,
        framework,
        period_start=row.period_start,
        period_end=row.period_end,
        today=today,
    )
    for section in review_sections(definition):
        answers = {i.id: row.answers[i.id] for i in section.items if i.id in row.answers}
        save_section(session, actor, review, section.key, answers, lock_version=review.lock_version)
    return review
