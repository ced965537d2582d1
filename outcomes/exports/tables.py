"""The tables of an export: their fields, types, keys and descriptions.

This is the export's own data dictionary. Every format is written from it: the Table
Schema in ``datapackage.json``, the Parquet column types, the XLSX About sheet.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

FieldType = Literal["string", "integer", "number", "boolean", "date", "datetime"]


@dataclass(frozen=True)
class Field:
    name: str
    type: FieldType
    description: str
    required: bool = False
    # Text a person wrote or named (as opposed to an id, code or fixed value, which
    # can never start with a formula character): neutralised for spreadsheets.
    free_text: bool = False


@dataclass(frozen=True)
class ForeignKey:
    fields: tuple[str, ...]
    resource: str
    reference: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    description: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...] = ()

    @property
    def field_names(self) -> list[str]:
        return [field.name for field in self.fields]


def _id(name: str, description: str, type: FieldType = "integer") -> Field:
    return Field(name, type, description, required=True)


_REVISION_KEY = (
    _id("review_id", "The review's id in Outcomes."),
    _id("revision_number", "The revision of the review: 1 for the first, then one per amendment."),
)
_REVISION = ("review_id", "revision_number")
_OF_REVIEW = ForeignKey(_REVISION, "reviews", _REVISION)

PLACES = Table(
    "places",
    "Places",
    "Every place with a review in the export, and the place it is now part of.",
    (
        _id("place_code", "ONS code of the place.", "string"),
        Field("name", "string", "Name of the place.", required=True, free_text=True),
        Field("kind", "string", "Kind of place, such as metropolitan_district or county."),
        Field("parent_code", "string", "ONS code of the place it sits within, if any."),
        Field("superseded_by_code", "string", "ONS code that replaced this one, if any."),
        Field("valid_from", "date", "First day the code was in use, where known."),
        Field("valid_to", "date", "Last day the code was in use, where known."),
    ),
    ("place_code",),
)

SERVICES = Table(
    "services",
    "Services",
    "Every service with a review in the export.",
    (
        _id("service_id", "The service's id in Outcomes."),
        Field("place_code", "string", "ONS code of the place.", required=True),
        Field("name", "string", "Name of the service.", required=True, free_text=True),
        Field("service_area", "string", "Service area id, such as early_help.", required=True),
        Field("service_area_label", "string", "Service area as people read it.", free_text=True),
        Field("partners", "string", "Partners who deliver it, separated by ';'.", free_text=True),
    ),
    ("service_id",),
    (ForeignKey(("place_code",), "places", ("place_code",)),),
)

ITEMS = Table(
    "items",
    "Items (data dictionary of the framework versions)",
    "Every item of every framework version (and local extension) the reviews answered.",
    (
        _id("framework", "Slug of the framework or local extension.", "string"),
        _id("framework_version", "Version of the framework.", "string"),
        _id("item_id", "Id of the item: the same across versions while its meaning is.", "string"),
        Field("position", "integer", "Order of the item in the form.", required=True),
        Field("kind", "string", "rubric, text, number, choice, multichoice or barriers."),
        Field("section", "string", "Where the item sits in the review form."),
        Field("label", "string", "The prompt as the form shows it.", free_text=True),
        Field("principle", "string", "Id of the principle a rubric or evidence item is about."),
        Field("domain", "string", "Id of the outcome domain a measure belongs to."),
        Field("required", "boolean", "Whether a review must answer it."),
        Field(
            "counts_people",
            "boolean",
            "Whether it counts people, so that small counts are withheld.",
        ),
        Field("consent", "boolean", "Whether its text is shared under a consent choice."),
        Field("unit", "string", "Unit of a number item.", free_text=True),
        Field("scale", "string", "Id of the rubric scale."),
        Field(
            "scale_levels",
            "string",
            "Levels of the rubric scale as value=label, lowest first, separated by ';'.",
            free_text=True,
        ),
        Field(
            "options",
            "string",
            "Options of a choice item as id=label, separated by ';'.",
            free_text=True,
        ),
        Field(
            "replaces",
            "string",
            "Ids of the previous version's items this item replaces, separated by ';'.",
        ),
        Field(
            "crosswalk",
            "string",
            "For a replaced rubric item, which new level each old level counts as, "
            "as JSON: {old item id: {old level: new level}}.",
        ),
    ),
    ("framework", "framework_version", "item_id"),
)

REVIEWS = Table(
    "reviews",
    "Reviews",
    "One row per review revision: the first submission, then one per amendment.",
    (
        *_REVISION_KEY,
        Field(
            "place_code",
            "string",
            "ONS code of the place the review was filed under, as it was for the period.",
            required=True,
        ),
        Field(
            "current_place_code",
            "string",
            "ONS code of that place today: the same code, or the place that replaced it "
            "(E08000020 became E08000037; Harrogate E07000165 is now North Yorkshire "
            "E06000065). Group by it to follow a place over time.",
            required=True,
        ),
        Field("service_id", "integer", "The service that filed the review.", required=True),
        Field("period_start", "date", "First day of the period reviewed.", required=True),
        Field("period_end", "date", "Last day of the period reviewed.", required=True),
        Field("framework", "string", "Slug of the framework answered.", required=True),
        Field("framework_version", "string", "Version of the framework answered.", required=True),
        Field("extension", "string", "Slug of the place's local extension, if any."),
        Field("extension_version", "string", "Version of the local extension, if any."),
        Field("status", "string", "submitted, or draft for a revision not yet submitted."),
        Field("created_at", "datetime", "When the revision was started (UTC).", required=True),
        Field("submitted_at", "datetime", "When the revision was submitted (UTC)."),
        Field("acknowledged_at", "datetime", "When a regulator acknowledged it (UTC)."),
        Field(
            "amendment_reason",
            "string",
            "Why this revision amends the one before it.",
            free_text=True,
        ),
    ),
    ("review_id", "revision_number"),
    (
        ForeignKey(("place_code",), "places", ("place_code",)),
        ForeignKey(("current_place_code",), "places", ("place_code",)),
        ForeignKey(("service_id",), "services", ("service_id",)),
    ),
)

ANSWERS = Table(
    "answers",
    "Answers",
    "One row per answer, in long form. Exactly one value column is used, by the kind.",
    (
        *_REVISION_KEY,
        _id("item_id", "Id of the item answered (see items).", "string"),
        Field("kind", "string", "Kind of the item."),
        Field("value_text", "string", "Answer to a text item.", free_text=True),
        Field("value_number", "number", "Answer to a number item."),
        Field("value_level", "integer", "Level chosen on a rubric item's scale."),
        Field("value_choices", "string", "Option ids chosen, separated by ';'."),
        Field("consent_scope", "string", "Who the writer agreed may read a text answer."),
        Field(
            "withheld",
            "string",
            "Why the value is withheld, if it is: suppressed, not shared or redacted.",
        ),
    ),
    ("review_id", "revision_number", "item_id"),
    (_OF_REVIEW,),
)

BARRIER_CITATIONS = Table(
    "barrier_citations",
    "National barriers cited",
    "Each national barrier a review cites, with what the service asks of government.",
    (
        *_REVISION_KEY,
        _id("item_id", "Id of the barriers item.", "string"),
        _id("barrier_id", "Id of the barrier in the framework version.", "string"),
        Field("barrier_title", "string", "Title of the barrier.", free_text=True),
        Field("ask", "string", "What the service asks of central government.", free_text=True),
        Field("consent_scope", "string", "Who the service agreed may read the ask."),
        Field("withheld", "string", "Why the ask is withheld, if it is: not shared or redacted."),
    ),
    ("review_id", "revision_number", "item_id", "barrier_id"),
    (_OF_REVIEW,),
)

FEEDBACK = Table(
    "feedback",
    "Feedback",
    "Regulators' feedback on the exported revisions, and replies to it.",
    (
        _id("feedback_id", "The feedback's id in Outcomes."),
        *_REVISION_KEY,
        Field("reply_to", "integer", "Id of the feedback this replies to, if any."),
        Field("author_role", "string", "Role of the person who wrote it."),
        Field("body", "string", "The feedback.", free_text=True),
        Field("created_at", "datetime", "When it was written (UTC).", required=True),
    ),
    ("feedback_id",),
    (_OF_REVIEW,),
)


# The tables every export has; outcomes.exports.operations adds the national tables.
REVIEW_TABLES = (PLACES, SERVICES, ITEMS, REVIEWS, ANSWERS, BARRIER_CITATIONS)
