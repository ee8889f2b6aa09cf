"""``events/`` (and CSV imports) -> groups, series, sessions and rosters of a season."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .profile import Presenter


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
class Season:
    groups: tuple[Group, ...]
    sessions: tuple[Session, ...]
    rosters: dict[str, tuple[Resident, ...]] = field(default_factory=dict)
