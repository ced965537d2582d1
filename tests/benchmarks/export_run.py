"""One export in a process of its own, for its peak memory: ``python export_run.py URL
FORMAT PATH`` prints the seconds it took and the process's peak resident memory, as JSON.

The export is the operator's, of every submitted review (latest revisions); it is rolled
back afterwards, so the export log of the benchmark database does not grow.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

from outcomes.accounts.access import OPERATOR
from outcomes.db import make_engine, make_session_factory, read_one_snapshot
from outcomes.disclosure import DisclosureRule
from outcomes.exports.operations import export_dataset
from outcomes.exports.query import ExportFormat, ExportQuery
from outcomes.scope import ReviewScope

QUERY = ExportQuery(ReviewScope(framework="public-service-reform"))


def run(url: str, export_format: ExportFormat, path: Path) -> float:
    """Export to ``path``; return the seconds it took."""
    engine = make_engine(url)
    try:
        with make_session_factory(engine)() as session, path.open("w+b") as out:
            read_one_snapshot(session)  # as the page, the API and the command do
            started = time.perf_counter()
            export_dataset(session, OPERATOR, QUERY, export_format, out, rule=DisclosureRule())
            seconds = time.perf_counter() - started
            session.rollback()
    finally:
        engine.dispose()
    return seconds


def peak_memory_mb() -> float:
    """This process's peak resident memory.

    Linux's VmHWM belongs to the program now running; getrusage's maxrss would also count
    the memory of the process this one was started from (it survives fork and exec), so
    it is only the fallback.
    """
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024  # kB
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


if __name__ == "__main__":
    url, name, output = sys.argv[1:4]
    seconds = run(url, ExportFormat(name), Path(output))
    print(json.dumps({"seconds": seconds, "peak_mb": peak_memory_mb()}))
