"""Calendar files: layout (talks for residents, meetings for the organizer), the interop rules, and three parsers
agreeing with the kit on every talk and meeting."""

from __future__ import annotations

import datetime as dt
import re
from email import message_from_bytes, policy
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from icscheck import (expand_ical_js, expand_recurring_ical_events, expand_vobject, expected_starts, lint,
                      require_ical_js, unfold, utc)
from kit import calendar as cal
from kit.events import load_season
from kit.profile import load_profile


def calendar_of(eml: Path) -> bytes:
    message = message_from_bytes(eml.read_bytes(), policy=policy.default)
    return next(p for p in message.walk() if p.get_content_type() == "text/calendar").get_payload(decode=True)


def load(kit: Path):
    profile = load_profile(kit)
    return profile, load_season(profile)


@pytest.fixture
def written(example_kit, cli, tmp_path):
    out = tmp_path / "calendars"
    result = cli("events", "ics", "--out", out, "--kit", example_kit)
    assert result.exit_code == 0, result.output
    return out


def test_layout_matches_the_sign_up_sheet_links(example_kit, written):
    profile, season = load(example_kit)
    assert sorted(p.stem for p in (written / "sessions").glob("*.ics")) == sorted(t.id for t in season.talks())
    assert sorted(p.stem for p in (written / "meetings").glob("*.ics")) == sorted(g.id for g in season.groups)
    assert (written / "season.ics").is_file() and not (written / "series").exists()


def test_every_file_follows_the_interop_rules(example_kit, written):
    files = list(written.rglob("*.ics"))
    assert len(files) == 25 + 25 + 1  # a talk each, a meetings feed each, the season
    for path in files:
        assert lint(path.read_bytes(), method="PUBLISH") == [], path


def test_season_feed_is_publish_without_people(written):
    lines = unfold((written / "season.ics").read_bytes())
    assert "METHOD:PUBLISH" in lines
    assert not [line for line in lines if line.startswith(("ORGANIZER", "ATTENDEE", "BEGIN:VALARM"))]
    assert sum(line == "BEGIN:VEVENT" for line in lines) == 25  # the talks, not the groups' regular meetings
    assert not [line for line in lines if line.startswith("RRULE:FREQ=MONTHLY")]
    assert sum(line == "BEGIN:VTIMEZONE" for line in lines) == 1


def test_vtimezone_is_in_rrule_form(written):
    lines = unfold((written / "season.ics").read_bytes())
    assert "RRULE:FREQ=YEARLY;BYDAY=2SU;BYMONTH=3" in lines
    assert "RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=11" in lines
    assert not [line for line in lines if line.startswith("RDATE")]


def expectations(profile, season, written: Path) -> dict[Path, dict[str, list[str]]]:
    """Every file `ics` wrote, with the talks or meetings it must expand to."""
    talks = expected_starts(profile, season)
    meetings = expected_starts(profile, season, meetings=True)
    files = {written / "season.ics": talks}
    for group in season.groups:
        uids = {cal.uid_for(profile, f"{group.id}-series")} | {cal.uid_for(profile, m.id) for m in season.one_offs()
                                                                 if m.group == group}
        files[written / "meetings" / f"{group.id}.ics"] = {uid: meetings[uid] for uid in uids}
    for talk in season.talks():
        uid = cal.uid_for(profile, talk.id)
        files[written / "sessions" / f"{talk.id}.ics"] = {uid: talks[uid]}
    return files


def test_python_parsers_agree_with_the_kit(example_kit, written):
    profile, season = load(example_kit)
    for path, expected in expectations(profile, season, written).items():
        data = path.read_bytes()
        assert expand_recurring_ical_events(data) == expected, path
        assert expand_vobject(data) == expected, path


def test_ical_js_agrees_with_the_kit(example_kit, written):
    """Mozilla's parser, reading our own VTIMEZONE (it knows no zones of its own)."""
    require_ical_js()
    profile, season = load(example_kit)
    files = expectations(profile, season, written)
    found = expand_ical_js(*files)
    for path, expected in files.items():
        assert found[str(path)] == expected, path


def test_until_is_utc_and_keeps_the_last_meeting(example_kit, written):
    profile, season = load(example_kit)
    series = next(s for s in season.series if s.until is not None and not any(d.month == 12 for d in s.skip))
    path = written / "meetings" / f"{series.group.id}.ics"
    rule = next(line for line in unfold(path.read_bytes()) if line.startswith("RRULE:FREQ=MONTHLY"))
    assert re.search(r"UNTIL=\d{8}T\d{6}Z", rule)
    last = season.instances(series.id)[-1]
    assert last.start.month == 12
    assert expand_recurring_ical_events(path.read_bytes())[cal.uid_for(profile, series.id)][-1] == utc(last.start)


def test_every_other_week_has_an_interval(written):
    rule = next(line for line in unfold((written / "meetings" / "spruce-landing.ics").read_bytes())
                if line.startswith("RRULE:FREQ=WEEKLY"))
    assert "INTERVAL=2" in rule and "BYDAY=WE" in rule and "UNTIL=" in rule


def test_exdate_in_the_start_zone(written):
    lines = unfold((written / "meetings" / "aspen-hollow.ics").read_bytes())
    assert "EXDATE;TZID=America/Denver:20270705T183000" in lines
    assert "DTSTART;TZID=America/Denver:20270201T183000" in lines


def test_a_cancelled_talk_has_the_sequence_its_cancellation_carries(example_kit, cli, tmp_path):
    """`ics` only reads the state: SEQUENCE is what the next invitation carries, however often `ics` runs."""
    assert cli("events", "invite", "--out", tmp_path / "outbox", "--kit", example_kit).exit_code == 0
    state = example_kit / ".blockwatch-state.json"
    first = tmp_path / "first"
    cli("events", "ics", "--out", first, "--kit", example_kit)
    assert cli("events", "cancel", "aspen-hollow-2027-05-03", "--kit", example_kit).exit_code == 0  # the talk's
    recorded = state.read_bytes()
    for name in ("second", "third"):
        assert cli("events", "ics", "--out", tmp_path / name, "--kit", example_kit).exit_code == 0
    assert state.read_bytes() == recorded
    before, after, again = (unfold((tmp_path / d / "sessions" / "aspen-hollow-talk-2027.ics").read_bytes())
                            for d in ("first", "second", "third"))
    assert "SEQUENCE:0" in before and "SEQUENCE:1" in after and "SEQUENCE:1" in again
    assert "STATUS:CANCELLED" in after and "STATUS:CONFIRMED" in before
    meetings = unfold((tmp_path / "second" / "meetings" / "aspen-hollow.ics").read_bytes())
    assert "EXDATE;TZID=America/Denver:20270503T183000" in meetings  # the organizer's feed drops that meeting
    untouched = unfold((tmp_path / "second" / "sessions" / "birch-terrace-talk-2027.ics").read_bytes())
    assert "SEQUENCE:0" in untouched
    profile, season = load(example_kit)
    assert expand_vobject((tmp_path / "second" / "season.ics").read_bytes()) == expected_starts(profile, season)
    assert cli("events", "invite", "--out", tmp_path / "outbox", "--kit", example_kit).exit_code == 0
    cancel = next((tmp_path / "outbox").glob("*/aspen-hollow-talk-2027.cancel.*.eml"))
    assert "SEQUENCE:1" in unfold(calendar_of(cancel))


def test_uids_are_stable_across_runs_and_sequence_only_rises_on_change(example_kit, cli, tmp_path):
    runs = []
    for name in ("a", "b"):
        cli("events", "ics", "--out", tmp_path / name, "--kit", example_kit)
        runs.append(unfold((tmp_path / name / "season.ics").read_bytes()))
    uids = [[line for line in run if line.startswith("UID:")] for run in runs]
    assert uids[0] == uids[1]
    assert "UID:aspen-hollow-talk-2027@lakeview.example.org" in uids[0]
    assert [line for line in runs[1] if line.startswith("SEQUENCE")] == ["SEQUENCE:0"] * 25
    cli("events", "invite", "--out", tmp_path / "outbox", "--kit", example_kit)
    path = example_kit / "events" / "sessions.toml"
    path.write_text(path.read_text().replace("start = 2027-01-19T19:00:00", "start = 2027-01-19T19:30:00"))  # old-town
    cli("events", "ics", "--out", tmp_path / "c", "--kit", example_kit)
    changed = (tmp_path / "c" / "sessions" / "old-town-talk-2027.ics").read_bytes()
    assert b"SEQUENCE:1\r\n" in changed and b"T193000" in changed


def test_demo_function_writes_without_a_state(example_kit, tmp_path):
    profile, season = load(example_kit)
    paths = cal.write_season_calendars(profile, season, tmp_path / "demo")
    assert len(paths) == len(season.talks()) + len(season.groups) + 1
    assert not (example_kit / ".blockwatch-state.json").exists()


@pytest.mark.parametrize("zone, years, daylight_rule", [
    ("America/Denver", (2026, 2028), "BYDAY=2SU;BYMONTH=3"),
    ("Europe/Berlin", (2026, 2028), "BYDAY=-1SU;BYMONTH=3"),
    ("Europe/London", (2028, 2028), "BYDAY=-1SU;BYMONTH=3"),  # not 4SU, which is wrong from 2030
    ("Australia/Sydney", (2026, 2028), "BYDAY=1SU;BYMONTH=10"),
    ("America/Phoenix", (2026, 2028), None),
    # Zones whose rule changes (F14): each steady period is its own observance, closed with UNTIL.
    ("America/Santiago", (2027, 2032), "UNTIL="),
    ("Africa/Cairo", (2028, 2032), "UNTIL="),
    ("Asia/Jerusalem", (2028, 2031), "UNTIL="),
    ("Africa/Casablanca", (2027, 2029), None),
])
def test_vtimezone_matches_zoneinfo(zone, years, daylight_rule):
    """vobject reads our VTIMEZONE; its offsets must equal zoneinfo's every six hours of the years asked for."""
    import icalendar
    import vobject

    component = cal.vtimezone(ZoneInfo(zone), *years)
    text = component.to_ical().decode()
    assert "RDATE" not in text
    assert min(re.findall(r"DTSTART:(\d{4})", text)) == "1970"  # vobject takes a zone starting after 2000 for UTC
    if daylight_rule:
        assert daylight_rule in text
    elif zone == "America/Phoenix":
        assert "DAYLIGHT" not in text
    event = icalendar.Event()
    event.add("uid", "x@example.org")
    event.add("dtstamp", dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc))
    event.add("dtstart", dt.datetime(years[0], 1, 1, 12, tzinfo=ZoneInfo(zone)))
    event.add("sequence", 0)
    calendar = icalendar.Calendar()
    calendar.add("version", "2.0")
    calendar.add("prodid", "-//test//EN")
    calendar.add_component(component)
    calendar.add_component(event)
    assert lint(calendar.to_ical(), method=None) == []
    parsed_zone = vobject.readOne(calendar.to_ical().decode()).vevent.dtstart.value.tzinfo
    instant = dt.datetime(years[0] - 1, 1, 1, tzinfo=dt.timezone.utc)
    while instant.year <= years[1]:
        assert instant.astimezone(parsed_zone).utcoffset() == instant.astimezone(ZoneInfo(zone)).utcoffset(), instant
        instant += dt.timedelta(hours=6)


def test_zones_whose_rule_changes_expand_alike_in_ical_js(tmp_path):
    """F14: a weekly meeting at 18:30 through Santiago's, Cairo's and Casablanca's irregular years, in ical.js."""
    import icalendar

    require_ical_js()
    files = {}
    for zone in ("America/Santiago", "Africa/Cairo", "Africa/Casablanca", "Asia/Jerusalem"):
        start = dt.datetime(2027, 1, 5, 18, 30, tzinfo=ZoneInfo(zone))
        event = icalendar.Event()
        event.add("uid", f"{zone}@example.org")
        event.add("dtstamp", dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc))
        event.add("dtstart", start)
        event.add("rrule", {"freq": "weekly", "count": 260})
        calendar = icalendar.Calendar()
        calendar.add("version", "2.0")
        calendar.add("prodid", "-//test//EN")
        calendar.add_component(cal.vtimezone(ZoneInfo(zone), 2027, 2032))
        calendar.add_component(event)
        path = tmp_path / f"{zone.replace('/', '-')}.ics"
        path.write_bytes(calendar.to_ical())
        local = [dt.datetime.combine(start.date() + dt.timedelta(weeks=w), start.time(), tzinfo=start.tzinfo)
                 for w in range(260)]
        files[path] = {f"{zone}@example.org": sorted(utc(moment) for moment in local)}
    found = expand_ical_js(*files)
    for path, expected in files.items():
        assert found[str(path)] == expected, path.name


def test_files_of_removed_sessions_do_not_stay_behind(example_kit, cli, tmp_path):
    out = tmp_path / "calendars"
    (out / "sessions").mkdir(parents=True)
    stale = out / "sessions" / "gone-group-2026-01-01.ics"
    stale.write_text("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
    other = out / "sessions" / "README.txt"
    other.write_text("not a calendar")
    assert cli("events", "ics", "--out", out, "--kit", example_kit).exit_code == 0
    assert not stale.exists() and other.exists()
    assert len(list((out / "sessions").glob("*.ics"))) == len(load(example_kit)[1].talks())


def test_an_older_kits_series_feeds_do_not_stay_behind(example_kit, cli, tmp_path):
    """Before meetings and talks were told apart, `ics` wrote series/GROUP.ics for residents: gone on the next run."""
    out = tmp_path / "calendars"
    (out / "series").mkdir(parents=True)
    (out / "series" / "aspen-hollow.ics").write_text("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
    assert cli("events", "ics", "--out", out, "--kit", example_kit).exit_code == 0
    assert not list((out / "series").glob("*.ics"))


def test_a_talk_file_carries_the_invitations_uid_and_the_meetings_feed_the_rule(example_kit, written):
    """The talk's file (the sign-up sheet's QR code) is the one event the invitation sent, with its UID, so adding it
    after accepting the invitation gives no second copy; the group's regular meetings are the organizer's feed."""
    talk = unfold((written / "sessions" / "aspen-hollow-talk-2027.ics").read_bytes())
    assert "UID:aspen-hollow-talk-2027@lakeview.example.org" in talk
    assert "DTSTART;TZID=America/Denver:20270503T183000" in talk
    assert not [line for line in talk[talk.index("BEGIN:VEVENT"):] if line.startswith(("RRULE", "RECURRENCE-ID"))]
    assert any(line.startswith("DESCRIPTION:") and "Officer Dana Okafor" in line for line in talk)
    meetings = unfold((written / "meetings" / "aspen-hollow.ics").read_bytes())
    assert "UID:aspen-hollow-series@lakeview.example.org" in meetings
    assert "RRULE:FREQ=MONTHLY;COUNT=11;BYDAY=1MO" in meetings
    assert "SUMMARY:Aspen Hollow Block Watch" in meetings
    assert any(line.startswith("DESCRIPTION:Regular block-watch meeting of Aspen Hollow.") for line in meetings)
    assert not [line for line in meetings if "Okafor" in line]  # a meeting has no presenter
    old_town = unfold((written / "meetings" / "old-town.ics").read_bytes())
    assert "UID:old-town-2027-08-21@lakeview.example.org" in old_town  # its one-off meeting too


def test_feeds_ask_to_be_refreshed_and_files_to_import_do_not(written):
    for path in (written / "season.ics", written / "meetings" / "aspen-hollow.ics"):
        lines = unfold(path.read_bytes())
        assert "REFRESH-INTERVAL;VALUE=DURATION:PT6H" in lines and "X-PUBLISHED-TTL:PT6H" in lines
        assert any(line.startswith("NAME:") for line in lines)
    assert "NAME:Lakeview PD block-watch talks" in unfold((written / "season.ics").read_bytes())
    assert "NAME:Aspen Hollow Block Watch: regular meetings (Lakeview PD)" in unfold(
        (written / "meetings" / "aspen-hollow.ics").read_bytes())
    assert not [line for line in unfold((written / "sessions" / "old-town-talk-2027.ics").read_bytes())
                if line.startswith("REFRESH-INTERVAL")]


def test_cancelled_events_say_so_in_their_title(example_kit, cli, tmp_path):
    """F4: Outlook shows STATUS:CANCELLED events as if they were on."""
    cli("events", "cancel", "old-town-talk-2027", "--reason", "Storm", "--kit", example_kit)
    cli("events", "cancel", "cedar-bluff-series", "--kit", example_kit)
    out = tmp_path / "calendars"
    assert cli("events", "ics", "--out", out, "--kit", example_kit).exit_code == 0
    talk = unfold((out / "sessions" / "old-town-talk-2027.ics").read_bytes())
    assert "SUMMARY:Cancelled: Old Town Block Watch: Child sex and labor trafficking: what neighbors can do" in talk
    assert any(line.startswith("DESCRIPTION:This meeting is cancelled.\\nReason: Storm") for line in talk)
    series = unfold((out / "meetings" / "cedar-bluff.ics").read_bytes())
    assert "STATUS:CANCELLED" in series and any(line.startswith("SUMMARY:Cancelled: ") for line in series)
    assert "STATUS:CANCELLED" in unfold((out / "sessions" / "cedar-bluff-talk-2027.ics").read_bytes())
    for path in out.rglob("*.ics"):
        assert lint(path.read_bytes(), method="PUBLISH") == [], path


def test_a_full_disk_leaves_the_published_folder_as_it_was(example_kit, cli, tmp_path, monkeypatch):
    import errno
    import os

    out = tmp_path / "calendars"
    assert cli("events", "ics", "--out", out, "--kit", example_kit).exit_code == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    cli("events", "cancel", "old-town-talk-2027", "--kit", example_kit)
    real_write, calls = os.write, []

    def write(fd, data):
        calls.append(1)
        if len(calls) > 20:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", write)
    result = cli("events", "ics", "--out", out, "--kit", example_kit)
    assert result.exit_code == 2 and "No space left on device" in result.stderr
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_a_venue_on_two_lines_is_one_location_line(example_kit, cli, tmp_path):
    """Outlook shows LOCATION in a one-line field."""
    groups = example_kit / "events" / "groups.toml"
    groups.write_text(groups.read_text().replace('name = "Lakeview Fire Station 3, Training Room"',
                                                 'name = """Lakeview Fire Station 3\nTraining Room"""'))
    out = tmp_path / "calendars"
    assert cli("events", "ics", "--out", out, "--kit", example_kit).exit_code == 0
    lines = unfold((out / "sessions" / "old-town-talk-2027.ics").read_bytes())
    assert ("LOCATION:Lakeview Fire Station 3\\, Training Room\\, 3300 Elk Street\\, Lakeview\\, CO" in lines)
