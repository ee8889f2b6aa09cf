"""Recipe + library -> a timed plan. Pure: no files, no profile, easy to test.

A recipe names its modules in sections and the topics it must always cover. A length in minutes drops optional
modules, lowest priority first, but never the last module on a required topic; then it adds back whatever
fits, highest priority first, each in the section the recipe (or the module's own ``section``) gives it.
"""

from __future__ import annotations

from dataclasses import dataclass

from .content import Library, Module
from .errors import PlanError
from .languages import ENGLISH, Language, language
from .recipes import Recipe

OPENING_MINUTES = 1.0  # title and agenda slides
MIN_QA_MINUTES = 5.0  # the shortest Q&A the planner suggests when a talk is too long


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

    def rows(self, words: Language | None = None) -> list[tuple[str, str, float, float, float]]:
        """The timing table: (id, title, minutes, start, end); the end is also the running total. ``words``: the
        language the opening and Q&A rows are named in (the modules' titles are already in the plan's)."""
        say = (words or language(ENGLISH)).say
        rows = [("(opening)", say("plan.opening"), OPENING_MINUTES, 0.0, OPENING_MINUTES)]
        rows += [(e.module.id, e.module.title, e.minutes, e.start, e.end) for e in self.entries]
        if self.recipe.qa_minutes:
            rows.append(("(q-and-a)", say("plan.qa"), self.recipe.qa_minutes, self.qa_start, self.total))
        return rows


@dataclass(frozen=True)
class _Slot:
    """A module with its place in the recipe: sorting slots gives the recipe's order."""

    order: tuple[int, int]
    section: str
    module: Module


def plan_deck(library: Library, recipe: Recipe, minutes: float | None = None) -> Plan:
    low, high = recipe.target
    slots = _recipe_slots(library, recipe)
    _check_topics(library, recipe, slots)
    if minutes is not None:
        shortest = _drop_to(recipe, slots, 0)
        if minutes < _total(recipe, shortest):
            raise _too_short(library, recipe, shortest, minutes)
        if not low <= minutes <= high:
            raise PlanError(f"{minutes:g} minutes is outside the recipe's {low:g}-{high:g} minute target; "
                            f"choose a length in that range", where=f"recipe '{recipe.id}'")
    chosen = _fit(library, recipe, slots, minutes) if minutes is not None else slots
    plan = _timed(recipe, chosen)
    _check_range(plan, library, recipe, minutes)
    return plan


def shortest_plan(library: Library, recipe: Recipe) -> Plan:
    """The recipe with every optional module dropped that the required topics can spare."""
    return _timed(recipe, _drop_to(recipe, _recipe_slots(library, recipe), 0))


def _recipe_slots(library: Library, recipe: Recipe) -> list[_Slot]:
    return [_Slot((s, m), section.title, library.module(mid, where=recipe.location))
            for s, section in enumerate(recipe.sections) for m, mid in enumerate(section.modules)]


def _check_topics(library: Library, recipe: Recipe, slots: list[_Slot]) -> None:
    covered = {topic for slot in slots for topic in slot.module.topics}
    for topic in recipe.topics:
        if topic in covered:
            continue
        # Most often the kit's own copy of a module dropped the topic the built-in one covered: say which file.
        own = next((slot.module for slot in slots if slot.module.id in library.replaced
                    and topic in library.replaced[slot.module.id].topics), None)
        if own is not None:
            raise PlanError(f"recipe '{recipe.id}' requires topic '{topic}', which the built-in module '{own.id}' "
                            f"covered, but the kit's own {own.path.name} replaces it without the topic; add "
                            f"'{topic}' to its 'topics:' in the front matter", where=own.path, line=2)
        raise PlanError(f"recipe '{recipe.id}' requires topic '{topic}', which none of its modules covers; add "
                        f"a module whose front matter has 'topics: [{topic}]', or take it out of the recipe's "
                        f"topics", where=recipe.location)


def _is_last_cover(recipe: Recipe, slots: list[_Slot], slot: _Slot) -> bool:
    others = {topic for other in slots if other is not slot for topic in other.module.topics}
    return any(topic in recipe.topics and topic not in others for topic in slot.module.topics)


def _drop_to(recipe: Recipe, slots: list[_Slot], minutes: float) -> list[_Slot]:
    """Drop optional modules, lowest priority first, until the plan fits ``minutes`` or nothing may go."""
    chosen = list(slots)
    for slot in sorted((s for s in slots if s.module.optional), key=lambda s: s.module.priority):
        if _total(recipe, chosen) <= minutes:
            break
        if not _is_last_cover(recipe, chosen, slot):
            chosen.remove(slot)
    return chosen


def _fit(library: Library, recipe: Recipe, slots: list[_Slot], minutes: float) -> list[_Slot]:
    """Drop to ``minutes``, then add back what fits, highest priority first, in the recipe's order."""
    chosen = _drop_to(recipe, slots, minutes)
    candidates = [slot for slot in slots if slot not in chosen] + _extras(library, recipe)
    for slot in sorted(candidates, key=lambda s: -s.module.priority):
        if _total(recipe, chosen) + slot.module.minutes <= minutes:
            chosen.append(slot)
    return sorted(chosen, key=lambda s: s.order)


def _extras(library: Library, recipe: Recipe) -> list[_Slot]:
    """Optional modules outside the recipe that its audience can use and whose ``section`` the recipe has;
    each goes at the end of that section."""
    titles = [section.title for section in recipe.sections]
    return [_Slot((titles.index(m.section), len(recipe.sections[titles.index(m.section)].modules)), m.section, m)
            for m in _usable(library, recipe) if m.id not in recipe.module_ids and m.section in titles]


def _usable(library: Library, recipe: Recipe) -> list[Module]:
    return [m for m in library.modules.values() if m.optional and recipe.audience in m.audiences]


def _total(recipe: Recipe, chosen) -> float:
    return OPENING_MINUTES + sum(slot.module.minutes for slot in chosen) + recipe.qa_minutes


def _timed(recipe: Recipe, chosen: list[_Slot]) -> Plan:
    clock = OPENING_MINUTES
    entries = []
    for slot in chosen:
        entries.append(Entry(module=slot.module, section=slot.section, start=clock, end=clock + slot.module.minutes))
        clock += slot.module.minutes
    return Plan(recipe=recipe, entries=tuple(entries), qa_start=clock, total=clock + recipe.qa_minutes)


def _too_short(library: Library, recipe: Recipe, shortest: list[_Slot], minutes: float) -> PlanError:
    """One line for a length below the shortest plan: what to cut, and what each cut costs. Its data: the modules
    to cut (``cuts``) and another recipe of the same audience that fits (``recipe``), which the CLI offers."""
    gap = _total(recipe, shortest) - minutes
    cut_ids, cuts, remaining, cut_minutes = [], [], list(shortest), 0.0
    for slot in sorted(shortest, key=lambda s: (s.module.priority, -s.module.minutes)):
        if cut_minutes >= gap:
            break
        remaining.remove(slot)
        lost = [topic for topic in slot.module.topics if topic in recipe.topics
                and not any(topic in other.module.topics for other in remaining)]
        cost = f"loses topic {', '.join(lost)}" if lost else "no required topic lost"
        cut_ids.append(slot.module.id)
        cuts.append(f"{slot.module.id} ({slot.module.minutes:g} min: {cost})")
        cut_minutes += slot.module.minutes
    options = [f"cut {' and '.join([', '.join(cuts[:-1]), cuts[-1]] if len(cuts) > 1 else cuts)}"]
    if recipe.qa_minutes - gap >= MIN_QA_MINUTES:
        options.append(f"shorten Q&A from {recipe.qa_minutes:g} to {recipe.qa_minutes - gap:g} minutes in a recipe "
                       f"of your own")
    other = next((rid for rid, other in library.recipes.items()
                  if rid != recipe.id and other.audience == recipe.audience and _fits(library, other, minutes)), None)
    return PlanError(f"{minutes:g} minutes is below the shortest plan, {_total(recipe, shortest):g} min (every module "
                     f"the recipe's topics can spare already dropped); to fit {minutes:g}, {', or '.join(options)}",
                     where=f"recipe '{recipe.id}'", hint="other-recipe" if other else None,
                     details={"recipe": other, "cuts": tuple(cut_ids)})


def _fits(library: Library, recipe: Recipe, minutes: float) -> bool:
    lengths = [library.modules[mid].minutes for mid in recipe.module_ids if mid in library.modules]
    return OPENING_MINUTES + sum(lengths) + recipe.qa_minutes <= minutes


def _check_range(plan: Plan, library: Library, recipe: Recipe, minutes: float | None) -> None:
    low, high = recipe.target
    ceiling = minutes if minutes is not None else high
    where = f"recipe '{recipe.id}'"
    slots = [_Slot((0, i), e.section, e.module) for i, e in enumerate(plan.entries)]
    if plan.total > ceiling:
        over = plan.total - ceiling
        droppable = sorted((s.module for s in slots if s.module.optional and not _is_last_cover(recipe, slots, s)),
                           key=lambda m: m.priority)
        advice = _advice("drop optional modules", droppable, over) or "no optional module is left to drop; shorten " \
                 "required modules or lower qa_minutes"
        raise PlanError(f"plan runs {plan.total:g} min, {over:g} min over the {ceiling:g}-minute limit; {advice}",
                        where=where)
    if plan.total < low:
        under = low - plan.total
        used = {e.module.id for e in plan.entries}
        addable = sorted((m for m in _usable(library, recipe) if m.id not in used
                          and (m.id in recipe.module_ids or m.section in [s.title for s in recipe.sections])),
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
