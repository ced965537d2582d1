from __future__ import annotations

import io

import pytest
from factories import create_user, sign_in
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from outcomes.accounts.models import Role
from outcomes.config import PROJECT_ROOT
from outcomes.frameworks.models import FrameworkVersion

VERSION_1 = (PROJECT_ROOT / "frameworks" / "public-service-reform" / "1.0.0.yaml").read_text()


@pytest.fixture
def reader(
    client: FlaskClient, frameworks: dict[str, FrameworkVersion], db: Session
) -> FlaskClient:
    sign_in(client, create_user(db, role=Role.INSPECTOR))
    return client


def test_the_list_shows_versions_and_their_change_class(reader: FlaskClient) -> None:
    page = reader.get("/frameworks/").get_data(as_text=True)
    assert "Public service reform learning review" in page
    assert "Major" in page and "Minor" in page
    assert "Upload a new version" not in page  # administrators only


def test_a_version_page_groups_items_by_principle(
    reader: FlaskClient, frameworks: dict[str, FrameworkVersion]
) -> None:
    page = reader.get("/frameworks/public-service-reform/2.0.0").get_data(as_text=True)
    assert frameworks["2.0.0"].sha256 in page
    holistic = page.index('id="principle-holistic"')
    assert page.index('id="item-holistic"') > holistic
    assert page.index('id="item-holistic_evidence"') > holistic
    assert "What each level means for this principle" in page


def test_the_diff_page_shows_the_crosswalk(reader: FlaskClient) -> None:
    page = reader.get("/frameworks/public-service-reform/diff?from=1.0.0&to=2.0.0").get_data(
        as_text=True
    )
    assert "1.0.0 → 2.0.0: a major change" in page
    assert "How levels of strengths_holistic map to holistic" in page


def test_an_unknown_version_is_a_404(reader: FlaskClient) -> None:
    assert reader.get("/frameworks/public-service-reform/9.9.9").status_code == 404


def upload(client: FlaskClient, text: str, name: str = "1.0.0.yaml"):  # type: ignore[no-untyped-def]
    return client.post(
        "/frameworks/upload",
        data={"definition": (io.BytesIO(text.encode()), name)},
        content_type="multipart/form-data",
    )


def test_only_admins_upload(reader: FlaskClient) -> None:
    assert reader.get("/frameworks/upload").status_code == 403


def test_an_admin_uploads_a_version_and_sees_problems(
    client: FlaskClient, shipped_places: Session
) -> None:
    sign_in(client, create_user(shipped_places, role=Role.ADMIN))
    broken = VERSION_1.replace("kind: rubric", "kind: rubrick", 1).replace(
        "status: published", "status: published\nowner: me", 1
    )
    response = upload(client, broken)
    page = response.get_data(as_text=True)
    assert "There is a problem" in page and "The file has 3 problems" in page
    assert "line 5: A framework definition cannot have &#39;owner&#39;" in page
    assert "&#39;kind&#39; is &#39;rubrick&#39;, which is not allowed" in page
    assert shipped_places.scalar(select(func.count()).select_from(FrameworkVersion)) == 0
    assert upload(client, VERSION_1).status_code == 302
    assert shipped_places.scalar(select(func.count()).select_from(FrameworkVersion)) == 1
    changed = VERSION_1.replace("First published version.", "Edited after publishing.")
    page = upload(client, changed).get_data(as_text=True)
    assert "already published with different content" in page
