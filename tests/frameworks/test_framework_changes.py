"""Comparing versions, classing the change, and refusing understated version numbers."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
import yaml

from outcomes.frameworks.changes import check_version_bump, compare
from outcomes.frameworks.definition import FrameworkDefinition
from outcomes.frameworks.errors import FrameworkDefinitionError
from outcomes.frameworks.loading import load_definition, load_directory, parse_definition
from outcomes.frameworks.semver import Version

PSR = Path(__file__).parents[2] / "frameworks" / "public-service-reform"


def shipped(version: str) -> FrameworkDefinition:
    return load_definition(PSR / f"{version}.yaml")


def variant(base: str, version: str, edit: tuple[str, str] | None = None) -> FrameworkDefinition:
    """A shipped version, perhaps with one edit, published under another number."""
    text = (PSR / f"{base}.yaml").read_text(encoding="utf-8")
    text = text.replace(f"version: {base}", f"version: {version}")
    if edit is not None:
        old, new = edit
        assert text.count(old) == 1, f"{old!r} should occur once"
        text = text.replace(old, new)
    return parse_definition(text, f"frameworks/public-service-reform/{version}.yaml")


def test_the_minor_revision_is_minor() -> None:
    diff = compare(shipped("1.0.0"), shipped("1.1.0"))

    assert diff.change_class == "minor"
    assert diff.added_items == ("lived_experience",)
    assert diff.removed_items == ()
    assert diff.barriers.added == ("data_sharing",)
    (partners, weeks) = diff.changed_items
    assert (partners.item, partners.aspects, partners.added_options) == (
        "partners",
        ("options_added",),
        ("employers",),
    )
    assert (weeks.item, weeks.aspects, weeks.change_class) == ("weeks_to_help", ("text",), "patch")


def test_the_major_revision_shows_the_split_principle_and_its_crosswalk() -> None:
    diff = compare(shipped("1.0.0"), shipped("2.0.0"))

    assert diff.change_class == "major"
    assert diff.principles.removed == ("strengths_holistic",)
    assert diff.principles.added == ("strengths_based", "holistic")
    assert diff.removed_items == ("strengths_holistic", "strengths_holistic_evidence")
    rubrics = {r.item: r for r in diff.replaced_items if r.crosswalk}
    assert sorted(rubrics) == ["holistic", "strengths_based"]
    for replacement in rubrics.values():
        assert replacement.replaces == ("strengths_holistic",)
        assert dict(replacement.crosswalk["strengths_holistic"]) == {1: 1, 2: 2, 3: 3, 4: 4}
    assert ("major", "2 items removed") in diff.reasons()
    assert ("major", "1 principle removed") in diff.reasons()


def test_text_only_edits_are_a_patch() -> None:
    old = shipped("1.0.0")
    new = variant(
        "1.0.0",
        "1.0.1",
        ("Partners meet and discuss shared cases,", "Partners meet to discuss shared cases,"),
    )

    diff = compare(old, new)

    assert diff.change_class == "patch"
    assert [(c.item, c.aspects) for c in diff.changed_items] == [("joined_up", ("text",))]
    check_version_bump(old, new, diff)


def test_reworded_headings_are_a_patch() -> None:
    new = variant("1.0.0", "1.0.1", ("title: Adaptive\n", "title: Adaptive and learning\n"))
    diff = compare(shipped("1.0.0"), new)
    assert (diff.change_class, diff.principles.reworded) == ("patch", ("adaptive",))


WORDING_FIX = (
    "  - id: practice_stage\n    levels:\n",
    "  - id: practice_stage\n    wording_fix:\n      since: 1.0.0\n      evidence: >-\n"
    "        'Early days' is the plainer name the pilot places asked for; the level's\n"
    "        description and place on the scale are unchanged.\n    levels:\n",
)


def test_rewording_a_scale_level_is_major_unless_declared_a_wording_fix() -> None:
    relabelled = ("label: Emerging", "label: Early days")
    undeclared = variant("1.0.0", "1.0.1", relabelled)
    diff = compare(shipped("1.0.0"), undeclared)
    assert (diff.change_class, diff.rescaled, diff.reworded) == ("major", ("practice_stage",), ())
    # Every rubric item on the scale changed meaning, so reports stop merging its answers.
    assert {c.item for c in diff.changed_items if "scale" in c.aspects} >= {"relational"}
    with pytest.raises(FrameworkDefinitionError, match=r"re-described without a wording fix"):
        check_version_bump(shipped("1.0.0"), undeclared, diff)

    text = (
        (PSR / "1.0.0.yaml").read_text(encoding="utf-8").replace("version: 1.0.0", "version: 1.0.1")
    )
    for old, new in (relabelled, WORDING_FIX):
        text = text.replace(old, new)
    declared = parse_definition(text, "1.0.1.yaml", predecessor=shipped("1.0.0"))
    diff = compare(shipped("1.0.0"), declared)
    assert (diff.change_class, diff.reworded, diff.changed_items) == (
        "patch",
        ("scale wording",),
        (),
    )
    check_version_bump(shipped("1.0.0"), declared, diff)


def test_reversing_a_scale_is_major_even_when_declared_a_wording_fix() -> None:
    text = (
        (PSR / "1.0.0.yaml").read_text(encoding="utf-8").replace("version: 1.0.0", "version: 1.0.1")
    )
    text = text.replace(*WORDING_FIX)
    # Levels keep their values but swap their words: 1 now reads as 4 did, and so on.
    swapped = {"Not yet started": "Embedded", "Emerging": "Developing"}
    for before, after in [*swapped.items(), *((b, a) for a, b in swapped.items())]:
        text = text.replace(f"label: {before}\n", f"label: @{after}\n", 1)
    text = text.replace("label: @", "label: ")

    with pytest.raises(FrameworkDefinitionError, match=r"gives level\(s\) 1, 2, 3, 4 the words"):
        parse_definition(text, "1.0.1.yaml", predecessor=shipped("1.0.0"))
    reversed_scale = parse_definition(text, "1.0.1.yaml")
    diff = compare(shipped("1.0.0"), reversed_scale)
    assert (diff.change_class, diff.rescaled) == ("major", ("practice_stage",))


def test_a_wording_fix_covers_one_step_only() -> None:
    text = (
        (PSR / "1.1.0.yaml").read_text(encoding="utf-8").replace("version: 1.1.0", "version: 1.1.1")
    )
    text = text.replace(*WORDING_FIX)
    with pytest.raises(FrameworkDefinitionError, match=r"set 'since: 1\.1\.0'"):
        parse_definition(text, "1.1.1.yaml", predecessor=shipped("1.1.0"))


def test_removing_an_option_is_major() -> None:
    fire = "      - id: fire_rescue\n        label: Fire and rescue service\n"

    diff = compare(shipped("1.0.0"), variant("1.0.0", "2.0.0", (fire, "")))

    (change,) = diff.changed_items
    assert (change.removed_options, diff.change_class) == (("fire_rescue",), "major")
    assert ("major", "1 option removed") in diff.reasons()


@pytest.mark.parametrize(
    ("old", "new", "aspect", "change_class"),
    [
        ("max_length: 5000\n", "max_length: 8000\n", "limits_widened", "minor"),
        ("max_length: 5000\n", "max_length: 1000\n", "limits_narrowed", "major"),
        ("consent: true\n", "consent: false\n", "consent", "major"),
        ("section: story\n", "section: learning\n", "section", "patch"),
        ("section: story\n", "section: story\n    required: true\n", "required", "minor"),
        ("section: story\n", "section: story\n    principle: adaptive\n", "belongs_to", "major"),
    ],
)
def test_item_changes_are_classed_by_what_they_do_to_answers(
    old: str, new: str, aspect: str, change_class: str
) -> None:
    # Each of these lines occurs only in the story of change.
    changed = variant("1.0.0", "9.0.0", (f"    {old}", f"    {new}"))

    diff = compare(shipped("1.0.0"), changed)

    (change,) = diff.changed_items
    assert (change.item, change.aspects, diff.change_class) == (
        "story_of_change",
        (aspect,),
        change_class,
    )


def test_number_limits_and_units() -> None:
    weeks = "    unit: weeks\n    min: 0\n"
    cases = {
        "    unit: weeks\n": ("limits_widened",),
        "    unit: weeks\n    min: 0\n    max: 52\n    integer: true\n": ("limits_narrowed",),
        "    unit: days\n    min: 0\n": ("unit",),
        "    unit: weeks\n    min: 0\n    integer: true\n    counts_people: true\n": (
            "limits_narrowed",
            "counts_people",
        ),
    }
    for new, aspects in cases.items():
        diff = compare(shipped("1.0.0"), variant("1.0.0", "2.0.0", (weeks, new)))

        assert [(c.item, c.aspects) for c in diff.changed_items] == [("weeks_to_help", aspects)]


def test_a_removed_item_is_major_even_when_another_replaces_it() -> None:
    renamed = (
        "  - id: last_commitments\n",
        "  - id: review_of_last_commitments\n    replaces: [last_commitments]\n",
    )

    diff = compare(shipped("1.0.0"), variant("1.0.0", "1.1.0", renamed))

    assert diff.change_class == "major"
    assert [(r.item, r.replaces) for r in diff.replaced_items] == [
        ("review_of_last_commitments", ("last_commitments",))
    ]


def test_an_understated_version_is_refused_with_the_version_to_use() -> None:
    renamed = ("  - id: who_benefited\n", "  - id: who_gained\n")

    with pytest.raises(FrameworkDefinitionError) as raised:
        check_version_bump(shipped("1.0.0"), variant("1.0.0", "1.1.0", renamed))

    assert raised.value.problems[0].message == (
        "1 item removed: a major change, but 1.0.0 → 1.1.0. Publish it as 2.0.0."
    )


def test_every_reason_of_the_deciding_class_is_named() -> None:
    with pytest.raises(FrameworkDefinitionError) as raised:
        check_version_bump(shipped("1.1.0"), variant("2.0.0", "1.2.0"))

    assert str(raised.value) == (
        "frameworks/public-service-reform/1.2.0.yaml: 2 items removed and 1 principle "
        "removed: a major change, but 1.1.0 → 1.2.0. Publish it as 2.0.0."
    )


def test_additions_need_at_least_a_minor_version() -> None:
    with pytest.raises(FrameworkDefinitionError, match=r"→ 1\.0\.1\. Publish it as 1\.1\.0\.$"):
        check_version_bump(shipped("1.0.0"), variant("1.1.0", "1.0.1"))


def test_a_new_version_must_be_later() -> None:
    for version in ("1.1.0", "1.0.9", "1.1.0-rc.1"):
        with pytest.raises(FrameworkDefinitionError) as raised:
            check_version_bump(shipped("1.1.0"), variant("1.1.0", version))

        assert raised.value.problems[0].message == (
            f"Version {version} is not later than 1.1.0, the version before it. "
            "Give it a higher number, such as 1.1.1."
        )


def test_honest_and_generous_bumps_pass() -> None:
    check_version_bump(shipped("1.0.0"), shipped("1.1.0"))
    check_version_bump(shipped("1.1.0"), shipped("2.0.0"))
    check_version_bump(shipped("1.0.0"), variant("1.1.0", "2.0.0"))
    check_version_bump(shipped("1.1.0"), variant("2.0.0", "2.0.0-rc.1"))


def test_a_pre_release_sorts_before_its_release() -> None:
    assert Version.parse("2.0.0-rc.1") < Version.parse("2.0.0-rc.2") < Version.parse("2.0.0")
    assert (
        Version.parse("2.0.0-alpha") < Version.parse("2.0.0-alpha.1") < Version.parse("2.0.0-beta")
    )
    assert Version.parse("1.9.9") < Version.parse("2.0.0-rc.1")


def test_a_release_is_compared_with_the_previous_release_not_its_candidate(tmp_path: Path) -> None:
    """1.0.0 → 1.1.0-rc.1 (adds an item) → 1.1.0 removing three items: refused."""
    folder = tmp_path / "public-service-reform"
    folder.mkdir()
    (folder / "1.0.0.yaml").write_text((PSR / "1.0.0.yaml").read_text(encoding="utf-8"))
    candidate = (PSR / "1.1.0.yaml").read_text(encoding="utf-8")
    (folder / "1.1.0-rc.1.yaml").write_text(
        candidate.replace("version: 1.1.0", "version: 1.1.0-rc.1")
    )
    release = variant("1.1.0", "1.1.0")
    kept = [
        item
        for item in release.items
        if item.id not in {"adaptive_evidence", "equitable_evidence", "weeks_to_help"}
    ]
    (folder / "1.1.0.yaml").write_text(
        yaml.safe_dump(dataclasses.replace(release, items=tuple(kept)).to_dict(), sort_keys=False)
    )

    with pytest.raises(FrameworkDefinitionError) as raised:
        load_directory(tmp_path)

    (problem,) = raised.value.problems
    assert problem.message == (
        "3 items removed: a major change, but 1.0.0 → 1.1.0. Publish it as 2.0.0."
    )


def test_after_a_pre_release_only_the_order_is_checked() -> None:
    check_version_bump(variant("1.1.0", "2.0.0-rc.1"), variant("1.0.0", "2.0.0"))

    with pytest.raises(FrameworkDefinitionError, match=r"is not later than 2\.0\.0-rc\.2"):
        check_version_bump(variant("1.1.0", "2.0.0-rc.2"), variant("1.0.0", "2.0.0-rc.1"))


def test_to_dict_is_json_in_a_stable_order() -> None:
    diff = compare(shipped("1.0.0"), shipped("2.0.0"))

    data = diff.to_dict()

    assert json.loads(json.dumps(data)) == data
    assert data == compare(shipped("1.0.0"), shipped("2.0.0")).to_dict()
    assert data["change_class"] == "major"
    assert data["reasons"][0] == {"class": "major", "reason": "2 items removed"}
    strengths = next(r for r in data["items"]["replaced"] if r["id"] == "strengths_based")
    assert strengths == {
        "id": "strengths_based",
        "replaces": ["strengths_holistic"],
        "crosswalk": {"strengths_holistic": {"1": 1, "2": 2, "3": 3, "4": 4}},
    }


def test_describe_leads_with_the_class_and_lists_the_changes() -> None:
    text = compare(shipped("1.1.0"), shipped("2.0.0")).describe()

    lines = text.splitlines()
    assert lines[0] == (
        "public-service-reform 1.1.0 → 2.0.0: a major change (2 items removed; 1 principle "
        "removed; 4 items added; 2 principles added; summary reworded)."
    )
    assert "Principles removed: strengths_holistic" in lines
    assert (
        "  strengths_based replaces strengths_holistic; "
        "levels of strengths_holistic: 1→1, 2→2, 3→3, 4→4"
    ) in lines


def test_a_changed_follow_up_is_a_minor_change() -> None:
    old = shipped("1.0.0")
    items = tuple(
        dataclasses.replace(item, follows_up=None) if item.id == "last_commitments" else item
        for item in old.items
    )
    new = dataclasses.replace(old, version="1.0.1", items=items)
    diff = compare(old, new)
    assert [change.aspects for change in diff.changed_items] == [("follows_up",)]
    assert diff.change_class == "minor"
