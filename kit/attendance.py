"""Who came to which session: a volunteer's CSV in, the kit's ``attendance.csv`` rewritten (never a formula)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from .csvfiles import neutral_cell
from .csvrows import checked_rows, merge_records
from .profile import Profile
from .readers import read_csv
from .schema import is_email

ATTENDANCE_FILE = "attendance.csv"
COLUMNS = ("session_id", "name", "street", "email", "attended", "recorded")
# Columns a file written by an older version lacks.
LATER_COLUMNS = ("street",)


@dataclass(frozen=True)
class Attendance:
    session_id: str
    name: str
    email: str
    attended: bool
    street: str = ""


@dataclass(frozen=True)
class Recorded:
    path: Path
    added: int
    updated: int
    sessions: tuple[str, ...]
    unchanged: int = 0


def known_session_ids(profile: Profile) -> frozenset[str]:
    """The season's session ids, which attendance rows must name."""
    from .events import load_season

    return frozenset(session.id for session in load_season(profile).sessions)


def read_attendance(path: Path, *, known: frozenset[str] | None) -> tuple[Attendance, ...]:
    """Columns session_id, name, attended (yes/no), optionally street and email; every bad cell is reported."""
    rows = []
    for row in checked_rows(path, required=("session_id", "name", "attended"), optional=("street", "email")):
        session_id = row.session_id("session_id", known)
        name = row.filled("name")
        email = row.check("email", _email)
        attended = row.yes_no("attended")
        if session_id is not None and name is not None and email is not None and attended is not None:
            rows.append(Attendance(session_id=session_id, name=name, email=email, attended=attended,
                                   street=row.get("street")))
    return tuple(rows)


def _email(value: str) -> str:
    if value and not is_email(value):
        raise ValueError(f"is not an e-mail address: {value!r}")
    return value


def _key(cells: Sequence[str]) -> tuple[str, str]:
    # Stored names are neutralized; compare neutralized forms so a re-import updates rather than duplicates.
    return cells[0], neutral_cell(cells[1]).casefold()


def record_attendance(profile: Profile, source: Path, *, today: dt.date | None = None) -> Recorded:
    """Merge ``source`` into ``<kit>/attendance.csv``: a person already recorded for a session is updated."""
    entries = read_attendance(source, known=known_session_ids(profile))
    recorded = (today or dt.date.today()).isoformat()
    merged = merge_records(profile.root / ATTENDANCE_FILE, COLUMNS, (
        [e.session_id, e.name, e.street, e.email, "yes" if e.attended else "no", recorded] for e in entries),
        key=_key, optional=LATER_COLUMNS, stamp="recorded")
    return Recorded(path=merged.path, added=merged.added, updated=merged.updated, unchanged=merged.unchanged,
                    sessions=tuple(sorted({e.session_id for e in entries})))


def stored_attendance(profile: Profile) -> list[dict[str, str]]:
    """The kit's ``attendance.csv`` as rows of cells (none yet: empty)."""
    target = profile.root / ATTENDANCE_FILE
    if not target.exists():
        return []
    required = [c for c in COLUMNS if c not in LATER_COLUMNS]
    return [row for _, row in read_csv(target, required=required, optional=LATER_COLUMNS)]
