"""Which answers on other versions a report counts: same item, or a declared crosswalk."""

from __future__ import annotations

import copy
import json
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
            # Every level of its own scale to itself: counted as answered, no CASE.
            assert link.as_answered
        assert links[("relational", "relational")].via == "unchanged"
        assert links[("relational", "relational")].as_answered
        assert links[("people_supported", "people_supported")].levels is None
        assert not links[("people_supported", "people_supported")].as_answered
        # Evidence text and weeks (not a count of people) are never compared.
        assert not any(source.endswith("_evidence") for source, _ in links)
        assert ("weeks_to_help", "weeks_to_help") not in links
    own = _links(lineage, "2.0.0")
    assert {link.via for link in own.values()} == {"target"}
    assert own[("relational", "relational")].as_answered
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
    # Two levels made one: the level is mapped, not counted as answered.
    assert not oldest[("strengths_holistic", "whole_person")].as_answered
    assert ("preventative", "preventative") not in oldest
    reasons = {(u.version, u.item): u.reason for u in lineage.unmapped}
    assert reasons[("2.0.0", "preventative")] == (
        "its meaning changed before 3.0.0 and no crosswalk was declared"
    )


def _without_crosswalks(data: dict[str, Any]) -> None:
    for item in data["items"]:
        item.pop("replaces", None)
        item.pop("crosswalk", None)


def test_lineage_follows_published_releases_only(shipped) -> None:
    # A release candidate of 2.0.0 that had not yet declared its crosswalks, and a draft
    # of 2.1.0 that reverses nothing yet: neither may shape what 2.0.0's reports count.
    candidate = _variant(shipped["2.0.0"], "2.0.0-rc.1", _without_crosswalks)
    draft = _variant(shipped["2.0.0"], "2.1.0", lambda data: data.update(status="draft"))
    lineage = trace_lineage([*shipped.values(), candidate, draft], "2.0.0")

    links = _links(lineage, "1.1.0")
    assert links[("strengths_holistic", "holistic")].via == "crosswalk"
    assert _links(lineage, "2.0.0-rc.1") == {} and _links(lineage, "2.1.0") == {}
    reasons = {(u.version, u.item): u.reason for u in lineage.unmapped}
    assert reasons[("2.0.0-rc.1", "relational")] == (
        "it was answered on a draft or pre-release, and lineage follows published releases only"
    )
    assert ("2.1.0", "holistic") in reasons


def _merged(data: dict[str, Any], merge: str) -> None:
    """3.0.0: strengths_based and holistic merge back into one item."""
    holistic = _item(data, "holistic")
    holistic["replaces"] = ["strengths_based", "holistic"]
    holistic["crosswalk"] = {
        "strengths_based": {1: 1, 2: 2, 3: 3, 4: 4},
        "holistic": {1: 1, 2: 2, 3: 3, 4: 4},
    }
    holistic["merge"] = merge
    data["items"] = [item for item in data["items"] if item["id"] != "strengths_based"]
    _item(data, "holistic_evidence").pop("replaces", None)
    _item(data, "strengths_based_evidence").pop("replaces", None)


def test_a_merge_without_a_rule_is_refused(shipped) -> None:
    from outcomes.frameworks.errors import FrameworkDefinitionError
    from outcomes.frameworks.loading import parse_definition

    merged = _variant(shipped["2.0.0"], "3.0.0", lambda data: _merged(data, "lowest"))
    data = merged.to_dict()
    del _item(data, "holistic")["merge"]
    text = json.dumps(data)
    with pytest.raises(FrameworkDefinitionError, match=r"'merge: lowest', 'highest'"):
        parse_definition(text, "3.0.0.yaml", predecessor=shipped["2.0.0"])
    assert parse_definition(
        json.dumps(merged.to_dict()), "3.0.0.yaml", predecessor=shipped["2.0.0"]
    )


@pytest.mark.parametrize(
    ("merge", "levels", "counted"),
    [
        ("lowest", (4, 1), 1),
        ("highest", (1, 4), 4),
        ("first", (3, 1), 3),  # the order of 'replaces': strengths_based first
        ("median", (2, 4), 2),  # the lower middle of two
    ],
)
def test_a_merge_counts_each_review_once_by_its_rule(
    db, frameworks, merge: str, levels: tuple[int, int], counted: int
) -> None:
    from factories import create_review

    from outcomes.accounts.access import OPERATOR
    from outcomes.frameworks.store import as_definition, store_definitions
    from outcomes.reports.build import build_report
    from outcomes.reports.spec import ReportSpec
    from outcomes.scope import ReviewScope

    merged = _variant(
        as_definition(frameworks["2.0.0"]), "3.0.0", lambda data: _merged(data, merge)
    )
    store_definitions(db, OPERATOR, [merged])
    strengths, holistic = levels
    create_review(
        db,
        version=frameworks["2.0.0"],
        answers={"strengths_based": strengths, "holistic": holistic, "relational": 2},
    )
    from factories import create_user

    from outcomes.accounts.models import Role

    report = build_report(
        db,
        create_user(db, role=Role.REGULATOR),
        ReportSpec(ReviewScope("public-service-reform"), version="3.0.0"),
    )
    row = report.principles[report.principles.item == "holistic"].iloc[0]
    found = {level: int(row[f"level_{level}"]) for level in (1, 2, 3, 4)}
    assert found == {level: int(level == counted) for level in (1, 2, 3, 4)}
