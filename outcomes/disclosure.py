"""Disclosure control: small counts of people are never shown or exported.

The rule is versioned, and every report and export states the version it applied, so
a reader months later knows exactly what was hidden and why.
"""

from __future__ import annotations

from dataclasses import dataclass

# The marker ONS uses for a value withheld to protect confidentiality.
SUPPRESSED = "[c]"


@dataclass(frozen=True)
class DisclosureRule:
    threshold: int = 5
    version: str = "small-counts-1"

    def is_suppressed(self, count: float | None) -> bool:
        """A count of people from 1 to threshold - 1 could identify someone; 0 cannot."""
        return count is not None and 0 < count < self.threshold

    def apply(self, count: float | None) -> float | None:
        """The count, or None where it must be withheld."""
        return None if self.is_suppressed(count) else count

    def describe(self) -> str:
        return (
            f"Counts of people from 1 to {self.threshold - 1} are withheld and shown as "
            f"{SUPPRESSED} (rule {self.version}, threshold {self.threshold})."
        )
