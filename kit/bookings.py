"""``events/bookings.toml``: the season's talks as booked, a plain file people read, edit and commit.

One ``[[talks]]`` table per talk. ``blockwatch events book`` rewrites the file; a person may move a talk by
hand (``session``, ``date``, ``start``), give it another presenter, recipe or topic, or pin it. A talk's ``id`` never
changes when it moves, so its invitations (UID), attendance and survey records follow it.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import tomli_w

from .booking import Booking, Meeting, Talk
from .errors import EventsError, close_matches
from .files import write_text
from .schema import Fields

BOOKINGS_FILE = "bookings.toml"
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
REQUIRED = ("id", "group", "session", "date", "start", "presenter")
OPTIONAL = ("recipe", "topic", "pinned")
HEADER = """\
# The season's talks: one [[talks]] table per group, booked into one of the group's meetings.
# Written by the season planner (blockwatch events book), which rewrites this file whole (your own comments
# are not kept). You may edit the talks by hand; commit the file with the rest of the kit.
#   id        stays the same when the talk moves, so invitations send an update, not a new invite
#   session   the meeting the talk is given at (blockwatch events list); date and start are its local date and time
#   recipe    the deck (default: default_recipe in kit.toml); topic: its title in invitations (optional)
#   pinned    true once invitations are out or the talk is given: the planner leaves it where it is unless told
#             to replan (a talk already given never moves)
"""
TABLE_HEADER = re.compile(r"^\s*\[\[\s*talks\s*\]\]")
KEY_LINE = re.compile(r"^\s*([A-Za-z0-9_-]+)\s*=")


@dataclass(frozen=True)
class BookedTalk:
    """One ``[[talks]]`` entry; ``date`` and ``start`` are local wall-clock values, as the file shows them."""

    id: str
    group: str
    session: str
    date: dt.date
    start: dt.time
    presenter: str
    recipe: str = ""
    pinned: bool = False
    topic: str = ""


def read_bookings(path: Path, *, presenters: Collection[str] | None, groups: Collection[str] | None = None,
                  sessions: Mapping[str, dt.date] | None = None,
                  owners: Mapping[str, str] | None = None) -> tuple[BookedTalk, ...]:
    """The file's talks, checked; no file means nothing is booked yet. Errors name the file, line and field.

    ``presenters``, ``groups``, ``sessions`` (session id -> local date) and ``owners`` (session id -> the group
    whose meeting it is), when given, are checked too.
    """
    path = Path(path)
    if not path.is_file():
        return ()
    try:
        text = path.read_text(encoding="utf-8")
        raw = tomllib.loads(text)
    except UnicodeDecodeError:
        raise EventsError("is not UTF-8 text; save it as UTF-8", where=path) from None
    except tomllib.TOMLDecodeError as exc:
        raise EventsError(f"is not valid TOML ({exc}); fix the syntax", where=path) from None
    top = Fields(raw, where=path, error=EventsError)
    top.allow_only({"talks"})
    tables = top.get("talks", list, [])
    lines = _table_lines(text)
    talks: list[BookedTalk] = []
    seen: dict[tuple[str, str], Fields] = {}
    for index, table in enumerate(tables):
        header, keys = lines[index] if index < len(lines) else (None, {})
        fields = Fields(table, where=path, prefix=f"talks[{index}]", error=EventsError, line=header, lines=keys)
        talk = _talk(fields, presenters, groups, sessions, owners)
        for key, value in (("id", talk.id), ("group", talk.group)):
            if (key, value) in seen:
                fields.fail(key, f"'{value}' is also on line {seen[key, value].line}; keep one talk per "
                                 f"{'id' if key == 'id' else 'group'}")
            seen[key, value] = fields
        talks.append(talk)
    return tuple(talks)


def _talk(fields: Fields, presenters, groups, sessions, owners) -> BookedTalk:
    fields.allow_only(REQUIRED + OPTIONAL)
    talk_id = fields.get("id", str)
    if not SLUG.match(talk_id):
        fields.fail("id", f"must be lower-case letters, digits and dashes like 'aspen-hollow-talk-2027', "
                          f"not {talk_id!r}")
    group = _known(fields, "group", groups, "groups are defined in events/groups.toml")
    # A meeting that moved or was deleted: the talk is booked again, keeping its id.
    session = _known(fields, "session", sessions, "it is not one of the season's meetings", hint="rebook")
    day = _date(fields)
    if sessions is not None and sessions[session] != day:
        fields.fail("date", f"is {day} but session '{session}' is on {sessions[session]}", hint="rebook")
    if owners is not None and owners[session] != group:
        fields.fail("session", f"'{session}' is a meeting of '{owners[session]}', not of '{group}'", hint="rebook")
    return BookedTalk(
        id=talk_id,
        group=group,
        session=session,
        date=day,
        start=_start(fields),
        presenter=_known(fields, "presenter", presenters,
                         f"presenters in kit.toml: {', '.join(sorted(presenters or ()))}"),
        recipe=fields.get("recipe", str, ""),
        pinned=fields.get("pinned", bool, False),
        topic=fields.get("topic", str, ""),
    )


def _known(fields: Fields, key: str, known: Collection[str] | None, advice: str, hint: str | None = None) -> str:
    value = fields.get(key, str)
    if known is not None and value not in known:
        fields.fail(key, f"names an unknown {key} '{value}'; {advice}", suggestions=close_matches(value, known),
                    hint=hint)
    return value


def _date(fields: Fields) -> dt.date:
    value = fields.get("date", (dt.date, str))
    if isinstance(value, dt.datetime):
        fields.fail("date", f"must be a date like 2027-03-01 without a time, not {value.isoformat()}; "
                            "the time goes in 'start'")
    day = fields.date("date")
    if day is None:
        fields.fail("date", "is missing")
    return day


def _start(fields: Fields) -> dt.time:
    value = fields.get("start", (dt.time, str))
    if isinstance(value, str):
        try:
            value = dt.time.fromisoformat(value)
        except ValueError:
            fields.fail("start", f"must be a local time like 18:30:00, not {value!r}")
    if value.tzinfo is not None:
        fields.fail("start", "must be local wall-clock time without an offset (the kit's time zone applies)")
    return value


def _table_lines(text: str) -> list[tuple[int, dict[str, int]]]:
    """For each ``[[talks]]`` table: the line of its header and the line of each of its keys."""
    tables: list[tuple[int, dict[str, int]]] = []
    keys: dict[str, int] | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if TABLE_HEADER.match(line):
            keys = {}
            tables.append((number, keys))
        elif line.lstrip().startswith("["):
            keys = None  # another table: its keys are not a talk's
        elif keys is not None and (key := KEY_LINE.match(line)):
            keys.setdefault(key.group(1), number)
    return tables


def write_bookings(path: Path, talks: Iterable[BookedTalk]) -> Path:
    """Rewrite the file whole (atomically), talks by date."""
    chunks = [HEADER]
    for talk in sorted(talks, key=lambda t: (t.date, t.start, t.group)):
        table = {"id": talk.id, "group": talk.group, "session": talk.session, "date": talk.date,
                 "start": talk.start, "presenter": talk.presenter}
        for key in ("recipe", "topic"):
            if getattr(talk, key):
                table[key] = getattr(talk, key)
        table["pinned"] = talk.pinned
        chunks.append("\n[[talks]]\n" + tomli_w.dumps(table))
    return write_text(Path(path), "".join(chunks))


# ---------------------------------------------------------------- to and from the solver


def booked_talks(booking: Booking, before: Iterable[BookedTalk] = ()) -> tuple[BookedTalk, ...]:
    """The solver's talks as file entries; a talk keeps the recipe and topic it had in the file."""
    kept = {t.id: t for t in before}
    return tuple(BookedTalk(id=t.id, group=t.group, session=t.meeting.id, date=t.meeting.day,
                            start=t.meeting.start.time(), presenter=t.presenter,
                            recipe=kept[t.id].recipe if t.id in kept else "",
                            topic=kept[t.id].topic if t.id in kept else "", pinned=t.pinned) for t in booking.talks)


def previous_talks(booked: Iterable[BookedTalk], meetings: Mapping[str, Meeting]) -> tuple[Talk, ...]:
    """File entries as the solver's previous booking; ``meetings`` maps every session id of the season."""
    return tuple(Talk(id=t.id, group=t.group, meeting=meetings[t.session], presenter=t.presenter, pinned=t.pinned)
                 for t in booked)
