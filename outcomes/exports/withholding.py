"""What an export leaves out, and how it says so; and text made safe for spreadsheets.

A withheld value is written as a labelled marker, never as an empty cell, so a reader
can tell "not answered" from "answered but not shown to you".
"""

from __future__ import annotations

from outcomes.accounts.access import Actor
from outcomes.consent import may_read
from outcomes.disclosure import SUPPRESSED, DisclosureRule
from outcomes.places.models import Place
from outcomes.reviews.models import ConsentScope

NOT_SHARED = "[not shared]"
REDACTED = "[redacted]"
MARKERS = (SUPPRESSED, NOT_SHARED, REDACTED)

# The reason recorded in the `withheld` column, next to each marker.
WITHHELD_SUPPRESSED = "suppressed"
WITHHELD_NOT_SHARED = "not shared"
WITHHELD_REDACTED = "redacted"

# A spreadsheet runs a cell that starts with one of these as a formula (OWASP, "CSV
# injection"). Tab and carriage return are on the list because some programs strip them.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NEUTRALISER = "'"


def neutralise(text: str) -> str:
    """Text a spreadsheet will show as text: a quote goes before a formula character."""
    return NEUTRALISER + text if text.startswith(FORMULA_STARTS) else text


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


class TextAccess:
    """Whether the exporting actor may read text given under a consent scope in a place.

    The answer depends only on the place and the scope, so it is worked out once for each
    pair rather than once for each of a national export's answers.
    """

    def __init__(self, actor: Actor, places: dict[int, Place]) -> None:
        self._actor = actor
        self._places = places
        self._known: dict[tuple[int, ConsentScope | None], bool] = {}

    def may_read(self, place_id: int, scope: ConsentScope | None) -> bool:
        key = (place_id, scope)
        allowed = self._known.get(key)
        if allowed is None:
            allowed = self._known[key] = may_read(self._actor, self._places[place_id], scope)
        return allowed
