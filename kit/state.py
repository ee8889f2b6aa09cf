"""``.blockwatch-state.json`` in the kit folder: what neighbors' calendars were last told.

Per UID: the SEQUENCE, the revision it belongs to (so SEQUENCE rises exactly once per real change, whichever
command notices it first), the last event sent (to cancel an event later deleted from ``events/``), who was
sent what, and where it was published. Saved atomically after every delivery, so a batch that fails
half-way leaves a true record and a re-run sends only the rest.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from .errors import EventsError
from .files import write_text
from .profile import Profile

STATE_FILE = ".blockwatch-state.json"
VERSION = 1


class State:
    def __init__(self, data: dict | None = None, path: Path | None = None):
        self.data = data or {"version": VERSION, "objects": {}}
        self.path = path

    @classmethod
    def load(cls, profile: Profile) -> "State":
        path = profile.root / STATE_FILE
        if not path.is_file():
            return cls(path=path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise EventsError(f"is damaged ({exc}); restore it from a backup (deleting it re-sends every "
                              "invitation)", where=path) from None
        if not isinstance(data, dict) or data.get("version") != VERSION or not isinstance(data.get("objects"), dict):
            raise EventsError(f"is not a version-{VERSION} state file; restore it from a backup", where=path)
        return cls(data, path)

    @classmethod
    def memory(cls) -> "State":
        """A state that is never saved: every event is new (for the demo and previews)."""
        return cls()

    @property
    def objects(self) -> dict:
        return self.data["objects"]

    def revise(self, uid: str, revision: str) -> int:
        """SEQUENCE for this content: unchanged content keeps it, changed content raises it by one."""
        record = self.objects.setdefault(uid, {"sequence": 0, "revision": revision})
        if record["revision"] != revision:
            record["sequence"] += 1
            record["revision"] = revision
        return record["sequence"]

    def bump(self, uid: str) -> int:
        """A change the events files no longer show (an event deleted after it was sent)."""
        record = self.objects[uid]
        record["sequence"] += 1
        record["revision"] = "deleted"
        return record["sequence"]

    def sent(self, uid: str, email: str) -> dict | None:
        return self.objects.get(uid, {}).get("sent", {}).get(email.lower())

    def recipients(self, uid: str) -> dict:
        return self.objects.get(uid, {}).get("sent", {})

    def record_sent(self, uid: str, email: str, what: dict, event_text: str | None) -> None:
        record = self.objects[uid]
        record.setdefault("sent", {})[email.lower()] = dict(what, at=_now())
        if event_text is not None:
            record["event"] = event_text
        self.save()

    def last_event(self, uid: str) -> str | None:
        return self.objects.get(uid, {}).get("event")

    def published(self, uid: str) -> dict | None:
        return self.objects.get(uid, {}).get("published")

    def record_published(self, uid: str, where: dict | None) -> None:
        record = self.objects.setdefault(uid, {"sequence": 0, "revision": "unknown"})
        if where is None:
            record.pop("published", None)
        else:
            record["published"] = where
        self.save()

    def save(self) -> None:
        if self.path is not None:
            write_text(self.path, json.dumps(self.data, indent=1, sort_keys=True) + "\n")


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
