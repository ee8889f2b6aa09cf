"""The checker's core: what a finding is, what every rule may look at, and ``check_kit`` running them all.

Rules live beside this module, one family each (sourcing, language, freshness, contacts, decks); each is a function
from the kit (and a module's realized slides) to ``Finding``s. Findings about the built-in library are marked with
what they are about; ``present`` folds them into one line, because they are for the maintainers to fix.
"""

from __future__ import annotations

from typing import Mapping

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

from ..content import RECIPES_FILE, Library, Module, Slide, realize
from ..errors import KitError
from ..languages import BANNED_TERMS, ENGLISH, FOLDER, HANDOUTS, Language, language
from ..contacts import builtin_contacts
from ..profile import Profile
from ..resources import builtin_path, data_path
from ..sources import BIBLIOGRAPHY_FILE, Source, load_bibliography
from ..workspace import Workspace
from .messages import SUMMARY_PARTS, say
from .numbers import PHONE, figure_keys, phone_digits, phones
from .texts import Piece, citations, marked_context, shown, slide_pieces

ERROR, WARNING = "error", "warning"
# Rules whose findings on built-in files are the maintainers' to fix; the rest (a module the kit's values
# break, a slide the kit's long name overflows) name the built-in thing and stay visible.
LIBRARY_RULES = {"stale-review", "future-review", "old-source", "stale-data", "data-years", "unsourced-number",
                 "unknown-phone", "banned-term", "unresolved-source", "thin-notes", "recipe-number"}


@dataclass(frozen=True)
class Finding:
    level: str  # "error" | "warning"
    rule: str
    where: str
    line: int | None
    message: str
    builtin: str = ""  # the built-in thing it is about ("built-in module 'x'"); empty for the kit's own files
    hint: str = ""  # advice naming a command or flag, a key cli.py words

    def __str__(self) -> str:
        location = f"{self.where}:{self.line}" if self.line else self.where
        return f"{location}: {self.level}: [{self.rule}] {self.message}"


@dataclass(frozen=True)
class SlideView:
    """A realized slide as the rules read it: its pieces of text (kit.toml values marked) and its citations."""

    slide: Slide
    pieces: tuple[Piece, ...]

    @property
    def title(self) -> str:
        return shown(self.slide.title).strip()

    @cached_property
    def cited(self) -> list[str]:
        return citations(list(self.pieces))



def recipe_about(recipe) -> str:
    """'built-in recipe 'x'' for a recipe from the package, '' for the kit's own."""
    builtin = recipe.where == str(builtin_path("slides") / RECIPES_FILE)
    return say("builtin-where-recipe", id=recipe.id) if builtin else ""


def recipe_location(kit: "Kit", recipe):
    """The file of a recipe, and a function from a key ('title', 'sections') to its line there."""
    path = Path(recipe.where)
    table = f"recipes.{recipe.id}" if path == kit.profile.file else recipe.id
    return str(path), lambda key: toml_line(path, table, key)


@dataclass
class Kit:
    """Everything the rules look at, worked out once per run: the English library, or with ``words`` its
    translation into that language (the twins there are, the recipes titled in it)."""

    workspace: Workspace
    today: dt.date
    words: Language = field(default_factory=lambda: language(ENGLISH))
    _keys: dict[str, set[str]] = field(default_factory=dict, init=False, repr=False)
    _slides: dict[Path, tuple[Slide, ...]] = field(default_factory=dict, init=False, repr=False)

    @property
    def profile(self) -> Profile:
        return self.workspace.profile

    @property
    def translated(self) -> bool:
        return self.words.code != ENGLISH

    @cached_property
    def library(self) -> Library:
        return self.workspace.translation(self.words.code).library if self.translated else self.workspace.library

    def realized(self, module: Module) -> tuple[Slide, ...]:
        """A module's slides with this kit's (marked) values, realized once per run."""
        if module.path not in self._slides:
            self._slides[module.path] = realize(module, self.context)
        return self._slides[module.path]

    @property
    def bibliography(self) -> Mapping[str, Source]:
        return self.library.bibliography

    @property
    def language(self) -> str:
        return self.words.code

    @cached_property
    def context(self) -> dict:
        return marked_context(self.profile, self.words.code if self.translated else "")

    @cached_property
    def builtin_bibliography(self) -> dict[str, Source]:
        return load_bibliography([builtin_path("slides") / BIBLIOGRAPHY_FILE])

    @cached_property
    def handouts(self) -> Path:
        return self.words.file(HANDOUTS) or data_path(FOLDER, ENGLISH, HANDOUTS)

    @cached_property
    def banned_terms(self):
        from .language import load_banned_terms

        found = self.words.file(BANNED_TERMS)
        return load_banned_terms(found) if found else load_banned_terms()

    @property
    def own_bibliography(self) -> Path:
        return self.profile.root / "slides" / BIBLIOGRAPHY_FILE

    @cached_property
    def builtin_contacts(self):
        return builtin_contacts(self.profile.state)

    @cached_property
    def stat_sources(self) -> set[str]:
        return {stat.source for stat in self.profile.statistics.values()}

    @cached_property
    def phone_numbers(self) -> set[str]:
        """Every number kit.toml (or the built-in contacts) gives, dialled: these are sourced there."""
        values = [self.profile.agency.non_emergency]
        values += [value for c in self.profile.contacts.values() for value in (c.number, c.text)]
        found = {phone_digits(p) for value in values for p in phones(value)}
        # A number that is not a phone number ("911", "text 233733") counts whole; a phone number's own
        # digits ("1", "844", "4" of 1-844-CO-4-KIDS) excuse nothing.
        found |= {digits for value in values for digits in re.findall(r"\d+", PHONE.sub(" ", value))}
        return found

    def figure_keys(self, source_id: str) -> set[str]:
        """The keys of a source's listed figures, read in the language its bibliography is written in."""
        if source_id not in self._keys:
            self._keys[source_id] = self._read_keys(source_id)
        return self._keys[source_id]

    def _read_keys(self, source_id: str) -> set[str]:
        source = self.bibliography.get(source_id)
        if source is None:
            return set()
        builtin = self.builtin_bibliography.get(source_id) == source
        language = "en" if builtin else self.language
        return {key for figure in source.figures for key in figure_keys(figure, language)}


def check_kit(workspace: Workspace, *, today: dt.date, builtin: bool = False) -> list[Finding]:
    """Every finding, the kit's own with file and line; the built-in library's summarised unless ``builtin``."""
    return present(collect(Kit(workspace, today)), builtin=builtin)


def collect(kit: Kit) -> list[Finding]:
    # the rules import this module, so they are imported here
    from . import contacts, decks, freshness, language, parity, questions, sourcing, talks, unfinished

    findings: list[Finding] = []
    broken: set[str] = set()  # modules that cannot be composed into a deck; their decks are not fitted
    for module in kit.library.modules.values():
        findings += questions.module_findings(kit, module)
        try:
            slides = kit.realized(module)
        except KitError as exc:
            findings.append(from_error(exc, "module", module.path, module))
            broken.add(module.id)
            continue
        views = [SlideView(slide, tuple(slide_pieces(slide))) for slide in slides]
        for rules in (sourcing.module_findings, language.module_findings, freshness.module_findings,
                      decks.thin_notes):
            findings += rules(kit, module, views)
        if any(sid not in kit.bibliography for view in views for sid in view.cited):
            broken.add(module.id)  # compose refuses a citation that is not in the bibliography
    findings += sourcing.kit_findings(kit) + language.kit_findings(kit) + freshness.kit_findings(kit)
    findings += questions.recipe_findings(kit)
    composed = decks.compose_decks(kit, broken)
    findings += decks.deck_findings(kit, composed)
    findings += contacts.contact_findings(kit, decks.printed_text(composed))
    findings += unfinished.unfinished_findings(kit)
    findings += talks.talk_findings(kit)
    findings += parity.translation_findings(kit, broken)
    return findings


def present(findings: list[Finding], *, builtin: bool) -> list[Finding]:
    unique = list(dict.fromkeys(findings))  # a module in several recipes fails the same way in each
    ordered = sorted(unique, key=lambda f: (f.where, f.line or 0))
    if builtin:
        return ordered
    own = [f if not f.builtin else replace(f, where=f.builtin, line=None)
           for f in ordered if not (f.builtin and f.rule in LIBRARY_RULES)]
    library = [f for f in ordered if f.builtin and f.rule in LIBRARY_RULES]
    own = list(dict.fromkeys(own))
    return own + ([summarise(library)] if library else [])


def summarise(findings: list[Finding]) -> Finding:
    counts: dict[str, int] = {}
    for f in findings:
        counts[f.rule] = counts.get(f.rule, 0) + 1
    parts = ", ".join(say("builtin-part", count=n, what=SUMMARY_PARTS.get(rule, rule)) for rule, n in counts.items())
    level = ERROR if any(f.level == ERROR for f in findings) else WARNING
    return Finding(level, "built-in", say("builtin-where-library"), None, say("builtin-summary", parts=parts),
                   hint="builtin-findings")


# ---- helpers shared by the rules ----------------------------------------------------------------

def module_finding(level: str, rule: str, module: Module, line: int | None, message: str) -> Finding:
    about = say("builtin-where-module", id=module.id) if module.builtin else ""
    return Finding(level, rule, str(module.path), line, message, about)


def from_error(exc: KitError, rule: str, default_where, module: Module | None = None) -> Finding:
    about = say("builtin-where-module", id=module.id) if module is not None and module.builtin else ""
    if module is not None and str(exc.where or default_where) != str(module.path):
        about = ""  # the error is in the kit's own file (kit.toml), which the message names
    return Finding(ERROR, rule, str(exc.where or default_where), exc.line, exc.detail, about)


def slide_line(module: Module, slide: Slide, pattern, flags=0, *, notes: bool = False) -> int:
    """The first line of the slide's source (or of its notes) that matches a regex or a test of the line, else
    the slide's title line."""
    test = pattern if callable(pattern) else (lambda line: re.search(pattern, line, flags))
    lines = module.body.splitlines()
    in_notes = not notes
    for index in range(max(0, slide.line - module.body_line), len(lines)):
        if index > slide.line - module.body_line and lines[index].strip() == "---":
            break
        in_notes = in_notes or lines[index].strip().startswith("::: notes")
        if in_notes and test(lines[index]):
            return module.body_line + index
    return slide.line


def file_line(path: Path, pattern: str) -> int | None:
    """Config files are parsed into plain values; find the line of a key again for the report."""
    if not path.is_file():
        return None
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if re.match(rf"\s*{pattern}", line):
            return number
    return None


def toml_line(path: Path, table: str, key: str | None = None) -> int | None:
    """The line of ``[table]`` in a TOML file, or of ``key = ...`` inside it (else the table's line)."""
    if not path.is_file():
        return None
    lines = path.read_text(encoding="utf-8").splitlines()
    header = re.compile(rf"\s*\[{re.escape(table)}\]\s*(#.*)?$")
    start = next((n for n, line in enumerate(lines) if header.match(line)), None)
    if start is None:
        return None
    if key is not None:
        for number in range(start + 1, len(lines)):
            if re.match(r"\s*\[", lines[number]):
                break
            if re.match(rf"\s*{re.escape(key)}\s*=", lines[number]):
                return number + 1
    return start + 1
