"""The season planner's solver (kit/booking.py) on 25 and 200 groups over five months:

    python benchmarks/booking.py [--sizes 25:3 200:24] [--runs 5]

Each size is GROUPS:PRESENTERS, built by tests/bookingcases.py (varied regular meetings; presenters with
weekdays, holidays, a training week and a weekly limit). Times ``book()`` in this process after networkx is
imported (median and range of --runs), then a re-run with the first result as the previous booking, and
networkx's import time in a fresh interpreter. Appends its figures to benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import networkx  # noqa: E402  (imported before timing: its import is measured apart)

from bookingcases import realistic_request  # noqa: E402
from kit.booking import book  # noqa: E402


def timed(function, runs: int) -> tuple[list[float], object]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return times, result


def import_time(runs: int) -> float:
    code = "import time; t = time.perf_counter(); import networkx; print(time.perf_counter() - t)"
    return statistics.median(float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                                  check=True).stdout) for _ in range(runs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", default=["25:3", "200:24"])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    rows = []
    for size in args.sizes:
        groups, presenters = (int(n) for n in size.split(":"))
        request = realistic_request(groups, presenters)
        options = sum(a.can_do(m.day) for g in request.groups for m in g.meetings for a in request.presenters)
        times, booking = timed(lambda: book(request), args.runs)
        again_times, again = timed(lambda: book(replace(request, previous=booking.talks)), args.runs)
        assert again.talks == booking.talks
        rows.append(f"| {groups} | {presenters} | {options} | {statistics.median(times):.2f} | "
                    f"{min(times):.2f}-{max(times):.2f} | {statistics.median(again_times):.2f} |")
        print(rows[-1], flush=True)
    imported = import_time(args.runs)
    print(f"networkx {networkx.__version__} import: {imported * 1000:.0f} ms")
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    with open(ROOT / "benchmarks" / "RESULTS.md", "a", encoding="utf-8") as results:
        results.write(
            f"\n## Season planner: `book()` ({dt.date.today()}, {machine}, networkx {networkx.__version__})\n\n"
            f"`python benchmarks/booking.py --runs {args.runs}`\n\n"
            f"Groups over five months (Feb-Jun 2027) from tests/bookingcases.py; \"options\" are the (meeting,"
            f" presenter) pairs the presenters' weekdays and blackouts allow. Every group booked in each run.\n\n"
            f"| groups | presenters | options | book(), median of {args.runs} (s) | range (s) | "
            f"re-run with that booking as the previous one (s) |\n|---|---|---|---|---|---|\n"
            + "\n".join(rows) + f"\n\nnetworkx import in a fresh interpreter: {imported * 1000:.0f} ms "
            f"(median of {args.runs}; paid only by `events book`, which imports it when it solves).\n")


if __name__ == "__main__":
    main()
