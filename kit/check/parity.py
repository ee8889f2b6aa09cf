"""Translations held to their English modules, so that a correction never reaches one language only.

Every language the library has translations in (``slides/<code>/``, built in or the kit's own) is checked against
the English library:

- **in step**: each twin's ``translated_from`` is the hash of its English module's text (kit/translations.py). An
  English edit, even of one figure or of its ``reviewed`` date, changes the hash, and the twin is stale until a
  translator updates it; a hash cannot be forgotten the way a ``reviewed`` date can be left unchanged;
- **the same talk**: the same front matter (minutes, sources, reviewed, ...), the same number of slides and, slide
  by slide, the same citations, the same figures (every run of digits), the same pictures, and the same variables
  of kit.toml (``contacts.X``, ``stats.X``...), so a Spanish edit that changes a fact fails too;
- **its own words**: the language's banned terms on every twin and on its texts, handouts and titles;
- **timing and fit**: the twin's notes, at the language's speaking rate, within its minutes; every recipe's deck
  in the language fits its slides.
"""

from __future__ import annotations

import re
from collections import Counter

from ..content import Image, Module
from ..errors import KitError
from ..translations import translation_codes
from ..resources import builtin_path
from ..languages import language
from .core import ERROR, WARNING, Finding, Kit, SlideView, from_error, module_finding, toml_line
from .texts import shown, slide_pieces, unmarked, words

SAME_FRONT_MATTER = ("minutes", "sources", "reviewed", "optional", "priority", "requires", "topics", "section",
                     "audiences")
VARIABLE = re.compile(r"\b(?:contacts|stats|agency|presenters?|state)(?:\.\w+)*")
EXPRESSION = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
DIGITS = re.compile(r"\d+")
NOTES_SLACK = 1.1  # a translation's notes may run a tenth over their minutes at the language's rate, no more


def translation_findings(kit: Kit, broken: set[str]) -> list[Finding]:
    from . import decks, language as wording

    findings: list[Finding] = []
    for code in languages_of(kit):
        try:
            view = Kit(kit.workspace, kit.today, language(code, kit.profile.root))
            translation = kit.workspace.translation(code)
        except KitError as exc:
            findings.append(from_error(exc, "translation", kit.profile.file))
            continue
        if code in spoken(kit):
            findings += _unconfirmed_languages(kit, code)
        for english in kit.library.modules.values():
            problem = translation.problem(english)
            twin = translation.twins.get(english.id)
            if problem is not None:
                missing = twin is None or translation.layers[english.id] < translation.english_layers[english.id]
                # A kit's own module with no twin yet: its Spanish deck refuses it, naming it (--draft shows the
                # English); a twin that is stale, or a built-in module without one, is an error.
                level = WARNING if missing and not english.builtin else ERROR
                findings.append(_finding(level, problem, twin if twin is not None and not missing else english))
            if twin is None:
                continue
            findings += _parity(kit, view, english, twin) + _timing(view, twin)
        findings += wording.kit_findings(view)
        decks_in_language = decks.compose_decks(view, broken | set(_unusable(translation, kit)))
        findings += decks.slide_fit(view, decks_in_language)
    return findings


def languages_of(kit: Kit) -> list[str]:
    """The languages with translations in the built-in library, the kit's own slides, or that the kit speaks."""
    found = set(translation_codes(builtin_path("slides"))) | set(translation_codes(kit.profile.root / "slides"))
    return sorted((found | spoken(kit)) - {"en"})


def spoken(kit: Kit) -> set[str]:
    """The languages the kit's talks are given in: its own, and each group's."""
    codes = {kit.profile.language}
    try:
        codes |= {group.language for group in kit.workspace.season.groups if group.language}
    except KitError:
        pass  # a broken events folder is reported by the events rules
    return codes


def _unconfirmed_languages(kit: Kit, code: str) -> list[Finding]:
    """A line's languages are not in our sources: while no agency has confirmed them, no page claims them."""
    found = []
    for contact in kit.profile.contacts.values():
        if contact.languages and contact.languages_verified is None:
            listed = "; ".join(f"{channel}: {', '.join(codes)}" for channel, codes in contact.languages.items())
            found.append(Finding(WARNING, "contact-languages", str(kit.profile.file),
                                 toml_line(kit.profile.file, f"contacts.{contact.key}"),
                                 f"contact '{contact.key}' lists the languages it serves ({listed}) as widely "
                                 f"published, not confirmed, so no '{code}' page says it serves them: confirm them "
                                 f"with the line and set [contacts.{contact.key}] languages_verified = DATE"))
    return found


def _unusable(translation, kit: Kit) -> list[str]:
    return [mid for mid, module in kit.library.modules.items() if translation.problem(module) is not None]


def _finding(level: str, problem: KitError, module: Module) -> Finding:
    return module_finding(level, "translation", module, problem.line or 2, problem.detail)


def _parity(kit: Kit, view: Kit, english: Module, twin: Module) -> list[Finding]:
    """What differs between a module and its twin, beyond the words."""
    found = []

    def differ(what: str, ours, theirs, line: int = 2) -> None:
        found.append(module_finding(ERROR, "translation", twin, line,
                                    f"{what} differ from module '{english.id}' in English ({english.where}): "
                                    f"{_show(ours)} here, {_show(theirs)} in English; a correction must reach "
                                    f"both languages"))

    for name in SAME_FRONT_MATTER:
        if getattr(twin, name) != getattr(english, name):
            differ(f"'{name}' values", getattr(twin, name), getattr(english, name))
    if len(twin.checks) != len(english.checks):
        differ("knowledge-check questions", len(twin.checks), len(english.checks))
    if _variables(twin) != _variables(english):
        differ("the kit.toml variables used", sorted(_variables(twin)), sorted(_variables(english)))
    try:
        ours, theirs = view.realized(twin), kit.realized(english)
    except KitError:
        return found  # the module rules report it
    if len(ours) != len(theirs):
        differ("the number of slides", len(ours), len(theirs))
        return found
    for number, (slide, original) in enumerate(zip(ours, theirs, strict=True), 1):
        mine, other = _facts(SlideView(slide, tuple(slide_pieces(slide)))), \
            _facts(SlideView(original, tuple(slide_pieces(original))))
        for what, here, there in zip(("citations", "figures (runs of digits)", "pictures"), mine, other, strict=True):
            if here != there:
                differ(f"slide {number}'s {what}", here, there, slide.line)
    return found


def _facts(view: SlideView) -> tuple[list[str], list[str], list[str]]:
    """A slide's citations, digit runs and pictures, in a form two languages share: the kit's own values
    (a contact's translated label) left out, as they are checked in kit.toml."""
    text = " ".join(unmarked(piece.text) for piece in view.pieces)
    digits = sorted(Counter(DIGITS.findall(re.sub(r"\[@[^\]]*\]", " ", text))).elements())
    pictures = [str(block.path) for block in view.slide.blocks if isinstance(block, Image)]
    return sorted(set(view.cited)), digits, pictures


def _variables(module: Module) -> set[str]:
    return {name for expression in EXPRESSION.findall(module.body) for name in VARIABLE.findall(expression)}


def _show(value) -> str:
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(map(str, value)) + "]" if value else "none"
    return str(value)


def _timing(view: Kit, twin: Module) -> list[Finding]:
    """The twin's spoken notes at the language's rate must fit its minutes (the presenter's tips are not spoken)."""
    try:
        slides = view.realized(twin)
    except KitError:
        return []
    tip = view.words.tip
    spoken_words = sum(len(words(shown(note.text))) for slide in slides for note in slide.notes
                       if not note.text.lstrip().startswith(tip))
    rate = view.words.words_per_minute
    if spoken_words <= twin.minutes * rate * NOTES_SLACK:
        return []
    return [module_finding(WARNING, "translation-timing", twin, 2,
                           f"its notes run {spoken_words} spoken words, {spoken_words / rate:.1f} minutes at "
                           f"{rate} words a minute ({view.words.name}), over its {twin.minutes:g} minutes; "
                           f"tighten the notes (not the facts)")]
