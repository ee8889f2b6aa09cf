"""Time zones: the kit takes only a zone that keeps the state's clock, and every US zone works in three parsers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from icscheck import expand_ical_js, expand_recurring_ical_events, expand_vobject, lint, require_ical_js, utc
from kit import calendar as cal
from kit import zones
from kit.errors import KitWarning
from kit.events import Group, Person, Series, Session, Venue, expand
from kit.profile import load_profile


@pytest.mark.parametrize("state, name", [
    ("OH", "EST"), ("OH", "Etc/GMT+5"), ("CO", "MST"), ("NY", "America/Panama"), ("CA", "Etc/GMT+8"),
    ("HI", "America/Los_Angeles"),
])
def test_a_zone_that_misses_daylight_saving_time_is_refused_with_the_name_to_use(state, name):
    with pytest.raises(zones.ZoneProblem) as caught:
        zones.fit(state, name)
    message = str(caught.value)
    expected = zones.STATE_ZONES[state][0][0]
    assert f"'{expected}'" in message
    if zones.observes_dst(ZoneInfo(expected)):
        assert "keeps UTC" in message and "an hour off" in message


@pytest.mark.parametrize("state, name, canonical", [
    ("OH", "US/Eastern", "America/New_York"), ("OH", "EST5EDT", "America/New_York"),
    ("IL", "CST6CDT", "America/Chicago"), ("AZ", "MST", "America/Phoenix"), ("AZ", "US/Arizona", "America/Phoenix"),
    ("HI", "HST", "Pacific/Honolulu"), ("IN", "America/Fort_Wayne", "America/Indiana/Indianapolis"),
    ("CA", "PST8PDT", "America/Los_Angeles"),
])
def test_an_old_name_is_replaced_by_the_current_one_with_a_note(state, name, canonical):
    choice = zones.fit(state, name)
    assert choice.name == canonical and name in choice.note and canonical in choice.note


@pytest.mark.parametrize("state, name", [
    ("CO", "America/Denver"), ("AZ", "America/Phoenix"), ("AZ", "America/Denver"), ("TX", "America/Denver"),
    ("MI", "America/New_York"), ("IN", "America/Indiana/Knox"), ("PR", "America/Puerto_Rico"),
    ("GU", "Pacific/Guam"), ("VI", "America/St_Thomas"), ("AS", "Pacific/Pago_Pago"),
])
def test_a_zone_of_the_state_is_kept_as_written(state, name):
    assert zones.fit(state, name) == zones.ZoneChoice(name)


def test_daylight_saving_time_follows_the_table_arizona_hawaii_and_the_territories_keep_one_clock():
    no_dst = {state for state, entries in zones.STATE_ZONES.items()
              if not zones.observes_dst(ZoneInfo(entries[0][0]))}
    assert no_dst == {"AZ", "HI", "PR", "VI", "GU", "MP", "AS"}
    assert zones.observes_dst(ZoneInfo("America/Denver"))  # the Navajo Nation, listed for Arizona
    assert set(zones.STATE_NAMES) == set(zones.STATE_ZONES)


def test_a_zone_of_another_state_is_refused(example_kit, cli):
    kit_toml = example_kit / "kit.toml"
    kit_toml.write_text(kit_toml.read_text().replace('timezone = "America/Denver"', 'timezone = "EST"'))
    result = cli("events", "list", "--kit", example_kit)
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert "field 'timezone' is 'EST', which keeps UTC-05:00 all year, but Colorado changes its clocks" in result.stderr
    assert "use 'America/Denver'" in result.stderr


def test_an_old_name_in_kit_toml_is_said_once_and_calendars_use_the_current_one(example_kit, cli, tmp_path):
    kit_toml = example_kit / "kit.toml"
    kit_toml.write_text(kit_toml.read_text().replace('timezone = "America/Denver"', 'timezone = "US/Mountain"'))
    result = cli("events", "ics", "--out", tmp_path / "cal", "--kit", example_kit)
    assert result.exit_code == 0, result.output
    assert result.stderr.count("note: ") == 1 and "'US/Mountain' is an old name of 'America/Denver'" in result.stderr
    assert b"DTSTART;TZID=America/Denver:" in (tmp_path / "cal" / "season.ics").read_bytes()
    with pytest.warns(KitWarning, match="US/Mountain"):
        assert load_profile(example_kit).timezone == "America/Denver"


# ---------------------------------------------------------------- every zone in use in the US, three parsers


def _weekly_series(zone: ZoneInfo, example_profile) -> tuple[Series, list[Session]]:
    """Sundays at 18:30 for two years: every clock change of the zone (US changes fall on Sundays) is crossed."""
    group = Group(id="g", name="Zone Watch", neighborhood="Here", coordinator=Person("Pat", "pat@example.org"),
                  venue=Venue("Hall", "1 Main St"))
    start = dt.datetime(2027, 1, 3, 18, 30, tzinfo=zone)
    first = Session(id="g-2027-01-03", group=group, start=start, end=start + dt.timedelta(hours=1),
                    presenter=example_profile.presenters[0], recipe="block-watch-60", capacity=0, topic="Zones",
                    series_id="g-series")
    series = Series(id="g-series", group=group, first=first, repeat="weekly", count=104)
    return series, expand(series, zone)


@pytest.fixture(scope="module")
def zone_files(example_profile, tmp_path_factory) -> dict[Path, dict[str, list[str]]]:
    folder = tmp_path_factory.mktemp("zones")
    stamp = dt.datetime(2026, 11, 30, tzinfo=dt.timezone.utc)
    files = {}
    for name in zones.us_zones():
        series, sessions = _weekly_series(ZoneInfo(name), example_profile)
        entry = cal.Entry(uid=f"{name.replace('/', '-')}@example.org", id=series.id, session=series.first,
                          series=series)
        ics = cal.to_bytes(cal.calendar(example_profile, "PUBLISH", [cal.event(example_profile, entry, sequence=0,
                                                                               stamp=stamp)]))
        assert lint(ics, method="PUBLISH") == [], name
        path = folder / f"{name.replace('/', '-')}.ics"
        path.write_bytes(ics)
        files[path] = {entry.uid: [utc(s.start) for s in sessions]}
    return files


def test_every_us_zone_expands_alike_in_python_parsers(zone_files):
    assert len(zone_files) == len(zones.us_zones()) >= 30
    for path, expected in zone_files.items():
        assert expand_recurring_ical_events(path.read_bytes()) == expected, path.name
        assert expand_vobject(path.read_bytes()) == expected, path.name


def test_every_us_zone_expands_alike_in_ical_js(zone_files):
    require_ical_js()
    found = expand_ical_js(*zone_files)
    for path, expected in zone_files.items():
        assert found[str(path)] == expected, path.name
