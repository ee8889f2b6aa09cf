"""Where built-in data lives, for an installed wheel and for a source checkout alike."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

_PACKAGE = Path(str(files("kit")))


def data_path(*parts: str) -> Path:
    """A file under ``kit/data`` (contacts table, fonts, the .pptx template, banned terms)."""
    return _PACKAGE.joinpath("data", *parts)


def template_path(*parts: str) -> Path:
    return _PACKAGE.joinpath("templates", *parts)


def builtin_path(name: str) -> Path:
    """``slides`` or ``events``: packed into ``kit/builtin`` in the wheel, beside ``kit/`` in a checkout."""
    packed = _PACKAGE / "builtin" / name
    return packed if packed.is_dir() else _PACKAGE.parent / name


def example_kit_path() -> Path:
    return builtin_path("events") / "example"
