"""Report pages drawn once per version of the data, with ETag and 304."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from factories import create_review, create_user, sign_in
from flask.testing import FlaskClient
from report_data import SKEWED, Dataset
from sqlalchemy.orm import Session

import web.reports.views
from outcomes import data_version
from outcomes.accounts.models import Role
from outcomes.reports.notes import add_context_note

REPORT = f"/reports/?framework={SKEWED}"


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many times the report was built."""
    calls: list[int] = []
    real = web.reports.views.build_report

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(web.reports.views, "build_report", counted)
    return calls


def test_changes_reports_read_move_the_data_version(dataset: Dataset, db: Session) -> None:
    db.commit()
    before = data_version.current(db)
    service = dataset.reviews[0].service
    later = {"period_start": date(2030, 1, 1), "period_end": date(2030, 3, 31)}
    create_review(db, version=dataset.versions["2.0.0"], service=service, submitted=False, **later)
    db.commit()
    assert data_version.current(db) == before  # a draft changes no report
    later = {"period_start": date(2030, 4, 1), "period_end": date(2030, 6, 30)}
    create_review(db, version=dataset.versions["2.0.0"], service=service, **later)
    db.commit()
    submitted = data_version.current(db)
    assert submitted > before
    wigan = dataset.places["E08000010"]
    framework = dataset.versions["2.0.0"].framework
    add_context_note(db, dataset.manager, place=wigan, framework=framework, body="Hubs shut.")
    db.commit()
    assert data_version.current(db) > submitted


def test_a_repeated_report_is_drawn_once_and_answered_304(
    client: FlaskClient, dataset: Dataset, db: Session, builds: list[int]
) -> None:
    sign_in(client, dataset.regulator)
    first = client.get(REPORT)
    again = client.get(REPORT)
    assert first.status_code == again.status_code == 200
    assert len(builds) == 1
    assert first.headers["ETag"] and first.headers["ETag"] == again.headers["ETag"]
    assert first.get_data() == again.get_data()
    assert first.headers["Cache-Control"] == "no-store"  # nothing kept on a shared computer

    unchanged = client.get(REPORT, headers={"If-None-Match": first.headers["ETag"]})
    assert unchanged.status_code == 304 and unchanged.get_data() == b""
    assert len(builds) == 1

    # A submission makes a new version of the data: the report is drawn again.
    create_review(db, version=dataset.versions["2.0.0"])
    changed = client.get(REPORT, headers={"If-None-Match": first.headers["ETag"]})
    assert changed.status_code == 200 and changed.headers["ETag"] != first.headers["ETag"]
    assert len(builds) == 2


def test_each_reader_has_their_own_page(
    client: FlaskClient, dataset: Dataset, db: Session, builds: list[int]
) -> None:
    sign_in(client, dataset.regulator)
    regulators = client.get(REPORT)
    client.post("/sign-out")
    sign_in(client, create_user(db, role=Role.INSPECTOR))
    inspectors = client.get(REPORT, headers={"If-None-Match": regulators.headers["ETag"]})
    assert inspectors.status_code == 200
    assert inspectors.headers["ETag"] != regulators.headers["ETag"]
    assert len(builds) == 2
