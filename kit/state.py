"""``.blockwatch-state.json`` in the kit folder: what neighbors' calendars were last told.

Per UID: the SEQUENCE, the revision it belongs to (so SEQUENCE rises exactly once per real change, whichever
delivery carries it first), the last event sent (to cancel an event later deleted from ``events/``), who was
sent what, who refused what for good, and where it was published. Reading it never changes it: each delivery
is recorded, and the file saved atomically, only once the server (or the disk) has accepted it, so a batch
that fails half-way leaves a true record and a re-run sends only the rest.
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
DELETED = "deleted"  # the revision of an event deleted from events/ after it was sent


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

    def sequence_for(self, uid: str, revision: str) -> int:
        """SEQUENCE this content carries: unchanged content keeps the recorded one, changed content one more.
        Nothing is recorded here: a delivery records its number once the server (or the disk) has it."""
        record = self.objects.get(uid)
        if record is None:
            return 0
        return record["sequence"] if record["revision"] == revision else record["sequence"] + 1

    def sent(self, uid: str, email: str) -> dict | None:
        return self.objects.get(uid, {}).get("sent", {}).get(email.lower())

    def recipients(self, uid: str) -> dict:
        return self.objects.get(uid, {}).get("sent", {})

    def refused(self, uid: str, email: str) -> dict | None:
        """The message the server refused for good for this neighbor, and its answer."""
        return self.objects.get(uid, {}).get("refused", {}).get(email.lower())

    def last_event(self, uid: str) -> str | None:
        return self.objects.get(uid, {}).get("event")

    def published(self, uid: str) -> dict | None:
        return self.objects.get(uid, {}).get("published")

    def record_sent(self, uid: str, email: str, what: dict, event_text: str | None, *, sequence: int,
                    revision: str) -> None:
        record = self._revised(uid, sequence, revision)
        record.setdefault("sent", {})[email.lower()] = dict(what, at=_now())
        record.get("refused", {}).pop(email.lower(), None)
        if event_text is not None:
            record["event"] = event_text
        self.save()

    def record_refused(self, uid: str, email: str, what: dict, answer: str) -> None:
        """A permanent refusal: the same message is not tried again; a changed one, or a new address, is."""
        record = self.objects.setdefault(uid, {"sequence": 0, "revision": "unknown"})
        record.setdefault("refused", {})[email.lower()] = dict(what, answer=answer, at=_now())
        self.save()

    def record_published(self, uid: str, where: dict | None, *, sequence: int = 0, revision: str = "") -> None:
        if where is None:
            self.objects.get(uid, {}).pop("published", None)
        else:
            self._revised(uid, sequence, revision)["published"] = where
        self.save()

    def _revised(self, uid: str, sequence: int, revision: str) -> dict:
        record = self.objects.setdefault(uid, {"sequence": sequence, "revision": revision})
        if sequence >= record["sequence"]:
            record["sequence"], record["revision"] = sequence, revision
        return record

    def save(self) -> None:
        if self.path is not None:
            write_text(self.path, json.dumps(self.data, indent=1, sort_keys=True) + "\n")


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
