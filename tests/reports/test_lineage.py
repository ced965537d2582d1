"""Which answers on other versions a report counts: same item, or a declared crosswalk."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from outcomes.config import PROJECT_ROOT
from outcomes.frameworks import load_directory
from outcomes.frameworks.definition import FrameworkDefinition, definition_from_data
from outcomes.reports.lineage import ItemLink, trace_lineage


@pytest.fixture(scope="module")
def shipped() -> dict[str, FrameworkDefinition]:
    loaded = load_directory(PROJECT_ROOT / "frameworks")["public-service-reform"]
    return {d.version: d for d in loaded}


def _links(lineage, version: str) -> dict[tuple[str, str], ItemLink]:
    return {(link.source_item, link.target_item): link for link in lineage.links_for(version)}


def test_a_split_principle_is_reached_through_its_crosswalk(shipped) -> None:
    lineage = trace_lineage(shipped.values(), "2.0.0")
    for old in ("1.0.0", "1.1.0"):
        links = _links(lineage, old)
        for new in ("strengths_based", "holistic"):
            link = links[("strengths_holistic", new)]
            assert link.via == "crosswalk"
            assert link.levels == {1: 1, 2: 2, 3: 3, 4: 4}
        assert links[("relational", "relational")].via == "unchanged"
        assert links[("people_supported", "people_supported")].levels is None
        # Evidence text and weeks (not a count of people) are never compared.
        assert not any(source.endswith("_evidence") for source, _ in links)
        assert ("weeks_to_help", "weeks_to_help") not in links
    own = _links(lineage, "2.0.0")
    assert {link.via for link in own.values()} == {"target"}
    assert lineage.unmapped == ()


def test_crosswalks_do_not_run_backwards(shipped) -> None:
    lineage = trace_lineage(shipped.values(), "1.1.0")
    newer = _links(lineage, "2.0.0")
    assert ("relational", "relational") in newer
    assert not any(target == "strengths_holistic" for _, target in newer)
    reasons = {(u.version, u.item): u.reason for u in lineage.unmapped}
    assert set(reasons) == {("2.0.0", "strengths_based"), ("2.0.0", "holistic")}
    assert "crosswalks only run from older versions" in reasons[("2.0.0", "holistic")]


def _variant(base: FrameworkDefinition, version: str, change) -> FrameworkDefinition:
    data: dict[str, Any] = copy.deepcopy(base.to_dict())
    data["version"] = version
    change(data)
    return definition_from_data(data)


def _item(data: dict[str, Any], item_id: str) -> dict[str, Any]:
    return next(item for item in data["items"] if item["id"] == item_id)


def test_crosswalks_compose_across_several_versions_and_scale_changes_break_comparison(
    shipped,
) -> None:
    def rescale_and_rename(data: dict[str, Any]) -> None:
        # 3.0.0: preventative gets a new scale with no crosswalk; holistic is renamed
        # whole_person with a crosswalk that merges the two lowest levels.
        data["scales"].append(
            {
                "id": "three_steps",
                "levels": [
                    {"value": 1, "label": "Start", "description": "Start."},
                    {"value": 2, "label": "Middle", "description": "Middle."},
                    {"value": 3, "label": "End", "description": "End."},
                ],
            }
        )
        preventative = _item(data, "preventative")
        preventative["scale"] = "three_steps"
        preventative["descriptors"] = {1: "a", 2: "b", 3: "c"}
        holistic = _item(data, "holistic")
        holistic["id"] = "whole_person"
        holistic["replaces"] = ["holistic"]
        holistic["crosswalk"] = {"holistic": {1: 1, 2: 1, 3: 3, 4: 4}}
        _item(data, "holistic_evidence")["replaces"] = []

    third = _variant(shipped["2.0.0"], "3.0.0", rescale_and_rename)
    lineage = trace_lineage([*shipped.values(), third], "3.0.0")
    oldest = _links(lineage, "1.0.0")
    # 1.0.0 strengths_holistic -> 2.0.0 holistic (identity) -> 3.0.0 whole_person (merge).
    assert oldest[("strengths_holistic", "whole_person")].levels == {1: 1, 2: 1, 3: 3, 4: 4}
    assert oldest[("strengths_holistic", "whole_person")].via == "crosswalk"
    assert ("preventative", "preventative") not in oldest
    reasons = {(u.version, u.item): u.reason for u in lineage.unmapped}
    assert reasons[("2.0.0", "preventative")] == (
        "its meaning changed before 3.0.0 and no crosswalk was declared"
    )
