"""What a comparison report covers: a review scope, a target version and two filters."""

from __future__ import annotations

from dataclasses import dataclass

from outcomes.scope import ReviewScope


@dataclass(frozen=True)
class ReportSpec:
    """``scope.versions`` is ignored: the target version decides which answers count,
    and answers on other versions come in only through declared lineage."""

    scope: ReviewScope
    version: str | None = None  # None: the latest published version
    focus_place: str | None = None  # ONS code: change over time for this place as well
    barrier: str | None = None  # show only the asks that cite this barrier

    def as_dict(self) -> dict[str, object]:
        scope = self.scope.as_dict()
        scope.pop("versions", None)
        return {
            **scope,
            "version": self.version,
            "focus_place": self.focus_place,
            "barrier": self.barrier,
        }
