from __future__ import annotations

import json
import shutil
from pathlib import Path

from flask.testing import FlaskCliRunner
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from outcomes.config import PROJECT_ROOT
from outcomes.frameworks.models import FrameworkVersion

SHIPPED = PROJECT_ROOT / "frameworks"


def count_versions(db: Session) -> int:
    return db.scalar(select(func.count()).select_from(FrameworkVersion)) or 0


def test_validate_passes_on_the_shipped_frameworks(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["frameworks", "validate", str(SHIPPED)])
    assert result.exit_code == 0, result.output
    assert "public-service-reform: 1.0.0, 1.1.0, 2.0.0 valid" in result.output


def test_load_is_all_or_nothing_and_repeatable(
    runner: FlaskCliRunner, shipped_places: Session
) -> None:
    first = runner.invoke(args=["frameworks", "load", str(SHIPPED)])
    assert first.exit_code == 0, first.output
    assert "Loaded public-service-reform 2.0.0" in first.output
    assert count_versions(shipped_places) == 4
    again = runner.invoke(args=["frameworks", "load", str(SHIPPED)])
    assert "Loaded" not in again.output and "Unchanged" in again.output
    listed = runner.invoke(args=["frameworks", "list"])
    assert "1.0.0 (published), 1.1.0 (published), 2.0.0 (published)" in listed.output


def test_validate_lists_every_problem_and_exits_1(runner: FlaskCliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "public-service-reform"
    folder.mkdir()
    good = (SHIPPED / "public-service-reform" / "1.0.0.yaml").read_text()
    (folder / "1.0.0.yaml").write_text(good.replace("version: 1.0.0", "version: 1.0", 1))
    (folder / "1.1.0.yaml").write_text("slug: [unclosed\n")
    result = runner.invoke(args=["frameworks", "validate", str(tmp_path)])
    assert result.exit_code == 1
    assert "problems found, nothing was stored" in result.output
    assert "1.0.0.yaml" in result.output and "1.1.0.yaml" in result.output


def test_a_bad_file_among_good_ones_stores_nothing(
    runner: FlaskCliRunner, shipped_places: Session, tmp_path: Path
) -> None:
    folder = tmp_path / "public-service-reform"
    folder.mkdir()
    for version in ("1.0.0", "1.1.0"):
        shutil.copy(SHIPPED / "public-service-reform" / f"{version}.yaml", folder)
    text = (folder / "1.1.0.yaml").read_text()
    # Removing the first measure is a major change, but the file claims a minor one.
    start = text.index("  - id: people_supported")
    end = text.index("  - id: ", start + 1)
    (folder / "1.2.0.yaml").write_text(
        (text[:start] + text[end:]).replace("version: 1.1.0", "version: 1.2.0", 1)
    )
    result = runner.invoke(args=["frameworks", "load", str(tmp_path)])
    assert result.exit_code == 1
    assert "1 item removed: a major change, but 1.1.0 → 1.2.0. Publish it as 2.0.0." in (
        result.output
    )
    assert count_versions(shipped_places) == 0


def test_diff_shows_the_split_principle_and_its_crosswalk(
    runner: FlaskCliRunner, frameworks: dict[str, FrameworkVersion]
) -> None:
    text = runner.invoke(args=["frameworks", "diff", "public-service-reform", "1.0.0", "2.0.0"])
    assert "a major change" in text.output
    assert "strengths_based replaces strengths_holistic" in text.output
    as_json = runner.invoke(
        args=["frameworks", "diff", "public-service-reform", "1.0.0", "2.0.0", "--json"]
    )
    data = json.loads(as_json.output)
    assert data["change_class"] == "major"
    replaced = {r["id"]: r for r in data["items"]["replaced"]}
    assert replaced["holistic"]["replaces"] == ["strengths_holistic"]
    assert set(replaced["holistic"]["crosswalk"]["strengths_holistic"]) == {"1", "2", "3", "4"}
