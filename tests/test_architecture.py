"""The house's shape: module sizes, and docs/architecture.md naming files and symbols that exist."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
MAX_LINES = 450


@pytest.mark.parametrize("path", sorted((ROOT / "kit").rglob("*.py")), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_module_in_kit_is_over_450_lines(path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{path.relative_to(ROOT)} has {lines} lines; split it by concern"


def _table(heading: str) -> list[list[str]]:
    """The rows of the Markdown table under ``heading`` in docs/architecture.md, cells stripped."""
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    lines = text.split(heading, 1)[1].splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("|"))
    end = next((i for i in range(start, len(lines)) if not lines[i].startswith("|")), len(lines))
    return [[cell.strip() for cell in line.strip("|").split("|")] for line in lines[start + 2:end]]


def _defines(path: Path, symbol: str) -> bool:
    import ast
    import re

    text = path.read_text(encoding="utf-8")
    if path.suffix == ".py":
        names = set()
        for node in ast.parse(text).body:
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
                names.add(node.name)
            elif isinstance(node, ast.Assign):
                names |= {t.id for t in node.targets if isinstance(t, ast.Name)}
        return symbol in names
    if path.suffix == ".css":
        return re.search(rf"{re.escape(symbol)}\s*:", text) is not None
    if path.suffix in (".yaml", ".yml"):
        return re.search(rf"^\s*-?\s*{re.escape(symbol)}\s*:", text, re.M) is not None
    if path.suffix == ".toml":
        return re.search(rf"^(\[{re.escape(symbol)}[\].]|{re.escape(symbol)}\s*=)", text, re.M) is not None
    return False


WHERE = _table("## Where do I change")


def test_the_page_answers_at_least_ten_changes():
    assert len(WHERE) >= 10


@pytest.mark.parametrize("change,place,symbol", WHERE, ids=[row[0] for row in WHERE])
def test_each_answer_names_a_file_and_a_symbol_that_exist(change, place, symbol):
    path = ROOT / place.strip("`")
    assert path.is_file(), place
    assert _defines(path, symbol.strip("`")), f"{symbol} is not defined in {place}"


def test_every_room_exists():
    import re

    for room, _holds in _table("## The rooms"):
        for name in re.findall(r"`([^`]+)`", room):
            assert (ROOT / name).exists(), name
