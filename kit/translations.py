"""The slide library in another language: each module's twin, and the recipes' titles.

A module's translation is a file of the same id in a language folder beside it: ``slides/es/ID.md`` for a built-in
module, ``slides/states/co/es/ID.md`` for a state pack's, the kit's own ``slides/es/ID.md`` for the kit's. Its front
matter is the English one's but for ``title`` and ``translated_from``, the hash of the English text it was
translated from (``english_hash``): an English edit changes the hash, and the twin is stale until it is updated
too, so a correction never reaches one language only. Recipe and section titles are in
``slides/<code>/recipes.toml``, one table per recipe, its sections' titles in the English recipe's order.

A talk is planned in English (the same modules, minutes and order in every language) and then put into the
language (``Translation.plan``): every module of the plan must have a twin that is up to date, from the same layer
as the English module or a later one (a kit's own English module needs the kit's own twin). A draft shows the
English module wherever its twin is missing or stale.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Mapping

from .content import RECIPES_FILE, Library, Module, load_folder
from .errors import ContentError, KitError, Problems
from .languages import ENGLISH, Language
from .packs import load_pack
from .plan import Plan
from .readers import read_text, read_toml
from .recipes import Recipe, Section
from .resources import builtin_path
from .schema import STRINGS, Fields, Key, Table

TITLES = Table(Key("title"), Key("sections", STRINGS, ()))
CORE, PACK, KIT = 0, 1, 2  # the layers of a library, each laid over the one before


def english_hash(module: Module) -> str:
    """What a translation's ``translated_from`` must say: the English file's text, hashed ("sha256:" and 12 hex
    digits, so that YAML never reads it as a number)."""
    text = read_text(module.path, ContentError).replace("\r\n", "\n")
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


@dataclass(frozen=True)
class Titles:
    title: str
    sections: tuple[str, ...]
    where: str


@dataclass(frozen=True)
class Translation:
    """One language of a library: the twins of its modules and the titles of its recipes."""

    language: Language
    english: Library
    twins: Mapping[str, Module]
    layers: Mapping[str, int]  # module id -> the layer its twin comes from
    titles: Mapping[str, Titles]
    english_layers: Mapping[str, int] = field(default_factory=dict)

    @property
    def code(self) -> str:
        return self.language.code

    def problem(self, english: Module) -> KitError | None:
        """Why the module has no usable twin (none, one from a layer below it, stale or untracked), or None."""
        twin = self.twins.get(english.id)
        digest = english_hash(english)
        if twin is None or self.layers[english.id] < self.english_layers.get(english.id, CORE):
            folder = english.path.parent / self.code / english.path.name
            target = f"slides/{self.code}/{english.path.name}" if not english.builtin else str(folder)
            return ContentError(f"module '{english.id}' has no '{self.code}' translation of this text, so no "
                                f"'{self.code}' deck can show it: add {target}, translated from it, with "
                                f"'translated_from: \"{digest}\"' in its front matter", hint="translation",
                                **english.located(2))
        if not twin.translated_from:
            return ContentError(f"has no translated_from: translate it from {english.where}, then add "
                                f"'translated_from: \"{digest}\"' to its front matter", hint="translation",
                                **twin.located(2))
        if twin.translated_from != digest:
            return ContentError(f"module '{english.id}' was updated in English since it was translated "
                                f"({english.where}): update this '{self.code}' twin to match, then its "
                                f"translated_from to \"{digest}\"", hint="translation", **twin.located(2))
        return None

    def module(self, english: Module, *, draft: bool = False) -> Module:
        """The module's twin; a draft shows the English module where the twin is missing or stale."""
        problem = self.problem(english)
        if problem is None:
            return self.twins[english.id]
        if draft:
            return english
        raise problem

    def recipe(self, recipe: Recipe, *, draft: bool = False) -> Recipe:
        """The recipe with its title and sections' titles in the language."""
        titles = self.titles.get(recipe.id)
        problem = self._titles_problem(recipe, titles)
        if problem is not None or titles is None:
            if draft:
                return recipe
            raise problem or ContentError("no titles")
        sections = tuple(Section(title, s.modules) for title, s in zip(titles.sections, recipe.sections, strict=True))
        return replace(recipe, title=titles.title, sections=sections)

    def _titles_problem(self, recipe: Recipe, titles: Titles | None) -> KitError | None:
        where = f"slides/{self.code}/{RECIPES_FILE}"
        if titles is None:
            return ContentError(f"has no titles for recipe '{recipe.id}': add [{recipe.id}] with its title and "
                                f"sections = [...], {len(recipe.sections)} section titles in the English recipe's "
                                f"order", where=where, hint="translation")
        if len(titles.sections) != len(recipe.sections):
            return ContentError(f"[{recipe.id}] gives {len(titles.sections)} section titles, but the recipe has "
                                f"{len(recipe.sections)} sections: give one title per section, in the English "
                                f"recipe's order", where=titles.where, hint="translation")
        return None

    def plan(self, plan: Plan, *, draft: bool = False) -> Plan:
        """The English plan in the language: every module's twin, the recipe's titles; every problem reported."""
        problems = Problems()
        recipe, modules = plan.recipe, {e.module.id: e.module for e in plan.entries}
        with problems.attempt():
            recipe = self.recipe(plan.recipe, draft=draft)
        for entry in plan.entries:
            with problems.attempt():
                modules[entry.module.id] = self.module(entry.module, draft=draft)
        problems.raise_any()
        sections = dict(zip((s.title for s in plan.recipe.sections), (s.title for s in recipe.sections), strict=True))
        entries = tuple(replace(e, module=modules[e.module.id], section=sections.get(e.section, e.section))
                        for e in plan.entries)
        return replace(plan, recipe=recipe, entries=entries)

    @property
    def library(self) -> Library:
        """The twins there are, and every recipe titled in the language where it can be: what ``check`` reads."""
        recipes = {rid: recipe if self._titles_problem(recipe, self.titles.get(rid)) else self.recipe(recipe)
                   for rid, recipe in self.english.recipes.items()}
        modules = {mid: twin for mid, twin in self.twins.items() if mid in self.english.modules}
        return Library(modules=modules, bibliography=self.english.bibliography, recipes=recipes)


def load_translation(profile, english: Library, language: Language) -> Translation:
    """The twins in every layer (core, the state's pack, the kit's own), each layer's over the one before."""
    code, own = language.code, profile.root / "slides"
    pack = load_pack(profile.state)
    layers = [(builtin_path("slides") / code, True, CORE), (own / code, False, KIT)]
    if pack is not None:
        layers.insert(1, (pack.folder / code, True, PACK))
    twins: dict[str, Module] = {}
    found: dict[str, int] = {}
    for folder, builtin, layer in layers:
        for module_id, module in load_folder(folder, builtin=builtin, language=code).items():
            twins[module_id], found[module_id] = module, layer
    titles: dict[str, Titles] = {}
    for folder in (builtin_path("slides") / code, own / code):
        titles.update(_titles(folder / RECIPES_FILE))
    return Translation(language=language, english=english, twins=twins, layers=found, titles=titles,
                       english_layers={mid: _layer(m, pack.folder if pack else None)
                                       for mid, m in english.modules.items()})


def _layer(module: Module, pack_folder: Path | None) -> int:
    if not module.builtin:
        return KIT
    return PACK if pack_folder is not None and module.path.parent == pack_folder else CORE


def _titles(path: Path) -> dict[str, Titles]:
    if not path.is_file():
        return {}
    found = {}
    for recipe_id, table in read_toml(path, ContentError).items():
        values = Fields(table, where=path, prefix=recipe_id, error=ContentError).read(TITLES)
        found[recipe_id] = Titles(values["title"], values["sections"], str(path))
    return found


def translation_codes(library_root: Path) -> list[str]:
    """The languages a slides folder has translations in (its sub-folders holding modules), English aside."""
    if not library_root.is_dir():
        return []
    return sorted(p.name for p in library_root.iterdir() if p.is_dir() and p.name != ENGLISH
                  and len(p.name) <= 3 and any(p.glob("*.md")))
