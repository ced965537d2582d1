"""Each gunicorn worker's memory in MB: resident (RSS, counting the pages it shares with
the master and the other workers in full) and proportional (PSS, each shared page divided
among the processes that share it). `python tests/load/memory.py MASTER_PID`."""

from __future__ import annotations

import subprocess
import sys


def _field(pid: str, name: str) -> int:
    with open(f"/proc/{pid}/smaps_rollup") as rollup:
        for line in rollup:
            if line.startswith(name + ":"):
                return int(line.split()[1]) // 1024
    return 0


def main(master: str) -> None:
    found = subprocess.run(["ps", "-o", "pid=", "--ppid", master], capture_output=True, text=True)
    workers = found.stdout.split()
    rss = " ".join(str(_field(pid, "Rss")) for pid in workers)
    pss = " ".join(str(_field(pid, "Pss")) for pid in workers)
    print(f"RSS {rss}; PSS {pss}; master RSS {_field(master, 'Rss')}")


if __name__ == "__main__":
    main(sys.argv[1])
