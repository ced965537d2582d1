"""Disclosure control: the one boundary every answer passes on its way to a reader.

Two rules decide what a reader outside the place that filed an answer may see:

- **Consent** (``outcomes.consent``): text given under a consent scope reaches only the
  readers the scope names.
- **Small counts** (``DisclosureRule``, rule ``small-counts-2``): a count of people from 1
  to the threshold minus one (4, by default) is withheld. Every published aggregate of
  counts of people (a report's totals, under any filter) is the sum of the *disclosed*
  values only, and says how many values it left out. No published figure is a function
  of a withheld value, so no difference of two figures (report minus export, one filter
  minus another, one period range minus an overlapping one) can give a withheld value
  back. The place's own service managers and administrators see their own figures as
  filed on review pages and in the API; reports and dataset exports apply the rule for
  every reader, because they leave the place.

Where each reader-facing output calls it:

- review pages, revisions and their differences: ``outcomes.reviews.reading`` (through
  ``disclose``);
- the API's review answers: ``web.api.reviews`` (through ``disclose``);
- reports: ``outcomes.reports.queries`` sums ``DisclosureRule.disclosed_sql`` and counts
  ``DisclosureRule.withheld_sql``;
- dataset exports: ``outcomes.exports.rows.withheld_answers``, in SQL where the answers
  are read (``DisclosureRule.withheld_sql`` and ``outcomes.consent.readable``), and
  ``outcomes.exports.withholding.TextAccess`` for the other tables' text;
- search and lists of text: ``outcomes.consent.readable`` (consent; search finds text only).

The rule is versioned, and every report and export states the version it applied, so a
reader months later knows exactly what was hidden and why.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, and_, case, null

from outcomes.accounts.access import Actor, acts_for_place
from outcomes.consent import may_read
from outcomes.frameworks.definition import NumberItem
from outcomes.places.models import Place
from outcomes.reviews.models import ConsentScope

# The marker ONS uses for a value withheld to protect confidentiality.
SUPPRESSED = "[c]"
RULE_VERSION = "small-counts-2"

# Why a value is withheld, as answers and exports name it.
WITHHELD_SUPPRESSED = "suppressed"
WITHHELD_NOT_SHARED = "not shared"

Value = dict[str, Any]


def _configured_threshold() -> int:
    return int(os.environ.get("OUTCOMES_DISCLOSURE_THRESHOLD", "5"))


@dataclass(frozen=True)
class DisclosureRule:
    threshold: int = field(default_factory=_configured_threshold)
    version: str = RULE_VERSION

    def is_suppressed(self, count: float | None) -> bool:
        """A count of people from 1 to threshold - 1 could identify someone; 0 cannot."""
        return count is not None and 0 < count < self.threshold

    def apply(self, count: float | None) -> float | None:
        """The count, or None where it must be withheld."""
        return None if self.is_suppressed(count) else count

    def withheld_sql(self, count: ColumnElement[Any]) -> ColumnElement[bool]:
        """``is_suppressed`` as a SQL condition on a column of counts of people."""
        return and_(count > 0, count < self.threshold)

    def disclosed_sql(self, count: ColumnElement[Any]) -> ColumnElement[Any]:
        """The count where it may be published, else NULL: sum this, never the column,
        so that no aggregate depends on a withheld value."""
        return case((self.withheld_sql(count), null()), else_=count)

    def describe(self) -> str:
        return (
            f"Counts of people from 1 to {self.threshold - 1} are withheld and shown as "
            f"{SUPPRESSED}. Totals of counts of people add up only the counts that are "
            "shown, and say how many were withheld, so no total, filter or comparison of "
            "figures can give a withheld count back "
            f"(rule {self.version}, threshold {self.threshold})."
        )

    def describe_places(self) -> str:
        """The same rule applied to the number of places raising something (a national
        ask): too few places could be told apart, as too few people could."""
        return (
            f"Where only 1 to {self.threshold - 1} places raised a barrier, the number of "
            f"places is withheld and shown as {SUPPRESSED}, so that no ask can be traced to "
            f"the few places behind it (rule {self.version}, threshold {self.threshold})."
        )


def sees_exact_counts(actor: Actor, place: Place) -> bool:
    """Whether ``actor`` sees ``place``'s small counts of people as filed: its own service
    managers and administrators do; every other reader sees them withheld."""
    return acts_for_place(actor, place)


def disclose_value(
    actor: Actor,
    place: Place,
    item: object,
    value: Value | None,
    rule: DisclosureRule | None = None,
) -> Value | None:
    """One answer (a value as ``outcomes.reviews.values`` shapes it) as ``actor`` may see
    it: as filed, or ``{"withheld": <reason>, ...}`` in its place.

    A withheld text keeps its consent scope (so the reader learns who may read it), and
    withheld asks keep the barriers they are about, each with None for its ask; a
    withheld count keeps nothing of its number.
    """
    if not value:
        return value
    scope = value.get("consent")
    if scope and not may_read(actor, place, ConsentScope(scope)):
        withheld: Value = {"withheld": WITHHELD_NOT_SHARED, "consent": scope}
        if "asks" in value:  # which barriers were cited is not consent's to withhold
            withheld["asks"] = dict.fromkeys(value["asks"])
        if "personal_details" in value:
            withheld["personal_details"] = value["personal_details"]
        return withheld
    if (
        isinstance(item, NumberItem)
        and item.counts_people
        and "number" in value
        and not sees_exact_counts(actor, place)
        and (rule or DisclosureRule()).is_suppressed(value["number"])
    ):
        return {"withheld": WITHHELD_SUPPRESSED}
    return value


def disclose(
    actor: Actor,
    place: Place,
    items: Mapping[str, object],
    values: Mapping[str, Value],
    rule: DisclosureRule | None = None,
) -> dict[str, Value]:
    """A revision's answers (item id -> value) as ``actor`` may see them. ``items`` maps
    item ids to their definitions (an answer to an unknown item is treated as text)."""
    rule = rule or DisclosureRule()
    return {
        item_id: disclose_value(actor, place, items.get(item_id), value, rule) or {}
        for item_id, value in values.items()
    }
