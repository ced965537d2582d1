"""Semantic version numbers: MAJOR.MINOR.PATCH with an optional pre-release label.

Build metadata (`+...`) is not accepted: versions name files, and a version that
differs only in build metadata would be a second file for the same version.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import total_ordering

_NUMBER = r"0|[1-9][0-9]*"
_IDENTIFIER = rf"(?:{_NUMBER}|[0-9]*[A-Za-z-][0-9A-Za-z-]*)"
_VERSION = re.compile(
    rf"(?P<major>{_NUMBER})\.(?P<minor>{_NUMBER})\.(?P<patch>{_NUMBER})"
    rf"(?:-(?P<prerelease>{_IDENTIFIER}(?:\.{_IDENTIFIER})*))?"
)


@total_ordering
@dataclass(frozen=True)
class Version:
    major: int
    minor: int
    patch: int
    prerelease: tuple[str, ...] = ()

    @classmethod
    def parse(cls, text: str) -> Version:
        """Read a version such as 1.2.0 or 2.0.0-rc.1; raise ValueError for anything else."""
        match = _VERSION.fullmatch(text)
        if match is None:
            raise ValueError(f"not a semantic version: {text!r}")
        prerelease = match["prerelease"]
        return cls(
            int(match["major"]),
            int(match["minor"]),
            int(match["patch"]),
            tuple(prerelease.split(".")) if prerelease else (),
        )

    def __str__(self) -> str:
        core = f"{self.major}.{self.minor}.{self.patch}"
        return f"{core}-{'.'.join(self.prerelease)}" if self.prerelease else core

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Version):
            return NotImplemented
        return self._precedence() < other._precedence()

    def _precedence(self) -> tuple[int, int, int, int, tuple[tuple[int, int, str], ...]]:
        # A release sorts after its pre-releases; within a pre-release label, numeric
        # identifiers sort numerically and before alphanumeric ones (semver.org, rule 11).
        return (
            self.major,
            self.minor,
            self.patch,
            0 if self.prerelease else 1,
            tuple(
                (0, int(part), "") if part.isdigit() else (1, 0, part) for part in self.prerelease
            ),
        )

    @property
    def release(self) -> Version:
        """The release this version is, or leads up to: itself without a pre-release label."""
        return Version(self.major, self.minor, self.patch)

    def next_major(self) -> Version:
        return Version(self.major + 1, 0, 0)

    def next_minor(self) -> Version:
        return Version(self.major, self.minor + 1, 0)

    def next_patch(self) -> Version:
        return Version(self.major, self.minor, self.patch + 1)
