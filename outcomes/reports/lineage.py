"""Which answers on other versions of a framework a report may count, and how.

A report reads one target version. An answer given on another version of the same
framework is counted only through declared lineage:

- the same item id, when no version between the two changed what the item means
  (its kind, scale, principle or domain, unit, or whether it counts people);
- an item the target (or a version before it) declares it ``replaces``, through
  the declared ``crosswalk`` of levels. Crosswalks only run forwards: a split can
  not be undone, so answers on a later version reach an earlier target only by the
  same item id.

Lineage runs through published releases only: answers on a draft or a pre-release
are never mapped (those versions could still change), and a release is linked to the
release before it even when pre-releases came between.

An item that takes over from several earlier items (a merge) may find several answers
in one review; its ``merge`` rule (lowest, highest, median, first) picks the one that
counts, once per review. Each link carries that rule and the source's ``rank`` (its
place in the order the rule "first" follows). Where answers pass through several merges,
the last merge's rule applies to all of them.

Only rubric items (levels) and number items that count people are compared. Items of
local extensions never are: they live in other frameworks and never appear here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Literal

from outcomes.frameworks.changes import compare, is_release
from outcomes.frameworks.definition import FrameworkDefinition, Item, NumberItem, RubricItem

# Aspects of an item change after which earlier answers mean something else.
MEANING_CHANGES = frozenset({"kind", "scale", "belongs_to", "unit", "counts_people"})

Via = Literal["target", "unchanged", "crosswalk"]


@dataclass(frozen=True)
class ItemLink:
    """Answers to ``source_item`` on ``version`` count as answers to ``target_item``.

    ``levels`` maps a source level to the target level (rubric items); it is None
    for number items, whose values carry over unchanged. ``merge`` says how several
    answers of one review reaching ``target_item`` become one, ``rank`` orders them for
    the rule "first". ``as_answered`` says that ``levels`` maps every level of the
    source item's own scale to itself: the answer's level counts as it is (a level
    outside an item's scale is refused when it is answered, ``outcomes.reviews.answers``).
    """

    version: str
    source_item: str
    target_item: str
    levels: Mapping[int, int] | None
    via: Via
    merge: str = "first"
    rank: int = 0
    as_answered: bool = False


@dataclass(frozen=True)
class Unmapped:
    """An item answered on ``version`` that the target version cannot count, and why."""

    version: str
    item: str
    reason: str


@dataclass(frozen=True)
class Lineage:
    target: FrameworkDefinition
    links: tuple[ItemLink, ...]
    unmapped: tuple[Unmapped, ...]

    def links_for(self, version: str) -> list[ItemLink]:
        return [link for link in self.links if link.version == version]


def compared_items(definition: FrameworkDefinition) -> list[Item]:
    """The items a report compares: rubric items and numbers that count people."""
    return [
        item
        for item in definition.items
        if isinstance(item, RubricItem) or (isinstance(item, NumberItem) and item.counts_people)
    ]


def trace_lineage(definitions: Iterable[FrameworkDefinition], target: str) -> Lineage:
    """How answers on each of ``definitions`` (versions of one framework) reach ``target``."""
    everything = sorted(definitions, key=lambda d: d.semver)
    ordered = [d for d in everything if is_release(d) or d.version == target]
    versions = [d.version for d in ordered]
    goal = ordered[versions.index(target)]
    links: list[ItemLink] = []
    unmapped: list[Unmapped] = [
        Unmapped(
            skipped.version,
            item.id,
            "it was answered on a draft or pre-release, and lineage follows published "
            "releases only",
        )
        for skipped in everything
        if skipped not in ordered
        for item in compared_items(skipped)
    ]
    for index, definition in enumerate(ordered):
        found: _Sources
        if definition.version == target:
            found = {
                item.id: {item.id: (_identity(item), "target", "first", 0)}
                for item in compared_items(goal)
            }
        elif definition.semver < goal.semver:
            found = _forwards(ordered[index : versions.index(target) + 1])
        else:
            found = _backwards(ordered[versions.index(target) : index + 1])
        reached: set[str] = set()
        for target_item, sources in found.items():
            for source_item, (levels, via, merge, rank) in sources.items():
                reached.add(source_item)
                source = definition.item(source_item)
                as_answered = (
                    levels is not None and source is not None and levels == _identity(source)
                )
                links.append(
                    ItemLink(
                        definition.version,
                        source_item,
                        target_item,
                        levels,
                        via,
                        merge,
                        rank,
                        as_answered,
                    )
                )
        for item in compared_items(definition):
            if item.id not in reached:
                unmapped.append(
                    Unmapped(definition.version, item.id, _why_not(definition, goal, item))
                )
    return Lineage(goal, tuple(links), tuple(unmapped))


# For each item of the version reached so far: the source items behind it, each with
# its level mapping (None for numbers), how it was reached, and its merge rule and rank.
_Source = tuple[Mapping[int, int] | None, Via, str, int]
_Sources = dict[str, dict[str, _Source]]


def _forwards(chain: Sequence[FrameworkDefinition]) -> _Sources:
    """Follow answers on ``chain[0]`` through each later version up to ``chain[-1]``."""
    current: _Sources = {
        item.id: {item.id: (_identity(item), "unchanged", "first", 0)}
        for item in compared_items(chain[0])
    }
    for old, new in pairwise(chain):
        kept = _kept_items(old, new)
        following: _Sources = {}
        for item in compared_items(new):
            # The item's own earlier answers rank first, then those of the items it
            # replaces, in the order it lists them.
            sources: dict[str, _Source] = {}
            if item.id in kept:
                for source, (levels, via, merge, _) in current.get(item.id, {}).items():
                    sources[source] = (levels, via, item.merge or merge, 0)
            crosswalk = item.crosswalk if isinstance(item, RubricItem) else {}
            for position, replaced in enumerate(item.replaces, start=1):
                if replaced not in crosswalk:
                    continue
                step = {int(k): int(v) for k, v in crosswalk[replaced].items()}
                for source, (levels, _via, merge, _) in current.get(replaced, {}).items():
                    composed = {
                        level: step[middle]
                        for level, middle in (levels or {}).items()
                        if middle in step
                    }
                    sources[source] = (composed, "crosswalk", item.merge or merge, position)
            if sources:
                following[item.id] = sources
        current = following
    return current


def _backwards(chain: Sequence[FrameworkDefinition]) -> _Sources:
    """Answers on ``chain[-1]`` that reach ``chain[0]`` by unchanged item ids only."""
    shared = {item.id for item in compared_items(chain[0])}
    for old, new in pairwise(chain):
        shared &= _kept_items(old, new)
    return {
        item.id: {item.id: (_identity(item), "unchanged", "first", 0)}
        for item in compared_items(chain[0])
        if item.id in shared
    }


def _kept_items(old: FrameworkDefinition, new: FrameworkDefinition) -> set[str]:
    """Items in both versions whose answers still mean the same."""
    diff = compare(old, new)
    changed = {
        change.item for change in diff.changed_items if MEANING_CHANGES & set(change.aspects)
    }
    both = {item.id for item in old.items} & {item.id for item in new.items}
    return both - changed


def _identity(item: Item) -> Mapping[int, int] | None:
    if isinstance(item, RubricItem):
        return {level: level for level in item.descriptors}
    return None


def _why_not(definition: FrameworkDefinition, goal: FrameworkDefinition, item: Item) -> str:
    if definition.semver > goal.semver:
        if goal.item(item.id) is None:
            return f"it is not in {goal.version}, and crosswalks only run from older versions"
        return f"its meaning changed after {goal.version}"
    if goal.item(item.id) is None:
        return f"it was removed before {goal.version} and nothing declares a crosswalk from it"
    return f"its meaning changed before {goal.version} and no crosswalk was declared"
