"""Framework definitions: reading, checking and comparing versioned YAML files.

Pure domain logic, with no database or web code; persistence and commands build on
the names exported here.
"""

from __future__ import annotations

from outcomes.frameworks.changes import (
    ChangeClass,
    ItemChange,
    Replacement,
    VersionDiff,
    check_version_bump,
    compare,
    required_version,
)
from outcomes.frameworks.definition import (
    Barrier,
    BarriersItem,
    ChoiceItem,
    Domain,
    Extends,
    FrameworkDefinition,
    Heading,
    Item,
    Level,
    NumberItem,
    Option,
    Principle,
    RubricItem,
    Scale,
    TextItem,
    canonical_json,
    canonical_sha256,
)
from outcomes.frameworks.errors import FrameworkDefinitionError, Problem
from outcomes.frameworks.loading import (
    load_definition,
    load_directory,
    load_extension,
    load_paths,
    parse_definition,
    parse_extension,
)
from outcomes.frameworks.semver import Version

__all__ = [
    "Barrier",
    "BarriersItem",
    "ChangeClass",
    "ChoiceItem",
    "Domain",
    "Extends",
    "FrameworkDefinition",
    "FrameworkDefinitionError",
    "Heading",
    "Item",
    "ItemChange",
    "Level",
    "NumberItem",
    "Option",
    "Principle",
    "Problem",
    "Replacement",
    "RubricItem",
    "Scale",
    "TextItem",
    "Version",
    "VersionDiff",
    "canonical_json",
    "canonical_sha256",
    "check_version_bump",
    "compare",
    "load_definition",
    "load_directory",
    "load_extension",
    "load_paths",
    "parse_definition",
    "parse_extension",
    "required_version",
]
