"""``events/`` (and CSV imports) -> groups, series, sessions and rosters of a season.

Everything here works in the kit's local time: an organizer writes "2nd Tuesday, 18:30" and means
18:30 on the wall clock in winter and in summer alike, so series are expanded on local dates and only
then turned into aware datetimes (which is also where a non-existent or ambiguous clock time is caught).
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from zoneinfo import ZoneInfo

from .errors import EventsError, did_you_mean
from .files import write_text
from .profile import Presenter, Profile
from .schema import EMAIL, Fields

EVENTS_DIR = "events"
GROUPS_FILE = "groups.toml"
SESSIONS_FILE = "sessions.toml"
SESSIONS_CSV = "sessions.csv"
CANCELLED_FILE = "cancelled.toml"
ROSTERS_DIR = "rosters"

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
REPEATS = ("monthly-nth-weekday", "monthly-last-weekday", "weekly")
MAX_OCCURRENCES = 120
SESSION_CSV_COLUMNS = ("group", "date", "time", "minutes", "presenter", "topic")
SESSION_CSV_OPTIONAL = ("id", "recipe", "capacity")
ROSTER_COLUMNS = ("name", "email", "ok_to_contact")
ROSTER_OPTIONAL = ("street", "phone")
YES = {"yes", "y", "true", "1", "x"}
NO = {"no", "n", "false", "0", ""}


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
    rosters: dict[str, tuple[Resident, ...]] = field(default_factory=dict)
    series: tuple[Series, ...] = ()
    reasons: dict[str, str] = field(default_factory=dict)  # cancelled session or series id -> --reason given

    def session(self, session_id: str) -> Session:
        for session in self.sessions:
            if session.id == session_id:
                return session
        raise EventsError(f"no session '{session_id}'{did_you_mean(session_id, self.ids())}; "
                          "see 'blockwatch events list --all'")

    def ids(self) -> list[str]:
        return [s.id for s in self.sessions] + [s.id for s in self.series]

    def one_offs(self) -> tuple[Session, ...]:
        return tuple(s for s in self.sessions if s.series_id is None)

    def instances(self, series_id: str) -> tuple[Session, ...]:
        return tuple(s for s in self.sessions if s.series_id == series_id)

    def residents(self, group_id: str) -> tuple[Resident, ...]:
        return self.rosters.get(group_id, ())


# ---------------------------------------------------------------- loading


def events_dir(profile: Profile) -> Path:
    return profile.root / EVENTS_DIR


def load_season(profile: Profile) -> Season:
    """Read ``events/``: groups, series, one-off sessions (TOML and CSV), cancellations and rosters."""
    folder = events_dir(profile)
    groups_path = folder / GROUPS_FILE
    if not groups_path.is_file():
        raise EventsError(f"no {GROUPS_FILE}; add [[groups]] tables (see docs/events.md)", where=folder)
    groups = _load_groups(groups_path)
    raw = _read_toml(folder / SESSIONS_FILE) if (folder / SESSIONS_FILE).is_file() else {}
    top = Fields(raw, where=folder / SESSIONS_FILE, error=EventsError)
    top.allow_only({"series", "sessions"})
    cancelled = load_cancellations(profile)
    series = tuple(_series(profile, groups, fields) for fields in _tables(top, "series"))
    one_offs = [_one_off(profile, groups, fields) for fields in _tables(top, "sessions")]
    if (folder / SESSIONS_CSV).is_file():
        one_offs += import_sessions_csv(profile, groups, folder / SESSIONS_CSV)
    series = tuple(replace(s, cancelled=s.id in cancelled) for s in series)
    sessions = [s for one in series for s in expand(one, profile.zone)] + one_offs
    sessions = [replace(s, cancelled=s.cancelled or s.id in cancelled) for s in sessions]
    sessions.sort(key=lambda s: (s.start, s.id))
    _check_unique([s.id for s in sessions] + [s.id for s in series], folder)
    _check_cancellations(cancelled, sessions, series, folder / CANCELLED_FILE)
    check_clashes(sessions, where=folder)
    return Season(groups=tuple(groups.values()), sessions=tuple(sessions),
                  rosters=load_rosters(folder / ROSTERS_DIR, groups, profile), series=series, reasons=cancelled)


def _read_toml(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise EventsError(f"is not valid TOML ({exc}); fix the syntax", where=path)
    except UnicodeDecodeError:
        raise EventsError("is not UTF-8 text; save it as UTF-8", where=path)


def _tables(top: Fields, key: str) -> list[Fields]:
    raw = top.get(key, list, [])
    return [Fields(t, where=top.where, prefix=f"{key}[{i}]", error=EventsError) for i, t in enumerate(raw)]


def _load_groups(path: Path) -> dict[str, Group]:
    top = Fields(_read_toml(path), where=path, error=EventsError)
    top.allow_only({"groups"})
    groups: dict[str, Group] = {}
    for fields in _tables(top, "groups"):
        group = _group(fields)
        if group.id in groups:
            fields.fail("id", f"'{group.id}' is used by two groups; give each group its own id")
        groups[group.id] = group
    if not groups:
        top.fail("groups", "lists no groups; add at least one [[groups]] table")
    return groups


def _group(fields: Fields) -> Group:
    fields.allow_only({"id", "name", "neighborhood", "coordinator", "venue"})
    group_id = fields.get("id", str)
    if not SLUG.match(group_id):
        fields.fail("id", f"must be lower-case letters, digits and dashes like 'aspen-hollow', not {group_id!r}")
    coordinator = fields.sub("coordinator")
    coordinator.allow_only({"name", "email"})
    venue = fields.sub("venue")
    venue.allow_only({"name", "address"})
    return Group(
        id=group_id,
        name=fields.get("name", str),
        neighborhood=fields.get("neighborhood", str),
        coordinator=Person(name=coordinator.get("name", str), email=coordinator.email("email")),
        venue=Venue(name=venue.get("name", str), address=venue.get("address", str)),
    )


def _group_of(groups: dict[str, Group], fields: Fields) -> Group:
    group_id = fields.get("group", str)
    if group_id not in groups:
        fields.fail("group", f"names an unknown group '{group_id}'{did_you_mean(group_id, groups)}; "
                             f"groups are defined in {GROUPS_FILE}")
    return groups[group_id]


def _local_start(fields: Fields) -> dt.datetime:
    value = fields.get("start", (dt.datetime, str))
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value)
        except ValueError:
            fields.fail("start", f"must be a local date and time like 2027-01-12T18:30:00, not {value!r}")
    if value.tzinfo is not None:
        fields.fail("start", "must be local wall-clock time without an offset or 'Z' "
                             "(the kit's time zone from kit.toml applies)")
    return value


def _session_fields(profile: Profile, groups, fields: Fields, session_id: str, start: dt.datetime,
                    series_id: str | None = None) -> Session:
    """The fields a series and a one-off share; ``start`` is already aware."""
    minutes = fields.get("minutes", int, 60)
    if minutes <= 0 or minutes > 12 * 60:
        fields.fail("minutes", f"must be a length in minutes between 1 and 720, not {minutes}")
    capacity = fields.get("capacity", int, 0)
    if capacity < 0:
        fields.fail("capacity", "must be zero (no limit) or a number of seats")
    return Session(
        id=session_id,
        group=_group_of(groups, fields),
        start=start,
        end=end_of(start, minutes, session_id),
        presenter=_presenter(profile, fields),
        recipe=fields.get("recipe", str, profile.default_recipe),
        capacity=capacity,
        topic=fields.get("topic", str),
        series_id=series_id,
    )


def _presenter(profile: Profile, fields: Fields) -> Presenter:
    presenter_id = fields.get("presenter", str)
    if presenter_id not in {p.id for p in profile.presenters}:
        ids = [p.id for p in profile.presenters]
        fields.fail("presenter", f"names an unknown presenter '{presenter_id}'{did_you_mean(presenter_id, ids)}; "
                                 f"presenters in kit.toml: {', '.join(ids)}")
    return profile.presenter(presenter_id)


def _one_off(profile: Profile, groups, fields: Fields) -> Session:
    fields.allow_only({"id", "group", "start", "minutes", "presenter", "recipe", "capacity", "topic"})
    local = _local_start(fields)
    group_id = fields.get("group", str)
    session_id = fields.get("id", str, f"{group_id}-{local.date().isoformat()}")
    if not SLUG.match(session_id):
        fields.fail("id", f"must be lower-case letters, digits and dashes, not {session_id!r}")
    start = localize(local, profile.zone, session_id)
    return _session_fields(profile, groups, fields, session_id, start)


def _series(profile: Profile, groups, fields: Fields) -> Series:
    fields.allow_only({"group", "start", "minutes", "repeat", "count", "until", "skip", "presenter", "recipe",
                       "capacity", "topic"})
    group = _group_of(groups, fields)
    series_id = f"{group.id}-series"
    local = _local_start(fields)
    repeat = fields.get("repeat", str, "monthly-nth-weekday")
    if repeat not in REPEATS:
        fields.fail("repeat", f"must be one of {', '.join(REPEATS)}, not {repeat!r}{did_you_mean(repeat, REPEATS)}")
    if repeat == "monthly-nth-weekday" and nth_of(local.date()) > 4:
        fields.fail("start", f"falls on the 5th {local:%A} of the month, which most months lack; "
                             "start on an earlier week or use repeat = \"monthly-last-weekday\"")
    if repeat == "monthly-last-weekday" and not is_last_weekday(local.date()):
        fields.fail("start", f"{local.date()} is not the last {local:%A} of its month, as "
                             "repeat = \"monthly-last-weekday\" needs")
    count = fields.get("count", int, None)
    until = fields.date("until", None)
    if (count is None) == (until is None):
        fields.fail("count", "or 'until' must be given (not both): how many meetings, or the last date")
    if count is not None and not 1 <= count <= MAX_OCCURRENCES:
        fields.fail("count", f"must be between 1 and {MAX_OCCURRENCES}, not {count}")
    if until is not None and until < local.date():
        fields.fail("until", f"{until} is before the first meeting {local.date()}")
    first_id = f"{group.id}-{local.date().isoformat()}"
    first = _session_fields(profile, groups, fields, first_id, localize(local, profile.zone, first_id), series_id)
    series = Series(id=series_id, group=group, first=first, repeat=repeat, count=count, until=until)
    dates = local_dates(series)
    if len(dates) > MAX_OCCURRENCES:
        fields.fail("until", f"gives {len(dates)} meetings; keep a series under {MAX_OCCURRENCES}")
    skip = _dates(fields, "skip")
    for day in skip:
        if day not in dates:
            fields.fail("skip", f"{day} is not a meeting of {series_id} (nearby meetings: "
                                f"{', '.join(str(d) for d in _nearest(dates, day))})")
    return replace(series, skip=skip)


def _dates(fields: Fields, key: str) -> tuple[dt.date, ...]:
    raw = fields.get(key, list, [])
    days = []
    for value in raw:
        if isinstance(value, dt.datetime):
            value = value.date()
        elif isinstance(value, str):
            try:
                value = dt.date.fromisoformat(value)
            except ValueError:
                fields.fail(key, f"must list dates like 2027-07-13, not {value!r}")
        if not isinstance(value, dt.date):
            fields.fail(key, f"must list dates like 2027-07-13, not {value!r}")
        days.append(value)
    return tuple(days)


def _nearest(dates: list[dt.date], day: dt.date) -> list[dt.date]:
    return sorted(sorted(dates, key=lambda d: abs((d - day).days))[:2])


def _check_unique(ids: list[str], where: Path) -> None:
    seen = set()
    for session_id in ids:
        if session_id in seen:
            raise EventsError(f"two sessions have the id '{session_id}'; give the one-off session its own "
                              "'id' (or move it to another day)", where=where)
        seen.add(session_id)


# ---------------------------------------------------------------- CSV imports


def _csv_rows(path: Path, required: tuple[str, ...], optional: tuple[str, ...]):
    """Yield (line number, row) with stripped values; the header must hold every required column."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise EventsError("is not UTF-8 text; save the spreadsheet as 'CSV UTF-8'", where=path)
    reader = csv.DictReader(text.splitlines())
    header = [name.strip().lower() for name in (reader.fieldnames or [])]
    for column in required:
        if column not in header:
            raise EventsError(f"missing column '{column}'; the header row needs "
                              f"{','.join(required)} (optional: {','.join(optional)})", where=path, line=1)
    for column in header:
        if column and column not in required + optional:
            raise EventsError(f"unknown column '{column}'{did_you_mean(column, required + optional)}",
                              where=path, line=1)
    reader.fieldnames = header
    for row in reader:
        line = reader.line_num
        if None in row:
            raise EventsError("has more cells than the header row; check for an unquoted comma", where=path, line=line)
        values = {k: (v or "").strip() for k, v in row.items()}
        if any(values.values()):
            yield line, values


def _cell_fail(path: Path, line: int, column: str, message: str):
    raise EventsError(f"column '{column}' {message}", where=path, line=line)


def import_sessions_csv(profile: Profile, groups: dict[str, Group], path: Path) -> list[Session]:
    """One-off sessions from a spreadsheet: group,date,time,minutes,presenter,topic[,id,recipe,capacity]."""
    sessions = []
    for line, row in _csv_rows(path, SESSION_CSV_COLUMNS, SESSION_CSV_OPTIONAL):
        table: dict = {k: v for k, v in row.items() if v and k not in ("date", "time")}
        for column in ("minutes", "capacity"):
            if column in table:
                if not table[column].isdigit():
                    _cell_fail(path, line, column, f"must be a whole number, not {table[column]!r}")
                table[column] = int(table[column])
        try:
            day = dt.date.fromisoformat(row["date"])
        except ValueError:
            _cell_fail(path, line, "date", f"must be a date like 2027-03-20, not {row['date']!r}")
        try:
            clock = dt.time.fromisoformat(row["time"])
        except ValueError:
            _cell_fail(path, line, "time", f"must be a 24-hour time like 18:30, not {row['time']!r}")
        table["start"] = dt.datetime.combine(day, clock)
        fields = Fields(table, where=path, error=EventsError, line=line)
        sessions.append(_csv_one_off(profile, groups, fields))
    return sessions


def _csv_one_off(profile: Profile, groups, fields: Fields) -> Session:
    """Same rules as a [[sessions]] table; CSV messages name the column, not a dotted field."""
    try:
        return _one_off(profile, groups, fields)
    except EventsError as exc:
        raise EventsError(exc.detail.replace("field '", "column '", 1), where=exc.where or fields.where,
                          line=exc.line or fields.line) from None


def load_rosters(folder: Path, groups: dict[str, Group], profile: Profile) -> dict[str, tuple[Resident, ...]]:
    """``rosters/{group_id}.csv``: name,email,ok_to_contact[,street,phone]."""
    if not folder.is_dir():
        return {}
    rosters = {}
    for path in sorted(folder.glob("*.csv")):
        if path.stem not in groups:
            raise EventsError(f"roster for unknown group '{path.stem}'{did_you_mean(path.stem, groups)}; "
                              f"name the file after a group id in {GROUPS_FILE}", where=path)
        rosters[path.stem] = _roster(path, profile)
    return rosters


def _roster(path: Path, profile: Profile) -> tuple[Resident, ...]:
    residents: list[Resident] = []
    seen: dict[str, int] = {}
    for line, row in _csv_rows(path, ROSTER_COLUMNS, ROSTER_OPTIONAL):
        email = row["email"]
        if not row["name"]:
            _cell_fail(path, line, "name", "is empty; every resident needs a name")
        if not EMAIL.match(email):
            _cell_fail(path, line, "email", f"is not an e-mail address: {email!r}")
        if email.lower() == profile.organizer.email.lower():
            _cell_fail(path, line, "email", "is the organizer's own address; invitations come from it")
        if email.lower() in seen:
            _cell_fail(path, line, "email", f"{email} is already on line {seen[email.lower()]}")
        seen[email.lower()] = line
        consent = row["ok_to_contact"].lower()
        if consent not in YES | NO:
            _cell_fail(path, line, "ok_to_contact", f"must be yes or no, not {row['ok_to_contact']!r}")
        residents.append(Resident(name=row["name"], email=email, street=row.get("street", ""),
                                  phone=row.get("phone", ""), ok_to_contact=consent in YES))
    return tuple(residents)


# ---------------------------------------------------------------- cancellations


def load_cancellations(profile: Profile) -> dict[str, str]:
    """Cancelled session or series id -> the reason given ("" when none)."""
    path = events_dir(profile) / CANCELLED_FILE
    if not path.is_file():
        return {}
    top = Fields(_read_toml(path), where=path, error=EventsError)
    top.allow_only({"cancel"})
    reasons = {}
    for fields in _tables(top, "cancel"):
        fields.allow_only({"session", "reason", "on"})
        reasons[fields.get("session", str)] = fields.get("reason", str, "")
    return reasons


def record_cancellation(profile: Profile, season: Season, session_id: str, reason: str = "") -> Path:
    """Append a ``[[cancel]]`` entry to ``events/cancelled.toml``; deleting the entry un-cancels."""
    ids = season.ids()
    if session_id not in ids:
        raise EventsError(f"no session or series '{session_id}'{did_you_mean(session_id, ids)}; "
                          "see 'blockwatch events list --all'")
    path = events_dir(profile) / CANCELLED_FILE
    old = path.read_text(encoding="utf-8") if path.is_file() else (
        "# Written by 'blockwatch events cancel'. Delete an entry to un-cancel; the next 'invite' re-invites.\n")
    if session_id in load_cancellations(profile):
        raise EventsError(f"'{session_id}' is already cancelled", where=path)
    entry = f'\n[[cancel]]\nsession = "{session_id}"\non = {dt.date.today().isoformat()}\n'
    if reason:
        entry += f"reason = {_toml_string(reason)}\n"
    return write_text(path, old + entry)


def _toml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def _check_cancellations(cancelled: dict[str, str], sessions, series, where: Path) -> None:
    known = {s.id for s in sessions} | {s.id for s in series}
    for session_id in sorted(set(cancelled) - known):
        raise EventsError(f"cancels unknown session '{session_id}'{did_you_mean(session_id, known)}; "
                          "remove that entry", where=where)


# ---------------------------------------------------------------- local time


def localize(local: dt.datetime, zone: ZoneInfo, session_id: str) -> dt.datetime:
    """Wall-clock time -> aware datetime; a clock time that is skipped or repeated is an error, not a guess."""
    early = local.replace(tzinfo=zone, fold=0)
    late = local.replace(tzinfo=zone, fold=1)
    if early.utcoffset() == late.utcoffset():
        return early
    round_trip = early.astimezone(dt.timezone.utc).astimezone(zone).replace(tzinfo=None)
    if round_trip != local:
        raise EventsError(f"session '{session_id}' starts at {local:%Y-%m-%d %H:%M}, a time that does not exist "
                          f"in {zone.key} (clocks spring forward); pick another time")
    raise EventsError(f"session '{session_id}' starts at {local:%Y-%m-%d %H:%M}, which happens twice in "
                      f"{zone.key} (clocks fall back); pick another time")


def end_of(start: dt.datetime, minutes: int, session_id: str = "") -> dt.datetime:
    """Elapsed minutes, not wall-clock: a meeting keeps its length across a clock change. An end on a clock
    time that happens twice is refused: calendars read it as the first of the two (RFC 5545 §3.3.5)."""
    end = (start.astimezone(dt.timezone.utc) + dt.timedelta(minutes=minutes)).astimezone(start.tzinfo)
    if end.replace(fold=1 - end.fold).utcoffset() != end.utcoffset():
        raise EventsError(f"session '{session_id}' ends at {end:%Y-%m-%d %H:%M}, which happens twice in "
                          f"{end.tzinfo.key} (clocks fall back); change its start or length")
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
    dates = []
    step = 0
    while len(dates) < limit:
        day = _occurrence(series.repeat, start, step)
        if series.until is not None and day > series.until:
            break
        dates.append(day)
        step += 1
    return dates


def _occurrence(repeat: str, start: dt.date, step: int) -> dt.date:
    if repeat == "weekly":
        return start + dt.timedelta(weeks=step)
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
        sessions.append(replace(series.first, id=session_id, start=start, end=end_of(start, series.minutes, session_id),
                                cancelled=series.cancelled))
    return sessions


# ---------------------------------------------------------------- checks


def check_clashes(sessions: list[Session], *, where) -> None:
    """A presenter in two places at once, or two sessions in one room at once."""
    active = [s for s in sessions if not s.cancelled]
    _check_overlaps(active, lambda s: s.presenter.id, "presenter '{key}' is booked twice at once", where,
                    "move one or give it another presenter")
    _check_overlaps(active, lambda s: (s.group.venue.name.strip().lower(), s.group.venue.address.strip().lower()),
                    "venue '{name}' has two sessions at once", where, "move one or book another room")


def _check_overlaps(sessions: list[Session], key, message: str, where, fix: str) -> None:
    by_key: dict = {}
    for session in sessions:
        by_key.setdefault(key(session), []).append(session)
    for value, booked in by_key.items():
        booked.sort(key=lambda s: s.start)
        for before, after in zip(booked, booked[1:]):
            if after.start < before.end:
                text = message.format(key=value, name=before.group.venue.name)
                raise EventsError(f"{text}: '{before.id}' ({_span(before)}) and '{after.id}' ({_span(after)}); "
                                  f"{fix}", where=where)


def _span(session: Session) -> str:
    return f"{session.start:%Y-%m-%d %H:%M}-{session.end:%H:%M}"


def upcoming(season: Season, now: dt.datetime) -> list[Session]:
    return [s for s in season.sessions if s.end >= now]
