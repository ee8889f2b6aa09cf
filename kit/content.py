"""``slides/*.md`` -> ``Module``: the modular slide sources, built-in library plus the kit's own, and recipes.

A module is Markdown with YAML front matter (docs/slide-format.md). Loading checks the front matter;
``kit/markdown_slides.py`` turns a module's body into slides (``realize``), re-exported here.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Mapping


from .errors import ContentError, Problems, close_matches
from .markdown_slides import (Block, Column, Columns, Image, Paragraph, Quote, Run, Slide, Stat, block_texts,
                              check_requirements, realize, render_body)
from .readers import parse_yaml, read_text, read_toml
from .packs import load_pack, overlay
from .recipes import Recipe, known_topics, parse_recipe
from .resources import builtin_path
from .schema import DATE, MINUTES, STRINGS, Fields, Key, Table
from .sources import BIBLIOGRAPHY_FILE, Source, load_bibliography, require_known

RECIPES_FILE = "recipes.toml"
FRONT_MATTER_KEYS = Table(Key("id"), Key("title"), Key("minutes", MINUTES), Key("audiences", STRINGS, ("block-watch",)),
                          Key("sources", STRINGS, ()), Key("optional", bool, False), Key("priority", int, 50),
                          Key("requires", STRINGS, ()), Key("reviewed", DATE, None), Key("topics", STRINGS, ()),
                          Key("section", str, ""), Key("checks", list, ()), Key("translated_from", str, ""))
CHECK_KEYS = Table(Key("question"), Key("options", list), Key("answer", (str, bool)), Key("source"))
LETTERS = "ABCD"  # a question offers 2 to 4 answers, ticked by letter on the survey card


# ---- modules ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Question:
    """A knowledge-check question (a ``checks:`` item): asked before and after the talk on the survey card."""

    id: str  # "<module id>-<n>": what the kit's survey.csv records
    text: str
    options: tuple[str, ...]
    answer: str  # the letter of the right option
    source: str  # a bibliography id, as in [@id]
    line: int

    def letter(self, option: str) -> str:
        return LETTERS[self.options.index(option)]


@dataclass(frozen=True)
class Module:
    id: str
    title: str
    minutes: float
    audiences: tuple[str, ...]
    sources: tuple[str, ...]
    optional: bool
    priority: int
    requires: tuple[str, ...]
    reviewed: dt.date | None
    path: Path
    body: str
    body_line: int
    requires_line: int = 2
    builtin: bool = False
    topics: tuple[str, ...] = ()
    section: str = ""  # the recipe section the planner puts it in when it adds the module to a recipe
    checks: tuple[Question, ...] = ()
    translated_from: str = ""  # a translation: the hash of the English text it was translated from
    language: str = "en"  # "es": a translation, in a language folder (slides/es/ID.md) beside its English twin

    @property
    def where(self) -> str:
        """How a message names the module: the kit's own file, or 'built-in module 'x'' (never a path inside the
        installed package, which no user should edit); a built-in translation with its language."""
        if not self.builtin:
            return str(self.path)
        return f"built-in module '{self.id}'" + (f" ({self.language})" if self.language != "en" else "")

    def located(self, line: int | None) -> dict:
        """``where=`` and ``line=`` for a KitError about this module (a built-in module's lines are not the user's)."""
        return {"where": self.where, "line": None if self.builtin else line}


@dataclass(frozen=True)
class Library:
    modules: Mapping[str, Module]  # read-only once loaded
    bibliography: Mapping[str, Source]
    recipes: Mapping[str, Recipe] = field(default_factory=dict)
    replaced: Mapping[str, Module] = field(default_factory=dict)  # built-in (or pack) modules the kit's own replace

    def module(self, module_id: str, *, where="", line=None) -> Module:
        if module_id not in self.modules:
            raise ContentError(f"names module '{module_id}', which is in no slides folder", where=where or "recipe",
                               line=line, suggestions=close_matches(module_id, self.modules))
        return self.modules[module_id]

    def recipe(self, recipe_id: str) -> Recipe:
        if recipe_id not in self.recipes:
            raise ContentError(f"unknown recipe '{recipe_id}'; recipes: {', '.join(sorted(self.recipes))}",
                               field="recipe", suggestions=close_matches(recipe_id, self.recipes))
        return self.recipes[recipe_id]


def load_library(profile) -> Library:
    """Built-in core modules, bibliography and recipes, then the state's pack, then the kit's own (by id)."""
    builtin = builtin_path("slides")
    own = profile.root / "slides"
    modules = dict(load_folder(builtin, builtin=True))
    pack = load_pack(profile.state)
    if pack:
        modules = overlay(modules, load_folder(pack.folder, builtin=True), pack)
    kits_own = load_folder(own, builtin=False)
    replaced = {mid: modules[mid] for mid in kits_own if mid in modules}
    modules.update(kits_own)
    bibliography = load_bibliography([builtin / BIBLIOGRAPHY_FILE, own / BIBLIOGRAPHY_FILE])
    recipes = {rid: replace(recipe, builtin=True) for rid, recipe in _load_recipes(builtin / RECIPES_FILE).items()}
    recipes.update(_load_recipes(own / RECIPES_FILE))
    recipes.update(profile.recipes)
    library = Library(modules=modules, bibliography=bibliography, recipes=recipes, replaced=replaced)
    for module in modules.values():
        for source_id in module.sources:
            require_known(source_id, bibliography, **module.located(2))
        for question in module.checks:
            require_known(question.source, bibliography, **module.located(question.line))
    return library


def _load_recipes(path: Path) -> dict[str, Recipe]:
    if not path.is_file():
        return {}
    problems = Problems()
    recipes = problems.each(read_toml(path, ContentError).items(),
                            lambda recipe_id, table: parse_recipe(recipe_id, table, where=path))
    problems.raise_any()
    return recipes


def load_folder(folder: Path, *, builtin: bool, language: str = "en") -> dict[str, Module]:
    modules: dict[str, Module] = {}
    if not folder.is_dir():
        return modules
    for path in sorted(folder.glob("*.md")):
        if path.stem.isupper():
            continue  # GLOSSARY.md, README.md: for people, not slides
        module = load_module(path, builtin=builtin, language=language)
        if module.id in modules:
            raise ContentError(f"module id '{module.id}' is also used by {modules[module.id].path.name}; "
                               f"give each module its own id", where=path, line=2)
        modules[module.id] = module
    return modules


FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)^---[ \t]*\r?\n", re.S | re.M)


def load_module(path: Path, *, builtin: bool = False, language: str = "en") -> Module:
    text = read_text(path, ContentError)
    match = FRONT_MATTER.match(text)
    if not match:
        raise ContentError("has no front matter; start the file with '---', the YAML fields, and '---'",
                           where=path, line=1)
    front = _front_matter(match.group(1), path)
    found = _key_lines(match.group(1))
    lines = {key: found.get(str(key), 2) for key in front}
    fields = Fields(front, where=path, error=ContentError, line=2, lines=lines)
    values = fields.read(FRONT_MATTER_KEYS)
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", values["id"]):
        fields.fail("id", f"must be lower-case letters, digits and hyphens, not {values['id']!r}")
    return Module(
        **{**values, "topics": known_topics(fields, "topics"), "checks": _checks(values, match.group(1), path)},
        path=path,
        body=text[match.end():],
        body_line=text[:match.end()].count("\n") + 1,
        requires_line=lines.get("requires", 2),
        builtin=builtin,
        language=language,
    )


def _checks(values: dict, front: str, path: Path) -> tuple[Question, ...]:
    """The ``checks:`` list: each item a question, its 2-4 options, the right one and its source id."""
    lines = [number for number, line in enumerate(front.splitlines(), start=2)
             if re.match(r"\s*-?\s*question\s*:", line)]
    checks_line = _key_lines(front).get("checks", 2)  # for an item without its own "question:" line
    questions = []
    for index, raw in enumerate(values["checks"]):
        line = lines[index] if index < len(lines) else checks_line
        fields = Fields(raw, where=path, prefix=f"checks[{index}]", error=ContentError, line=line)
        item = fields.read(CHECK_KEYS)
        options = tuple(_text(option) for option in item["options"])
        if not 2 <= len(options) <= len(LETTERS) or len(set(options)) < len(options):
            fields.fail("options", f"must be 2 to {len(LETTERS)} different answers, not {list(options)!r}")
        answer = _text(item["answer"])
        if answer not in options:
            fields.fail("answer", f"is {answer!r}, which is not one of the options; copy the right option exactly")
        questions.append(Question(id=f"{values['id']}-{index + 1}", text=item["question"].strip(), options=options,
                                  answer=LETTERS[options.index(answer)], source=item["source"], line=line))
    return tuple(questions)


def _text(value) -> str:
    # YAML reads an unquoted True or False as a boolean; on a card it is the word.
    return str(value).strip()


def _front_matter(text: str, path: Path) -> dict:
    front = parse_yaml(text, ContentError, where=path, first_line=2, what="front matter ")
    if not isinstance(front, dict):
        raise ContentError("front matter must be YAML fields like 'id: welcome'", where=path, line=2)
    return front


KEY = re.compile(r"\s*(.+?)\s*:")  # a line's key: what comes before its first colon


def _key_lines(front: str) -> dict[str, int]:
    """The line each key of the front matter is first on, at any depth (read in one pass: a module has a dozen)."""
    lines: dict[str, int] = {}
    for number, line in enumerate(front.splitlines(), start=2):
        match = KEY.match(line)
        if match:
            lines.setdefault(match.group(1), number)
    return lines




__all__ = ["Block", "Column", "Columns", "Image", "Library", "Module", "Paragraph", "Question", "Quote", "Run",
           "Slide", "Stat", "block_texts", "check_requirements", "load_library", "load_module", "realize",
           "render_body"]
