"""Rules on sources and figures: every citation resolves, every figure comes from a source cited where it stands.

A figure is matched whole (``numbers.Figure.key``): "1 in 10" needs "1 in 10" (or "one in ten") in a cited
source's figures, not a "1" and a "10". The sources that count for a slide are the module's front matter and
every [@id] on the slide, its notes included. Values from kit.toml are checked in kit.toml.
"""

from __future__ import annotations

import re

from ..content import Module
from .core import ERROR, WARNING, Finding, Kit, SlideView, module_finding, recipe_about, recipe_location, \
    slide_line, toml_line
from .messages import place, say
from .numbers import figures, phone_digits, phones
from .texts import normalize, unmarked

DURATION = re.compile(r"\b\d+(?:\s*-\s*|\s+)min(?:ute)?s?\b", re.I)  # a recipe's "45-minute talk"


def module_findings(kit: Kit, module: Module, views: list[SlideView]) -> list[Finding]:
    findings = []
    for view in views:
        findings += citations(kit, module, view)
        findings += unsourced_figures(kit, module, view)
    return findings


def citations(kit: Kit, module: Module, view: SlideView) -> list[Finding]:
    """Each [@id] on the slide or in its notes is in the bibliography and in the front matter's sources."""
    findings, seen = [], set()
    for piece in view.pieces:
        for source_id in re.findall(r"\[@([A-Za-z0-9_.-]+)\]", piece.text):
            if (source_id, piece.visible) in seen:
                continue
            seen.add((source_id, piece.visible))
            line = slide_line(module, view.slide, re.escape(f"[@{source_id}]"), notes=not piece.visible)
            where = place("notes") if not piece.visible else ""
            if source_id in kit.stat_sources:
                continue  # a local statistic's source comes from kit.toml; checked there
            if source_id not in kit.bibliography:
                findings.append(module_finding(ERROR, "unresolved-source", module, line,
                                               say("unknown-citation", source=source_id, place=where)))
            elif source_id not in module.sources:
                findings.append(module_finding(WARNING, "unresolved-source", module, line,
                                               say("unlisted-citation", source=source_id, place=where)))
    return findings


def unsourced_figures(kit: Kit, module: Module, view: SlideView) -> list[Finding]:
    allowed = set()
    for source_id in (*module.sources, *view.cited):
        allowed |= kit.figure_keys(source_id)
    findings, seen = [], set()
    for piece in view.pieces:
        if piece.place == "attribution":
            continue  # who said a quote, and when: a name and a date, not a claim
        text = normalize(unmarked(piece.text))
        for phone in phones(text):
            if phone_digits(phone) not in kit.phone_numbers and phone not in seen:
                seen.add(phone)
                findings.append(module_finding(ERROR, "unknown-phone", module, _line(module, view, phone, piece),
                                               say("unknown-phone", phone=phone, place=place(piece.place),
                                                   slide=view.title)))
        for figure in figures(text, kit.language):
            if figure.key in allowed or figure.key in kit.phone_numbers or figure.key in seen:
                continue
            seen.add(figure.key)
            parts = [part for part in figure.key.split(" in ") if part in allowed] if " in " in figure.key else []
            findings.append(module_finding(ERROR, "unsourced-number", module, _line(module, view, figure.text, piece),
                                           say("unsourced-number-whole" if parts else "unsourced-number",
                                               figure=figure.text, place=place(piece.place), slide=view.title,
                                               parts=", ".join(f"'{p}'" for p in parts))))
    return findings


def kit_findings(kit: Kit) -> list[Finding]:
    return statistics(kit) + recipe_titles(kit)


def statistics(kit: Kit) -> list[Finding]:
    """A [stats.X] value (and any figure in its wording) must be among the figures of the source it names."""
    profile, findings = kit.profile, []
    for stat in profile.statistics.values():
        table = f"stats.{stat.id}"
        if stat.source not in kit.bibliography:
            findings.append(Finding(ERROR, "unresolved-source", str(profile.file),
                                    toml_line(profile.file, table, "source"),
                                    say("stat-source", stat=stat.id, source=stat.source)))
            continue
        listed = kit.figure_keys(stat.source)
        source = kit.bibliography[stat.source]
        builtin = kit.builtin_bibliography.get(stat.source) == source
        listing = ", ".join(f"'{f}'" for f in source.figures) or "none"
        shown = [("value", f) for f in figures(stat.value, kit.language, every=True)]
        shown += [("wording", f) for f in figures(normalize(stat.wording), kit.language)]
        for field, figure in shown:
            if figure.key not in listed:
                findings.append(Finding(ERROR, "unsourced-number", str(profile.file),
                                        toml_line(profile.file, table, field),
                                        say("stat-value-builtin" if builtin else "stat-value", stat=stat.id,
                                            field=field, figure=figure.text, source=stat.source,
                                            listed=listing)))
    return findings


def recipe_titles(kit: Kit) -> list[Finding]:
    """A recipe or section title cites nothing, so any figure in it is unsourced (its length in minutes aside)."""
    findings = []
    for recipe in kit.library.recipes.values():
        titles = [(say("recipe-title", id=recipe.id), recipe.title, "title")]
        titles += [(say("section-title", section=s.title, id=recipe.id), s.title, "sections") for s in recipe.sections]
        where, line = recipe_location(kit, recipe)
        for what, title, key in titles:
            for figure in figures(DURATION.sub(" ", normalize(title)), kit.language):
                findings.append(Finding(ERROR, "recipe-number", where, line(key),
                                        say("recipe-number", figure=figure.text, what=what), recipe_about(recipe)))
    return findings


def _line(module: Module, view: SlideView, text: str, piece) -> int:
    first = re.escape(text.split()[0]) if text.split() else re.escape(text)
    return slide_line(module, view.slide, rf"(?<![\w.,]){first}(?![\d])", re.I, notes=not piece.visible)

