"""The ``blockwatch`` command: parse arguments, call one function of ``kit``, print a summary.

Heavy libraries (python-pptx, WeasyPrint, icalendar) are imported inside the commands so that
``blockwatch --help`` starts fast.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Optional

import typer
from typer.core import TyperGroup

from kit.errors import KitError


class KitGroup(TyperGroup):
    """Turns every ``KitError`` into one line on stderr and exit code 2: the only place that does."""

    def invoke(self, ctx: typer.Context):
        try:
            return super().invoke(ctx)
        except KitError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(2)


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


def _time(value: str) -> "dt.time":
    import datetime as dt

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


@deck_app.command("plan")
def deck_plan(
    kit: Path = KitOption,
    recipe: Optional[str] = typer.Option(None, help="Recipe id (default: the kit's default_recipe)."),
    minutes: Optional[float] = typer.Option(None, help="Fit optional modules to land on this many minutes."),
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
    recipe: Optional[str] = typer.Option(None, help="Recipe id (default: the kit's default_recipe)."),
    minutes: Optional[float] = typer.Option(None, help="Fit optional modules to this many minutes."),
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

    library = open_workspace(kit).library
    typer.echo(f"{'id':<26} {'min':>4} {'opt':>4} {'src':>4}  {'audiences':<34} title")
    for module in sorted(library.modules.values(), key=lambda m: m.id):
        typer.echo(f"{module.id:<26} {module.minutes:>4g} {'yes' if module.optional else 'no':>4} "
                   f"{len(module.sources):>4}  {','.join(module.audiences):<34} {module.title}")


@app.command()
def check(
    kit: Path = KitOption,
    today: Optional[str] = typer.Option(None, help="Judge staleness as of this date (YYYY-MM-DD; default: today)."),
):
    """Lint the kit: sources, numbers, language, review dates, contacts, timing, fit. Exit 1 on errors."""
    import datetime as dt

    from kit.check import ERROR, check_kit
    from kit.workspace import open_workspace

    try:
        day = dt.date.fromisoformat(today) if today else dt.date.today()
    except ValueError:
        raise typer.BadParameter(f"{today!r} is not a date like 2026-11-24", param_hint="--today")
    findings = check_kit(open_workspace(kit), today=day)
    for finding in findings:
        typer.echo(str(finding))
    errors = sum(finding.level == ERROR for finding in findings)
    typer.echo(f"{errors} errors, {len(findings) - errors} warnings")
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


def main() -> None:
    app()


if __name__ == "__main__":
    main()
