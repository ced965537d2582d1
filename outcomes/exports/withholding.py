"""What an export leaves out, and how it says so; and text made safe for spreadsheets.

A withheld value is written as a labelled marker, never as an empty cell, so a reader
can tell "not answered" from "answered but not shown to you".
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, case, func, literal

from outcomes.accounts.access import Actor
from outcomes.consent import may_read
from outcomes.disclosure import SUPPRESSED, DisclosureRule
from outcomes.places.models import Place
from outcomes.reviews.models import ConsentScope

NOT_SHARED = "[not shared]"
REDACTED = "[redacted]"
MARKERS = (SUPPRESSED, NOT_SHARED, REDACTED)

# The reason recorded in the `withheld` column, next to each marker. Suppressed and not
# shared are outcomes.disclosure's, named the same in every output.
WITHHELD_REDACTED = "redacted"

# A spreadsheet runs a cell that starts with one of these as a formula (OWASP, "CSV
# injection"). Tab and carriage return are on the list because some programs strip them.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NEUTRALISER = "'"


def neutralise(text: str) -> str:
    """Text a spreadsheet will show as text: a quote goes before a formula character."""
    return NEUTRALISER + text if text.startswith(FORMULA_STARTS) else text


def neutralise_sql(text: ColumnElement[str]) -> ColumnElement[str]:
    """``neutralise`` in SQL."""
    return case(
        (func.substr(text, 1, 1).in_(FORMULA_STARTS), literal(NEUTRALISER) + text), else_=text
    )


def neutralise_texts(batch: list[Any], texts: list[int]) -> None:
    """Make a batch of rows safe for spreadsheets, in place: ``neutralise`` the values
    of the free-text columns ``texts``.

    Few values need it, so each is only checked, and a row is copied only when one does:
    this runs for every answer of a national export.
    """
    for position, row in enumerate(batch):
        for index in texts:
            value = row[index]
            if value and value.startswith(FORMULA_STARTS):
                row = list(row)
                row[index] = neutralise(value)
                batch[position] = row


def marker_descriptions(rule: DisclosureRule) -> dict[str, str]:
    return {
        SUPPRESSED: rule.describe(),
        NOT_SHARED: (
            "Text the person who wrote it did not agree to share with the role that made "
            "this export (their consent choice is in consent_scope)."
        ),
        REDACTED: "Free text replaced on purpose: this export was asked for without narrative.",
    }


SPREADSHEET_SAFETY = (
    "In the CSV and XLSX files, text that begins with =, +, -, @, a tab or a carriage "
    f"return has a single quote ({NEUTRALISER}) put in front of it, so that a spreadsheet "
    "shows it as text instead of running it as a formula. To get the original text back, "
    "remove that first character. Only free-text fields are affected (ids and codes never "
    "begin with these characters); numbers, dates and the Parquet and JSON files are "
    "written as they are."
)


class TextAccess(dict[tuple[int, str | None], bool]):
    """Whether the exporting actor may read text from a place given under a consent scope:
    ``access[place_id, scope]``, with the scope as stored (text, or None).

    The answer depends only on the place and the scope, so it is worked out once for each
    pair (in ``__missing__``) rather than once for each of a national export's answers.
    """

    def __init__(self, actor: Actor, places: dict[int, Place]) -> None:
        super().__init__()
        self._actor = actor
        self._places = places

    @property
    def actor(self) -> Actor:
        return self._actor

    def __missing__(self, key: tuple[int, str | None]) -> bool:
        place_id, scope = key
        allowed = may_read(
            self._actor, self._places[place_id], ConsentScope(scope) if scope else None
        )
        self[key] = allowed
        return allowed
