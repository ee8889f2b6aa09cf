"""Where one `blockwatch deck build` spends its time: start-up, imports, loading the kit, compose, fit, render, save.

Each run is a fresh interpreter running the real command (`deck build --no-materials` of the example kit, as
`blockwatch` runs it), with the deck job's steps timed from inside; bytecode is cached, as `pip install` leaves
it. Run by hand:

    python benchmarks/deck_phases.py [--runs 5]

Prints, for each phase, the median wall and CPU time of the runs, as rows for benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

ONE_RUN = r"""
import json, sys, time
clocks = (time.perf_counter, time.process_time)
marks = [("start", [c() for c in clocks])]
spent = {}

def mark(name):
    marks.append((name, [c() for c in clocks]))

def timed(module, name, phase):
    function = getattr(module, name)
    def run(*args, **kwargs):
        begun = [c() for c in clocks]
        try:
            return function(*args, **kwargs)
        finally:
            spent[phase] = [s + c() - b for s, c, b in zip(spent.get(phase, [0, 0]), clocks, begun)]
    setattr(module, name, run)

import cli
mark("typer and cli.py")
import kit.deck, kit.workspace
from kit.deck import job
mark("imports: kit, python-pptx, Jinja2, markdown-it, PyYAML")
timed(kit.workspace.Kit, "plan", "load kit.toml, the slide library; plan")
timed(job, "open_template", "open the template")
timed(job, "read_layouts", "measure its layouts")
timed(job, "compose", "compose (Jinja2, markdown-it)")
timed(job, "fit", "fit (text measured, lines broken)")
timed(job, "check_titles", "check titles")
timed(job, "render", "render the slides and notes (python-pptx)")
import pptx.presentation
timed(pptx.presentation.Presentation, "save", "save the .pptx")
sys.argv = ["blockwatch", "deck", "build", "--kit", sys.argv[1], "--no-materials", "--out", sys.argv[2]]
try:
    cli.main()
except SystemExit:
    pass
mark("end")
phases = {name: [b - a for a, b in zip(marks[i - 1][1], now)] for i, (name, now) in enumerate(marks) if i}
command = phases.pop("end")
command = [total - sum(p[i] for p in spent.values()) for i, total in enumerate(command)]
phases.update(spent)
phases["the rest: parse the options, check kit.toml, write the run-sheet"] = command
print(json.dumps(phases))
"""


def wall(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, env=env)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from kit.resources import example_kit_path

    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    with tempfile.TemporaryDirectory() as tmp:
        command = [sys.executable, "-c", ONE_RUN, str(example_kit_path()), str(Path(tmp) / "deck.pptx")]
        runs = []
        for index in range(args.runs + 1):  # the first writes the bytecode
            result = subprocess.run(command, check=True, capture_output=True, text=True, cwd=ROOT, env=env)
            if index:
                runs.append(json.loads(result.stdout.strip().splitlines()[-1]))
    bare = statistics.median(wall([sys.executable, "-c", "pass"], env) for _ in range(args.runs))
    print("| phase | wall, ms | CPU, ms |")
    print("|---|---|---|")
    print(f"| python start-up (`python -c pass`) | {bare * 1000:.0f} | |")
    for name in runs[0]:
        print(f"| {name} | {statistics.median(run[name][0] for run in runs) * 1000:.0f} | "
              f"{statistics.median(run[name][1] for run in runs) * 1000:.0f} |")


if __name__ == "__main__":
    main()
