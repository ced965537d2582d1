from __future__ import annotations

from flask.testing import FlaskCliRunner


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
