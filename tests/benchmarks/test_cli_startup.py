"""How long `outcomes --help` takes to start, against `python -c pass` in the same run.

The goal is within 0.5 s of a bare interpreter. Each command runs several times in a
process of its own; the best run of each is compared, by CPU time (user and system) as
well as by the clock, because on a shared machine the clock mostly measures the others'
work. The CPU difference is asserted; both are recorded (extra_info, and printed with -s).

Run with ``make benchmark``, or ``pytest tests/benchmarks/test_cli_startup.py
--benchmark-only -s``.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from pathlib import Path

from pytest_benchmark.fixture import BenchmarkFixture

GOAL_SECONDS = 0.5
RUNS = 5
OUTCOMES = Path(sys.executable).with_name("outcomes")


def best_run(command: list[str]) -> tuple[float, float]:
    """The shortest clock time and the shortest CPU time of RUNS runs of ``command``."""
    clocks, cpus = [], []
    for _ in range(RUNS):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, env=os.environ.copy())
        clocks.append(time.perf_counter() - started)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return min(clocks), min(cpus)


def test_outcomes_help_starts_within_half_a_second_of_python(
    benchmark: BenchmarkFixture,
) -> None:
    bare_clock, bare_cpu = best_run([sys.executable, "-c", "pass"])
    help_clock, help_cpu = benchmark.pedantic(
        best_run, args=([str(OUTCOMES), "--help"],), rounds=1, iterations=1
    )
    benchmark.extra_info.update(
        {
            "python_clock_s": round(bare_clock, 3),
            "python_cpu_s": round(bare_cpu, 3),
            "help_clock_s": round(help_clock, 3),
            "help_cpu_s": round(help_cpu, 3),
        }
    )
    print(
        f"\noutcomes --help: {help_clock:.2f} s by the clock, {help_cpu:.2f} s CPU; "
        f"python -c pass: {bare_clock:.2f} s, {bare_cpu:.2f} s CPU"
    )
    assert help_cpu - bare_cpu <= GOAL_SECONDS
