"""The unit of work of a command: one transaction, committed once at the command's end.

It lives beside ``get_session`` (web.database) rather than in web.commands, so that the
area command modules (web/<area>/commands.py) can use it without importing back the
module that registers them.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import click
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from outcomes.db import read_one_snapshot
from outcomes.errors import OutcomesError
from outcomes.migrate import current_revision, head_revision
from web.database import get_session


@contextmanager
def unit_of_work(*, one_snapshot: bool = False) -> Iterator[Session]:
    """The command's one transaction: committed if the command succeeds, else rolled back.
    With ``one_snapshot`` every statement in it reads the same snapshot of the data (a
    dataset export: outcomes.db.read_one_snapshot)."""
    session = get_session()
    try:
        if one_snapshot:
            read_one_snapshot(session)
        yield session
        session.commit()
    except OutcomesError as error:
        session.rollback()
        raise click.ClickException(str(error)) from error
    except DBAPIError as error:
        session.rollback()
        problem = database_problem(session)
        if problem is None:
            raise  # the schema is up to date: a real fault, worth its traceback
        raise click.ClickException(problem) from error
    except BaseException:
        session.rollback()
        raise


def database_problem(session: Session) -> str | None:
    """Why a command's statement failed, when the cause is one a person can fix: a database
    that does not answer, or a schema that is not at the newest migration."""
    try:
        current = current_revision(session.connection())
    except DBAPIError as error:
        return did_not_answer(error)
    finally:
        session.rollback()
    head = head_revision()
    if current == head:
        return None
    state = "has no schema yet" if current is None else f"is at migration {current}, not {head}"
    return f"The database {state}: run `outcomes db upgrade` first."


def did_not_answer(error: DBAPIError) -> str:
    reason = str(error.orig).strip().splitlines()[0] if error.orig else type(error).__name__
    return f"The database did not answer ({reason}). Check OUTCOMES_DATABASE_URL."
