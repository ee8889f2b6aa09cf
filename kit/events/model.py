"""What a season is made of: groups, sessions, series and rosters (frozen values, no I/O)."""

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


@dataclass(frozen=True)
class Group:
    id: str
    name: str
    neighborhood: str
    coordinator: Person
    venue: Venue


@dataclass(frozen=True)
class Resident:
    name: str
    email: str
    street: str = ""
    phone: str = ""
    ok_to_contact: bool = True


@dataclass(frozen=True)
class Session:
    """One meeting. ``start``/``end`` are aware datetimes in the kit's time zone."""

    id: str
    group: Group
    start: dt.datetime
    end: dt.datetime
    presenter: Presenter
    recipe: str
    capacity: int
    topic: str
    series_id: str | None = None
    cancelled: bool = False


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

    def ids(self) -> list[str]:
        return [s.id for s in self.sessions] + [s.id for s in self.series]

    def one_offs(self) -> tuple[Session, ...]:
        return tuple(s for s in self.sessions if s.series_id is None)

    def instances(self, series_id: str) -> tuple[Session, ...]:
        return tuple(s for s in self.sessions if s.series_id == series_id)

    def residents(self, group_id: str) -> tuple[Resident, ...]:
        return self.rosters.get(group_id, ())


def unknown_session(session_id: str, known: Iterable[str], *, what: str = "session", **where) -> EventsError:
    """The one wording for an id the season lacks, with the closest id it has."""
    return EventsError(f"unknown {what} '{session_id}'", field="session", suggestions=close_matches(session_id, known),
                       hint="list-sessions", **where)
