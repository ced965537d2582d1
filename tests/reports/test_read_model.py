"""The comparison read model always equals a fresh computation from the reviews.

Data goes in through the front doors (tests/frontdoor.py: filing, submitting, amending,
the spreadsheet import, a place recoded by importing an ONS list); after each step the
table (kept in step in the same transaction) is compared with what ``rebuild`` would
write, row for row.
"""

from __future__ import annotations

import random
import subprocess
import sys

import pytest
from factories import create_service, create_user
from flask.testing import FlaskCliRunner
from frontdoor import (
    PERIODS,
    PLACE_CODES,
    FrontDoorData,
    amend_review,
    build_front_door_data,
    file_review,
    import_and_submit,
    pinned_for,
    recode,
    varied_answers,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from outcomes.accounts.access import OPERATOR
from outcomes.audit.models import AuditEvent
from outcomes.frameworks.models import FrameworkVersion
from outcomes.frameworks.store import get_framework
from outcomes.places.operations import get_place
from outcomes.reports import readmodel
from outcomes.reports.readmodel import ComparisonAnswer
from outcomes.reviews.answers import AnswerInput
from outcomes.reviews.models import Review, ReviewStatus
from outcomes.reviews.submission import start_amendment

FRAMEWORK = "public-service-reform"


def in_step(db: Session) -> int:
    """Assert the table equals a fresh computation; the number of rows."""
    db.flush()
    stored, fresh = readmodel.stored_rows(db), readmodel.fresh_rows(db)
    assert stored == fresh, (len(stored - fresh), len(fresh - stored))
    return len(stored)


@pytest.fixture
def front_door(db: Session, frameworks: dict[str, FrameworkVersion]) -> FrontDoorData:
    return build_front_door_data(db)


def test_the_front_doors_keep_it_in_step(db: Session, front_door: FrontDoorData) -> None:
    rows = in_step(db)
    submitted = [r for r in front_door.reviews if r.status is ReviewStatus.SUBMITTED]
    assert {row.review_id for row in db.scalars(select(ComparisonAnswer))} == {
        r.id for r in submitted
    }
    assert rows > 0

    # An amendment started but not submitted changes nothing a report reads.
    manager = front_door.managers[PLACE_CODES[0]]
    before = readmodel.stored_rows(db)
    review = next(r for r in front_door.reviews if r.service.place.code == PLACE_CODES[0])
    start_amendment(
        db, manager, review, reason="Checking a figure", lock_version=review.lock_version
    )
    db.flush()
    assert readmodel.stored_rows(db) == before
    assert in_step(db) == rows

    # A recoded place: its rows follow it to the new code, in the same transaction.
    gateshead = get_place(db, "E08000037")
    recoded = recode(db, gateshead, "E06000990")
    in_step(db)
    moved = db.scalars(
        select(ComparisonAnswer.current_place_id).where(ComparisonAnswer.place_id == gateshead.id)
    ).all()
    assert moved and set(moved) == {recoded.id}


def test_rebuild_writes_the_same_rows_and_is_on_the_audit_trail(
    db: Session, front_door: FrontDoorData
) -> None:
    kept = readmodel.stored_rows(db)
    db.execute(ComparisonAnswer.__table__.delete())
    assert readmodel.rebuild(db, OPERATOR) == len(kept)
    assert readmodel.stored_rows(db) == kept
    assert db.scalar(
        select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "reports.rebuild")
    )


def test_the_command_rebuilds_it(
    runner: FlaskCliRunner, db: Session, front_door: FrontDoorData
) -> None:
    kept = readmodel.stored_rows(db)
    db.execute(ComparisonAnswer.__table__.delete())
    result = runner.invoke(args=["reports", "rebuild"])
    assert result.exit_code == 0, result.output
    assert result.output == f"Rebuilt the comparison read model: {len(kept):,} answers.\n"
    assert readmodel.stored_rows(db) == kept


STEPS = ("file", "amend", "import", "recode", "draft")


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(st.sampled_from(STEPS), min_size=1, max_size=6), seed=st.integers(0, 99))
def test_any_sequence_of_changes_keeps_it_in_step(
    db: Session, frameworks: dict[str, FrameworkVersion], steps: list[str], seed: int
) -> None:
    rng = random.Random(seed)
    nested = db.begin_nested()
    try:
        framework = get_framework(db, FRAMEWORK)
        places = [get_place(db, code) for code in PLACE_CODES[:3]]
        filed: list[Review] = []
        for number, step in enumerate(steps):
            current = [p for p in places if p.superseded_by_id is None]
            place = rng.choice(current)
            manager = create_user(db, places=[place])
            if step in {"file", "draft"}:
                service = create_service(db, place=place, service_area="housing")
                period = rng.choice(PERIODS)
                review = file_review(
                    db, manager, service, period, seed=rng.randrange(99), submitted=step == "file"
                )
                filed.append(review)
            elif step == "amend" and any(r.status is ReviewStatus.SUBMITTED for r in filed):
                review = rng.choice([r for r in filed if r.status is ReviewStatus.SUBMITTED])
                amender = create_user(db, places=[review.service.place])
                amend_review(
                    db,
                    amender,
                    review,
                    {"people_supported": AnswerInput(value=100_000 + number)},  # a change
                )
            elif step == "import":
                service = create_service(db, place=place, service_area="early_help")
                definition = pinned_for(db, framework, place)
                answers = varied_answers(rng, definition)
                filed += import_and_submit(db, manager, place, [(service, PERIODS[0], answers)])
            elif step == "recode" and len(current) > 1:
                places.append(recode(db, place, f"E0600098{number}"))
            in_step(db)
    finally:
        nested.rollback()
        db.expunge_all()  # the next example may be given the ids of the rolled back rows


def test_every_session_keeps_it_in_step_whatever_was_imported_first() -> None:
    """The app's sessions (pages, API, commands) keep the read model and the data version
    in step because the module that makes them says so, not because a report page
    happens to import the read model."""
    script = (
        "from sqlalchemy import event\n"
        "from sqlalchemy.orm import Session\n"
        "import sys\n"
        "import web.database\n"
        "readmodel = sys.modules['outcomes.reports.readmodel']\n"
        "data_version = sys.modules['outcomes.data_version']\n"
        "assert event.contains(Session, 'after_flush', readmodel._keep_in_step)\n"
        "print('kept in step')\n"
    )
    ran = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.strip() == "kept in step"
