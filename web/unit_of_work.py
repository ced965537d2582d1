"""The unit of work of a command: one transaction, committed once at the command's end.

It lives beside ``get_session`` (web.database) rather than in web.commands, so that the
area command modules (web/<area>/commands.py) can use it without importing back the
module that registers them.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import click
from sqlalchemy.orm import Session

from outcomes.errors import OutcomesError
from web.database import get_session


@contextmanager
def unit_of_work() -> Iterator[Session]:
    """The command's one transaction: committed if the command succeeds, else rolled back."""
    session = get_session()
    try:
        yield session
        session.commit()
    except OutcomesError as error:
        session.rollback()
        raise click.ClickException(str(error)) from error
    except BaseException:
        session.rollback()
        raise
