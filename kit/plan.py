"""Recipe + library -> a timed plan. Pure: no files, no profile, easy to test."""

from __future__ import annotations

from dataclasses import dataclass

from .content import Library, Module
from .errors import PlanError
from .recipes import Recipe

OPENING_MINUTES = 1.0  # title and agenda slides


@dataclass(frozen=True)
class Entry:
    module: Module
    section: str
    start: float
    end: float

    @property
    def minutes(self) -> float:
        return self.end - self.start


@dataclass(frozen=True)
class Plan:
    recipe: Recipe
    entries: tuple[Entry, ...]
    qa_start: float
    total: float

    @property
    def sections(self) -> list[tuple[str, float, float]]:
        """(title, start, end) of each titled section, in order."""
        spans: dict[str, list[float]] = {}
        for entry in self.entries:
            if entry.section:
                span = spans.setdefault(entry.section, [entry.start, entry.end])
                span[1] = entry.end
        return [(title, start, end) for title, (start, end) in spans.items()]

    def rows(self) -> list[tuple[str, str, float, float, float]]:
        """The timing table: (id, title, minutes, start, end); the end is also the running total."""
        rows = [("(opening)", "Title and agenda", OPENING_MINUTES, 0.0, OPENING_MINUTES)]
        rows += [(e.module.id, e.module.title, e.minutes, e.start, e.end) for e in self.entries]
        if self.recipe.qa_minutes:
            rows.append(("(q-and-a)", "Questions and answers", self.recipe.qa_minutes, self.qa_start, self.total))
        return rows


def plan_deck(library: Library, recipe: Recipe, minutes: float | None = None) -> Plan:
    low, high = recipe.target
    if minutes is not None and not low <= minutes <= high:
        raise PlanError(f"{minutes:g} minutes is outside the recipe's {low:g}-{high:g} minute target; "
                        f"choose a length in that range", where=f"recipe '{recipe.id}'", field="minutes")
    chosen = _fit(library, recipe, minutes) if minutes is not None else _recipe_modules(library, recipe)
    plan = _timed(recipe, chosen)
    _check_range(plan, library, recipe, minutes)
    return plan


def _recipe_modules(library: Library, recipe: Recipe) -> list[tuple[str, Module]]:
    return [(section.title, library.module(mid, where=recipe.where or f"recipe '{recipe.id}'"))
            for section in recipe.sections for mid in section.modules]


def _fit(library: Library, recipe: Recipe, minutes: float) -> list[tuple[str, Module]]:
    """Drop optional modules, lowest priority first, then add others, highest first, to land on ``minutes``."""
    chosen = _recipe_modules(library, recipe)
    for pair in sorted((pair for pair in chosen if pair[1].optional), key=lambda pair: pair[1].priority):
        if _total(recipe, chosen) <= minutes:
            break
        chosen.remove(pair)
    used = {module.id for _, module in chosen}
    extras = sorted((m for m in library.modules.values()
                     if m.optional and m.id not in used and recipe.audience in m.audiences),
                    key=lambda m: -m.priority)
    extra_section = recipe.sections[-2].title if len(recipe.sections) > 1 else recipe.sections[-1].title
    insert_at = max((i for i, (title, _) in enumerate(chosen) if title == extra_section), default=len(chosen) - 1) + 1
    for module in extras:
        if _total(recipe, chosen) + module.minutes <= minutes:
            chosen.insert(insert_at, (extra_section, module))
            insert_at += 1
    return chosen


def _total(recipe: Recipe, chosen) -> float:
    return OPENING_MINUTES + sum(module.minutes for _, module in chosen) + recipe.qa_minutes


def _timed(recipe: Recipe, chosen: list[tuple[str, Module]]) -> Plan:
    clock = OPENING_MINUTES
    entries = []
    for section, module in chosen:
        entries.append(Entry(module=module, section=section, start=clock, end=clock + module.minutes))
        clock += module.minutes
    return Plan(recipe=recipe, entries=tuple(entries), qa_start=clock, total=clock + recipe.qa_minutes)


def _check_range(plan: Plan, library: Library, recipe: Recipe, minutes: float | None) -> None:
    low, high = recipe.target
    ceiling = minutes if minutes is not None else high
    where = f"recipe '{recipe.id}'"
    if plan.total > ceiling:
        over = plan.total - ceiling
        droppable = sorted((e.module for e in plan.entries if e.module.optional), key=lambda m: m.priority)
        advice = _advice("drop optional modules", droppable, over) or "no optional module is left to drop; shorten " \
                 "required modules or lower qa_minutes"
        raise PlanError(f"plan runs {plan.total:g} min, {over:g} min over the {ceiling:g}-minute limit; {advice}",
                        where=where)
    if plan.total < low:
        under = low - plan.total
        used = {e.module.id for e in plan.entries}
        addable = sorted((m for m in library.modules.values() if m.optional and m.id not in used),
                         key=lambda m: -m.priority)
        advice = _advice("add optional modules", addable, under) or "no optional module is left to add; " \
                 "raise qa_minutes or add modules"
        raise PlanError(f"plan runs {plan.total:g} min, {under:g} min under the {low:g}-minute minimum; {advice}",
                        where=where)


def _advice(verb: str, modules: list[Module], minutes: float) -> str:
    picked, covered = [], 0.0
    for module in modules:
        if covered >= minutes:
            break
        picked.append(f"{module.id} ({module.minutes:g} min)")
        covered += module.minutes
    return f"{verb}: {', '.join(picked)}" if picked else ""

