"""A season of block-watch meetings and the talks booked into them: ``model`` (what it is), ``load`` (events/
files -> Season), ``talks`` (bookings.toml -> talks), ``recurrence`` (local dates and times of a series),
``cancellations`` (a file the kit writes here), ``planner`` (``events book``: the season -> bookings.toml)."""

from __future__ import annotations

from .cancellations import CANCELLED_FILE, load_cancellations, record_cancellation
from .load import (EVENTS_DIR, GROUPS_FILE, ROSTERS_DIR, SESSIONS_CSV, SESSIONS_FILE, check_clashes, events_dir,
                   import_sessions_csv, load_rosters, load_season, upcoming)
from .model import MEETING, TALK, Group, Person, Resident, Season, Series, Session, Venue, unknown_session
from .recurrence import MAX_OCCURRENCES, REPEATS, end_of, expand, is_last_weekday, local_dates, localize, nth_of

__all__ = ["CANCELLED_FILE", "EVENTS_DIR", "GROUPS_FILE", "MAX_OCCURRENCES", "MEETING", "REPEATS", "ROSTERS_DIR",
           "SESSIONS_CSV", "SESSIONS_FILE", "TALK", "Group", "Person", "Resident", "Season", "Series", "Session",
           "Venue",
           "check_clashes", "end_of", "events_dir", "expand", "import_sessions_csv", "is_last_weekday",
           "load_cancellations", "load_rosters", "load_season", "local_dates", "localize", "nth_of",
           "record_cancellation", "unknown_session", "upcoming"]
