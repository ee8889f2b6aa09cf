"""Rules on the season's talks: every group has one, and hand edits to bookings.toml keep the presenters' rules."""

from __future__ import annotations

from ..booking import Meeting, Talk, conflicts
from ..bookings import BOOKINGS_FILE
from ..errors import KitError
from ..events import GROUPS_FILE, Season, events_dir
from .core import ERROR, WARNING, Finding, Kit, file_line, from_error
from .messages import say


def talk_findings(kit: Kit) -> list[Finding]:
    """Nothing for a kit without groups yet; a season that does not load is one finding, not a crash."""
    folder = events_dir(kit.profile)
    if not (folder / GROUPS_FILE).is_file():
        return []
    try:
        season = kit.workspace.season
    except KitError as exc:
        return [from_error(exc, "season", folder)]
    return no_talk(season, folder) + broken_rules(kit, season, folder)


def no_talk(season: Season, folder) -> list[Finding]:
    booked = {t.group.id for t in season.talks() if not t.cancelled}
    groups = folder / GROUPS_FILE
    return [Finding(WARNING, "no-talk", str(groups), file_line(groups, rf'id\s*=\s*"{group.id}"'),
                    say("no-talk", group=group.id, bookings=BOOKINGS_FILE))
            for group in season.groups if group.id not in booked]


def broken_rules(kit: Kit, season: Season, folder) -> list[Finding]:
    """Two talks a day, the weekly limit, a weekday or blackout date of the presenter (kit.toml), in the talks still
    to come (a rule added after a talk was given is no reason to flag it)."""
    from ..events.planner import availability

    talks = [Talk(id=t.id, group=t.group.id, presenter=t.presenter.id, meeting=Meeting(
        id=t.meeting or t.id, day=t.start.date(), start=t.start, end=t.end))
        for t in season.talks() if t.presenter is not None and not t.cancelled and t.start.date() >= kit.today]
    presenters = {p.id: availability(p) for p in kit.profile.presenters}
    bookings = folder / BOOKINGS_FILE
    return [Finding(ERROR, "talk-rules", str(bookings), None, say("talk-rules", problem=problem))
            for problem in conflicts(talks, presenters)]
