"""The API as an integrator's tools meet it: the app served on a port with the demo data,
and the schemathesis command line run against its published document with a service
manager's token, every check on (but the one the in-process test leaves out, for the same
reason), every phase, the stateful one included."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from live import demo_app, served
from test_api_contract import EXCLUDED_CHECKS

from outcomes.accounts.models import Role
from outcomes.accounts.operations import get_user_by_email
from outcomes.accounts.tokens import TokenScope, create_token
from web.database import get_session

SCHEMATHESIS = Path(sys.executable).parent / "schemathesis"
# Per operation and phase: enough for every check, few enough for a minute or two.
MAX_EXAMPLES = 10


def test_the_schemathesis_command_line_finds_the_contract_kept(tmp_path: Path) -> None:
    # Calls come fast from one token; the limit itself is tested elsewhere.
    with (
        demo_app(tmp_path, history=False, RATELIMIT_API="1000000 per minute") as (app, accounts),
        served(app) as url,
    ):
        manager = next(account for account in accounts if account.role is Role.SERVICE_MANAGER)
        with app.app_context():
            session = get_session()
            user = get_user_by_email(session, manager.email)
            assert user is not None
            _, secret = create_token(session, user, name="integrator", scope=TokenScope.WRITE)
            session.commit()
        run = subprocess.run(
            [
                str(SCHEMATHESIS),
                "run",
                f"{url}/api/v1/openapi.json",
                "--checks",
                "all",
                "--exclude-checks",
                ",".join(EXCLUDED_CHECKS),
                "--header",
                f"Authorization: Bearer {secret}",
                "--max-examples",
                str(MAX_EXAMPLES),
                "--workers",
                "1",
                "--generation-database",
                "none",
                "--no-color",
            ],
            cwd=tmp_path,  # what it writes (its cache, any report) stays in the test's folder
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
    assert "stateful" in run.stdout.lower()
