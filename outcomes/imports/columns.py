"""The columns of an import template: one per item, plus a few that some items need.

Column names are the keys the answer checks report problems under ("<item>",
"<item>:consent", "<item>:ask:<barrier>"), so a problem points straight at its column.
"""

from __future__ import annotations

from dataclasses import dataclass

from outcomes.frameworks.definition import (
    BarriersItem,
    ChoiceItem,
    Item,
    NumberItem,
    RubricItem,
    TextItem,
)
from outcomes.reviews.models import ConsentScope
from outcomes.reviews.pinned import PinnedDefinition

SEPARATOR = ";"
CONSENT_VALUES = ", ".join(scope.value for scope in ConsentScope)


@dataclass(frozen=True)
class Column:
    name: str
    label: str
    required: bool
    allowed: str
    item_id: str | None = None


LEADING = (
    Column(
        "service",
        "Service",
        True,
        "The service's name exactly as it appears in Outcomes, or its id number",
    ),
    Column("period_start", "First day of the period", True, "A date written 2025-04-01"),
    Column("period_end", "Last day of the period", True, "A date written 2025-06-30"),
)


def template_columns(definition: PinnedDefinition) -> list[Column]:
    columns = list(LEADING)
    for item in definition.items:
        columns += _item_columns(definition, item)
    return columns


def _item_columns(definition: PinnedDefinition, item: Item) -> list[Column]:
    main = Column(item.id, item.label, item.required, _allowed(definition, item), item.id)
    if isinstance(item, TextItem) and item.consent:
        return [
            main,
            Column(
                f"{item.id}:consent",
                f"Who may read ‘{item.label}’",
                False,
                f"One of: {CONSENT_VALUES}",
                item.id,
            ),
            Column(
                f"{item.id}:personal_details",
                f"‘{item.label}’ contains personal details",
                False,
                "yes or no",
                item.id,
            ),
        ]
    if isinstance(item, BarriersItem):
        asks = [
            Column(
                f"{item.id}:ask:{barrier.id}",
                f"What you need from central government about ‘{barrier.title}’",
                False,
                f"Text, up to {item.ask_max_length:,} characters, for a barrier you chose",
                item.id,
            )
            for barrier in definition.barriers
        ]
        consent = Column(
            f"{item.id}:consent",
            "Who may read what you ask of government",
            False,
            f"One of: {CONSENT_VALUES} (regulators if left empty)",
            item.id,
        )
        return [main, *asks, consent]
    return [main]


def _allowed(definition: PinnedDefinition, item: Item) -> str:
    if isinstance(item, RubricItem):
        scale = definition.scale(item.scale)
        levels = scale.levels if scale else ()
        return "A level: " + "; ".join(f"{level.value} = {level.label}" for level in levels)
    if isinstance(item, TextItem):
        return f"Text, up to {item.max_length:,} characters"
    if isinstance(item, NumberItem):
        kind = "A whole number" if item.integer else "A number"
        low, high = item.bounds
        return f"{kind} from {low:,g} to {high:,g} ({item.unit})"
    if isinstance(item, ChoiceItem):
        ids = "; ".join(f"{option.id} = {option.label}" for option in item.options)
        if item.kind == "multichoice":
            return f"Any of these ids, separated by '{SEPARATOR}': {ids}"
        return f"One of these ids: {ids}"
    if isinstance(item, BarriersItem):
        ids = "; ".join(f"{barrier.id} = {barrier.title}" for barrier in definition.barriers)
        return f"Barrier ids, separated by '{SEPARATOR}': {ids}"
    return "Text"
