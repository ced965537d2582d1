from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from outcomes.errors import InvalidInput
from outcomes.places.importer import import_places, shipped_place_files
from outcomes.places.models import LOWER_TIER_KINDS, Place, PlaceKind
from outcomes.places.operations import current_place, find_places, get_place

LA_HEADER = (
    "LADCD,LADNM,LADCD_ACTIVE,LADNM_ACTIVE,UTLACD,UTLANM,CAUTHCD,CAUTHNM,RGNCD,RGNNM,"
    "CTRYCD,CTRYNM,Current\n"
)
GOOD_ROW = (
    "E08000037,Gateshead,E08000037,Gateshead,E08000037,Gateshead,E47000010,North East,"
    "E12000001,North East,E92000001,England,TRUE\n"
)


def count_places(db: Session) -> int:
    return db.scalar(select(func.count()).select_from(Place)) or 0


def test_the_shipped_lists_give_361_current_lower_tier_places(db: Session) -> None:
    result = import_places(db, shipped_place_files())
    assert result.created == count_places(db)
    current_lower_tier = db.scalar(
        select(func.count())
        .select_from(Place)
        .where(Place.kind.in_(LOWER_TIER_KINDS), Place.superseded_by_id.is_(None))
    )
    assert current_lower_tier == 361


def test_importing_again_changes_nothing(db: Session) -> None:
    first = import_places(db, shipped_place_files())
    again = import_places(db, shipped_place_files())
    assert not again.changed
    assert again.unchanged == first.created


def test_superseded_codes_are_kept_with_their_successor(shipped_places: Session) -> None:
    old = get_place(shipped_places, "E08000020")
    new = get_place(shipped_places, "E08000037")
    assert old.superseded_by == new and not old.is_current
    assert old in new.predecessors
    assert current_place(old) == new
    # Several districts merged into one unitary authority: each keeps its own history.
    buckinghamshire = get_place(shipped_places, "E06000060")
    assert {p.name for p in buckinghamshire.predecessors} >= {"Aylesbury Vale", "Wycombe"}


def test_the_hierarchy_runs_region_combined_authority_upper_lower(
    shipped_places: Session,
) -> None:
    wigan = get_place(shipped_places, "E08000010")
    assert [(p.kind, p.name) for p in wigan.ancestors] == [
        (PlaceKind.COMBINED_AUTHORITY, "Greater Manchester"),
        (PlaceKind.REGION, "North West"),
        (PlaceKind.COUNTRY, "England"),
    ]
    st_albans = get_place(shipped_places, "E07000240")
    assert st_albans.parent is not None and st_albans.parent.name == "Hertfordshire"
    assert st_albans.parent.kind is PlaceKind.COUNTY
    assert st_albans.parent.parent is not None
    assert st_albans.parent.parent.name == "East of England"


def test_find_places_by_name_or_code_current_first(shipped_places: Session) -> None:
    assert [p.code for p in find_places(shipped_places, "gateshead")] == [
        "E08000037",
        "E08000020",
    ]
    assert [p.name for p in find_places(shipped_places, "e09000007")] == ["Camden"]
    assert find_places(shipped_places, "%") == []


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("NAME,CODE\nx,y\n", "bad.csv, row 1: this is not an ONS list"),
        (LA_HEADER.replace(",Current", "") + GOOD_ROW, "missing the column(s) Current"),
        (
            LA_HEADER + GOOD_ROW.replace("E08000037,Gateshead,E08", "E0800003X,Gateshead,E08", 1),
            "bad.csv, row 2, column LADCD: 'E0800003X' is not an ONS code",
        ),
        (
            LA_HEADER + GOOD_ROW.replace("TRUE", "maybe"),
            "bad.csv, row 2, column Current: 'maybe' must be TRUE or FALSE",
        ),
        (
            LA_HEADER
            + GOOD_ROW
            + GOOD_ROW.replace(",Gateshead,E08000037,Gateshead,E08", ",,E08000037,Gateshead,E08"),
            "bad.csv, row 3, column LADNM: the name is empty",
        ),
        (
            LA_HEADER + GOOD_ROW.replace("TRUE", "TRUE,extra"),
            "bad.csv, row 2: this row has more values",
        ),
    ],
)
def test_a_malformed_file_is_refused_and_nothing_is_written(
    db: Session, tmp_path: Path, content: str, message: str
) -> None:
    good = tmp_path / "good.csv"
    good.write_text(LA_HEADER + GOOD_ROW)
    bad = tmp_path / "bad.csv"
    bad.write_text(content)
    with pytest.raises(InvalidInput) as raised:
        import_places(db, [good, bad])
    assert message in str(raised.value)
    assert count_places(db) == 0


def test_a_missing_file_is_named(db: Session, tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match=r"nowhere\.csv: the file does not exist"):
        import_places(db, [tmp_path / "nowhere.csv"])
