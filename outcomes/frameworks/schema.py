"""Checking a definition's shape against schema.json, with problems in plain English."""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker, ValidationError

from outcomes.frameworks.errors import Problem
from outcomes.frameworks.parsing import DocumentPath, ParsedDocument

_TYPE_WORDS = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "array": "a list (lines starting with '- ')",
    "object": "a block of 'name: value' lines",
}

# What a missing key is for, so that the author knows what to write.
_HINTS = {
    "place": ", the ONS code of the place that publishes this extension, like E08000010",
    "principle": ", the id of the principle it is about",
    "scale": ", the id of the scale its answers use",
    "descriptors": ", saying what each level of the scale looks like for this item",
    "max_length": ", the most characters an answer may have",
    "ask_max_length": ", the most characters each ask of central government may have",
    "unit": ", what is counted, such as 'people' or 'weeks'",
    "options": ", the answers people can choose from",
}

# Said when a key is refused outright ({"not": {}}): the only such keys are the ones
# that separate a local extension from a core definition.
_EXTENSION_ONLY = (
    "'place' belongs only in a local extension, next to 'extends'. Remove it, or add "
    "'extends' naming the core framework and version this file adds to."
)
_CORE_ONLY = (
    "A local extension holds items only: remove '{key}' and use the {key} of the core "
    "version it extends."
)


@cache
def definition_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) that every definition file must match."""
    text = files("outcomes.frameworks").joinpath("schema.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


@cache
def _validator() -> Draft202012Validator:
    return Draft202012Validator(definition_schema(), format_checker=FormatChecker())


def schema_problems(document: ParsedDocument) -> list[Problem]:
    """Every way in which the document does not have the shape of a definition."""
    problems = []
    for error in _validator().iter_errors(document.data):
        path: DocumentPath = tuple(error.absolute_path)
        if error.validator in ("additionalProperties", "unevaluatedProperties"):
            # Point at the first unexpected key rather than at the block holding it.
            instance: dict[str, Any] = error.instance
            known = _known_keys(error.schema, instance)
            path += (next(key for key in instance if key not in known),)
        problems.append(document.problem(path, _message(error)))
    return problems


def _message(error: ValidationError) -> str:
    path: DocumentPath = tuple(error.absolute_path)
    name = _name(path)
    value: Any = error.instance
    rule: Any = error.validator_value
    match error.validator:
        case "required":
            missing = next(key for key in rule if key not in value)
            hint = _HINTS.get(missing, "")
            return f"{_what(path, value)} needs '{missing}'{hint}. Add it."
        case "additionalProperties" | "unevaluatedProperties":
            known = sorted(_known_keys(error.schema, value))  # type: ignore[arg-type]
            unknown = ", ".join(f"'{key}'" for key in value if key not in known)
            return (
                f"{_what(path, value)} cannot have {unknown}. Check the spelling, or remove it. "
                f"It can have: {', '.join(known)}."
            )
        case "type":
            expected = _TYPE_WORDS[rule]
            advice = " Put it in quotes." if rule == "string" else ""
            return f"{name} should be {expected}, but it is {_show(value)}.{advice}"
        case "enum":
            allowed = ", ".join(f"'{option}'" for option in rule)
            return f"{name} is {_show(value)}, which is not allowed. Use one of: {allowed}."
        case "pattern":
            return f"{_show(value)} cannot be used here. {error.schema['description']}"  # type: ignore[index]
        case "format":
            return f"{name} is {_show(value)}, which is not a date. Write it like 2025-04-01."
        case "minimum":
            return f"{name} is {value}, but it must be at least {rule}."
        case "minLength" | "minProperties":
            return f"{name} is empty. Fill it in, or remove it if it is optional."
        case "maxLength":
            return f"{name} is longer than {rule} characters. Shorten it."
        case "minItems":
            return f"{name} needs at least {rule} entries. Add more."
        case "uniqueItems":
            return f"{name} lists the same id more than once. List each id once."
        case "not":
            return _EXTENSION_ONLY if path == ("place",) else _CORE_ONLY.format(key=path[-1])
    return f"{name}: {error.message}."


def _known_keys(schema: dict[str, Any], instance: dict[str, Any]) -> set[str]:
    """The keys a mapping may have: its own properties and those of the branch it takes."""
    known = set(schema.get("properties", {}))
    branch = schema
    while "if" in branch:
        if _validator().evolve(schema=branch["if"]).is_valid(instance):
            return known | set(branch["then"].get("properties", {}))
        branch = branch.get("else", {})
    return known


def _what(path: DocumentPath, value: Any) -> str:
    """A name for the mapping at path, as a reader of the file would call it."""
    if not path:
        return "A framework definition"
    parent = path[-2] if len(path) > 1 and isinstance(path[-1], int) else None
    if parent == "items":
        kind = value.get("kind")
        return f"A '{kind}' item" if isinstance(kind, str) else "An item"
    singular = {
        "scales": "A scale",
        "levels": "A level",
        "principles": "A principle",
        "domains": "A domain",
        "barriers": "A barrier",
        "options": "An option",
    }
    return singular.get(str(parent), _name(path) if parent is None else "This entry")


def _name(path: DocumentPath) -> str:
    """The key the value at path was written under, for the start of a message."""
    keys = [part for part in path if isinstance(part, str)]
    return f"'{keys[-1]}'" if keys else "The file"


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "empty"
    if isinstance(value, str):
        return f"'{value}'"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a block of 'name: value' lines"
    return str(value)
