"""Framework definitions as immutable values, and their canonical JSON form.

The canonical form is what a version *is*: two files with the same content give the
same canonical JSON and hash, whatever their key order, quoting or layout, and
whether defaults such as `required: false` are written out or left implicit.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType
from typing import Any, Literal

from outcomes.frameworks.semver import Version

Status = Literal["draft", "published", "retired"]
Section = Literal["principle", "learning", "story", "measures", "barriers", "context"]
ItemKind = Literal["rubric", "text", "number", "choice", "multichoice", "barriers"]


@dataclass(frozen=True)
class Level:
    value: int
    label: str
    description: str


@dataclass(frozen=True)
class WordingFix:
    """A declaration that a scale's levels were reworded without changing what they mean.

    It covers one step only: from the release named by ``since`` to the version that
    declares it, and carries the author's ``evidence`` that each level keeps its meaning.
    """

    since: str
    evidence: str


@dataclass(frozen=True)
class Scale:
    id: str
    levels: tuple[Level, ...]
    wording_fix: WordingFix | None = None

    @property
    def values(self) -> tuple[int, ...]:
        return tuple(level.value for level in self.levels)


@dataclass(frozen=True)
class Heading:
    """A principle, an outcome domain or a barrier: an id with a title and description."""

    id: str
    title: str
    description: str


Principle = Heading
Domain = Heading
Barrier = Heading


@dataclass(frozen=True)
class Option:
    id: str
    label: str


@dataclass(frozen=True, kw_only=True)
class Item:
    """One prompt of a version. Each kind adds its own fields in a subclass."""

    id: str
    kind: ItemKind
    label: str
    help: str = ""
    required: bool = False
    section: Section
    principle: str | None = None
    domain: str | None = None
    replaces: tuple[str, ...] = ()
    # How several earlier answers in one review become one answer to this item: one of
    # MERGE_RULES. Needed when the item takes over from more than one earlier item.
    merge: str | None = None


# The ways a merge may turn several answers of one review into one: the lowest, the
# highest, the median (the lower middle one of an even number, so always an answer
# someone gave), or the first of the items it replaces that the review answered.
MERGE_RULES = ("lowest", "highest", "median", "first")


@dataclass(frozen=True, kw_only=True)
class RubricItem(Item):
    scale: str
    descriptors: Mapping[int, str]
    # Old item id -> {old level value: new level value}, for items named in `replaces`.
    crosswalk: Mapping[str, Mapping[int, int]] = field(default_factory=lambda: _frozen({}))


@dataclass(frozen=True, kw_only=True)
class TextItem(Item):
    max_length: int
    consent: bool = False
    # A text item of the same version whose answer in the service's previous review this
    # item follows up, such as what the service said it would change.
    follows_up: str | None = None


# Bounds for a number item that sets none, so that every stored number is finite and
# any sum of them is too: a count of people is at most ten million (more than live in
# any place), any other number at most a million million either way.
MAX_PEOPLE = 10_000_000
MAX_NUMBER = 1_000_000_000_000


@dataclass(frozen=True, kw_only=True)
class NumberItem(Item):
    unit: str
    min: int | float | None = None
    max: int | float | None = None
    integer: bool = False
    counts_people: bool = False

    @property
    def bounds(self) -> tuple[int | float, int | float]:
        """The lowest and highest answer allowed: the item's own, or the defaults (a
        count of people is never below 0)."""
        low = self.min if self.min is not None else (0 if self.counts_people else -MAX_NUMBER)
        high = (
            self.max if self.max is not None else (MAX_PEOPLE if self.counts_people else MAX_NUMBER)
        )
        return low, high


@dataclass(frozen=True, kw_only=True)
class ChoiceItem(Item):
    """A `choice` (one answer) or `multichoice` (any number of answers) item."""

    options: tuple[Option, ...]


@dataclass(frozen=True, kw_only=True)
class BarriersItem(Item):
    """Chooses barriers from the version's taxonomy, each with an optional ask of government."""

    ask_max_length: int


@dataclass(frozen=True)
class Extends:
    slug: str
    version: str


@dataclass(frozen=True)
class FrameworkDefinition:
    slug: str
    title: str
    version: str
    status: Status
    released: date
    summary: str
    changelog: str
    scales: tuple[Scale, ...]
    principles: tuple[Principle, ...]
    domains: tuple[Domain, ...]
    barriers: tuple[Barrier, ...]
    items: tuple[Item, ...]
    extends: Extends | None = None
    place: str | None = None
    # Where the definition was read from; not part of its content.
    source: str = field(default="", compare=False)

    @property
    def semver(self) -> Version:
        return Version.parse(self.version)

    def item(self, item_id: str) -> Item | None:
        return next((item for item in self.items if item.id == item_id), None)

    def scale(self, scale_id: str) -> Scale | None:
        return next((scale for scale in self.scales if scale.id == scale_id), None)

    def to_dict(self) -> dict[str, Any]:
        """The definition as plain JSON data, in the shape of a definition file."""
        data: dict[str, Any] = _plain(self)
        data.pop("source", None)
        data["released"] = self.released.isoformat()
        return data


def definition_from_data(data: Mapping[str, Any], source: str = "") -> FrameworkDefinition:
    """Build a definition from data that has passed the schema and the rules."""
    extends = data.get("extends")
    return FrameworkDefinition(
        slug=data["slug"],
        title=data["title"],
        version=data["version"],
        status=data["status"],
        released=date.fromisoformat(data["released"]),
        summary=data["summary"],
        changelog=data["changelog"],
        scales=tuple(
            Scale(
                scale["id"],
                tuple(Level(**level) for level in scale["levels"]),
                WordingFix(**scale["wording_fix"]) if "wording_fix" in scale else None,
            )
            for scale in data.get("scales", [])
        ),
        principles=_headings(data, "principles"),
        domains=_headings(data, "domains"),
        barriers=_headings(data, "barriers"),
        items=tuple(_item(item) for item in data["items"]),
        extends=Extends(**extends) if extends else None,
        place=data.get("place"),
        source=source,
    )


def canonical_json(definition: FrameworkDefinition) -> str:
    """The definition as JSON with sorted keys and no insignificant whitespace."""
    return json.dumps(
        definition.to_dict(), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )


def canonical_sha256(definition: FrameworkDefinition) -> str:
    """The hex SHA-256 of the UTF-8 canonical JSON: what a published version is pinned by."""
    return hashlib.sha256(canonical_json(definition).encode("utf-8")).hexdigest()


_ITEM_CLASSES: dict[str, type[Item]] = {
    "rubric": RubricItem,
    "text": TextItem,
    "number": NumberItem,
    "choice": ChoiceItem,
    "multichoice": ChoiceItem,
    "barriers": BarriersItem,
}


def _item(data: Mapping[str, Any]) -> Item:
    fields = dict(data)
    fields["replaces"] = tuple(data.get("replaces", ()))
    if "options" in data:
        fields["options"] = tuple(Option(**option) for option in data["options"])
    if "descriptors" in data:
        fields["descriptors"] = _frozen({int(k): v for k, v in data["descriptors"].items()})
    if "crosswalk" in data:
        fields["crosswalk"] = _frozen(
            {
                old_id: _frozen({int(old): new for old, new in levels.items()})
                for old_id, levels in data["crosswalk"].items()
            }
        )
    return _ITEM_CLASSES[data["kind"]](**fields)


def _headings(data: Mapping[str, Any], key: str) -> tuple[Heading, ...]:
    return tuple(Heading(**heading) for heading in data.get(key, []))


def _frozen(mapping: dict[Any, Any]) -> Mapping[Any, Any]:
    return MappingProxyType(dict(sorted(mapping.items())))


def _plain(value: Any) -> Any:
    """Dataclasses, tuples and mappings as JSON data; mapping keys become text, as in JSON.

    Fields left empty are left out, as an author would leave them out of the file, so
    that the data reads back through the schema unchanged.
    """
    if hasattr(value, "__dataclass_fields__"):
        fields = {name: getattr(value, name) for name in value.__dataclass_fields__}
        return {name: _plain(v) for name, v in fields.items() if v not in (None, "", (), {})}
    if isinstance(value, tuple):
        return [_plain(entry) for entry in value]
    if isinstance(value, Mapping):
        return {str(key): _plain(entry) for key, entry in value.items()}
    return value
