"""The ``blockwatch`` command: parse arguments, call one function of ``kit``, print a summary.

Heavy libraries (python-pptx, WeasyPrint, icalendar) are imported inside the commands so that
``blockwatch --help`` starts fast.
"""

from __future__ import annotations

from enum import Enum
import datetime as dt
import warnings
from pathlib import Path
from typing import Optional

import typer
from typer.core import TyperGroup

from kit.errors import KitError, KitWarning


class KitGroup(TyperGroup):
    """Turns every ``KitError`` into one line on stderr and its exit code (2: bad input, 4: some messages
    refused), and every ``KitWarning`` into one "note:" line, each said once: the only place that does."""

    def invoke(self, ctx: typer.Context):
        if ctx.parent is not None:  # a command group inside the app: the app's invoke already does this
            return super().invoke(ctx)
        with warnings.catch_warnings():
            warnings.simplefilter("always", KitWarning)
            warnings.showwarning = _notes(warnings.showwarning)
            try:
                return super().invoke(ctx)
            except KitError as exc:
                typer.echo(f"error: {exc}", err=True)
                raise typer.Exit(exc.exit_code) from None


def _notes(show_other):
    said = set()

    def show(message, category, *args, **kwargs) -> None:
        if not issubclass(category, KitWarning):
            show_other(message, category, *args, **kwargs)
        elif str(message) not in said:
            said.add(str(message))
            typer.echo(f"note: {message}", err=True)

    return show


def _typer(help: str) -> typer.Typer:
    return typer.Typer(cls=KitGroup, help=help, no_args_is_help=True, add_completion=False,
                       pretty_exceptions_enable=False, rich_markup_mode=None)


app = _typer("Decks, calendar invites, sign-up sheets and handouts for block-watch talks on child trafficking.")
deck_app = _typer("Plan and build the presentation deck.")
events_app = _typer("Schedule sessions and send calendar invitations.")
sheets_app = _typer("Print each meeting's sign-up sheet, sign-in sheet and question cards; record who came.")
app.add_typer(deck_app, name="deck")
app.add_typer(events_app, name="events")
app.add_typer(sheets_app, name="sheets")

KitOption = typer.Option(Path("."), "--kit", help="The kit folder (holds kit.toml).", show_default="current folder")


def _time(value: str) -> dt.time:
    try:
        return dt.time.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a time like 18:30")


@app.command()
def init(
    folder: Path = typer.Argument(..., help="Folder for the new kit."),
    agency: str = typer.Option("Your Police Department", help="Agency name."),
    state: str = typer.Option("CO", help="Two-letter state code (picks the state hotline)."),
    timezone: str = typer.Option("America/Denver", help="IANA time zone of your sessions."),
    non_emergency: str = typer.Option("", "--non-emergency", help="Your agency's non-emergency number."),
    example: bool = typer.Option(False, "--example", help="Start from a copy of the built-in example kit."),
):
    """Start a kit: kit.toml plus slides/ and events/ folders."""
    from kit.workspace import init_kit

    written = init_kit(folder, agency=agency, state=state, timezone=timezone, non_emergency=non_emergency,
                       example=example)
    typer.echo(f"wrote {written}; next: blockwatch deck build --kit {folder}")


RecipeOption = typer.Option(None, "--recipe", help="Recipe id (default: the kit's default_recipe).")
MinutesOption = typer.Option(None, "--minutes", help="Add or drop optional modules to land on this many minutes.")


@deck_app.command("plan")
def deck_plan(
    kit: Path = KitOption,
    recipe: Optional[str] = RecipeOption,
    minutes: Optional[float] = MinutesOption,
):
    """Print the timing table: module, minutes, start, end, running total."""
    from kit.workspace import open_workspace

    plan = open_workspace(kit).plan(recipe, minutes)
    typer.echo(f"{plan.recipe.id}: {plan.recipe.title} ({plan.total:g} of {plan.recipe.target[0]:g}-"
               f"{plan.recipe.target[1]:g} minutes)")
    typer.echo(f"{'module':<28} {'min':>5} {'start':>6} {'end':>6} {'total':>6}")
    for module_id, _title, length, start, end in plan.rows():
        typer.echo(f"{module_id:<28} {length:>5g} {start:>6g} {end:>6g} {end:>6g}")


@deck_app.command("build")
def deck_build(
    kit: Path = KitOption,
    recipe: Optional[str] = RecipeOption,
    minutes: Optional[float] = MinutesOption,
    out: Optional[Path] = typer.Option(None, help="The .pptx to write (default: RECIPE.pptx here)."),
    template: Optional[Path] = typer.Option(None, help="An agency .pptx template (overrides kit.toml)."),
    presenter: Optional[str] = typer.Option(None, help="Presenter id from kit.toml."),
    date: str = typer.Option("", help="Date shown on the title slide."),
    venue: str = typer.Option("", help="Venue shown on the title slide."),
    start: str = typer.Option("18:30", help="Start time for the run-sheet's clock times."),
):
    """Build the deck (.pptx) and its facilitator run-sheet."""
    from kit.deck import DeckOptions
    from kit.workspace import build_deck_files, open_workspace

    options = DeckOptions(recipe=recipe, minutes=minutes, template=template, presenter=presenter, date=date,
                          venue=venue, start=_time(start))
    deck, runsheet = build_deck_files(open_workspace(kit), options, out)
    typer.echo(f"wrote {deck.path} ({len(deck.slides)} slides, {deck.plan.total:g} minutes) and {runsheet}")


slides_app = _typer("The slide library.")
app.add_typer(slides_app, name="slides")


@slides_app.command("list")
def slides_list(kit: Path = KitOption):
    """Show the modules: id, title, minutes, audiences, optional, sources."""
    from kit.workspace import open_workspace

    modules = sorted(open_workspace(kit).library.modules.values(), key=lambda m: m.id)
    width = max([len("audiences")] + [len(",".join(m.audiences)) for m in modules])
    typer.echo(f"{'id':<26} {'min':>4} {'opt':>4} {'src':>4}  {'audiences':<{width}}  title")
    for module in modules:
        typer.echo(f"{module.id:<26} {module.minutes:>4g} {'yes' if module.optional else 'no':>4} "
                   f"{len(module.sources):>4}  {','.join(module.audiences):<{width}}  {module.title}")


@app.command()
def check(
    kit: Path = KitOption,
    today: Optional[str] = typer.Option(None, help="Judge staleness as of this date (YYYY-MM-DD; default: today)."),
    builtin: bool = typer.Option(False, "--builtin", help="Also list each finding about the built-in library "
                                                          "(for its maintainers; normally summed up in one line)."),
):
    """Lint the kit: sources, numbers, language, review dates, contacts, timing, fit. Exit 1 on errors."""
    import datetime as dt

    from kit.check import ERROR, check_kit
    from kit.check.messages import say
    from kit.workspace import open_workspace

    try:
        day = dt.date.fromisoformat(today) if today else dt.date.today()
    except ValueError:
        raise typer.BadParameter(f"{today!r} is not a date like 2026-11-24", param_hint="--today")
    findings = check_kit(open_workspace(kit), today=day, builtin=builtin)
    for finding in findings:
        typer.echo(str(finding))
    errors = sum(finding.level == ERROR for finding in findings)
    typer.echo(say("summary", errors=errors, warnings=len(findings) - errors))
    raise typer.Exit(1 if errors else 0)


@app.command()
def demo(out: Path = typer.Option(..., help="Folder for everything the example kit makes.")):
    """Build everything for the built-in example kit (Lakeview PD, Colorado) into OUT."""
    from kit.demo import run_demo

    for line in run_demo(out):
        typer.echo(line)


class Paper(str, Enum):
    letter = "letter"
    a4 = "a4"


PaperOption = typer.Option(Paper.letter, "--paper", help="Paper size.", case_sensitive=False)
OutOption = typer.Option(..., "--out", help="The folder to write into (created if missing).")


@sheets_app.command("signup")
def sheets_signup(
    out: Path = OutOption,
    session: Optional[str] = typer.Option(None, "--session", help="Only this session id (default: all not cancelled)."),
    roster: Optional[Path] = typer.Option(None, "--roster", help="CSV with name and rsvp: pre-fills those who said yes."),
    paper: Paper = PaperOption,
    kit: Path = KitOption,
) -> None:
    """Write OUT/<session>/: sign-up sheet, sign-in sheet and question cards, as HTML and PDF."""
    from kit.events import load_season
    from kit.profile import load_profile
    from kit.sheets import read_roster, select_sessions, write_session_sheets

    profile = load_profile(kit)
    chosen = select_sessions(load_season(profile).sessions, session)
    expected = read_roster(roster) if roster else ()
    if not profile.calendar_base_url:
        typer.echo("warning: kit.toml has no [calendar] base_url, so the sign-up sheets have no "
                   "add-to-calendar QR code; set it to where the calendar files are published", err=True)
    written = write_session_sheets(profile, chosen, out, paper=paper.value, roster=expected)
    typer.echo(f"wrote {len(written)} files for {len(chosen)} session(s) in {out}")


@sheets_app.command("attendance")
def sheets_attendance(
    file: Path = typer.Argument(..., help="CSV with session_id, name, attended (yes/no) and optionally email."),
    kit: Path = KitOption,
) -> None:
    """Record who came to which session in the kit's attendance.csv."""
    from kit.attendance import record_attendance
    from kit.profile import load_profile

    result = record_attendance(load_profile(kit), file)
    typer.echo(f"recorded {result.added} new and {result.updated} updated rows for "
               f"{len(result.sessions)} session(s) in {result.path}")


@app.command("handouts")
def handouts(out: Path = OutOption, paper: Paper = PaperOption, kit: Path = KitOption) -> None:
    """Write the signs tip card, wallet reporting cards and "what you can do" leaflet, as HTML and PDF."""
    from kit.handouts import write_handouts
    from kit.profile import load_profile

    written = write_handouts(load_profile(kit), out, paper=paper.value)
    typer.echo(f"wrote {len(written)} files in {out}")


@events_app.command("list")
def events_list(
    kit: Path = KitOption,
    everything: bool = typer.Option(False, "--all", help="Also past and cancelled sessions."),
    group: Optional[str] = typer.Option(None, "--group", help="Only this group's sessions."),
) -> None:
    """Show upcoming sessions in the kit's local time."""
    import datetime as dt

    from kit.events import load_season, upcoming
    from kit.profile import load_profile

    profile = load_profile(kit)
    season = load_season(profile)
    sessions = season.sessions if everything else [
        s for s in upcoming(season, dt.datetime.now(profile.zone)) if not s.cancelled]
    sessions = [s for s in sessions if group is None or s.group.id == group]
    typer.echo(f"{len(sessions)} {'' if everything else 'upcoming '}sessions (local time, {profile.timezone}):")
    for s in sessions:
        typer.echo(f"{s.start:%a %Y-%m-%d %H:%M}-{s.end:%H:%M} {s.start:%Z}  {s.id:<34} {s.group.name} @ "
                   f"{s.group.venue.name} ({s.presenter.id}){'  CANCELLED' if s.cancelled else ''}")


@events_app.command("ics")
def events_ics(
    out: Path = typer.Option(..., "--out", help="Folder for sessions/*.ics, series/*.ics and season.ics."),
    kit: Path = KitOption,
) -> None:
    """Write "add to calendar" files: one per session, one per group series, and a feed of everything."""
    from kit.calendar import write_season_calendars
    from kit.events import load_season
    from kit.profile import load_profile
    from kit.state import State

    profile = load_profile(kit)
    paths = write_season_calendars(profile, load_season(profile), out, State.load(profile))
    typer.echo(f"wrote {len(paths)} calendar files to {out} (sessions/, series/, season.ics)")


@events_app.command("invite")
def events_invite(
    kit: Path = KitOption,
    out: Optional[Path] = typer.Option(None, "--out", help="Write .eml files into a new dated folder in this folder "
                                                           "(they count as sent)."),
    smtp: Optional[str] = typer.Option(None, "--smtp", help="Send through this SMTP server, HOST:PORT."),
    starttls: bool = typer.Option(False, "--starttls", help="Switch the SMTP connection to TLS first (port 587)."),
    implicit_tls: bool = typer.Option(False, "--ssl", help="Speak TLS from the start (port 465)."),
    user: Optional[str] = typer.Option(None, "--user", help="SMTP login (needs --starttls or --ssl); password from "
                                                             "BLOCKWATCH_SMTP_PASSWORD or a prompt."),
    session: Optional[str] = typer.Option(None, "--session", help="Only this session or series id."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Write what would be sent into a new preview folder in "
                                                          "--out (default: here); send and record nothing."),
    retry_refused: bool = typer.Option(False, "--retry-refused", help="Try again the messages a server refused "
                                                                      "for good before."),
) -> None:
    """Send calendar invitations, updates and cancellations: one e-mail per neighbor, only what changed."""
    from dataclasses import replace

    from kit.errors import DeliveryError
    from kit.events import load_season
    from kit.mail import dated_folder, write_invitations
    from kit.profile import load_profile
    from kit.smtp import send_invitations, server
    from kit.state import State

    if not dry_run and (out is None) == (smtp is None):
        raise DeliveryError("give --out DIR (write .eml files) or --smtp HOST:PORT (send)" if out is None else
                            "give --out DIR or --smtp HOST:PORT, not both (--dry-run previews either)")
    smtp_server = server(smtp, starttls=starttls, implicit_tls=implicit_tls, user=user or "") if smtp else None
    profile = load_profile(kit)
    season = load_season(profile)
    state = State.load(profile)

    def report(invitation) -> None:
        typer.echo(f"{invitation.method:<8} {invitation.label} -> {invitation.email}")

    if smtp_server is None or dry_run:
        folder = dated_folder(out or Path("."), dt.datetime.now(), preview=dry_run)
        count = len(write_invitations(profile, season, state, folder, only=session, record=not dry_run,
                                      retry_refused=retry_refused, report=report))
        done = f"{count} messages {'to preview (nothing sent or recorded)' if dry_run else 'written'} in {folder}"
    else:
        if user:
            smtp_server = replace(smtp_server, password=_password("BLOCKWATCH_SMTP_PASSWORD",
                                                                  f"SMTP password for {user}"))
        count = send_invitations(profile, season, state, smtp_server, only=session, retry_refused=retry_refused,
                                 report=report)
        done = f"{count} messages sent"
    typer.echo(done if count else "nothing to send: every neighbor's calendar is up to date")


@events_app.command("cancel")
def events_cancel(
    session_id: str = typer.Argument(..., help="A session id (group-YYYY-MM-DD) or a series id (group-series)."),
    reason: str = typer.Option("", "--reason", help="Why: told to neighbors in the cancellation, and kept in "
                                                    "events/cancelled.toml."),
    kit: Path = KitOption,
) -> None:
    """Call off a session or a whole series; the next 'invite' and 'publish' tell everyone."""
    from kit.events import load_season, record_cancellation
    from kit.profile import load_profile

    profile = load_profile(kit)
    path = record_cancellation(profile, load_season(profile), session_id, reason)
    typer.echo(f"cancelled {session_id} (recorded in {path}); now run 'blockwatch events invite' "
               "and 'blockwatch events publish'")


@events_app.command("publish")
def events_publish(
    caldav: str = typer.Option(..., "--caldav", help="The shared calendar's CalDAV URL (https://...)."),
    user: Optional[str] = typer.Option(None, "--user", help="CalDAV login; password from BLOCKWATCH_CALDAV_PASSWORD "
                                                             "or a prompt."),
    kit: Path = KitOption,
) -> None:
    """Put every event on a shared CalDAV calendar; re-publishing updates in place, never duplicates."""
    from dataclasses import replace

    from kit.caldav import account, publish
    from kit.events import load_season
    from kit.profile import load_profile
    from kit.state import State

    calendar = account(caldav, user or "")
    profile = load_profile(kit)
    season = load_season(profile)
    if user:
        calendar = replace(calendar, password=_password("BLOCKWATCH_CALDAV_PASSWORD", f"CalDAV password for {user}"))

    def report(action: str, uid: str) -> None:
        if action != "unchanged":
            typer.echo(f"{action:<9} {uid}")

    counts = publish(profile, season, State.load(profile), calendar, report=report)
    typer.echo(", ".join(f"{n} {action}" for action, n in counts.items()))


def _password(variable: str, prompt: str) -> str:
    """Secrets come from the environment, a hidden prompt or a line piped in; never from the command line."""
    import os
    import sys

    from click.exceptions import Abort

    from kit.errors import DeliveryError

    missing = DeliveryError(f"no password given: set {variable} (or run this in a terminal to be asked)")
    if os.environ.get(variable):
        return os.environ[variable]
    if not sys.stdin.isatty():  # no terminal to hide the typing: read a piped line, without a prompt or warning
        line = sys.stdin.readline().rstrip("\r\n")
        if not line:
            raise missing
        return line
    try:
        return typer.prompt(prompt, hide_input=True)
    except (typer.Abort, Abort, EOFError):
        raise missing from None


@app.command()
def build(
    out: Path = typer.Option(..., "--out", help="Folder for the season: one folder per group."),
    kit: Path = KitOption,
    force: bool = typer.Option(False, "--force", help="Rebuild everything, changed or not."),
    jobs: Optional[int] = typer.Option(None, "--jobs", help="Worker processes (default: one per core)."),
):
    """Build the whole season: decks, calendars, invitations, sheets and handouts, for every group."""
    from rich.console import Console
    from rich.progress import MofNCompleteColumn, Progress
    from rich.table import Table

    from kit.build import build_season

    console = Console(stderr=True)
    with Progress(*Progress.get_default_columns(), MofNCompleteColumn(), console=console, transient=True) as bar:
        job = bar.add_task("building", total=None)
        outcomes = build_season(kit, out, force=force, jobs=jobs, progress=lambda outcome, done, total: bar.update(
            job, completed=done, total=total, description=f"{outcome.key} {outcome.status}"))
    done = [o for o in outcomes if o.status != "skipped"]  # a hundred "unchanged" rows would hide what happened
    if done:
        table = Table(title=f"Season built in {out}")
        for column in ("task", "status", "files", "seconds"):
            table.add_column(column)
        for o in done:
            table.add_row(o.key, o.status, str(len(o.outputs)), f"{o.seconds:.1f}")
        Console().print(table)
    built = sum(o.status == "built" for o in outcomes)
    skipped = sum(o.status == "skipped" for o in outcomes)
    failed = [o for o in outcomes if o.status == "failed"]
    typer.echo(f"{built} built, {skipped} unchanged, {len(failed)} failed")
    for o in failed:
        typer.echo(f"error: {o.key}: {o.error}", err=True)
    if failed:
        raise typer.Exit(2)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
