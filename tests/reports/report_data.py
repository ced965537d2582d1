"""Data and helpers for report tests (the fixtures are in conftest.py): a small, varied
set of reviews: several real places in different
regions and of different kinds, a former code, three framework versions, a draft, an
amendment, an extension answer, barriers with asks under every consent scope, and
counts of people both above and below the disclosure threshold.

``skewed`` is a copy of the shipped framework under another slug whose 2.0.0 crosswalk
does not keep levels as they are, so that tests can tell a mapped level from a copied
one.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from datetime import date

from factories import create_review, create_service, create_user
from sqlalchemy.orm import Session

from outcomes.accounts.models import Role, User
from outcomes.config import PROJECT_ROOT
from outcomes.frameworks import load_directory
from outcomes.frameworks.definition import definition_from_data
from outcomes.frameworks.models import FrameworkVersion
from outcomes.places.models import Place
from outcomes.places.operations import get_place
from outcomes.reviews.models import Answer, ConsentScope, Review, ReviewRevision

SKEWED = "public-service-reform-skewed"
# The declared crosswalk of the skewed copy, for strengths_based and holistic alike.
SKEWED_CROSSWALK = {1: 1, 2: 1, 3: 2, 4: 4}

PLACE_CODES = (
    "E08000010",  # Wigan, metropolitan district, North West
    "E08000003",  # Manchester, metropolitan district, North West
    "E08000037",  # Gateshead, metropolitan district, North East
    "E09000007",  # Camden, London borough
    "E06000052",  # Cornwall, unitary, South West
    "E07000008",  # Cambridge, district, East of England
)
FORMER_GATESHEAD = "E08000020"

QUARTERS = (
    (date(2025, 4, 1), date(2025, 6, 30), "1.0.0"),
    (date(2025, 7, 1), date(2025, 9, 30), "1.0.0"),
    (date(2025, 10, 1), date(2025, 12, 31), "1.1.0"),
    (date(2026, 10, 1), date(2026, 12, 31), "2.0.0"),
)

OLD_RUBRIC = ("relational", "strengths_holistic", "preventative", "joined_up", "adaptive")
OLD_RUBRIC += ("equitable",)
NEW_RUBRIC = ("relational", "strengths_based", "holistic", "preventative", "joined_up")
NEW_RUBRIC += ("adaptive", "equitable")
PEOPLE = ("people_supported", "families_improved")
# Items whose meaning no version changed.
KEPT = ("relational", "preventative", "joined_up", "adaptive", "equitable")


@dataclass
class Dataset:
    versions: dict[str, FrameworkVersion]
    places: dict[str, Place]
    reviews: list[Review]
    regulator: User
    manager: User  # works for Wigan


def skewed_definitions() -> list:
    loaded = load_directory(PROJECT_ROOT / "frameworks")["public-service-reform"]
    copies = []
    for definition in loaded:
        data = definition.to_dict()
        data["slug"] = SKEWED
        for item in data["items"]:
            if "strengths_holistic" in item.get("crosswalk", {}):
                item["crosswalk"] = {"strengths_holistic": dict(SKEWED_CROSSWALK)}
        copies.append(definition_from_data(data))
    return copies


def _answers(rng: random.Random, version: str) -> dict[str, object]:
    rubric = NEW_RUBRIC if version == "2.0.0" else OLD_RUBRIC
    answers: dict[str, object] = {item: rng.randint(1, 4) for item in rubric}
    answers["people_supported"] = rng.choice([0, 2, 3, 7, 12])
    answers["families_improved"] = rng.choice([0, 0, 1])
    answers["weeks_to_help"] = rng.choice([1.5, 3.0])
    answers["what_we_learned"] = "Something we learned"
    return answers


def build_dataset(db: Session, versions: dict[str, FrameworkVersion], seed: int) -> Dataset:
    rng = random.Random(seed)
    places = {code: get_place(db, code) for code in (*PLACE_CODES, FORMER_GATESHEAD)}
    manager = create_user(db, places=[places["E08000010"]])
    regulator = create_user(db, role=Role.REGULATOR)
    reviews: list[Review] = []
    services = []
    for code in PLACE_CODES:
        for area in ("early_help", "adult_social_care"):
            services.append(create_service(db, place=places[code], service_area=area))
    # A service still recorded under Gateshead's former code counts for Gateshead.
    services.append(create_service(db, place=places[FORMER_GATESHEAD], service_area="housing"))
    scopes = list(ConsentScope)
    barriers = ["multi_year_funding", "health_council", "devolution", "regulation"]
    for number, service in enumerate(services):
        for start, end, version in QUARTERS:
            if rng.random() < 0.15:
                continue  # this service did not file this quarter
            cited = rng.sample(barriers, rng.randint(0, 2))
            review = create_review(
                db,
                version=versions[version],
                service=service,
                period_start=start,
                period_end=end,
                answers=_answers(rng, version),
                citations=[
                    (b, f"Ask {number} about {b}" if rng.random() < 0.8 else None) for b in cited
                ],
                author=manager,
            )
            assert review.current_revision is not None
            for citation in review.current_revision.citations:
                citation.consent_scope = rng.choice(scopes)
            reviews.append(review)
    db.flush()
    return Dataset(versions, places, reviews, regulator, manager)


def amend(db: Session, review: Review, answers: dict[str, object], author: User) -> None:
    """A second submitted revision with other answers, as an amendment makes."""
    assert review.current_revision is not None
    revision = ReviewRevision(review=review, number=2, reason="Corrected", created_by=author)
    kinds = {item.item_id: item.kind for item in review.framework_version.items}
    for item_id, value in answers.items():
        answer = Answer(item_id=item_id)
        if kinds[item_id] == "rubric":
            answer.value_level = value  # type: ignore[assignment]
        else:
            answer.value_number = value  # type: ignore[assignment]
        revision.answers.append(answer)
    db.add(revision)
    db.flush()
    revision.submitted_at = review.current_revision.submitted_at
    review.current_revision = revision
    db.flush()


def current_place(place: Place) -> Place:
    while place.superseded_by is not None:
        place = place.superseded_by
    return place


def mapped_by_hand(
    version: str, item: str, level: int | None, target: str
) -> list[tuple[str, int]]:
    """Where one rubric answer counts in a report on ``target``, by hand."""
    if level is None or "." in item:
        return []  # not a level, or a local extension's item
    if item in KEPT:
        return [(item, level)]
    if target == "2.0.0" and version == "2.0.0":
        return [(item, level)]
    if target == "2.0.0" and item == "strengths_holistic":
        return [(new, SKEWED_CROSSWALK[level]) for new in ("strengths_based", "holistic")]
    if target != "2.0.0" and item == "strengths_holistic":
        return [(item, level)]
    return []


# Words that would turn a comparison into a league table.
LEAGUE_WORDS = re.compile(
    r"\b(rank\w*|position\w*|score\w*|league|top|bottom|best|worst|winners?|losers?|"
    r"composite|overall rating|1st|2nd|3rd)\b",
    re.IGNORECASE,
)
