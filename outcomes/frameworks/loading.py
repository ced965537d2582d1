"""Reading definitions: one file or text, or a whole folder of frameworks.

Checks run in three stages, each reporting every problem it finds: the YAML itself,
then the shape (schema.json), then the rules. A later stage runs only on a file that
passed the earlier ones, since its checks rely on the shape being right.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from outcomes.frameworks.changes import check_version_bump, compare, previous_release
from outcomes.frameworks.definition import FrameworkDefinition, definition_from_data
from outcomes.frameworks.errors import FrameworkDefinitionError, Problem
from outcomes.frameworks.parsing import ParsedDocument, parse_yaml, read_yaml
from outcomes.frameworks.rules import rule_problems
from outcomes.frameworks.schema import schema_problems
from outcomes.frameworks.semver import Version


def parse_definition(
    text: str, source: str, *, predecessor: FrameworkDefinition | None = None
) -> FrameworkDefinition:
    """Check and build a core definition from YAML (or JSON) text.

    source names the text in messages. predecessor, the version before this one,
    lets `replaces` and crosswalks be checked against it.
    """
    return _definition(parse_yaml(text, source), predecessor=predecessor)


def load_definition(
    path: Path, *, predecessor: FrameworkDefinition | None = None
) -> FrameworkDefinition:
    """Check and build a core definition from its file, which must sit at
    `<slug>/<version>.yaml`."""
    return _definition(read_yaml(path), path=path, predecessor=predecessor)


def parse_extension(
    text: str,
    source: str,
    core: FrameworkDefinition,
    *,
    predecessor: FrameworkDefinition | None = None,
) -> FrameworkDefinition:
    """Check and build a place's local extension of the core version it names."""
    return _definition(parse_yaml(text, source), predecessor=predecessor, core=core)


def load_extension(
    path: Path, core: FrameworkDefinition, *, predecessor: FrameworkDefinition | None = None
) -> FrameworkDefinition:
    """Check and build a local extension from its file, against its core version."""
    return _definition(read_yaml(path), path=path, predecessor=predecessor, core=core)


def load_directory(
    root: Path, *, earlier: Mapping[str, Sequence[FrameworkDefinition]] | None = None
) -> dict[str, tuple[FrameworkDefinition, ...]]:
    """Load every framework under root (`<root>/<slug>/<version>.yaml`), oldest first.

    Each version is checked against the one before it, both its `replaces` and whether
    its number honestly describes the change; each local extension (a folder whose
    name contains '--') is checked against the core version it extends. Problems in
    every file are gathered into one error. earlier holds versions already known (for
    example, stored), by slug, oldest first: the first file of a series follows them.
    """
    problems: list[Problem] = []
    folders = {
        folder: _versions(folder, problems)
        for folder in sorted(f for f in root.iterdir() if f.is_dir())
    }
    return _load(folders, problems, earlier or {})


def load_paths(
    paths: Iterable[Path], *, earlier: Mapping[str, Sequence[FrameworkDefinition]] | None = None
) -> dict[str, tuple[FrameworkDefinition, ...]]:
    """Load the frameworks at paths: definition files, framework folders, or folders of them.

    A file is checked against the files before it in its folder that are also named,
    and otherwise against earlier, the versions already known by slug.
    """
    problems: list[Problem] = []
    folders: dict[Path, list[Path]] = {}
    for path in paths:
        if path.is_file():
            folders.setdefault(path.parent, []).append(path)
        elif path.is_dir() and any(child.is_dir() for child in path.iterdir()):
            for folder in sorted(f for f in path.iterdir() if f.is_dir()):
                folders[folder] = _versions(folder, problems)
        elif path.is_dir():
            folders[path] = _versions(path, problems)
        else:
            message = "There is no file or folder here. Check the path and try again."
            problems.append(Problem(str(path), None, None, message))
    ordered = {
        folder: sorted(set(files), key=lambda f: _version_of(f) or Version(0, 0, 0))
        for folder, files in folders.items()
    }
    return _load(ordered, problems, earlier or {})


def _load(
    folders: Mapping[Path, Sequence[Path]],
    problems: list[Problem],
    earlier: Mapping[str, Sequence[FrameworkDefinition]],
) -> dict[str, tuple[FrameworkDefinition, ...]]:
    loaded: dict[str, tuple[FrameworkDefinition, ...]] = {}
    known = dict(earlier)
    # Cores first, so that every extension can find the version it extends.
    for folder in sorted(folders, key=lambda folder: ("--" in folder.name, folder.name)):
        series: list[FrameworkDefinition] = []
        for path in folders[folder]:
            before = [*known.get(folder.name, ()), *series]
            version = _version_of(path)
            predecessor = previous_release(before, version) if version is not None else None
            try:
                if "--" in folder.name:
                    document = read_yaml(path)
                    core = _core_of(document, {**known, **loaded})
                    definition = _definition(
                        document, path=path, predecessor=predecessor, core=core
                    )
                else:
                    definition = load_definition(path, predecessor=predecessor)
                if predecessor is not None:
                    check_version_bump(predecessor, definition, compare(predecessor, definition))
            except FrameworkDefinitionError as error:
                problems += error.problems
                continue
            series.append(definition)
        loaded[folder.name] = tuple(series)
    if problems:
        raise FrameworkDefinitionError(problems)
    return loaded


def _version_of(path: Path) -> Version | None:
    try:
        return Version.parse(path.stem) if path.suffix == ".yaml" else None
    except ValueError:
        return None


def _definition(
    document: ParsedDocument,
    *,
    path: Path | None = None,
    predecessor: FrameworkDefinition | None = None,
    core: FrameworkDefinition | None = None,
) -> FrameworkDefinition:
    problems = schema_problems(document) or rule_problems(
        document, path=path, predecessor=predecessor, core=core
    )
    if problems:
        raise FrameworkDefinitionError(sorted(problems, key=lambda p: p.line or 0))
    return definition_from_data(document.data, document.source)


def _versions(folder: Path, problems: list[Problem]) -> list[Path]:
    """The definition files in a folder, in version order; misnamed files are problems."""
    versions: list[tuple[Version, Path]] = []
    for path in sorted(folder.iterdir()):
        version = _version_of(path)
        if version is None:
            message = (
                "Only definition files belong in a framework's folder, each named by its "
                "version, like 1.0.0.yaml. Rename or move this file."
            )
            problems.append(Problem(str(path), None, None, message))
        else:
            versions.append((version, path))
    return [path for _, path in sorted(versions)]


def _core_of(
    document: ParsedDocument, loaded: Mapping[str, Sequence[FrameworkDefinition]]
) -> FrameworkDefinition | None:
    """The core version an extension names, if it is among the loaded definitions.

    When it is not, the extension's own rules report it (and a malformed 'extends' is
    left to the schema).
    """
    extends = document.data.get("extends") if isinstance(document.data, dict) else None
    if not isinstance(extends, dict):
        return None
    for definition in loaded.get(str(extends.get("slug")), ()):
        if definition.version == extends.get("version"):
            return definition
    return None
