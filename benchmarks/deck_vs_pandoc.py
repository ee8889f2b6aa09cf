"""Time `blockwatch deck build` of the example kit's 60-minute deck against pandoc converting the same slides.

Both get the same content: pandoc gets the recipe's modules with the profile already filled in (the Markdown
a liaison would hand-assemble), including speaker notes. Run by hand:

    python benchmarks/deck_vs_pandoc.py [--runs 5]

Prints one line per tool (median wall time of the runs) and the ratio, and appends them to RESULTS.md.
"""

from __future__ import annotations

import argparse
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kit.content import render_body  # noqa: E402
from kit.resources import example_kit_path  # noqa: E402
from kit.workspace import Kit  # noqa: E402


def pandoc_markdown(recipe_id: str | None) -> str:
    workspace = Kit.open(example_kit_path())
    plan = workspace.plan(recipe_id)
    context = workspace.profile.template_context()
    parts = [f"% {plan.recipe.title}\n% {workspace.profile.presenters[0].name}\n"]
    for entry in plan.entries:
        parts.append(render_body(entry.module, context).replace("::: stat", "::: {.stat}"))
    return "\n\n---\n\n".join(parts)


def median_seconds(command: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--recipe", default=None)
    args = parser.parse_args()
    if shutil.which("pandoc") is None:
        sys.exit("pandoc is not installed (apt-get install pandoc)")
    blockwatch = shutil.which("blockwatch") or sys.exit("install the kit first: pip install .")
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "talk.md"
        source.write_text(pandoc_markdown(args.recipe), encoding="utf-8")
        ours = [blockwatch, "deck", "build", "--kit", str(example_kit_path()), "--out", f"{tmp}/ours.pptx"]
        if args.recipe:
            ours += ["--recipe", args.recipe]
        theirs = ["pandoc", str(source), "-o", f"{tmp}/pandoc.pptx"]
        median_seconds(ours, 1), median_seconds(theirs, 1)  # warm the file cache
        ours_s, theirs_s = median_seconds(ours, args.runs), median_seconds(theirs, args.runs)
    pandoc_version = subprocess.run(["pandoc", "--version"], capture_output=True, text=True).stdout.split("\n")[0]
    lines = [
        f"## Deck build vs pandoc ({time.strftime('%Y-%m-%d')}, {platform.machine()}, {platform.python_version()}, "
        f"{pandoc_version}, median of {args.runs})",
        "",
        f"- `blockwatch deck build` (60-minute example deck, whole process): {ours_s:.3f} s",
        f"- `pandoc talk.md -o talk.pptx` (same slides and notes): {theirs_s:.3f} s",
        f"- ratio blockwatch / pandoc: {ours_s / theirs_s:.2f}",
        "",
    ]
    print("\n".join(lines))
    with open(ROOT / "benchmarks" / "RESULTS.md", "a", encoding="utf-8") as results:
        results.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
