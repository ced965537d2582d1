from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from flask.testing import FlaskCliRunner
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from outcomes.accounts.operations import get_user_by_email
from outcomes.accounts.passwords import verify_password
from outcomes.config import PROJECT_ROOT
from outcomes.places.models import Place
from outcomes.services.models import Service
from web import create_app
from web.cli import cli
from web.command_index import COMMANDS, load_command


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


HEAVY = [
    "pandas",
    "numpy",
    "pyarrow",
    "openpyxl",
    "alembic",
    "outcomes.demo.words",
    "outcomes.demo.story",
]


def help_in_a_process_of_its_own(*args: str) -> str:
    """What ``outcomes ARGS --help`` prints, then the heavy modules it loaded, whether it
    built the app (web.factory) and how many password hashes it computed. In a process of
    its own: this test process has imported everything already."""
    script = (
        "import sys\n"
        "from web.cli import main\n"
        f"sys.argv = ['outcomes', *{list(args)!r}, '--help']\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "from outcomes.accounts import passwords\n"
        f"print('loaded:', sorted(m for m in {HEAVY!r} if m in sys.modules))\n"
        "print('app built:', 'web.factory' in sys.modules)\n"
        "print('hashes:', passwords._dummy_hash.cache_info().currsize)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    return result.stdout


def test_the_help_imports_no_heavy_library_builds_no_app_and_computes_no_hash() -> None:
    output = help_in_a_process_of_its_own()
    assert "Outcomes: learning reviews" in output
    for name in COMMANDS:
        assert f"  {name} " in output, name
    assert "loaded: []" in output, output
    assert "app built: False" in output
    assert "hashes: 0" in output
    # Flask's options for choosing an app, an env file or its version mean nothing here.
    for flask_option in ("--app", "--env-file", "--version", "--debug"):
        assert flask_option not in output


def test_each_commands_help_imports_its_module_only_and_builds_no_app() -> None:
    for name in (*COMMANDS, "run"):
        output = help_in_a_process_of_its_own(name)
        assert f"Usage: outcomes {name} " in output, output
        assert "loaded: []" in output, (name, output)
        assert "app built: False" in output, name


def test_the_index_of_commands_agrees_with_the_commands() -> None:
    app = create_app({"TESTING": True})
    for name, entry in COMMANDS.items():
        command = load_command(name)
        assert command.name == name
        assert command.get_short_help_str(limit=1000) == entry.help, name
        # Short enough that ``outcomes --help`` shows it whole (click's own limit).
        assert len(entry.help) <= 45, name
        assert app.cli.get_command(click.Context(app.cli), name) is command


def test_the_command_line_runs_a_command_and_reaches_flasks_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OUTCOMES_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    runner = CliRunner()
    listing = runner.invoke(cli, ["--help"])
    assert listing.exit_code == 0 and "users            Manage accounts." in listing.output
    upgraded = runner.invoke(cli, ["db", "upgrade"])
    assert upgraded.exit_code == 0, upgraded.output
    assert "Database schema is at head." in upgraded.output
    listed = runner.invoke(cli, ["users", "list"])
    assert listed.exit_code == 0 and listed.output == ""
    # Not listed, but an extension's command on app.cli still runs when named.
    limiter = runner.invoke(cli, ["limiter", "--help"])
    assert limiter.exit_code == 0, limiter.output
    routes = runner.invoke(cli, ["routes"])
    assert routes.exit_code == 0 and "/healthz" in routes.output


def _base_url_through_make(tmp_path: Path, *args: str, env: dict[str, str]) -> str:
    """The OUTCOMES_BASE_URL a command run by make sees."""
    shown = tmp_path / "show.mk"
    shown.write_text('show-base-url:\n\t@echo "$$OUTCOMES_BASE_URL"\n')
    run = subprocess.run(
        ["make", "-s", "-f", str(PROJECT_ROOT / "Makefile"), "-f", str(shown), *args],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return run.stdout.strip()


def test_make_gives_its_commands_the_base_url_of_the_port_it_serves(tmp_path: Path) -> None:
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    env = {k: v for k, v in os.environ.items() if k not in {"OUTCOMES_BASE_URL", "PORT", "HOST"}}
    assert _base_url_through_make(tmp_path, "show-base-url", env=env) == "http://127.0.0.1:5000"
    ported = _base_url_through_make(tmp_path, "show-base-url", "PORT=5077", env=env)
    assert ported == "http://127.0.0.1:5077"
    production = {**env, "OUTCOMES_BASE_URL": "https://outcomes.example.gov.uk"}
    kept = _base_url_through_make(tmp_path, "show-base-url", "PORT=5077", env=production)
    assert kept == "https://outcomes.example.gov.uk"
