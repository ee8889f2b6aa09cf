"""The ``blockwatch`` command: parse arguments, call one function of ``kit``, print a summary.

Heavy libraries (python-pptx, WeasyPrint, icalendar) are imported inside the commands so that
``blockwatch --help`` starts fast.
"""

from __future__ import annotations

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
app.add_typer(deck_app, name="deck")
app.add_typer(events_app, name="events")

KitOption = typer.Option(Path("."), "--kit", help="The kit folder (holds kit.toml).", show_default="current folder")


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
    out: Optional[Path] = typer.Option(None, "--out", help="Write .eml files here (they count as sent)."),
    smtp: Optional[str] = typer.Option(None, "--smtp", help="Send through this SMTP server, HOST:PORT."),
    starttls: bool = typer.Option(False, "--starttls", help="Switch the SMTP connection to TLS first."),
    user: Optional[str] = typer.Option(None, "--user", help="SMTP login; password from BLOCKWATCH_SMTP_PASSWORD "
                                                             "or a prompt."),
    session: Optional[str] = typer.Option(None, "--session", help="Only this session or series id."),
) -> None:
    """Send iMIP invitations, updates and cancellations: one message per neighbor, only what changed."""
    from kit.errors import DeliveryError
    from kit.events import load_season
    from kit.mail import SmtpServer, parse_server, send_invitations, write_invitations
    from kit.profile import load_profile
    from kit.state import State

    if (out is None) == (smtp is None):
        raise DeliveryError("give either --out DIR (write .eml files) or --smtp HOST:PORT (send), not both")
    profile = load_profile(kit)
    season = load_season(profile)
    state = State.load(profile)

    def report(invitation) -> None:
        typer.echo(f"{invitation.method:<8} {invitation.label} -> {invitation.email}")

    if out is not None:
        count = len(write_invitations(profile, season, state, out, only=session, report=report))
    else:
        host, port = parse_server(smtp)
        password = _password("BLOCKWATCH_SMTP_PASSWORD", f"SMTP password for {user}") if user else ""
        server = SmtpServer(host=host, port=port, starttls=starttls, user=user or "", password=password)
        count = send_invitations(profile, season, state, server, only=session, report=report)
    typer.echo(f"{count} messages {'written' if out else 'sent'}" if count
               else "nothing to send: every neighbor's calendar is up to date")


@events_app.command("cancel")
def events_cancel(
    session_id: str = typer.Argument(..., help="A session id (group-YYYY-MM-DD) or a series id (group-series)."),
    reason: str = typer.Option("", "--reason", help="Kept beside the cancellation in events/cancelled.toml."),
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
    caldav: str = typer.Option(..., "--caldav", help="The shared calendar's CalDAV URL."),
    user: Optional[str] = typer.Option(None, "--user", help="CalDAV login; password from BLOCKWATCH_CALDAV_PASSWORD "
                                                             "or a prompt."),
    kit: Path = KitOption,
) -> None:
    """Put every event on a shared CalDAV calendar; re-publishing updates in place, never duplicates."""
    from kit.caldav import Account, publish
    from kit.events import load_season
    from kit.profile import load_profile
    from kit.state import State

    profile = load_profile(kit)
    season = load_season(profile)
    password = _password("BLOCKWATCH_CALDAV_PASSWORD", f"CalDAV password for {user}") if user else ""
    counts = publish(profile, season, State.load(profile), Account(caldav, user or "", password),
                     report=lambda action, uid: action != "unchanged" and typer.echo(f"{action:<9} {uid}"))
    typer.echo(", ".join(f"{n} {action}" for action, n in counts.items()))


def _password(variable: str, prompt: str) -> str:
    """Secrets come from the environment or a hidden prompt, never from the command line."""
    import os

    return os.environ.get(variable) or typer.prompt(prompt, hide_input=True)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
