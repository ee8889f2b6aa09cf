"""``events/`` (TOML and CSV) -> a ``Season``: groups, meetings (series and one-offs), talks, cancellations, rosters.

Each table's keys are declared once below. Every problem of a file is reported before loading stops.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from pathlib import Path
from typing import Any, Callable

from ..dates import read_clock, read_date, weekday_name
from ..errors import EventsError, Problems, close_matches
from ..profile import Profile
from ..readers import read_csv, read_toml, yes_no
from ..schema import DATE, E_MAIL, STRINGS, Fields, Key, Table
from .cancellations import CANCELLED_FILE, check_cancellations, load_cancellations
from .model import Group, Person, Resident, Season, Series, Session, Venue
from .talks import load_talks
from .recurrence import MAX_OCCURRENCES, REPEATS, end_of, expand, is_last_weekday, local_dates, localize, nth_of

EVENTS_DIR = "events"
GROUPS_FILE = "groups.toml"
SESSIONS_FILE = "sessions.toml"
SESSIONS_CSV = "sessions.csv"
ROSTERS_DIR = "rosters"
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

GROUPS_TOP = Table(Key("groups", list, []))
GROUP = Table(Key("id"), Key("name"), Key("neighborhood"), Key("coordinator", dict), Key("venue", dict),
              Key("area", str, ""), Key("preferred_presenters", STRINGS, ()))
COORDINATOR = Table(Key("name"), Key("email", E_MAIL))
VENUE = Table(Key("name"), Key("address"))
SESSIONS_TOP = Table(Key("series", list, []), Key("sessions", list, []))
_MEETING = (Key("group"), Key("start", (dt.datetime, str)), Key("minutes", int, 60), Key("capacity", int, 0),
            Key("topic", str, ""))
# Keys a meeting had when every meeting was a talk: now the booking's (bookings.toml) or gone.
TALK_KEYS = ("presenter", "recipe")
ONE_OFF = Table(Key("id", str, None), *_MEETING)
SERIES = Table(*_MEETING, Key("repeat", str, "monthly-nth-weekday"), Key("count", int, None), Key("until", DATE, None),
               Key("skip", list, []))
SESSION_CSV_COLUMNS = ("group", "date", "time", "minutes")
SESSION_CSV_OPTIONAL = ("id", "capacity", "topic", *TALK_KEYS)
ROSTER_COLUMNS = ("name", "email", "ok_to_contact")
ROSTER_OPTIONAL = ("street", "phone")


def events_dir(profile: Profile) -> Path:
    return profile.root / EVENTS_DIR


def load_season(profile: Profile, *, talks: bool = True) -> Season:
    """Read ``events/``: groups, series, one-off meetings (TOML and CSV), talks, cancellations and rosters.

    ``talks=False``: the meetings alone, bookings.toml unread (the planner reads it its own way).
    """
    folder = events_dir(profile)
    groups_path = folder / GROUPS_FILE
    if not groups_path.is_file():
        raise EventsError(f"no {GROUPS_FILE}; add [[groups]] tables (see docs/events.md)", where=folder)
    groups = _load_groups(groups_path, [p.id for p in profile.presenters])
    path = folder / SESSIONS_FILE
    raw = read_toml(path, EventsError) if path.is_file() else {}
    top = Fields(raw, where=path, error=EventsError).read(SESSIONS_TOP)
    cancelled = load_cancellations(folder)
    series = tuple(_each(top["series"], path, "series", lambda fields: _series(profile, groups, fields)))
    one_offs = _each(top["sessions"], path, "sessions", lambda fields: _one_off(profile, groups, fields))
    if (folder / SESSIONS_CSV).is_file():
        one_offs += import_sessions_csv(profile, groups, folder / SESSIONS_CSV)
    series = tuple(replace(s, cancelled=s.id in cancelled) for s in series)
    sessions = [s for one in series for s in expand(one, profile.zone)] + one_offs
    sessions = [replace(s, cancelled=s.cancelled or s.id in cancelled) for s in sessions]
    if talks:
        sessions += load_talks(profile, groups, sessions, folder, cancelled)
    sessions.sort(key=lambda s: (s.start, s.kind, s.id))
    _check_unique([s.id for s in sessions] + [s.id for s in series], folder)
    check_cancellations(cancelled, sessions, series, folder / CANCELLED_FILE)
    check_clashes(sessions, where=folder)
    return Season(groups=tuple(groups.values()), sessions=tuple(sessions),
                  rosters=load_rosters(folder / ROSTERS_DIR, groups, profile), series=series, reasons=cancelled)


def _each(tables: list, path: Path, key: str, read: Callable[[Fields], Any]) -> list:
    """``read`` each ``[[key]]`` table of a file, reporting every bad table, not only the first."""
    problems, found = Problems(), []
    for index, table in enumerate(tables):
        with problems.attempt():
            found.append(read(Fields(table, where=path, prefix=f"{key}[{index}]", error=EventsError)))
    problems.raise_any()
    return found


def _load_groups(path: Path, presenters: list[str]) -> dict[str, Group]:
    top = Fields(read_toml(path, EventsError), where=path, error=EventsError)
    groups: dict[str, Group] = {}
    problems = Problems()
    for index, table in enumerate(top.read(GROUPS_TOP)["groups"]):
        fields = Fields(table, where=path, prefix=f"groups[{index}]", error=EventsError)
        with problems.attempt():
            group = _group(fields, presenters)
            if group.id in groups:
                fields.fail("id", f"'{group.id}' is used by two groups; give each group its own id")
            groups[group.id] = group
    problems.raise_any()
    return groups  # none yet: a new kit's commented example groups.toml loads as an empty season


def _group(fields: Fields, presenters: list[str]) -> Group:
    values = fields.read(GROUP)
    group_id = values["id"]
    if not SLUG.match(group_id):
        fields.fail("id", f"must be lower-case letters, digits and dashes like 'aspen-hollow', not {group_id!r}")
    coordinator = fields.sub("coordinator").read(COORDINATOR)
    venue = fields.sub("venue").read(VENUE)
    for presenter_id in values["preferred_presenters"]:
        if presenter_id not in presenters:
            fields.fail("preferred_presenters", f"names an unknown presenter '{presenter_id}'; presenters in "
                                                f"kit.toml: {', '.join(presenters)}",
                        suggestions=close_matches(presenter_id, presenters))
    return Group(id=group_id, name=values["name"], neighborhood=values["neighborhood"],
                 coordinator=Person(**coordinator), venue=Venue(**venue), area=values["area"],
                 preferred_presenters=values["preferred_presenters"])


def _group_of(groups: dict[str, Group], fields: Fields, group_id: str) -> Group:
    if group_id not in groups:
        fields.fail("group", f"names an unknown group '{group_id}'; groups are defined in {GROUPS_FILE}",
                    suggestions=close_matches(group_id, groups))
    return groups[group_id]


def _local_start(fields: Fields, value: dt.datetime | str) -> dt.datetime:
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value)
        except ValueError:
            fields.fail("start", f"must be a local date and time like 2027-01-12T18:30:00, not {value!r}")
    if value.tzinfo is not None:
        fields.fail("start", "must be local wall-clock time without an offset or 'Z' "
                             "(the kit's time zone from kit.toml applies)")
    return value


def _session_fields(profile: Profile, groups, fields: Fields, values: dict, session_id: str, start: dt.datetime,
                    series_id: str | None = None) -> Session:
    """The fields a series and a one-off share; ``start`` is already aware."""
    for key in TALK_KEYS:
        if fields.table.get(key):
            fields.fail(key, f"belongs to the group's talk now, not to its meetings: remove it here (the planner "
                             f"books a talk into one meeting of each group, with its {key}, in bookings.toml)")
    minutes = values["minutes"]
    if minutes <= 0 or minutes > 12 * 60:
        fields.fail("minutes", f"must be a length in minutes between 1 and 720, not {minutes}")
    if values["capacity"] < 0:
        fields.fail("capacity", "must be zero (no limit) or a number of seats")
    return Session(
        id=session_id,
        group=_group_of(groups, fields, values["group"]),
        start=start,
        end=end_of(start, minutes, session_id, where=fields.where, line=fields.line),
        capacity=values["capacity"],
        topic=values["topic"],
        series_id=series_id,
    )


def _one_off(profile: Profile, groups, fields: Fields) -> Session:
    values = fields.read(_without_talk_keys(fields, ONE_OFF))
    local = _local_start(fields, values["start"])
    session_id = values["id"] or f"{values['group']}-{local.date().isoformat()}"
    if not SLUG.match(session_id):
        fields.fail("id", f"must be lower-case letters, digits and dashes, not {session_id!r}")
    start = localize(local, profile.zone, session_id, where=fields.where, line=fields.line)
    return _session_fields(profile, groups, fields, values, session_id, start)


def _without_talk_keys(fields: Fields, table: Table) -> Table:
    """The table with the keys of a talk allowed, so that ``_session_fields`` can say where they went."""
    return Table(*table.keys.values(), *(Key(key, str, "") for key in TALK_KEYS if key in fields.table))


def _series(profile: Profile, groups, fields: Fields) -> Series:
    values = fields.read(_without_talk_keys(fields, SERIES))
    group = _group_of(groups, fields, values["group"])
    series_id = f"{group.id}-series"
    local = _local_start(fields, values["start"])
    repeat = values["repeat"]
    if repeat not in REPEATS:
        fields.fail("repeat", f"must be one of {', '.join(REPEATS)}, not {repeat!r}",
                    suggestions=close_matches(repeat, REPEATS))
    if repeat == "monthly-nth-weekday" and nth_of(local.date()) > 4:
        fields.fail("start", f"falls on the 5th {weekday_name(local)} of the month, which most months lack; "
                             "start on an earlier week or use repeat = \"monthly-last-weekday\"")
    if repeat == "monthly-last-weekday" and not is_last_weekday(local.date()):
        fields.fail("start", f"{local.date()} is not the last {weekday_name(local)} of its month, as "
                             "repeat = \"monthly-last-weekday\" needs")
    count, until = values["count"], values["until"]
    if (count is None) == (until is None):
        fields.fail("count", "or 'until' must be given (not both): how many meetings, or the last date")
    if count is not None and not 1 <= count <= MAX_OCCURRENCES:
        fields.fail("count", f"must be between 1 and {MAX_OCCURRENCES}, not {count}")
    if until is not None and until < local.date():
        fields.fail("until", f"{until} is before the first meeting {local.date()}")
    first_id = f"{group.id}-{local.date().isoformat()}"
    first = _session_fields(profile, groups, fields, values, first_id,
                            localize(local, profile.zone, first_id, where=fields.where, line=fields.line), series_id)
    series = Series(id=series_id, group=group, first=first, repeat=repeat, count=count, until=until)
    dates = local_dates(series)
    if len(dates) > MAX_OCCURRENCES:
        fields.fail("until", f"gives {len(dates)} meetings; keep a series under {MAX_OCCURRENCES}")
    skip = _dates(fields, "skip", values["skip"])
    for day in skip:
        if day not in dates:
            fields.fail("skip", f"{day} is not a meeting of {series_id} (nearby meetings: "
                                f"{', '.join(str(d) for d in _nearest(dates, day))})")
    return replace(series, skip=skip)


def _dates(fields: Fields, key: str, raw: list) -> tuple[dt.date, ...]:
    days = []
    for value in raw:
        day = value.date() if isinstance(value, dt.datetime) else value
        if isinstance(day, str):
            try:
                day = dt.date.fromisoformat(day)
            except ValueError:
                fields.fail(key, f"must list dates like 2027-07-13, not {value!r}")
        if not isinstance(day, dt.date):
            fields.fail(key, f"must list dates like 2027-07-13, not {value!r}")
        days.append(day)
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


def _cell_fail(path: Path, line: int, column: str, message: str):
    raise EventsError(f"column '{column}' {message}", where=path, line=line, field=column)


def import_sessions_csv(profile: Profile, groups: dict[str, Group], path: Path) -> list[Session]:
    """One-off meetings from a spreadsheet: group,date,time,minutes[,id,capacity,topic]."""
    sessions = []
    for line, row in read_csv(path, required=SESSION_CSV_COLUMNS, optional=SESSION_CSV_OPTIONAL):
        table: dict[str, Any] = {k: v for k, v in row.items() if v and k not in ("date", "time")}
        for column in ("minutes", "capacity"):
            if column in table:
                if not table[column].isdigit():
                    _cell_fail(path, line, column, f"must be a whole number, not {table[column]!r}")
                table[column] = int(table[column])
        try:
            day = read_date(row["date"])
        except ValueError as exc:
            _cell_fail(path, line, "date", str(exc))
        try:
            clock = read_clock(row["time"])
        except ValueError:
            _cell_fail(path, line, "time", f"must be a time like 18:30 or 6:30 PM, not {row['time']!r}")
        table["start"] = dt.datetime.combine(day, clock)
        # Same rules as a [[sessions]] table; the messages name the column.
        sessions.append(_one_off(profile, groups, Fields(table, where=path, error=EventsError, line=line,
                                                         noun="column")))
    return sessions


def load_rosters(folder: Path, groups: dict[str, Group], profile: Profile) -> dict[str, tuple[Resident, ...]]:
    """``rosters/{group_id}.csv``: name,email,ok_to_contact[,street,phone]."""
    if not folder.is_dir():
        return {}
    rosters = {}
    for path in sorted(folder.glob("*.csv")):
        if path.stem not in groups:
            raise EventsError(f"roster for unknown group '{path.stem}'; name the file after a group id in "
                              f"{GROUPS_FILE}", where=path, suggestions=close_matches(path.stem, groups))
        rosters[path.stem] = _roster(path, profile)
    return rosters


def _roster(path: Path, profile: Profile) -> tuple[Resident, ...]:
    residents: list[Resident] = []
    seen: dict[str, int] = {}
    for line, row in read_csv(path, required=ROSTER_COLUMNS, optional=ROSTER_OPTIONAL):
        if not row["name"]:
            _cell_fail(path, line, "name", "is empty; every resident needs a name")
        email = Fields(row, where=path, line=line, error=EventsError, noun="column").email("email")
        if email.lower() == profile.organizer.email.lower():
            _cell_fail(path, line, "email", "is the organizer's own address; invitations come from it")
        if email.lower() in seen:
            _cell_fail(path, line, "email", f"{email} is already on line {seen[email.lower()]}")
        seen[email.lower()] = line
        consent = yes_no(row["ok_to_contact"])
        if consent is None:
            _cell_fail(path, line, "ok_to_contact", f"must be yes or no, not {row['ok_to_contact']!r}")
        residents.append(Resident(name=row["name"], email=email, street=row.get("street", ""),
                                  phone=row.get("phone", ""), ok_to_contact=bool(consent)))
    return tuple(residents)


# ---------------------------------------------------------------- checks


def check_clashes(sessions: list[Session], *, where) -> None:
    """A presenter at two talks at once, or two meetings in one room at once (a talk shares its meeting's room)."""
    active = [s for s in sessions if not s.cancelled]
    _check_overlaps([s for s in active if s.presenter is not None], lambda s: s.presenter.id,
                    "presenter '{key}' is booked twice at once", where, "move one or give it another presenter")
    _check_overlaps([s for s in active if not s.is_talk],
                    lambda s: (s.group.venue.name.strip().lower(), s.group.venue.address.strip().lower()),
                    "venue '{name}' has two sessions at once", where, "move one or book another room")


def _check_overlaps(sessions: list[Session], key, message: str, where, fix: str) -> None:
    by_key: dict = {}
    for session in sessions:
        by_key.setdefault(key(session), []).append(session)
    for value, booked in by_key.items():
        booked.sort(key=lambda s: s.start)
        for before, after in zip(booked, booked[1:], strict=False):
            if after.start < before.end:
                text = message.format(key=value, name=before.group.venue.name)
                raise EventsError(f"{text}: '{before.id}' ({_span(before)}) and '{after.id}' ({_span(after)}); "
                                  f"{fix}", where=where)


def _span(session: Session) -> str:
    return f"{session.start:%Y-%m-%d %H:%M}-{session.end:%H:%M}"


def upcoming(season: Season, now: dt.datetime) -> list[Session]:
    return [s for s in season.sessions if s.end >= now]
