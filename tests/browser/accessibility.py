"""Accessibility checks run on every page a browser journey shows.

``Checker.watch(monkeypatch)`` checks the page before every click, key press or address a
journey sends (the actions that can leave a page), and the fixture checks once more at the
end of the test, so every state a journey reaches is checked without the journeys asking:
axe-core over WCAG 2.0, 2.1 and 2.2 A and AA; the links of a GOV.UK error summary, each
of which must lead to a field the keyboard can reach; and descriptions (aria-describedby)
that exist and have words.

axe-core is the npm package in ``node_modules`` (``make install``), added to the page by
Playwright as a script tag, for which the test browser context bypasses the app's
Content-Security-Policy.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import pytest
from playwright.sync_api import Error, Locator, Page

from outcomes.config import PROJECT_ROOT

AXE = PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_LOADED = "() => typeof window.axe === 'object'"
WCAG_A_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

# Each link of the error summary, and whether focusing its target leaves the focus there.
ERROR_LINKS = """() => Array.from(
  document.querySelectorAll('.govuk-error-summary__list a'), (link) => {
    const target = document.getElementById(decodeURIComponent(link.hash.slice(1)));
    const before = document.activeElement;
    let focused = false;
    if (target) {
      target.focus({preventScroll: true});
      focused = document.activeElement === target;
    }
    if (before && before.focus) before.focus({preventScroll: true});
    return {text: link.textContent.trim(), href: link.getAttribute('href'), focused};
  })"""

# Each id named by an aria-describedby that is missing or has no words.
EMPTY_DESCRIPTIONS = """() => Array.from(document.querySelectorAll('[aria-describedby]'))
  .flatMap((el) => el.getAttribute('aria-describedby').split(/\\s+/).filter(Boolean))
  .filter((id) => !(document.getElementById(id)?.textContent.trim()))"""

# The actions of the journeys that can leave a page, and how to find the page from each.
LEAVING = [
    (Page, "goto", lambda page: page),
    (Page, "click", lambda page: page),
    (Locator, "click", lambda locator: locator.page),
    (Locator, "press", lambda locator: locator.page),
]

REFLOW = "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"


def axe_violations(page: Page) -> list[str]:
    """axe-core's WCAG A and AA violations on the page as it is, one line per element."""
    if not page.evaluate(AXE_LOADED):
        page.add_script_tag(path=str(AXE))
    violations = page.evaluate(
        "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})"
        ".then((results) => results.violations)",
        WCAG_A_AA,
    )
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} at {node['target']}"
        for violation in violations
        for node in violation["nodes"]
    ]


def error_link_problems(page: Page) -> list[str]:
    """The error-summary links whose target is missing or cannot take the focus."""
    return [
        f"error link {link['text']!r} ({link['href']}) does not lead to a focusable field"
        for link in page.evaluate(ERROR_LINKS)
        if not link["focused"]
    ]


def description_problems(page: Page) -> list[str]:
    """The aria-describedby references to elements that are missing or empty."""
    return [
        f"aria-describedby names #{ref}, which is missing or empty"
        for ref in page.evaluate(EMPTY_DESCRIPTIONS)
    ]


def sideways_scroll(page: Page) -> int:
    """How many CSS pixels the document scrolls sideways (0 when it reflows)."""
    scroll_width, client_width = page.evaluate(REFLOW)
    return max(0, scroll_width - client_width)


@dataclass
class Checker:
    """The problems found on the pages of one test, keyed by page address."""

    base_url: str
    problems: dict[str, list[str]] = field(default_factory=dict)
    seen: set[str] = field(default_factory=set)
    pages: int = 0

    def watch(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Check the page before every action that may take the browser to another page."""
        for cls, name, page_of in LEAVING:
            action = getattr(cls, name)

            def checked(target, *args, _action=action, _page_of=page_of, **kwargs):  # type: ignore[no-untyped-def]
                self.check(_page_of(target))
                return _action(target, *args, **kwargs)

            monkeypatch.setattr(cls, name, checked)

    def check(self, page: Page) -> None:
        if not page.url.startswith(self.base_url):
            return
        try:
            page.wait_for_load_state()
            if "html" not in page.evaluate("() => document.contentType"):
                return
            content = page.evaluate("() => document.body.innerHTML")  # axe goes in the head
            key = hashlib.sha256(f"{page.url}\n{content}".encode()).hexdigest()
            if key in self.seen:
                return
            self.seen.add(key)
            self.pages += 1
            found = axe_violations(page) + error_link_problems(page) + description_problems(page)
        except Error as error:  # the page went away while it was being checked
            if "context was destroyed" in str(error) or "navigat" in str(error):
                return
            raise
        if found:
            self.problems.setdefault(page.url, []).extend(found)

    def report(self) -> str:
        return "\n".join(
            f"{url}\n" + "\n".join(f"  - {problem}" for problem in problems)
            for url, problems in self.problems.items()
        )
