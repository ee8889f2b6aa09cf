"""Where built-in data lives, for an installed wheel and for a source checkout alike."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from .errors import ContentError, close_matches

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


def guides() -> dict[str, str]:
    """The guides that messages name as ``docs/NAME.md``, by name, with their titles (in the wheel too)."""
    return {name: path.read_text(encoding="utf-8").partition("\n")[0].lstrip("# ")
            for name, path in _guide_files().items()}


def guide(name: str) -> str:
    """The Markdown text of one guide; ``docs/events.md`` and ``events`` both name it."""
    pages = _guide_files()
    stem = Path(name).stem
    if stem not in pages:
        raise ContentError(f"no guide named '{name}'; the guides are {', '.join(pages)}",
                           suggestions=close_matches(stem, pages))
    return pages[stem].read_text(encoding="utf-8")


def _guide_files() -> dict[str, Path]:
    return {path.stem: path for path in sorted(builtin_path("docs").glob("*.md"))}
