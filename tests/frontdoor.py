"""Test data made through the front doors: reviews filed, submitted and amended only
through the services the web form, the API and the spreadsheet import call
(``start_review``, ``save_section``, ``submit``, ``start_amendment``, ``import_reviews``).

Nothing here writes a row itself, so whatever those services store (and however they
store it) is what reports, exports and the API are tested on.

``varied_answers`` answers every kind of item with ordinary and odd values: rubric
levels, numbers, counts of people from 0 to large (small ones included, so disclosure
control has work to do), text with each consent scope, the longest text allowed, emoji,
right-to-left script, text a spreadsheet would run as a formula, choices, barriers with
asks, and optional items left empty. ``build_front_door_data`` files a small, varied set
of reviews with it.
"""

from __future__ import annotations

import csv
import io
import json
import random
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from factories import create_service, create_user
from sqlalchemy.orm import Session

from outcomes.accounts.access import Actor
from outcomes.accounts.models import Role, User
from outcomes.accounts.tokens import TokenScope, create_token
from outcomes.disclosure import DisclosureRule
from outcomes.exports.operations import export_dataset
from outcomes.exports.query import ExportFormat, ExportQuery
from outcomes.frameworks.definition import (
    BarriersItem,
    ChoiceItem,
    Item,
    NumberItem,
    RubricItem,
    TextItem,
)
from outcomes.frameworks.store import get_framework
from outcomes.imports.columns import SEPARATOR, template_columns
from outcomes.imports.importing import import_reviews, pinned_for
from outcomes.places.importer import import_places
from outcomes.places.models import Place
from outcomes.places.operations import get_place
from outcomes.reviews.answers import AnswerInput, change_answers, save_section
from outcomes.reviews.filing import start_review
from outcomes.reviews.follow_ups import required_items
from outcomes.reviews.models import ConsentScope, Review
from outcomes.reviews.pinned import PinnedDefinition, pinned_definition
from outcomes.reviews.sections import review_sections
from outcomes.reviews.submission import start_amendment, submit
from outcomes.scope import ReviewScope
from outcomes.services.models import Service

FRAMEWORK = "public-service-reform"

# Counts of people, from none to large: 1 to 4 are withheld from readers outside the place.
PEOPLE_COUNTS = (0, 1, 2, 3, 4, 5, 6, 12, 40, 97, 1_234, 250_000)
SMALL_COUNTS = (1, 2, 3, 4)

ODD_TEXTS = (
    "We met every family at home first.",
    "=SUM(A1:A9) and +44 20 7946 0000",
    "-5 people @ the hub said it worked",
    "Families 👨‍👩‍👧‍👦 told us 🙂 what mattered",
    "قال السكان إن الخدمة ساعدتهم",  # right-to-left (Arabic)
    "עבדנו יחד עם השכונה",  # right-to-left (Hebrew)
    'Quotes "like this", commas, and a\nsecond line',
    "\tStarts with a tab",
)


def long_text(limit: int) -> str:
    """The longest text the item allows, with a formula start and wide characters."""
    head = '=HYPERLINK("x") 👪 مرحبا '
    return (head * (limit // len(head) + 1))[:limit]


def answer_item(
    rng: random.Random,
    definition: PinnedDefinition,
    item: Item,
    *,
    people: Sequence[int] = PEOPLE_COUNTS,
    leave_empty: float = 0.25,
) -> AnswerInput | None:
    """An answer to ``item`` that keeps its rules, or None to leave an optional item
    empty (with probability ``leave_empty``)."""
    if not item.required and rng.random() < leave_empty:
        return None
    if isinstance(item, TextItem):
        text = long_text(item.max_length) if rng.random() < 0.15 else rng.choice(ODD_TEXTS)
        if not item.consent:
            return AnswerInput(value=text)
        scope = rng.choice(list(ConsentScope))
        personal = scope is not ConsentScope.PUBLIC and rng.random() < 0.5
        return AnswerInput(value=text, consent=scope.value, personal_details=personal)
    if isinstance(item, NumberItem):
        if item.counts_people:
            return AnswerInput(value=rng.choice(people))
        return AnswerInput(value=rng.choice((0, 2.5, 3, 17.25, 1_000_000)))
    if isinstance(item, RubricItem):
        scale = definition.scale(item.scale)
        return AnswerInput(value=rng.choice(scale.values if scale else (1,)))
    if isinstance(item, BarriersItem):
        chosen = rng.sample(list(definition.barriers), k=rng.randint(1, 3))
        asks: dict[str, str | None] = {
            barrier.id: rng.choice((*ODD_TEXTS, None)) for barrier in chosen
        }
        return AnswerInput(asks=asks, consent=rng.choice(list(ConsentScope)).value)
    assert isinstance(item, ChoiceItem)
    options = [option.id for option in item.options]
    if item.kind == "choice":
        return AnswerInput(value=rng.choice(options))
    return AnswerInput(choices=rng.sample(options, k=rng.randint(1, len(options))))


def varied_answers(
    rng: random.Random, definition: PinnedDefinition, **options: object
) -> dict[str, AnswerInput]:
    """An answer to every item (optional ones sometimes left empty), by item id."""
    answers = {}
    for item in definition.items:
        answer = answer_item(rng, definition, item, **options)  # type: ignore[arg-type]
        if answer is not None:
            answers[item.id] = answer
    return answers


def save_answers(
    db: Session, manager: User, review: Review, answers: Mapping[str, AnswerInput]
) -> None:
    """Save ``answers`` section by section, as the form's "Save and continue" does; an
    item the review must answer (a follow-up, say) and left out gets a plain answer."""
    required = required_items(db, review)
    definition = pinned_definition(review)
    for section in review_sections(definition):
        given = {i.id: answers[i.id] for i in section.items if i.id in answers}
        for item in section.items:
            if item.id in required and item.id not in given:
                given[item.id] = answer_item(random.Random(item.id), definition, item) or (
                    AnswerInput(value="What happened to what we said we would change.")
                )
        save_section(
            db, manager, review, section.key, given, lock_version=review.lock_version, complete=True
        )


def file_review(
    db: Session,
    manager: User,
    service: Service,
    period: tuple[date, date],
    answers: Mapping[str, AnswerInput] | None = None,
    *,
    seed: int = 0,
    submitted: bool = True,
    but: Mapping[str, AnswerInput] | None = None,
) -> Review:
    """A review started, answered (``answers``, or varied answers from ``seed`` with the
    items of ``but`` answered so) and submitted by ``manager``, as the form and the API
    do it."""
    framework = get_framework(db, FRAMEWORK)
    review = start_review(
        db, manager, service, framework, period_start=period[0], period_end=period[1]
    )
    if answers is None:
        answers = varied_answers(random.Random(seed), pinned_definition(review)) | dict(but or {})
    save_answers(db, manager, review, answers)
    if submitted:
        submit(db, manager, review, lock_version=review.lock_version)
    return review


def amend_review(
    db: Session,
    manager: User,
    review: Review,
    changes: Mapping[str, AnswerInput],
    *,
    reason: str = "Corrected a figure after checking our records",
) -> Review:
    """An amendment changing ``changes`` (other answers kept), submitted."""
    start_amendment(db, manager, review, reason=reason, lock_version=review.lock_version)
    change_answers(db, manager, review, changes, lock_version=review.lock_version)
    submit(db, manager, review, lock_version=review.lock_version)
    return review


def import_and_submit(
    db: Session,
    manager: User,
    place: Place,
    rows: Sequence[tuple[Service, tuple[date, date], Mapping[str, AnswerInput]]],
) -> list[Review]:
    """Reviews filed through the spreadsheet import (a CSV of the template's columns),
    then submitted, as a service manager would after checking each draft."""
    framework = get_framework(db, FRAMEWORK)
    definition = pinned_for(db, framework, place)
    columns = [column.name for column in template_columns(definition)]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    for service, (start, end), answers in rows:
        cells = {"service": service.name, "period_start": start.isoformat()}
        cells["period_end"] = end.isoformat()
        for item_id, answer in answers.items():
            cells.update(_cells(definition, item_id, answer))
        writer.writerow([cells.get(name, "") for name in columns])
    reviews = import_reviews(
        db, manager, place, framework, "reviews.csv", out.getvalue().encode("utf-8")
    )
    for review in reviews:
        submit(db, manager, review, lock_version=review.lock_version)
    return reviews


def _cells(definition: PinnedDefinition, item_id: str, answer: AnswerInput) -> dict[str, str]:
    item = definition.item(item_id)
    if isinstance(item, BarriersItem):
        cells = {item_id: SEPARATOR.join(answer.asks), f"{item_id}:consent": answer.consent or ""}
        cells |= {f"{item_id}:ask:{b}": ask or "" for b, ask in answer.asks.items()}
        return cells
    if isinstance(item, ChoiceItem) and item.kind == "multichoice":
        return {item_id: SEPARATOR.join(answer.choices)}
    cells = {item_id: "" if answer.value is None else str(answer.value)}
    if isinstance(item, TextItem) and item.consent:
        cells[f"{item_id}:consent"] = str(answer.consent or "")
        cells[f"{item_id}:personal_details"] = "yes" if answer.personal_details else "no"
    return cells


# ---------------------------------------------------------------------------------------
# A small, varied data set filed through the front doors.

Q1_2026 = (date(2026, 1, 1), date(2026, 3, 31))
Q2_2026 = (date(2026, 4, 1), date(2026, 6, 30))
Q3_2026 = (date(2026, 7, 1), date(2026, 9, 30))
PERIODS = (Q1_2026, Q2_2026, Q3_2026)

PLACE_CODES = (
    "E06000009",  # Blackpool, unitary, North West
    "E08000010",  # Wigan, metropolitan district, North West
    "E08000037",  # Gateshead, metropolitan district, North East
    "E09000007",  # Camden, London borough
    "E07000035",  # Derbyshire Dales, district, East Midlands
)
SERVICE_AREAS = ("early_help", "housing")
PEOPLE_ITEMS = (
    "people_supported",
    "families_improved",
    "wellbeing_improved",
    "homes_kept",
    "residents_volunteering",
)


@dataclass
class FrontDoorData:
    places: dict[str, Place]
    managers: dict[str, User]  # by place code
    services: dict[tuple[str, str], Service]  # by (place code, service area)
    reviews: list[Review]
    drafts: list[Review] = field(default_factory=list)
    regulator: User | None = None
    inspector: User | None = None


def build_front_door_data(db: Session, seed: int = 10) -> FrontDoorData:
    """Two services (early help, housing) in each of five places, a review for each of
    three quarters: most filed through the form's services, one place's through the
    spreadsheet import, one amended, one left as a draft. Housing in Blackpool always
    counts a few people (1 to 4), so that its counts are withheld from other readers."""
    rng = random.Random(seed)
    data = FrontDoorData({}, {}, {}, [])
    data.regulator = create_user(db, role=Role.REGULATOR)
    data.inspector = create_user(db, role=Role.INSPECTOR)
    for code in PLACE_CODES:
        place = get_place(db, code)
        data.places[code] = place
        data.managers[code] = create_user(db, places=[place])
        for area in SERVICE_AREAS:
            name = f"{place.name} {area.replace('_', ' ')} 🏠"
            data.services[(code, area)] = create_service(
                db, place=place, name=name, service_area=area
            )
    framework = get_framework(db, FRAMEWORK)
    for code in PLACE_CODES:
        manager, place = data.managers[code], data.places[code]
        definition = pinned_for(db, framework, place)
        imported = []
        for area in SERVICE_AREAS:
            service = data.services[(code, area)]
            for period in PERIODS:
                answers = varied_answers(rng, definition)
                if code == "E06000009" and area == "housing":
                    for item in PEOPLE_ITEMS:
                        answers[item] = AnswerInput(value=rng.choice(SMALL_COUNTS))
                if code == "E07000035" and area == "housing":
                    imported.append((service, period, answers))
                    continue
                draft = code == "E09000007" and area == "housing" and period == Q3_2026
                review = file_review(db, manager, service, period, answers, submitted=not draft)
                (data.drafts if draft else data.reviews).append(review)
        if imported:
            data.reviews += import_and_submit(db, manager, place, imported)
    # One amendment: Wigan's early help corrects its counts for the first quarter.
    wigan = next(
        r
        for r in data.reviews
        if r.service == data.services[("E08000010", "early_help")] and r.period_start == Q1_2026[0]
    )
    amend_review(
        db,
        data.managers["E08000010"],
        wigan,
        {"people_supported": AnswerInput(value=3), "homes_kept": AnswerInput(value=57)},
    )
    return data


# ---------------------------------------------------------------------------------------
# Reading it back through the outputs.

REPORT_QUERY = f"framework={FRAMEWORK}"
EXPORT_QUERY = f"framework={FRAMEWORK}&revisions=latest"  # as the exports page asks
API_EXPORT_QUERY = f"framework={FRAMEWORK}"  # the API's: the latest revisions by default
FORMATS = ["datapackage", "xlsx", "parquet", "json"]


def bearer(db: Session, user: User) -> dict[str, str]:
    """API headers with a new read token of ``user``."""
    _, secret = create_token(db, user, name="test", scope=TokenScope.READ)
    return {"Authorization": f"Bearer {secret}"}


def strict_json(data: bytes) -> Any:
    """JSON as the standard defines it: no NaN, Infinity or -Infinity."""

    def refuse(constant: str) -> None:
        raise AssertionError(f"{constant} is not JSON")

    return json.loads(data, parse_constant=refuse)


def export_bytes(db: Session, actor: Actor, export_format: ExportFormat) -> bytes:
    """Every submitted review's latest revision exported by ``actor``."""
    out = io.BytesIO()
    query = ExportQuery(ReviewScope(framework=FRAMEWORK))
    export_dataset(db, actor, query, export_format, out, rule=DisclosureRule())
    return out.getvalue()


# ---------------------------------------------------------------------------------------
# Places recoded, as an administrator does it: importing an ONS list.

ONS_LA_HEADER = (
    "LADCD,LADNM,LADCD_ACTIVE,LADNM_ACTIVE,UTLACD,UTLANM,CAUTHCD,CAUTHNM,RGNCD,RGNNM,"
    "CTRYCD,CTRYNM,Current\n"
)


def recode(db: Session, place: Place, new_code: str) -> Place:
    """Import an ONS list in which ``place`` has become ``new_code`` (a unitary)."""
    region = place
    while region.parent is not None:
        region = region.parent
    rows = [
        f"{place.code},{place.name},{new_code},New {place.name},{new_code},New {place.name},"
        f",,{region.code},{region.name},E92000001,England,FALSE\n",
        f"{new_code},New {place.name},{new_code},New {place.name},{new_code},"
        f"New {place.name},,,{region.code},{region.name},E92000001,England,TRUE\n",
    ]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "recoded.csv"
        path.write_text(ONS_LA_HEADER + "".join(rows), encoding="utf-8")
        import_places(db, [path])
    return get_place(db, new_code)
