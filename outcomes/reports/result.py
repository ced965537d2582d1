"""A computed comparison report: tables (pandas DataFrames) and what is needed to read them.

Tables are keyed by place, principle, barrier or period, and kept in a fixed order:
places by region and then by name. Nothing is ordered by a value, and no figure
combines principles.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from outcomes.disclosure import DisclosureRule
from outcomes.lazy import lazy
from outcomes.reports.lineage import Unmapped

if TYPE_CHECKING:
    import pandas as pd
else:
    pd = lazy("pandas")


@dataclass(frozen=True)
class Section:
    slug: str
    title: str
    tables: tuple[str, ...]


SECTIONS = (
    Section("principles", "Principles by place", ("principles", "measures")),
    Section("over-time", "Change over time", ("over_time", "place_over_time")),
    Section(
        "barriers",
        "What places need from central government",
        ("barriers", "barriers_over_time", "asks"),
    ),
    Section("neighbours", "Who to learn from", ("neighbours", "barrier_neighbours")),
    Section("coverage", "Coverage", ("coverage_places", "coverage_services", "versions")),
)

ALL_TABLES = tuple(name for part in SECTIONS for name in part.tables)

TABLE_TITLES = {
    "principles": "Levels by place and principle",
    "measures": "People counted by place",
    "over_time": "Levels by period, every place in the report",
    "place_over_time": "Levels by period, for the chosen place",
    "barriers": "Places and reviews citing each barrier",
    "barriers_over_time": "Places and reviews citing each barrier, by period",
    "asks": "What places ask of central government",
    "neighbours": "Places to learn from, by principle and service area",
    "barrier_neighbours": "Places that report the same barriers",
    "coverage_places": "Places: who filed",
    "coverage_services": "Services: who filed",
    "versions": "Framework versions used",
}


def section(slug: str) -> Section:
    for candidate in SECTIONS:
        if candidate.slug == slug:
            return candidate
    raise KeyError(slug)


@dataclass(frozen=True)
class Heading:
    id: str
    title: str


@dataclass(frozen=True)
class CompareItem:
    """A rubric item of the target version, with the levels of its scale."""

    id: str
    principle: str
    title: str
    levels: tuple[tuple[int, str], ...]  # (value, label), lowest first

    @property
    def lower(self) -> tuple[int, ...]:
        return tuple(value for value, _ in self.levels[:2])

    @property
    def upper(self) -> tuple[int, ...]:
        return tuple(value for value, _ in self.levels[-2:])


@dataclass(frozen=True)
class Measure:
    id: str
    label: str
    unit: str


@dataclass(frozen=True)
class VersionUse:
    version: str
    reviews: int
    answers: int
    how: str


@dataclass(frozen=True)
class Mapped:
    """Answers on another version counted as answers to a target item."""

    version: str
    source_item: str
    target_item: str
    answers: int
    via: str

    def describe(self) -> str:
        if self.via == "crosswalk":
            return (
                f"{self.answers} answers on {self.version} to {self.source_item} mapped to "
                f"{self.target_item} through the declared crosswalk"
            )
        return (
            f"{self.answers} answers on {self.version} to {self.target_item} counted as they "
            "are: the item did not change meaning"
        )


@dataclass(frozen=True)
class Note:
    place_code: str
    place: str
    written_on: date
    author: str
    body: str

    def describe(self) -> str:
        return f"{self.written_on.isoformat()}, {self.author}: {self.body}"


def counted(number: int, noun: str) -> str:
    """``1 place``, ``2 places``, ``1,204 reviews``: a count with its noun."""
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


@dataclass
class ReportContext:
    framework: str
    framework_title: str
    version: str  # the target version
    parameters: dict[str, object]
    disclosure: DisclosureRule
    generated_at: datetime
    items: tuple[CompareItem, ...]
    measures: tuple[Measure, ...]
    barriers: tuple[Heading, ...]
    versions: tuple[VersionUse, ...]
    mapped: tuple[Mapped, ...]
    unmapped: tuple[Unmapped, ...]
    periods: tuple[tuple[date, date], ...]
    reviews: int
    services: int
    places: int
    suppressed: int
    focus_place: tuple[str, str] | None  # (code, name)
    notes: dict[str, list[Note]] = field(default_factory=dict)  # by place code
    # By current place code: which former places' reviews its row includes, in a sentence.
    former_places: dict[str, str] = field(default_factory=dict)

    @property
    def covers(self) -> str:
        """What the report counts, in words: "12 submitted reviews from 6 services in 3
        places" (the latest revision of each review)."""
        return (
            f"{counted(self.reviews, 'submitted review')} from "
            f"{counted(self.services, 'service')} in {counted(self.places, 'place')}"
        )

    def mapping_lines(self) -> list[str]:
        """What was brought across versions, in a few lines: crosswalks one by one, items
        counted as they are together for each version."""
        lines = []
        for version in dict.fromkeys(m.version for m in self.mapped):
            kept = [m for m in self.mapped if m.version == version and m.via == "unchanged"]
            if kept:
                answers = sum(m.answers for m in kept)
                items = ", ".join(m.target_item for m in kept)
                lines.append(
                    f"{answers} answers on {version} to {len(kept)} items that kept their "
                    f"meaning, counted as they are ({items})"
                )
            lines += [
                m.describe() for m in self.mapped if m.version == version and m.via == "crosswalk"
            ]
        return lines

    def as_dict(self) -> dict[str, object]:
        return {
            "framework": self.framework,
            "framework_title": self.framework_title,
            "version": self.version,
            "parameters": self.parameters,
            "generated_at": self.generated_at.isoformat(),
            "reviews": self.reviews,
            "services": self.services,
            "places": self.places,
            "periods": [[start.isoformat(), end.isoformat()] for start, end in self.periods],
            "versions_used": [
                {"version": v.version, "reviews": v.reviews, "answers": v.answers, "how": v.how}
                for v in self.versions
            ],
            "mapped": [
                {
                    "version": m.version,
                    "source_item": m.source_item,
                    "target_item": m.target_item,
                    "answers": m.answers,
                    "via": m.via,
                    "description": m.describe(),
                }
                for m in self.mapped
            ],
            "not_compared": [
                {"version": u.version, "item": u.item, "reason": u.reason} for u in self.unmapped
            ],
            "disclosure": {
                "rule": self.disclosure.version,
                "threshold": self.disclosure.threshold,
                "description": self.disclosure.describe(),
                "suppressed_cells": self.suppressed,
            },
            "levels": {
                item.id: [{"value": v, "label": label} for v, label in item.levels]
                for item in self.items
            },
            "places_over_time": dict(self.former_places),
            "context_notes": {
                code: [
                    {"written_on": n.written_on.isoformat(), "author": n.author, "body": n.body}
                    for n in notes
                ]
                for code, notes in self.notes.items()
            },
        }


@dataclass
class ComparisonReport:
    context: ReportContext
    principles: pd.DataFrame
    measures: pd.DataFrame
    over_time: pd.DataFrame
    place_over_time: pd.DataFrame
    barriers: pd.DataFrame
    barriers_over_time: pd.DataFrame
    asks: pd.DataFrame
    neighbours: pd.DataFrame
    barrier_neighbours: pd.DataFrame
    coverage_places: pd.DataFrame
    coverage_services: pd.DataFrame
    versions: pd.DataFrame
    # Every ask the reader may read; ``asks`` may hold only the first of them.
    asks_total: int

    @property
    def asks_complete(self) -> bool:
        return len(self.asks) == self.asks_total

    def table(self, name: str) -> pd.DataFrame:
        if name not in TABLE_TITLES:
            raise KeyError(name)
        frame: pd.DataFrame = getattr(self, name)
        return frame
