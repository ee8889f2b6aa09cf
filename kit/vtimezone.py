"""VTIMEZONE in RRULE form, which desktop Outlook reads right (icalendar's own writes RDATE lists).

The daylight-saving rule is read off zoneinfo, year by year, over the years of the events and ten more, so
that a rule chosen from a few years ("4th Sunday of March", right until 2030) cannot pass for the real one
("last Sunday"). Where a zone's rule changes, each steady period gets its own observances, closed with a
UTC UNTIL; a year that follows no rule gets observances of its own. The first period is stretched back to
1970, as Google, Apple and Outlook write it: vobject (and so Radicale) takes a zone whose observances start
after 2000 for UTC.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from zoneinfo import ZoneInfo

from dateutil import rrule
from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

from .events import nth_of

UTC = dt.timezone.utc
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
EPOCH_YEAR = 1970
CHECK_YEARS = 10  # beyond the first event's year: long enough to tell "last Sunday" from "4th Sunday"


@dataclass(frozen=True)
class Change:
    """One change of a zone's offset."""

    wall: dt.datetime          # local clock time just before the change (naive)
    offset_from: dt.timedelta
    offset_to: dt.timedelta
    name: str
    daylight: bool

    @property
    def shape(self) -> tuple:
        """What a yearly rule must keep the same, all but the day."""
        return (self.wall.month, self.wall.weekday(), self.wall.time(), self.offset_from, self.offset_to,
                self.name, self.daylight)


@dataclass
class _Period:
    """Consecutive years in which the zone changes its clock the same way (or not at all)."""

    years: list[int]
    changes: list[tuple[Change, ...]]   # per year
    bydays: list[set[str]]              # per change of the year: the BYDAY values every year agrees on


def vtimezone(zone: ZoneInfo, first_year: int, last_year: int) -> Timezone:
    """The zone as observed from 1970 through ``last_year``, exact for every year from ``first_year - 1``."""
    return _vtimezone(zone, first_year, max(last_year, first_year + CHECK_YEARS))


@lru_cache(maxsize=64)
def _vtimezone(zone: ZoneInfo, first_year: int, last_year: int) -> Timezone:
    # Built once per zone and range: a season writes hundreds of files with the same VTIMEZONE.
    periods = _periods(zone, range(first_year - 1, last_year + 1))
    tz = Timezone()
    tz.add("tzid", zone.key)
    if not periods[0].bydays or len(periods[0].years) == 1:
        tz.add_component(_steady(zone, first_year - 1))
    for index, period in enumerate(periods):
        final = index == len(periods) - 1
        for change_index, bydays in enumerate(period.bydays):
            changes = [year_changes[change_index] for year_changes in period.changes]
            tz.add_component(_observance(changes, bydays, first=index == 0, final=final))
    return tz


def _periods(zone: ZoneInfo, years: range) -> list[_Period]:
    periods: list[_Period] = []
    for year in years:
        changes = transitions(zone, year)
        if periods and _extend(periods[-1], year, changes):
            continue
        periods.append(_Period(years=[year], changes=[changes], bydays=[_bydays(c) for c in changes]))
    return periods


def _extend(period: _Period, year: int, changes: tuple[Change, ...]) -> bool:
    """Add the year to the period if one yearly rule still gives every change of every year."""
    first = period.changes[0]
    if len(changes) != len(first) or any(c.shape != f.shape for c, f in zip(changes, first, strict=False)):
        return False
    bydays = [agreed & _bydays(change) for agreed, change in zip(period.bydays, changes, strict=False)]
    if not all(bydays):
        return False
    period.years.append(year)
    period.changes.append(changes)
    period.bydays = bydays
    return True


def _bydays(change: Change) -> set[str]:
    """'-1SU' when the change falls on the last such weekday of the month, and '2SU' for the 2nd (up to 4th)."""
    day = change.wall.date()
    weekday = WEEKDAYS[day.weekday()]
    found = {f"{nth_of(day)}{weekday}"} if nth_of(day) <= 4 else set()
    if (day + dt.timedelta(days=7)).month != day.month:
        found.add(f"-1{weekday}")
    return found


def _observance(changes: list[Change], bydays: set[str], *, first: bool, final: bool):
    start = changes[0]
    component = TimezoneDaylight() if start.daylight else TimezoneStandard()
    if len(changes) == 1:
        component.add("dtstart", start.wall)  # a year of its own: one onset, nothing to repeat
    else:
        byday = min(bydays, key=lambda b: not b.startswith("-1"))  # "last" holds for ever; "4th" may not
        component.add("dtstart", _on_rule(EPOCH_YEAR, start, byday) if first else start.wall)
        rule = {"freq": "yearly", "bymonth": start.wall.month, "byday": byday}
        if not final:
            # A day after the last onset: vobject (dateutil) compares UNTIL with the local onset as if both
            # were naive and would drop the last one; the next onset is a year away either way.
            rule["until"] = (changes[-1].wall + dt.timedelta(days=1)).replace(tzinfo=UTC)
        component.add("rrule", rule)
    component.add("tzoffsetfrom", start.offset_from)
    component.add("tzoffsetto", start.offset_to)
    component.add("tzname", start.name)
    return component


def _on_rule(year: int, change: Change, byday: str) -> dt.datetime:
    """The wall-clock onset the rule gives in ``year`` (the observance's first DTSTART)."""
    weekday = getattr(rrule, byday[-2:])(int(byday[:-2]))
    start = dt.datetime.combine(dt.date(year, 1, 1), change.wall.time())
    return rrule.rrule(rrule.YEARLY, bymonth=change.wall.month, byweekday=weekday, dtstart=start, count=1)[0]


def _steady(zone: ZoneInfo, year: int) -> TimezoneStandard | TimezoneDaylight:
    """The clock before the first change the file describes: a STANDARD that starts in 1970."""
    instant = dt.datetime(year, 1, 1, tzinfo=UTC).astimezone(zone)
    component = TimezoneDaylight() if instant.dst() else TimezoneStandard()
    component.add("dtstart", dt.datetime(EPOCH_YEAR, 1, 1))
    component.add("tzoffsetfrom", instant.utcoffset())
    component.add("tzoffsetto", instant.utcoffset())
    component.add("tzname", instant.tzname() or zone.key)
    return component


@lru_cache(maxsize=4096)
def transitions(zone: ZoneInfo, year: int) -> tuple[Change, ...]:
    """Scanning a year day by day is slow; a season's files share a handful of zones and years."""
    found = []
    day = dt.datetime(year, 1, 1, tzinfo=UTC)
    while day.year == year:
        following = day + dt.timedelta(days=1)
        if _offset(zone, day) != _offset(zone, following):
            found.append(_pinpoint(zone, day, following))
        day = following
    return tuple(found)


def _offset(zone: ZoneInfo, instant: dt.datetime) -> dt.timedelta:
    return instant.astimezone(zone).utcoffset() or dt.timedelta(0)


def _pinpoint(zone: ZoneInfo, low: dt.datetime, high: dt.datetime) -> Change:
    """Bisect to the second on which the offset changes."""
    before = _offset(zone, low)
    while high - low > dt.timedelta(seconds=1):
        middle = low + (high - low) / 2
        if _offset(zone, middle) == before:
            low = middle
        else:
            high = middle
    after = high.astimezone(zone)
    return Change(wall=(high + before).replace(tzinfo=None, microsecond=0), offset_from=before,
                  offset_to=_offset(zone, high), name=after.tzname() or "", daylight=bool(after.dst()))
