"""The task list: a review's items split into sections, each with its state.

Sections come from the items' `section` values: one per principle, in the order the
principles are defined, then the learning cycle, the story of change, measures, national
barriers and context. A place's extension items join the section they name.
"""

from __future__ import annotations

import enum
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from outcomes.errors import NotFound
from outcomes.frameworks.definition import Heading, Item
from outcomes.reviews.pinned import PinnedDefinition
from outcomes.reviews.values import Value

PRINCIPLES_GROUP = "How the service works"
PERIOD_GROUP = "What happened this period"

# Section value -> (title, what the section asks, in a sentence).
_SECTIONS = {
    "learning": (
        "What changed and what you learned",
        "What changed for people, what you tried and learned, and what you will change next.",
    ),
    "story": (
        "A story of change",
        "One person's or family's story, shared only with their agreement.",
    ),
    "measures": ("Measures", "A few numbers that show the scale and effect of the work."),
    "barriers": (
        "National barriers",
        "National rules that got in the way, and what you need from central government.",
    ),
    "context": ("Partners and people involved", "Who took part in the work this period."),
}


class SectionState(enum.StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"

    @property
    def label(self) -> str:
        return {
            SectionState.NOT_STARTED: "Not yet started",
            SectionState.IN_PROGRESS: "In progress",
            SectionState.COMPLETED: "Completed",
        }[self]


@dataclass(frozen=True)
class Section:
    key: str  # used in addresses: "principle-relational", "learning", ...
    title: str
    description: str
    group: str
    items: tuple[Item, ...]

    def state(self, values: Mapping[str, Value], required: Collection[str]) -> SectionState:
        """Completed when every required item is answered and, if none is required,
        when anything is; in progress when something is answered but not all it needs."""
        if not any(values.get(item.id) for item in self.items):
            return SectionState.NOT_STARTED
        missing = [i for i in self.items if i.id in required and not values.get(i.id)]
        return SectionState.IN_PROGRESS if missing else SectionState.COMPLETED

    def is_optional(self, required: Collection[str]) -> bool:
        return not any(item.id in required for item in self.items)


def review_sections(definition: PinnedDefinition) -> tuple[Section, ...]:
    principles: dict[str | None, list[Item]] = {p.id: [] for p in definition.core.principles}
    others: dict[str, list[Item]] = {key: [] for key in _SECTIONS}
    for item in definition.items:
        if item.section == "principle":
            principles.setdefault(item.principle, []).append(item)
        else:
            others[item.section].append(item)
    sections = [
        _principle_section(definition.principle(key) if key else None, items)
        for key, items in principles.items()
        if items
    ]
    sections += [
        Section(key, *_SECTIONS[key], PERIOD_GROUP, tuple(items))
        for key, items in others.items()
        if items
    ]
    return tuple(sections)


def find_section(definition: PinnedDefinition, key: str) -> Section:
    found = next((s for s in review_sections(definition) if s.key == key), None)
    if found is None:
        raise NotFound("This review has no such section. Go back to the review's task list.")
    return found


def _principle_section(principle: Heading | None, items: list[Item]) -> Section:
    if principle is None:
        return Section(
            "principles", "Principles", "How the service works.", PRINCIPLES_GROUP, tuple(items)
        )
    return Section(
        f"principle-{principle.id}",
        principle.title,
        principle.description,
        PRINCIPLES_GROUP,
        tuple(items),
    )
