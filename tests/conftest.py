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
