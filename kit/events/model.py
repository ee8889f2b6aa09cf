"""What a season is made of: groups, sessions, series and rosters (frozen values, no I/O).

Two kinds of session: a group's regular **meetings** (its series and one-offs in ``sessions.toml``), which
the kit never invites anyone to, and **talks**, one per group in ``bookings.toml``, each given at one of
the group's meetings. Invitations, calendars for residents, sheets and decks are about talks.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Iterable, Mapping

from ..errors import EventsError, close_matches
from ..profile import Presenter


@dataclass(frozen=True)
class Venue:
    name: str
    address: str


@dataclass(frozen=True)
class Person:
    name: str
    email: str


MEETING, TALK = "meeting", "talk"
# A room with no seat limit is printed for the model program's largest group (20-25 residents, IACP 2016).
NO_LIMIT_HEAD_COUNT = 25


@dataclass(frozen=True)
class Group:
    id: str
    name: str
    neighborhood: str
    coordinator: Person
    venue: Venue
    area: str = ""  # a district, coarser than the neighborhood; the planner prefers a presenter from it
    preferred_presenters: tuple[str, ...] = ()


@dataclass(frozen=True)
class Resident:
    name: str
    email: str
    street: str = ""
    phone: str = ""
    ok_to_contact: bool = True


@dataclass(frozen=True)
class Session:
    """A meeting or a talk. ``start``/``end`` are aware datetimes in the kit's time zone.

    A talk's ``id`` is the talk id from bookings.toml (it stays when the talk moves); ``meeting`` is the id
    of the meeting it is given at, whose time, place and seats it has. Only talks have a presenter and a recipe.
    """

    id: str
    group: Group
    start: dt.datetime
    end: dt.datetime
    capacity: int = 0
    topic: str = ""
    series_id: str | None = None
    cancelled: bool = False
    kind: str = MEETING
    presenter: Presenter | None = None
    recipe: str = ""
    meeting: str | None = None

    @property
    def is_talk(self) -> bool:
        return self.kind == TALK

    @property
    def head_count(self) -> int:
        """How many people to print rows and cards for: the room's seats, or a full group where there is no limit."""
        return self.capacity or NO_LIMIT_HEAD_COUNT


@dataclass(frozen=True)
class Series:
    """A repeating meeting of one group, as the organizer wrote it (local wall-clock time)."""

    id: str
    group: Group
    first: Session
    repeat: str
    count: int | None = None
    until: dt.date | None = None
    skip: tuple[dt.date, ...] = ()
    cancelled: bool = False

    @property
    def minutes(self) -> int:
        return round((self.first.end - self.first.start).total_seconds() / 60)


@dataclass(frozen=True)
class Season:
    groups: tuple[Group, ...]
    sessions: tuple[Session, ...]
    rosters: Mapping[str, tuple[Resident, ...]] = field(default_factory=dict)
    series: tuple[Series, ...] = ()
    reasons: Mapping[str, str] = field(default_factory=dict)  # cancelled session or series id -> --reason given

    def session(self, session_id: str) -> Session:
        for session in self.sessions:
            if session.id == session_id:
                return session
        raise unknown_session(session_id, self.ids())

    def talk(self, session_id: str) -> Session:
        """The talk with this id; a meeting's id is refused, naming its group's talk."""
        session = self.session(session_id)
        if not session.is_talk:
            talks = [t.id for t in self.talks() if t.group.id == session.group.id]
            given = f"the talk of {session.group.id} is '{talks[0]}'" if talks else \
                f"{session.group.id} has no talk booked yet"
            raise EventsError(f"'{session_id}' is a regular meeting, not a talk; {given}", field="session",
                              hint="list-talks")
        return session

    def group(self, group_id: str) -> Group:
        for group in self.groups:
            if group.id == group_id:
                return group
        raise EventsError(f"unknown group '{group_id}'; groups are defined in events/groups.toml", field="group",
                          suggestions=close_matches(group_id, [g.id for g in self.groups]))

    def listed(self, now: dt.datetime, *, everything: bool = False, group: str | None = None,
               talks_only: bool = False) -> list[Session]:
        """Meetings and talks not over and not cancelled (``everything``: all of them), of one group or all."""
        wanted = self.group(group) if group is not None else None
        chosen = self.talks() if talks_only else self.sessions
        return [s for s in chosen if (everything or (s.end >= now and not s.cancelled))
                and wanted in (None, s.group)]

    def ids(self) -> list[str]:
        return [s.id for s in self.sessions] + [s.id for s in self.series]

    def talks(self) -> tuple[Session, ...]:
        return tuple(s for s in self.sessions if s.is_talk)

    def meetings(self) -> tuple[Session, ...]:
        return tuple(s for s in self.sessions if not s.is_talk)

    def next_talks(self, now: dt.datetime) -> tuple[Session, ...]:
        """Each group's next talk that is not over and not called off (a group with none to come has none)."""
        found = []
        for group in self.groups:
            ahead = [t for t in self.talks() if t.group.id == group.id and not t.cancelled and t.end >= now]
            found += ahead[:1]
        return tuple(found)

    def one_offs(self) -> tuple[Session, ...]:
        """The meetings that are no series' (a talk is never part of one)."""
        return tuple(s for s in self.sessions if s.series_id is None and not s.is_talk)

    def instances(self, series_id: str) -> tuple[Session, ...]:
        return tuple(s for s in self.sessions if s.series_id == series_id)

    def residents(self, group_id: str) -> tuple[Resident, ...]:
        return self.rosters.get(group_id, ())


def unknown_session(session_id: str, known: Iterable[str], *, what: str = "session", **where) -> EventsError:
    """The one wording for an id the season lacks, with the closest id it has."""
    return EventsError(f"unknown {what} '{session_id}'", field="session", suggestions=close_matches(session_id, known),
                       hint="list-sessions", **where)
