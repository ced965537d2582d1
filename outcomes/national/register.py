"""The register of national bodies: their names over time, mergers, and which barriers
each is asked to answer, with dates. Every change is audited."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from outcomes.accounts.access import Actor, require_role
from outcomes.accounts.models import Role
from outcomes.audit.trail import record
from outcomes.config import PROJECT_ROOT
from outcomes.errors import Conflict, InvalidInput, NotFound
from outcomes.national.models import (
    BarrierResponsibility,
    BodyKind,
    NationalBody,
    NationalBodyName,
)

REGISTER_FOLDER = PROJECT_ROOT / "data" / "national_bodies"
CODE_PATTERN = re.compile(r"^[a-z][a-z0-9_]{1,39}$")
_MAINTAIN = "maintain the register of national bodies"


@dataclass
class RegisterImport:
    bodies_created: int = 0
    names_added: int = 0
    responsibilities_added: int = 0
    unchanged: int = 0


def list_bodies(session: Session) -> list[NationalBody]:
    """Every body, by its latest name (never by anything that ranks them)."""
    bodies = session.scalars(select(NationalBody).options(selectinload(NationalBody.names)))
    return sorted(bodies, key=lambda body: body.name.lower())


def get_body(session: Session, code: str) -> NationalBody:
    body = session.scalar(select(NationalBody).where(NationalBody.code == code.strip().lower()))
    if body is None:
        raise NotFound(f"There is no national body with the code {code!r}.")
    return body


def check_body(session: Session, code: str, *, field: str = "body") -> None:
    """Refuse a filter naming a body that is not registered, naming the codes there are."""
    codes = list(session.scalars(select(NationalBody.code).order_by(NationalBody.code)))
    if code.strip().lower() not in codes:
        raise InvalidInput(
            f"There is no national body with the code {code!r}. Choose one of: {', '.join(codes)}.",
            field=field,
        )


def responsibilities(
    session: Session, barrier_id: str | None = None
) -> list[BarrierResponsibility]:
    statement = select(BarrierResponsibility).order_by(
        BarrierResponsibility.barrier_id, BarrierResponsibility.valid_from, BarrierResponsibility.id
    )
    if barrier_id is not None:
        statement = statement.where(BarrierResponsibility.barrier_id == barrier_id)
    return list(session.scalars(statement))


def responsible_bodies(
    rows: list[BarrierResponsibility], barrier_id: str, day: date
) -> list[NationalBody]:
    """The bodies asked to answer ``barrier_id`` on ``day``, by name."""
    bodies = {r.body.id: r.body for r in rows if r.barrier_id == barrier_id and r.covers(day)}
    return sorted(bodies.values(), key=lambda body: body.name.lower())


def create_body(
    session: Session, actor: Actor, *, code: str, kind: BodyKind, name: str, valid_from: date
) -> NationalBody:
    require_role(actor, Role.ADMIN, action=_MAINTAIN)
    code = code.strip().lower()
    if not CODE_PATTERN.match(code):
        raise InvalidInput(
            "Enter a code of 2 to 40 lower-case letters, digits or underscores, starting "
            "with a letter, like dhsc",
            field="code",
        )
    if not name.strip():
        raise InvalidInput("Enter the body's name", field="name")
    if session.scalar(select(NationalBody.id).where(NationalBody.code == code)) is not None:
        raise Conflict(f"There is already a national body with the code {code}.")
    body = NationalBody(code=code, kind=kind)
    body.names.append(NationalBodyName(name=name.strip(), valid_from=valid_from))
    session.add(body)
    session.flush()
    record(
        session,
        actor,
        "national_body.create",
        "national_body",
        body.id,
        after={"code": code, "kind": kind.value, "name": name.strip(), "from": str(valid_from)},
    )
    return body


def rename_body(session: Session, actor: Actor, body: NationalBody, name: str, on: date) -> None:
    """The body is called ``name`` from ``on``; its earlier names stay in its history."""
    require_role(actor, Role.ADMIN, action=_MAINTAIN)
    name = name.strip()
    if not name:
        raise InvalidInput("Enter the body's new name", field="name")
    current = body.names[-1]
    if current.valid_to is not None or body.superseded_by_id is not None:
        raise Conflict(f"{body.name} no longer exists, so it cannot be renamed.")
    if on <= current.valid_from:
        raise InvalidInput(
            f"The new name must start after {current.valid_from:%-d %B %Y}, when the body "
            f"took the name {current.name}",
            field="on",
        )
    if name == current.name:
        raise InvalidInput(f"The body is already called {name}", field="name")
    current.valid_to = on
    body.names.append(NationalBodyName(name=name, valid_from=on))
    record(
        session,
        actor,
        "national_body.rename",
        "national_body",
        body.id,
        before={"name": current.name},
        after={"name": name, "from": str(on)},
    )


def merge_body(
    session: Session, actor: Actor, body: NationalBody, into: NationalBody, on: date
) -> None:
    """``body`` closes on ``on`` and ``into`` carries on its work: the barriers it
    answered pass to ``into`` from that day."""
    require_role(actor, Role.ADMIN, action=_MAINTAIN)
    if body.id == into.id:
        raise InvalidInput("Choose a different body to merge into", field="into")
    if body.superseded_by_id is not None or body.names[-1].valid_to is not None:
        raise Conflict(f"{body.name} has already closed.")
    if on <= body.names[-1].valid_from:
        raise InvalidInput("The merger must come after the body's latest name began", field="on")
    body.names[-1].valid_to = on
    body.superseded_by = into
    moved = []
    for row in responsibilities(session):
        if row.body_id == body.id and row.covers(on):
            row.valid_to = on
            _add_responsibility(session, row.barrier_id, into, on)
            moved.append(row.barrier_id)
    record(
        session,
        actor,
        "national_body.merge",
        "national_body",
        body.id,
        after={"into": into.code, "on": str(on), "barriers": moved},
    )


def assign_barrier(
    session: Session, actor: Actor, barrier_id: str, body: NationalBody, valid_from: date
) -> BarrierResponsibility:
    require_role(actor, Role.ADMIN, action=_MAINTAIN)
    barrier_id = barrier_id.strip()
    if not barrier_id:
        raise InvalidInput("Choose a barrier", field="barrier")
    for row in responsibilities(session, barrier_id):
        if row.body_id == body.id and (row.valid_to is None or row.valid_to > valid_from):
            raise Conflict(
                f"{body.name} is already asked to answer this barrier from "
                f"{row.valid_from:%-d %B %Y}. End that first if the dates have changed."
            )
    row = _add_responsibility(session, barrier_id, body, valid_from)
    record(
        session,
        actor,
        "barrier_responsibility.create",
        "barrier_responsibility",
        row.id,
        after={"barrier": barrier_id, "body": body.code, "from": str(valid_from)},
    )
    return row


def end_responsibility(
    session: Session, actor: Actor, row: BarrierResponsibility, valid_to: date
) -> None:
    require_role(actor, Role.ADMIN, action=_MAINTAIN)
    if row.valid_to is not None:
        raise Conflict("This responsibility has already ended.")
    if valid_to <= row.valid_from:
        raise InvalidInput(
            f"The end must come after {row.valid_from:%-d %B %Y}, when it began", field="on"
        )
    row.valid_to = valid_to
    record(
        session,
        actor,
        "barrier_responsibility.end",
        "barrier_responsibility",
        row.id,
        before={"to": None},
        after={"to": str(valid_to)},
    )


def _add_responsibility(
    session: Session, barrier_id: str, body: NationalBody, valid_from: date
) -> BarrierResponsibility:
    row = BarrierResponsibility(barrier_id=barrier_id, body=body, valid_from=valid_from)
    session.add(row)
    session.flush()
    return row


def shipped_register() -> tuple[Path, Path]:
    return REGISTER_FOLDER / "bodies.csv", REGISTER_FOLDER / "responsibilities.csv"


def import_register(
    session: Session, actor: Actor, bodies: Path, responsibilities_file: Path
) -> RegisterImport:
    """Add what the files hold and the register lacks; what is already there is kept.

    ``bodies`` has one row per name a body has held (code, kind, name, valid_from,
    valid_to, superseded_by); ``responsibilities_file`` one row per barrier and body
    with dates. Running it twice changes nothing the second time.
    """
    require_role(actor, Role.ADMIN, action=_MAINTAIN)
    result = RegisterImport()
    name_rows = _read(bodies, {"code", "kind", "name", "valid_from", "valid_to", "superseded_by"})
    by_code = {body.code: body for body in session.scalars(select(NationalBody))}
    for line, row in name_rows:
        code = row["code"].strip().lower()
        body = by_code.get(code)
        if body is None:
            try:
                kind = BodyKind(row["kind"].strip())
            except ValueError:
                raise InvalidInput(
                    f"{bodies.name} line {line}: the kind must be one of "
                    f"{', '.join(k.value for k in BodyKind)}"
                ) from None
            body = by_code[code] = create_body(
                session,
                actor,
                code=code,
                kind=kind,
                name=row["name"],
                valid_from=_date(row["valid_from"], bodies, line),
            )
            body.names[-1].valid_to = _optional_date(row["valid_to"], bodies, line)
            result.bodies_created += 1
            continue
        start = _date(row["valid_from"], bodies, line)
        if any(n.valid_from == start and n.name == row["name"].strip() for n in body.names):
            result.unchanged += 1
            continue
        body.names.append(
            NationalBodyName(
                name=row["name"].strip(),
                valid_from=start,
                valid_to=_optional_date(row["valid_to"], bodies, line),
            )
        )
        body.names.sort(key=lambda n: n.valid_from)
        result.names_added += 1
        record(
            session,
            actor,
            "national_body.name_import",
            "national_body",
            body.id,
            after={"name": row["name"].strip(), "from": str(start)},
        )
    session.flush()
    for line, row in name_rows:
        successor = row["superseded_by"].strip().lower()
        if successor:
            if successor not in by_code:
                raise InvalidInput(f"{bodies.name} line {line}: no body has the code {successor}")
            by_code[row["code"].strip().lower()].superseded_by = by_code[successor]

    existing = {(r.barrier_id, r.body_id, r.valid_from) for r in responsibilities(session)}
    for line, row in _read(responsibilities_file, {"barrier", "body", "valid_from", "valid_to"}):
        body = by_code.get(row["body"].strip().lower())
        if body is None:
            raise InvalidInput(
                f"{responsibilities_file.name} line {line}: no body has the code {row['body']}"
            )
        start = _date(row["valid_from"], responsibilities_file, line)
        key = (row["barrier"].strip(), body.id, start)
        if key in existing:
            result.unchanged += 1
            continue
        added = _add_responsibility(session, key[0], body, start)
        added.valid_to = _optional_date(row["valid_to"], responsibilities_file, line)
        existing.add(key)
        result.responsibilities_added += 1
        record(
            session,
            actor,
            "barrier_responsibility.import",
            "barrier_responsibility",
            added.id,
            after={"barrier": key[0], "body": body.code, "from": str(start)},
        )
    session.flush()
    return result


def _read(path: Path, columns: set[str]) -> list[tuple[int, dict[str, str]]]:
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            missing = columns - set(reader.fieldnames or [])
            if missing:
                raise InvalidInput(f"{path.name} lacks the columns {', '.join(sorted(missing))}")
            return [
                (number, {k: v or "" for k, v in row.items()})
                for number, row in enumerate(reader, start=2)
            ]
    except OSError as error:
        raise InvalidInput(f"Cannot read {path}: {error.strerror}") from error


def _optional_date(text: str, path: Path, line: int) -> date | None:
    return _date(text, path, line) if text.strip() else None


def _date(text: str, path: Path, line: int) -> date:
    text = text.strip()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(
            f"{path.name} line {line}: {text!r} is not a date like 2024-07-08"
        ) from None
