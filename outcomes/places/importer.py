"""Import the ONS lists of places (lower tier, upper tier, combined authority, region).

Every file is read and checked before anything is written, so a malformed file
leaves the database as it was. Importing the same files again changes nothing.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from outcomes.config import PROJECT_ROOT
from outcomes.errors import InvalidInput
from outcomes.places.models import Place, PlaceKind, kind_for_code

CODE_PATTERN = re.compile(r"^[ENSWK]\d{8}$")

# The columns each ONS list must have, keyed by its first column.
FORMATS: dict[str, tuple[str, ...]] = {
    "LADCD": (
        "LADCD",
        "LADNM",
        "LADCD_ACTIVE",
        "UTLACD",
        "UTLANM",
        "CAUTHCD",
        "CAUTHNM",
        "RGNCD",
        "RGNNM",
        "CTRYCD",
        "CTRYNM",
        "Current",
    ),
    "UTLACD": ("UTLACD", "UTLANM", "CAUTHCD", "CAUTHNM", "RGNCD", "RGNNM", "CTRYCD", "CTRYNM"),
    "CAUTHCD": ("CAUTHCD", "CAUTHNM", "RGNCD", "RGNNM", "CTRYCD", "CTRYNM"),
    "RGNCD": ("RGNCD", "RGNNM", "CTRYCD", "CTRYNM"),
    # Dated code changes (data/geography/code_changes.csv), from the ONS Code History
    # Database and the orders that made them.
    "predecessor_code": (
        "predecessor_code",
        "predecessor_name",
        "successor_code",
        "successor_name",
        "date",
        "source",
    ),
}
FORMAT_NAMES = {
    "LADCD": "lower-tier local authorities",
    "UTLACD": "upper-tier local authorities",
    "CAUTHCD": "combined authorities",
    "RGNCD": "regions",
    "predecessor_code": "dated code changes",
}


@dataclass
class PlaceRecord:
    code: str
    name: str
    parent_code: str | None = None
    superseded_by_code: str | None = None
    valid_from: date | None = None  # first day the code was in use, where known
    valid_to: date | None = None  # last day, for a former place whose change is dated


@dataclass(frozen=True)
class CodeChange:
    """On ``day``, ``successor`` took over from ``predecessor``, as ``source`` records."""

    predecessor: str
    successor: str
    day: date
    source: str
    file: str
    row: int


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    files: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


class _FileReader:
    """Reads one ONS list, naming the file, row and column of anything wrong."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, message: str, row: int | None = None, column: str | None = None) -> InvalidInput:
        where = [self.path.name]
        if row is not None:
            where.append(f"row {row}")
        if column is not None:
            where.append(f"column {column}")
        return InvalidInput(f"{', '.join(where)}: {message}")

    def rows(self) -> tuple[str, list[tuple[int, dict[str, str]]]]:
        try:
            text = self.path.read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            raise self.fail("the file does not exist. Check the path and try again.") from None
        except UnicodeDecodeError:
            raise self.fail("the file is not UTF-8 text. Save it as CSV (UTF-8).") from None
        reader = csv.DictReader(text.splitlines())
        header = reader.fieldnames or []
        first = header[0] if header else ""
        if first not in FORMATS:
            raise self.fail(
                "this is not an ONS list Outcomes can read. The first column must be one of "
                f"{', '.join(FORMATS)}; it is {first or 'empty'!r}.",
                row=1,
            )
        missing = [name for name in FORMATS[first] if name not in header]
        if missing:
            raise self.fail(
                f"the list of {FORMAT_NAMES[first]} is missing the column(s) {', '.join(missing)}.",
                row=1,
            )
        rows = []
        for line, row in enumerate(reader, start=2):
            if None in row:
                raise self.fail("this row has more values than the header has columns.", row=line)
            rows.append((line, {key: (value or "").strip() for key, value in row.items()}))
        return first, rows

    def code(self, row: dict[str, str], line: int, column: str, *, optional: bool = False) -> str:
        value = row[column]
        if not value and optional:
            return ""
        if not CODE_PATTERN.match(value):
            raise self.fail(
                f"{value or 'an empty value'!r} is not an ONS code (a letter and eight digits, "
                "like E08000037).",
                row=line,
                column=column,
            )
        return value

    def name(self, row: dict[str, str], line: int, column: str) -> str:
        value = row[column]
        if not value:
            raise self.fail("the name is empty.", row=line, column=column)
        return value


def read_places(paths: Iterable[Path]) -> dict[str, PlaceRecord]:
    """Every place the files describe, keyed by code. Raises InvalidInput on the first fault."""
    records, changes = _read_files(paths)
    _date_changes(records, changes)
    return records


def _read_files(paths: Iterable[Path]) -> tuple[dict[str, PlaceRecord], list[CodeChange]]:
    records: dict[str, PlaceRecord] = {}
    changes: list[CodeChange] = []

    def put(code: str, name: str, parent: str | None = None, successor: str | None = None) -> None:
        record = records.setdefault(code, PlaceRecord(code, name))
        record.name = name
        if parent and parent != code:
            record.parent_code = parent
        if successor:
            record.superseded_by_code = successor

    for path in paths:
        reader = _FileReader(Path(path))
        first, rows = reader.rows()
        if first == "predecessor_code":
            changes += [_code_change(reader, row, line) for line, row in rows]
            continue
        for line, row in rows:
            country = reader.code(row, line, "CTRYCD", optional=True)
            if country:
                put(country, reader.name(row, line, "CTRYNM"))
            region = reader.code(row, line, "RGNCD", optional=first != "RGNCD")
            if region:
                put(region, reader.name(row, line, "RGNNM"), parent=country or None)
            authority = reader.code(row, line, "CAUTHCD", optional=True) if first != "RGNCD" else ""
            if authority:
                put(authority, reader.name(row, line, "CAUTHNM"), parent=region or None)
            above = authority or region or country or None
            if first == "UTLACD":
                put(reader.code(row, line, "UTLACD"), reader.name(row, line, "UTLANM"), above)
            elif first == "LADCD":
                _put_lower_tier(reader, row, line, above, put)
    return records, changes


def _code_change(reader: _FileReader, row: dict[str, str], line: int) -> CodeChange:
    predecessor = reader.code(row, line, "predecessor_code")
    successor = reader.code(row, line, "successor_code")
    try:
        day = date.fromisoformat(row["date"])
    except ValueError:
        raise reader.fail(
            f"{row['date'] or 'an empty value'!r} is not a date. Write it as year-month-day, "
            "like 2023-04-01.",
            row=line,
            column="date",
        ) from None
    if not row["source"]:
        raise reader.fail(
            "say where the date comes from, such as the ONS Code History Database or the "
            "order that made the change.",
            row=line,
            column="source",
        )
    return CodeChange(predecessor, successor, day, row["source"], reader.path.name, line)


def _date_changes(records: dict[str, PlaceRecord], changes: list[CodeChange]) -> None:
    """Apply dated changes: the predecessor names its successor and ends the day before.

    A change may name an intermediate successor (Taunton Deane → Somerset West and
    Taunton → Somerset) where the ONS list names the place it ended up in; following
    the dated changes must still end there.
    """
    listed = {code: record.superseded_by_code for code, record in records.items()}
    for change in changes:
        where = f"{change.file}, row {change.row}"
        for code in (change.predecessor, change.successor):
            if code not in records:
                raise InvalidInput(
                    f"{where}: {code} is in no list being imported. Import the dated changes "
                    "together with the ONS lists (outcomes places import with no files does)."
                )
        records[change.predecessor].superseded_by_code = change.successor
        records[change.predecessor].valid_to = change.day - timedelta(days=1)
        successor = records[change.successor]
        if successor.valid_from is None or change.day > successor.valid_from:
            successor.valid_from = change.day
    for change in changes:
        code, seen = change.predecessor, {change.predecessor}
        while (following := records[code].superseded_by_code) and following not in seen:
            code = following
            seen.add(code)
        expected = listed.get(change.predecessor)
        if expected is not None and code != _end(listed, expected):
            raise InvalidInput(
                f"{change.file}, row {change.row}: {change.predecessor} became {code} through "
                f"the dated changes, but the ONS list says it became {expected}. Correct the "
                "dated change."
            )


def _end(successors: dict[str, str | None], code: str) -> str:
    seen = {code}
    while (following := successors.get(code)) and following not in seen:
        code = following
        seen.add(code)
    return code


def _put_lower_tier(
    reader: _FileReader,
    row: dict[str, str],
    line: int,
    above: str | None,
    put: Callable[..., None],
) -> None:
    code = reader.code(row, line, "LADCD")
    active = reader.code(row, line, "LADCD_ACTIVE")
    upper = reader.code(row, line, "UTLACD")
    current = row["Current"].upper()
    if current not in {"TRUE", "FALSE"}:
        raise reader.fail(f"{row['Current']!r} must be TRUE or FALSE.", row=line, column="Current")
    if (current == "TRUE") != (active == code):
        raise reader.fail(
            "a current place must be its own active code, and a former place must name "
            "its successor.",
            row=line,
            column="LADCD_ACTIVE",
        )
    # A single-tier authority is its own upper tier; a former place whose upper tier is
    # its successor sits under the combined authority or region, not under itself.
    parent = above if upper in {code, active} else upper
    if upper not in {code, active}:
        put(upper, reader.name(row, line, "UTLANM"), above)
    put(code, reader.name(row, line, "LADNM"), parent, None if active == code else active)


def import_places(session: Session, paths: Iterable[Path]) -> ImportResult:
    """Create or update the places in the ONS lists at ``paths``. The caller commits."""
    paths = [Path(p) for p in paths]
    records = read_places(paths)
    for record in records.values():
        if kind_for_code(record.code) is None:
            raise InvalidInput(
                f"{record.code} ({record.name}): Outcomes does not know what kind of place this "
                "code names. Remove the row or ask for the code prefix to be supported."
            )

    referenced = {
        code
        for record in records.values()
        for code in (record.parent_code, record.superseded_by_code)
        if code is not None
    }
    wanted_codes = set(records) | referenced
    existing = {
        p.code: p for p in session.scalars(select(Place).where(Place.code.in_(wanted_codes)))
    }
    unknown = sorted(referenced - set(records) - set(existing))
    if unknown:
        raise InvalidInput(
            f"The files refer to {', '.join(unknown)}, which no file describes and which has not "
            "been imported before. Import the list that holds them too."
        )
    result = ImportResult(files=[p.name for p in paths])
    created: set[str] = set()
    for code, record in records.items():
        if code not in existing:  # a new place
            place = Place(code=code, name=record.name, kind=kind_for_code(code))
            session.add(place)
            existing[code] = place
            created.add(code)
    session.flush()

    for code, record in records.items():
        place = existing[code]
        wanted = {
            "name": record.name,
            "kind": kind_for_code(code),
            "parent_id": existing[record.parent_code].id if record.parent_code else None,
            "superseded_by_id": (
                existing[record.superseded_by_code].id if record.superseded_by_code else None
            ),
            "valid_from": record.valid_from,
            "valid_to": record.valid_to,
        }
        changes = {k: v for k, v in wanted.items() if getattr(place, k) != v}
        for key, value in changes.items():
            setattr(place, key, value)
        if code in created:
            result.created += 1
        elif changes:
            result.updated += 1
        else:
            result.unchanged += 1
    session.flush()
    return result


def shipped_place_files() -> list[Path]:
    """The ONS lists that ship with Outcomes, in the order they are best read."""
    folder = PROJECT_ROOT / "data" / "geography"
    names = ["rgn_all_codes.csv", "cauth_all_codes.csv", "utla_all_codes.csv", "la_all_codes.csv"]
    names.append("code_changes.csv")
    return [folder / name for name in names]


__all__ = ["ImportResult", "PlaceKind", "import_places", "read_places", "shipped_place_files"]
