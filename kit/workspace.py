"""``Kit``: one kit folder and every job that starts from it (copier's Worker, sqlite-utils' Database).

``Kit.open(path)`` reads nothing yet: the profile, slide library, season and delivery state are loaded
the first time a job needs them, so ``events list`` never parses a slide and ``slides list`` never a roster.
Each command of ``cli.py`` is one call of one method here.
"""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator

from .content import Library, Module, load_library
from .errors import ProfileError
from .files import ensure_dir, write_text
from .plan import Plan, plan_deck
from .profile import KIT_FILE, Presenter, Profile, load_profile, parse_profile
from .readers import parse_toml
from .resources import example_kit_path, template_path

if TYPE_CHECKING:
    from .attendance import Recorded
    from .build import Outcome
    from .caldav import Account
    from .check import Finding
    from .deck import Deck, DeckOptions
    from .events import Season, Session
    from .mail import Batch, Invitation
    from .smtp import SmtpServer
    from .state import State
    from .survey import SurveyRecorded


@dataclass(frozen=True)
class PrintedSheets:
    files: list[Path]
    sessions: tuple[Session, ...]
    with_calendar_link: bool  # False: kit.toml sets no [calendar] base_url, so the sheets carry no QR code


class Kit:
    """A kit folder (holds kit.toml); its parts load lazily, each once."""

    def __init__(self, root: Path):
        self.root = Path(root)

    @classmethod
    def open(cls, path: Path | str) -> Kit:
        return cls(Path(path))

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

    # ---- the talk --------------------------------------------------------------------------------

    def plan(self, recipe_id: str | None = None, minutes: float | None = None) -> Plan:
        return plan_deck(self.library, self.library.recipe(recipe_id or self.profile.default_recipe), minutes)

    def modules(self) -> list[Module]:
        return sorted(self.library.modules.values(), key=lambda m: m.id)

    def build_deck(self, options: DeckOptions, out: Path | None = None) -> tuple[Deck, Path]:
        """The deck and its run-sheet beside it (``NAME.pptx`` and ``NAME-runsheet.md``)."""
        from .deck import build_deck
        from .runsheet import runsheet_markdown

        plan = self.plan(options.recipe, options.minutes)
        out = Path(out or f"{plan.recipe.id}.pptx")
        if out.suffix.lower() != ".pptx":
            raise ProfileError("the deck must be a .pptx file", where=out, hint="pptx-out")
        ensure_dir(out.parent)
        deck = build_deck(self.profile, self.library, plan, options, out)
        text = runsheet_markdown(plan, start=options.start, agency=self.profile.agency.name,
                                 presenter=self.presenter(options.presenter).name, deck_name=out.name)
        return deck, write_text(out.with_name(f"{out.stem}-runsheet.md"), text)

    def check(self, today: dt.date, *, builtin: bool = False) -> list[Finding]:
        from .check import check_kit

        return check_kit(self, today=today, builtin=builtin)

    # ---- sessions and calendars ----------------------------------------------------------------

    def sessions(self, *, everything: bool = False, group: str | None = None,
                 now: dt.datetime | None = None) -> list[Session]:
        """Upcoming sessions not cancelled (``everything``: past and cancelled too), of one group or all."""
        now = now or dt.datetime.now(self.profile.zone)
        chosen = self.season.sessions if everything else [
            s for s in self.season.sessions if s.end >= now and not s.cancelled]
        return [s for s in chosen if group is None or s.group.id == group]

    def cancel(self, session_id: str, reason: str = "", today: dt.date | None = None) -> Path:
        from .events import events_dir, record_cancellation

        return record_cancellation(events_dir(self.profile), self.season, session_id, reason,
                                   today=today or dt.date.today())

    def write_calendars(self, out: Path) -> list[Path]:
        from .calendar import write_season_calendars

        return write_season_calendars(self.profile, self.season, out, self.state)

    def pending_invitations(self, only: str | None = None) -> Batch:
        from .mail import pending

        return pending(self.profile, self.season, self.state, only=only)

    def write_invitations(self, out: Path, *, only: str | None = None, preview: bool = False,
                          retry_refused: bool = False, now: dt.datetime | None = None,
                          report: Callable[[Invitation], None] = lambda i: None) -> tuple[Path, list[Path]]:
        """The pending messages as .eml files in a new dated folder under ``out`` (``preview``: nothing recorded)."""
        from .mail import dated_folder, write_invitations

        folder = dated_folder(out, now or dt.datetime.now(), preview=preview)
        return folder, write_invitations(self.profile, self.season, self.state, folder, only=only,
                                         record=not preview, retry_refused=retry_refused, report=report)

    def send_invitations(self, server: SmtpServer, *, only: str | None = None, retry_refused: bool = False,
                         report: Callable[[Invitation], None] = lambda i: None) -> int:
        from .smtp import send_invitations

        return send_invitations(self.profile, self.season, self.state, server, only=only,
                                retry_refused=retry_refused, report=report)

    def publish(self, account: Account, *,
                report: Callable[[str, str], None] = lambda action, uid: None) -> dict[str, int]:
        from .caldav import publish

        return publish(self.profile, self.season, self.state, account, report=report)

    # ---- paper -----------------------------------------------------------------------------------

    def print_sheets(self, out: Path, *, session_id: str | None = None, roster: Path | None = None,
                     paper: str = "letter") -> PrintedSheets:
        """Sign-up, sign-in and question cards for one session, or for every session not cancelled."""
        from .sheets import read_roster, select_sessions, write_session_sheets

        chosen = select_sessions(self.season.sessions, session_id)
        expected = read_roster(roster) if roster else ()
        files = write_session_sheets(self.profile, chosen, out, paper=paper, roster=expected)
        return PrintedSheets(files, chosen, with_calendar_link=bool(self.profile.calendar_base_url))

    def record_attendance(self, source: Path, today: dt.date | None = None) -> Recorded:
        from .attendance import record_attendance

        return record_attendance(self.profile, source, today=today)

    def print_survey(self, out: Path, *, session_id: str | None = None, paper: str = "letter",
                     cards: int | None = None) -> list[Path]:
        """Before-and-after cards for one talk, or for every talk not cancelled."""
        from .survey import survey_sessions, write_survey_cards

        chosen = survey_sessions(self.season, session_id)
        return write_survey_cards(self.profile, self.library, chosen, out, paper=paper, cards=cards)

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

    def write_handouts(self, out: Path, *, paper: str = "letter") -> list[Path]:
        from .handouts import write_handouts

        return write_handouts(self.profile, out, paper=paper)

    # ---- everything ------------------------------------------------------------------------------

    def build_season(self, out: Path, *, force: bool = False, jobs: int | None = None,
                     now: dt.datetime | None = None, progress=None) -> list[Outcome]:
        from .build import build_season

        return build_season(self, out, force=force, jobs=jobs, now=now, progress=progress)

    @staticmethod
    def demo(out: Path) -> Iterator[str]:
        from .demo import run_demo

        return run_demo(out)

    @staticmethod
    def init(target: Path, *, agency: str, state: str, timezone: str, non_emergency: str,
             example: bool) -> Path:
        """A new kit: the example kit's copy, or a commented kit.toml with empty slides/ and events/ folders."""
        import jinja2

        if (target / KIT_FILE).exists():
            raise ProfileError(f"already holds a {KIT_FILE}; choose an empty folder", where=target)
        if example:
            ensure_dir(target.parent)
            shutil.copytree(example_kit_path(), target, dirs_exist_ok=True)
            return target / KIT_FILE
        env = jinja2.Environment(undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
        env.filters["toml"] = toml_string
        text = env.from_string(template_path("kit.toml.j2").read_text(encoding="utf-8")).render(
            agency=agency, state=state.upper(), timezone=timezone, non_emergency=non_emergency)
        where = f"{target / KIT_FILE} (from the options given)"
        parse_profile(parse_toml(text, ProfileError, where=where), kit_dir=target, where=where)
        for folder in ("slides", "events"):
            ensure_dir(target / folder)
        return write_text(target / KIT_FILE, text)


Workspace = Kit  # the name kit/check.py imports


def toml_string(value: str) -> str:
    """``value`` as a TOML string, quotes and control characters escaped by a real TOML writer."""
    import tomli_w

    return tomli_w.dumps({"v": value}).partition(" = ")[2].rstrip("\n")

