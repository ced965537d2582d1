"""`follows_up` in the framework format: a text item naming another text item of its version."""

from __future__ import annotations

import pytest

from outcomes.config import PROJECT_ROOT
from outcomes.frameworks import FrameworkDefinitionError, TextItem, load_directory, parse_definition

BASE = """\
slug: demo
title: Demo framework
version: 1.0.0
status: draft
released: 2025-04-01
summary: A small framework for tests.
changelog: First version.
items:
  - id: will_change
    kind: text
    section: learning
    label: What we will change
    max_length: 100
  - id: people
    kind: number
    section: measures
    label: People supported
    unit: people
  - id: happened
    kind: text
    section: learning
    label: What happened
    max_length: 100
    follows_up: {target}
"""


def test_a_text_item_can_follow_up_another() -> None:
    definition = parse_definition(BASE.format(target="will_change"), "demo/1.0.0.yaml")

    item = definition.item("happened")
    assert isinstance(item, TextItem)
    assert item.follows_up == "will_change"


@pytest.mark.parametrize(
    ("target", "message"),
    [
        (
            "will_chang",
            "Item 'happened' follows up 'will_chang', which is not a text item of this "
            "version. Use one of: 'will_change'.",
        ),
        (
            "people",
            "Item 'happened' follows up 'people', which is not a text item of this version. "
            "Use one of: 'will_change'.",
        ),
        ("happened", "Item 'happened' follows up itself."),
    ],
)
def test_follows_up_must_name_another_text_item(target: str, message: str) -> None:
    with pytest.raises(FrameworkDefinitionError) as raised:
        parse_definition(BASE.format(target=target), "demo/1.0.0.yaml")

    [problem] = raised.value.problems
    assert problem.item == "happened"
    assert problem.message.startswith(message)


def test_only_text_items_may_follow_up() -> None:
    text = BASE.format(target="will_change").replace(
        "    unit: people\n", "    unit: people\n    follows_up: will_change\n"
    )

    with pytest.raises(FrameworkDefinitionError) as raised:
        parse_definition(text, "demo/1.0.0.yaml")

    assert "cannot have 'follows_up'" in raised.value.problems[0].message


def test_every_shipped_core_version_follows_up_its_commitments() -> None:
    loaded = load_directory(PROJECT_ROOT / "frameworks")

    for definition in loaded["public-service-reform"]:
        item = definition.item("last_commitments")
        assert isinstance(item, TextItem)
        assert item.follows_up == "what_we_will_change"
