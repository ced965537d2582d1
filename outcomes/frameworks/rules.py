"""Rules a definition must keep beyond its shape: unique ids, references that resolve,
complete descriptors, valid version numbers, lineage that points at real items, and
the naming of local extensions.

Each rule reads data that has already passed the schema and yields findings: where
in the file the problem is, and a message saying what is wrong and what to do.
"""

from __future__ import annotations

import difflib
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from outcomes.frameworks.changes import moved_wording
from outcomes.frameworks.definition import FrameworkDefinition, Level, RubricItem, Scale
from outcomes.frameworks.errors import Problem
from outcomes.frameworks.parsing import DocumentPath, ParsedDocument
from outcomes.frameworks.semver import Version


class Finding(NamedTuple):
    at: DocumentPath
    message: str


_LISTS = {
    "scales": "scale",
    "principles": "principle",
    "domains": "domain",
    "barriers": "barrier",
    "items": "item",
}


def rule_problems(
    document: ParsedDocument,
    *,
    path: Path | None = None,
    predecessor: FrameworkDefinition | None = None,
    core: FrameworkDefinition | None = None,
) -> list[Problem]:
    """Every rule the document breaks.

    path: where the file lives, so that its folder and name can be checked.
    predecessor: the version before this one, against which `replaces` is checked.
    core: for a local extension, the core version it extends.
    """
    data = document.data
    findings = [
        *_version_numbers(data),
        *_file_location(data, path),
        *_unique_ids(document),
        *_level_order(data),
        *_extension(data, core),
        *_follow_ups(data),
    ]
    vocabulary = _Vocabulary.of(data, core)
    if vocabulary is not None:
        findings += [*_references(data, vocabulary), *_lineage(data, vocabulary, predecessor)]
    return [document.problem(at, message) for at, message in findings]


@dataclass(frozen=True)
class _Vocabulary:
    """What items may refer to: the ids of this version, or of the core it extends."""

    where: str
    extension: bool
    scales: Mapping[str, Mapping[int, str]]  # scale id -> level value -> label
    principles: Collection[str]
    domains: Collection[str]
    barriers: Collection[str]

    @classmethod
    def of(cls, data: Mapping[str, Any], core: FrameworkDefinition | None) -> _Vocabulary | None:
        if "extends" not in data:
            return cls(
                where="this version",
                extension=False,
                scales={
                    scale["id"]: {level["value"]: level["label"] for level in scale["levels"]}
                    for scale in data.get("scales", [])
                },
                principles=[entry["id"] for entry in data.get("principles", [])],
                domains=[entry["id"] for entry in data.get("domains", [])],
                barriers=[entry["id"] for entry in data.get("barriers", [])],
            )
        if core is None:
            return None
        return cls(
            where=f"{core.slug} {core.version}",
            extension=True,
            scales={
                scale.id: {level.value: level.label for level in scale.levels}
                for scale in core.scales
            },
            principles=[principle.id for principle in core.principles],
            domains=[domain.id for domain in core.domains],
            barriers=[barrier.id for barrier in core.barriers],
        )

    def undefined(self, subject: str, heading: str, name: str, known: Collection[str]) -> str:
        """Say that subject names something undefined, and what could be used instead."""
        choices = _one_of(name, known)
        if self.extension:
            advice = f"Use one of: {choices}." if choices else "It defines none to use."
            return f"{subject}, which is not defined in {self.where}. {advice}"
        advice = f" or use one of: {choices}" if choices else ""
        return f"{subject}, which is not defined in this version. Add it under '{heading}'{advice}."


def _version_numbers(data: Mapping[str, Any]) -> Iterator[Finding]:
    versions: dict[DocumentPath, str] = {("version",): data["version"]}
    if "extends" in data:
        versions[("extends", "version")] = data["extends"]["version"]
    for at, text in versions.items():
        try:
            Version.parse(text)
        except ValueError:
            yield Finding(
                at,
                f"'{text}' is not a valid version number. Use three whole numbers separated "
                "by dots, like 1.0.0, or add a label for a trial release, like 1.0.0-rc.1.",
            )


def _file_location(data: Mapping[str, Any], path: Path | None) -> Iterator[Finding]:
    if path is None:
        return
    slug, version = data["slug"], data["version"]
    if path.parent.name != slug:
        yield Finding(
            ("slug",),
            f"The slug is '{slug}', but the file is in the folder '{path.parent.name}'. "
            f"Move it to a folder named '{slug}', or correct the slug.",
        )
    if path.name != f"{version}.yaml":
        yield Finding(
            ("version",),
            f"The version is {version}, but the file is named '{path.name}'. "
            f"Rename the file to '{version}.yaml', or correct the version.",
        )


def _unique_ids(document: ParsedDocument) -> Iterator[Finding]:
    data = document.data
    for key, noun in _LISTS.items():
        yield from _duplicates(document, (key,), data.get(key, []), "id", noun)
    for index, item in enumerate(data["items"]):
        at = ("items", index, "options")
        yield from _duplicates(document, at, item.get("options", []), "id", "option")
    for index, scale in enumerate(data.get("scales", [])):
        at = ("scales", index, "levels")
        yield from _duplicates(document, at, scale["levels"], "value", "level")


def _duplicates(
    document: ParsedDocument, at: DocumentPath, entries: list[Any], key: str, noun: str
) -> Iterator[Finding]:
    first: dict[Any, int] = {}
    for index, entry in enumerate(entries):
        value = entry[key]
        if value in first:
            other = document.line_of((*at, first[value], key))
            yield Finding(
                (*at, index, key),
                f"There are two {noun}s with the {key} '{value}' (the other is on line {other}). "
                f"Give each {noun} its own {key}.",
            )
        else:
            first[value] = index


def _level_order(data: Mapping[str, Any]) -> Iterator[Finding]:
    for index, scale in enumerate(data.get("scales", [])):
        values = [level["value"] for level in scale["levels"]]
        if values != sorted(values):
            yield Finding(
                ("scales", index, "levels"),
                f"The levels of scale '{scale['id']}' must be listed from the lowest value to "
                "the highest. Reorder them.",
            )


def _extension(data: Mapping[str, Any], core: FrameworkDefinition | None) -> Iterator[Finding]:
    if "extends" not in data:
        if "--" in data["slug"]:
            yield Finding(("slug",), "Two hyphens in a row are kept for local extensions. Use one.")
        if core is not None:
            yield Finding(
                (),
                "This file does not say which framework it extends, so it is not a local "
                "extension. Add 'extends' and 'place', or check it as a framework of its own.",
            )
        return
    extends, place = data["extends"], data["place"]
    if core is None:
        yield Finding(
            ("extends",),
            f"This is a local extension of {extends['slug']} {extends['version']}, so it can "
            "only be checked together with that version. Make sure that version exists and "
            "has no problems of its own.",
        )
    elif core.extends is not None:
        yield Finding(
            ("extends",),
            f"'{core.slug}' is itself a local extension. A local extension can only extend a "
            "core framework.",
        )
    elif (extends["slug"], extends["version"]) != (core.slug, core.version):
        yield Finding(
            ("extends",),
            f"This file extends {extends['slug']} {extends['version']}, but it was checked "
            f"against {core.slug} {core.version}. Correct 'extends'.",
        )
    expected_slug = f"{extends['slug']}--{place.lower()}"
    if data["slug"] != expected_slug:
        yield Finding(
            ("slug",),
            "The slug of a local extension is the core framework's slug, two hyphens and the "
            f"place code in small letters. Use '{expected_slug}'.",
        )
    prefix = f"{place.lower()}."
    for index, item in enumerate(data["items"]):
        if not item["id"].startswith(prefix):
            yield Finding(
                ("items", index, "id"),
                f"Item '{item['id']}' must start with '{prefix}' so that it cannot be confused "
                f"with an item of the core framework. Rename it to '{prefix}{item['id']}'.",
            )


def _follow_ups(data: Mapping[str, Any]) -> Iterator[Finding]:
    """`follows_up` names another text item of the same file."""
    texts = [item["id"] for item in data["items"] if item["kind"] == "text"]
    for index, item in enumerate(data["items"]):
        target = item.get("follows_up")
        if target is None:
            continue
        if target == item["id"]:
            yield Finding(
                ("items", index, "follows_up"),
                f"Item '{item['id']}' follows up itself. Name the item whose earlier answer "
                "it looks back on, such as what the service said it would change.",
            )
        elif target not in texts:
            choices = _one_of(target, [text for text in texts if text != item["id"]])
            advice = f" Use one of: {choices}." if choices else ""
            yield Finding(
                ("items", index, "follows_up"),
                f"Item '{item['id']}' follows up '{target}', which is not a text item of this "
                f"version.{advice}",
            )


def _references(data: Mapping[str, Any], vocabulary: _Vocabulary) -> Iterator[Finding]:
    for index, item in enumerate(data["items"]):
        at: DocumentPath = ("items", index)
        item_id = item["id"]
        if "principle" in item and "domain" in item:
            yield Finding(
                at,
                f"Item '{item_id}' names both a principle and a domain, but an item belongs to "
                "one of them at most. Keep one.",
            )
        for key, heading, known in (
            ("principle", "principles", vocabulary.principles),
            ("domain", "domains", vocabulary.domains),
        ):
            if key in item and item[key] not in known:
                subject = f"Item '{item_id}' names {key} '{item[key]}'"
                yield Finding((*at, key), vocabulary.undefined(subject, heading, item[key], known))
        if item["kind"] == "rubric":
            yield from _rubric(item, at, vocabulary)
        elif item["kind"] == "number":
            yield from _number(item, at)
        elif item["kind"] == "barriers" and not vocabulary.barriers:
            yield Finding(
                at,
                f"Item '{item_id}' asks which barriers got in the way, but {vocabulary.where} "
                "lists none. Add them under 'barriers'.",
            )


def _rubric(
    item: Mapping[str, Any], at: DocumentPath, vocabulary: _Vocabulary
) -> Iterator[Finding]:
    item_id, scale_id = item["id"], item["scale"]
    levels = vocabulary.scales.get(scale_id)
    if levels is None:
        subject = f"Item '{item_id}' uses scale '{scale_id}'"
        yield Finding(
            (*at, "scale"), vocabulary.undefined(subject, "scales", scale_id, vocabulary.scales)
        )
        return
    described = {int(value) for value in item["descriptors"]}
    for value, label in levels.items():
        if value not in described:
            yield Finding(
                (*at, "descriptors"),
                f"Item '{item_id}' has no descriptor for level {value} ('{label}') of scale "
                f"'{scale_id}'. Add one under 'descriptors'.",
            )
    for value in sorted(described - set(levels)):
        yield Finding(
            (*at, "descriptors", str(value)),
            f"Item '{item_id}' has a descriptor for level {value}, but scale '{scale_id}' has "
            f"no such level. Remove it, or use one of the levels {_list(levels)}.",
        )


def _number(item: Mapping[str, Any], at: DocumentPath) -> Iterator[Finding]:
    item_id = item["id"]
    if "min" in item and "max" in item and item["min"] > item["max"]:
        yield Finding(
            (*at, "min"),
            f"Item '{item_id}' has a minimum ({item['min']}) above its maximum "
            f"({item['max']}). Swap them.",
        )
    if item.get("counts_people") and not item.get("integer"):
        yield Finding(
            (*at, "counts_people"),
            f"Item '{item_id}' counts people, so its answers must be whole numbers. "
            "Add 'integer: true'.",
        )


def _lineage(
    data: Mapping[str, Any],
    vocabulary: _Vocabulary,
    predecessor: FrameworkDefinition | None,
) -> Iterator[Finding]:
    yield from _wording_fixes(data, predecessor)
    for index, item in enumerate(data["items"]):
        at: DocumentPath = ("items", index)
        yield from _merge(item, at, predecessor)
        if predecessor is not None:
            yield from _replaced_items_exist(item, at, predecessor)
        for old_id, mapping in item.get("crosswalk", {}).items():
            crosswalk_at = (*at, "crosswalk", old_id)
            yield from _crosswalk(item, old_id, mapping, crosswalk_at, vocabulary, predecessor)


def _wording_fixes(
    data: Mapping[str, Any], predecessor: FrameworkDefinition | None
) -> Iterator[Finding]:
    """A wording fix covers the step from the previous release, and moves no level's words."""
    for index, scale in enumerate(data.get("scales", [])):
        fix = scale.get("wording_fix")
        if fix is None:
            continue
        at: DocumentPath = ("scales", index, "wording_fix")
        if predecessor is None:
            continue  # checked when the version is loaded after the one before it
        if fix["since"] != predecessor.version:
            yield Finding(
                (*at, "since"),
                f"Scale '{scale['id']}' declares a wording fix since {fix['since']}, but this "
                f"version follows {predecessor.version}. A wording fix covers one step: set "
                f"'since: {predecessor.version}' if this version only rewords the scale again, "
                "or remove 'wording_fix'.",
            )
            continue
        before = predecessor.scale(scale["id"])
        if before is None:
            continue
        after = Scale(scale["id"], tuple(Level(**level) for level in scale["levels"]), None)
        moved = moved_wording(before, after)
        if moved:
            yield Finding(
                at,
                f"Scale '{scale['id']}' gives level(s) {_list(moved)} the words of another "
                f"level of {predecessor.version}, so answers at those levels would mean "
                "something else. That is not a wording fix: remove 'wording_fix' and publish "
                "a major version.",
            )


def _merge(
    item: Mapping[str, Any], at: DocumentPath, predecessor: FrameworkDefinition | None
) -> Iterator[Finding]:
    """An item that takes over from several earlier items says how their answers merge."""
    sources = list(item.get("replaces", []))
    if predecessor is not None and predecessor.item(item["id"]) is not None:
        sources = [item["id"], *(source for source in sources if source != item["id"])]
    if len(sources) > 1 and "merge" not in item:
        yield Finding(
            at,
            f"Item '{item['id']}' takes over from {len(sources)} earlier items "
            f"({', '.join(repr(s) for s in sources)}), so one review may have answered "
            "several of them. Say how their answers become one with 'merge: lowest', "
            "'highest', 'median' or 'first'.",
        )
    elif len(sources) <= 1 and "merge" in item and predecessor is not None:
        yield Finding(
            (*at, "merge"),
            f"Item '{item['id']}' takes over from at most one earlier item, so there is "
            "nothing to merge. Remove 'merge'.",
        )


def _replaced_items_exist(
    item: Mapping[str, Any], at: DocumentPath, predecessor: FrameworkDefinition
) -> Iterator[Finding]:
    for position, old_id in enumerate(item.get("replaces", [])):
        if predecessor.item(old_id) is None:
            choices = _one_of(old_id, [old.id for old in predecessor.items])
            hint = f", such as {choices}" if choices else ""
            yield Finding(
                (*at, "replaces", position),
                f"Item '{item['id']}' replaces '{old_id}', but {predecessor.slug} "
                f"{predecessor.version} has no item '{old_id}'. Use an id from that "
                f"version{hint}, or remove it from 'replaces'.",
            )


def _crosswalk(
    item: Mapping[str, Any],
    old_id: str,
    mapping: Mapping[str, int],
    at: DocumentPath,
    vocabulary: _Vocabulary,
    predecessor: FrameworkDefinition | None,
) -> Iterator[Finding]:
    """Check one item's crosswalk from an old item: {old level: new level}."""
    item_id = item["id"]
    if old_id not in item.get("replaces", []):
        yield Finding(
            at,
            f"Item '{item_id}' has a crosswalk from '{old_id}' but does not replace it. "
            f"Add '{old_id}' to 'replaces', or remove its crosswalk.",
        )
        return
    new_levels = vocabulary.scales.get(item["scale"], {})
    for old, new in mapping.items():
        if new_levels and new not in new_levels:
            yield Finding(
                (*at, old),
                f"Item '{item_id}' maps level {old} of '{old_id}' to level {new}, but scale "
                f"'{item['scale']}' has no level {new}. Use one of: {_list(new_levels)}.",
            )
    old_item = predecessor.item(old_id) if predecessor else None
    if predecessor is None or old_item is None:
        return
    before = f"{predecessor.slug} {predecessor.version}"
    if not isinstance(old_item, RubricItem):
        yield Finding(
            at,
            f"Item '{item_id}' has a crosswalk from '{old_id}', but in {before} '{old_id}' is "
            f"a {old_item.kind} item, with no levels to map. Remove this crosswalk.",
        )
        return
    # An extension's scales live in its core, so look there when the old version has
    # none of its own.
    old_scale = predecessor.scale(old_item.scale)
    old_levels = old_scale.values if old_scale else tuple(vocabulary.scales.get(old_item.scale, {}))
    for old in mapping:
        if int(old) not in old_levels:
            yield Finding(
                (*at, old),
                f"Item '{item_id}' maps level {old} of '{old_id}', but in {before} "
                f"'{old_id}' has no level {old}. Its levels are {_list(old_levels)}.",
            )
    for value in old_levels:
        if str(value) not in mapping:
            yield Finding(
                at,
                f"Item '{item_id}' does not say where level {value} of '{old_id}' goes. "
                f"Add '{value}: <new level>' under its crosswalk from '{old_id}'.",
            )


def _one_of(name: str, known: Collection[str]) -> str:
    """The ids to suggest instead of name: all of them if few, else the nearest ones."""
    candidates = sorted(known) if len(known) <= 8 else difflib.get_close_matches(name, known)
    return ", ".join(f"'{candidate}'" for candidate in candidates)


def _list(values: Collection[int]) -> str:
    return ", ".join(str(value) for value in values)
