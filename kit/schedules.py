"""``blockwatch events calendar``: each presenter's own evenings, as a printed page and a calendar file.

``OUT/{presenter}.pdf`` (and ``.html``) lists the presenter's booked talks (when, which group, where, whom to
ask at the door) and the availability kit.toml gives them, so an officer can check both at a glance;
``OUT/{presenter}.ics`` holds the same talks with the UIDs the residents' calendars use, so a talk that moves
moves in the officer's calendar too.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from . import calendar as cal
from .dates import LOCALE, long_date, meeting_time, weekday_name
from .events import Season, Session
from .files import output_set, write_bytes
from .printing import check_paper, write_document
from .profile import Presenter, Profile
from .state import State

A_MONDAY = dt.date(2027, 1, 4)  # any Monday: weekday numbers become names through it


@dataclass(frozen=True)
class Row:
    """One talk as the page shows it."""

    talk: Session
    when: str


@dataclass(frozen=True)
class Schedule:
    presenter: Presenter
    talks: tuple[Session, ...]


def schedules(profile: Profile, season: Season) -> list[Schedule]:
    """Every presenter of kit.toml with their talks by date (a presenter with none gets an empty schedule)."""
    return [Schedule(presenter=p, talks=tuple(t for t in season.talks() if t.presenter and t.presenter.id == p.id))
            for p in profile.presenters]


def write_schedules(profile: Profile, season: Season, out_dir: Path, state: State | None = None, *,
                    paper: str = "letter", stamp: dt.datetime | None = None) -> list[Path]:
    """``{presenter}.html``/``.pdf`` for everyone, and ``{presenter}.ics`` for everyone with a talk."""
    check_paper(paper)
    state = state or State.memory()
    stamp = stamp or dt.datetime.now(dt.timezone.utc)
    events = {entry.id: cal.event(profile, entry, sequence=state.sequence_for(entry.uid, cal.revision(profile, entry)),
                                  stamp=stamp) for entry in cal.entries(profile, season)}
    written: list[Path] = []
    with output_set():
        for schedule in schedules(profile, season):
            presenter = schedule.presenter
            printed = write_document(
                "schedule.html.j2", Path(out_dir) / presenter.id, paper=paper, branding=profile.branding,
                agency=profile.agency, presenter=presenter, rows=[_row(profile, t) for t in schedule.talks],
                weekdays=", ".join(weekday_name(A_MONDAY + dt.timedelta(days=d), LOCALE)
                                   for d in sorted(presenter.weekdays)),
                blackouts="; ".join(_spans(presenter.blackouts)), limit=presenter.max_talks_per_week)
            written += [printed.html, printed.pdf]
            if schedule.talks:
                name = profile.speaks().say("calendar.presenter_feed", presenter=presenter.name,
                                            agency=profile.agency.short_name)
                ics = cal.calendar(profile, "PUBLISH", [events[t.id] for t in schedule.talks], name=name)
                written.append(write_bytes(Path(out_dir) / f"{presenter.id}.ics", cal.to_bytes(ics)))
    return written


def _row(profile: Profile, talk: Session) -> Row:
    return Row(talk=talk, when=meeting_time(talk.start.astimezone(profile.zone), talk.end.astimezone(profile.zone)))


def _spans(days: frozenset[dt.date]) -> list[str]:
    """Blackout dates, runs of consecutive days as one span: 'Monday, March 15, 2027 – Friday, March 19, 2027'."""
    spans: list[list[dt.date]] = []
    for day in sorted(days):
        if spans and day - spans[-1][-1] == dt.timedelta(days=1):
            spans[-1].append(day)
        else:
            spans.append([day])
    return [long_date(run[0]) if len(run) == 1 else f"{long_date(run[0])} \u2013 {long_date(run[-1])}"
            for run in spans]
