"""``blockwatch demo``: everything the built-in example kit makes, in one folder."""

from __future__ import annotations

import shutil
from pathlib import Path

from .deck import DeckOptions
from .files import ensure_dir
from .resources import example_kit_path
from .workspace import build_deck_files, open_workspace


def run_demo(out: Path):
    """Copy the example kit into ``out/kit`` (so its state file stays there) and build from the copy."""
    out = ensure_dir(Path(out))
    kit_dir = out / "kit"
    if kit_dir.exists():
        shutil.rmtree(kit_dir)
    shutil.copytree(example_kit_path(), kit_dir)
    yield f"copied the example kit to {kit_dir}"
    workspace = open_workspace(kit_dir)
    for recipe_id in sorted(workspace.library.recipes):
        deck, runsheet = build_deck_files(workspace, DeckOptions(recipe=recipe_id), out / "decks" / f"{recipe_id}.pptx")
        yield f"deck {deck.path} ({len(deck.slides)} slides, {deck.plan.total:g} min) and {runsheet.name}"
