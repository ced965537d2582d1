"""Report files downloaded by several people at the same moment, on a database of its own
(not the tests' rolled-back transaction), as the server runs them: each is served and
recorded. SQLite refuses a write in a transaction whose reading began before another
connection's commit, so a download's audit record, written at the end of the reading of
its report, failed as soon as two downloads overlapped (500s)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from flask.testing import FlaskClient
from live import demo_app
from sqlalchemy import func, select

from outcomes.accounts.models import Role
from outcomes.audit.models import AuditEvent
from web.database import get_session

DOWNLOADS = (
    "/reports/download/versions.csv?framework=public-service-reform",
    "/reports/download/report.json?framework=public-service-reform",
)
EACH = 4


def test_report_files_downloaded_at_once_are_all_served_and_recorded(tmp_path: Path) -> None:
    with demo_app(
        tmp_path,
        history=True,
        WTF_CSRF_ENABLED=False,
        SIGN_IN_FAILURE_DELAY=0,
        RATELIMIT_SIGN_IN="1000 per minute",
    ) as (app, accounts):
        readers = [a for a in accounts if a.role in (Role.REGULATOR, Role.INSPECTOR)]
        clients: list[FlaskClient] = []
        for account in readers * 2:
            client = app.test_client()
            signed_in = client.post(
                "/sign-in", data={"email": account.email, "password": account.password}
            )
            assert signed_in.status_code == 302
            clients.append(client)

        def download(client: FlaskClient) -> list[int]:
            return [client.get(path).status_code for path in DOWNLOADS for _ in range(EACH)]

        with ThreadPoolExecutor(len(clients)) as pool:
            statuses = [status for found in pool.map(download, clients) for status in found]
        assert statuses == [200] * len(clients) * len(DOWNLOADS) * EACH
        with app.app_context():
            recorded = get_session().scalar(
                select(func.count()).where(AuditEvent.action == "report.download")
            )
        assert recorded == len(statuses)
