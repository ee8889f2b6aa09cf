"""``blockwatch build``: a whole season for every group, in parallel, rebuilding only what changed.

Layout of OUT:
  calendar/            sessions/*.ics, meetings/*.ics, season.ics (publish this at [calendar] base_url)
  handouts/            tip card, wallet cards, leaflet
  GROUP/deck.pptx      the group's talk: its booked date, venue and presenter on the title slide
  GROUP/deck-runsheet.md, deck-script.pdf, deck-takehome.pdf   its run-sheet, presenter's script, take-home
  GROUP/sheets/TALK/   sign-up, sign-in and question cards for that talk
  GROUP/invitations/   one .eml per neighbor for the talk (a preview: the state file is not touched)
  .cache/              the talk of each recipe and presenter, its take-home, and its script for each start
                       time, shared by the groups' folders; during a build, sheets/: the groups' sheets of
                       each kind, printed together, until each group's task takes its own

A group with no talk booked gets no folder. Each task's inputs are hashed (code, kit.toml, slides, the
group's talks and roster, and which talk is next); a task whose hash and outputs are unchanged since the last
build is skipped, like make. ``--force`` rebuilds everything.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import json
import multiprocessing
import os
import shutil
import sys
import time
import traceback
import warnings
from collections import Counter
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator

from .errors import KitError
from .files import ensure_dir, write_text
from .pdf import PrintingSkipped, printing_unavailable
from .resources import builtin_path
from .shared import CACHE, HANDOVER, Shared, batches, group_deck, group_sheets, make, needs

if TYPE_CHECKING:
    from .events import Season, Session
    from .state import State
    from .workspace import Kit

MANIFEST = ".blockwatch-build.json"


@dataclass(frozen=True)
class Task:
    key: str  # "calendar", "handouts" or "group:ID"
    digest: str


@dataclass(frozen=True)
class Outcome:
    key: str
    status: str  # built | skipped | failed
    outputs: tuple[str, ...] = ()
    seconds: float = 0.0
    error: str = ""
    hint: str | None = None  # a KitError's advice key, worded by cli.py
    trace: str = ""  # the traceback of an unexpected error, for the log


# ---- what to build, and what changed -----------------------------------------------------------

def _hash_files(digest, paths) -> None:
    for path in sorted(paths):
        digest.update(str(path.name).encode())
        digest.update(path.read_bytes())


def _kit_inputs_digest(kit: Kit) -> str:
    """Code, templates and data of the kit package, kit.toml, and every slide source (built-in and own)."""
    digest = hashlib.sha256()
    package = Path(__file__).parent
    _hash_files(digest, [p for p in package.rglob("*") if p.is_file() and "__pycache__" not in p.parts])
    _hash_files(digest, [kit.profile.file])
    for folder in (builtin_path("slides"), kit.profile.root / "slides"):
        if folder.is_dir():
            _hash_files(digest, [p for p in folder.rglob("*") if p.is_file()])
    for extra in (kit.profile.branding.template, kit.profile.branding.logo):
        if extra and extra.is_file():
            _hash_files(digest, [extra])
    digest.update(b"draft" if kit.draft else b"final")  # a final build replaces every page marked DRAFT
    # A build on a machine that cannot print has no sheets: once it can, every group is built again.
    digest.update(b"no PDF" if printing_unavailable() else b"PDF")
    return digest.hexdigest()


def group_talk(season: Season, group_id: str, now: dt.datetime) -> Session | None:
    """The group's next talk that is not cancelled; its last one once the season is over; None if it has none."""
    live = [t for t in season.talks() if t.group.id == group_id and not t.cancelled]
    return next((t for t in live if t.end >= now), live[-1] if live else None)


def plan_tasks(season: Season, state: State, now: dt.datetime, base: str, *, printing: bool = True) -> list[Task]:
    """The calendar task's inputs include the delivery state: its SEQUENCE numbers are in the .ics files.
    ``printing``: False on a machine that cannot make PDFs, which leaves the handouts out."""

    def task(key: str, *parts) -> Task:
        return Task(key=key, digest=hashlib.sha256("\n".join([base, *map(repr, parts)]).encode()).hexdigest())

    tasks = [task("calendar", season.sessions, season.series, state.data)] + ([task("handouts")] if printing else [])
    for group in season.groups:
        talks = [t for t in season.talks() if t.group.id == group.id]
        # The group's deck and sheets are for its next talk: once that talk is over, they are rebuilt.
        upcoming = group_talk(season, group.id, now)
        tasks.append(task(f"group:{group.id}", talks, season.residents(group.id), upcoming and upcoming.id))
    return tasks


def _load_manifest(out: Path) -> dict:
    try:
        return json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _outputs(manifest: dict) -> set[str]:
    return {path for entry in manifest.values() for path in entry["outputs"]}


def _remove_outputs(out: Path, paths: set[str]) -> None:
    """What an earlier build wrote and this one does not (a past meeting's sheets, a group taken out), so
    that nobody prints last month's sign-in sheet by mistake; folders left empty go too."""
    for path in sorted(paths):
        target = out / path
        if not target.resolve().is_relative_to(out.resolve()):
            continue  # not ours, whatever the manifest says
        target.unlink(missing_ok=True)
        for folder in target.parents:
            if folder == out or not folder.is_dir() or any(folder.iterdir()):
                break
            folder.rmdir()


def _up_to_date(task: Task, manifest: dict, out: Path) -> bool:
    entry = manifest.get(task.key) or {}
    return bool(entry) and entry["digest"] == task.digest and all((out / p).exists() for p in entry["outputs"])


# ---- doing the work (in worker processes, each handed the Kit once) ---------------------------------

_WORKER_KIT: Kit | None = None


def _start_worker(kit: Kit) -> None:
    """A worker's kit, handed once as the worker starts (inherited with the fork; pickled once where workers
    are spawned), not with each task: 0.16 MB to pickle and unpickle, about 7 ms a task."""
    global _WORKER_KIT
    _WORKER_KIT = kit
    gc.enable()  # disabled and frozen in the parent while it forks


def _worker_kit() -> Kit:
    if _WORKER_KIT is None:  # only _start_worker's pool runs the tasks below
        raise RuntimeError("a season task ran outside the season's workers")
    return _WORKER_KIT


def _run_in_worker(key: str, out: str, now: dt.datetime, digest: str) -> Outcome:
    return _run(_worker_kit(), key, out, now, digest)


def _prepare_in_worker(batch: tuple[Shared, ...], out: str, digest: str) -> str:
    return _prepare(_worker_kit(), batch, out, digest)

def _pool_context(kit: Kit):
    """On Linux, load the kit and the heavy libraries once here: forked workers inherit them already warm."""
    if sys.platform != "linux":
        return multiprocessing.get_context("spawn")
    import pptx  # noqa: F401  (imported for the forked workers)

    printing_unavailable()  # WeasyPrint, when it loads
    from . import calendar, deck, handouts, mail, sheets  # noqa: F401
    kit.require_readable()  # loaded before the fork, not once per worker
    # Everything loaded so far lives as long as the workers: frozen, the garbage collector stops walking it
    # on every collection (WeasyPrint makes many short-lived objects), and the workers' pages stay shared.
    gc.collect()
    gc.freeze()
    return multiprocessing.get_context("fork")


def _run(kit: Kit, key: str, out: str, now: dt.datetime, digest: str) -> Outcome:
    """One task; whatever goes wrong becomes a failed outcome, so the other tasks and the manifest go on."""
    started = time.perf_counter()
    try:
        written = _do(kit, key, Path(out), now, digest)
    except KitError as exc:
        return Outcome(key=key, status="failed", error=str(exc), hint=exc.hint,
                       seconds=time.perf_counter() - started)
    except Exception as exc:  # a bug in one task must not lose the others' work
        return Outcome(key=key, status="failed", error=f"internal error: {type(exc).__name__}: {exc}",
                       trace="".join(traceback.format_exception(exc)), seconds=time.perf_counter() - started)
    relative = tuple(str(Path(p).relative_to(out)) for p in written)
    return Outcome(key=key, status="built", outputs=relative, seconds=time.perf_counter() - started)


def _do(kit: Kit, key: str, out: Path, now: dt.datetime, digest: str) -> list[Path]:
    from .calendar import write_season_calendars
    from .handouts import write_handouts

    if key == "calendar":
        return write_season_calendars(kit.profile, kit.season, out / "calendar", kit.state)
    if key == "handouts":
        return write_handouts(kit.profile, out / "handouts", draft=kit.draft)
    return _group_outputs(kit, key.split(":", 1)[1], out, now, digest)


def _group_outputs(kit: Kit, group_id: str, out: Path, now: dt.datetime, digest: str) -> list[Path]:
    from .mail import write_invitations

    season = kit.season
    talk = group_talk(season, group_id, now)
    if talk is None:
        return []
    folder = out / group_id
    group_season = replace(season, groups=tuple(g for g in season.groups if g.id == group_id),
                           sessions=tuple(s for s in season.sessions if s.group.id == group_id),
                           series=tuple(s for s in season.series if s.group.id == group_id),
                           rosters={group_id: season.residents(group_id)})
    written = write_invitations(kit.profile, group_season, None, folder / "invitations")
    written += group_deck(kit, talk, folder, out, digest)
    if printing_unavailable() is None:  # else said once, by build_season
        written += group_sheets(kit, talk, folder / "sheets", out)
    return written


def _prepare(kit: Kit, batch: tuple[Shared, ...], out: str, digest: str) -> str:
    """Make shared files ahead of the groups; a failure is left for each group that needs them to report."""
    try:
        make(kit, batch, Path(out), digest)
    except Exception as exc:  # reported by each group that needs it
        return f"{type(exc).__name__}: {exc}"
    return ""


# ---- the whole job ------------------------------------------------------------------------------

def _group_needs(kit: Kit, todo: list[Task], now: dt.datetime) -> dict[str, list[Shared]]:
    """For each group task to run, the shared files it is made from."""
    talks = {t.key: group_talk(kit.season, t.key.split(":", 1)[1], now) for t in todo if t.key.startswith("group:")}
    return {key: needs(kit, talk) if talk else [] for key, talk in talks.items()}


def _run_tasks(kit: Kit, todo: list[Task], out: Path, now: dt.datetime, kit_digest: str,
               jobs: int | None) -> Iterator[Outcome]:
    """Yield each task's outcome as it finishes, the work spread over ``jobs`` worker processes.

    The shared files go first, each made by one worker (no two groups make the same one); the calendar and
    handouts meanwhile; each group as soon as the shared files it needs are made, so no worker waits for the
    last of them."""
    workers = max(1, min(jobs or os.cpu_count() or 1, len(todo)))
    group_needs = _group_needs(kit, todo, now)
    # Most-needed first: the groups they unblock can start while the rest is made.
    counts = Counter(item for items in group_needs.values() for item in items)
    order = sorted(batches(counts), key=lambda b: (b[0].kind != "talk", -sum(counts[i] for i in b), b))
    with ProcessPoolExecutor(max_workers=workers, mp_context=_pool_context(kit), initializer=_start_worker,
                             initargs=(kit,)) as pool:
        shared = {pool.submit(_prepare_in_worker, batch, str(out), kit_digest): batch for batch in order}
        running: set[Future] = {pool.submit(_run_in_worker, t.key, str(out), now, kit_digest)
                                for t in todo if t.key not in group_needs}
        made: set[Shared] = set()
        while group_needs or running:
            for key in [k for k, items in group_needs.items() if made.issuperset(items)]:
                running.add(pool.submit(_run_in_worker, key, str(out), now, kit_digest))
                del group_needs[key]
            done, _ = wait(running | shared.keys(), return_when=FIRST_COMPLETED)
            for future in done:
                if future in shared:
                    made.update(shared.pop(future))
                else:
                    running.discard(future)
                    yield future.result()


def build_season(kit: Kit, out: Path, *, force: bool = False, jobs: int | None = None,
                 now: dt.datetime | None = None,
                 progress: Callable[[Outcome, int, int], None] | None = None) -> list[Outcome]:
    """Build what changed; ``progress(outcome, done, total)`` is called as each task finishes or is skipped."""
    kit.require_readable()  # a broken slide or events file is refused before OUT is made
    season = kit.season
    now = now or dt.datetime.now(kit.profile.zone)
    out = ensure_dir(Path(out))
    shutil.rmtree(out / HANDOVER, ignore_errors=True)  # left by a build that was stopped
    previous = _load_manifest(out)
    manifest = {} if force else dict(previous)
    kit_digest = _kit_inputs_digest(kit)
    unavailable = printing_unavailable()
    if unavailable:  # decks, calendars and invitations are still built
        warnings.warn(PrintingSkipped(unavailable), stacklevel=2)
    tasks = plan_tasks(season, kit.state, now, kit_digest, printing=unavailable is None)
    outcomes = [Outcome(t.key, "skipped", tuple(manifest[t.key]["outputs"])) for t in tasks
                if _up_to_date(t, manifest, out)]
    todo = [t for t in tasks if not _up_to_date(t, manifest, out)]
    for done, outcome in enumerate(outcomes, 1):
        if progress:
            progress(outcome, done, len(tasks))
    digests = {t.key: t.digest for t in tasks}
    if todo:
        try:
            for outcome in _run_tasks(kit, todo, out, now, kit_digest, jobs):
                outcomes.append(outcome)
                if outcome.status == "built":
                    manifest[outcome.key] = {"digest": digests[outcome.key], "outputs": list(outcome.outputs)}
                elif outcome.key in previous:  # failed: keep the last good outputs, to be rebuilt next time
                    manifest[outcome.key] = previous[outcome.key]
                if progress:
                    progress(outcome, len(outcomes), len(tasks))
        finally:
            gc.unfreeze()  # the calling process may live on (`demo`, a test run): collect its garbage again
    manifest = {k: v for k, v in manifest.items() if k in digests}
    _remove_outputs(out, _outputs(previous) - _outputs(manifest))
    for stale in (out / CACHE).glob("*"):
        if stale.is_file() and not stale.name.startswith(kit_digest[:16]):
            stale.unlink()
    shutil.rmtree(out / HANDOVER, ignore_errors=True)  # sheets no group took (its task failed)
    write_text(out / MANIFEST, json.dumps(manifest, indent=1, sort_keys=True))
    order = {t.key: i for i, t in enumerate(tasks)}
    return sorted(outcomes, key=lambda o: order[o.key])
