"""The season and one sign-up sheet with and without the system's HarfBuzz subsetter, in the same run:

    python benchmarks/print_fonts.py [--runs 5] [--renders 5] [--checkout DIR] [--append]

"Without" hides libharfbuzz-subset.so.0 as a plain `pip install` on a machine without libharfbuzz-subset0
would lack it: LD_LIBRARY_PATH names a folder holding an empty file of that name, which the dynamic loader
finds first and cannot load, so WeasyPrint (which dlopens it under fixed names, allow_fail) subsets fonts with
fontTools. Each child process reports which subsetter WeasyPrint loaded, and the run stops if hiding failed.
"With" runs get an LD_LIBRARY_PATH too (an empty folder), so the two differ only by the library. Runs alternate
(with, without, with, ...) so that the load of a shared machine falls on both alike.

Figures: the 25-group example season (`cli.py build --kit events/example --out DIR --force`, whole process,
median of --runs), and one sign-up sheet of the example (HTML and PDF written; 5 fresh processes a side,
alternating, each timing --renders renders after a first one that loads fonts and stylesheet; the median of
all). --checkout DIR times another checkout (say, one from before the kit shipped its own fonts) in the same
way, its runs taking turns with this one's, and the table gives this checkout's season over that one's, run
by run (the median of those ratios): a shared machine's speed drifts by a fifth over an evening, so only runs
side by side compare. Linux only. --append adds the figures to benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from results import publish  # benchmarks/results.py: run as `python benchmarks/NAME.py`

ROOT = Path(__file__).resolve().parent.parent
PROCESSES = 5  # fresh processes per side for the sheet, alternating, each timing --renders renders

# Run in a child process with the checkout on sys.path: which subsetter, and the sheet's render times.
SHEET = """
import json, sys, tempfile, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from kit.resources import example_kit_path
try:  # this checkout's kit, or an older one's
    from kit.printing import write_documents
    from kit.sheets import signup_sheet
    def write_signup_sheet(profile, talk, out):
        return write_documents([signup_sheet(profile, talk, out)])[0]
except ImportError:
    from kit.sheets import write_signup_sheet
from kit.workspace import Kit
from weasyprint.text import ffi
kit = Kit.open(example_kit_path())
talk = next(t for t in kit.season.talks() if not t.cancelled)
out = Path(tempfile.mkdtemp())
write_signup_sheet(kit.profile, talk, out)
times = []
for _ in range(int(sys.argv[2])):
    started = time.perf_counter()
    printed = write_signup_sheet(kit.profile, talk, out)
    times.append(time.perf_counter() - started)
print(json.dumps({"subsetter": ffi.harfbuzz_subset is not None, "times": times,
                  "bytes": printed.pdf.stat().st_size}))
"""


def environments(folder: Path) -> dict[str, dict[str, str]]:
    hidden, empty = folder / "hidden", folder / "empty"
    hidden.mkdir()
    empty.mkdir()
    (hidden / "libharfbuzz-subset.so.0").write_bytes(b"")
    base = os.environ.get("LD_LIBRARY_PATH")
    return {name: {**os.environ, "LD_LIBRARY_PATH": os.pathsep.join(filter(None, [str(path), base]))}
            for name, path in (("with", empty), ("without", hidden))}


def sheet(checkout: Path, name: str, env: dict[str, str], renders: int) -> dict:
    """``renders`` renders of the sheet in a fresh process, after a first one; stops if hiding the library failed."""
    result = subprocess.run([sys.executable, "-c", SHEET, str(checkout), str(renders)], env=env, check=True,
                            capture_output=True, text=True)
    measured = json.loads(result.stdout.splitlines()[-1])
    if measured["subsetter"] != (name == "with"):
        raise SystemExit(f"{name} the subsetter: WeasyPrint loaded {'it' if measured['subsetter'] else 'none'}")
    return measured


def season(checkout: Path, env: dict[str, str], out: Path) -> tuple[float, float]:
    """Wall time and CPU time (user and system, the workers included) of one whole build."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run([sys.executable, str(checkout / "cli.py"), "build", "--kit", str(checkout / "events" / "example"),
                    "--out", str(out), "--force"], env=env, check=True, capture_output=True, cwd=checkout)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


def summary(times: list[float], unit: float = 1.0, digits: int = 2) -> str:
    return (f"{statistics.median(times) * unit:.{digits}f} "
            f"({min(times) * unit:.{digits}f}-{max(times) * unit:.{digits}f})")


@dataclass
class Measured:
    """One checkout's figures, each list in run order: run k of every checkout ran side by side in time."""

    checkout: Path
    sheets: dict[str, list[dict]] = field(default_factory=lambda: {"with": [], "without": []})
    seasons: dict[str, list[float]] = field(default_factory=lambda: {"with": [], "without": []})
    cpu: dict[str, list[float]] = field(default_factory=lambda: {"with": [], "without": []})


def measure(checkouts: list[Path], envs: dict[str, dict[str, str]], runs: int, renders: int,
            folder: Path) -> list[Measured]:
    """Every checkout's sheet and season, run by run in turn (with, without, next checkout, ...): a shared
    machine's load, which drifts over minutes, falls on each checkout alike."""
    measured = [Measured(checkout) for checkout in checkouts]
    for _ in range(PROCESSES):
        for one in measured:
            for name, env in envs.items():
                one.sheets[name].append(sheet(one.checkout, name, env, renders))
    for run in range(runs):
        for index, one in enumerate(measured):
            for name, env in envs.items():
                wall, used = season(one.checkout, env, folder / f"season-{index}-{name}-{run}")
                one.seasons[name].append(wall)
                one.cpu[name].append(used)
                print(f"  {one.checkout.name} season {name} run {run + 1}: {wall:.2f} s ({used:.1f} s CPU)",
                      file=sys.stderr)
    return measured


def rows(one: Measured, first: Measured, runs: int, renders: int) -> list[str]:
    seasons, cpu = one.seasons, one.cpu
    ratio = statistics.median(seasons["without"]) / statistics.median(seasons["with"])
    cpu_ratio = statistics.median(cpu["without"]) / statistics.median(cpu["with"])
    times = {name: [t for m in sheets for t in m["times"]] for name, sheets in one.sheets.items()}
    sheet_ratio = statistics.median(times["without"]) / statistics.median(times["with"])
    lines = [
        f"| {one.checkout} | season, median of {runs} (s) | {summary(seasons['with'])} "
        f"| {summary(seasons['without'])} | {ratio:.2f} |",
        f"| {one.checkout} | season's CPU time, workers included, median of {runs} (s) | {summary(cpu['with'])} "
        f"| {summary(cpu['without'])} | {cpu_ratio:.2f} |",
        f"| {one.checkout} | one sign-up sheet, median of {PROCESSES} x {renders} renders (ms) "
        f"| {summary(times['with'], 1000, 0)} | {summary(times['without'], 1000, 0)} | {sheet_ratio:.2f} |",
        f"| {one.checkout} | that sheet's PDF (KiB) | {one.sheets['with'][-1]['bytes'] / 1024:.1f} "
        f"| {one.sheets['without'][-1]['bytes'] / 1024:.1f} | |",
    ]
    if one is not first:  # each run against the first checkout's run beside it, then the median of those
        paired = {name: statistics.median(mine / theirs for mine, theirs in zip(first.seasons[name], seasons[name],
                                                                                strict=True))
                  for name in seasons}
        lines.append(f"| {one.checkout} | {first.checkout.name}'s season over this one's, run by run, median "
                     f"| {paired['with']:.2f} | {paired['without']:.2f} | |")
    return lines


def machine() -> str:
    import fontTools
    import weasyprint

    harfbuzz = subprocess.run(["dpkg-query", "-W", "-f=${Version}", "libharfbuzz-subset0"], capture_output=True,
                              text=True).stdout or "?"
    load = os.getloadavg()[0]
    return (f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, WeasyPrint "
            f"{weasyprint.__version__}, fontTools {fontTools.version}, libharfbuzz-subset0 {harfbuzz}; load average "
            f"{load:.1f} at the start")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--renders", type=int, default=5)
    parser.add_argument("--checkout", type=Path, action="append", default=[],
                        help="another checkout to time as well (repeatable)")
    parser.add_argument("--append", action="store_true", help="append the figures to benchmarks/RESULTS.md")
    args = parser.parse_args()
    if not sys.platform.startswith("linux"):
        raise SystemExit("hides the library with LD_LIBRARY_PATH: Linux only")
    about = machine()
    with tempfile.TemporaryDirectory() as tmp:
        envs = environments(Path(tmp))
        measured = measure([c.resolve() for c in [ROOT, *args.checkout]], envs, args.runs, args.renders, Path(tmp))
    table = [line for one in measured for line in rows(one, measured[0], args.runs, args.renders)]
    command = "python benchmarks/print_fonts.py " + " ".join(sys.argv[1:]).replace(" --append", "").strip()
    text = "\n".join([
        f"## Printing with and without the system's font subsetter ({dt.date.today()})", "",
        f"`{command.strip()}`", "", f"Machine: {about}.", "",
        "| checkout | figure | with libharfbuzz-subset | without (fontTools) | without / with |",
        "|---|---|---|---|---|", *table, ""])
    publish(text, append=args.append)
    return 0


if __name__ == "__main__":
    sys.exit(main())
