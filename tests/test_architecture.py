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
