"""Victim-centered language: the terms of ``kit/data/banned-terms.yaml`` in every form and every place.

Forms: any case (unless a term says otherwise), plurals and other endings, hyphens or spaces or nothing between
words, soft hyphens and zero-width characters, a word broken across lines. Places: every piece of every slide
(``texts.slide_pieces``), recipe and section titles, the wording values of ``kit.toml`` and the handouts.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from pathlib import Path

import yaml

from ..content import Module
from ..errors import ContentError
from ..languages import BANNED_TERMS, ENGLISH, FOLDER, HANDOUTS, TAKEHOME, TEXTS
from ..resources import data_path
from ..schema import Fields
from .core import ERROR, WARNING, Finding, Kit, SlideView, file_line, module_finding, recipe_about, recipe_location, \
    slide_line, toml_line
from .messages import place, say
from .texts import normalize, unmarked

LEVELS = (ERROR, WARNING)
WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)?")
OPENING_QUOTES, CLOSING_QUOTES = "\"“'«", "\"”'»"
# A quoted term in a sentence with one of these is named in order to reject it ('Never call a child a "prostitute"').
REJECTING = ("never", "not", "don't", "do not", "avoid", "instead", "rather than", "stop", "isn't", "aren't",
             "no such", "wrong", "replace")
# ... and slang (a warning) in quotation marks beside one of these is explained, not used ("what they call 'the life'").
NAMING = ("call", "calls", "called", "term", "word", "words", "slang", "known as", "means", "say", "says", "hear")
ABBREVIATION = re.compile(r"\b(?:St|Dr|Mr|Mrs|Ms|Mt|Ft|Sr|Jr)\.$")


@dataclass(frozen=True)
class BannedTerm:
    term: str
    patterns: tuple[re.Pattern, ...]
    instead: str
    why: str
    level: str = ERROR
    context: tuple[re.Pattern, ...] = ()
    window: int = 6
    unless: tuple[str, ...] = ()
    lower: bool = False


@dataclass(frozen=True)
class Match:
    term: BannedTerm
    found: str


@lru_cache(maxsize=4)
def load_banned_terms(path: Path | None = None) -> tuple[BannedTerm, ...]:
    path = path or data_path(FOLDER, ENGLISH, BANNED_TERMS)
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    top = Fields(raw, where=path, error=ContentError)
    top.allow_only({"contexts", "terms"})
    contexts = {name: tuple(re.compile(_word(w, last=True), re.I) for w in map(str, words))
                for name, words in top.get("contexts", dict, {}).items()}
    terms = []
    for index, entry in enumerate(top.get("terms", list)):
        fields = Fields(entry, where=path, prefix=f"terms[{index}]", error=ContentError)
        fields.allow_only({"term", "match", "level", "context", "window", "unless", "case", "instead", "why"})
        term = fields.get("term")
        level = fields.get("level", str, ERROR)
        context = fields.get("context", str, "")
        if level not in LEVELS:
            fields.fail("level", f"must be one of {', '.join(LEVELS)}, not {level!r}")
        if context and context not in contexts:
            fields.fail("context", f"names no list under 'contexts:' ({', '.join(contexts)})")
        terms.append(BannedTerm(
            term=term,
            patterns=tuple(re.compile(_phrase(p), re.I) for p in fields.strings("match", default=(term,))),
            instead=fields.get("instead"),
            why=fields.get("why", str, ""),
            level=level,
            context=contexts.get(context, ()),
            window=fields.get("window", int, 6),
            unless=fields.strings("unless"),
            lower=fields.get("case", str, "any") == "lower",
        ))
    return tuple(terms)


def _word(word: str, *, last: bool) -> str:
    alternatives = []
    for alt in word.split("|"):
        if alt.endswith("*"):
            alternatives.append(re.escape(alt[:-1]) + r"\w*")
        else:
            alternatives.append(re.escape(alt) + (r"(?:s|es|'s|s')?" if last else ""))
    return "(?:" + "|".join(alternatives) + ")"


def _phrase(phrase: str) -> str:
    words = phrase.split()
    body = r"[\s-]*".join(_word(w, last=i == len(words) - 1) for i, w in enumerate(words))
    return rf"(?<![\w']){body}(?!\w)"


# ---- matching ---------------------------------------------------------------------------------

def find_terms(text: str, terms) -> list[Match]:
    """The banned terms in ``text``; where terms overlap ("child prostitute", "prostitute") the longest wins."""
    text, joined = normalize(text), _joined(text)
    found: dict[tuple[str, str], Match] = {}
    for variant in dict.fromkeys((text, joined)):
        spans: list[tuple[int, int, BannedTerm]] = []
        for term in terms:
            for pattern in term.patterns:
                spans += [(m.start(), m.end(), term) for m in pattern.finditer(variant)
                          if _counts(variant, m.start(), m.end(), term)]
        kept: list[tuple[int, int, BannedTerm]] = []
        for start, end, term in sorted(spans, key=lambda s: s[0] - s[1]):
            if not any(start < k_end and k_start < end for k_start, k_end, _ in kept):
                kept.append((start, end, term))
        for start, end, term in sorted(kept):
            match = Match(term, re.sub(r"\s+", " ", variant[start:end]))
            found.setdefault((term.term, match.found.lower()), match)
    return list(found.values())


def _counts(text: str, start: int, end: int, term: BannedTerm) -> bool:
    if term.lower and not _lower_case_use(text, start, end):
        return False
    if term.context and not _near(text, start, end, term.context, term.window):
        return False
    if term.unless and _rebutted(text, start, term):
        return False
    return not _quoted_to_reject(text, start, end, term.level)


def _lower_case_use(text: str, start: int, end: int) -> bool:
    """'john', 'johns'; or 'Johns' opening a sentence, not followed by a name ('Johns Hopkins')."""
    found = text[start:end]
    if found.islower():
        return True
    before, after = text[:start].rstrip(), text[end:].lstrip()
    opens = (not before or before[-1] in ".!?\"“") and not ABBREVIATION.search(before)
    return opens and found.endswith("s") and not found.endswith("'s") and not after[:1].isupper()


def _near(text: str, start: int, end: int, context, window: int) -> bool:
    tokens = list(WORD.finditer(text))
    inside = [i for i, t in enumerate(tokens) if t.end() > start and t.start() < end]
    if not inside:
        return False
    low, high = max(0, inside[0] - window), min(len(tokens), inside[-1] + window + 1)
    return any(p.fullmatch(tokens[i].group()) for i in range(low, high) if i not in inside for p in context)


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    first = max(text.rfind(mark, 0, start) for mark in ".!?") + 1
    last = min([i for i in (text.find(mark, end) for mark in ".!?") if i >= 0] or [len(text)])
    return first, last


def _has(words_text: str, phrases) -> bool:
    return any(re.search(rf"(?<![\w']){re.escape(p)}(?![\w'])", words_text) for p in phrases)


def _rebutted(text: str, start: int, term: BannedTerm) -> bool:
    first, _ = _sentence(text, start, start)
    before = " ".join(WORD.findall(text[first:start])[-term.window:]).lower()
    return _has(before, term.unless)


def _quoted_to_reject(text: str, start: int, end: int, level: str) -> bool:
    opening = text[start - 1:start]
    closing = re.match(r"[.,;:!?]*(.)", text[end:])
    if not opening or opening not in OPENING_QUOTES or not closing or closing.group(1) not in CLOSING_QUOTES:
        return False
    first, last = _sentence(text, start, end)
    sentence = (text[first:start] + " " + text[end:last]).lower()
    return _has(sentence, REJECTING + (NAMING if level == WARNING else ()))


# ---- rules ------------------------------------------------------------------------------------

def module_findings(kit: Kit, module: Module, views: list[SlideView]) -> list[Finding]:
    terms = kit.banned_terms
    findings = [module_finding(m.term.level, "banned-term", module, file_line(module.path, r"title\s*:"),
                               say("banned-term-kit", found=m.found, field=say("module-title"),
                                   instead=m.term.instead, why=m.term.why).rstrip())
                for m in find_terms(module.title, terms)]  # the run sheet prints it
    for view in views:
        for piece in view.pieces:
            for match in find_terms(unmarked(piece.text), terms):
                term = match.term
                findings.append(module_finding(
                    term.level, "banned-term", module, _line(module, view, match, not piece.visible),
                    say("banned-term", found=match.found, place=place(piece.place), slide=view.title,
                        instead=term.instead, why=term.why).rstrip()))
    return findings


def _line(module: Module, view: SlideView, match: Match, notes: bool) -> int:
    """The line where the term is, or where it starts when it is broken across two lines."""
    def has_term(text: str) -> bool:
        return any(p.search(_joined(text)) for p in match.term.patterns)

    lines = module.body.splitlines()
    starts = {first for first, second in pairwise(lines)
              if first.strip() and not has_term(second) and has_term(f"{first}\n{second}")}
    return slide_line(module, view.slide, lambda line: has_term(line) or line in starts, notes=notes)


def _joined(text: str) -> str:
    """``text`` normalized, with a word hyphenated across a line break joined again."""
    return re.sub(r"(\w)-\s+(\w)", r"\1\2", normalize(text))


def kit_findings(kit: Kit) -> list[Finding]:
    """kit.toml's own wording, recipe and section titles, the built-in contacts' labels and the handouts; for a
    translation, its own texts instead (recipe titles, contacts' labels, handouts, take-home, every sentence)."""
    terms = kit.banned_terms
    findings = []
    for field, text, where, line, about in (_translated_wording(kit) if kit.translated else _wording(kit)):
        for match in find_terms(text, terms):
            term = match.term
            findings.append(Finding(term.level, "banned-term", where, line,
                                    say("banned-term-kit", found=match.found, field=field, instead=term.instead,
                                        why=term.why).rstrip(), about))
    return findings


def _wording(kit: Kit):
    """(field, text, file, line, built-in thing or '') for every piece of wording outside the slide modules."""
    profile, path = kit.profile, kit.profile.file
    where = str(path)
    agency = profile.agency
    yield "agency.name", agency.name, where, toml_line(path, "agency", "name"), ""
    yield "agency.short_name", agency.short_name, where, toml_line(path, "agency", "short_name"), ""
    yield "organizer.name", profile.organizer.name, where, toml_line(path, "organizer", "name"), ""
    for presenter in profile.presenters:
        yield (f"presenter '{presenter.id}' title", presenter.title, where,
               file_line(path, rf"title\s*=\s*\"{re.escape(presenter.title)}\""), "")
    for stat in profile.statistics.values():
        yield f"[stats.{stat.id}] wording", stat.wording, where, toml_line(path, f"stats.{stat.id}", "wording"), ""
    contacts_file = data_path("contacts.toml")
    for contact in profile.contacts.values():
        builtin = kit.builtin_contacts.get(contact.key)
        for key in ("label", "text"):
            value = getattr(contact, key)
            if builtin is not None and getattr(builtin, key) == value:
                yield (f"contact '{contact.key}' {key}", value, str(contacts_file), None,
                       say("builtin-where-contacts", key=contact.key))
            else:
                yield (f"[contacts.{contact.key}] {key}", value, where,
                       toml_line(path, f"contacts.{contact.key}", key), "")
    for recipe in kit.library.recipes.values():
        file, line = recipe_location(kit, recipe)
        about = recipe_about(recipe)
        yield say("recipe-title", id=recipe.id), recipe.title, file, line("title"), about
        for section in recipe.sections:
            yield (say("section-title", section=section.title, id=recipe.id), section.title, file, line("sections"),
                   about)
    handouts = kit.handouts
    for field, text in _strings(tomllib.loads(handouts.read_text(encoding="utf-8"))):
        yield field, text, str(handouts), None, say("builtin-where-handouts")


def _translated_wording(kit: Kit):
    words = kit.words
    for contact in kit.profile.contacts.values():
        for key, value in (("label", contact.label_in(words.code)), ("text", contact.text_in(words.code))):
            yield f"contact '{contact.key}' {key} ({words.code})", value, str(kit.profile.file), None, ""
    for stat in kit.profile.statistics.values():
        if words.code in stat.translations:
            yield (f"[stats.{stat.id}] translations.{words.code}", stat.translations[words.code],
                   str(kit.profile.file), toml_line(kit.profile.file, f"stats.{stat.id}", "translations"), "")
    for recipe in kit.library.recipes.values():
        yield say("recipe-title", id=recipe.id), recipe.title, recipe.where, None, recipe_about(recipe)
        for section in recipe.sections:
            yield say("section-title", section=section.title, id=recipe.id), section.title, recipe.where, None, ""
    for name in (HANDOUTS, TAKEHOME, TEXTS):
        path = words.file(name)
        if path is not None:
            for field, text in _strings(tomllib.loads(path.read_text(encoding="utf-8"))):
                yield field, text, str(path), None, say("builtin-where-handouts") if _builtin(path) else ""


def _builtin(path: Path) -> bool:
    return str(path).startswith(str(data_path()))


def _strings(value, prefix=""):
    if isinstance(value, str):
        yield prefix, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, f"{prefix}.{key}" if prefix else key)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, f"{prefix}[{index}]")
