"""Every benchmark runs, once, on a few places (`OUTCOMES_BENCHMARK_SCALE=smoke`), on the
database the suite runs on: the benchmarks are not part of `make test`, and twice a change
broke one unseen until the next day of measuring. What is measured is not looked at here;
the benchmarks' own assertions (the report's counts equal the hand-written query's, every
export format's rows, the search's results) are."""

from __future__ import annotations

import os
import subprocess
import sys

from outcomes.config import PROJECT_ROOT


def test_every_benchmark_runs_on_a_few_places() -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "tests/benchmarks",
            "--benchmark-disable",
            "-q",
            "-p",
            "no:randomly",
            "-p",
            "no:cacheprovider",
        ],
        cwd=PROJECT_ROOT,
        env={**os.environ, "OUTCOMES_BENCHMARK_SCALE": "smoke"},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert " passed" in done.stdout.splitlines()[-1]
