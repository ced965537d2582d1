"""The shipped frameworks, canonical JSON, local extensions and whole folders."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest
import yaml

from outcomes.frameworks.definition import (
    ChoiceItem,
    FrameworkDefinition,
    NumberItem,
    RubricItem,
    TextItem,
    canonical_json,
    canonical_sha256,
    definition_from_data,
)
from outcomes.frameworks.errors import FrameworkDefinitionError
from outcomes.frameworks.loading import (
    load_definition,
    load_directory,
    load_extension,
    parse_definition,
    parse_extension,
)
from outcomes.frameworks.semver import Version

FRAMEWORKS = Path(__file__).parents[2] / "frameworks"
PSR = FRAMEWORKS / "public-service-reform"
WIGAN = FRAMEWORKS / "public-service-reform--e08000010" / "1.0.0.yaml"


def core(version: str = "1.0.0") -> FrameworkDefinition:
    return load_definition(PSR / f"{version}.yaml")


def test_every_shipped_file_validates_against_its_predecessor() -> None:
    loaded = load_directory(FRAMEWORKS)

    assert {slug: [d.version for d in series] for slug, series in loaded.items()} == {
        "public-service-reform": ["1.0.0", "1.1.0", "2.0.0"],
        "public-service-reform--e08000010": ["1.0.0"],
    }


def test_the_core_framework_has_what_reviews_need() -> None:
    definition = core()

    assert definition.released == date(2025, 4, 1)
    assert [p.title for p in definition.principles] == [
        "Relational",
        "Strengths-based and holistic",
        "Preventative",
        "Joined-up",
        "Adaptive",
        "Equitable",
    ]
    (scale,) = definition.scales
    rubrics = [item for item in definition.items if isinstance(item, RubricItem)]
    assert [r.principle for r in rubrics] == [p.id for p in definition.principles]
    assert all(r.scale == scale.id and tuple(r.descriptors) == scale.values for r in rubrics)
    consent = [i.id for i in definition.items if isinstance(i, TextItem) and i.consent]
    assert consent == ["story_of_change"]
    numbers = [i for i in definition.items if isinstance(i, NumberItem)]
    assert {n.counts_people for n in numbers} == {True, False}
    assert [b.id for b in definition.barriers][-1] == "other"
    assert {i.kind for i in definition.items} == {
        "rubric",
        "text",
        "number",
        "multichoice",
        "barriers",
    }


def test_canonical_json_ignores_key_order_layout_and_written_defaults() -> None:
    text = (PSR / "1.0.0.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    # Reverse the key order of every mapping, write it in flow style, and spell out a
    # default that the original leaves implicit.
    data["items"][0]["required"] = False

    def reverse(value: object) -> object:
        if isinstance(value, dict):
            return {key: reverse(value[key]) for key in reversed(list(value))}
        if isinstance(value, list):
            return [reverse(entry) for entry in value]
        return value

    rewritten = yaml.safe_dump(reverse(data), default_flow_style=True, sort_keys=False, width=60)
    assert rewritten.splitlines()[0] != text.splitlines()[0]

    original = parse_definition(text, "a.yaml")
    reordered = parse_definition(rewritten, "b.yaml")

    assert canonical_json(reordered) == canonical_json(original)
    assert canonical_sha256(reordered) == canonical_sha256(original)


def test_canonical_json_is_compact_sorted_utf8() -> None:
    definition = parse_definition(
        (PSR / "1.0.0.yaml").read_text(encoding="utf-8").replace("Joined-up", "Joined-up – café"),
        "x.yaml",
    )

    text = canonical_json(definition)

    assert '"title":"Joined-up – café"' in text  # UTF-8, not \u escapes
    assert "\n" not in text
    assert text == json.dumps(
        json.loads(text), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    assert list(json.loads(text))[:3] == ["barriers", "changelog", "domains"]


def test_any_change_of_content_changes_the_hash() -> None:
    text = (PSR / "1.0.0.yaml").read_text(encoding="utf-8")
    edited = text.replace("label: Police", "label: Police service")

    assert canonical_sha256(parse_definition(edited, "b.yaml")) != canonical_sha256(core())


@pytest.mark.parametrize("version", ["1.0.0", "1.1.0", "2.0.0"])
def test_canonical_json_reads_back_as_the_same_definition(version: str) -> None:
    definition = core(version)
    stored = canonical_json(definition)

    assert parse_definition(stored, "stored") == definition
    assert definition_from_data(json.loads(stored)) == definition


def test_items_are_immutable() -> None:
    partners = core().item("partners")
    assert isinstance(partners, ChoiceItem)

    with pytest.raises(AttributeError):
        partners.label = "Changed"  # type: ignore[misc]
    rubric = core().item("relational")
    assert isinstance(rubric, RubricItem)
    with pytest.raises(TypeError):
        rubric.descriptors[1] = "Changed"  # type: ignore[index]


# Local extensions


def test_the_wigan_extension_resolves_into_its_core() -> None:
    extension = load_extension(WIGAN, core())

    assert extension.place == "E08000010"
    assert extension.extends is not None
    assert (extension.extends.slug, extension.extends.version) == ("public-service-reform", "1.0.0")
    assert [item.id for item in extension.items] == [
        "e08000010.neighbourhood_working",
        "e08000010.community_investment",
    ]
    assert extension.scales == ()
    assert parse_extension(canonical_json(extension), "stored", core()) == extension


def wigan(old: str, new: str) -> str:
    text = WIGAN.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} should occur once"
    return text.replace(old, new)


def extension_messages(text: str, base: FrameworkDefinition | None = None) -> list[str]:
    with pytest.raises(FrameworkDefinitionError) as raised:
        parse_extension(text, "wigan.yaml", base or core())
    return [problem.message for problem in raised.value.problems]


def test_extension_items_are_namespaced_by_the_place() -> None:
    text = wigan("id: e08000010.community_investment", "id: community_investment")

    assert extension_messages(text) == [
        "Item 'community_investment' must start with 'e08000010.' so that it cannot be "
        "confused with an item of the core framework. Rename it to "
        "'e08000010.community_investment'."
    ]


def test_extension_slug_is_core_slug_and_place() -> None:
    text = wigan("slug: public-service-reform--e08000010", "slug: wigan-additions")

    assert extension_messages(text) == [
        "The slug of a local extension is the core framework's slug, two hyphens and the "
        "place code in small letters. Use 'public-service-reform--e08000010'."
    ]


def test_extension_references_resolve_into_the_core_only() -> None:
    text = wigan("principle: joined_up", "principle: neighbourhoods")

    assert extension_messages(text) == [
        "Item 'e08000010.neighbourhood_working' names principle 'neighbourhoods', which is not "
        "defined in public-service-reform 1.0.0. Use one of: 'adaptive', 'equitable', "
        "'joined_up', 'preventative', 'relational', 'strengths_holistic'."
    ]


def test_extensions_hold_items_only() -> None:
    text = wigan("place: E08000010\n", "place: E08000010\nbarriers: []\n")

    assert extension_messages(text) == [
        "A local extension holds items only: remove 'barriers' and use the barriers of the "
        "core version it extends."
    ]


def test_extension_is_checked_against_the_version_it_names() -> None:
    assert extension_messages(WIGAN.read_text(encoding="utf-8"), core("1.1.0")) == [
        "This file extends public-service-reform 1.0.0, but it was checked against "
        "public-service-reform 1.1.0. Correct 'extends'."
    ]


def test_an_extension_needs_its_core() -> None:
    with pytest.raises(FrameworkDefinitionError, match="can only be checked together with"):
        parse_definition(WIGAN.read_text(encoding="utf-8"), "wigan.yaml")


def test_a_core_file_is_not_an_extension() -> None:
    assert extension_messages((PSR / "1.0.0.yaml").read_text(encoding="utf-8")) == [
        "This file does not say which framework it extends, so it is not a local extension. "
        "Add 'extends' and 'place', or check it as a framework of its own."
    ]


# Whole folders


def copy_of_frameworks(tmp_path: Path) -> Path:
    root = tmp_path / "frameworks"
    shutil.copytree(FRAMEWORKS, root, ignore=shutil.ignore_patterns("*.md"))
    return root


def test_a_folder_reports_problems_of_every_file(tmp_path: Path) -> None:
    root = copy_of_frameworks(tmp_path)
    # Publish the major revision as a minor one, and break the extension.
    (root / "public-service-reform" / "2.0.0.yaml").rename(
        root / "public-service-reform" / "1.2.0.yaml"
    )
    path = root / "public-service-reform" / "1.2.0.yaml"
    path.write_text(path.read_text().replace("version: 2.0.0", "version: 1.2.0"))
    extension = root / "public-service-reform--e08000010" / "1.0.0.yaml"
    extension.write_text(
        extension.read_text().replace("version: 1.0.0\nplace", "version: 0.9.0\nplace")
    )
    (root / "public-service-reform" / "notes.txt").write_text("scratch")

    with pytest.raises(FrameworkDefinitionError) as raised:
        load_directory(root)

    found = [(Path(problem.file).name, problem.message) for problem in raised.value.problems]
    assert [name for name, _ in found] == ["notes.txt", "1.2.0.yaml", "1.0.0.yaml"]
    assert found[0][1].startswith("Only definition files belong in a framework's folder")
    assert found[1][1].startswith("2 items removed and 1 principle removed: a major change")
    assert found[2][1].startswith("This is a local extension of public-service-reform 0.9.0")


# Version numbers


def test_versions_order_by_semantic_precedence() -> None:
    texts = [
        "1.0.0-alpha",
        "1.0.0-alpha.1",
        "1.0.0-alpha.beta",
        "1.0.0-beta",
        "1.0.0-beta.2",
        "1.0.0-beta.11",
        "1.0.0-rc.1",
        "1.0.0",
        "1.1.0",
        "1.10.0",
        "2.0.0",
    ]

    assert sorted(texts[::-1], key=Version.parse) == texts
    assert [str(Version.parse(text)) for text in texts] == texts


@pytest.mark.parametrize("text", ["1", "1.0", "1.0.0.0", "01.0.0", "1.0.0-", "1.0.0-01", "1.0.0+b"])
def test_invalid_versions_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="not a semantic version"):
        Version.parse(text)
