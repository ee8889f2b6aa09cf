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
