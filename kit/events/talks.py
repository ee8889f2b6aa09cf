"""``events/bookings.toml`` -> the season's talks: each a ``Session`` of kind talk at the meeting it is booked into.

A talk's id is its id in the file, so it stays when the talk moves to another meeting (its calendar UID,
attendance and survey records follow it); its time, place and seats are the meeting's, its presenter and
recipe the booking's. A talk is called off when its meeting is, or when its own id is cancelled.
"""

from __future__ import annotations

from pathlib import Path
from typing import Mapping

from ..bookings import BOOKINGS_FILE, BookedTalk, read_bookings
from ..profile import Profile
from .model import TALK, Group, Session


def load_talks(profile: Profile, groups: Mapping[str, Group], meetings: list[Session], folder: Path,
               cancelled: Mapping[str, str]) -> list[Session]:
    """The talks of ``bookings.toml``, each checked against the meetings and presenters it names."""
    by_id = {m.id: m for m in meetings}
    booked = read_bookings(folder / BOOKINGS_FILE, presenters=[p.id for p in profile.presenters], groups=groups,
                           sessions={m.id: m.start.date() for m in meetings},
                           owners={m.id: m.group.id for m in meetings})
    return [talk_session(profile, entry, by_id[entry.session], cancelled) for entry in booked]


def talk_session(profile: Profile, entry: BookedTalk, meeting: Session, cancelled: Mapping[str, str]) -> Session:
    topic = entry.topic or profile.speaks(meeting.group.language).say("calendar.talk_topic")
    return Session(id=entry.id, group=meeting.group, start=meeting.start, end=meeting.end,
                   capacity=meeting.capacity, topic=topic,
                   cancelled=meeting.cancelled or entry.id in cancelled, kind=TALK,
                   presenter=profile.presenter(entry.presenter), recipe=entry.recipe or profile.default_recipe,
                   meeting=meeting.id)
