"""The items a review answers: its pinned core version, plus its place's extension."""

from __future__ import annotations

from dataclasses import dataclass

from outcomes.frameworks.definition import FrameworkDefinition, Heading, Item, Scale
from outcomes.frameworks.models import FrameworkVersion
from outcomes.frameworks.store import as_definition
from outcomes.reviews.models import Review

# Stored content never changes under its hash, so each is parsed once per process.
_PARSED: dict[str, tuple[str, FrameworkDefinition]] = {}


@dataclass(frozen=True)
class PinnedDefinition:
    core: FrameworkDefinition
    extension: FrameworkDefinition | None = None

    @property
    def items(self) -> tuple[Item, ...]:
        return self.core.items + (self.extension.items if self.extension else ())

    @property
    def barriers(self) -> tuple[Heading, ...]:
        return self.core.barriers

    @property
    def label(self) -> str:
        text = f"{self.core.title} {self.core.version}"
        if self.extension:
            text += f", with {self.extension.title} {self.extension.version}"
        return text

    def item(self, item_id: str) -> Item | None:
        return next((item for item in self.items if item.id == item_id), None)

    def barrier(self, barrier_id: str) -> Heading | None:
        return next((b for b in self.core.barriers if b.id == barrier_id), None)

    def principle(self, principle_id: str) -> Heading | None:
        return next((p for p in self.core.principles if p.id == principle_id), None)

    def scale(self, scale_id: str) -> Scale | None:
        return self.core.scale(scale_id)


def definition_of(version: FrameworkVersion) -> FrameworkDefinition:
    """The version's definition, parsed once per content; content that no longer matches
    what was parsed goes through ``as_definition`` again, which checks its SHA-256."""
    cached = _PARSED.get(version.sha256)
    if cached is None or cached[0] != version.canonical:
        cached = _PARSED[version.sha256] = (version.canonical, as_definition(version))
    return cached[1]


def pinned_definition(review: Review) -> PinnedDefinition:
    extension = review.extension_version
    return PinnedDefinition(
        definition_of(review.framework_version),
        definition_of(extension) if extension is not None else None,
    )
