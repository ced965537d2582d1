"""The OpenAPI 3.1 document: the API's contract. Responses are tested against it."""

from __future__ import annotations

from typing import Any

from outcomes import __version__
from outcomes.places.models import PlaceKind
from outcomes.reviews.listing import ListStatus
from outcomes.services.models import SERVICE_AREAS

JSON = "application/json"
PROBLEM = "application/problem+json"


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}]}


def obj(required: dict[str, Any], optional: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "type": "object",
        "required": list(required),
        "properties": {**required, **(optional or {})},
        "additionalProperties": False,
    }


def problem_response(description: str) -> dict[str, Any]:
    return {"description": description, "content": {PROBLEM: {"schema": ref("Problem")}}}


ERRORS = {
    "401": problem_response("No valid API token was sent."),
    "403": problem_response("The token's account or scope does not allow this."),
    "405": {
        **problem_response("This path does not take that method."),
        "headers": {
            "Allow": {
                "description": "The methods this path takes (RFC 9110)",
                "required": True,
                "schema": {"type": "string"},
            }
        },
    },
    "429": problem_response("Too many requests: wait a minute and try again."),
    "500": problem_response("Something went wrong on our side: quote the request_id."),
}


INVALID = {"422": problem_response("A parameter or field is not valid; `errors` names it.")}


def ok(schema: dict[str, Any], description: str = "OK") -> dict[str, Any]:
    return {"description": description, "content": {JSON: {"schema": schema}}}


def operation(
    summary: str,
    operation_id: str,
    tag: str,
    responses: dict[str, Any],
    *,
    parameters: list[dict[str, Any]] | None = None,
    body: dict[str, Any] | None = None,
) -> dict[str, Any]:
    op: dict[str, Any] = {
        "summary": summary,
        "operationId": operation_id,
        "tags": [tag],
        "responses": {**responses, **ERRORS},
    }
    if parameters:
        op["parameters"] = parameters
    if body is not None or any(p["in"] == "query" for p in parameters or []):
        op["responses"] |= INVALID
    if body is not None:
        op["requestBody"] = {"required": True, "content": {JSON: {"schema": body}}}
        op["responses"] |= UNSUPPORTED
    return op


UNSUPPORTED = {"415": problem_response("The body was not sent as application/json.")}


def path_param(name: str, schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {
        "name": name,
        "in": "path",
        "required": True,
        "schema": schema,
        "description": description,
    }


def query_param(name: str, schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "schema": schema,
        "description": description,
    }


# A pattern's description completes the sentence "<name> must be ..." in a 422 answer.
CODE = {
    "type": "string",
    "pattern": "^[A-Za-z][0-9]{8}$",
    "description": "an ONS code: a letter and eight digits, like E08000037",
}
ID = {"type": "integer", "minimum": 1, "maximum": 2_147_483_647}
SLUG = {
    "type": "string",
    "pattern": "^[a-z0-9-]+$",
    "maxLength": 100,
    "description": "a slug of small letters, digits and hyphens",
}
PAGING = [
    query_param(
        "page",
        {"type": "integer", "minimum": 1, "maximum": 1_000_000},
        "Page number, from 1; a page past the last has no items (total says how many there are)",
    ),
    query_param("page_size", {"type": "integer", "minimum": 1, "maximum": 200}, "Items a page"),
]
NOT_FOUND = {"404": problem_response("There is no such thing.")}


def paged(item: dict[str, Any]) -> dict[str, Any]:
    return obj(
        {
            "items": {"type": "array", "items": item},
            "page": {"type": "integer"},
            "page_size": {"type": "integer"},
            "total": {"type": "integer"},
        }
    )


SCHEMAS: dict[str, Any] = {
    "Problem": obj(
        {
            "type": {"type": "string"},
            "title": {"type": "string"},
            "status": {"type": "integer"},
            "detail": {"type": "string"},
            "request_id": {"type": "string"},
        },
        {
            "errors": {
                "type": "array",
                "items": obj({"field": {"type": "string"}, "message": {"type": "string"}}),
            },
            "current_version": {
                "type": "integer",
                "description": "On a 409 for a review changed since it was read: its "
                "version (ETag) now",
            },
        },
    ),
    "PlaceSummary": obj(
        {
            "code": {"type": "string"},
            "name": {"type": "string"},
            "kind": {"type": "string"},
            "current": {"type": "boolean"},
        }
    ),
    "PlaceDetail": obj(
        {
            "code": {"type": "string"},
            "name": {"type": "string"},
            "kind": {"type": "string"},
            "current": {"type": "boolean"},
            "parents": {"type": "array", "items": ref("PlaceSummary")},
            "children": {"type": "array", "items": ref("PlaceSummary")},
            "superseded_by": nullable(ref("PlaceSummary")),
            "predecessors": {"type": "array", "items": ref("PlaceSummary")},
        }
    ),
    "Service": obj(
        {
            "id": {"type": "integer"},
            "name": {"type": "string"},
            "place": ref("PlaceSummary"),
            "service_area": {"type": "string"},
            "partners": {"type": "array", "items": {"type": "string"}},
        }
    ),
    "FrameworkVersionSummary": obj(
        {
            "version": {"type": "string"},
            "status": {"type": "string", "enum": ["draft", "published", "retired"]},
            "released": {"type": "string", "format": "date"},
            "sha256": {"type": "string"},
            "change_class": nullable({"type": "string", "enum": ["patch", "minor", "major"]}),
        }
    ),
    "Framework": obj(
        {
            "slug": {"type": "string"},
            "title": {"type": "string"},
            "place": nullable({"type": "string"}),
            "versions": {"type": "array", "items": ref("FrameworkVersionSummary")},
        }
    ),
    "FrameworkVersion": obj(
        {
            "slug": {"type": "string"},
            "version": {"type": "string"},
            "status": {"type": "string"},
            "released": {"type": "string", "format": "date"},
            "sha256": {"type": "string"},
            "change_class": nullable({"type": "string"}),
            "definition": {
                "type": "object",
                "description": "The whole definition, in the shape of a definition file "
                "(see frameworks/README.md).",
            },
        }
    ),
}

DATE = {"type": "string", "format": "date"}
STAMP = nullable({"type": "string", "format": "date-time"})
REVIEW_ID = path_param("review_id", ID, "The review's id")
# A precondition (RFC 9110, 6585) rather than a required parameter: without it the answer is
# the documented 428, so that the document and the API agree on what a missing header means.
IF_MATCH = {
    "name": "If-Match",
    "in": "header",
    "required": False,
    "schema": {"type": "string", "maxLength": 20},
    "description": 'Precondition: the ETag from your last read of the review, like "3". '
    "Without it the answer is 428; if the review changed since, 409.",
}
CONFLICT = {
    "409": problem_response(
        "The review changed since you read it, or the action does not fit its state."
    )
}
ETAG = {
    "ETag": {
        "description": 'The review\'s version, like "3": send it back in If-Match to change it',
        "required": True,
        "schema": {"type": "string"},
    }
}
# Operations that act on one review and take what they need from an answer that shows it.
NEEDS_ETAG = {"updateReview", "submitReview"}


def review_links(pointer: str, *operation_ids: str) -> dict[str, Any]:
    """OpenAPI links from an answer that shows a review (its id at ``pointer``) to what can
    be done with it next, so that a client, or a stateful test, can walk a review's life."""
    links = {}
    for operation_id in operation_ids:
        parameters = {"path.review_id": f"$response.body#{pointer}"}
        if operation_id in NEEDS_ETAG:
            parameters["header.If-Match"] = "$response.header.ETag"
        links[operation_id] = {"operationId": operation_id, "parameters": parameters}
    return links


def review_ok(description: str, *operation_ids: str) -> dict[str, Any]:
    """A review with its ETag, and links to what can be done with it next."""
    links = review_links("/id", *operation_ids)
    return {**ok(ref("Review"), description), "headers": ETAG, "links": links}


PRECONDITION = {"428": problem_response("If-Match was not sent: read the review for its ETag.")}
# The largest body a request to the API may send: a review's every answer at its longest
# fits with room to spare.
MAX_BODY_BYTES = 2 * 1024 * 1024
TOO_LARGE = {"413": problem_response(f"The request body is larger than {MAX_BODY_BYTES >> 20} MB.")}

# Shared by the summary and full shapes of a review, and of feedback and its thread.
REVIEW_FIELDS = {
    "id": {"type": "integer"},
    "service": ref("Service"),
    "framework": {"type": "string"},
    "version": {"type": "string"},
    "extension_version": nullable({"type": "string"}),
    "period_start": DATE,
    "period_end": DATE,
    "status": {"type": "string", "enum": ["draft", "submitted"]},
    "current_revision": nullable({"type": "integer"}),
    "acknowledged": {"type": "boolean"},
    "version_tag": {"type": "integer", "description": "Also sent as the ETag"},
}
FEEDBACK_FIELDS = {
    "id": {"type": "integer"},
    "revision": {"type": "integer"},
    "author": {"type": "string"},
    "body": {"type": "string"},
    "created_at": {"type": "string", "format": "date-time"},
}

SCHEMAS |= {
    "AnswerValue": obj(
        {},
        {
            "text": {"type": "string"},
            "number": {"type": "number"},
            "level": {"type": "integer"},
            "choices": {"type": "array", "items": {"type": "string"}},
            "asks": {"type": "object", "additionalProperties": {"type": "string"}},
            "consent": nullable({"type": "string", "enum": ["place", "regulators", "public"]}),
            "personal_details": {"type": "boolean"},
            "withheld": {"type": "boolean", "description": "Consent does not reach you"},
        },
    ),
    "Revision": obj(
        {
            "number": {"type": "integer"},
            "reason": nullable({"type": "string"}),
            "submitted_at": STAMP,
            "acknowledged_at": STAMP,
            "answers": {"type": "object", "additionalProperties": ref("AnswerValue")},
        }
    ),
    "ReviewSummary": obj(REVIEW_FIELDS),
    "Review": obj(REVIEW_FIELDS | {"revisions": {"type": "array", "items": ref("Revision")}}),
    "NewReview": obj(
        {"service_id": ID, "framework": SLUG},
        {"period_start": DATE, "period_end": DATE},
    ),
    "AnswerInput": {
        **obj(
            {},
            {
                "value": nullable({"type": ["string", "number"]}),
                # What a review's answers read as may be sent back as it is (AnswerValue).
                "text": nullable(
                    {"type": "string", "description": "A text item's answer, as read"}
                ),
                "number": nullable({"type": "number", "description": "A number item's, as read"}),
                "level": nullable({"type": "integer", "description": "A rubric item's, as read"}),
                "choices": {
                    "type": "array",
                    "items": {"type": "string"},
                    "description": "A multichoice item's options; a barriers item's barriers "
                    "(each cited with no ask unless asks gives one)",
                },
                "asks": {
                    "type": "object",
                    "additionalProperties": nullable({"type": "string"}),
                    "description": "A barriers item's barriers, each with its ask of government",
                },
                "consent": nullable({"type": "string"}),
                "personal_details": {"type": "boolean"},
            },
        ),
        "description": 'One answer. Write it as value ({"value": 3}), or send it back as '
        'a review reads (AnswerValue: {"level": 3}, {"number": 12}, {"text": ...}, '
        '{"choices": [...]}, {"asks": {...}}). Give value, text, number or level once.',
    },
    "AnswerChanges": obj(
        {
            "answers": {"type": "object", "additionalProperties": nullable(ref("AnswerInput"))},
        }
    ),
    "Feedback": obj(FEEDBACK_FIELDS),
    "FeedbackThread": obj(
        FEEDBACK_FIELDS | {"replies": {"type": "array", "items": ref("Feedback")}}
    ),
    "NewFeedback": obj(
        {"body": {"type": "string", "minLength": 1, "maxLength": 5000}},
        {"reply_to": ID},
    ),
}

XLSX_MEDIA = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SCOPE_PARAMETERS = [
    {**query_param("framework", SLUG, "Framework slug"), "required": True},
    query_param("period_from", DATE, "Periods starting on or after"),
    query_param("period_to", DATE, "Periods ending on or before"),
    query_param("within", CODE, "Places within this region, combined authority or county"),
    query_param("kind", {"type": "string", "enum": [k.value for k in PlaceKind]}, "Kind of place"),
    query_param("places", {"type": "string", "maxLength": 500}, "Comma-separated ONS codes"),
    query_param("service_area", {"type": "string", "enum": list(SERVICE_AREAS)}, "Service area"),
]
SCHEMAS["Report"] = obj(
    {
        "context": {
            "type": "object",
            "description": "Parameters, versions used, what was mapped "
            "or withheld and why, numbers of reviews and services, places' notes",
        },
        "sections": {
            "type": "array",
            "items": obj(
                {
                    "section": {"type": "string"},
                    "title": {"type": "string"},
                    "tables": {
                        "type": "object",
                        "additionalProperties": obj(
                            {
                                "title": {"type": "string"},
                                "rows": {"type": "array", "items": {"type": "object"}},
                            },
                            {
                                "total": {
                                    "type": "integer",
                                    "description": "The asks table only: every ask you may "
                                    "read, of which rows holds the first (latest periods "
                                    "first) unless all_asks is asked for",
                                },
                                "complete": {"type": "boolean"},
                                "note": {"type": "string"},
                            },
                        ),
                    },
                }
            ),
        },
    }
)

PATHS: dict[str, Any] = {
    "/frameworks": {
        "get": operation(
            "Every framework with its versions",
            "listFrameworks",
            "Frameworks",
            {"200": ok(obj({"items": {"type": "array", "items": ref("Framework")}}))},
        )
    },
    "/frameworks/{slug}": {
        "get": operation(
            "One framework with its versions",
            "getFramework",
            "Frameworks",
            {"200": ok(ref("Framework")), **NOT_FOUND},
            parameters=[path_param("slug", SLUG, "The framework's slug")],
        )
    },
    "/frameworks/{slug}/versions/{version}": {
        "get": operation(
            "One version with its whole definition: principles, scales, items, barriers",
            "getFrameworkVersion",
            "Frameworks",
            {"200": ok(ref("FrameworkVersion")), **NOT_FOUND},
            parameters=[
                path_param("slug", SLUG, "The framework's slug"),
                path_param("version", {"type": "string", "maxLength": 40}, "e.g. 1.0.0"),
            ],
        )
    },
    "/places": {
        "get": operation(
            "Places, current ones first, a page at a time: every place, or with q those "
            "whose name contains it or whose ONS code starts with it",
            "findPlaces",
            "Places",
            {"200": ok(paged(ref("PlaceSummary")))},
            parameters=[
                query_param("q", {"type": "string", "maxLength": 100}, "Name or code"),
                *PAGING,
            ],
        )
    },
    "/places/{code}": {
        "get": operation(
            "A place with its parents, children and history of codes",
            "getPlace",
            "Places",
            {"200": ok(ref("PlaceDetail")), **NOT_FOUND},
            parameters=[path_param("code", CODE, "ONS code, e.g. E08000037")],
        )
    },
    "/services": {
        "get": operation(
            "Services, optionally of one place",
            "listServices",
            "Services",
            {"200": ok(paged(ref("Service"))), **NOT_FOUND},
            parameters=[query_param("place", CODE, "ONS code of the place"), *PAGING],
        )
    },
    "/services/{service_id}": {
        "get": operation(
            "One service",
            "getService",
            "Services",
            {"200": ok(ref("Service")), **NOT_FOUND},
            parameters=[path_param("service_id", ID, "Its id")],
        )
    },
    "/reviews": {
        "get": operation(
            "Reviews you may read, latest period first, with the report filters",
            "listReviews",
            "Reviews",
            {
                "200": {
                    **ok(paged(ref("ReviewSummary"))),
                    # The first review listed, to read and answer.
                    "links": review_links(
                        "/items/0/id", "getReview", "listFeedback", "addFeedback"
                    ),
                }
            },
            parameters=[
                query_param("framework", SLUG, "Framework slug"),
                query_param("version", {"type": "string", "maxLength": 40}, "e.g. 2.0.0"),
                query_param("within", CODE, "Places within this region, CA or county"),
                query_param(
                    "kind",
                    {"type": "string", "enum": [k.value for k in PlaceKind]},
                    "Kind of place",
                ),
                query_param(
                    "places", {"type": "string", "maxLength": 500}, "Comma-separated ONS codes"
                ),
                query_param(
                    "service_area", {"type": "string", "enum": list(SERVICE_AREAS)}, "Service area"
                ),
                query_param("period_from", DATE, "Periods starting on or after"),
                query_param("period_to", DATE, "Periods ending on or before"),
                query_param(
                    "status",
                    {"type": "string", "enum": [status.value for status in ListStatus]},
                    "Status",
                ),
                query_param("barrier", {"type": "string", "maxLength": 100}, "Barrier cited"),
                *PAGING,
            ],
        ),
        "post": operation(
            "Start a draft review of one of your place's services",
            "createReview",
            "Reviews",
            {
                "201": review_ok(
                    "Created: the draft, with its ETag",
                    "getReview",
                    "updateReview",
                    "submitReview",
                    "listFeedback",
                    "addFeedback",
                ),
                **NOT_FOUND,
                **CONFLICT,
                **TOO_LARGE,
            },
            body=ref("NewReview"),
        ),
    },
    "/reviews/{review_id}": {
        "get": operation(
            "A review with every revision's answers (text withheld where consent does not "
            "reach you)",
            "getReview",
            "Reviews",
            {
                "200": review_ok(
                    "The review, with its ETag",
                    "updateReview",
                    "submitReview",
                    "listFeedback",
                    "addFeedback",
                ),
                **NOT_FOUND,
            },
            parameters=[REVIEW_ID],
        ),
        "patch": operation(
            "Change some answers of a draft; answers you do not name keep their values",
            "updateReview",
            "Reviews",
            {
                "200": review_ok(
                    "Changed: the review, with its new ETag",
                    "getReview",
                    "updateReview",
                    "submitReview",
                ),
                **NOT_FOUND,
                **CONFLICT,
                **PRECONDITION,
                **TOO_LARGE,
            },
            parameters=[REVIEW_ID, IF_MATCH],
            body=ref("AnswerChanges"),
        ),
    },
    "/reviews/{review_id}/submit": {
        "post": operation(
            "Submit the draft (or the amendment in progress)",
            "submitReview",
            "Reviews",
            {
                "200": review_ok(
                    "Submitted: the review, with its new ETag",
                    "getReview",
                    "listFeedback",
                    "addFeedback",
                ),
                **NOT_FOUND,
                **CONFLICT,
                **INVALID,
                **PRECONDITION,
            },
            parameters=[REVIEW_ID, IF_MATCH],
        )
    },
    "/reviews/{review_id}/feedback": {
        "get": operation(
            "The feedback conversation on a review",
            "listFeedback",
            "Feedback",
            {
                "200": ok(obj({"items": {"type": "array", "items": ref("FeedbackThread")}})),
                **NOT_FOUND,
                **CONFLICT,
            },
            parameters=[REVIEW_ID],
        ),
        "post": operation(
            "Leave feedback (regulators) or reply to it (the place's service managers)",
            "addFeedback",
            "Feedback",
            {
                "201": ok(ref("Feedback"), "Created"),
                **NOT_FOUND,
                **CONFLICT,
                **TOO_LARGE,
            },
            parameters=[REVIEW_ID],
            body=ref("NewFeedback"),
        ),
    },
    "/reports": {
        "get": operation(
            "A cross-place comparison report as JSON: every section's tables and the context "
            "needed to read them (never a rank or a score)",
            "getReport",
            "Reports",
            {"200": ok(ref("Report")), **NOT_FOUND},
            parameters=[
                *SCOPE_PARAMETERS,
                query_param(
                    "version",
                    {"type": "string", "maxLength": 40},
                    "Target version (the latest published if left out)",
                ),
                query_param("focus_place", CODE, "Change over time for this place as well"),
                query_param(
                    "barrier",
                    {"type": "string", "maxLength": 100},
                    "Only the asks citing this barrier",
                ),
                query_param(
                    "all_asks",
                    {"type": "boolean"},
                    "Every ask you may read (the first 1,000, the latest periods first, if "
                    "left out; the asks table says how many there are in all)",
                ),
            ],
        )
    },
    "/exports": {
        "get": operation(
            "A dataset export as a file, recorded in the export log",
            "getExport",
            "Exports",
            {
                "200": {
                    "description": "The file",
                    "content": {
                        media: {"schema": {"type": "string", "format": "binary"}}
                        for media in ("application/zip", "application/json", XLSX_MEDIA)
                    },
                },
                **NOT_FOUND,
            },
            parameters=[
                *SCOPE_PARAMETERS,
                query_param(
                    "versions",
                    {"type": "string", "maxLength": 200},
                    "Comma-separated versions (all if left out)",
                ),
                query_param(
                    "format",
                    {"type": "string", "enum": ["datapackage", "xlsx", "parquet", "json"]},
                    "File format (a CSV data package if left out)",
                ),
                *[
                    query_param(flag, {"type": "boolean"}, text)
                    for flag, text in (
                        ("include_drafts", "Include drafts you may read"),
                        ("every_revision", "Every revision, not only the latest"),
                        ("include_feedback", "Include regulators' feedback"),
                        ("redact_text", "Replace all free text with a marker"),
                    )
                ],
            ],
        )
    },
}

# National asks and responses: read by regulators, inspectors, responders and
# administrators; responders add dated responses (never changed afterwards).
_DATE = {"type": "string", "format": "date"}
_BARRIER = {"type": "string", "pattern": "^[a-z0-9_]+$", "maxLength": 100}
_STATUSES = [
    "awaiting_response",
    "acknowledged",
    "under_consideration",
    "accepted",
    "not_accepted",
    "action_taken",
]
_NATIONAL_ASK = {
    "barrier": {"type": "string"},
    "barrier_title": {"type": "string"},
    "period_start": _DATE,
    "period_end": _DATE,
    "places": nullable({"type": "integer", "description": "null where withheld (small count)"}),
    "reviews": nullable({"type": "integer", "description": "null where withheld (small count)"}),
    "bodies": {
        "type": "array",
        "items": obj({"code": {"type": "string"}, "name": {"type": "string"}}),
    },
    "due_on": _DATE,
    "status": {"type": "string", "enum": _STATUSES},
    "days_overdue": {"type": "integer", "minimum": 0},
}
SCHEMAS["NationalAsk"] = obj(_NATIONAL_ASK)
SCHEMAS["NationalAskDetail"] = obj(
    {
        **_NATIONAL_ASK,
        "asks": {
            "type": "array",
            "items": obj(
                {
                    "place_code": {"type": "string"},
                    "place": {"type": "string"},
                    "service": {"type": "string"},
                    "ask": {"type": "string"},
                }
            ),
        },
    }
)
SCHEMAS["NationalResponse"] = obj(
    {
        "id": {"type": "integer"},
        "body": {"type": "string"},
        "body_name": {"type": "string"},
        "status": {"type": "string", "enum": _STATUSES[1:]},
        "responded_on": _DATE,
        "late": {"type": "boolean"},
        "statement": {"type": "string"},
        "what_will_change": nullable({"type": "string"}),
        "change_by": nullable(_DATE),
        "reasons": nullable({"type": "string"}),
        "evidence": nullable({"type": "string"}),
    }
)
SCHEMAS["NewNationalResponse"] = obj(
    {
        "status": {"type": "string", "enum": _STATUSES[1:]},
        "statement": {"type": "string", "minLength": 1, "maxLength": 5000},
    },
    {
        "body": {"type": "string", "maxLength": 40, "description": "Your body (the default)"},
        "responded_on": _DATE,
        "what_will_change": {"type": "string", "maxLength": 5000},
        "change_by": _DATE,
        "reasons": {"type": "string", "maxLength": 5000},
        "evidence": {"type": "string", "maxLength": 5000},
    },
)
_ASK_PARAMETERS = [
    path_param("barrier", _BARRIER, "The barrier's id in the framework"),
    path_param("period_start", _DATE, "First day of the period"),
    path_param("period_end", _DATE, "Last day of the period"),
]
_ASK_PATH = "/national-asks/{barrier}/{period_start}/{period_end}"
PATHS["/national-asks"] = {
    "get": operation(
        "Every national ask: overdue first, then the latest periods (never ranked by body)",
        "listNationalAsks",
        "National asks",
        {
            "200": ok(obj({"items": {"type": "array", "items": ref("NationalAsk")}})),
            **INVALID,
        },
        parameters=[
            query_param("body", {"type": "string", "maxLength": 40}, "Only asks to this body"),
            query_param("barrier", _BARRIER, "Only asks about this barrier"),
            query_param("status", {"type": "string", "enum": _STATUSES}, "Only this status"),
        ],
    )
}
PATHS[_ASK_PATH] = {
    "get": operation(
        "One national ask with the places' asks you may read",
        "getNationalAsk",
        "National asks",
        {"200": ok(ref("NationalAskDetail")), **NOT_FOUND, **INVALID},
        parameters=_ASK_PARAMETERS,
    )
}
PATHS[f"{_ASK_PATH}/responses"] = {
    "get": operation(
        "The dated responses to a national ask, oldest first",
        "listNationalResponses",
        "National asks",
        {
            "200": ok(obj({"items": {"type": "array", "items": ref("NationalResponse")}})),
            **NOT_FOUND,
            **INVALID,
        },
        parameters=_ASK_PARAMETERS,
    ),
    "post": operation(
        "Add your body's dated response (responders; administrators on a body's behalf)",
        "addNationalResponse",
        "National asks",
        {"201": ok(ref("NationalResponse"), "Created"), **NOT_FOUND, **INVALID, **TOO_LARGE},
        parameters=_ASK_PARAMETERS,
        body=ref("NewNationalResponse"),
    ),
}


def document() -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Outcomes API",
            "version": __version__,
            "description": (
                "Read frameworks, places, services and reviews, file reviews from your own "
                "systems, and pull reports and datasets. Send a personal API token (create one "
                "on your account page) as `Authorization: Bearer <token>`. Errors are RFC 9457 "
                "problem details. The same rules apply as on the web pages."
            ),
        },
        "servers": [{"url": "/api/v1"}],
        "security": [{"token": []}],
        "paths": PATHS,
        "components": {
            "schemas": SCHEMAS,
            "securitySchemes": {"token": {"type": "http", "scheme": "bearer"}},
        },
    }
