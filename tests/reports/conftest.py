"""Fixtures for report tests; the data they build is described in report_data.py."""

from __future__ import annotations

from datetime import date

import pytest
from factories import create_review
from report_data import (
    NEW_RUBRIC,
    OLD_RUBRIC,
    SKEWED,
    Dataset,
    amend,
    build_dataset,
    skewed_definitions,
)
from sqlalchemy.orm import Session

from outcomes.accounts.access import OPERATOR
from outcomes.frameworks.models import FrameworkVersion
from outcomes.frameworks.store import get_version, store_definitions
from outcomes.reviews.models import Answer


@pytest.fixture
def skewed(frameworks: dict[str, FrameworkVersion]) -> dict[str, FrameworkVersion]:
    db = Session.object_session(frameworks["1.0.0"])
    assert db is not None
    store_definitions(db, OPERATOR, skewed_definitions())
    return {v: get_version(db, SKEWED, v) for v in ("1.0.0", "1.1.0", "2.0.0")}


@pytest.fixture
def dataset(skewed: dict[str, FrameworkVersion]) -> Dataset:
    db = Session.object_session(skewed["1.0.0"])
    assert db is not None
    data = build_dataset(db, skewed, seed=5)
    wigan = data.places["E08000010"]
    first = next(r for r in data.reviews if r.service.place_id == wigan.id)
    amend(
        db,
        first,
        {item: 4 for item in OLD_RUBRIC} | {"people_supported": 40, "families_improved": 2},
        data.manager,
    )
    # Drafts never count.
    create_review(
        db,
        version=skewed["2.0.0"],
        service=first.service,
        period_start=date(2026, 1, 1),
        period_end=date(2026, 3, 31),
        submitted=False,
        answers={item: 1 for item in NEW_RUBRIC},
    )
    # A local extension's item is never compared, even on a principle the core has.
    assert first.current_revision is not None
    first.current_revision.answers.append(
        Answer(item_id="e08000010.neighbourhood_working", value_level=1)
    )
    db.flush()
    return data
