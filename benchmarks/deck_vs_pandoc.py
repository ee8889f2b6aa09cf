"""Time `blockwatch deck build` of the example kit's 60-minute deck against pandoc making a deck of the same slides.

Two comparisons, timed in the same run, alternating (ours, pandoc on the finished talk, pandoc on the sources):

- **the finished talk**: the Markdown a user converting our finished deck would write, made from the built
  .pptx itself: one slide per slide, with its title, its text as bullets (levels kept) and its speaker notes.
- **the module sources**: the recipe's modules with the profile filled in, as a liaison would hand-assemble
  them (the comparison of earlier rounds; pandoc makes fewer slides of these, as the modules' own rules do not
  split lists or add section, agenda and sources slides).

Each command is a cold whole process. Ours is the plain `deck build` (`--no-materials`, as by default), run as the
`blockwatch` console script runs it (`from cli import main; main()`) from this checkout, with bytecode cached as
`pip install` leaves it. Run by hand:

    python benchmarks/deck_vs_pandoc.py [--runs 9] [--recipe ID]

Prints the median and range of each command and the ratios, as rows for benchmarks/RESULTS.md.
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

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kit.resources import example_kit_path  # noqa: E402

MARKDOWN_SPECIALS = str.maketrans({ch: f"\\{ch}" for ch in "\\`*_[]<>#|"})


def finished_markdown(deck: Path) -> str:
    """The finished deck as pandoc Markdown: a ``##`` slide for each slide, its text as bullets, its notes."""
    from pptx import Presentation

    parts = []
    for slide in Presentation(str(deck)).slides:
        title = slide.shapes.title
        lines = [f"## {_text(title.text_frame.text) if title is not None else ''}", ""]
        for shape in slide.shapes:
            if shape == title or not shape.has_text_frame or shape.name == "Slide number":
                continue
            for paragraph in shape.text_frame.paragraphs:
                if paragraph.text.strip():
                    lines.append(f"{'  ' * paragraph.level}- {_text(paragraph.text)}")
        notes = slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""
        if notes.strip():
            lines += ["", "::: notes", _text(notes).replace("\n", "\n\n"), ":::"]
        parts.append("\n".join(lines))
    return "\n\n".join(parts) + "\n"


def _text(text: str) -> str:
    return text.replace("\x0b", " ").translate(MARKDOWN_SPECIALS)  # \x0b: a line break inside a paragraph


def source_markdown(recipe_id: str | None) -> str:
    """The recipe's modules, profile filled in, one after another (title slide from the metadata)."""
    from kit.content import render_body
    from kit.workspace import Kit

    workspace = Kit.open(example_kit_path())
    plan = workspace.plan(recipe_id)
    context = workspace.profile.template_context()
    parts = [f"% {plan.recipe.title}\n% {workspace.profile.presenters[0].name}\n"]
    for entry in plan.entries:
        parts.append(render_body(entry.module, context).replace("::: stat", "::: {.stat}"))
    return "\n\n---\n\n".join(parts)


def seconds(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall time, and CPU time (user + system: steadier than wall time on a shared machine)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, cwd=ROOT, env=env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def slide_count(deck: Path) -> int:
    from pptx import Presentation

    return len(Presentation(str(deck)).slides)


def summary(times: list[float]) -> str:
    return f"{statistics.median(times):.3f} s ({min(times):.3f}-{max(times):.3f})"


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor()) if Path("/proc/cpuinfo").exists() else ""
    return f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, " \
           f"Python {platform.python_version()}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--recipe", default=None)
    args = parser.parse_args()
    if shutil.which("pandoc") is None:
        sys.exit("pandoc is not installed (apt-get install pandoc)")
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        ours = [sys.executable, "-c", "from cli import main; main()", "deck", "build", "--kit", str(example_kit_path()),
                "--no-materials", "--out", str(out / "ours.pptx")] + (["--recipe", args.recipe] if args.recipe else [])
        seconds(ours, env)  # writes the bytecode, warms the file cache
        (out / "talk.md").write_text(finished_markdown(out / "ours.pptx"), encoding="utf-8")
        (out / "modules.md").write_text(source_markdown(args.recipe), encoding="utf-8")
        commands = {
            "ours": ours,
            "finished": ["pandoc", str(out / "talk.md"), "-o", str(out / "talk.pptx")],
            "modules": ["pandoc", str(out / "modules.md"), "-o", str(out / "modules.pptx")],
        }
        for command in commands.values():
            seconds(command, env)
        times: dict[str, list[float]] = {name: [] for name in commands}
        cpu: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, command in commands.items():
                wall, used = seconds(command, env)
                times[name].append(wall)
                cpu[name].append(used)
        slides = {name: slide_count(out / f"{stem}.pptx")
                  for name, stem in (("ours", "ours"), ("finished", "talk"), ("modules", "modules"))}
    load_after = os.getloadavg()
    median = {name: statistics.median(values) for name, values in times.items()}
    median_cpu = {name: statistics.median(values) for name, values in cpu.items()}
    pandoc = subprocess.run(["pandoc", "--version"], capture_output=True, text=True).stdout.split("\n")[0]
    print(f"## Deck build vs pandoc ({time.strftime('%Y-%m-%d')}, {pandoc}, median of {args.runs} alternating runs)\n")
    print(f"Machine: {machine()}; load average {load_before[0]:.1f} before, {load_after[0]:.1f} after.\n")
    print("| command | slides | wall, median (range) | blockwatch / this | CPU, median (range) | blockwatch / this |")
    print("|---|---|---|---|---|---|")
    for name, label in (
            ("ours", "`blockwatch deck build --kit events/example --no-materials --out ours.pptx`"),
            ("finished", "`pandoc talk.md -o talk.pptx` (the finished deck: its slides' titles, text and notes)"),
            ("modules", "`pandoc modules.md -o modules.pptx` (the recipe's module sources, profile filled in)")):
        print(f"| {label} | {slides[name]} | {summary(times[name])} | {median['ours'] / median[name]:.2f} | "
              f"{summary(cpu[name])} | {median_cpu['ours'] / median_cpu[name]:.2f} |")
    print(f"\nblockwatch / pandoc on the same slides: {median['ours'] / median['finished']:.2f} wall, "
          f"{median_cpu['ours'] / median_cpu['finished']:.2f} CPU (target: at most 1.3)")


if __name__ == "__main__":
    main()
