from __future__ import annotations

import io

from factories import create_service, create_user, sign_in
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from outcomes.accounts.models import Role
from outcomes.frameworks.models import FrameworkVersion
from outcomes.places.operations import get_place
from outcomes.reviews.models import Review

ROW = "Family hubs,2025-04-01,2025-06-30,{level}\n"


def reviews(db: Session) -> int:
    return db.scalar(select(func.count()).select_from(Review)) or 0


def setup(db: Session, client: FlaskClient):  # type: ignore[no-untyped-def]
    wigan = get_place(db, "E08000010")
    create_service(db, place=wigan, name="Family hubs")
    manager = create_user(db, places=[wigan])
    sign_in(client, manager)
    return manager


def upload(client: FlaskClient, body: str, name: str = "reviews.csv"):  # type: ignore[no-untyped-def]
    return client.post(
        "/imports/",
        data={
            "place": "E08000010",
            "framework": "public-service-reform",
            "file": (io.BytesIO(body.encode()), name),
        },
        content_type="multipart/form-data",
    )


def test_templates_download(
    client: FlaskClient, db: Session, frameworks: dict[str, FrameworkVersion]
) -> None:
    setup(db, client)
    page = client.get("/imports/").get_data(as_text=True)
    assert "Excel template" in page
    query = "?framework=public-service-reform&place=E08000010"
    csv_template = client.get(f"/imports/template.csv{query}")
    assert csv_template.headers["Content-Disposition"].endswith('-e08000010-template.csv"')
    assert csv_template.get_data(as_text=True).startswith("service,period_start,period_end,")
    xlsx = client.get(f"/imports/template.xlsx{query}")
    assert xlsx.data[:2] == b"PK"
    guide = client.get(f"/imports/template.columns.csv{query}").get_data(as_text=True)
    assert guide.startswith("Column,Question,Required,What to write")
    assert (
        client.get(
            "/imports/template.csv?framework=public-service-reform&place=E08000037"
        ).status_code
        == 404
    )  # not one of the manager's places


def test_upload_shows_problems_then_imports(
    client: FlaskClient, db: Session, frameworks: dict[str, FrameworkVersion]
) -> None:
    setup(db, client)
    header = "service,period_start,period_end,relational\n"
    bad = upload(client, header + ROW.format(level=9))
    page = bad.get_data(as_text=True)
    assert "There is a problem" in page and "has 1 problem" in page
    assert "<code>relational</code>" in page and "Choose one of the levels" in page
    assert reviews(db) == 0
    good = upload(client, header + ROW.format(level=2))
    assert "1 draft review imported" in good.get_data(as_text=True)
    assert reviews(db) == 1


def test_upload_refuses_a_period_not_yet_started_and_an_overlapping_one(
    client: FlaskClient, db: Session, frameworks: dict[str, FrameworkVersion]
) -> None:
    setup(db, client)
    header = "service,period_start,period_end,relational\n"
    assert reviews(db) == 0
    upload(client, header + ROW.format(level=2))
    late = "Family hubs,2099-01-01,2099-03-31,2\n"
    overlapping = "Family hubs,2025-06-01,2025-08-31,2\n"

    page = upload(client, header + late + overlapping).get_data(as_text=True)

    assert "There is a problem" in page and "has 2 problems" in page
    assert "The period must start on or before today" in page
    assert (
        "Family hubs already has a review for April to June 2025 (Public service reform "
        "learning review), which overlaps this period." in page
    )
    assert page.count("<code>period_start</code>") == 2
    assert reviews(db) == 1


def test_only_service_managers_see_import_choices(
    client: FlaskClient, db: Session, frameworks: dict[str, FrameworkVersion]
) -> None:
    sign_in(client, create_user(db, role=Role.REGULATOR))
    assert "Only service managers can import" in client.get("/imports/").get_data(as_text=True)


def test_the_command_imports_all_or_nothing(
    runner: FlaskCliRunner, db: Session, frameworks: dict[str, FrameworkVersion], tmp_path
) -> None:
    wigan = get_place(db, "E08000010")
    create_service(db, place=wigan, name="Family hubs")
    manager = create_user(db, places=[wigan])
    header = "service,period_start,period_end,relational\n"
    path = tmp_path / "reviews.csv"
    args = [
        "reviews",
        "import",
        str(path),
        "--place",
        "E08000010",
        "--framework",
        "public-service-reform",
        "--as",
        manager.email,
    ]
    path.write_text(header + ROW.format(level=9) + "Nowhere,2025-07-01,2025-09-30,1\n")
    refused = runner.invoke(args=args)
    assert refused.exit_code == 1
    assert "Row 2, column relational" in refused.output
    assert "Row 3, column service" in refused.output
    assert reviews(db) == 0
    path.write_text(header + ROW.format(level=3))
    done = runner.invoke(args=args)
    assert done.exit_code == 0, done.output
    assert "Imported 1 draft review." in done.output


def test_a_file_over_the_sites_limit_gets_a_page_naming_the_limit(
    client: FlaskClient, db: Session, frameworks: dict[str, FrameworkVersion]
) -> None:
    setup(db, client)

    # Sent as raw bytes: a file the test client spools to disk is left open when the
    # request is refused unread.
    refused = client.post(
        "/imports/",
        data=b"x" * (6 * 1024 * 1024),
        content_type="multipart/form-data; boundary=limit",
    )

    assert refused.status_code == 413 and refused.content_type.startswith("text/html")
    page = refused.get_data(as_text=True)
    assert '<h1 class="govuk-heading-l">The file is too large</h1>' in page
    assert "larger than 5 MB" in page and "split it into smaller files" in page
