"""Checking definitions: shape (schema.json) and rules, with messages people can act on."""

from __future__ import annotations

from pathlib import Path

import pytest

from outcomes.frameworks.definition import FrameworkDefinition, RubricItem
from outcomes.frameworks.errors import FrameworkDefinitionError, Problem
from outcomes.frameworks.loading import load_definition, parse_definition

SOURCE = "frameworks/demo/1.0.0.yaml"

DEMO = """\
slug: demo
title: Demo framework
version: 1.0.0
status: draft
released: 2025-04-01
summary: A small framework for tests.
changelog: First version.
scales:
  - id: four_point
    levels:
      - {value: 1, label: Not yet, description: Not started.}
      - {value: 2, label: Emerging, description: Early steps.}
      - {value: 3, label: Developing, description: Spreading.}
      - {value: 4, label: Embedded, description: How we work.}
principles:
  - {id: equitable, title: Equitable, description: Fair to everyone.}
domains:
  - {id: homes, title: Secure homes, description: People have a settled home.}
barriers:
  - {id: funding, title: Funding, description: Short-term grants.}
items:
  - id: equity
    kind: rubric
    section: principle
    principle: equitable
    label: How equitable is the service?
    scale: four_point
    descriptors: {1: Same offer for all., 2: Looking at gaps., 3: Closing gaps., 4: Gaps close.}
  - id: equity_notes
    kind: text
    section: principle
    principle: equitable
    label: Evidence
    max_length: 2000
  - id: partners
    kind: multichoice
    section: context
    label: Partners
    options: [{id: nhs, label: NHS}, {id: police, label: Police}]
  - id: homes_kept
    kind: number
    section: measures
    domain: homes
    label: Households helped to keep their home
    unit: households
    min: 0
    integer: true
    counts_people: true
  - id: national_barriers
    kind: barriers
    section: barriers
    label: National rules that got in the way
    ask_max_length: 1000
"""


def edited(old: str, new: str, text: str = DEMO) -> str:
    assert text.count(old) == 1, f"{old!r} should occur once"
    return text.replace(old, new)


def lines_of(text: str, fragment: str) -> list[int]:
    return [n for n, line in enumerate(text.splitlines(), 1) if fragment in line]


def line_of(text: str, fragment: str) -> int:
    (line,) = lines_of(text, fragment)
    return line


def problems_of(text: str, **options: FrameworkDefinition) -> tuple[Problem, ...]:
    with pytest.raises(FrameworkDefinitionError) as raised:
        parse_definition(text, SOURCE, **options)
    return raised.value.problems


def only_problem(text: str, **options: FrameworkDefinition) -> Problem:
    (problem,) = problems_of(text, **options)
    return problem


def test_the_demo_definition_is_valid() -> None:
    definition = parse_definition(DEMO, SOURCE)

    assert [item.id for item in definition.items] == [
        "equity",
        "equity_notes",
        "partners",
        "homes_kept",
        "national_barriers",
    ]
    assert definition.source == SOURCE
    assert isinstance(definition.items[0], RubricItem)
    assert definition.items[0].descriptors[3] == "Closing gaps."


# Shape


def test_unknown_top_level_key() -> None:
    text = edited("changelog: First version.\n", "changelog: First version.\ncolour: blue\n")

    problem = only_problem(text)

    assert problem.line == line_of(text, "colour")
    assert problem.message.startswith(
        "A framework definition cannot have 'colour'. Check the spelling, or remove it. "
        "It can have: barriers, changelog,"
    )


def test_unknown_item_key_names_what_that_kind_of_item_can_have() -> None:
    text = edited("    max_length: 2000\n", "    max_length: 2000\n    lable: Notes\n")

    problem = only_problem(text)

    assert problem.item == "equity_notes"
    assert problem.line == line_of(text, "lable: Notes")
    assert problem.message == (
        "A 'text' item cannot have 'lable'. Check the spelling, or remove it. It can have: "
        "consent, domain, follows_up, help, id, kind, label, max_length, merge, principle, "
        "replaces, "
        "required, section."
    )


def test_a_setting_of_another_kind_is_an_unknown_key() -> None:
    text = edited("    max_length: 2000\n", "    max_length: 2000\n    scale: four_point\n")

    assert only_problem(text).message.startswith("A 'text' item cannot have 'scale'.")


def test_missing_settings_of_a_kind_are_named() -> None:
    text = edited("    principle: equitable\n    label: How", "    label: How")

    problem = only_problem(text)

    assert problem.item == "equity"
    assert problem.message == (
        "A 'rubric' item needs 'principle', the id of the principle it is about. Add it."
    )


def test_wrong_types_say_what_was_expected() -> None:
    text = edited("    integer: true\n", "    integer: yes\n")

    problem = only_problem(text)

    assert (problem.line, problem.item) == (line_of(text, "integer: yes"), "homes_kept")
    assert problem.message == "'integer' should be true or false, but it is 'yes'."


def test_bad_ids_and_values_explain_the_allowed_form() -> None:
    text = edited("{id: nhs, label: NHS}", "{id: NHS, label: NHS}")
    text = edited("    section: measures\n", "    section: numbers\n", text)

    messages = [problem.message for problem in problems_of(text)]

    assert messages == [
        "'NHS' cannot be used here. An id starts with a small letter and uses only small "
        "letters, digits, '_', '.' and '-', like 'early_help'.",
        "'section' is 'numbers', which is not allowed. Use one of: 'principle', 'learning', "
        "'story', 'measures', 'barriers', 'context'.",
    ]


def test_released_must_be_a_real_date() -> None:
    problem = only_problem(edited("released: 2025-04-01", "released: 2025-02-30"))

    assert (problem.line, problem.message) == (
        5,
        "'released' is '2025-02-30', which is not a date. Write it like 2025-04-01.",
    )


# Rules


def test_duplicate_ids_point_at_both_lines() -> None:
    text = edited("  - id: homes_kept\n", "  - id: equity_notes\n")

    first, second = lines_of(text, "  - id: equity_notes")

    problem = only_problem(text)

    assert problem.line == second
    assert problem.message == (
        f"There are two items with the id 'equity_notes' (the other is on line {first}). "
        "Give each item its own id."
    )


def test_duplicate_option_ids_within_an_item() -> None:
    text = edited("{id: police, label: Police}", "{id: nhs, label: Police}")

    assert only_problem(text).message.startswith("There are two options with the id 'nhs'")


def test_an_undefined_scale_is_named_with_the_ones_that_exist() -> None:
    text = edited("    scale: four_point\n", "    scale: four_level\n")

    problem = only_problem(text)

    assert str(problem) == (
        f"{SOURCE}, line {line_of(text, 'scale: four_level')}, item 'equity': Item 'equity' "
        "uses scale 'four_level', which is not defined in this version. Add it under 'scales' "
        "or use one of: 'four_point'."
    )


def test_an_undefined_principle_or_domain() -> None:
    text = edited("    domain: homes\n", "    domain: housing\n")
    text = edited(
        "    principle: equitable\n    label: Evidence",
        "    principle: fair\n    label: Evidence",
        text,
    )

    messages = [problem.message for problem in problems_of(text)]

    assert messages == [
        "Item 'equity_notes' names principle 'fair', which is not defined in this version. "
        "Add it under 'principles' or use one of: 'equitable'.",
        "Item 'homes_kept' names domain 'housing', which is not defined in this version. "
        "Add it under 'domains' or use one of: 'homes'.",
    ]


def test_an_item_belongs_to_a_principle_or_a_domain_not_both() -> None:
    text = edited("    domain: homes\n", "    domain: homes\n    principle: equitable\n")

    assert only_problem(text).message.startswith(
        "Item 'homes_kept' names both a principle and a domain"
    )


def test_descriptors_must_cover_exactly_the_levels_of_the_scale() -> None:
    text = edited("4: Gaps close.}", "5: Gaps close.}")

    messages = [problem.message for problem in problems_of(text)]

    assert messages == [
        "Item 'equity' has no descriptor for level 4 ('Embedded') of scale 'four_point'. "
        "Add one under 'descriptors'.",
        "Item 'equity' has a descriptor for level 5, but scale 'four_point' has no such level. "
        "Remove it, or use one of the levels 1, 2, 3, 4.",
    ]


def test_levels_go_from_lowest_to_highest() -> None:
    text = edited("{value: 3, label: Developing", "{value: 5, label: Developing")
    text = edited("3: Closing gaps.", "5: Closing gaps.", text)

    assert only_problem(text).message == (
        "The levels of scale 'four_point' must be listed from the lowest value to the "
        "highest. Reorder them."
    )


def test_people_are_counted_in_whole_numbers() -> None:
    text = edited("    integer: true\n", "")

    assert only_problem(text).message == (
        "Item 'homes_kept' counts people, so its answers must be whole numbers. "
        "Add 'integer: true'."
    )


def test_a_minimum_above_the_maximum() -> None:
    text = edited("    min: 0\n", "    min: 10\n    max: 5\n")

    assert only_problem(text).message == (
        "Item 'homes_kept' has a minimum (10) above its maximum (5). Swap them."
    )


def test_a_barriers_item_needs_a_taxonomy() -> None:
    text = edited(
        "barriers:\n  - {id: funding, title: Funding, description: Short-term grants.}\n",
        "barriers: []\n",
    )

    assert only_problem(text).message == (
        "Item 'national_barriers' asks which barriers got in the way, but this version lists "
        "none. Add them under 'barriers'."
    )


@pytest.mark.parametrize("version", ["1.0", "v1.0.0", "1.0.0.0", "01.0.0", "1.0.0+build.5"])
def test_versions_must_be_semantic(version: str) -> None:
    problem = only_problem(edited("version: 1.0.0", f"version: '{version}'"))

    assert (problem.line, problem.message) == (
        3,
        f"'{version}' is not a valid version number. Use three whole numbers separated by "
        "dots, like 1.0.0, or add a label for a trial release, like 1.0.0-rc.1.",
    )


def test_a_pre_release_version_is_valid() -> None:
    text = edited("version: 1.0.0", "version: 1.0.0-rc.1")

    assert parse_definition(text, SOURCE).semver.prerelease == ("rc", "1")


def test_the_file_must_sit_at_slug_and_version(tmp_path: Path) -> None:
    path = tmp_path / "other" / "1.0.1.yaml"
    path.parent.mkdir()
    path.write_text(DEMO, encoding="utf-8")

    with pytest.raises(FrameworkDefinitionError) as raised:
        load_definition(path)

    assert [(p.line, p.message) for p in raised.value.problems] == [
        (
            1,
            "The slug is 'demo', but the file is in the folder 'other'. Move it to a folder "
            "named 'demo', or correct the slug.",
        ),
        (
            3,
            "The version is 1.0.0, but the file is named '1.0.1.yaml'. Rename the file to "
            "'1.0.0.yaml', or correct the version.",
        ),
    ]
    assert str(raised.value).startswith(f"{path}, line 1: The slug is 'demo'")


def test_a_file_at_its_place_loads(tmp_path: Path) -> None:
    path = tmp_path / "demo" / "1.0.0.yaml"
    path.parent.mkdir()
    path.write_text(DEMO, encoding="utf-8")

    assert load_definition(path) == parse_definition(DEMO, SOURCE)


def test_every_problem_in_a_file_is_reported_in_line_order() -> None:
    text = edited("    scale: four_point\n", "    scale: four_level\n")
    text = edited("    domain: homes\n", "    domain: housing\n", text)
    text = edited("{id: police, label: Police}", "{id: nhs, label: Police}", text)

    with pytest.raises(FrameworkDefinitionError) as raised:
        parse_definition(text, SOURCE)

    assert [line.split(": ", 1)[0] for line in str(raised.value).splitlines()] == [
        f"{SOURCE}, line {line_of(text, 'four_level')}, item 'equity'",
        f"{SOURCE}, line {line_of(text, 'id: nhs, label: Police')}, item 'partners'",
        f"{SOURCE}, line {line_of(text, 'domain: housing')}, item 'homes_kept'",
    ]


# Lineage


def predecessor() -> FrameworkDefinition:
    return parse_definition(DEMO, SOURCE)


def successor(item: str) -> str:
    text = edited("version: 1.0.0", "version: 2.0.0")
    return edited("items:\n", f"items:\n{item}", text)


FAIRNESS = """\
  - id: fairness
    kind: rubric
    section: principle
    principle: equitable
    label: How fair is the service?
    scale: four_point
    descriptors: {1: a, 2: b, 3: c, 4: d}
    replaces: [equity]
    crosswalk:
      equity: {1: 1, 2: 1, 3: 3, 4: 4}
"""


def test_replaces_and_crosswalk_are_read() -> None:
    definition = parse_definition(successor(FAIRNESS), SOURCE, predecessor=predecessor())

    fairness = definition.item("fairness")
    assert isinstance(fairness, RubricItem)
    assert fairness.replaces == ("equity",)
    assert dict(fairness.crosswalk["equity"]) == {1: 1, 2: 1, 3: 3, 4: 4}


def test_replaces_must_name_items_of_the_predecessor() -> None:
    text = successor(
        edited("replaces: [equity]", "replaces: [equity, equity_note]\n    merge: lowest", FAIRNESS)
    )

    problem = only_problem(text, predecessor=predecessor())

    assert problem.item == "fairness"
    assert problem.message == (
        "Item 'fairness' replaces 'equity_note', but demo 1.0.0 has no item 'equity_note'. "
        "Use an id from that version, such as 'equity', 'equity_notes', 'homes_kept', "
        "'national_barriers', 'partners', or remove it from 'replaces'."
    )


def test_replaces_is_not_checked_without_a_predecessor() -> None:
    text = successor(
        edited("replaces: [equity]", "replaces: [equity, equity_note]\n    merge: lowest", FAIRNESS)
    )

    assert parse_definition(text, SOURCE).item("fairness") is not None


def test_a_crosswalk_must_map_every_old_level_onto_a_new_one() -> None:
    text = successor(edited("{1: 1, 2: 1, 3: 3, 4: 4}", "{1: 1, 2: 1, 3: 5, 7: 4}", FAIRNESS))

    messages = [problem.message for problem in problems_of(text, predecessor=predecessor())]

    assert messages == [
        "Item 'fairness' maps level 3 of 'equity' to level 5, but scale 'four_point' has no "
        "level 5. Use one of: 1, 2, 3, 4.",
        "Item 'fairness' maps level 7 of 'equity', but in demo 1.0.0 'equity' has no level 7. "
        "Its levels are 1, 2, 3, 4.",
        "Item 'fairness' does not say where level 4 of 'equity' goes. Add '4: <new level>' "
        "under its crosswalk from 'equity'.",
    ]


def test_a_crosswalk_is_only_for_replaced_rubric_items() -> None:
    text = successor(
        edited(
            "      equity: {1: 1, 2: 1, 3: 3, 4: 4}\n",
            "      equity: {1: 1, 2: 1, 3: 3, 4: 4}\n      equity_notes: {1: 1}\n",
            FAIRNESS,
        )
    )
    assert only_problem(text).message == (
        "Item 'fairness' has a crosswalk from 'equity_notes' but does not replace it. "
        "Add 'equity_notes' to 'replaces', or remove its crosswalk."
    )

    text = text.replace("replaces: [equity]", "replaces: [equity, equity_notes]\n    merge: first")
    assert only_problem(text, predecessor=predecessor()).message == (
        "Item 'fairness' has a crosswalk from 'equity_notes', but in demo 1.0.0 "
        "'equity_notes' is a text item, with no levels to map. Remove this crosswalk."
    )
