"""``blockwatch demo``: everything the built-in example kit makes, in one folder."""

from __future__ import annotations

import hashlib
import shutil
import warnings
from pathlib import Path
from typing import Iterator

from .deck import DeckOptions
from .errors import RenderError
from .files import ensure_dir, write_text
from .pdf import PrintingSkipped, printing_unavailable
from .resources import example_kit_path
from .state import STATE_FILE
from .workspace import Kit


# Beside the copy: the digest of the example as copied, to tell the user's edits from an older example.
COPIED = ".example-kit-digest"


def _fresh_copy(kit_dir: Path, marker: Path) -> str:
    """Copy the example kit, unless the copy a demo made before has been edited since: a second demo keeps the
    user's edits and builds them."""
    if kit_dir.exists():
        if marker.is_file() and marker.read_text(encoding="utf-8") != _digest(kit_dir):
            return f"kept your edited kit in {kit_dir} (delete it to start again from the example)"
        shutil.rmtree(kit_dir)
    shutil.copytree(example_kit_path(), kit_dir)
    write_text(marker, _digest(kit_dir))
    return f"copied the example kit to {kit_dir}"


def _digest(kit_dir: Path) -> str:
    # The files a user edits; the state file and the build's own records change without them.
    files = sorted(p for p in kit_dir.rglob("*") if p.is_file() and p.name != STATE_FILE)
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.relative_to(kit_dir).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def run_demo(out: Path) -> Iterator[str]:
    """Copy the example kit into ``out/kit`` (its state file stays there), then build every recipe's deck
    into ``out/decks``, the whole season (calendars, invitations, sheets, handouts) into ``out/season``, and
    the season report on the example's sample attendance and cards into ``out/report``. On a machine that
    cannot make PDFs the decks, calendars and invitations are still written, and one note says what was not."""
    out = ensure_dir(Path(out))
    kit_dir = out / "kit"
    yield _fresh_copy(kit_dir, out / COPIED)
    kit = Kit.open(kit_dir)
    unavailable = printing_unavailable()
    if unavailable:  # said once: the season's build and the report skip their PDFs for the same reason
        warnings.warn(PrintingSkipped(unavailable), stacklevel=2)
    for recipe_id in sorted(kit.library.recipes):
        deck, written = kit.build_deck(DeckOptions(recipe=recipe_id, materials=unavailable is None),
                                       out / "decks" / f"{recipe_id}.pptx")
        yield (f"deck {deck.path} ({len(deck.slides)} slides, {deck.plan.total:g} min) and "
               f"{', '.join(path.name for path in written)}")
    outcomes = kit.build_season(out / "season")
    files = sum(len(o.outputs) for o in outcomes)
    groups = sum(o.key.startswith("group:") for o in outcomes)
    made = ("calendar/, and per group: deck, run-sheet, invitations" if unavailable else
            "calendar/, handouts/, and per group: deck, run-sheet, script, take-home, invitations, sheets")
    yield f"season {out / 'season'}: {files} files for {groups} groups ({made})"
    failed = [o for o in outcomes if o.status == "failed"]
    if failed:
        raise RenderError(f"{len(failed)} season task(s) failed; first: {failed[0].key}: {failed[0].error}",
                          where=out / "season")
    if unavailable:  # the report is a PDF too; the note above said so
        return
    written = kit.write_report(out / "report")
    yield f"report {out / 'report'}: {', '.join(path.name for path in written)} (on the example's sample data)"
