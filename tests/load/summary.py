"""Print p50/p95/p99 and errors per endpoint from locust's stats CSV, each beside /healthz
at the same concurrency: `python tests/load/summary.py PREFIX_stats.csv`."""

from __future__ import annotations

import csv
import sys

LINE = "{:48} {:>8} {:>6} {:>7} {:>7} {:>7}  {}"


def main(path: str) -> None:
    with open(path, newline="") as file:
        rows = [row for row in csv.DictReader(file) if row["Name"] != "Aggregated"]
    floor = next((row for row in rows if row["Name"] == "/healthz"), None)
    floor_p95 = float(floor["95%"]) if floor else 0.0
    print(LINE.format("endpoint", "requests", "errors", "p50", "p95", "p99", "p95/healthz"))
    for row in sorted(rows, key=lambda r: (r["Name"], r["Type"])):
        p95 = float(row["95%"])
        ratio = f"{p95 / floor_p95:.1f}×" if floor_p95 else "-"
        name = f"{row['Type']} {row['Name']}"[:48]
        counts = (row["Request Count"], row["Failure Count"])
        print(LINE.format(name, *counts, row["50%"], row["95%"], row["99%"], ratio))
    print("(milliseconds)")


if __name__ == "__main__":
    main(sys.argv[1])
