from __future__ import annotations

import dataclasses

import pytest
from factories import create_user
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from outcomes.accounts.access import OPERATOR
from outcomes.accounts.models import Role
from outcomes.errors import PermissionDenied
from outcomes.frameworks import FrameworkDefinitionError, canonical_sha256
from outcomes.frameworks.models import FrameworkItem, FrameworkVersion
from outcomes.frameworks.store import (
    AlteredVersion,
    as_definition,
    extension_for,
    latest_published,
    store_definitions,
)
from outcomes.places.operations import get_place
from outcomes.reviews.pinned import definition_of


def test_shipped_versions_are_stored_with_their_hash_and_items(
    frameworks: dict[str, FrameworkVersion],
) -> None:
    first, minor, major = frameworks["1.0.0"], frameworks["1.1.0"], frameworks["2.0.0"]
    assert (first.change_class, minor.change_class, major.change_class) == (
        None,
        "minor",
        "major",
    )
    for version in frameworks.values():
        assert canonical_sha256(as_definition(version)) == version.sha256
        assert [item.item_id for item in version.items] == [
            item.id for item in as_definition(version).items
        ]
    split = [item for item in major.items if item.replaces == ["strengths_holistic"]]
    assert {item.item_id for item in split} == {"strengths_based", "holistic"}
    assert all(item.crosswalk["strengths_holistic"] for item in split)


def test_loading_the_same_content_again_changes_nothing(
    db: Session, frameworks: dict[str, FrameworkVersion]
) -> None:
    before = db.scalar(select(func.count()).select_from(FrameworkItem))
    report = store_definitions(db, OPERATOR, [as_definition(frameworks["1.0.0"])])
    assert not report.changed and report.unchanged == ["public-service-reform 1.0.0"]
    assert db.scalar(select(func.count()).select_from(FrameworkItem)) == before


def test_a_published_version_never_changes(
    db: Session, frameworks: dict[str, FrameworkVersion]
) -> None:
    original = as_definition(frameworks["1.1.0"])
    edited = dataclasses.replace(original, summary="Quietly edited after publication.")
    with pytest.raises(FrameworkDefinitionError, match="already published with different"):
        store_definitions(db, OPERATOR, [edited])
    assert frameworks["1.1.0"].sha256 == canonical_sha256(original)


def test_an_understated_version_is_refused_against_the_stored_predecessor(
    db: Session, frameworks: dict[str, FrameworkVersion]
) -> None:
    latest = as_definition(frameworks["2.0.0"])
    fewer_items = dataclasses.replace(latest, version="2.1.0", items=latest.items[:-2])
    with pytest.raises(
        FrameworkDefinitionError, match=r"2\.0\.0 → 2\.1\.0\. Publish it as 3\.0\.0"
    ):
        store_definitions(db, OPERATOR, [fewer_items])
    assert (
        db.scalar(
            select(func.count())
            .select_from(FrameworkVersion)
            .where(FrameworkVersion.version == "2.1.0")
        )
        == 0
    )


def test_only_admins_load_frameworks(db: Session, frameworks: dict[str, FrameworkVersion]) -> None:
    with pytest.raises(PermissionDenied):
        store_definitions(db, create_user(db, role=Role.REGULATOR), [])


def test_latest_published_and_a_places_extension(
    db: Session, frameworks: dict[str, FrameworkVersion]
) -> None:
    framework = frameworks["1.0.0"].framework
    assert latest_published(db, framework) == frameworks["2.0.0"]
    wigan = get_place(db, "E08000010")
    extension = extension_for(db, frameworks["1.0.0"], wigan)
    assert extension is not None and extension.framework.place == wigan
    assert all(item.item_id.startswith("e08000010.") for item in extension.items)
    assert extension_for(db, frameworks["1.0.0"], get_place(db, "E08000037")) is None


def test_latest_published_is_never_a_pre_release(
    db: Session, frameworks: dict[str, FrameworkVersion]
) -> None:
    framework = frameworks["2.0.0"].framework
    latest = as_definition(frameworks["2.0.0"])
    # Loaded after its release, a candidate of 2.0.0 still sorts before it; a candidate
    # of the next release is there to be tried, not to pin new reviews.
    store_definitions(db, OPERATOR, [dataclasses.replace(latest, version="2.0.0-rc.1")])
    store_definitions(db, OPERATOR, [dataclasses.replace(latest, version="3.0.0-rc.1")])

    assert latest_published(db, framework) == frameworks["2.0.0"]


def test_an_altered_version_is_refused_when_read(
    db: Session, frameworks: dict[str, FrameworkVersion]
) -> None:
    version = frameworks["1.1.0"]
    db.execute(
        update(FrameworkVersion)
        .where(FrameworkVersion.id == version.id)
        .values(canonical=func.replace(FrameworkVersion.canonical, "Emerging", "Embedded"))
    )
    db.expire(version)

    with pytest.raises(AlteredVersion) as raised:
        as_definition(version)
    assert str(raised.value).startswith(
        "The stored content of public-service-reform 1.1.0 does not match the SHA-256 it was "
        "published with"
    )
    with pytest.raises(AlteredVersion):
        definition_of(version)
