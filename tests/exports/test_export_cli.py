"""``outcomes export``: the same exports from the command line."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from exporting import Dataset, build_dataset
from factories import create_user
from flask.testing import FlaskCliRunner
from sqlalchemy import select
from sqlalchemy.orm import Session

from outcomes.accounts.models import Role
from outcomes.exports.models import ExportRecord
from outcomes.frameworks.models import FrameworkVersion
from web.exports import commands


@pytest.fixture
def dataset(db: Session, frameworks: dict[str, FrameworkVersion]) -> Dataset:
    return build_dataset(db, frameworks)


def test_export_writes_the_file_and_records_it(
    runner: FlaskCliRunner, db: Session, dataset: Dataset, tmp_path: Path
) -> None:
    output = tmp_path / "panel.zip"
    result = runner.invoke(
        args=["export", "--output", str(output), "--version", "1.0.0", "--every-revision"]
    )

    assert result.exit_code == 0, result.output
    package = json.loads(zipfile.ZipFile(output).read("datapackage.json"))
    assert package["provenance"]["query"]["versions"] == ["1.0.0"]
    assert package["provenance"]["row_counts"]["reviews"] == 3
    record = db.scalar(select(ExportRecord))
    assert record.user_label == "operator (command line)"
    assert f"SHA-256 {record.sha256}; export {record.id} in the export log" in result.output
    assert not list(tmp_path.glob("*.partial"))


def test_export_as_an_account_sees_what_it_may(
    runner: FlaskCliRunner, db: Session, dataset: Dataset, tmp_path: Path
) -> None:
    inspector = create_user(db, role=Role.INSPECTOR)
    output = tmp_path / "panel.json"
    result = runner.invoke(
        args=["export", "--format", "json", "--output", str(output), "--as", inspector.email]
    )

    assert result.exit_code == 0, result.output
    answers = json.loads(output.read_text())["tables"]["answers"]
    assert "[not shared]" in {answer["value_text"] for answer in answers}
    assert db.scalar(select(ExportRecord)).user == inspector


def test_refusals_leave_no_file(
    runner: FlaskCliRunner, db: Session, dataset: Dataset, tmp_path: Path
) -> None:
    output = tmp_path / "drafts.zip"
    manager = create_user(db)
    refused = runner.invoke(args=["export", "--output", str(output), "--as", manager.email])
    assert refused.exit_code == 1
    assert "Only administrators or regulators or inspection panel members can export" in (
        refused.output
    )

    backwards = runner.invoke(
        args=["export", "--output", str(output), "--from", "2025-07-01", "--to", "2025-06-30"]
    )
    assert backwards.exit_code == 1
    assert "The start of the period must be before its end" in backwards.output
    assert list(tmp_path.iterdir()) == []
    assert db.scalar(select(ExportRecord)) is None


def test_a_large_export_shows_a_progress_bar(
    runner: FlaskCliRunner,
    db: Session,
    dataset: Dataset,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(commands, "PROGRESS_FROM", 10)
    output = tmp_path / "panel.parquet.zip"
    result = runner.invoke(args=["export", "--format", "parquet", "--output", str(output)])

    assert result.exit_code == 0, result.output
    assert "Exporting rows" in result.output
    names = zipfile.ZipFile(io.BytesIO(output.read_bytes())).namelist()
    assert "answers.parquet" in names
