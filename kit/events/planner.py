"""``blockwatch events book``: the season's meetings and bookings -> the solver's request -> bookings.toml.

What stays put: a talk already given (its meeting is over) never moves and its group is not booked again; a
talk whose invitations are out (the state file) or that says ``pinned = true`` stays unless ``replan``. What
must move: a talk whose meeting was called off, deleted or moved to another day, or whose presenter left
kit.toml; it keeps its id, so its invitations follow it as an update. New talks go only into meetings still
to come. ``kit/booking.py`` is the pure solver; this module reads and writes around it.
"""

from __future__ import annotations

import datetime as dt
import warnings
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Mapping

from ..booking import Availability, GroupToBook, Meeting, Request, Score, Talk, book
from ..bookings import BOOKINGS_FILE, BookedTalk, booked_talks, read_bookings, write_bookings
from ..errors import BookingError, KitWarning, ProfileError, close_matches
from ..profile import Presenter, Profile
from ..state import State
from .load import events_dir, load_season
from .model import Group, Session

NEW, MOVED, REASSIGNED, KEPT, GIVEN = "new", "moved", "reassigned", "kept", "given"


@dataclass(frozen=True)
class Booked:
    """One talk of the new bookings and how it came to be (``before``: its entry in the file before)."""

    talk: BookedTalk
    status: str  # new | moved | reassigned | kept | given
    before: BookedTalk | None = None


@dataclass(frozen=True)
class Result:
    path: Path
    talks: tuple[Booked, ...]  # by date
    dropped: tuple[BookedTalk, ...]  # talks of groups no longer in groups.toml
    score: Score | None  # None: nothing was left to book


def availability(presenter: Presenter) -> Availability:
    return Availability(presenter=presenter.id, weekdays=presenter.weekdays, blackouts=presenter.blackouts,
                        max_talks_per_week=presenter.max_talks_per_week, home_area=presenter.home_area,
                        preferred_groups=presenter.preferred_groups)


def book_season(profile: Profile, state: State, start: dt.date, end: dt.date, *, replan: bool = False,
                now: dt.datetime) -> Result:
    """Book every group's talk between ``start`` and ``end`` (inclusive) and rewrite bookings.toml."""
    season = load_season(profile, talks=False)
    groups = {g.id: g for g in season.groups}
    _check_preferred_groups(profile, groups)
    if end < now.date():
        raise BookingError(f"the window ends {end}, before today ({now.date()}): talks are booked into meetings "
                           "still to come", hint="widen-window")
    path = events_dir(profile) / BOOKINGS_FILE
    entries = read_bookings(path, presenters=None)
    meetings = {m.id: m for m in season.meetings()}
    given = {e.group: e for e in entries if e.group in groups and _given(e, meetings, now)}
    previous = [_previous(profile, state, e, meetings) for e in entries if e.group in groups and e.group not in given]
    request = Request(start=max(start, now.date()), end=end, previous=tuple(previous), replan=replan,
                      presenters=tuple(availability(p) for p in profile.presenters),
                      groups=tuple(_group_to_book(g, season.meetings(), now) for g in groups.values()
                                   if g.id not in given))
    booking = book(request) if request.groups else None
    fresh = booked_talks(booking, before=entries) if booking else ()
    kept = tuple(replace(e, pinned=True) for e in given.values())
    before = {e.group: e for e in entries}
    talks = sorted([Booked(t, GIVEN, before[t.group]) for t in kept] +
                   [Booked(t, _status(t, before.get(t.group)), before.get(t.group)) for t in fresh],
                   key=lambda b: (b.talk.date, b.talk.start, b.talk.group))
    write_bookings(path, [b.talk for b in talks])
    return Result(path=path, talks=tuple(talks), dropped=tuple(e for e in entries if e.group not in groups),
                  score=booking.score if booking else None)


def _check_preferred_groups(profile: Profile, groups: Mapping[str, Group]) -> None:
    """A wish for a group that is gone (or mistyped) is said, not fatal: the talks can be booked without it."""
    for index, presenter in enumerate(profile.presenters):
        for group_id in presenter.preferred_groups:
            if group_id not in groups:
                unknown = ProfileError(f"field 'presenters[{index}].preferred_groups' names an unknown group "
                                       f"'{group_id}'; it is left out (groups are defined in events/groups.toml)",
                                       where=profile.file, suggestions=close_matches(group_id, groups))
                warnings.warn(str(unknown), KitWarning, stacklevel=2)


def _meeting(session: Session) -> Meeting:
    return Meeting(id=session.id, day=session.start.date(), start=session.start, end=session.end,
                   venue=session.group.venue.name)


def _group_to_book(group: Group, meetings, now: dt.datetime) -> GroupToBook:
    """Its meetings still to come and not called off; the solver keeps those inside the window."""
    return GroupToBook(id=group.id, area=group.area, preferred_presenters=group.preferred_presenters,
                       meetings=tuple(_meeting(m) for m in meetings
                                      if m.group.id == group.id and not m.cancelled and m.start > now))


def _at_its_meeting(entry: BookedTalk, meetings: Mapping[str, Session]) -> Session | None:
    """The meeting the entry names, if it still holds the talk: there, on that day, of that group, not called off."""
    meeting = meetings.get(entry.session)
    if meeting is None or meeting.cancelled or meeting.group.id != entry.group or meeting.start.date() != entry.date:
        return None
    return meeting


def _given(entry: BookedTalk, meetings: Mapping[str, Session], now: dt.datetime) -> bool:
    meeting = _at_its_meeting(entry, meetings)
    return meeting is not None and meeting.end <= now


def _previous(profile: Profile, state: State, entry: BookedTalk, meetings: Mapping[str, Session]) -> Talk:
    """The entry as the solver's previous talk; pinned only where it can stay (its meeting and presenter exist)."""
    meeting = _at_its_meeting(entry, meetings)
    presenters = {p.id for p in profile.presenters}
    if meeting is None:  # it must move: stand in for the meeting it names, so that the move is counted
        start = dt.datetime.combine(entry.date, entry.start, tzinfo=profile.zone)
        return Talk(id=entry.id, group=entry.group, presenter=entry.presenter,
                    meeting=Meeting(id=entry.session, day=entry.date, start=start, end=start))
    pinned = entry.presenter in presenters and (entry.pinned or _told(profile, state, entry.id))
    return Talk(id=entry.id, group=entry.group, meeting=_meeting(meeting), presenter=entry.presenter, pinned=pinned)


def _told(profile: Profile, state: State, talk_id: str) -> bool:
    """Invitations are out for this talk (or it is on a shared calendar): residents have the date."""
    from ..calendar import uid_for

    uid = uid_for(profile, talk_id)
    return bool(state.published(uid)) or any(r["method"] == "REQUEST" for r in state.recipients(uid).values())


def _status(talk: BookedTalk, before: BookedTalk | None) -> str:
    if before is None:
        return NEW
    if before.session != talk.session:
        return MOVED
    return REASSIGNED if before.presenter != talk.presenter else KEPT
