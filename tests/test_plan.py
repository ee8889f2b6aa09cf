"""The planner: timing table, fitting optional modules to a length, keeping required topics and the recipe's
order, refusing plans outside the range; and the built-in recipes' lengths and topics."""

from pathlib import Path

import pytest

from kit.errors import PlanError
from kit.plan import shortest_plan
from kit.resources import example_kit_path
from kit.workspace import Kit

MODULE = """---
id: {id}
title: Module {id}
minutes: {minutes}
audiences: [{audience}]
sources: []
optional: {optional}
priority: {priority}
topics: [{topics}]
section: "{section}"
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
topics = [{topics}]
sections = [
  {{ title = "First", modules = ["req-a", "opt-low"] }},
  {{ title = "Second", modules = [{second}] }},
  {{ title = "Close", modules = ["req-close"] }},
]
"""
# id, minutes, optional, priority, topics, section (where the planner may add it when the recipe lacks it)
MODULES = [("req-a", 15, False, 50, "", ""), ("opt-low", 5, True, 10, "recruitment", ""),
           ("opt-high", 6, True, 90, "", "Second"), ("req-b", 12, False, 50, "", ""),
           ("req-close", 2, False, 50, "", ""), ("opt-extra", 4, True, 70, "", "Second")]


def write_module(kit: Path, mid, minutes, optional, priority, topics="", section="", audience="test-audience"):
    (kit / "slides" / f"{mid}.md").write_text(MODULE.format(
        id=mid, minutes=minutes, optional=str(optional).lower(), priority=priority, topics=topics, section=section,
        audience=audience))


@pytest.fixture
def timed_kit(example_kit: Path) -> Path:
    for values in MODULES:
        write_module(example_kit, *values)
    return example_kit


def set_recipe(kit: Path, second: str, topics: str = "") -> None:
    (kit / "kit.toml").write_text((kit / "kit.toml").read_text() + RECIPE.format(second=second, topics=topics))


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


def test_minutes_adds_optional_modules_by_priority_into_their_own_section(timed_kit):
    set_recipe(timed_kit, '"req-b"')
    plan = Kit.open(timed_kit).plan("timed", minutes=60)
    assert [(e.module.id, e.section) for e in plan.entries] == [
        ("req-a", "First"), ("opt-low", "First"), ("req-b", "Second"), ("opt-high", "Second"),
        ("opt-extra", "Second"), ("req-close", "Close")]
    assert plan.total == 55


def test_a_module_neither_recipe_nor_module_places_is_never_added(timed_kit):
    set_recipe(timed_kit, '"req-b"')
    write_module(timed_kit, "opt-extra", 4, True, 70)  # no section
    plan = Kit.open(timed_kit).plan("timed", minutes=60)
    assert "opt-extra" not in [e.module.id for e in plan.entries]


def test_minutes_keeps_the_last_module_on_a_required_topic(timed_kit):
    set_recipe(timed_kit, '"opt-high", "req-b"', topics='"recruitment"')
    plan = Kit.open(timed_kit).plan("timed", minutes=46)
    ids = [e.module.id for e in plan.entries]
    assert "opt-low" in ids and "opt-high" not in ids  # opt-low has the lower priority but the only "recruitment"
    assert plan.total == 45


def test_a_dropped_recipe_module_comes_back_in_its_own_place(timed_kit):
    set_recipe(timed_kit, '"opt-high", "req-b"')
    write_module(timed_kit, "opt-low", 1, True, 10)
    write_module(timed_kit, "opt-high", 6, True, 20)
    plan = Kit.open(timed_kit).plan("timed", minutes=45)  # drops opt-low, then opt-high; adds back two
    assert [(e.module.id, e.section) for e in plan.entries] == [
        ("req-a", "First"), ("opt-low", "First"), ("req-b", "Second"), ("opt-extra", "Second"), ("req-close", "Close")]
    assert plan.total == 45


def test_plan_under_range_says_by_how_much_and_what_to_add(timed_kit, cli):
    set_recipe(timed_kit, '"req-b"')
    write_module(timed_kit, "req-b", 1, False, 50)
    result = cli("deck", "plan", "--kit", timed_kit, "--recipe", "timed")
    assert result.exit_code == 2
    assert "min under the 45-minute minimum; add optional modules: opt-high (6 min)" in result.stderr


def test_plan_over_range_names_modules_to_drop(timed_kit, cli):
    set_recipe(timed_kit, '"opt-high", "req-b"')
    write_module(timed_kit, "req-b", 25, False, 50)
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


def test_minutes_below_the_shortest_plan_names_the_cuts_and_their_cost(timed_kit, cli):
    set_recipe(timed_kit, '"opt-high", "req-b"', topics='"recruitment"')
    result = cli("deck", "plan", "--kit", timed_kit, "--recipe", "timed", "--minutes", 40)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    # shortest: opt-high dropped, opt-low kept for "recruitment": 1 + 15 + 5 + 12 + 2 + 10 = 45
    assert ("40 minutes is below the shortest plan, 45 min" in result.stderr
            and "cut opt-low (5 min: loses topic recruitment), or shorten Q&A from 10 to 5 minutes" in result.stderr)


def test_too_short_offers_a_recipe_that_fits_as_data_the_command_line_words(timed_kit, cli):
    set_recipe(timed_kit, '"opt-high", "req-b"', topics='"recruitment"')
    path = timed_kit / "kit.toml"
    path.write_text(path.read_text() + '\n[recipes.quick]\ntitle = "Quick"\naudience = "test-audience"\n'
                    'target = [30, 45]\nqa_minutes = 5\nmodules = ["req-a", "req-close"]\n')
    with pytest.raises(PlanError) as raised:
        Kit.open(timed_kit).plan("timed", minutes=40)
    assert raised.value.details == {"recipe": "quick", "cuts": ("opt-low",)} and "--" not in str(raised.value)
    result = cli("deck", "plan", "--kit", timed_kit, "--recipe", "timed", "--minutes", 40)
    assert result.exit_code == 2
    assert result.stderr.rstrip().endswith("in a recipe of your own; or use --recipe quick")


def test_a_required_topic_no_module_covers_is_refused(timed_kit, cli):
    set_recipe(timed_kit, '"req-b"', topics='"after-a-call"')
    result = cli("deck", "plan", "--kit", timed_kit, "--recipe", "timed")
    assert result.exit_code == 2
    assert "requires topic 'after-a-call', which none of its modules covers" in result.stderr


def test_unknown_topic_is_refused_with_a_suggestion(timed_kit, cli):
    write_module(timed_kit, "req-b", 12, False, 50, topics="after-call")
    result = cli("deck", "plan", "--kit", timed_kit)
    assert result.exit_code == 2
    assert "names the unknown topic 'after-call' (did you mean 'after-a-call'?)" in result.stderr


def test_advice_only_names_modules_the_audience_can_use(timed_kit, cli):
    set_recipe(timed_kit, '"req-b"')
    write_module(timed_kit, "req-b", 1, False, 50)
    write_module(timed_kit, "other-audience", 8, True, 99, section="Second", audience="first-reporters")
    result = cli("deck", "plan", "--kit", timed_kit, "--recipe", "timed")
    assert result.exit_code == 2
    assert "add optional modules: opt-high (6 min), opt-extra (4 min)" in result.stderr
    assert "other-audience" not in result.stderr


# ---- the built-in recipes ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def library():
    return Kit.open(example_kit_path()).library


def covered(plan) -> set[str]:
    return {topic for entry in plan.entries for topic in entry.module.topics}


def test_every_builtin_recipe_covers_its_topics_at_default_and_shortest_length(library):
    from kit.plan import plan_deck

    for recipe in library.recipes.values():
        assert recipe.topics, recipe.id
        default = plan_deck(library, recipe)
        shortest = plan_deck(library, recipe, max(shortest_plan(library, recipe).total, recipe.target[0]))
        for plan in (default, shortest):
            assert set(recipe.topics) <= covered(plan), (recipe.id, plan.total, set(recipe.topics) - covered(plan))


def test_block_watch_talks_cover_the_toledo_topics_a_disclosure_and_the_after_call(library):
    toledo = {"national-statistics", "local-statistics", "recruitment", "those-involved", "how-victimized",
              "recruiting-areas", "control", "why-no-help", "what-to-look-for", "where-to-call"}
    for recipe_id in ("block-watch-45", "block-watch-60"):
        assert toledo | {"if-a-child-tells", "after-a-call", "labor-trafficking"} <= set(
            library.recipes[recipe_id].topics), recipe_id


def test_block_watch_45_fits_45_minutes_and_60_fits_60(library):
    from kit.plan import plan_deck

    assert plan_deck(library, library.recipes["block-watch-45"]).total <= 45
    assert plan_deck(library, library.recipes["block-watch-60"]).total == 60


def test_block_watch_60_at_50_minutes_keeps_the_recipe_order(library):
    from kit.plan import plan_deck

    recipe = library.recipes["block-watch-60"]
    plan = plan_deck(library, recipe, 50)
    ids = [e.module.id for e in plan.entries]
    assert ids == [mid for mid in recipe.module_ids if mid in ids]  # a subsequence of the recipe, in order
    assert [e.section for e in plan.entries] == [s.title for s in recipe.sections for mid in s.modules if mid in ids]
    assert ids.index("those-involved") < ids.index("where-to-call")  # the buyers slide comes before "who to call"
    assert 49 <= plan.total <= 50


def test_plan_command_prints_each_column_once(timed_kit, cli):
    """D8: the end of a row is the running total; it is printed once."""
    set_recipe(timed_kit, '"opt-high", "req-b"')
    lines = cli("deck", "plan", "--kit", timed_kit, "--recipe", "timed").stdout.splitlines()
    assert lines[1].split() == ["module", "min", "start", "end"]
    assert lines[2].split() == ["(opening)", "1", "0", "1"]


def test_a_local_statistic_without_a_source_is_named_at_its_kit_toml_line(cli, example_kit, tmp_path):
    """M9: the statistic is shown on a built-in slide, but the fix is in kit.toml or the kit's bibliography."""
    path = example_kit / "kit.toml"
    path.write_text(path.read_text().replace('source = "co4kids-blog-2018-awareness-day"', 'source = "ohio-htf-2023"'))
    line = next(n for n, text in enumerate(path.read_text().splitlines(), 1) if "ohio-htf-2023" in text)
    for command in (("deck", "plan"), ("deck", "build", "--out", tmp_path / "d.pptx")):
        result = cli(*command, "--kit", example_kit)
        assert result.exit_code == 2 and result.stderr == (
            f"error: {path}:{line}: [stats.co_cross_country_2017] cites source 'ohio-htf-2023', which is in no "
            "bibliography; add it to slides/bibliography.yaml in this kit, or fix the id\n")
