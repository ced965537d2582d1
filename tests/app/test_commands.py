from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from flask.testing import FlaskCliRunner
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from outcomes.accounts.operations import get_user_by_email
from outcomes.accounts.passwords import verify_password
from outcomes.config import PROJECT_ROOT
from outcomes.places.models import Place
from outcomes.services.models import Service
from web import create_app


def test_places_import_is_idempotent(runner: FlaskCliRunner, db: Session) -> None:
    first = runner.invoke(args=["places", "import"])
    assert first.exit_code == 0, first.output
    assert "0 updated" in first.output
    again = runner.invoke(args=["places", "import"])
    assert "0 created, 0 updated" in again.output


def test_places_import_refuses_a_bad_file(runner: FlaskCliRunner, db: Session, tmp_path) -> None:
    bad = tmp_path / "places.csv"
    bad.write_text("RGNCD,RGNNM,CTRYCD,CTRYNM\nE12000001,,E92000001,England\n")
    result = runner.invoke(args=["places", "import", str(bad)])
    assert result.exit_code == 1
    assert "places.csv, row 2, column RGNNM: the name is empty" in result.output
    assert db.scalar(select(func.count()).select_from(Place)) == 0


def test_users_create_list_and_deactivate(runner: FlaskCliRunner, shipped_places: Session) -> None:
    created = runner.invoke(
        args=[
            "users",
            "create",
            "--email",
            "Sm@Wigan.gov.uk",
            "--role",
            "service_manager",
            "--place",
            "E08000010",
        ]
    )
    assert created.exit_code == 0, created.output
    password = created.output.rsplit(": ", 1)[1].strip()
    user = get_user_by_email(shipped_places, "sm@wigan.gov.uk")
    assert user is not None and verify_password(user.password_hash, password)
    listed = runner.invoke(args=["users", "list"])
    assert "sm@wigan.gov.uk\tservice_manager\tactive\tE08000010" in listed.output
    assert runner.invoke(args=["users", "deactivate", "sm@wigan.gov.uk"]).exit_code == 0
    assert not user.active
    missing = runner.invoke(args=["users", "deactivate", "nobody@example.gov.uk"])
    assert missing.exit_code == 1 and "There is no account" in missing.output


def test_demo_keeps_its_data_and_renews_passwords(
    runner: FlaskCliRunner, shipped_places: Session
) -> None:
    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0, first.output
    services = shipped_places.scalar(select(func.count()).select_from(Service))
    second = runner.invoke(args=["demo"])
    assert shipped_places.scalar(select(func.count()).select_from(Service)) == services
    for role_line in ("admin@outcomes.example", "manager@outcomes.example"):
        assert role_line in first.output and role_line in second.output
    assert first.output != second.output  # new passwords each run


def test_demo_without_places_says_what_to_do_in_one_line(
    runner: FlaskCliRunner, db: Session
) -> None:
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    (message,) = result.output.strip().splitlines()
    assert message.startswith("Error: ") and "outcomes places import" in message


def test_commands_on_a_database_without_the_schema_say_to_upgrade(tmp_path: Path) -> None:
    app = create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.db'}"})
    runner = app.test_cli_runner()
    for args in (
        ["frameworks", "validate", str(PROJECT_ROOT / "frameworks")],
        ["frameworks", "list"],
        ["users", "list"],
        ["demo"],
    ):
        result = runner.invoke(args=args)
        assert result.exit_code == 1, (args, result.output)
        assert isinstance(result.exception, SystemExit), (args, result.exception)
        (message,) = result.output.strip().splitlines()
        assert "run `outcomes db upgrade` first" in message, (args, message)


def test_the_help_imports_no_heavy_library_and_computes_no_hash() -> None:
    # In a process of its own: this test process has imported everything already.
    script = (
        "import sys\n"
        "from web.cli import main\n"
        "sys.argv = ['outcomes', '--help']\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "from outcomes.accounts import passwords\n"
        "heavy = ['pandas', 'numpy', 'matplotlib', 'pyarrow', 'openpyxl', 'alembic',\n"
        "         'outcomes.demo.words', 'outcomes.demo.story']\n"
        "print('loaded:', sorted(m for m in heavy if m in sys.modules))\n"
        "print('hashes:', passwords._dummy_hash.cache_info().currsize)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert "Outcomes: learning reviews" in result.stdout
    assert "loaded: []" in result.stdout, result.stdout
    assert "hashes: 0" in result.stdout
