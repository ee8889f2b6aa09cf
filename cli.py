"""The ``blockwatch`` command: parse arguments, call one function of ``kit``, print a summary.

Heavy libraries (python-pptx, WeasyPrint, icalendar) are imported inside the commands so that
``blockwatch --help`` starts fast.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Optional

import click
import typer
from typer.core import TyperGroup

from kit.errors import KitError


class KitGroup(TyperGroup):
    """Turns every ``KitError`` into one line on stderr and exit code 2: the only place that does."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except KitError as exc:
            click.echo(f"error: {exc}", err=True)
            ctx.exit(2)


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
