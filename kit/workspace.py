"""A kit folder as one object: its profile, its slide library, and the jobs that start from it."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import jinja2

from .content import Library, load_library
from .errors import ProfileError
from .plan import Plan, plan_deck
from .profile import KIT_FILE, Profile, load_profile, parse_profile
from .files import ensure_dir, write_text
from .readers import parse_toml
from .resources import example_kit_path, template_path


@dataclass(frozen=True)
class Workspace:
    profile: Profile
    library: Library

    def plan(self, recipe_id: str | None = None, minutes: float | None = None) -> Plan:
        return plan_deck(self.library, self.library.recipe(recipe_id or self.profile.default_recipe), minutes)


def open_workspace(kit_dir: Path) -> Workspace:
    profile = load_profile(kit_dir)
    return Workspace(profile=profile, library=load_library(profile))


def init_kit(target: Path, *, agency: str, state: str, timezone: str, non_emergency: str, example: bool) -> Path:
    """A new kit: the example kit's copy, or a commented kit.toml with empty slides/ and events/ folders."""
    if (target / KIT_FILE).exists():
        raise ProfileError(f"already holds a {KIT_FILE}; choose an empty folder", where=target)
    if example:
        ensure_dir(target.parent)
        shutil.copytree(example_kit_path(), target, dirs_exist_ok=True)
        return target / KIT_FILE
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    env.filters["toml"] = toml_string
    text = env.from_string(template_path("kit.toml.j2").read_text(encoding="utf-8")).render(
        agency=agency, state=state.upper(), timezone=timezone, non_emergency=non_emergency)
    where = f"{target / KIT_FILE} (from the options given)"
    parse_profile(parse_toml(text, ProfileError, where=where), kit_dir=target, where=where)
    for folder in ("slides", "events"):
        ensure_dir(target / folder)
    return write_text(target / KIT_FILE, text)


def toml_string(value: str) -> str:
    """``value`` as a TOML string, quotes and control characters escaped by a real TOML writer."""
    import tomli_w

    return tomli_w.dumps({"v": value}).partition(" = ")[2].rstrip("\n")


def build_deck_files(workspace: Workspace, options, out: Path | None):
    """The deck and its run-sheet beside it (``NAME.pptx`` and ``NAME-runsheet.md``)."""
    from .deck import build_deck
    from .runsheet import runsheet_markdown

    plan = workspace.plan(options.recipe, options.minutes)
    out = Path(out or f"{plan.recipe.id}.pptx")
    if out.suffix.lower() != ".pptx":
        raise ProfileError("the deck must be a .pptx file", where=out, hint="pptx-out")
    ensure_dir(out.parent)
    deck = build_deck(workspace.profile, workspace.library, plan, options, out)
    presenter = workspace.profile.presenter(options.presenter)
    text = runsheet_markdown(plan, start=options.start, agency=workspace.profile.agency.name,
                             presenter=presenter.name, deck_name=out.name)
    runsheet = write_text(out.with_name(f"{out.stem}-runsheet.md"), text)
    return deck, runsheet
