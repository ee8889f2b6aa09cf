"""Who came to which session: a volunteer's CSV in, the kit's ``attendance.csv`` rewritten (never a formula)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from .csvfiles import neutral_cell, write_csv
from .errors import EventsError, close_matches
from .profile import Profile
from .readers import read_csv
from .schema import Fields
from .sheets import rsvp

ATTENDANCE_FILE = "attendance.csv"
COLUMNS = ("session_id", "name", "email", "attended", "recorded")


@dataclass(frozen=True)
class Attendance:
    session_id: str
    name: str
    email: str
    attended: bool


@dataclass(frozen=True)
class Recorded:
    path: Path
    added: int
    updated: int
    sessions: tuple[str, ...]


def known_session_ids(profile: Profile) -> frozenset[str]:
    """The season's session ids, which attendance rows must name."""
    from .events import load_season

    return frozenset(session.id for session in load_season(profile).sessions)


def read_attendance(path: Path, *, known: frozenset[str] | None) -> tuple[Attendance, ...]:
    """Columns session_id, name, attended (yes/no) and optionally email; every bad cell names its line."""
    rows = []
    for line, row in read_csv(path, required=("session_id", "name", "attended"), optional=("email",)):
        for column in ("session_id", "name"):
            if not row.get(column):
                raise EventsError(f"column '{column}' is empty; fill it in or delete the row", where=path, line=line)
        session_id = row["session_id"]
        if known is not None and session_id not in known:
            raise EventsError(f"column 'session_id': unknown session '{session_id}'", where=path, line=line,
                              field="session_id", suggestions=close_matches(session_id, known), hint="list-sessions")
        email = Fields(row, where=path, line=line, error=EventsError, noun="column").email("email", default="")
        attended = rsvp(row["attended"], where=path, line=line, column="attended")
        rows.append(Attendance(session_id=session_id, name=row["name"], email=email, attended=attended))
    return tuple(rows)


def _key(session_id: str, name: str) -> tuple[str, str]:
    # Stored names are neutralized; compare neutralized forms so a re-import updates rather than duplicates.
    return session_id, neutral_cell(name).casefold()


def record_attendance(profile: Profile, source: Path, *, today: dt.date | None = None) -> Recorded:
    """Merge ``source`` into ``<kit>/attendance.csv``: a person already recorded for a session is updated."""
    entries = read_attendance(source, known=known_session_ids(profile))
    target = profile.root / ATTENDANCE_FILE
    table = {_key(r["session_id"], r["name"]): [r.get(c, "") for c in COLUMNS] for r in _existing(target)}
    recorded = (today or dt.date.today()).isoformat()
    added = updated = 0
    for entry in entries:
        key = _key(entry.session_id, entry.name)
        existed = key in table
        table[key] = [entry.session_id, entry.name, entry.email, "yes" if entry.attended else "no", recorded]
        updated += existed
        added += not existed
    write_csv(target, COLUMNS, table.values())
    return Recorded(path=target, added=added, updated=updated,
                    sessions=tuple(sorted({e.session_id for e in entries})))


def _existing(target: Path) -> list[dict[str, str]]:
    if not target.exists():
        return []
    return [row for _, row in read_csv(target, required=COLUMNS)]
