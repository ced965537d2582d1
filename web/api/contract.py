"""The published contract, held on every request. Query and header parameters and JSON
bodies are checked against the declarations of the OpenAPI document itself, so that what
the document promises and what the API accepts cannot drift apart; a body must be JSON
where the document says so; and no text may hold what no database can store."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from functools import cache
from typing import Any

from flask import request
from jsonschema import Draft202012Validator, FormatChecker, ValidationError
from werkzeug.exceptions import UnsupportedMediaType

from outcomes.errors import InvalidInput
from web.api import bp
from web.api.openapi import MAX_BODY_BYTES, PATHS, SCHEMAS

# /api/v1/reviews/<int(min=1, max=2147483647):review_id> is /reviews/{review_id}.
_CONVERTER = re.compile(r"<(?:[^<>:]+:)?([^<>:]+)>")
_WHOLE_NUMBER = re.compile(r"-?[0-9]{1,18}")
_BOOLEANS = {"true": True, "false": False}
_FORMATS = FormatChecker(["date"])
_TYPES = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "object": "an object",
    "array": "a list",
    "null": "null",
}


class InvalidParameters(InvalidInput):
    """Input that breaks its published declaration: a message for each field at fault."""

    def __init__(self, errors: dict[str, str]) -> None:
        first = next(iter(errors))
        super().__init__(errors[first], field=first)
        self.errors = errors


def document_path(rule: str) -> str:
    return _CONVERTER.sub(r"{\1}", rule.removeprefix(bp.url_prefix or ""))


@cache
def declared(path: str, method: str) -> dict[str, Any]:
    """The operation the document declares for a route, or an empty one."""
    return PATHS.get(path, {}).get("get" if method == "head" else method, {})


@bp.before_request
def _limit_the_body() -> None:
    # The pages keep the app's larger limit, for files.
    request.max_content_length = MAX_BODY_BYTES


@bp.before_request
def _hold_to_the_contract() -> None:
    if request.url_rule is None:
        return
    operation = declared(document_path(request.url_rule.rule), request.method.lower())
    parameters = operation.get("parameters", [])
    # Only the operations the document declares: the document itself and its page are not
    # in it, and take a cache-breaking ?v= like any file.
    errors = dict(_unknown_parameters(parameters)) if operation else {}
    errors |= dict(_parameter_errors(parameters))
    if not errors and "requestBody" in operation:
        if not request.is_json:
            raise UnsupportedMediaType(
                "Send the body as JSON, with Content-Type: application/json."
            )
        body = request.get_json(silent=True)
        if body is None:
            raise InvalidInput(_unreadable_body(), "body")
        schema = operation["requestBody"]["content"]["application/json"]["schema"]
        errors = dict(_unstorable("body", body)) or dict(_body_errors(schema, body))
    if errors:
        raise InvalidParameters(errors)


def _unreadable_body() -> str:
    """What is wrong with a body sent as JSON that gives nothing: where it stops being
    JSON (the parser's own words: a line and column, never the body itself), or that it is
    null."""
    try:
        json.loads(request.get_data(cache=True))
    except ValueError as error:  # not JSON, or not UTF-8
        return f"The body is not valid JSON ({error}): send one JSON object"
    return "Send one JSON object as the body, not null"


def _unknown_parameters(parameters: list[dict[str, Any]]) -> Iterator[tuple[str, str]]:
    """A query parameter the operation does not take is refused, never ignored: a mistyped
    filter (place= for places=) would otherwise answer for everything, and be read as
    filtered."""
    known = sorted(p["name"] for p in parameters if p["in"] == "query")
    for name in dict.fromkeys(request.args):
        if name not in known:
            takes = f"It takes {', '.join(known)}." if known else "It takes none."
            yield name, f"This address takes no parameter {name!r}. {takes}"


def _parameter_errors(parameters: list[dict[str, Any]]) -> Iterator[tuple[str, str]]:
    for name, value in request.args.items(multi=True):
        problem = _text_problem(name, value)
        if problem is not None:
            yield name, problem
    for declaration in parameters:
        name = declaration["name"]
        if declaration["in"] == "query":
            values = request.args.getlist(name)
        elif declaration["in"] == "header":
            values = request.headers.getlist(name)
        else:  # path parameters are the routes' converters
            continue
        if declaration.get("required") and not values:
            yield name, f"{name} is required"
        problem = next(
            filter(None, (_breaks(name, declaration["schema"], v) for v in values)), None
        )
        if problem is not None:
            yield name, problem


def _breaks(name: str, schema: dict[str, Any], raw: str) -> str | None:
    """What is wrong with a parameter's text, read as its declared type, or None."""
    value: object = raw
    if schema.get("type") == "integer":
        if not _WHOLE_NUMBER.fullmatch(raw):
            return _message(name, "type", schema)
        value = int(raw)
    elif schema.get("type") == "boolean":
        if raw not in _BOOLEANS:
            return _message(name, "type", schema)
        value = _BOOLEANS[raw]
    error = next(_validator(schema).iter_errors(value), None)
    return None if error is None else _message(name, str(error.validator), error.schema)


def _body_errors(schema: dict[str, Any], body: object) -> Iterator[tuple[str, str]]:
    for error in _validator({**schema, "components": {"schemas": SCHEMAS}}).iter_errors(body):
        yield _field(error)


def _field(error: ValidationError) -> tuple[str, str]:
    path = ".".join(str(part) for part in error.absolute_path)
    schema = error.schema if isinstance(error.schema, dict) else {}
    if error.validator == "required":
        missing = [n for n in schema.get("required", []) if n not in (error.instance or {})]
        name = ".".join(filter(None, [path, missing[0] if missing else ""]))
        return name, f"{name} is required"
    if error.validator == "additionalProperties":
        allowed = schema.get("properties", {})
        extra = [str(n) for n in error.instance if n not in allowed][:1] or [""]
        name = ".".join(filter(None, [path, extra[0]]))
        return name, f"{name} is not a field of this request: see the API reference"
    name = path or "body"
    return name, _message(name, str(error.validator), schema)


def _message(name: str, keyword: str, schema: dict[str, Any]) -> str:
    kind = schema.get("type")
    if kind == "integer" and "minimum" in schema and "maximum" in schema:
        return f"{name} must be a whole number from {schema['minimum']} to {schema['maximum']}"
    if keyword == "type":
        kinds = kind if isinstance(kind, list) else [kind]
        return f"{name} must be {' or '.join(_TYPES.get(str(k), str(k)) for k in kinds)}"
    if keyword == "enum":
        return f"{name} must be one of: {', '.join(map(str, schema['enum']))}"
    if keyword == "format":
        return f"{name} must be a date written 2025-04-01"
    if keyword == "maxLength":
        return f"{name} must be at most {schema['maxLength']:,} characters long"
    if keyword == "minLength":
        return f"{name} must be at least {schema['minLength']:,} characters long"
    if keyword == "pattern" and "description" in schema:
        return f"{name} must be {schema['description']}"
    return f"{name} is not as the API reference describes"


def _text_problem(name: str, value: str) -> str | None:
    """Text no database stores: the NUL character, and halves of surrogate pairs."""
    if "\x00" in value:
        return f"{name} must not contain the NUL character"
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return f"{name} must be Unicode text (it holds half of a surrogate pair)"
    return None


def _unstorable(where: str, value: object) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        problem = _text_problem(where, value)
        if problem is not None:
            yield where, problem
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _unstorable(where, key)
            yield from _unstorable(f"{where}.{key}", item)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _unstorable(f"{where}.{index}", item)


def _validator(schema: dict[str, Any]) -> Draft202012Validator:
    return Draft202012Validator(schema, format_checker=_FORMATS)
