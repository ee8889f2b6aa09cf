"""Seasons of 5, 25 and 100 groups (monthly meetings for a year, one talk each): wall time, peak memory, growth;
the no-change rebuild; and `blockwatch --help` start-up time. Run by hand after `pip install .`:

    python benchmarks/season_scaling.py [--sizes 5 25 100] [--runs 3]

Each first build runs --runs times into a fresh folder; the table gives the median and the range.

Appends its figures to benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from results import publish  # benchmarks/results.py: run as `python benchmarks/NAME.py`

ROOT = Path(__file__).resolve().parent.parent
PRESENTERS = 5
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def first_nth_weekday(nth: int, weekday: int) -> str:
    """The nth weekday of January 2027 (2027-01-01 is a Friday)."""
    first = (weekday - 4) % 7 + 1
    return f"2027-01-{first + 7 * (nth - 1):02d}"


def make_kit(folder: Path, groups: int) -> Path:
    """The example kit's profile and slides with a generated season: one venue and one monthly slot per group."""
    shutil.copytree(ROOT / "events" / "example", folder, ignore=shutil.ignore_patterns("events"))
    profile = (folder / "kit.toml").read_text()
    extra = "".join(f'\n[[presenters]]\nid = "p{i}"\nname = "Officer Bench {i}"\ntitle = "Community Liaison"\n'
                    f'email = "p{i}@lakeview.example.org"\n' for i in range(PRESENTERS))
    (folder / "kit.toml").write_text(profile.replace("[organizer]", extra + "\n[organizer]", 1))
    events = folder / "events"
    (events / "rosters").mkdir(parents=True)
    group_lines, series_lines = [], []
    for i in range(groups):
        slot = i // PRESENTERS
        nth, weekday, hour = slot % 4 + 1, (slot // 4) % 5, 17 + 2 * (slot // 20)
        group_lines.append(
            f'[[groups]]\nid = "g{i:03d}"\nname = "Group {i} Block Watch"\nneighborhood = "Area {i}"\n'
            f'coordinator = {{ name = "Coordinator {i}", email = "c{i}@example.org" }}\n'
            f'venue = {{ name = "Hall {i}", address = "{100 + i} Bench Street, Lakeview, CO" }}\n')
        series_lines.append(
            f'[[series]]\ngroup = "g{i:03d}"\nstart = {first_nth_weekday(nth, weekday)}T{hour:02d}:00:00\n'
            f'minutes = 60\nrepeat = "monthly-nth-weekday"\ncount = 12\ncapacity = 25\n')
        (events / "rosters" / f"g{i:03d}.csv").write_text(
            "name,email,street,phone,ok_to_contact\n"
            + "".join(f"Resident {i}-{r},r{i}-{r}@example.org,{r}00 block,,yes\n" for r in range(4)))
    (events / "groups.toml").write_text("\n".join(group_lines))
    (events / "sessions.toml").write_text("\n".join(series_lines))
    return folder


def timed(command: list[str]) -> tuple[float, float]:
    """Wall seconds, and the peak resident memory (MiB) of the largest process the command ran."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, max(peak, before) / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[5, 25, 100])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    blockwatch = shutil.which("blockwatch") or sys.exit("install the kit first: pip install .")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            kit = make_kit(Path(tmp) / f"kit{size}", size)
            # Each group's talk, booked into one of its meetings (what the build makes decks, sheets and
            # invitations for).
            subprocess.run([blockwatch, "events", "book", "--from", "2027-01-01", "--to", "2027-12-31", "--kit",
                            str(kit)], check=True, capture_output=True)
            firsts, peaks = [], []
            for run in range(args.runs):
                out = Path(tmp) / f"out{size}-{run}"
                seconds, peak = timed([blockwatch, "build", "--kit", str(kit), "--out", str(out)])
                firsts.append(seconds)
                peaks.append(peak)
            again, _ = timed([blockwatch, "build", "--kit", str(kit), "--out", str(out)])
            rows.append((size, statistics.median(firsts), min(firsts), max(firsts), max(peaks), again))
            print(f"{size} groups: {rows[-1][1]:.1f} s (median of {args.runs}: {min(firsts):.1f}-{max(firsts):.1f}), "
                  f"peak {max(peaks):.0f} MiB; no-change rebuild {again:.2f} s", flush=True)
    helps = []
    for _ in range(10):
        start = time.perf_counter()
        subprocess.run([blockwatch, "--help"], check=True, capture_output=True)
        helps.append(time.perf_counter() - start)
    lines = [f"## Season build scaling ({time.strftime('%Y-%m-%d')}, {platform.machine()}, {os.cpu_count()} cores, "
             f"Python {platform.python_version()})", "",
             f"| groups | sessions | first build, median of {args.runs} (s) | range (s) | "
             "peak memory, largest process (MiB) | no-change rebuild (s) |",
             "|---|---|---|---|---|---|"]
    lines += [f"| {size} | {size * 12} | {first:.1f} | {low:.1f}-{high:.1f} | {peak:.0f} | {again:.2f} |"
              for size, first, low, high, peak, again in rows]
    by_size = {size: first for size, first, *_ in rows}
    if 25 in by_size and 100 in by_size:
        lines += ["", f"100 groups take {by_size[100] / by_size[25]:.2f}x the 25-group time (target: under 4x)."]
    lines += ["", f"`blockwatch --help` start-up: median {statistics.median(helps) * 1000:.0f} ms of 10 runs "
              f"(target: under 200 ms).", ""]
    publish("\n".join(lines) + "\n", append=True)


if __name__ == "__main__":
    main()
