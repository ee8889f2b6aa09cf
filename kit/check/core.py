"""Lint a kit: every problem with its file, line and fix, instead of stopping at the first one.

``check_kit`` runs one small function per rule and returns ``Finding``s; ``cli.py`` prints them.
Rules work on realized slides (after Jinja), so profile values arrive as the text residents will see.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..content import Module, Slide, realize
from ..deck import DeckOptions, SlideSpec, check_titles, compose, fit, open_template, template_layouts
from ..errors import ContentError, KitError, PlanError
from ..plan import plan_deck
from ..profile import KIT_FILE, Profile
from ..recipes import Recipe, Section
from ..resources import data_path
from ..schema import Fields
from ..sources import CITATION
from ..workspace import Workspace

ERROR, WARNING = "error", "warning"
# A number as written on a slide: "4,800", "3.1", "2014"; "1-844-264-5437" is four of them.
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
TALK_MINUTES = (45, 60)  # the program's promise to block-watch groups (issue 3, presenting.md)


@dataclass(frozen=True)
class Finding:
    level: str  # "error" | "warning"
    rule: str
    where: str
    line: int | None
    message: str

    def __str__(self) -> str:
        location = f"{self.where}:{self.line}" if self.line else self.where
        return f"{location}: {self.level}: [{self.rule}] {self.message}"


@dataclass(frozen=True)
class BannedTerm:
    term: str
    instead: str
    why: str

    @property
    def pattern(self) -> re.Pattern:
        words = r"\s+".join(map(re.escape, self.term.split()))
        return re.compile(rf"(?<!\w){words}(?!\w)", re.I)


def check_kit(workspace: Workspace, *, today: dt.date) -> list[Finding]:
    profile, library = workspace.profile, workspace.library
    terms = load_banned_terms()
    profile_texts = _profile_texts(profile)
    findings: list[Finding] = []
    broken: set[str] = set()  # modules that cannot be composed into a deck; their decks are not fitted
    for module in library.modules.values():
        try:
            slides = realize(module, profile.template_context())
        except KitError as exc:
            findings.append(_from_error(exc, "module", module.path))
            broken.add(module.id)
            continue
        found = (unresolved_sources(module, slides, library.bibliography, profile)
                 + banned_terms(module, slides, terms, profile_texts)
                 + unsourced_numbers(module, slides, library.bibliography, profile_texts)
                 + old_sources(module, slides, library.bibliography, profile, today)
                 + stale_review(module, profile, today))
        if any(f.rule == "unresolved-source" and f.level == ERROR for f in found):
            broken.add(module.id)  # compose refuses a citation that is not in the bibliography
        findings += found
    decks = list(_decks(workspace, broken))
    findings += recipe_timing(workspace)
    findings += slide_fit(profile, decks)
    findings += contacts(profile, _printed_text(decks), today)
    findings += agency_number(profile)
    unique = dict.fromkeys(findings)  # a module in several recipes fails the same way in each
    return sorted(unique, key=lambda f: (f.where, f.line or 0))


def load_banned_terms() -> list[BannedTerm]:
    path = data_path("banned-terms.yaml")
    entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    terms = []
    for index, entry in enumerate(entries):
        fields = Fields(entry, where=path, prefix=f"[{index}]", error=ContentError)
        fields.allow_only({"term", "instead", "why"})
        terms.append(BannedTerm(term=fields.get("term"), instead=fields.get("instead"), why=fields.get("why", str, "")))
    return terms


# ---- rules on one module ----------------------------------------------------------------------

def unresolved_sources(module: Module, slides, bibliography, profile: Profile) -> list[Finding]:
    # A local statistic's source comes from kit.toml, so no module can list it in advance.
    listed = {*module.sources, *(stat.source for stat in profile.statistics.values())}
    findings = []
    for slide in slides:
        for source_id in slide.citations():
            line = _slide_line(module, slide, re.escape(f"[@{source_id}]"))
            if source_id not in bibliography:
                findings.append(Finding(ERROR, "unresolved-source", str(module.path), line,
                                        f"cites [@{source_id}], which is not in bibliography.yaml — add the source "
                                        f"there or fix the id"))
            elif source_id not in listed:
                findings.append(Finding(WARNING, "unresolved-source", str(module.path), line,
                                        f"cites [@{source_id}], which the front matter's sources do not list — add "
                                        f"it to 'sources:'"))
    return findings


def banned_terms(module: Module, slides, terms: list[BannedTerm], profile_texts: list[str]) -> list[Finding]:
    findings = []
    for slide in slides:
        texts = [slide.title, *slide.texts(), *(note.text for note in slide.notes)]
        # Profile values (a presenter called John) are names, not wording the module chose.
        text = _mask(" ".join(texts), profile_texts)
        for term in terms:
            if term.pattern.search(text):
                findings.append(Finding(ERROR, "banned-term", str(module.path),
                                        _slide_line(module, slide, term.pattern.pattern, re.I),
                                        f"'{term.term}' on slide '{slide.title}' — say '{term.instead}' instead. "
                                        f"{term.why}".rstrip()))
    return findings


def unsourced_numbers(module: Module, slides, bibliography, profile_texts: list[str]) -> list[Finding]:
    findings = []
    for slide in slides:
        cited = [bibliography[sid] for sid in (*module.sources, *slide.citations()) if sid in bibliography]
        allowed = {_normal(n) for source in cited for figure in source.figures for n in NUMBER.findall(figure)}
        # Whole profile values (a phone number, a local statistic) are sourced in kit.toml; taking them out
        # whole, rather than allowing their digits, keeps the '1' of '1-844-...' from excusing a stray '1'.
        text = _mask(CITATION.sub(" ", " ".join([slide.title, *slide.texts()])), profile_texts)
        for raw in dict.fromkeys(NUMBER.findall(text)):
            if _normal(raw) not in allowed:
                findings.append(Finding(ERROR, "unsourced-number", str(module.path),
                                        _slide_line(module, slide, rf"(?<![\d.,]){re.escape(raw)}(?![\d])"),
                                        f"'{raw}' on slide '{slide.title}' comes from no cited source and not from "
                                        f"kit.toml — cite the source with [@id] and list '{raw}' in its figures "
                                        f"in bibliography.yaml, or take the number out"))
    return findings


def old_sources(module: Module, slides, bibliography, profile: Profile, today: dt.date) -> list[Finding]:
    oldest = today.year - profile.check.source_max_age_years
    cited = dict.fromkeys([*module.sources, *(sid for slide in slides for sid in slide.citations())])
    return [Finding(WARNING, "old-source", str(module.path), _file_line(module.path, r"sources\s*:"),
                    f"source '{sid}' is from {bibliography[sid].year}, more than "
                    f"{profile.check.source_max_age_years} years old — find a newer source, or raise "
                    f"[check] source_max_age_years in {KIT_FILE}")
            for sid in cited if sid in bibliography and bibliography[sid].year < oldest]


def stale_review(module: Module, profile: Profile, today: dt.date) -> list[Finding]:
    days = profile.check.review_max_age_days
    if module.reviewed is None:
        return [Finding(WARNING, "stale-review", str(module.path), 2,
                        "has no 'reviewed' date — check the text against its sources and add 'reviewed: YYYY-MM-DD'")]
    if (today - module.reviewed).days > days:
        return [Finding(WARNING, "stale-review", str(module.path), _file_line(module.path, r"reviewed\s*:"),
                        f"was last reviewed {module.reviewed}, more than {days} days ago — check the text against "
                        f"its sources and update 'reviewed'")]
    return []


# ---- rules on recipes and decks ---------------------------------------------------------------

def recipe_timing(workspace: Workspace) -> list[Finding]:
    findings = []
    for recipe in workspace.library.recipes.values():
        where = recipe.where
        line = _file_line(Path(where), rf"\[(recipes\.)?{re.escape(recipe.id)}\]")
        low, high = recipe.target
        if low < TALK_MINUTES[0] or high > TALK_MINUTES[1]:
            findings.append(Finding(WARNING, "recipe-timing", where, line,
                                    f"recipe '{recipe.id}' targets {low:g}-{high:g} minutes, outside the "
                                    f"{TALK_MINUTES[0]}-{TALK_MINUTES[1]} minutes a block-watch talk runs — set "
                                    f"target = [{TALK_MINUTES[0]}, {TALK_MINUTES[1]}]"))
        try:
            plan_deck(workspace.library, recipe)
        except PlanError as exc:
            findings.append(Finding(ERROR, "recipe-timing", where, line, f"recipe '{recipe.id}': {exc.detail}"))
        except ContentError as exc:
            findings.append(Finding(ERROR, "recipe", where, line, f"recipe '{recipe.id}' {exc.detail}"))
    return findings


def slide_fit(profile: Profile, decks: list[list[SlideSpec]]) -> list[Finding]:
    """Every deck at 18 pt with the built-in template, one slide at a time so each misfit is reported."""
    layouts = template_layouts(open_template(None, profile), "built-in template")
    findings = []
    for specs in decks:
        fitted = []
        for spec in specs:
            try:
                fitted += fit([spec], layouts)
            except ContentError as exc:
                findings.append(_from_error(exc, "slide-fit", "deck"))
        try:
            check_titles(fitted)
        except ContentError as exc:
            findings.append(_from_error(exc, "duplicate-title", "deck"))
    return findings


def contacts(profile: Profile, printed: str, today: dt.date) -> list[Finding]:
    findings = []
    for contact in profile.contacts.values():
        line = _file_line(profile.file, rf"\[contacts\.{re.escape(contact.key)}\]")
        checked = contact.verified or contact.recorded
        if checked and (today - checked).days > profile.check.contact_max_age_days:
            findings.append(Finding(WARNING, "contact-stale", str(profile.file), line,
                                    f"contact '{contact.key}' ({contact.label}) was last checked {checked}, more "
                                    f"than {profile.check.contact_max_age_days} days ago — call or look it up on "
                                    f"the agency's own page and set [contacts.{contact.key}] verified = DATE"))
        shown = any(value and value in printed for value in (contact.number, contact.url))
        if shown and contact.verified is None and re.search(r"\bconfirm\b", contact.status):
            findings.append(Finding(WARNING, "contact-unverified", str(profile.file), line,
                                    f"contact '{contact.key}' ({contact.reach}) is printed on slides but no agency "
                                    f"has verified it yet — confirm it and set [contacts.{contact.key}] "
                                    f"verified = DATE"))
    return findings


def agency_number(profile: Profile) -> list[Finding]:
    """Slides, wallet cards and the leaflet print the agency's non-emergency number; an empty one leaves a gap."""
    if profile.agency.non_emergency.strip():
        return []
    return [Finding(ERROR, "agency-number", str(profile.file), _file_line(profile.file, r"^\s*non_emergency\s*="),
                    "agency.non_emergency is empty, so slides and wallet cards would print no number — set it to "
                    "the agency's non-emergency line")]


def _decks(workspace: Workspace, broken: set[str]):
    """The composed slides of every recipe; a module in no recipe is composed as a deck of its own."""
    library, profile = workspace.library, workspace.profile
    recipes = list(library.recipes.values())
    used = {mid for recipe in recipes for mid in recipe.module_ids}
    recipes += [Recipe(id=f"module-{m.id}", title=m.title, audience="", sections=(Section("", (m.id,)),),
                       target=(0, float("inf")), qa_minutes=0)
                for m in library.modules.values() if m.id not in used]
    for recipe in recipes:
        if broken & set(recipe.module_ids):
            continue  # already reported; composing would stop at the same error
        try:
            plan = plan_deck(library, recipe)
        except KitError:
            continue  # recipe_timing reports it
        yield compose(profile, library, plan, DeckOptions(recipe=recipe.id))


def _printed_text(decks: list[list[SlideSpec]]) -> str:
    """All text residents see on the slides of every deck; ``Slide.texts`` defines what is visible."""
    return "\n".join(text for specs in decks for spec in specs
                     for text in [spec.title, *spec.subtitle, *Slide(spec.title, spec.blocks, (), "", "", 0).texts()])


# ---- helpers ----------------------------------------------------------------------------------

def _profile_texts(profile: Profile) -> list[str]:
    """Every profile value a slide may print: its numbers count as sourced (kit.toml names the sources)."""
    agency = profile.agency
    texts = [agency.name, agency.short_name, agency.non_emergency, agency.website, agency.address, profile.state]
    texts += [value for p in profile.presenters for value in (p.name, p.title, p.email)]
    texts += [value for c in profile.contacts.values() for value in (c.label, c.number, c.text, c.url)]
    texts += [value for s in profile.statistics.values() for value in (s.value, s.wording, str(s.year))]
    return [text for text in texts if text]


def _normal(number: str) -> str:
    return number.replace(",", "")


def _mask(text: str, values: list[str]) -> str:
    """``text`` without the given values, matched whole: masking '17' leaves '2017' alone."""
    for value in sorted(values, key=len, reverse=True):
        text = re.sub(rf"(?<![\w.,]){re.escape(value)}(?![\w]|[.,]\d)", " ", text)
    return text


def _slide_line(module: Module, slide: Slide, pattern: str, flags=0) -> int:
    """The first line of the slide's source that matches, else the slide's title line."""
    lines = module.body.splitlines()
    for index in range(max(0, slide.line - module.body_line), len(lines)):
        if index > slide.line - module.body_line and lines[index].strip() == "---":
            break
        if re.search(pattern, lines[index], flags):
            return module.body_line + index
    return slide.line


def _file_line(path: Path, pattern: str) -> int | None:
    """Config files are parsed into plain values; find the line of a key again for the report."""
    if not path.is_file():
        return None
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if re.match(rf"\s*{pattern}", line):
            return number
    return None


def _from_error(exc: KitError, rule: str, default_where) -> Finding:
    return Finding(ERROR, rule, str(exc.where or default_where), exc.line, exc.detail)
