"""Rules on recipes, whole decks and modules as talks: timing, fit, titles, modules no recipe uses, thin notes."""

from __future__ import annotations

from dataclasses import replace

from ..content import Module, Slide
from ..deck import DeckOptions, SlideSpec, builtin_layouts, check_titles, compose, fit
from ..errors import ContentError, KitError, PlanError
from ..plan import plan_deck
from ..recipes import Recipe, Section
from .core import ERROR, WARNING, Finding, Kit, SlideView, file_line, module_finding, recipe_about, \
    recipe_location
from .messages import say
from .texts import shown, words

TALK_MINUTES = (45, 60)  # a block-watch talk runs 45 minutes to an hour (the Toledo model, IACP 2016 guide)
SPEAKING_PACE = 130  # words a minute, an unhurried presenter (docs/slide-format.md)
# Notes under half of what the module's minutes hold at that pace leave the presenter improvising. The built-in
# modules sit at 88-118%; a slide that speaks for itself, a pause or a show of hands fills some time, but not half.
THIN_NOTES = 0.5


def deck_findings(kit: Kit, decks: list[list[SlideSpec]]) -> list[Finding]:
    return recipe_timing(kit) + unused_modules(kit) + slide_fit(kit, decks)


def recipe_timing(kit: Kit) -> list[Finding]:
    findings = []
    for recipe in kit.library.recipes.values():
        where, line_of = recipe_location(kit, recipe)
        line, about = line_of(None), recipe_about(recipe)
        low, high = recipe.target
        if low < TALK_MINUTES[0] or high > TALK_MINUTES[1]:
            findings.append(Finding(WARNING, "recipe-timing", where, line,
                                    say("recipe-target", recipe=recipe.id, low=f"{low:g}", high=f"{high:g}",
                                        min=TALK_MINUTES[0], max=TALK_MINUTES[1]), about))
        try:
            plan_deck(kit.library, recipe)
        except PlanError as exc:
            findings.append(Finding(ERROR, "recipe-timing", where, line,
                                    say("recipe-plan", recipe=recipe.id, detail=exc.detail), about))
        except ContentError as exc:
            findings.append(Finding(ERROR, "recipe", where, line,
                                    say("recipe-error", recipe=recipe.id, detail=exc.detail), about))
    return findings


def unused_modules(kit: Kit) -> list[Finding]:
    """A module in the kit's own slides/ that no recipe names never reaches a deck."""
    used = {mid for recipe in kit.library.recipes.values() for mid in recipe.module_ids}
    return [replace(module_finding(WARNING, "module-unused", module, file_line(module.path, r"id\s*:") or 2,
                                   say("module-unused", module=module.id)), hint="module-unused")
            for module in kit.library.modules.values() if not module.builtin and module.id not in used]


def thin_notes(kit: Kit, module: Module, views: list[SlideView]) -> list[Finding]:
    spoken = sum(len(words(shown(p.text))) for view in views for p in view.pieces if not p.visible)
    share = spoken / (module.minutes * SPEAKING_PACE)
    if share >= THIN_NOTES:
        return []
    return [module_finding(WARNING, "thin-notes", module, file_line(module.path, r"minutes\s*:") or 2,
                           say("thin-notes", words=spoken, minutes=module.minutes, pace=SPEAKING_PACE, share=share,
                               floor=THIN_NOTES))]


def compose_decks(kit: Kit, broken: set[str]) -> list[list[SlideSpec]]:
    """The composed slides of every recipe; a module in no recipe is composed as a deck of its own."""
    library, profile = kit.library, kit.profile
    recipes = list(library.recipes.values())
    used = {mid for recipe in recipes for mid in recipe.module_ids}
    recipes += [Recipe(id=f"module-{m.id}", title=m.title, audience="", sections=(Section("", (m.id,)),),
                       target=(0, float("inf")), qa_minutes=0)
                for m in library.modules.values() if m.id not in used]
    decks = []
    for recipe in recipes:
        if broken & set(recipe.module_ids):
            continue  # already reported; composing would stop at the same error
        try:
            plan = plan_deck(library, recipe)
        except KitError:
            continue  # recipe_timing reports it
        decks.append(compose(profile, library, plan, DeckOptions(recipe=recipe.id, language=kit.language)))
    return decks


def slide_fit(kit: Kit, decks: list[list[SlideSpec]]) -> list[Finding]:
    """Every deck at 18 pt with the built-in template; a deck that does not fit is fitted slide by slide, so each
    misfit is reported."""
    layouts = builtin_layouts()  # measured once: fitting a slide reads the boxes, never the template
    findings = []
    for specs in decks:
        try:
            fitted = fit(specs, layouts)
        except ContentError:
            fitted = []
            for spec in specs:
                try:
                    fitted += fit([spec], layouts)
                except ContentError as exc:
                    findings.append(_deck_error(kit, exc, "slide-fit"))
        try:
            check_titles(fitted)
        except ContentError as exc:
            findings.append(_deck_error(kit, exc, "duplicate-title"))
    return findings


def _deck_error(kit: Kit, exc: ContentError, rule: str) -> Finding:
    where = str(exc.where or "deck")
    module = next((m for m in kit.library.modules.values() if str(m.path) == where), None)
    about = say("builtin-where-module", id=module.id) if module is not None and module.builtin else ""
    return Finding(ERROR, rule, where, exc.line, exc.detail, about)


def printed_text(decks: list[list[SlideSpec]]) -> str:
    """All text residents see on the slides of every deck; ``Slide.texts`` defines what is visible."""
    return "\n".join(text for specs in decks for spec in specs
                     for text in [spec.title, *spec.subtitle, *Slide(spec.title, spec.blocks, (), "", "", 0).texts()])
