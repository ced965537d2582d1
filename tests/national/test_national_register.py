"""The register of national bodies keeps names and responsibilities with their dates."""

from __future__ import annotations

from datetime import date

import pytest
from national_data import load_register
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from outcomes.accounts.access import OPERATOR
from outcomes.audit.models import AuditEvent
from outcomes.errors import Conflict, InvalidInput
from outcomes.national.models import BodyKind, NationalBody
from outcomes.national.register import (
    assign_barrier,
    create_body,
    end_responsibility,
    get_body,
    import_register,
    list_bodies,
    merge_body,
    rename_body,
    responsibilities,
    responsible_bodies,
    shipped_register,
)


def test_the_shipped_register_keeps_the_housing_departments_names_over_time(db: Session) -> None:
    load_register(db)
    body = get_body(db, "mhclg")
    assert body.name_on(date(2020, 1, 1)) == "Ministry of Housing, Communities and Local Government"
    assert body.name_on(date(2023, 1, 1)) == "Department for Levelling Up, Housing and Communities"
    assert body.name_on(date(2025, 1, 1)) == "Ministry of Housing, Communities and Local Government"
    assert body.name_on(date(2010, 1, 1)) == "Department for Communities and Local Government"


def test_importing_twice_adds_nothing(db: Session) -> None:
    load_register(db)
    again = import_register(db, OPERATOR, *shipped_register())
    assert (again.bodies_created, again.names_added, again.responsibilities_added) == (0, 0, 0)
    assert again.unchanged > 0


def test_responsibility_moves_with_the_dates(db: Session) -> None:
    load_register(db)
    rows = responsibilities(db)
    before = [b.code for b in responsible_bodies(rows, "data_sharing", date(2022, 12, 31))]
    after = [b.code for b in responsible_bodies(rows, "data_sharing", date(2023, 3, 31))]
    assert "dcms" in before and "dsit" not in before
    assert "dsit" in after and "dcms" not in after


def test_a_merged_body_points_to_its_successor(db: Session) -> None:
    load_register(db)
    assert get_body(db, "hee").superseded_by.code == "nhse"
    assert not get_body(db, "hee").is_current


def test_bodies_are_listed_by_name(db: Session) -> None:
    load_register(db)
    names = [body.name.lower() for body in list_bodies(db)]
    assert names == sorted(names)


def test_rename_keeps_the_old_name_and_is_audited(db: Session) -> None:
    body = create_body(
        db,
        OPERATOR,
        code="dept_x",
        kind=BodyKind.DEPARTMENT,
        name="Old",
        valid_from=date(2020, 1, 1),
    )
    rename_body(db, OPERATOR, body, "New", date(2024, 7, 8))
    assert [n.name for n in body.names] == ["Old", "New"]
    assert body.name_on(date(2024, 7, 7)) == "Old" and body.name == "New"
    with pytest.raises(InvalidInput):
        rename_body(db, OPERATOR, body, "Newer", date(2024, 1, 1))
    audited = db.scalar(
        select(func.count()).where(
            AuditEvent.subject_type == "national_body", AuditEvent.action == "national_body.rename"
        )
    )
    assert audited == 1


def test_merging_moves_responsibilities_from_the_day(db: Session) -> None:
    old = create_body(
        db,
        OPERATOR,
        code="old_body",
        kind=BodyKind.NHS,
        name="Old body",
        valid_from=date(2010, 1, 1),
    )
    new = create_body(
        db,
        OPERATOR,
        code="new_body",
        kind=BodyKind.NHS,
        name="New body",
        valid_from=date(2010, 1, 1),
    )
    assign_barrier(db, OPERATOR, "workforce", old, date(2010, 1, 1))
    merge_body(db, OPERATOR, old, new, date(2023, 4, 1))
    rows = responsibilities(db, "workforce")
    assert [b.code for b in responsible_bodies(rows, "workforce", date(2023, 3, 31))] == [
        "old_body"
    ]
    assert [b.code for b in responsible_bodies(rows, "workforce", date(2023, 4, 1))] == ["new_body"]
    with pytest.raises(Conflict):
        merge_body(db, OPERATOR, old, new, date(2024, 1, 1))


def test_a_responsibility_ends_only_once_and_after_it_began(db: Session) -> None:
    body = create_body(
        db, OPERATOR, code="reg", kind=BodyKind.REGULATOR, name="Reg", valid_from=date(2010, 1, 1)
    )
    row = assign_barrier(db, OPERATOR, "regulation", body, date(2015, 1, 1))
    with pytest.raises(Conflict):
        assign_barrier(db, OPERATOR, "regulation", body, date(2016, 1, 1))
    with pytest.raises(InvalidInput):
        end_responsibility(db, OPERATOR, row, date(2014, 1, 1))
    end_responsibility(db, OPERATOR, row, date(2020, 1, 1))
    with pytest.raises(Conflict):
        end_responsibility(db, OPERATOR, row, date(2021, 1, 1))


def test_a_bad_code_is_refused_with_a_message(db: Session) -> None:
    with pytest.raises(InvalidInput, match="lower-case"):
        create_body(
            db, OPERATOR, code="Bad Code!", kind=BodyKind.NHS, name="x", valid_from=date(2020, 1, 1)
        )
    assert db.scalar(select(func.count()).select_from(NationalBody)) == 0
