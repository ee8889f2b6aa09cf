"""The cost of one edit: change one module's text, then rebuild that deck and the season.

    python benchmarks/edit_cost.py [--runs 5] [--module definitions] [--append]

A copy of the example kit gets its own copy of MODULE (`blockwatch slides copy`), a first `deck build` and a
first season build. Then, --runs times: one word of the module's text changes, and two whole processes are
timed, one after the other: `blockwatch deck build --materials` (the deck, run-sheet, script and take-home) and
`blockwatch build` into the same folder (what changed is rebuilt: a slide's text is in every group's deck and
script, so every group is). Wall time and CPU time (user and system, the season's workers included); median and
range. --append adds the figures to benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import platform
import re
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


def blockwatch(*args: str | Path) -> tuple[float, float]:
    """Wall and CPU seconds of one whole `cli.py` process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run([sys.executable, str(ROOT / "cli.py"), *map(str, args)], check=True, capture_output=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


def edit(module: Path, run: int) -> None:
    """One word more in the module's first bullet: new text, same layout problem. Its Spanish twin, where the
    kit has one, is brought up to date as a translator would (the same edit, and the English text's hash in
    its ``translated_from``), or the Spanish group's talk would be refused as out of date."""
    _add_word(module, run)
    twin = module.parent / "es" / module.name
    if twin.is_file():
        _add_word(twin, run)
        english = module.read_text(encoding="utf-8")
        digest = "sha256:" + hashlib.sha256(english.encode("utf-8")).hexdigest()[:12]  # kit.translations.english_hash
        twin.write_text(re.sub(r'(?m)^translated_from: .*$', f'translated_from: "{digest}"',
                               twin.read_text(encoding="utf-8"), count=1), encoding="utf-8")


def _add_word(module: Path, run: int) -> None:
    lines = module.read_text(encoding="utf-8").splitlines(keepends=True)
    body = [i for i, line in enumerate(lines) if line.strip() == "---"][1] + 1  # after the front matter
    first = next(i for i in range(body, len(lines)) if lines[i].startswith("- "))
    lines[first] = lines[first].rstrip("\n") + (" (edited)" if run % 2 == 0 else " (again)") + "\n"
    module.write_text("".join(lines), encoding="utf-8")


def summary(values: list[float]) -> str:
    return f"{statistics.median(values):.2f} ({min(values):.2f}-{max(values):.2f})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--module", default="definitions")
    parser.add_argument("--append", action="store_true", help="append the figures to benchmarks/RESULTS.md")
    args = parser.parse_args()
    load = os.getloadavg()[0]
    figures: dict[str, list[tuple[float, float]]] = {"deck": [], "season": []}
    with tempfile.TemporaryDirectory() as tmp:
        kit, season, deck = Path(tmp) / "kit", Path(tmp) / "season", Path(tmp) / "deck" / "talk.pptx"
        shutil.copytree(ROOT / "events" / "example", kit)
        blockwatch("slides", "copy", args.module, "--kit", kit)
        module = kit / "slides" / f"{args.module}.md"
        blockwatch("deck", "build", "--kit", kit, "--materials", "--out", deck)
        blockwatch("build", "--kit", kit, "--out", season)
        for run in range(args.runs):
            edit(module, run)
            figures["deck"].append(blockwatch("deck", "build", "--kit", kit, "--materials", "--out", deck))
            figures["season"].append(blockwatch("build", "--kit", kit, "--out", season))
            print(f"  run {run + 1}: deck {figures['deck'][-1][0]:.2f} s, season {figures['season'][-1][0]:.2f} s",
                  file=sys.stderr)
    command = f"python benchmarks/edit_cost.py --runs {args.runs} --module {args.module}"
    text = "\n".join([
        f"## The cost of one edit ({dt.date.today()})", "", f"`{command}`", "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; load average "
        f"{load:.1f} at the start.", "",
        f"| after one word of `{args.module}` changed | wall, median of {args.runs} (s) | CPU, median (s) |",
        "|---|---|---|",
        f"| `deck build --materials` (deck, run-sheet, script, take-home) | {summary([w for w, _ in figures['deck']])} "
        f"| {summary([c for _, c in figures['deck']])} |",
        f"| `build` (the season, every group's deck and script rebuilt) | "
        f"{summary([w for w, _ in figures['season']])} | {summary([c for _, c in figures['season']])} |", ""])
    publish(text, append=args.append)
    return 0


if __name__ == "__main__":
    sys.exit(main())
