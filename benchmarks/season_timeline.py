"""When each task of a season build starts and ends, and its CPU time: where the season's time goes.

    python benchmarks/season_timeline.py [--kit events/example] [--out DIR]

Runs `blockwatch build --force` in this process with the build's two task functions wrapped (`_prepare`, which
makes what the groups share, and `_run`, a group's or the calendar's or the handouts' task). The workers are
forked, so each appends its lines to a file; then one line a task is printed, in order of start: the worker,
start and end in seconds since this process started, the task's CPU seconds, and what it made. Linux only (the
workers must be forked to inherit the wrapping).
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import io
import os
import sys
import tempfile
import time
from pathlib import Path

STARTED = time.time()
ROOT = Path(__file__).resolve().parent.parent


def logged(function, log: Path):
    """``function`` that appends its start, end and CPU time to ``log``; pickled by its own name, as the pool
    pickles what it runs (the forked workers find this wrapper under that name)."""

    @functools.wraps(function)
    def wrapper(kit, what, *args):
        started, cpu = time.time(), time.process_time()
        try:
            return function(kit, what, *args)
        finally:
            label = what if isinstance(what, str) else ", ".join(sorted({i.kind for i in what})) + f" x{len(what)}"
            with log.open("a", encoding="utf-8") as file:
                file.write(f"{os.getpid()} {started - STARTED:6.2f} {time.time() - STARTED:6.2f} "
                           f"{time.process_time() - cpu:5.2f} {label}\n")

    return wrapper


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kit", type=Path, default=ROOT / "events" / "example")
    parser.add_argument("--out", type=Path, default=Path(tempfile.mkdtemp()) / "season")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    import cli
    from kit import build

    log = Path(tempfile.mkdtemp()) / "tasks.log"
    for name in ("_run", "_prepare"):
        setattr(build, name, logged(getattr(build, name), log))
    sys.argv = ["blockwatch", "build", "--kit", str(args.kit), "--out", str(args.out), "--force"]
    try:
        with contextlib.redirect_stdout(io.StringIO()):  # the command's own table of tasks
            cli.main()
    except SystemExit as exit:
        if exit.code:
            return int(exit.code)
    ended = time.time() - STARTED
    print("worker  start    end   CPU  task")
    for line in sorted(log.read_text(encoding="utf-8").splitlines(), key=lambda line: float(line.split()[1])):
        pid, start, end, cpu, task = line.split(maxsplit=4)
        print(f"{pid:>6} {float(start):6.2f} {float(end):6.2f} {float(cpu):5.2f}  {task.strip()}")
    print(f"ended at {ended:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
