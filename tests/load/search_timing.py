"""Search against ``/healthz`` in the same run, one request at a time:
`python tests/load/search_timing.py URL [--rounds N] [--json]`.

URL is a database at the head schema holding the national synthetic data (tests/load/run.sh
makes one; tests/benchmarks/test_search_benchmark.py runs this on its own). This starts
gunicorn with one worker on it, signs in as a regulator made through the account services
(tests/load/prepare.py), then asks for ``/healthz`` and the search page for the commonest
word in turn, ``--rounds`` times each over one connection, and prints each one's p50 and
p95, the search page's p50 as a multiple of ``/healthz``'s, and the load average before
and after. Then it times ``search_answers`` in-process for a few words, with the
statements each runs. Not a test (pytest does not collect it): figures for the README.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import socket
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import requests
from prepare import PASSWORD, account
from sqlalchemy import event
from sqlalchemy.orm import Session

from outcomes.accounts.access import OPERATOR
from outcomes.accounts.models import Role
from outcomes.db import make_engine
from outcomes.reviews.search import search_answers

ROOT = Path(__file__).resolve().parents[2]
COMMONEST = "families"  # in 49,438 of the national data's 636,460 answers
WORDS = (COMMONEST, "allotments", "evening sessions", "families allotments", "zephyrine")
EMAIL = "search-timing@example.gov.uk"
_TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


@dataclass(frozen=True)
class Timing:
    """Milliseconds of one kind of request, in the order they were made."""

    path: str
    milliseconds: list[float]

    @property
    def p50(self) -> float:
        return statistics.median(self.milliseconds)

    @property
    def p95(self) -> float:
        return statistics.quantiles(self.milliseconds, n=20)[-1]


@dataclass(frozen=True)
class WordTiming:
    words: str
    milliseconds: float
    statements: int
    total: int
    about: int | None


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _signed_in(base: str) -> requests.Session:
    client = requests.Session()
    page = client.get(f"{base}/sign-in", timeout=30).text
    found = _TOKEN.search(page)
    response = client.post(
        f"{base}/sign-in",
        data={"email": EMAIL, "password": PASSWORD, "csrf_token": found.group(1) if found else ""},
        allow_redirects=False,
        timeout=30,
    )
    if response.status_code != 302:
        raise RuntimeError(f"Sign-in failed: {response.status_code}")
    return client


def over_http(url: str, rounds: int, words: str = COMMONEST) -> tuple[Timing, Timing]:
    """``/healthz`` and the search page, asked in turn ``rounds`` times each (after a few
    unmeasured) from one gunicorn worker over one kept-alive connection."""
    port = _free_port()
    environment = {
        **os.environ,
        "OUTCOMES_DATABASE_URL": url,
        "OUTCOMES_SECRET_KEY": secrets.token_urlsafe(16),
        "OUTCOMES_SIGN_IN_FAILURE_DELAY": "0",
    }
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--workers",
            "1",
            "--bind",
            f"127.0.0.1:{port}",
            "--access-logfile",
            "/dev/null",
            "web:create_app()",
        ],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(60):
            try:
                requests.get(f"{base}/healthz", timeout=5)
                break
            except requests.ConnectionError:
                time.sleep(0.5)
        client = _signed_in(base)
        paths = ("/healthz", f"/search/?q={words}")
        times: dict[str, list[float]] = {path: [] for path in paths}
        for round_ in range(rounds + 5):
            for path in paths:
                started = time.perf_counter()
                response = client.get(f"{base}{path}", timeout=30)
                elapsed = (time.perf_counter() - started) * 1000
                response.raise_for_status()
                if round_ >= 5:
                    times[path].append(elapsed)
        return Timing(paths[0], times[paths[0]]), Timing(paths[1], times[paths[1]])
    finally:
        server.terminate()
        server.wait(timeout=30)


def in_process(url: str) -> list[WordTiming]:
    """``search_answers`` for each of WORDS (the second of two runs), with its statements."""
    engine = make_engine(url)
    statements: list[str] = []

    def count(*_: Any) -> None:
        statements.append("")

    event.listen(engine, "before_cursor_execute", count)
    timings = []
    try:
        with Session(engine) as session:
            for words in WORDS:
                for _ in range(2):
                    statements.clear()
                    started = time.perf_counter()
                    found = search_answers(session, OPERATOR, words)
                    elapsed = (time.perf_counter() - started) * 1000
                timings.append(
                    WordTiming(words, elapsed, len(statements), found.total, found.about)
                )
    finally:
        engine.dispose()
    return timings


def prepare_account(url: str) -> None:
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            account(session, EMAIL, Role.REGULATOR, [])
            session.commit()
    finally:
        engine.dispose()


def measure(url: str, rounds: int) -> dict[str, Any]:
    prepare_account(url)
    before = load_average()
    healthz, search = over_http(url, rounds)
    after = load_average()
    return {
        "load_average_before": before,
        "load_average_after": after,
        "rounds": rounds,
        "healthz": {"p50": healthz.p50, "p95": healthz.p95},
        "search": {"path": search.path, "p50": search.p50, "p95": search.p95},
        "ratio_p50": search.p50 / healthz.p50,
        "ratio_p95": search.p95 / healthz.p95,
        "in_process": [asdict(timing) for timing in in_process(url)],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("--rounds", type=int, default=50)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    arguments = parser.parse_args()
    figures = measure(arguments.url, arguments.rounds)
    if arguments.json:
        print(json.dumps(figures))
        return
    before, after = figures["load_average_before"], figures["load_average_after"]
    print(f"load average before {before}, after {after}")
    healthz, search = figures["healthz"], figures["search"]
    print(f"/healthz: p50 {healthz['p50']:.1f} ms, p95 {healthz['p95']:.1f} ms")
    print(f"{search['path']}: p50 {search['p50']:.1f} ms, p95 {search['p95']:.1f} ms")
    print(f"search ÷ /healthz: p50 {figures['ratio_p50']:.2f}×, p95 {figures['ratio_p95']:.2f}×")
    for timing in figures["in_process"]:
        print(
            f"  search_answers({timing['words']!r}): {timing['milliseconds']:.1f} ms, "
            f"{timing['statements']} statements, {timing['total']} counted, about {timing['about']}"
        )


if __name__ == "__main__":
    main()
