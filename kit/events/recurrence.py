"""Local dates of a series and the aware datetimes of its meetings.

An organizer writes "2nd Tuesday, 18:30" and means 18:30 on the wall clock in winter and in summer alike,
so series are expanded on local dates and only then turned into aware datetimes (which is also where a
non-existent or ambiguous clock time is caught). ``calendar.py`` shares ``nth_of`` for its RRULEs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from zoneinfo import ZoneInfo

from ..errors import EventsError
from .model import Series, Session

REPEATS = ("monthly-nth-weekday", "monthly-last-weekday", "weekly", "every-other-week")
MAX_OCCURRENCES = 120


def localize(local: dt.datetime, zone: ZoneInfo, session_id: str, **where) -> dt.datetime:
    """Wall-clock time -> aware datetime; a clock time that is skipped or repeated is an error, not a guess.

    ``where``: the file and line the meeting is defined on, when there is one line for it.
    """
    early = local.replace(tzinfo=zone, fold=0)
    late = local.replace(tzinfo=zone, fold=1)
    if early.utcoffset() == late.utcoffset():
        return early
    round_trip = early.astimezone(dt.timezone.utc).astimezone(zone).replace(tzinfo=None)
    if round_trip != local:
        raise EventsError(f"session '{session_id}' starts at {local:%Y-%m-%d %H:%M}, a time that does not exist "
                          f"in {zone.key} (clocks spring forward); pick another time", **where)
    raise EventsError(f"session '{session_id}' starts at {local:%Y-%m-%d %H:%M}, which happens twice in "
                      f"{zone.key} (clocks fall back); pick another time", **where)


def end_of(start: dt.datetime, minutes: int, session_id: str = "", **where) -> dt.datetime:
    """Elapsed minutes, not wall-clock: a meeting keeps its length across a clock change. An end on a clock
    time that happens twice is refused: calendars read it as the first of the two (RFC 5545 §3.3.5)."""
    end = (start.astimezone(dt.timezone.utc) + dt.timedelta(minutes=minutes)).astimezone(start.tzinfo)
    if end.replace(fold=1 - end.fold).utcoffset() != end.utcoffset():
        zone = getattr(end.tzinfo, "key", str(end.tzinfo))
        raise EventsError(f"session '{session_id}' ends at {end:%Y-%m-%d %H:%M}, which happens twice in "
                          f"{zone} (clocks fall back); change its start or length", **where)
    return end


def nth_of(day: dt.date) -> int:
    return (day.day - 1) // 7 + 1


def is_last_weekday(day: dt.date) -> bool:
    return (day + dt.timedelta(days=7)).month != day.month


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> dt.date:
    """The nth (1-4, or -1 for last) weekday of a month."""
    if nth == -1:
        following = dt.date(year + month // 12, month % 12 + 1, 1)
        day = following - dt.timedelta(days=1)
        return day - dt.timedelta(days=(day.weekday() - weekday) % 7)
    first = dt.date(year, month, 1)
    return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))


def local_dates(series: Series) -> list[dt.date]:
    """Meeting dates the RRULE generates (COUNT counts skipped ones too, as RFC 5545 does)."""
    start = series.first.start.date()
    limit = series.count if series.count is not None else MAX_OCCURRENCES + 1
    dates: list[dt.date] = []
    step = 0
    while len(dates) < limit:
        day = _occurrence(series.repeat, start, step)
        if series.until is not None and day > series.until:
            break
        dates.append(day)
        step += 1
    return dates


def _occurrence(repeat: str, start: dt.date, step: int) -> dt.date:
    if repeat in ("weekly", "every-other-week"):
        return start + dt.timedelta(weeks=step * (2 if repeat == "every-other-week" else 1))
    months = start.month - 1 + step
    nth = -1 if repeat == "monthly-last-weekday" else nth_of(start)
    return _nth_weekday(start.year + months // 12, months % 12 + 1, start.weekday(), nth)


def expand(series: Series, zone: ZoneInfo) -> list[Session]:
    """The series' meetings as sessions, skipped dates left out, cancelled ones kept and marked."""
    clock = series.first.start.timetz().replace(tzinfo=None)
    sessions = []
    for day in local_dates(series):
        if day in series.skip:
            continue
        session_id = f"{series.group.id}-{day.isoformat()}"
        start = localize(dt.datetime.combine(day, clock), zone, session_id)
        sessions.append(replace(series.first, id=session_id, start=start,
                                end=end_of(start, series.minutes, session_id),
                                cancelled=series.cancelled))
    return sessions
