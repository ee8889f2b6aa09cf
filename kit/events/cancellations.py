"""``events/cancelled.toml``: the talks, meetings and series called off (one of the two files the kit writes into
``events/``; the planner writes ``bookings.toml``).

Entries are appended through a TOML writer, so any reason (quotes, control characters) reads back as given.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Mapping

import tomli_w

from ..errors import EventsError, close_matches
from ..files import write_text
from ..readers import read_text, read_toml
from ..schema import Fields, Key, Table
from .model import Season, Series, Session, unknown_session

CANCELLED_FILE = "cancelled.toml"
HEADER = "# Cancelled sessions and series. Delete an entry to un-cancel; the next invitations re-invite.\n"
TOP = Table(Key("cancel", list, []))
ENTRY = Table(Key("session"), Key("reason", str, ""), Key("on", (dt.date, str), None))


def load_cancellations(folder: Path) -> dict[str, str]:
    """Cancelled session or series id -> the reason given ("" when none)."""
    path = folder / CANCELLED_FILE
    if not path.is_file():
        return {}
    top = Fields(read_toml(path, EventsError), where=path, error=EventsError).read(TOP)
    entries = [Fields(entry, where=path, prefix=f"cancel[{i}]", error=EventsError).read(ENTRY)
               for i, entry in enumerate(top["cancel"])]
    return {entry["session"]: entry["reason"] for entry in entries}


def record_cancellation(folder: Path, season: Season, session_id: str, reason: str = "", *,
                        today: dt.date) -> Path:
    """Append a ``[[cancel]]`` entry; deleting the entry un-cancels."""
    ids = season.ids()
    if session_id not in ids:
        raise unknown_session(session_id, ids, what="session or series")
    path = folder / CANCELLED_FILE
    if session_id in load_cancellations(folder):
        raise EventsError(f"'{session_id}' is already cancelled", where=path)
    old = read_text(path, EventsError) if path.is_file() else HEADER
    entry = {"session": session_id, "on": today, **({"reason": reason} if reason else {})}
    # One [[cancel]] table per entry (tomli-w would write a short array of tables inline, as one value that a
    # second append could not extend); its values are written by tomli-w.
    return write_text(path, old.rstrip("\n") + "\n\n[[cancel]]\n" + tomli_w.dumps(entry))


def check_cancellations(cancelled: Mapping[str, str], sessions: list[Session], series: tuple[Series, ...],
                        where: Path) -> None:
    known = {s.id for s in sessions} | {s.id for s in series}
    for session_id in sorted(set(cancelled) - known):
        raise EventsError(f"cancels unknown session '{session_id}'; remove that entry", where=where,
                          suggestions=close_matches(session_id, known))
