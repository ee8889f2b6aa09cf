"""Shared fixtures: a fresh copy of the built-in example kit, and a way to run the CLI."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli import app
from kit.resources import example_kit_path


@pytest.fixture
def example_kit(tmp_path: Path) -> Path:
    """A writable copy of the example kit (Lakeview PD, Colorado)."""
    target = tmp_path / "kit"
    shutil.copytree(example_kit_path(), target)
    return target


@pytest.fixture
def cli():
    """Run ``blockwatch ARGS...``; returns the click Result (exit_code, stdout, stderr)."""
    runner = CliRunner()

    def run(*args: str, input: str | None = None):
        return runner.invoke(app, [str(a) for a in args], input=input, catch_exceptions=False)

    return run


@pytest.fixture
def add_module():
    """Write a slide module into a kit's own slides/ folder."""

    def write(kit: Path, name: str, text: str) -> Path:
        path = kit / "slides" / name
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.fixture
def add_recipe():
    """Append a recipe of the given module ids (one section, no Q&A, 1-60 minutes) to a kit's kit.toml."""

    def append(kit: Path, recipe_id: str, modules: list[str]) -> str:
        ids = ", ".join(f'"{m}"' for m in modules)
        text = (f'\n[recipes.{recipe_id}]\ntitle = "Recipe {recipe_id}"\ntarget = [1, 60]\nqa_minutes = 0\n'
                f'sections = [{{ title = "Only section", modules = [{ids}] }}]\n')
        path = kit / "kit.toml"
        path.write_text(path.read_text() + text)
        return recipe_id

    return append


@pytest.fixture(scope="session")
def example_profile():
    """The example kit's profile, read-only (frozen), shared so PDF-rendering tests can share module fixtures."""
    from kit.profile import load_profile

    return load_profile(example_kit_path())


@pytest.fixture(scope="session")
def sessions(example_profile):
    """Two sessions built by hand (the season loader lives on another branch)."""
    import datetime as dt

    from kit.events import Group, Person, Session, Venue

    zone = example_profile.zone
    group = Group(
        id="maple-street",
        name="Maple Street Block Watch",
        neighborhood="North Lakeview",
        coordinator=Person(name="Pat Doe", email="pat@example.org"),
        venue=Venue(name="Lakeview Community Church, Fellowship Hall", address="410 Maple Street, Lakeview, CO"),
    )
    presenter = example_profile.presenters[0]

    def session(sid: str, day: int, capacity: int, **extra) -> Session:
        start = dt.datetime(2027, 3, day, 18, 30, tzinfo=zone)
        return Session(id=sid, group=group, start=start, end=start + dt.timedelta(hours=1), presenter=presenter,
                       recipe="block-watch-60", capacity=capacity,
                       topic="Child sex and labor trafficking: what to look for and where to call", **extra)

    return (
        session("maple-2027-03", 9, 25),
        session("maple-2027-04", 16, 12),
        session("maple-2027-05", 23, 20, cancelled=True),
    )
