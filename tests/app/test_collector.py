"""Pausing the cyclic garbage collector (``outcomes.collector``) for a report's build."""

from __future__ import annotations

import gc

import pytest

import outcomes.reports.build
from outcomes.collector import paused


def test_the_collector_is_off_inside_and_on_again_after_even_on_error() -> None:
    assert gc.isenabled()
    with paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(ValueError), paused():
        raise ValueError
    assert gc.isenabled()


def test_a_collector_already_off_stays_off() -> None:
    gc.disable()
    try:
        with paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()


class Stop(Exception):
    pass


def test_a_report_is_built_with_the_collector_off(monkeypatch: pytest.MonkeyPatch) -> None:
    """The first thing a build does is check its reader: the collector is off by then."""
    seen: list[bool] = []

    def check(actor: object) -> None:
        seen.append(gc.isenabled())
        raise Stop

    monkeypatch.setattr(outcomes.reports.build, "require_reader", check)
    with pytest.raises(Stop):
        outcomes.reports.build.build_report(None, None, None)  # type: ignore[arg-type]
    assert seen == [False]
    assert gc.isenabled()
