"""Exports carry the national_asks and responses tables, valid as a Frictionless package."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from factories import create_user
from frictionless import validate
from national_data import TODAY, ask_for, citing_review, load_register
from sqlalchemy.orm import Session

from outcomes.accounts.access import OPERATOR
from outcomes.accounts.models import Role
from outcomes.disclosure import DisclosureRule
from outcomes.exports.operations import export_dataset
from outcomes.exports.query import ExportFormat, ExportQuery
from outcomes.frameworks.models import FrameworkVersion
from outcomes.national.models import ResponseStatus
from outcomes.national.register import get_body
from outcomes.national.responses import ResponseInput, record_response
from outcomes.scope import ReviewScope


@pytest.fixture
def version(db: Session, frameworks: dict[str, FrameworkVersion]) -> FrameworkVersion:
    load_register(db)
    return frameworks["2.0.0"]


def test_the_export_holds_asks_and_responses_and_validates(
    db: Session, version: FrameworkVersion, tmp_path: Path
) -> None:
    for _ in range(5):
        citing_review(db, version)
    citing_review(db, version, barrier="workforce")
    accepted = ResponseInput(
        ResponseStatus.ACCEPTED,
        date(2025, 9, 1),
        'Yes, with a "pilot", and commas',
        what_will_change="Pooling",
        change_by=date(2026, 4, 1),
    )
    record_response(
        db, OPERATOR, ask_for(db, OPERATOR), get_body(db, "mhclg"), accepted, today=TODAY
    )
    out = io.BytesIO()
    record = export_dataset(
        db,
        create_user(db, role=Role.INSPECTOR),
        ExportQuery(ReviewScope(framework="public-service-reform")),
        ExportFormat.DATAPACKAGE,
        out,
        rule=DisclosureRule(),
    )
    zipfile.ZipFile(io.BytesIO(out.getvalue())).extractall(tmp_path)
    report = validate(tmp_path / "datapackage.json")
    assert report.valid, report.flatten(["resourceName", "rowNumber", "type", "note"])
    assert record.row_counts["national_asks"] == 2
    assert record.row_counts["responses"] == 1
    asks = pd.read_csv(tmp_path / "national_asks.csv", dtype=str).set_index("barrier_id")
    assert asks.loc["devolution", "status"] == "accepted"
    assert asks.loc["devolution", "places"] == "5"
    assert asks.loc["workforce", "status"] == "awaiting_response"
    responses = pd.read_csv(tmp_path / "responses.csv", dtype=str)
    assert responses.loc[0, "body_code"] == "mhclg"
    assert responses.loc[0, "late"] == "false"
