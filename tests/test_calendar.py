"""Calendar files: layout, the interop rules, and three parsers agreeing with the kit on every meeting."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from icscheck import (expand_ical_js, expand_recurring_ical_events, expand_vobject, expected_starts, lint,
                      require_ical_js, unfold, utc)
from kit import calendar as cal
from kit.events import load_season
from kit.profile import load_profile


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
    assert sorted(p.stem for p in (written / "sessions").glob("*.ics")) == sorted(s.id for s in season.sessions)
    assert sorted(p.stem for p in (written / "series").glob("*.ics")) == sorted(g.id for g in season.groups)
    assert (written / "season.ics").is_file()


def test_every_file_follows_the_interop_rules(written):
    files = list(written.rglob("*.ics"))
    assert len(files) > 300
    for path in files:
        assert lint(path.read_bytes(), method="PUBLISH") == [], path


def test_season_feed_is_publish_without_people(written):
    lines = unfold((written / "season.ics").read_bytes())
    assert "METHOD:PUBLISH" in lines
    assert not [line for line in lines if line.startswith(("ORGANIZER", "ATTENDEE", "BEGIN:VALARM"))]
    assert sum(line == "BEGIN:VEVENT" for line in lines) == 25 + 4
    assert sum(line == "BEGIN:VTIMEZONE" for line in lines) == 1


def test_vtimezone_is_in_rrule_form(written):
    lines = unfold((written / "season.ics").read_bytes())
    assert "RRULE:FREQ=YEARLY;BYDAY=2SU;BYMONTH=3" in lines
    assert "RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=11" in lines
    assert not [line for line in lines if line.startswith("RDATE")]


def expectations(profile, season, written: Path) -> dict[Path, dict[str, list[str]]]:
    """Every file `ics` wrote, with the meetings it must expand to."""
    expected = expected_starts(profile, season)
    files = {written / "season.ics": expected}
    for group in season.groups:
        uid = cal.uid_for(profile, f"{group.id}-series")
        files[written / "series" / f"{group.id}.ics"] = {uid: expected[uid]}
    for session in season.sessions:
        files[written / "sessions" / f"{session.id}.ics"] = {cal.uid_for(profile, session.id): [utc(session.start)]}
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
    path = written / "series" / f"{series.group.id}.ics"
    rule = next(line for line in unfold(path.read_bytes()) if line.startswith("RRULE:FREQ=MONTHLY"))
    assert re.search(r"UNTIL=\d{8}T\d{6}Z", rule)
    last = season.instances(series.id)[-1]
    assert last.start.month == 12
    assert expand_recurring_ical_events(path.read_bytes())[cal.uid_for(profile, series.id)][-1] == utc(last.start)


def test_exdate_in_the_start_zone(written):
    lines = unfold((written / "series" / "aspen-hollow.ics").read_bytes())
    assert "EXDATE;TZID=America/Denver:20270705T183000" in lines
    assert "DTSTART;TZID=America/Denver:20270201T183000" in lines


def test_cancelled_meeting_leaves_the_series_and_raises_sequence(example_kit, cli, tmp_path):
    profile, season = load(example_kit)
    first = tmp_path / "first"
    cli("events", "ics", "--out", first, "--kit", example_kit)
    assert cli("events", "cancel", "aspen-hollow-2027-03-01", "--kit", example_kit).exit_code == 0
    second = tmp_path / "second"
    cli("events", "ics", "--out", second, "--kit", example_kit)
    before, after = (unfold((d / "series" / "aspen-hollow.ics").read_bytes()) for d in (first, second))
    assert "SEQUENCE:0" in before and "SEQUENCE:1" in after
    assert any(line.startswith("EXDATE") and "20270301T183000" in line for line in after)
    untouched = [unfold((d / "series" / "birch-terrace.ics").read_bytes()) for d in (first, second)]
    assert "SEQUENCE:0" in untouched[1]
    profile, season = load(example_kit)
    assert expand_vobject((second / "season.ics").read_bytes()) == expected_starts(profile, season)


def test_uids_are_stable_across_runs_and_sequence_only_rises_on_change(example_kit, cli, tmp_path):
    runs = []
    for name in ("a", "b"):
        cli("events", "ics", "--out", tmp_path / name, "--kit", example_kit)
        runs.append(unfold((tmp_path / name / "season.ics").read_bytes()))
    uids = [[line for line in run if line.startswith("UID:")] for run in runs]
    assert uids[0] == uids[1]
    assert "UID:aspen-hollow-series@lakeview.example.org" in uids[0]
    assert [line for line in runs[1] if line.startswith("SEQUENCE")] == ["SEQUENCE:0"] * 29
    path = example_kit / "events" / "sessions.toml"
    path.write_text(path.read_text().replace("start = 2027-08-21T10:00:00", "start = 2027-08-21T11:00:00"))
    cli("events", "ics", "--out", tmp_path / "c", "--kit", example_kit)
    changed = (tmp_path / "c" / "sessions" / "old-town-2027-08-21.ics").read_bytes()
    assert b"SEQUENCE:1\r\n" in changed and b"T110000" in changed


def test_demo_function_writes_without_a_state(example_kit, tmp_path):
    profile, season = load(example_kit)
    paths = cal.write_season_calendars(profile, season, tmp_path / "demo")
    assert len(paths) == len(season.sessions) + len(season.series) + 1
    assert not (example_kit / ".blockwatch-state.json").exists()


@pytest.mark.parametrize("zone, daylight_rule", [
    ("America/Denver", "BYDAY=2SU;BYMONTH=3"),
    ("Europe/Berlin", "BYDAY=-1SU;BYMONTH=3"),
    ("Australia/Sydney", "BYDAY=1SU;BYMONTH=10"),
    ("America/Phoenix", None),
])
def test_vtimezone_matches_zoneinfo(zone, daylight_rule):
    """vobject reads our VTIMEZONE; its offsets must equal zoneinfo's every six hours of three years."""
    import icalendar
    import vobject

    component = cal.vtimezone(ZoneInfo(zone), 2026, 2028)
    text = component.to_ical().decode()
    if daylight_rule:
        assert daylight_rule in text and "RDATE" not in text
    else:
        assert "DAYLIGHT" not in text
    event = icalendar.Event()
    event.add("uid", "x@example.org")
    event.add("dtstamp", dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc))
    event.add("dtstart", dt.datetime(2026, 1, 1, 12, tzinfo=ZoneInfo(zone)))
    calendar = icalendar.Calendar()
    calendar.add("version", "2.0")
    calendar.add("prodid", "-//test//EN")
    calendar.add_component(component)
    calendar.add_component(event)
    parsed_zone = vobject.readOne(calendar.to_ical().decode()).vevent.dtstart.value.tzinfo
    instant = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
    while instant.year < 2029:
        assert instant.astimezone(parsed_zone).utcoffset() == instant.astimezone(ZoneInfo(zone)).utcoffset(), instant
        instant += dt.timedelta(hours=6)


def test_files_of_removed_sessions_do_not_stay_behind(example_kit, cli, tmp_path):
    out = tmp_path / "calendars"
    (out / "sessions").mkdir(parents=True)
    stale = out / "sessions" / "gone-group-2026-01-01.ics"
    stale.write_text("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
    other = out / "sessions" / "README.txt"
    other.write_text("not a calendar")
    assert cli("events", "ics", "--out", out, "--kit", example_kit).exit_code == 0
    assert not stale.exists() and other.exists()
    assert len(list((out / "sessions").glob("*.ics"))) == len(load(example_kit)[1].sessions)
