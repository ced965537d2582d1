"""``outcomes report``: the same report as the page, as a file."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskCliRunner
from report_data import SKEWED, Dataset
from sqlalchemy import select
from sqlalchemy.orm import Session

import web.reports.commands
from outcomes.audit.models import AuditEvent
from outcomes.reports.result import SECTIONS


def test_csv_is_a_zip_of_every_table(
    runner: FlaskCliRunner, dataset: Dataset, db: Session, tmp_path: Path
) -> None:
    output = tmp_path / "report.zip"
    result = runner.invoke(
        args=["report", "--framework", SKEWED, "--format", "csv", "--output", str(output)]
    )
    assert result.exit_code == 0, result.output
    assert "compared on 2.0.0" in result.output
    with zipfile.ZipFile(output) as archive:
        names = archive.namelist()
    assert names[0] == "about.csv"
    assert len(names) == 1 + sum(len(part.tables) for part in SECTIONS)
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "report.download"))
    assert event is not None and event.actor_label == "operator (command line)"


def test_parameters_narrow_the_report(
    runner: FlaskCliRunner, dataset: Dataset, tmp_path: Path
) -> None:
    output = tmp_path / "report.json"
    result = runner.invoke(
        args=[
            "report",
            "--framework",
            SKEWED,
            "--version",
            "1.1.0",
            "--from",
            "2025-07-01",
            "--to",
            "2025-12-31",
            "--within",
            "E12000002",
            "--service-area",
            "early_help",
            "--follow",
            "E08000010",
            "--format",
            "json",
            "--output",
            str(output),
        ]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(output.read_text())
    assert data["context"]["version"] == "1.1.0"
    assert data["context"]["parameters"]["period_from"] == "2025-07-01"
    principles = data["sections"][0]["tables"]["principles"]["rows"]
    assert {row["place_code"] for row in principles} == {"E08000010", "E08000003"}


def test_xlsx_and_a_refused_parameter(
    runner: FlaskCliRunner, dataset: Dataset, tmp_path: Path
) -> None:
    output = tmp_path / "report.xlsx"
    done = runner.invoke(
        args=["report", "--framework", SKEWED, "--format", "xlsx", "--output", str(output)]
    )
    assert done.exit_code == 0, done.output
    with zipfile.ZipFile(output) as book:
        assert "xl/workbook.xml" in book.namelist()
    refused = runner.invoke(
        args=[
            "report",
            "--framework",
            SKEWED,
            "--places",
            "E99999999",
            "--format",
            "json",
            "--output",
            str(tmp_path / "no.json"),
        ]
    )
    assert refused.exit_code == 1
    assert "There is no place with the code E99999999" in refused.output
    assert not (tmp_path / "no.json").exists()


def test_json_holds_the_first_asks_unless_every_one_is_asked_for(
    runner: FlaskCliRunner, dataset: Dataset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(web.reports.commands, "JSON_ASKS", 2)

    def asks(*flags: str) -> dict[str, Any]:
        output = tmp_path / "report.json"
        args = ["report", "--framework", SKEWED, "--format", "json", "--output", str(output)]
        result = runner.invoke(args=[*args, *flags])
        assert result.exit_code == 0, result.output
        barriers = json.loads(output.read_text())["sections"][2]
        table: dict[str, Any] = barriers["tables"]["asks"]
        return table

    first = asks()
    assert len(first["rows"]) == 2 < first["total"] and first["complete"] is False
    every = asks("--all-asks")
    assert len(every["rows"]) == every["total"] == first["total"] and every["complete"]
