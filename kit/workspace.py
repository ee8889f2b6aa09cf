"""``Kit``: one kit folder and every job that starts from it (copier's Worker, sqlite-utils' Database).

``Kit.open(path)`` reads nothing yet: the profile, slide library, season and delivery state are loaded
the first time a job needs them, so ``events list`` never parses a slide and ``slides list`` never a roster.
Each command of ``cli.py`` is one call of one method here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator

from .content import Library, Module, load_library
from .languages import ENGLISH, Language, language
from .errors import ContentError, Problems, ProfileError, close_matches
from .files import ensure_dir, output_set, write_text
from .placeholders import field_lines
from .plan import Plan, plan_deck
from .profile import KIT_FILE, Presenter, Profile, load_profile
from .readers import read_text
from .resources import builtin_path

if TYPE_CHECKING:
    from .attendance import Recorded
    from .build import Outcome
    from .caldav import Account
    from .check import Finding
    from .deck import Deck, DeckOptions
    from .events import Season, Session
    from .events.planner import Result
    from .mail import Batch, Invitation
    from .newkit import NewKit
    from .smtp import SmtpServer
    from .state import State
    from .survey import SurveyRecorded
    from .translations import Translation


SESSION_COLUMNS = ("session_id", "group", "kind", "date", "start", "end", "presenter", "recipe", "venue")


@dataclass(frozen=True)
class PrintedSheets:
    files: list[Path]
    sessions: tuple[Session, ...]
    with_calendar_link: bool  # False: kit.toml sets no [calendar] base_url, so the sheets carry no QR code


@dataclass(frozen=True)
class ModuleEntry:
    """A module as ``slides list`` shows it: where it comes from, what it replaces, whether a recipe uses it."""

    module: Module
    origin: str     # "built-in", "CO pack" or "kit" (the kit's own slides/)
    replaces: str   # a kit module replacing a built-in or pack one: that one's origin; else ""
    used: bool      # some recipe (built-in or the kit's) names it


class Kit:
    """A kit folder (holds kit.toml); its parts load lazily, each once.

    ``draft``: build even while kit.toml holds placeholders; every deck and printed page is marked DRAFT,
    and no invitation is sent or recorded.
    """

    def __init__(self, root: Path, *, draft: bool = False):
        self.root = Path(root)
        self.draft = draft

    @classmethod
    def open(cls, path: Path | str, *, draft: bool = False) -> Kit:
        """The kit at ``path``: its folder, its kit.toml, or any folder inside it (looked for upward, as git does)."""
        path = Path(path)
        if path.name == KIT_FILE and path.is_file():
            return cls(path.parent, draft=draft)
        if path.is_dir() and not (path / KIT_FILE).is_file():
            path = next((folder for folder in path.resolve().parents if (folder / KIT_FILE).is_file()), path)
        return cls(path, draft=draft)

    @classmethod
    def loaded(cls, profile: Profile, library: Library | None = None) -> Kit:
        """A kit whose profile (and library) are already in hand, as a test or a tool may build them."""
        kit = cls(profile.root)
        kit.__dict__["profile"] = profile
        if library is not None:
            kit.__dict__["library"] = library
        return kit

    # ---- the parts, loaded on first use --------------------------------------------------------

    @cached_property
    def profile(self) -> Profile:
        return load_profile(self.root)

    @cached_property
    def library(self) -> Library:
        return load_library(self.profile)

    @cached_property
    def season(self) -> Season:
        from .events import load_season

        return load_season(self.profile)

    @cached_property
    def state(self) -> State:
        from .state import State

        return State.load(self.profile)

    def presenter(self, presenter_id: str | None = None) -> Presenter:
        """The presenter with this id; none given: the first one in kit.toml."""
        return self.profile.presenter(presenter_id)

    def require_finished(self, hint: str = "placeholder") -> None:
        """Refuse a kit that still holds placeholders (or no non-emergency number, which slides and wallet cards
        print), one problem per field, unless this is a draft."""
        if self.draft:
            return
        problems = Problems()
        for pending in self.profile.placeholders:
            problems.add(ProfileError(f"field '{pending.field}' is still a placeholder; replace it with "
                                      f"{pending.wanted}", where=self.profile.file, line=pending.line,
                                      field=pending.field, hint=hint))
        if not self.profile.agency.non_emergency.strip():
            line = field_lines(read_text(self.profile.file, ProfileError)).get("agency.non_emergency")
            problems.add(ProfileError("field 'agency.non_emergency' is empty; set it to your agency's non-emergency "
                                      "number", where=self.profile.file, line=line, field="agency.non_emergency",
                                      hint=hint))
        problems.raise_any()

    def require_readable(self) -> None:
        """Read every file a season is built from (slides, events, delivery state): a broken one is refused here,
        before anything is written."""
        self.library, self.season, self.state  # noqa: B018  (cached: read once)

    def check_sendable(self, *, preview: bool = False) -> None:
        """Invitations go out from a finished kit only; a draft's are previews, that reach no neighbor and leave
        the state file alone."""
        if self.draft and not preview:
            raise ProfileError("invitations are never sent from a draft", hint="draft-invite")
        self.require_finished("placeholder-invite")

    # ---- the talk --------------------------------------------------------------------------------

    def words(self, value: str | None) -> Language:
        """The language a command asks for (None: the kit's)."""
        return language(value, self.root) if value else self.profile.speaks()

    def plan(self, recipe_id: str | None = None, minutes: float | None = None, language: str | None = None) -> Plan:
        """The talk, planned in English and put into ``language`` (default: the kit's), so that every language
        gives the same modules the same minutes."""
        code = self.words(language).code
        self._require_statistics_sources()
        plan = plan_deck(self.library, self.library.recipe(recipe_id or self.profile.default_recipe), minutes)
        return plan if code == ENGLISH else self.translation(code).plan(plan, draft=self.draft)

    def translation(self, code: str) -> Translation:
        """The library in another language: its modules' twins and its recipes' titles (loaded once each)."""
        from .translations import load_translation

        found = self.__dict__.setdefault("_translations", {})
        if code not in found:
            found[code] = load_translation(self.profile, self.library, self.profile.speaks(code))
        return found[code]

    def _require_statistics_sources(self) -> None:
        """A local statistic's source is cited on a built-in slide: name kit.toml, where the fix is, not that slide."""
        missing = [stat for stat in self.profile.statistics.values() if stat.source not in self.library.bibliography]
        if not missing:
            return
        lines = field_lines(read_text(self.profile.file, ProfileError))
        problems = Problems()
        for stat in missing:
            problems.add(ProfileError(
                f"[stats.{stat.id}] cites source '{stat.source}', which is in no bibliography; add it to "
                f"slides/bibliography.yaml in this kit, or fix the id", where=self.profile.file,
                line=lines.get(f"stats.{stat.id}.source"), field=f"stats.{stat.id}.source",
                suggestions=close_matches(stat.source, self.library.bibliography)))
        problems.raise_any()

    def modules(self) -> list[ModuleEntry]:
        used = {mid for recipe in self.library.recipes.values() for mid in recipe.module_ids}
        replaced = self.library.replaced
        return [ModuleEntry(module, self._origin(module), self._origin(replaced[mid]) if mid in replaced else "",
                            mid in used) for mid, module in sorted(self.library.modules.items())]

    def _origin(self, module: Module) -> str:
        if not module.builtin:
            return "kit"
        return "built-in" if module.path.parent == builtin_path("slides") else f"{self.profile.state} pack"

    def copy_module(self, module_id: str) -> tuple[Path, ModuleEntry]:
        """A built-in (or state pack) module copied into the kit's slides/, where it replaces the original."""
        from .translations import translation_codes

        entries = {entry.module.id: entry for entry in self.modules()}
        entry = entries.get(module_id)
        if entry is None:
            raise ContentError(f"unknown module '{module_id}'", field="module", hint="slides-list",
                               suggestions=close_matches(module_id, entries))
        if entry.origin == "kit":
            raise ContentError(f"module '{module_id}' is already the kit's own; edit it there",
                               where=entry.module.path)
        copies = {self.root / "slides" / entry.module.path.name: entry.module.path}
        for code in translation_codes(builtin_path("slides")):  # and its twins, so every language stays in step
            twin = entry.module.path.parent / code / entry.module.path.name
            if twin.is_file():
                copies[self.root / "slides" / code / entry.module.path.name] = twin
        for target in copies:
            if target.exists():
                raise ContentError(f"already exists, so the {entry.origin} module '{module_id}' was not copied over "
                                   "it; rename or move that file first", where=target)
        with output_set():
            written = [write_text(target, read_text(source, ContentError)) for target, source in copies.items()]
        return written[0], entry

    def build_deck(self, options: DeckOptions, out: Path | None = None, *,
                   session_id: str | None = None) -> tuple[Deck, list[Path]]:
        """The deck and, beside it, its run-sheet (``NAME.pptx``, ``NAME-runsheet.md``) and, with
        ``options.materials``, the presenter's script and the audience take-home; all written or none.
        ``session_id``: a talk's id, whose details fill what ``options`` leaves unset; the deck is named after it.
        """
        from .deck import build_deck, for_talk
        from .runsheet import runsheet_markdown

        self.require_finished()
        self.words(options.language)
        if session_id is not None:
            talk = self.talk(session_id)
            words = self.profile.speaks(options.language or talk.group.language)  # the group's, unless asked
            options, out = for_talk(options, talk, words), out or Path(f"{session_id}.pptx")
        options = replace(options, draft=self.draft, language=self.words(options.language).code)
        plan = self.plan(options.recipe, options.minutes, options.language)
        out = Path(out or f"{plan.recipe.id}.pptx")
        if out.suffix.lower() != ".pptx":
            raise ProfileError("the deck must be a .pptx file", where=out, hint="pptx-out")
        ensure_dir(out.parent)
        with output_set():
            deck = build_deck(self.profile, self.library, plan, options, out)
            text = runsheet_markdown(plan, start=options.start_time, agency=self.profile.agency.name,
                                     presenter=self.presenter(options.presenter).name, deck_name=out.name,
                                     words=self.profile.speaks(options.language))
            written = [write_text(out.with_name(f"{out.stem}-runsheet.md"), text)]
            if options.materials:
                from .deck.materials import write_materials

                written += write_materials(self.profile, plan, list(deck.slides), options, out)
        return deck, written

    def check(self, today: dt.date, *, builtin: bool = False) -> list[Finding]:
        from .check import check_kit

        return check_kit(self, today=today, builtin=builtin)

    # ---- sessions and calendars ----------------------------------------------------------------

    def sessions(self, *, everything: bool = False, group: str | None = None, talks_only: bool = False,
                 now: dt.datetime | None = None) -> list[Session]:
        """Upcoming meetings and talks not cancelled (``everything``: past and cancelled too), of one group or all."""
        return self.season.listed(now or dt.datetime.now(self.profile.zone), everything=everything, group=group,
                                  talks_only=talks_only)

    def talk(self, talk_id: str) -> Session:
        """A talk by its id (date, start, venue, presenter, recipe); a meeting's id is refused, naming its talk."""
        return self.season.talk(talk_id)

    def write_session_csv(self, out: Path, sessions: list[Session]) -> Path:
        """One row per session, every cell safe to open in a spreadsheet (kit/csvfiles.py)."""
        from .csvfiles import write_csv
        from .dates import clock_24

        return write_csv(out, SESSION_COLUMNS, [
            (s.id, s.group.id, s.kind, s.start.date().isoformat(), clock_24(s.start), clock_24(s.end),
             s.presenter.id if s.presenter else "", s.recipe, s.group.venue.name) for s in sessions])

    def book(self, start: dt.date, end: dt.date, *, replan: bool = False, now: dt.datetime | None = None) -> Result:
        """Book each group's talk into one of its meetings between ``start`` and ``end``; rewrites bookings.toml."""
        from .events.planner import book_season

        result = book_season(self.profile, self.state, start, end, replan=replan,
                             now=now or dt.datetime.now(self.profile.zone))
        self.__dict__.pop("season", None)  # the season read from now on has the new talks
        return result

    def cancel(self, session_id: str, reason: str = "", today: dt.date | None = None) -> Path:
        from .events import events_dir, record_cancellation

        return record_cancellation(events_dir(self.profile), self.season, session_id, reason,
                                   today=today or dt.date.today())

    def write_calendars(self, out: Path) -> list[Path]:
        from .calendar import write_season_calendars

        return write_season_calendars(self.profile, self.season, out, self.state)

    def write_schedules(self, out: Path, *, paper: str = "letter") -> list[Path]:
        """Each presenter's booked talks: a printed page (HTML and PDF) and an .ics."""
        from .schedules import write_schedules

        return write_schedules(self.profile, self.season, out, self.state, paper=paper)

    def pending_invitations(self, only: str | None = None) -> Batch:
        from .mail import pending

        return pending(self.profile, self.season, self.state, only=only)

    def write_invitations(self, out: Path, *, only: str | None = None, preview: bool = False,
                          retry_refused: bool = False, now: dt.datetime | None = None, language: str | None = None,
                          report: Callable[[Invitation], None] = lambda i: None) -> tuple[Path, list[Path]]:
        """The pending messages as .eml files in a new dated folder under ``out`` (``preview``: nothing recorded);
        each in its group's language, or all in ``language``."""
        from .mail import dated_folder, write_invitations

        self.check_sendable(preview=preview)
        folder = dated_folder(out, now or dt.datetime.now(), preview=preview)
        return folder, write_invitations(self.profile, self.season, self.state, folder, only=only,
                                         record=not preview, retry_refused=retry_refused, language=language,
                                         report=report)

    def send_invitations(self, server: SmtpServer, *, only: str | None = None, retry_refused: bool = False,
                         language: str | None = None, report: Callable[[Invitation], None] = lambda i: None) -> int:
        from .smtp import send_invitations

        self.check_sendable()
        return send_invitations(self.profile, self.season, self.state, server, only=only,
                                retry_refused=retry_refused, language=language, report=report)

    def publish(self, account: Account, *,
                report: Callable[[str, str], None] = lambda action, uid: None) -> dict[str, int]:
        from .caldav import publish

        return publish(self.profile, self.season, self.state, account, report=report)

    # ---- paper -----------------------------------------------------------------------------------

    def print_sheets(self, out: Path, *, session_id: str | None = None, roster: Path | None = None,
                     paper: str = "letter", now: dt.datetime | None = None,
                     language: str | None = None) -> PrintedSheets:
        """Sign-up, sign-in and question cards for one talk, or for each group's next talk."""
        from .sheets import read_roster, select_talks, write_session_sheets

        self.require_finished()
        self.words(language)  # an unknown language fails before anything is read
        chosen = select_talks(self.season, session_id, now or dt.datetime.now(self.profile.zone))
        expected = read_roster(roster) if roster else ()
        files = write_session_sheets(self.profile, chosen, out, paper=paper, roster=expected, draft=self.draft,
                                     language=language)
        return PrintedSheets(files, chosen, with_calendar_link=bool(self.profile.calendar_base_url))

    def record_attendance(self, source: Path, today: dt.date | None = None) -> Recorded:
        from .attendance import record_attendance

        return record_attendance(self.profile, source, today=today)

    def print_survey(self, out: Path, *, session_id: str | None = None, paper: str = "letter",
                     cards: int | None = None, language: str | None = None) -> list[Path]:
        """Before-and-after cards for one talk, or for every talk not cancelled, each in its group's language
        (or ``language``): the questions of the modules' twins, in the same order with the same answers."""
        from .survey import survey_sessions, write_survey_cards

        self.words(language)

        def library_of(session: Session) -> tuple[Library, Language]:
            words = self.profile.speaks(language or session.group.language)
            return (self.library if words.code == ENGLISH else self.translation(words.code).library), words

        chosen = survey_sessions(self.season, session_id)
        return write_survey_cards(self.profile, self.library, chosen, out, paper=paper, cards=cards,
                                  libraries=library_of)

    def survey_template(self, session_id: str, target: Path, *, cards: int | None = None) -> Path:
        from .survey import write_survey_template

        return write_survey_template(self.library, self.season.session(session_id), target, cards=cards)

    def record_survey(self, source: Path, today: dt.date | None = None) -> SurveyRecorded:
        from .survey import record_survey

        return record_survey(self.profile, self.season, self.library, source, today=today)

    def write_report(self, out: Path, *, start: dt.date | None = None, end: dt.date | None = None,
                     paper: str = "letter") -> list[Path]:
        """``report.html``, ``report.pdf`` and ``report.csv``: the season's reach and what residents learned."""
        from .attendance import stored_attendance
        from .report import season_report
        from .reportfiles import write_report_files
        from .survey import stored_cards

        report = season_report(self.season, stored_attendance(self.profile), stored_cards(self.profile),
                               self.library, zone=self.profile.zone, start=start, end=end)
        return write_report_files(self.profile, report, out, paper=paper)

    def write_handouts(self, out: Path, *, paper: str = "letter", languages: str | None = None) -> list[Path]:
        """The handouts in the kit's language, or in ``languages``: "es", or "en,es" for English on the front of
        each sheet and Spanish on its back."""
        from .handouts import write_handouts
        from .languages import split_languages

        self.require_finished()
        chosen = split_languages(languages, self.root) if languages else ()
        return write_handouts(self.profile, out, paper=paper, draft=self.draft, languages=chosen)

    # ---- everything ------------------------------------------------------------------------------

    def build_season(self, out: Path, *, force: bool = False, jobs: int | None = None,
                     now: dt.datetime | None = None, progress=None) -> list[Outcome]:
        from .build import build_season

        self.require_finished()
        return build_season(self, out, force=force, jobs=jobs, now=now, progress=progress)

    @staticmethod
    def demo(out: Path) -> Iterator[str]:
        from .demo import run_demo

        return run_demo(out)

    @staticmethod
    def init(target: Path, *, state: str, timezone: str | None = None, agency: str | None = None,
             non_emergency: str | None = None) -> NewKit:
        """A new kit: kit.toml with a placeholder for each value only the agency can give, and commented examples
        of events/groups.toml, events/sessions.toml and slides/bibliography.yaml that load as empty."""
        from .newkit import new_kit

        return new_kit(target, state=state, timezone=timezone, agency=agency, non_emergency=non_emergency)

    @staticmethod
    def init_example(target: Path) -> Path:
        """A copy of the built-in example kit (Lakeview PD, fictional, finished)."""
        from .newkit import example_kit

        return example_kit(target)


Workspace = Kit  # the name kit/check.py imports
