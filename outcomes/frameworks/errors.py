"""The one exception a framework definition raises, and the problems it carries."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from outcomes.errors import OutcomesError


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a definition file, said so that its author can fix it."""

    file: str
    line: int | None
    item: str | None
    message: str

    def __str__(self) -> str:
        where = [self.file]
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.item is not None:
            where.append(f"item '{self.item}'")
        return f"{', '.join(where)}: {self.message}"


class FrameworkDefinitionError(OutcomesError):
    """A definition that cannot be used, with every problem found in it (one a line)."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))
