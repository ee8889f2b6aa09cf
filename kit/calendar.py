"""Season -> iCalendar: "add to calendar" files and feeds (PUBLISH), invitations (REQUEST) and CANCEL.

icalendar does the serializing (CRLF, folding, escaping); this module adds what it lacks: a VTIMEZONE in
RRULE form (icalendar's ``add_missing_timezones`` writes RDATE lists, which desktop Outlook misreads) and
the rules of docs/calendar-interop (UTC UNTIL, EXDATE in the start's zone, no ORGANIZER in PUBLISH).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlparse
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard, vCalAddress

from .errors import RenderError
from .events import Season, Series, Session, nth_of
from .files import ensure_dir, write_bytes
from .profile import Profile
from .state import State

PRODID = "-//blockwatch-kit//Block-watch sessions//EN"
UTC = dt.timezone.utc
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
# Lines that change on every message without changing the meeting: left out of the fingerprint.
VOLATILE = (b"DTSTAMP", b"SEQUENCE")


@dataclass(frozen=True)
class Entry:
    """One calendar object (one UID): a one-off session, or a series with its rule."""

    uid: str
    id: str
    session: Session
    series: Series | None = None
    cancelled_instances: tuple[Session, ...] = ()

    @property
    def cancelled(self) -> bool:
        return self.session.cancelled if self.series is None else self.series.cancelled

    @property
    def group(self):
        return self.session.group


def uid_host(profile: Profile) -> str:
    """The agency's web host, else the organizer's mail domain: the same on every machine."""
    return urlparse(profile.agency.website).hostname or profile.organizer.email.rpartition("@")[2]


def uid_for(profile: Profile, object_id: str) -> str:
    return f"{object_id}@{uid_host(profile)}"


def entries(profile: Profile, season: Season) -> list[Entry]:
    """What invitations, feeds and CalDAV carry: each series once (with its rule) and each one-off."""
    found = []
    for series in season.series:
        instances = season.instances(series.id)
        called_off = () if series.cancelled else tuple(s for s in instances if s.cancelled)
        found.append(Entry(uid=uid_for(profile, series.id), id=series.id, session=series.first, series=series,
                           cancelled_instances=called_off))
    found += [session_entry(profile, s) for s in season.one_offs()]
    return found


def session_entry(profile: Profile, session: Session) -> Entry:
    """A single meeting as its own object: a one-off, or the "add this one meeting" file of a series."""
    return Entry(uid=uid_for(profile, session.id), id=session.id, session=session)


# ---------------------------------------------------------------- events


def event(profile: Profile, entry: Entry, *, sequence: int, stamp: dt.datetime) -> Event:
    """The VEVENT as stored and published: rule, skipped and cancelled dates, status."""
    vevent = _base_event(profile, entry)
    for session in entry.cancelled_instances:
        vevent.add("exdate", session.start)
    _stamp(vevent, sequence, stamp)
    return vevent


def fingerprint(profile: Profile, entry: Entry) -> str:
    """What a neighbor's calendar holds of the meeting, less cancelled instances (sent as their own CANCELs)."""
    lines = _base_event(profile, entry).to_ical().split(b"\r\n")
    kept = b"\r\n".join(line for line in lines if not line.startswith(VOLATILE))
    return hashlib.sha256(kept).hexdigest()[:16]


def instance_cancel_event(profile: Profile, entry: Entry, session: Session, *, sequence: int,
                          stamp: dt.datetime) -> Event:
    """One meeting of a series called off: RECURRENCE-ID names it (RFC 5546 §3.2.5)."""
    vevent = _describe(profile, session, entry.uid)
    vevent.add("recurrence-id", session.start)
    vevent.add("status", "CANCELLED")
    _stamp(vevent, sequence, stamp)
    return vevent


def _base_event(profile: Profile, entry: Entry) -> Event:
    vevent = _describe(profile, entry.session, entry.uid)
    if entry.series is not None:
        vevent.add("rrule", rrule(entry.series))
        for day in entry.series.skip:
            vevent.add("exdate", _on(entry.series, day))
    vevent.add("status", "CANCELLED" if entry.cancelled else "CONFIRMED")
    return vevent


def _describe(profile: Profile, session: Session, uid: str) -> Event:
    group, venue, presenter = session.group, session.group.venue, session.presenter
    vevent = Event()
    vevent.add("uid", uid)
    vevent.add("dtstart", session.start)
    vevent.add("dtend", session.end)
    vevent.add("summary", f"{group.name}: {session.topic}")
    vevent.add("location", f"{venue.name}, {venue.address}")
    vevent.add("description", "\n".join(line for line in (
        f"{session.topic}.",
        f"Block-watch meeting for {group.neighborhood} with {presenter.name}"
        + (f", {presenter.title}" if presenter.title else "") + f", {profile.agency.name}.",
        f"Where: {venue.name}, {venue.address}",
        f"Seats: {session.capacity}" if session.capacity else "",
        f"Group coordinator: {group.coordinator.name} <{group.coordinator.email}>",
        f"Questions: {profile.agency.short_name} non-emergency line {profile.agency.non_emergency}. "
        "In an emergency call 911.",
    ) if line))
    vevent.add("class", "PUBLIC")
    vevent.add("transp", "OPAQUE")
    return vevent


def _stamp(vevent: Event, sequence: int, stamp: dt.datetime) -> None:
    vevent.add("dtstamp", stamp.astimezone(UTC))
    vevent.add("sequence", sequence)


def _on(series: Series, day: dt.date) -> dt.datetime:
    """A meeting date at the series' wall-clock time, in its zone (EXDATE must match DTSTART's form)."""
    first = series.first.start
    return dt.datetime.combine(day, first.time(), tzinfo=first.tzinfo)


def rrule(series: Series) -> dict:
    """One Outlook-compatible pattern; UNTIL in UTC because DTSTART has a TZID (RFC 5545 §3.3.10)."""
    weekday = WEEKDAYS[series.first.start.weekday()]
    if series.repeat == "weekly":
        rule: dict[str, object] = {"freq": "weekly", "byday": weekday}
    else:
        nth = -1 if series.repeat == "monthly-last-weekday" else nth_of(series.first.start.date())
        rule = {"freq": "monthly", "byday": f"{nth}{weekday}"}
    if series.count is not None:
        rule["count"] = series.count
    elif series.until is not None:
        last_moment = dt.datetime.combine(series.until, dt.time(23, 59, 59), tzinfo=series.first.start.tzinfo)
        rule["until"] = last_moment.astimezone(UTC)
    return rule


# ---------------------------------------------------------------- calendars


def calendar(profile: Profile, method: str | None, vevents: list[Event], *, name: str = "") -> Calendar:
    """VCALENDAR with METHOD (PUBLISH/REQUEST/CANCEL, or None for CalDAV) and one RRULE-form VTIMEZONE."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if method:
        cal.add("method", method)
    if name:
        cal.add("x-wr-calname", name)
    years = _years(vevents)
    if years:
        cal.add_component(vtimezone(profile.zone, years[0], years[1]))
    for vevent in vevents:
        cal.add_component(vevent)
    return cal


def _years(vevents: list[Event]) -> tuple[int, int] | None:
    """First and last year any event of the calendar touches (series to their last meeting)."""
    years = []
    for vevent in vevents:
        years.append(vevent.decoded("dtstart").year)
        rule = vevent.get("rrule")
        if rule:
            years.append(_last_year(vevent))
    return (min(years), max(years)) if years else None


def _last_year(vevent: Event) -> int:
    """A safe upper bound on the year of a series' last meeting (weekly or monthly, COUNT or UNTIL)."""
    rule = vevent["rrule"]
    if "UNTIL" in rule:
        return _single(rule["UNTIL"]).year + 1
    weeks = _single(rule["COUNT"]) * (1 if _single(rule["FREQ"]) == "WEEKLY" else 5)
    return (vevent.decoded("dtstart") + dt.timedelta(weeks=weeks)).year


def _single(value):
    return value[0] if isinstance(value, list) else value


def to_bytes(cal: Calendar) -> bytes:
    """RFC 5545 text: CRLF line ends, folded at 75 octets (icalendar does both)."""
    return cal.to_ical()


# ---------------------------------------------------------------- VTIMEZONE in RRULE form


def vtimezone(zone: ZoneInfo, first_year: int, last_year: int) -> Timezone:
    """STANDARD and DAYLIGHT with yearly RRULEs, checked against zoneinfo for every year in range.

    The observances start a year early so that a meeting in January is not before the first onset.
    """
    years = range(first_year - 1, last_year + 1)
    tz = Timezone()
    tz.add("tzid", zone.key)
    rules = [_transitions(zone, year) for year in years]
    if not any(rules):
        tz.add_component(_fixed(zone, first_year - 1))
        return tz
    for kind_index in range(len(rules[0])):
        tz.add_component(_observance(zone, [r[kind_index] for r in rules if len(r) == len(rules[0])], years))
    return tz


@dataclass(frozen=True)
class _Transition:
    wall: dt.datetime          # local clock time just before the change (naive)
    offset_from: dt.timedelta
    offset_to: dt.timedelta
    name: str
    daylight: bool


@lru_cache(maxsize=256)
def _transitions(zone: ZoneInfo, year: int) -> tuple[_Transition, ...]:
    """Scanning a year day by day is slow; a season's hundreds of files share a handful of years."""
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


def _pinpoint(zone: ZoneInfo, low: dt.datetime, high: dt.datetime) -> _Transition:
    """Bisect to the second on which the offset changes."""
    before = _offset(zone, low)
    while high - low > dt.timedelta(seconds=1):
        middle = low + (high - low) / 2
        if _offset(zone, middle) == before:
            low = middle
        else:
            high = middle
    after = high.astimezone(zone)
    return _Transition(wall=(high + before).replace(tzinfo=None, microsecond=0), offset_from=before,
                       offset_to=_offset(zone, high), name=after.tzname() or "", daylight=bool(after.dst()))


def _observance(zone: ZoneInfo, changes: list[_Transition], years: range):
    first = changes[0]
    byday = _byday(changes)
    if byday is None or len(changes) != len(years) or any(
            (c.wall.time(), c.offset_from, c.offset_to) != (first.wall.time(), first.offset_from, first.offset_to)
            for c in changes):
        raise RenderError(f"time zone {zone.key} changes its daylight-saving rule between {years[0]} and "
                          f"{years[-1]}; calendars cannot describe it with one yearly rule")
    component = TimezoneDaylight() if first.daylight else TimezoneStandard()
    component.add("dtstart", first.wall)
    component.add("rrule", {"freq": "yearly", "bymonth": first.wall.month, "byday": byday})
    component.add("tzoffsetfrom", first.offset_from)
    component.add("tzoffsetto", first.offset_to)
    component.add("tzname", first.name)
    return component


def _byday(changes: list[_Transition]) -> str | None:
    """'2SU', or '-1SU' for the last Sunday, when that one rule gives the change in every year; else None."""
    days = [c.wall.date() for c in changes]
    if len({(d.month, d.weekday()) for d in days}) != 1:
        return None
    weekday = WEEKDAYS[days[0].weekday()]
    nths = {nth_of(d) for d in days}
    if len(nths) == 1 and min(nths) <= 4:
        return f"{min(nths)}{weekday}"
    if all((d + dt.timedelta(days=7)).month != d.month for d in days):
        return f"-1{weekday}"
    return None


def _fixed(zone: ZoneInfo, year: int) -> TimezoneStandard:
    """A zone without daylight saving: one STANDARD observance, nothing to repeat."""
    instant = dt.datetime(year, 1, 1, tzinfo=UTC).astimezone(zone)
    component = TimezoneStandard()
    component.add("dtstart", dt.datetime(year, 1, 1))
    component.add("tzoffsetfrom", instant.utcoffset())
    component.add("tzoffsetto", instant.utcoffset())
    component.add("tzname", instant.tzname() or zone.key)
    return component


# ---------------------------------------------------------------- files


def organizer_address(profile: Profile) -> vCalAddress:
    """A bare mailto: equal to the From address of the mail (calendar-interop rule 9)."""
    address = vCalAddress(f"mailto:{profile.organizer.email}")
    address.params["CN"] = profile.organizer.name
    return address


def revision(profile: Profile, entry: Entry) -> str:
    """Everything whose change must raise SEQUENCE: the event and which of its meetings are called off."""
    return fingerprint(profile, entry) + "|" + ",".join(s.id for s in entry.cancelled_instances)


def write_season_calendars(profile: Profile, season: Season, out_dir: Path, state: State | None = None,
                           *, stamp: dt.datetime | None = None) -> list[Path]:
    """``sessions/{session_id}.ics``, ``series/{group_id}.ics`` and ``season.ics``, all METHOD:PUBLISH.

    ``state`` keeps SEQUENCE rising with each change (and is saved); without it every SEQUENCE is 0.
    """
    state = state or State.memory()
    stamp = stamp or dt.datetime.now(UTC)
    out_dir = ensure_dir(Path(out_dir))
    agency = profile.agency.short_name
    written = []

    def publish_event(entry: Entry) -> Event:
        return event(profile, entry, sequence=state.revise(entry.uid, revision(profile, entry)), stamp=stamp)

    for session in season.sessions:
        cal = calendar(profile, "PUBLISH", [publish_event(session_entry(profile, session))])
        written.append(write_bytes(out_dir / "sessions" / f"{session.id}.ics", to_bytes(cal)))
    season_events = []
    for entry in entries(profile, season):
        vevent = publish_event(entry)
        season_events.append(vevent)
        if entry.series is not None:
            cal = calendar(profile, "PUBLISH", [vevent], name=f"{entry.group.name} ({agency})")
            written.append(write_bytes(out_dir / "series" / f"{entry.group.id}.ics", to_bytes(cal)))
    cal = calendar(profile, "PUBLISH", season_events, name=f"{agency} block-watch sessions")
    written.append(write_bytes(out_dir / "season.ics", to_bytes(cal)))
    state.save()
    _remove_stale(out_dir, written)
    return written


def _remove_stale(out_dir: Path, written: list[Path]) -> None:
    """A session or group taken out of the event files must not stay behind in a published folder."""
    keep = {path.resolve() for path in written}
    for folder in ("sessions", "series"):
        for path in (out_dir / folder).glob("*.ics"):
            if path.resolve() not in keep:
                path.unlink()
