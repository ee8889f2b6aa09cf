"""Where one deck build spends its time: imports, loading the kit, compose, fit, render, save.

Run by hand after `pip install .`:

    python benchmarks/deck_phases.py [--runs 5]

Each run is a fresh interpreter (imports are part of the cost); prints the median of each phase. It also
times importing the core libraries alone, the floor under any `blockwatch deck build`.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time

ONE_RUN = r"""
import json, tempfile, time
started = time.perf_counter()
from pathlib import Path
from kit import deck
from kit.resources import example_kit_path
from kit.workspace import Kit
marks = {"imports": time.perf_counter()}
workspace = Kit.open(example_kit_path())
plan = workspace.plan()
marks["load kit"] = time.perf_counter()
options = deck.DeckOptions()
prs = deck.open_template(None)
layouts = deck.read_layouts(prs)
marks["template"] = time.perf_counter()
specs = deck.compose(workspace.profile, workspace.library, plan, options)
marks["compose"] = time.perf_counter()
specs = deck.fit(specs, layouts)
marks["fit"] = time.perf_counter()
from kit.deck.render import render
render(prs, layouts, specs, workspace.profile, builtin=True)
marks["render (python-pptx)"] = time.perf_counter()
with tempfile.TemporaryDirectory() as tmp:
    prs.save(str(Path(tmp) / "deck.pptx"))
marks["save"] = time.perf_counter()
previous, phases = started, {}
for name, mark in marks.items():
    phases[name] = mark - previous
    previous = mark
print(json.dumps(phases))
"""

CORE_IMPORTS = "import pptx, jinja2, markdown_it, mdit_py_plugins.container, yaml, typer"


def wall(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    runs = [json.loads(subprocess.run([sys.executable, "-c", ONE_RUN], check=True, capture_output=True,
                                      text=True).stdout) for _ in range(args.runs)]
    for name in runs[0]:
        print(f"{name:<22} {statistics.median(run[name] for run in runs) * 1000:6.0f} ms")
    bare = statistics.median(wall([sys.executable, "-c", "pass"]) for _ in range(args.runs))
    print(f"{'python, nothing else':<22} {bare * 1000:6.0f} ms")
    floor = statistics.median(wall([sys.executable, "-c", CORE_IMPORTS]) for _ in range(args.runs))
    print(f"{'core imports alone':<22} {floor * 1000:6.0f} ms  ({CORE_IMPORTS})")


if __name__ == "__main__":
    main()
