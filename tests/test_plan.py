"""The planner: timing table, fitting optional modules to a length, refusing plans outside the range."""

from pathlib import Path

import pytest

from kit.errors import PlanError
from kit.workspace import Kit

MODULE = """---
id: {id}
title: Module {id}
minutes: {minutes}
audiences: [test-audience]
sources: []
optional: {optional}
priority: {priority}
---

## Slide of {id}

- text
"""

RECIPE = """
[recipes.timed]
title = "Timed talk"
audience = "test-audience"
target = [45, 60]
qa_minutes = 10
sections = [
  {{ title = "First", modules = ["req-a", "opt-low"] }},
  {{ title = "Second", modules = [{second}] }},
  {{ title = "Close", modules = ["req-close"] }},
]
"""


@pytest.fixture
def timed_kit(example_kit: Path) -> Path:
    modules = [("req-a", 15, False, 50), ("opt-low", 5, True, 10), ("opt-high", 6, True, 90),
               ("req-b", 12, False, 50), ("req-close", 2, False, 50), ("opt-extra", 4, True, 70)]
    for mid, minutes, optional, priority in modules:
        (example_kit / "slides" / f"{mid}.md").write_text(
            MODULE.format(id=mid, minutes=minutes, optional=str(optional).lower(), priority=priority))
    return example_kit


def set_recipe(kit: Path, second: str) -> None:
    (kit / "kit.toml").write_text((kit / "kit.toml").read_text() + RECIPE.format(second=second))


def test_timing_table_runs_start_to_end(timed_kit):
    set_recipe(timed_kit, '"opt-high", "req-b"')
    plan = Kit.open(timed_kit).plan("timed")
    rows = plan.rows()
    assert [r[0] for r in rows] == ["(opening)", "req-a", "opt-low", "opt-high", "req-b", "req-close", "(q-and-a)"]
    for before, after in zip(rows, rows[1:], strict=False):
        assert after[3] == before[4]
    assert plan.total == 1 + 15 + 5 + 6 + 12 + 2 + 10 == rows[-1][4]
    assert plan.sections == [("First", 1, 21), ("Second", 21, 39), ("Close", 39, 41)]


def test_minutes_drops_lowest_priority_first(timed_kit):
    set_recipe(timed_kit, '"opt-high", "req-b"')
    plan = Kit.open(timed_kit).plan("timed", minutes=46)
    ids = [e.module.id for e in plan.entries]
    assert "opt-low" not in ids and "opt-high" in ids
    assert plan.total <= 46


def test_minutes_adds_optional_modules_by_priority(timed_kit):
    set_recipe(timed_kit, '"req-b"')
    plan = Kit.open(timed_kit).plan("timed", minutes=60)
    ids = [e.module.id for e in plan.entries]
    assert ids.index("opt-high") < ids.index("req-close")
    assert "opt-extra" in ids
    assert plan.total <= 60


def test_plan_under_range_says_by_how_much_and_what_to_add(timed_kit, cli):
    set_recipe(timed_kit, '"req-b"')
    (timed_kit / "slides" / "req-b.md").write_text(
        MODULE.format(id="req-b", minutes=1, optional="false", priority=50))
    result = cli("deck", "plan", "--kit", timed_kit, "--recipe", "timed")
    assert result.exit_code == 2
    assert "min under the 45-minute minimum; add optional modules: opt-high (6 min)" in result.stderr


def test_plan_over_range_names_modules_to_drop(timed_kit, cli):
    set_recipe(timed_kit, '"opt-high", "req-b"')
    (timed_kit / "slides" / "req-b.md").write_text(
        MODULE.format(id="req-b", minutes=25, optional="false", priority=50))
    result = cli("deck", "plan", "--kit", timed_kit, "--recipe", "timed")
    assert result.exit_code == 2
    assert "plan runs 64 min, 4 min over the 60-minute limit; drop optional modules: opt-low (5 min)" in result.stderr


def test_minutes_outside_target_is_refused(timed_kit):
    set_recipe(timed_kit, '"req-b"')
    with pytest.raises(PlanError, match="outside the recipe's 45-60 minute target"):
        Kit.open(timed_kit).plan("timed", minutes=90)


def test_recipe_naming_unknown_module(timed_kit, cli):
    set_recipe(timed_kit, '"req-bb"')
    result = cli("deck", "plan", "--kit", timed_kit, "--recipe", "timed")
    assert result.exit_code == 2
    assert "names module 'req-bb', which is in no slides folder (did you mean 'req-b'?)" in result.stderr
    assert "kit.toml" in result.stderr


def test_plan_command_prints_the_table(timed_kit, cli):
    set_recipe(timed_kit, '"opt-high", "req-b"')
    result = cli("deck", "plan", "--kit", timed_kit, "--recipe", "timed")
    assert result.exit_code == 0
    assert "timed: Timed talk (51 of 45-60 minutes)" in result.stdout
    assert "req-close" in result.stdout and "(q-and-a)" in result.stdout


def test_plan_command_prints_each_column_once(timed_kit, cli):
    """D8: the end of a row is the running total; it is printed once."""
    set_recipe(timed_kit, '"opt-high", "req-b"')
    lines = cli("deck", "plan", "--kit", timed_kit, "--recipe", "timed").stdout.splitlines()
    assert lines[1].split() == ["module", "min", "start", "end"]
    assert lines[2].split() == ["(opening)", "1", "0", "1"]
