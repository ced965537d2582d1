"""Strict, safe reading of framework definition YAML.

Definitions are written by hand and read by a server, so the reader accepts plain
mappings, lists and scalars only: no tags, anchors or aliases (nothing that can run
code or expand into a huge document), no repeated keys, and no file over the size
limit. Every value keeps the line it came from, so a problem can point at it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from outcomes.frameworks.errors import FrameworkDefinitionError, Problem

MAX_FILE_BYTES = 256 * 1024
# Values nested deeper than this are refused as they are read: a definition needs a few
# levels, and a file nested hundreds deep would exhaust Python's recursion limit.
MAX_DEPTH = 50

# Where a value sits in a document: mapping keys and list positions from the top.
DocumentPath = tuple[str | int, ...]


@dataclass(frozen=True)
class ParsedDocument:
    """The data of one file, with the line of each value in it."""

    source: str
    data: Any
    lines: Mapping[DocumentPath, int]

    def line_of(self, path: DocumentPath) -> int | None:
        """The line of the value at path, or of the nearest value that contains it."""
        for end in range(len(path), -1, -1):
            if path[:end] in self.lines:
                return self.lines[path[:end]]
        return None

    def item_of(self, path: DocumentPath) -> str | None:
        """The id of the item that path points into, if it has one."""
        if len(path) < 2 or path[0] != "items" or not isinstance(path[1], int):
            return None
        items = self.data.get("items") if isinstance(self.data, dict) else None
        item = items[path[1]] if isinstance(items, list) and path[1] < len(items) else None
        item_id = item.get("id") if isinstance(item, dict) else None
        return item_id if isinstance(item_id, str) else None

    def problem(self, path: DocumentPath, message: str) -> Problem:
        return Problem(self.source, self.line_of(path), self.item_of(path), message)


_STANDARD_TAGS = "tag:yaml.org,2002:"


class _StrictLoader(yaml.SafeLoader):
    """Builds the node tree, noting every tag, anchor and alias it meets as a problem.

    Scalars resolve as in YAML 1.2: only true/false are booleans and there are no
    dates, so `no` stays text and `released: 2025-04-01` is validated as text.
    """

    def __init__(self, text: str, source: str) -> None:
        super().__init__(text)
        self.source = source
        self.problems: list[Problem] = []
        self.depth = 0

    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        event = self.peek_event()  # type: ignore[no-untyped-call]  # untyped in types-PyYAML
        line = event.start_mark.line + 1
        if isinstance(event, yaml.AliasEvent):
            self._refuse(line, f"'*{event.anchor}' repeats another part of the file (an alias)")
        elif event.anchor is not None:
            self._refuse(line, f"'&{event.anchor}' marks part of the file for reuse (an anchor)")
        tag = getattr(event, "tag", None)
        if tag is not None:
            what = f"'{tag.replace(_STANDARD_TAGS, '!!')}' is a YAML tag"
            self._refuse(line, what, "Remove it and write the value plainly.")
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                message = (
                    f"Values are nested more than {MAX_DEPTH} levels deep here, far deeper "
                    "than a definition needs. Check the indentation and the brackets."
                )
                raise FrameworkDefinitionError([Problem(self.source, line, None, message)])
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1

    def _refuse(self, line: int, what: str, advice: str = "Write the value out in full.") -> None:
        message = f"{what}, which definition files may not use. {advice}"
        self.problems.append(Problem(self.source, line, None, message))


# Only these implicit resolvers, not SafeLoader's YAML 1.1 ones.
_StrictLoader.yaml_implicit_resolvers = {}
for _tag, _pattern, _first in [
    ("null", r"~|null|Null|NULL|", ["~", "n", "N", ""]),
    ("bool", r"true|True|TRUE|false|False|FALSE", list("tTfF")),
    ("int", r"[-+]?[0-9]+", list("-+0123456789")),
    ("float", r"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?", list("-+0123456789.")),
]:
    _StrictLoader.add_implicit_resolver(
        f"{_STANDARD_TAGS}{_tag}", re.compile(rf"(?:{_pattern})\Z"), _first
    )


def read_yaml(path: Path) -> ParsedDocument:
    """Read a definition file, refusing one that is too large before reading it."""
    source = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise FrameworkDefinitionError([_too_large(source, size)])
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise FrameworkDefinitionError(
            [Problem(source, None, None, "There is no such file. Check the path.")]
        ) from None
    except UnicodeDecodeError:
        message = "The file is not UTF-8 text. Save it again as UTF-8."
        raise FrameworkDefinitionError([Problem(source, None, None, message)]) from None
    return parse_yaml(text, source)


def parse_yaml(text: str, source: str) -> ParsedDocument:
    """Parse definition text into plain data (dicts with text keys, lists, scalars)."""
    size = len(text.encode("utf-8"))
    if size > MAX_FILE_BYTES:
        raise FrameworkDefinitionError([_too_large(source, size)])
    try:
        loader = _StrictLoader(text, source)
        node = loader.get_single_node()
        loader.dispose()
    except yaml.YAMLError as error:
        raise FrameworkDefinitionError([_malformed(error, text, source)]) from None
    if loader.problems:
        raise FrameworkDefinitionError(loader.problems)
    if node is None:
        message = "The file is empty. Start from the example in frameworks/README.md."
        raise FrameworkDefinitionError([Problem(source, None, None, message)])
    lines: dict[DocumentPath, int] = {(): node.start_mark.line + 1}
    problems: list[Problem] = []
    data = _to_data(node, (), lines, problems, source)
    if problems:
        raise FrameworkDefinitionError(problems)
    return ParsedDocument(source, data, lines)


def _to_data(
    node: Node,
    path: DocumentPath,
    lines: dict[DocumentPath, int],
    problems: list[Problem],
    source: str,
) -> Any:
    if isinstance(node, ScalarNode):
        return _scalar(node)
    if isinstance(node, SequenceNode):
        values = []
        for index, child in enumerate(node.value):
            lines[(*path, index)] = child.start_mark.line + 1
            values.append(_to_data(child, (*path, index), lines, problems, source))
        return values
    assert isinstance(node, MappingNode)
    mapping: dict[str, Any] = {}
    for key_node, value_node in node.value:
        line = key_node.start_mark.line + 1
        if not isinstance(key_node, ScalarNode):
            message = "A name before a ':' must be a single word or number, not a list or block."
            problems.append(Problem(source, line, None, message))
            continue
        # Keys stay as written, so `1:` under descriptors is the text "1", as in JSON.
        key = key_node.value
        child_path = (*path, key)
        if key in mapping:
            problems.append(
                Problem(
                    source,
                    line,
                    None,
                    f"'{key}' appears twice in the same block (lines {lines[child_path]} and "
                    f"{line}). Keep one of them.",
                )
            )
            continue
        lines[child_path] = line
        mapping[key] = _to_data(value_node, child_path, lines, problems, source)
    return mapping


def _scalar(node: ScalarNode) -> Any:
    kind = node.tag.rsplit(":", 1)[-1]
    if kind == "null":
        return None
    if kind == "bool":
        return node.value.lower() == "true"
    if kind == "int":
        return int(node.value)
    if kind == "float":
        return float(node.value)
    return node.value


def _too_large(source: str, size: int) -> Problem:
    return Problem(
        source,
        None,
        None,
        f"The file is {size:,} bytes, more than the {MAX_FILE_BYTES:,} bytes "
        f"({MAX_FILE_BYTES // 1024} KiB) a definition may be. Check that this is the right "
        "file, or shorten its help text.",
    )


def _malformed(error: yaml.YAMLError, text: str, source: str) -> Problem:
    line: int | None = None
    if isinstance(error, yaml.MarkedYAMLError):
        what = " ".join(part for part in (error.context, error.problem) if part)
        if error.problem_mark is not None:
            line = error.problem_mark.line + 1
    elif isinstance(error, yaml.reader.ReaderError):
        what = f"character {error.character:#x} cannot be used in a YAML file"
        line = text.count("\n", 0, error.position) + 1
    else:
        what = str(error)
    return Problem(
        source,
        line,
        None,
        f"This is not valid YAML ({what}). Check the indentation of this line and the one "
        "before it, and put text containing ':' or '#' in quotes.",
    )
