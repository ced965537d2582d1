"""What changed between two versions of a framework, and how big a change that is.

A change is a patch, minor or major, as in semantic versioning and from the point of
view of reviews already filed: rewording keeps answers comparable (patch); adding
something gives people more to answer or choose (minor); removing something or
changing what an answer means breaks comparison with earlier answers (major).
Replacing an item does not soften its removal: trends cross a major version only
through the crosswalk the new item declares.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal, Protocol, TypeVar

from outcomes.frameworks.definition import (
    BarriersItem,
    ChoiceItem,
    FrameworkDefinition,
    Heading,
    Item,
    NumberItem,
    RubricItem,
    Scale,
    TextItem,
)
from outcomes.frameworks.errors import FrameworkDefinitionError, Problem
from outcomes.frameworks.semver import Version

ChangeClass = Literal["patch", "minor", "major"]
_RANK: dict[ChangeClass, int] = {"patch": 0, "minor": 1, "major": 2}

# What can change about an item that is in both versions, the class of that change,
# and how it reads in a sentence such as "2 items reworded".
ASPECTS: dict[str, tuple[ChangeClass, str]] = {
    "text": ("patch", "reworded"),
    "section": ("patch", "moved to another section"),
    "option_order": ("patch", "with options reordered"),
    "required": ("minor", "with a change to whether an answer is required"),
    # Following up an earlier answer makes the item required while there is one to follow.
    "follows_up": ("minor", "with a change to the earlier answer it follows up"),
    "limits_widened": ("minor", "with looser limits"),
    "options_added": ("minor", "with options added"),
    "limits_narrowed": ("major", "with tighter limits"),
    "options_removed": ("major", "with options removed"),
    "kind": ("major", "changed kind"),
    "scale": ("major", "with a changed scale"),
    "belongs_to": ("major", "moved to another principle or domain"),
    "unit": ("major", "with a new unit"),
    "counts_people": ("major", "with a change to whether it counts people"),
    "consent": ("major", "with a change to whether it carries consent"),
}


@dataclass(frozen=True)
class ItemChange:
    """An item in both versions whose definition differs."""

    item: str
    aspects: tuple[str, ...]  # keys of ASPECTS, in the order listed there
    added_options: tuple[str, ...] = ()
    removed_options: tuple[str, ...] = ()

    @property
    def change_class(self) -> ChangeClass:
        return _largest(ASPECTS[aspect][0] for aspect in self.aspects)


@dataclass(frozen=True)
class Replacement:
    """A new item that takes over from items of the old version."""

    item: str
    replaces: tuple[str, ...]
    crosswalk: Mapping[str, Mapping[int, int]]


@dataclass(frozen=True)
class HeadingChanges:
    """Principles, domains or barriers: added, removed, or only reworded."""

    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    reworded: tuple[str, ...] = ()


@dataclass(frozen=True)
class VersionDiff:
    slug: str
    old_version: str
    new_version: str
    added_items: tuple[str, ...]
    removed_items: tuple[str, ...]
    changed_items: tuple[ItemChange, ...]
    replaced_items: tuple[Replacement, ...]
    principles: HeadingChanges
    domains: HeadingChanges
    barriers: HeadingChanges
    # Title, summary, scale wording or item order: nothing that changes an answer.
    reworded: tuple[str, ...]
    # Scales whose levels were re-described without a declared wording fix: what an
    # answer at each level means may have changed, so every item using them changed.
    rescaled: tuple[str, ...] = ()

    @property
    def change_class(self) -> ChangeClass:
        """The largest class among the changes; a version with only rewording is a patch."""
        return _largest(cls for cls, _ in self.reasons())

    def reasons(self) -> list[tuple[ChangeClass, str]]:
        """Each kind of change with its class, e.g. ("major", "2 items removed")."""
        reasons: list[tuple[ChangeClass, str]] = [
            ("minor", _count(len(self.added_items), "item", "added")),
            ("major", _count(len(self.removed_items), "item", "removed")),
            ("major", _count(len(self.rescaled), "scale", "re-described without a wording fix")),
        ]
        for name, changes in self._headings().items():
            reasons += [
                ("minor", _count(len(changes.added), name, "added")),
                ("major", _count(len(changes.removed), name, "removed")),
                ("patch", _count(len(changes.reworded), name, "reworded")),
            ]
        for aspect, (cls, words) in ASPECTS.items():
            changed = [change for change in self.changed_items if aspect in change.aspects]
            if aspect == "options_added":
                text = _count(sum(len(c.added_options) for c in changed), "option", "added")
            elif aspect == "options_removed":
                text = _count(sum(len(c.removed_options) for c in changed), "option", "removed")
            else:
                text = _count(len(changed), "item", words)
            reasons.append((cls, text))
        if self.reworded:
            reasons.append(("patch", f"{', '.join(self.reworded)} reworded"))
        # Largest first, so that a summary leads with what decides the class.
        found = [(cls, text) for cls, text in reasons if text]
        return sorted(found, key=lambda reason: -_RANK[reason[0]])

    def _headings(self) -> dict[str, HeadingChanges]:
        return {"principle": self.principles, "domain": self.domains, "barrier": self.barriers}

    def to_dict(self) -> dict[str, Any]:
        """The diff as JSON data; every list is in a stable order."""
        return {
            "slug": self.slug,
            "old_version": self.old_version,
            "new_version": self.new_version,
            "change_class": self.change_class,
            "reasons": [{"class": cls, "reason": text} for cls, text in self.reasons()],
            "items": {
                "added": list(self.added_items),
                "removed": list(self.removed_items),
                "changed": [
                    {
                        "id": change.item,
                        "change_class": change.change_class,
                        "aspects": list(change.aspects),
                        "added_options": list(change.added_options),
                        "removed_options": list(change.removed_options),
                    }
                    for change in self.changed_items
                ],
                "replaced": [
                    {
                        "id": replacement.item,
                        "replaces": list(replacement.replaces),
                        "crosswalk": {
                            old: {str(level): new for level, new in levels.items()}
                            for old, levels in replacement.crosswalk.items()
                        },
                    }
                    for replacement in self.replaced_items
                ],
            },
            **{
                f"{name}s": {
                    "added": list(changes.added),
                    "removed": list(changes.removed),
                    "reworded": list(changes.reworded),
                }
                for name, changes in self._headings().items()
            },
            "reworded": list(self.reworded),
            "rescaled": list(self.rescaled),
        }

    def describe(self) -> str:
        """The diff as text for a person reading it in a terminal."""
        reasons = "; ".join(text for _, text in self.reasons()) or "no changes"
        lines = [
            f"{self.slug} {self.old_version} → {self.new_version}: "
            f"a {self.change_class} change ({reasons})."
        ]
        lists = {
            "Items added": self.added_items,
            "Items removed": self.removed_items,
            **{
                f"{name.capitalize()}s {what}": getattr(changes, what)
                for name, changes in self._headings().items()
                for what in ("added", "removed", "reworded")
            },
        }
        lists["Scales re-described"] = self.rescaled
        lines += [f"{title}: {', '.join(ids)}" for title, ids in lists.items() if ids]
        if self.replaced_items:
            lines.append("Items replaced:")
            lines += [f"  {_describe_replacement(r)}" for r in self.replaced_items]
        if self.changed_items:
            lines.append("Items changed:")
            lines += [
                f"  {change.item}: {', '.join(ASPECTS[a][1] for a in change.aspects)}"
                for change in self.changed_items
            ]
        return "\n".join(lines)


def compare(old: FrameworkDefinition, new: FrameworkDefinition) -> VersionDiff:
    """What changed from old to new (which need not be adjacent versions)."""
    old_items = {item.id: item for item in old.items}
    new_items = {item.id: item for item in new.items}
    kept = [item_id for item_id in new_items if item_id in old_items]
    changed = []
    for item_id in kept:
        changes = _item_changes(old_items[item_id], new_items[item_id], old, new)
        if changes is not None:
            changed.append(changes)
    reworded = [
        name
        for name, differs in {
            "title": old.title != new.title,
            "summary": old.summary != new.summary,
            "scale wording": bool(_scale_wording(old, new, changed=False)),
            "item order": [i for i in old_items if i in new_items] != kept,
        }.items()
        if differs
    ]
    return VersionDiff(
        slug=new.slug,
        old_version=old.version,
        new_version=new.version,
        added_items=tuple(item_id for item_id in new_items if item_id not in old_items),
        removed_items=tuple(item_id for item_id in old_items if item_id not in new_items),
        changed_items=tuple(changed),
        replaced_items=tuple(
            Replacement(item.id, item.replaces, getattr(item, "crosswalk", {}))
            for item in new.items
            if item.replaces
        ),
        principles=_heading_changes(old.principles, new.principles),
        domains=_heading_changes(old.domains, new.domains),
        barriers=_heading_changes(old.barriers, new.barriers),
        reworded=tuple(reworded),
        rescaled=_scale_wording(old, new, changed=True),
    )


def required_version(old: FrameworkDefinition, change_class: ChangeClass) -> Version:
    """The lowest version number that honestly describes a change of this class."""
    current = old.semver
    if change_class == "major":
        return current.next_major()
    if change_class == "minor":
        return current.next_minor()
    return current.next_patch()


def check_version_bump(
    old: FrameworkDefinition, new: FrameworkDefinition, diff: VersionDiff | None = None
) -> None:
    """Refuse a new version number that is not later than old or understates the change.

    After a pre-release (such as 2.0.0-rc.1) anything may change, so only the order of
    the numbers is checked.
    """
    if diff is None:
        diff = compare(old, new)
    before, after = old.semver, new.semver
    change = diff.change_class
    needed = required_version(old, change)
    if after <= before:
        message = (
            f"Version {after} is not later than {before}, the version before it. "
            f"Give it a higher number, such as {needed}."
        )
    elif before.prerelease or after.release >= needed:
        return
    else:
        reasons = _join(text for cls, text in diff.reasons() if cls == change)
        message = f"{reasons}: a {change} change, but {before} → {after}. Publish it as {needed}."
    raise FrameworkDefinitionError([Problem(new.source, None, None, message)])


def _largest(classes: Iterable[ChangeClass]) -> ChangeClass:
    return max(classes, key=_RANK.__getitem__, default="patch")


def _item_changes(
    old: Item, new: Item, old_def: FrameworkDefinition, new_def: FrameworkDefinition
) -> ItemChange | None:
    aspects = {
        "text": (old.label, old.help) != (new.label, new.help),
        "section": old.section != new.section,
        "required": old.required != new.required,
        "belongs_to": (old.principle, old.domain) != (new.principle, new.domain),
        "kind": old.kind != new.kind,
    }
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    if isinstance(old, RubricItem) and isinstance(new, RubricItem):
        old_scale, new_scale = old_def.scale(old.scale), new_def.scale(new.scale)
        aspects["scale"] = old.scale != new.scale or (
            old_scale is not None
            and new_scale is not None
            and (
                old_scale.values != new_scale.values
                or meaning_changed(old_scale, new_scale, old_def.version)
            )
        )
        aspects["text"] |= old.descriptors != new.descriptors
    elif isinstance(old, TextItem) and isinstance(new, TextItem):
        aspects.update(_limits([(old.max_length, new.max_length, True)]))
        aspects["consent"] = old.consent != new.consent
        aspects["follows_up"] = old.follows_up != new.follows_up
    elif isinstance(old, NumberItem) and isinstance(new, NumberItem):
        aspects["unit"] = old.unit != new.unit
        aspects["counts_people"] = old.counts_people != new.counts_people
        # Allowing fractions loosens a limit; insisting on whole numbers tightens one.
        integer = (float(old.integer), float(new.integer), False)
        aspects.update(_limits([(old.min, new.min, False), (old.max, new.max, True), integer]))
    elif isinstance(old, ChoiceItem) and isinstance(new, ChoiceItem):
        before = {option.id: option.label for option in old.options}
        after = {option.id: option.label for option in new.options}
        added = tuple(option for option in after if option not in before)
        removed = tuple(option for option in before if option not in after)
        kept = [option for option in after if option in before]
        aspects["options_added"] = bool(added)
        aspects["options_removed"] = bool(removed)
        aspects["option_order"] = kept != [option for option in before if option in after]
        aspects["text"] |= any(before[option] != after[option] for option in kept)
    elif isinstance(old, BarriersItem) and isinstance(new, BarriersItem):
        aspects.update(_limits([(old.ask_max_length, new.ask_max_length, True)]))
    if not any(aspects.values()):
        return None
    ordered = tuple(aspect for aspect in ASPECTS if aspects.get(aspect))
    return ItemChange(old.id, ordered, added, removed)


def _limits(limits: Iterable[tuple[float | None, float | None, bool]]) -> dict[str, bool]:
    """Sort changed limits into widened and narrowed.

    Each limit is (old, new, larger_is_looser); None means no limit at all.
    """
    widened = narrowed = False
    for old, new, larger_is_looser in limits:
        if old == new:
            continue
        if new is None or (old is not None and (new > old) == larger_is_looser):
            widened = True
        else:
            narrowed = True
    return {"limits_widened": widened, "limits_narrowed": narrowed}


def _heading_changes(old: Iterable[Heading], new: Iterable[Heading]) -> HeadingChanges:
    before = {heading.id: heading for heading in old}
    after = {heading.id: heading for heading in new}
    return HeadingChanges(
        added=tuple(key for key in after if key not in before),
        removed=tuple(key for key in before if key not in after),
        reworded=tuple(key for key in after if key in before and after[key] != before[key]),
    )


def _scale_wording(
    old: FrameworkDefinition, new: FrameworkDefinition, *, changed: bool
) -> tuple[str, ...]:
    """Scales in both versions, with the same level values, that describe their levels
    differently: those whose meaning changed, or those only reworded."""
    return tuple(
        scale.id
        for scale in new.scales
        for before in [old.scale(scale.id)]
        if before is not None
        and before.values == scale.values
        and before.levels != scale.levels
        and meaning_changed(before, scale, old.version) == changed
    )


def meaning_changed(old: Scale, new: Scale, old_version: str) -> bool:
    """Whether the levels of a scale may mean something else from old to new.

    Any change of a level's label or description counts, unless the new scale declares
    a wording fix since exactly ``old_version`` and no level took another level's words
    (a reversed or reordered scale is never a wording fix).
    """
    if old.levels == new.levels:
        return False
    fix = new.wording_fix
    return fix is None or fix.since != old_version or bool(moved_wording(old, new))


def moved_wording(old: Scale, new: Scale) -> list[int]:
    """Values of new levels whose label or description belonged to another old level."""
    moved = []
    for level in new.levels:
        for before in old.levels:
            if before.value != level.value and (
                before.label == level.label or before.description == level.description
            ):
                moved.append(level.value)
                break
    return moved


class _Versioned(Protocol):
    @property
    def version(self) -> str: ...

    @property
    def status(self) -> str: ...


V = TypeVar("V", bound=_Versioned)


def is_release(candidate: _Versioned) -> bool:
    """A published (or since retired) version without a pre-release label.

    Drafts and pre-releases may still change before their release, so nothing is
    compared with them, reviews are never pinned to them, and lineage skips them.
    """
    return candidate.status != "draft" and not Version.parse(candidate.version).prerelease


def previous_release(candidates: Iterable[V], version: Version) -> V | None:
    """The newest release that precedes ``version``: what a new version is compared with."""
    older = [c for c in candidates if is_release(c) and Version.parse(c.version) < version]
    return max(older, key=lambda c: Version.parse(c.version), default=None)


def _count(number: int, noun: str, what: str) -> str:
    if number == 0:
        return ""
    return f"{number} {noun}{'' if number == 1 else 's'} {what}"


def _join(parts: Iterable[str]) -> str:
    texts = list(parts)
    return texts[0] if len(texts) == 1 else f"{', '.join(texts[:-1])} and {texts[-1]}"


def _describe_replacement(replacement: Replacement) -> str:
    text = f"{replacement.item} replaces {', '.join(replacement.replaces)}"
    for old, levels in replacement.crosswalk.items():
        pairs = ", ".join(f"{level}→{new}" for level, new in levels.items())
        text += f"; levels of {old}: {pairs}"
    return text
