"""Who may export, who may read the export log, and what the log records."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

import pytest
from exporting import Dataset, build_dataset, inspector, query, regulator, run_export
from factories import create_user
from frictionless import validate
from sqlalchemy import select
from sqlalchemy.orm import Session

from outcomes.accounts.access import OPERATOR
from outcomes.accounts.models import Role
from outcomes.audit.models import AuditEvent
from outcomes.disclosure import DisclosureRule
from outcomes.errors import InvalidInput, PermissionDenied
from outcomes.exports.models import ExportRecord
from outcomes.exports.operations import list_exports, preview_export
from outcomes.exports.query import ExportFormat, ExportQuery
from outcomes.frameworks.models import FrameworkVersion
from outcomes.reviews.models import ReviewStatus
from outcomes.scope import ReviewScope


@pytest.fixture
def dataset(db: Session, frameworks: dict[str, FrameworkVersion]) -> Dataset:
    return build_dataset(db, frameworks)


@pytest.mark.parametrize("role", [Role.INSPECTOR, Role.REGULATOR, Role.ADMIN])
def test_inspectors_regulators_and_admins_may_export(
    db: Session, dataset: Dataset, role: Role
) -> None:
    record, data = run_export(db, create_user(db, role=role), query())
    assert record.row_counts["reviews"] == 3
    assert data


def test_service_managers_may_not_export(db: Session, dataset: Dataset) -> None:
    manager = create_user(db, places=[dataset.family_hub.service.place])
    with pytest.raises(PermissionDenied, match="export datasets"):
        run_export(db, manager, query())
    with pytest.raises(PermissionDenied):
        preview_export(db, manager, query(), rule=DisclosureRule())
    assert db.scalar(select(ExportRecord)) is None


def test_only_administrators_may_export_drafts(db: Session, dataset: Dataset) -> None:
    drafts = query(statuses=(ReviewStatus.SUBMITTED, ReviewStatus.DRAFT))
    with pytest.raises(PermissionDenied, match="Only administrators can export draft"):
        run_export(db, inspector(db), drafts)

    record, _ = run_export(db, create_user(db, role=Role.ADMIN), drafts)
    assert record.row_counts["reviews"] == 4


def test_each_export_is_recorded_in_the_log_and_the_audit_trail(
    db: Session, dataset: Dataset
) -> None:
    actor = inspector(db)
    first, data = run_export(db, actor, query(versions=("1.0.0",)))
    second, _ = run_export(db, actor, query(), ExportFormat.JSON)

    assert first.user == actor
    assert first.user_label == actor.email
    assert first.format == "datapackage"
    assert first.filters["versions"] == ["1.0.0"]
    assert first.filters["include_feedback"] is False
    assert first.row_counts == {
        "places": 2,
        "services": 2,
        "items": 27,  # the items of 1.0.0
        "reviews": 2,
        "answers": 11,
        "barrier_citations": 2,
        "national_asks": 2,
        "responses": 0,
    }
    assert first.sha256 == hashlib.sha256(data).hexdigest()
    assert first.size_bytes == len(data)
    assert second.format == "json"

    events = db.scalars(select(AuditEvent).where(AuditEvent.action == "export.create")).all()
    assert [event.subject_id for event in events] == [str(first.id), str(second.id)]
    assert events[0].actor == actor
    assert events[0].after["sha256"] == first.sha256

    log = list_exports(db, create_user(db, role=Role.REGULATOR))
    assert [record.id for record in log] == [second.id, first.id]


@pytest.mark.parametrize("role", [Role.INSPECTOR, Role.SERVICE_MANAGER])
def test_only_admins_and_regulators_read_the_log(db: Session, role: Role) -> None:
    with pytest.raises(PermissionDenied, match="read the export log"):
        list_exports(db, create_user(db, role=role))
    assert list_exports(db, OPERATOR) == []


def test_the_preview_counts_what_the_export_will_hold(db: Session, dataset: Dataset) -> None:
    preview = preview_export(
        db, regulator(db), query(every_revision=True, include_feedback=True), rule=DisclosureRule()
    )
    record, _ = run_export(db, regulator(db), query(every_revision=True, include_feedback=True))

    assert preview.row_counts == record.row_counts
    assert preview.versions == [
        "Public service reform learning review 1.0.0",
        "Public service reform learning review 2.0.0",
    ]
    assert not preview.is_empty


def test_an_unknown_framework_or_version_is_a_clear_error(db: Session, dataset: Dataset) -> None:
    with pytest.raises(InvalidInput, match=r"has no version 9\.9\.9\. Its versions are 1\.0\.0"):
        run_export(db, inspector(db), query(versions=("9.9.9",)))
    with pytest.raises(
        InvalidInput, match=r"There is no framework 'nope'\. Choose one of: public-"
    ):
        preview_export(
            db, inspector(db), ExportQuery(ReviewScope(framework="nope")), rule=DisclosureRule()
        )


def test_an_export_with_no_reviews_is_still_a_valid_package(
    db: Session, frameworks: dict[str, FrameworkVersion], tmp_path: Path
) -> None:
    record, data = run_export(db, inspector(db), query())
    zipfile.ZipFile(io.BytesIO(data)).extractall(tmp_path)

    assert set(record.row_counts.values()) == {0}
    assert validate(tmp_path / "datapackage.json").valid
