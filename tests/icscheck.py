"""Test helpers: a lint for the calendar rules of docs/events.md, and series expansion by three independent parsers.

No parser rejects a missing UID, a bare LF or a TZID without VTIMEZONE, so the rules are checked here on the
raw text; the parsers are then asked when each event happens, and must all agree with the kit.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from zoneinfo import available_timezones

import pytest

JS_DIR = Path(__file__).parent / "js"
UTC = dt.timezone.utc


def unfold(data: bytes) -> list[str]:
    return data.decode("utf-8").replace("\r\n ", "").replace("\r\n\t", "").split("\r\n")[:-1]


def lint(data: bytes, *, method: str | None) -> list[str]:
    """Every broken calendar rule (docs/events.md, numbered there), as readable strings (empty when the file is
    fine)."""
    problems = []
    if re.search(rb"(?<!\r)\n", data) or b"\r\r" in data or not data.endswith(b"\r\n"):
        problems.append("rule 12: line ends are not all CRLF")
    for raw in data.split(b"\r\n"):
        if len(raw) > 75:
            problems.append(f"rule 12: line longer than 75 octets: {raw[:40]!r}")
        if raw[:1] in (b" ", b"\t") and raw.strip().startswith((b"BEGIN:", b"END:")):
            problems.append("rule 12: BEGIN/END line starts with white space")
    lines = unfold(data)
    props = [_split(line) for line in lines]
    declared = {value for name, params, value in props if name == "TZID"}
    used = {params["TZID"] for name, params, value in props if "TZID" in params}
    for tzid in used - declared:
        problems.append(f"rule 1: TZID {tzid} has no VTIMEZONE")
    for tzid in used | declared:
        if tzid not in available_timezones():
            problems.append(f"rule 1: TZID {tzid} is not an IANA name")
    problems += _timezone_blocks(lines)
    problems += ["rule 13: VALARM present" for line in lines if line == "BEGIN:VALARM"]
    methods = [value for name, params, value in props if name == "METHOD"]
    if method is None and methods:
        problems.append("rule 15: stored object has a METHOD")
    if method is not None and methods != [method]:
        problems.append(f"METHOD is {methods}, expected {method}")
    for event in _components(props, "VEVENT"):
        problems += _event_problems(event, method)
    return problems


def _split(line: str) -> tuple[str, dict, str]:
    head, _, value = line.partition(":")
    # A value may contain ':' but a parameter list only does so inside quotes; good enough for our output.
    name, *params = re.split(r';(?=(?:[^"]*"[^"]*")*[^"]*$)', head)
    return name.upper(), dict(p.split("=", 1) for p in params if "=" in p), value


def _components(props, kind: str) -> list[list]:
    found, current = [], None
    for prop in props:
        if prop[0] == "BEGIN" and prop[2] == kind:
            current = []
        elif prop[0] == "END" and prop[2] == kind:
            found.append(current)
            current = None
        elif current is not None:
            current.append(prop)
    return found


def _timezone_blocks(lines: list[str]) -> list[str]:
    """Rule 2 (RRULE form; an observance without RRULE is a single onset, never an RDATE list), and observances
    from 1970 on: vobject, and so Radicale, takes a zone whose first observance is after 2000 for UTC."""
    problems, block, starts = [], None, []
    for line in lines:
        if line == "BEGIN:VTIMEZONE":
            starts = []
        elif line == "END:VTIMEZONE" and starts and min(starts)[:4] > "1970":
            problems.append(f"VTIMEZONE observances start in {min(starts)[:4]}, not 1970")
        elif line in ("BEGIN:STANDARD", "BEGIN:DAYLIGHT"):
            block = []
        elif line in ("END:STANDARD", "END:DAYLIGHT"):
            names = {line_.split(":")[0].split(";")[0] for line_ in block}
            if "RDATE" in names:
                problems.append("rule 2: VTIMEZONE uses RDATE")
            starts += [line_.split(":", 1)[1] for line_ in block if line_.startswith("DTSTART")]
            block = None
        elif block is not None:
            block.append(line)
    return problems


def _event_problems(event: list, method: str | None) -> list[str]:
    problems = []
    by_name: dict[str, list] = {}
    for name, params, value in event:
        by_name.setdefault(name, []).append((params, value))
    for required in ("UID", "DTSTAMP", "DTSTART", "SEQUENCE"):
        if required not in by_name:
            problems.append(f"rule 10: VEVENT without {required}")
    if "DTSTAMP" in by_name and not by_name["DTSTAMP"][0][1].endswith("Z"):
        problems.append("rule 10: DTSTAMP not in UTC")
    start_params, start = by_name.get("DTSTART", [({}, "")])[0]
    if "TZID" not in start_params and not start.endswith("Z"):
        problems.append("rule 3: floating DTSTART")
    for _params, value in by_name.get("RRULE", []):
        until = re.search(r"UNTIL=([0-9TZ]+)", value)
        if until and not until.group(1).endswith("Z"):
            problems.append("rule 4: UNTIL not in UTC")
        if "BYSETPOS" in value and "BYDAY=" in value and "," in value.split("BYDAY=")[1].split(";")[0]:
            problems.append("rule 5: more than one weekday rule")
    if "RDATE" in by_name:
        problems.append("rule 5: RDATE in an event")
    for params, value in by_name.get("EXDATE", []):
        if params.get("TZID") != start_params.get("TZID"):
            problems.append("rule 6: EXDATE zone differs from DTSTART")
        if any(v[-6:] != start[-6:] for v in value.split(",")):
            problems.append("rule 6: EXDATE clock time differs from DTSTART")
    organizers, attendees = by_name.get("ORGANIZER", []), by_name.get("ATTENDEE", [])
    if method in ("PUBLISH", None) and (organizers or attendees):
        problems.append("rule 14: PUBLISH or stored object with ORGANIZER/ATTENDEE")
    if method in ("REQUEST", "CANCEL"):
        if len(organizers) != 1 or not organizers[0][1].startswith("mailto:"):
            problems.append("rule 9: no single mailto: ORGANIZER")
        if len(attendees) != 1:
            problems.append(f"rule 16: {len(attendees)} attendees, expected exactly one")
    if method == "REQUEST":
        for params, _value in attendees:
            if params.get("RSVP") != "TRUE" or params.get("PARTSTAT") != "NEEDS-ACTION":
                problems.append("rule 7: ATTENDEE without RSVP=TRUE;PARTSTAT=NEEDS-ACTION")
    if method == "CANCEL":
        if by_name.get("STATUS", [({}, "")])[0][1] != "CANCELLED":
            problems.append("rule 11: CANCEL without STATUS:CANCELLED")
        if any(params.get("RSVP") == "TRUE" for params, value in attendees):
            problems.append("RSVP=TRUE on a CANCEL, which asks for no answer")
    cancelled = by_name.get("STATUS", [({}, "")])[0][1] == "CANCELLED"
    if cancelled and not by_name["SUMMARY"][0][1].startswith("Cancelled: "):
        problems.append("a cancelled event's SUMMARY does not start with 'Cancelled: ' (Outlook ignores STATUS)")
    if any("^'" in params.get("CN", "") for params, value in organizers + attendees):
        problems.append("CN with RFC 6868 ^' (Outlook and Google show it as is)")
    return problems


# ---------------------------------------------------------------- expansions


def _utc(value) -> str:
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    raise AssertionError(f"floating or all-day start {value!r}")


def utc(moment: dt.datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def expected_starts(profile, season, *, meetings: bool = False) -> dict[str, list[str]]:
    """When the kit says each calendar object meets, in UTC: each talk, or (``meetings``) each group's series and
    one-off meetings."""
    from kit import calendar as cal

    found = {}
    for entry in (cal.meeting_entries if meetings else cal.entries)(profile, season):
        sessions = season.instances(entry.id) if entry.series else [entry.session]
        found[entry.uid] = sorted(utc(s.start) for s in sessions if not (entry.series and s.cancelled))
    return found


def expand_recurring_ical_events(data: bytes) -> dict[str, list[str]]:
    import icalendar
    import recurring_ical_events

    found: dict[str, list[str]] = {}
    calendar = icalendar.Calendar.from_ical(data)
    for event in recurring_ical_events.of(calendar).between((2000, 1, 1), (2100, 1, 1)):
        found.setdefault(str(event["UID"]), []).append(_utc(event.decoded("DTSTART")))
    return {uid: sorted(starts) for uid, starts in found.items()}


def expand_vobject(data: bytes) -> dict[str, list[str]]:
    """vobject builds its time zones from the file's own VTIMEZONE blocks."""
    import vobject

    found = {}
    calendar = vobject.readOne(data.decode("utf-8"))
    for event in calendar.vevent_list:
        if hasattr(event, "recurrence_id"):
            continue
        starts = list(event.getrruleset(addRDate=True)) if hasattr(event, "rrule") else [event.dtstart.value]
        found[event.uid.value] = sorted(_utc(s) for s in starts)
    return found


def require_ical_js() -> None:
    """Missing ical.js skips the check on a developer's machine but fails it in CI."""
    if (JS_DIR / "node_modules" / "ical.js").is_dir() and shutil.which("node") is not None:
        return
    if os.environ.get("CI"):
        pytest.fail("ical.js is not installed: CI must run 'npm ci --prefix tests/js'")
    pytest.skip("ical.js is not installed; run 'npm ci --prefix tests/js'")


def expand_ical_js(*paths: Path) -> dict[str, dict[str, list[str]]]:
    """Mozilla's ical.js (Thunderbird's parser) through node, each file using its own VTIMEZONEs.

    One node process for all files: {str(path): {uid: [UTC starts]}}.
    """
    result = subprocess.run(["node", str(JS_DIR / "expand.mjs"), *map(str, paths)], capture_output=True, text=True,
                            timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    return {path: {uid: sorted(s.replace(".000Z", "Z") for s in starts) for uid, starts in found.items()}
            for path, found in json.loads(result.stdout).items()}
