from __future__ import annotations

import json
from datetime import date

from flask.testing import FlaskCliRunner
from national_data import TODAY, ask_for, citing_review, load_register

from outcomes.accounts.access import OPERATOR
from outcomes.national.models import ResponseStatus
from outcomes.national.register import get_body
from outcomes.national.responses import ResponseInput, record_response


def test_import_then_list_shows_the_bodies_by_name(runner: FlaskCliRunner) -> None:
    first = runner.invoke(args=["national-bodies", "import"])
    assert first.exit_code == 0, first.output
    assert "responsibilities added" in first.output
    again = runner.invoke(args=["national-bodies", "import"])
    assert "0 created, 0 names added, 0 responsibilities added" in again.output
    listed = runner.invoke(args=["national-bodies", "list", "--on", "2022-06-01"])
    assert "mhclg\tDepartment for Levelling Up, Housing and Communities\tcurrent" in listed.output
    dcms = next(line for line in listed.output.splitlines() if line.startswith("dcms"))
    assert "data_sharing" in dcms


def test_the_report_command_carries_each_asks_status(
    runner: FlaskCliRunner,
    db,
    frameworks,
    tmp_path,  # type: ignore[no-untyped-def]
) -> None:
    load_register(db)
    citing_review(db, frameworks["2.0.0"])
    citing_review(db, frameworks["2.0.0"], barrier="workforce")
    ask = ask_for(db, OPERATOR)
    given = ResponseInput(ResponseStatus.ACKNOWLEDGED, date(2025, 9, 1), "Seen.")
    record_response(db, OPERATOR, ask, get_body(db, "hmt"), given, today=TODAY)
    output = tmp_path / "report.json"
    result = runner.invoke(
        args=[
            "report",
            "--framework",
            "public-service-reform",
            "--format",
            "json",
            "--output",
            str(output),
        ]
    )
    assert result.exit_code == 0, result.output
    sections = json.loads(output.read_text())["sections"]
    rows = next(
        s["tables"]["barriers_over_time"]["rows"]
        for s in sections
        if "barriers_over_time" in s["tables"]
    )
    assert {r["barrier"]: r["response_status"] for r in rows} == {
        "devolution": "acknowledged",
        "workforce": "awaiting_response",
    }
