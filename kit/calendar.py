"""Season -> iCalendar: "add to calendar" files and feeds (PUBLISH), invitations (REQUEST) and CANCEL.

Residents' calendars carry talks: one event per talk, its UID from the talk id, so a talk that moves to
another meeting is the same event with a new date (an update, never a cancel and a new invitation). The
groups' regular meetings are published only as the organizer's feeds (``meetings/``), with their RRULEs.

icalendar does the serializing (CRLF, folding, escaping); this module adds what it lacks: VTIMEZONEs in
RRULE form for every zone the events use (kit/vtimezone.py) and the calendar rules of docs/events.md
(UTC UNTIL, EXDATE in the start's zone, no ORGANIZER in PUBLISH, "Cancelled:" in a cancelled SUMMARY).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, vCalAddress, vDuration

from .events import Season, Series, Session, nth_of
from .languages import Language
from .files import ensure_dir, output_set, write_bytes
from .profile import Profile
from .state import State
from .vtimezone import vtimezone

PRODID = "-//blockwatch-kit//Block-watch sessions//EN"
UTC = dt.timezone.utc
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
# How often subscribers should fetch a feed again (RFC 7986 REFRESH-INTERVAL; X-PUBLISHED-TTL for Outlook):
# a cancellation announced the day before still reaches them in time.
REFRESH = dt.timedelta(hours=6)
TIMED = ("dtstart", "dtend", "recurrence-id", "exdate")


@dataclass(frozen=True)
class Entry:
    """One calendar object (one UID): a one-off session, or a series with its rule."""

    uid: str
    id: str
    session: Session
    series: Series | None = None
    cancelled_instances: tuple[Session, ...] = ()
    reason: str = ""  # why the whole event is cancelled, when it is

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
    """What invitations, residents' feeds and CalDAV carry: one event per talk."""
    return [Entry(uid=uid_for(profile, talk.id), id=talk.id, session=talk, reason=_reason(season, talk))
            for talk in season.talks()]


def _reason(season: Season, talk: Session) -> str:
    """Why a talk is off: its own cancellation's reason, else its meeting's (or that meeting's series')."""
    meeting = season.session(talk.meeting) if talk.meeting else None
    for called_off in (talk.id, talk.meeting, meeting and meeting.series_id):
        if called_off and season.reasons.get(called_off):
            return season.reasons[called_off]
    return ""


def meeting_entries(profile: Profile, season: Season) -> list[Entry]:
    """The groups' regular meetings, for the organizer's feeds: each series once (with its rule), each one-off."""
    found = []
    for series in season.series:
        instances = season.instances(series.id)
        called_off = () if series.cancelled else tuple(s for s in instances if s.cancelled)
        found.append(Entry(uid=uid_for(profile, series.id), id=series.id, session=series.first, series=series,
                           cancelled_instances=called_off, reason=season.reasons.get(series.id, "")))
    found += [Entry(uid=uid_for(profile, s.id), id=s.id, session=s, reason=season.reasons.get(s.id, ""))
              for s in season.one_offs()]
    return found


# ---------------------------------------------------------------- events


def event(profile: Profile, entry: Entry, *, sequence: int, stamp: dt.datetime) -> Event:
    """The VEVENT as stored and published: rule, skipped and cancelled dates, status."""
    vevent = _describe(profile, entry.session, entry.uid, cancelled=entry.cancelled, whole_series=bool(entry.series),
                       reason=entry.reason)
    if entry.series is not None:
        vevent.add("rrule", rrule(entry.series))
        for day in entry.series.skip:
            vevent.add("exdate", _on(entry.series, day))
    for session in entry.cancelled_instances:
        vevent.add("exdate", session.start)
    vevent.add("status", "CANCELLED" if entry.cancelled else "CONFIRMED")
    _stamp(vevent, sequence, stamp)
    return vevent


def instance_cancel_event(profile: Profile, entry: Entry, session: Session, *, sequence: int, stamp: dt.datetime,
                          reason: str = "") -> Event:
    """One meeting of a series called off: RECURRENCE-ID names it (RFC 5546 §3.2.5)."""
    vevent = _describe(profile, session, entry.uid, cancelled=True, reason=reason)
    vevent.add("recurrence-id", session.start)
    vevent.add("status", "CANCELLED")
    _stamp(vevent, sequence, stamp)
    return vevent


def fingerprint(profile: Profile, entry: Entry) -> str:
    """The meeting's facts, less cancelled instances (sent as their own CANCELs); not its wording, so that
    rewording or translating the kit's texts does not send everyone an update."""
    session, group, series = entry.session, entry.group, entry.series
    facts = (entry.uid, session.start.isoformat(), session.end.isoformat(), str(session.start.tzinfo),
             series and (series.repeat, series.count, series.until, series.skip), group.name, group.neighborhood,
             group.venue, group.coordinator, session.topic, session.presenter and session.presenter.name,
             session.presenter and session.presenter.title,
             session.capacity, profile.agency.name, profile.agency.short_name, profile.agency.non_emergency,
             entry.cancelled, entry.reason)
    return hashlib.sha256(repr(facts).encode()).hexdigest()[:16]


def revision(profile: Profile, entry: Entry) -> str:
    """Everything whose change must raise SEQUENCE: the event and which of its meetings are called off."""
    return fingerprint(profile, entry) + "|" + ",".join(s.id for s in entry.cancelled_instances)


def summary(session: Session, language: Language) -> str:
    if not session.topic:
        return session.group.name
    return language.say("calendar.summary", group=session.group.name, topic=session.topic)


def place(session: Session) -> str:
    """Venue and address on one line: Outlook shows LOCATION in a one-line field."""
    venue = session.group.venue
    return ", ".join(part.strip() for text in (venue.name, venue.address) for part in text.splitlines() if part.strip())


def _describe(profile: Profile, session: Session, uid: str, *, cancelled: bool = False, whole_series: bool = False,
              reason: str = "") -> Event:
    group, presenter, agency = session.group, session.presenter, profile.agency
    words = profile.speaks(group.language)  # each talk in its group's language
    say = words.say
    title = summary(session, words)
    vevent = Event()
    vevent.add("uid", uid)
    vevent.add("dtstart", session.start)
    vevent.add("dtend", session.end)
    # Outlook shows a STATUS:CANCELLED event as if it were on: the title says it instead.
    vevent.add("summary", say("calendar.cancelled_summary", summary=title) if cancelled else title)
    vevent.add("location", place(session))
    lines = []
    if cancelled:
        lines.append(say("calendar.cancelled_series" if whole_series else "calendar.cancelled"))
        lines.append(say("calendar.reason", reason=reason) if reason else "")
    lines += [
        say("calendar.topic", topic=session.topic) if session.topic else "",
        say("calendar.meeting", neighborhood=group.neighborhood, agency=agency.name,
            presenter=", ".join(part for part in (presenter.name, presenter.title) if part)) if presenter else
        say("calendar.regular_meeting", neighborhood=group.neighborhood),
        say("calendar.where", place=place(session)),
        say("calendar.seats", capacity=session.capacity) if session.capacity else "",
        say("calendar.coordinator", name=group.coordinator.name, email=group.coordinator.email),
        say("calendar.questions", agency=agency.short_name, number=agency.non_emergency),
    ]
    vevent.add("description", "\n".join(line for line in lines if line))
    if cancelled and reason:
        vevent.add("comment", reason)
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
    if series.repeat in ("weekly", "every-other-week"):
        rule: dict[str, object] = {"freq": "weekly", "byday": weekday}
        if series.repeat == "every-other-week":
            rule["interval"] = 2
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
    """VCALENDAR with METHOD (PUBLISH/REQUEST/CANCEL, or None for CalDAV) and an RRULE-form VTIMEZONE for each
    zone the events use (an event kept from before a change of the kit's zone keeps its own). A ``name``
    makes it a feed that subscribers refresh."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if method:
        cal.add("method", method)
    if name:
        cal.add("name", name)
        cal.add("x-wr-calname", name)
        cal.add("refresh-interval", vDuration(REFRESH), parameters={"VALUE": "DURATION"})
        cal.add("x-published-ttl", vDuration(REFRESH))
    years = _years(vevents)
    for zone in sorted(_zones(vevents), key=lambda z: z.key):
        cal.add_component(vtimezone(zone, years[0], years[1]))
    for vevent in vevents:
        cal.add_component(vevent)
    return cal


def _times(vevent: Event) -> list[dt.datetime]:
    found = []
    for key in TIMED:
        values = vevent.get(key)
        for value in values if isinstance(values, list) else [values] if values is not None else []:
            found += [d.dt for d in value.dts] if hasattr(value, "dts") else [value.dt]
    return found


def _zones(vevents: list[Event]) -> set[ZoneInfo]:
    return {moment.tzinfo for vevent in vevents for moment in _times(vevent) if isinstance(moment.tzinfo, ZoneInfo)}


def _years(vevents: list[Event]) -> tuple[int, int]:
    """First and last year any event of the calendar touches (series to their last meeting)."""
    years = [moment.year for vevent in vevents for moment in _times(vevent)]
    years += [_last_year(vevent) for vevent in vevents if vevent.get("rrule")]
    return (min(years), max(years)) if years else (0, 0)


def _last_year(vevent: Event) -> int:
    """A safe upper bound on the year of a series' last meeting (weekly or monthly, COUNT or UNTIL)."""
    rule = vevent["rrule"]
    if "UNTIL" in rule:
        return _single(rule["UNTIL"]).year + 1
    interval = _single(rule["INTERVAL"]) if "INTERVAL" in rule else 1
    weeks = _single(rule["COUNT"]) * (interval if _single(rule["FREQ"]) == "WEEKLY" else 5)
    return (vevent.decoded("dtstart") + dt.timedelta(weeks=weeks)).year


def _single(value):
    return value[0] if isinstance(value, list) else value


def to_bytes(cal: Calendar) -> bytes:
    """RFC 5545 text: CRLF line ends, folded at 75 octets (icalendar does both)."""
    return cal.to_ical()


def organizer_address(profile: Profile) -> vCalAddress:
    """A bare mailto: equal to the From address of the mail (calendar rule 9, docs/events.md)."""
    address = vCalAddress(f"mailto:{profile.organizer.email}")
    address.params["CN"] = cn(profile.organizer.name)
    return address


def cn(name: str) -> str:
    """A CN parameter without double quotes: RFC 6868 writes them as ^', which Outlook and Google show as is."""
    return name.replace('"', "'")


# ---------------------------------------------------------------- files


def write_season_calendars(profile: Profile, season: Season, out_dir: Path, state: State | None = None,
                           *, stamp: dt.datetime | None = None) -> list[Path]:
    """For residents, ``sessions/{talk_id}.ics`` (the sign-up sheet's link) and ``season.ics`` (every talk, a
    feed); for the organizer, ``meetings/{group_id}.ics`` (the group's regular meetings, a feed). All PUBLISH.

    SEQUENCE comes from ``state``, read only: a changed talk gets the number its next invitation will carry.
    """
    state = state or State.memory()
    stamp = stamp or dt.datetime.now(UTC)
    out_dir = Path(out_dir)
    agency = profile.agency.short_name
    talks = {entry.id: event(profile, entry, sequence=state.sequence_for(entry.uid, revision(profile, entry)),
                             stamp=stamp) for entry in entries(profile, season)}
    meetings: dict[str, list[Event]] = {}
    for entry in meeting_entries(profile, season):
        meetings.setdefault(entry.group.id, []).append(
            event(profile, entry, sequence=state.sequence_for(entry.uid, revision(profile, entry)), stamp=stamp))
    written = []
    with output_set():
        ensure_dir(out_dir)
        for talk_id, vevent in talks.items():
            written.append(write_bytes(out_dir / "sessions" / f"{talk_id}.ics",
                                       to_bytes(calendar(profile, "PUBLISH", [vevent]))))
        for group in season.groups:
            if group.id in meetings:
                cal = calendar(profile, "PUBLISH", meetings[group.id], name=profile.speaks(group.language).say(
                    "calendar.meetings_feed", group=group.name, agency=agency))
                written.append(write_bytes(out_dir / "meetings" / f"{group.id}.ics", to_bytes(cal)))
        cal = calendar(profile, "PUBLISH", list(talks.values()),
                       name=profile.speaks().say("calendar.season_feed", agency=agency))
        written.append(write_bytes(out_dir / "season.ics", to_bytes(cal)))
    _remove_stale(out_dir, written)
    return written


def _remove_stale(out_dir: Path, written: list[Path]) -> None:
    """A talk or group taken out of the event files must not stay behind in a published folder (nor the series
    feeds of the kit before meetings and talks were told apart)."""
    keep = {path.resolve() for path in written}
    for folder in ("sessions", "meetings", "series"):
        for path in (out_dir / folder).glob("*.ics"):
            if path.resolve() not in keep:
                path.unlink()
