"""Event definitions: the example season, CSV imports, local-time checks and clashes."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from kit.errors import EventsError
from kit.events import load_season
from kit.profile import load_profile


def season_of(kit: Path):
    return load_season(load_profile(kit))


def add_toml(kit: Path, text: str, file: str = "sessions.toml") -> None:
    path = kit / "events" / file
    path.write_text(path.read_text(encoding="utf-8") + "\n" + text, encoding="utf-8")


def error_line(result) -> str:
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    return lines[0]


ONE_OFF = """
[[sessions]]
group = "{group}"
start = {start}
minutes = {minutes}
presenter = "{presenter}"
topic = "Extra session"
"""


def one_off(group="aspen-hollow", start="2027-05-15T10:00:00", minutes=60, presenter="okafor") -> str:
    return ONE_OFF.format(group=group, start=start, minutes=minutes, presenter=presenter)


# ---------------------------------------------------------------- the example season


def test_example_season_is_realistic(example_kit):
    season = season_of(example_kit)
    assert len(season.groups) == 25
    assert len(season.series) == 25
    assert {s.presenter.id for s in season.sessions} == {"okafor", "reyes"}
    assert min(s.start for s in season.sessions).date() >= dt.date(2027, 1, 1)
    offsets = {s.start.utcoffset() for s in season.sessions}
    assert offsets == {dt.timedelta(hours=-7), dt.timedelta(hours=-6)}  # MST and MDT: DST is crossed
    for series in season.series:
        months = {s.start.month for s in season.instances(series.id)}
        assert len(months) >= 9, series.id
    for group in season.groups:
        residents = season.residents(group.id)
        assert 3 <= len(residents) <= 6
        assert all(r.email.endswith("@example.org") for r in residents)
    assert len(season.one_offs()) == 4  # two from sessions.toml, two from sessions.csv


def test_series_follow_the_nth_weekday_and_skip_dates(example_kit):
    season = season_of(example_kit)
    aspen = next(s for s in season.series if s.group.id == "aspen-hollow")
    meetings = season.instances(aspen.id)
    assert all(m.start.weekday() == 0 and m.start.day <= 7 for m in meetings)  # 1st Monday
    assert all(m.start.time() == dt.time(18, 30) for m in meetings)  # local wall clock all year
    assert dt.date(2027, 7, 5) not in {m.start.date() for m in meetings}
    assert len(meetings) == aspen.count - len(aspen.skip)  # COUNT counts skipped dates, like RFC 5545
    assert meetings[0].id == "aspen-hollow-2027-02-01"


def test_list_shows_local_time(example_kit, cli):
    result = cli("events", "list", "--all", "--kit", example_kit, "--group", "birch-terrace")
    assert result.exit_code == 0, result.output
    assert "Tue 2027-01-05 18:30-19:30 MST  birch-terrace-2027-01-05" in result.stdout
    assert "Tue 2027-07-06 18:30-19:30 MDT  birch-terrace-2027-07-06" in result.stdout


def test_session_ids_are_readable_slugs(example_kit):
    for session in season_of(example_kit).sessions:
        assert re.fullmatch(rf"{session.group.id}-\d{{4}}-\d{{2}}-\d{{2}}", session.id)


# ---------------------------------------------------------------- local time


def test_spring_forward_gap_names_the_session(example_kit, cli):
    add_toml(example_kit, one_off(start="2027-03-14T02:30:00"))
    line = error_line(cli("events", "list", "--kit", example_kit))
    assert "aspen-hollow-2027-03-14" in line and "does not exist" in line


def test_fall_back_ambiguity_names_the_session(example_kit, cli):
    add_toml(example_kit, one_off(start="2027-11-07T01:30:00"))
    line = error_line(cli("events", "list", "--kit", example_kit))
    assert "aspen-hollow-2027-11-07" in line and "happens twice" in line


def test_series_meeting_in_the_gap_is_caught(example_kit):
    (example_kit / "events" / "sessions.toml").write_text("""
[[series]]
group = "aspen-hollow"
start = 2027-02-14T02:30:00
repeat = "monthly-nth-weekday"
count = 3
presenter = "okafor"
topic = "Early birds"
""")
    with pytest.raises(EventsError, match="aspen-hollow-2027-03-14.*does not exist"):
        season_of(example_kit)


def test_unknown_time_zone(example_kit, cli):
    kit_toml = example_kit / "kit.toml"
    kit_toml.write_text(kit_toml.read_text().replace("America/Denver", "America/Denvr"))
    line = error_line(cli("events", "list", "--kit", example_kit))
    assert "timezone" in line and "America/Denver" in line


def test_impossible_date(example_kit, cli):
    add_toml(example_kit, one_off(start='"2027-02-30T18:30:00"'))
    line = error_line(cli("events", "list", "--kit", example_kit))
    assert "sessions[2].start" in line and "2027-02-30" in line


def test_offset_times_are_refused(example_kit):
    add_toml(example_kit, one_off(start="2027-05-15T10:00:00Z"))
    with pytest.raises(EventsError, match="local wall-clock time"):
        season_of(example_kit)


# ---------------------------------------------------------------- clashes


def test_presenter_booked_twice(example_kit, cli):
    # birch-terrace meets 2027-01-05 18:30-19:30 with okafor; another group at 19:00 the same day clashes.
    add_toml(example_kit, one_off(group="tamarack", start="2027-01-05T19:00:00"))
    line = error_line(cli("events", "list", "--kit", example_kit))
    assert "presenter 'okafor' is booked twice" in line
    assert "birch-terrace-2027-01-05" in line and "tamarack-2027-01-05" in line


def test_two_sessions_in_one_venue(example_kit):
    # Same room as birch-terrace (Lakeview Recreation Center, Room B), other presenter, same evening.
    add_toml(example_kit, one_off(group="birch-terrace", start="2027-01-05T19:15:00", presenter="reyes").replace(
        "[[sessions]]", '[[sessions]]\nid = "birch-terrace-extra"'))
    with pytest.raises(EventsError, match="venue 'Lakeview Recreation Center, Room B' has two sessions"):
        season_of(example_kit)


def test_cancelled_sessions_do_not_clash(example_kit, cli):
    assert cli("events", "cancel", "birch-terrace-2027-01-05", "--kit", example_kit).exit_code == 0
    add_toml(example_kit, one_off(group="tamarack", start="2027-01-05T19:00:00"))
    season = season_of(example_kit)
    assert season.session("birch-terrace-2027-01-05").cancelled


# ---------------------------------------------------------------- files and fields


def test_skip_must_be_a_meeting_date(example_kit):
    path = example_kit / "events" / "sessions.toml"
    path.write_text(path.read_text().replace("skip = [2027-07-05]", "skip = [2027-07-06]", 1))
    with pytest.raises(EventsError, match=r"2027-07-06 is not a meeting of aspen-hollow-series.*2027-07-05"):
        season_of(example_kit)


def test_unknown_group_gets_did_you_mean(example_kit):
    add_toml(example_kit, one_off(group="aspen-holow"))
    with pytest.raises(EventsError, match="did you mean 'aspen-hollow'"):
        season_of(example_kit)


def test_unknown_field_gets_did_you_mean(example_kit):
    add_toml(example_kit, one_off().replace("minutes", "minuts"))
    with pytest.raises(EventsError,
                       match="unknown field 'sessions\\[2\\].minuts' \\(did you mean 'sessions\\[2\\].minutes'"):
        season_of(example_kit)


def test_csv_missing_column(example_kit, cli):
    (example_kit / "events" / "sessions.csv").write_text("group,date,time,minutes,topic\n"
                                                         "aspen-hollow,2027-05-15,10:00,60,Extra\n")
    line = error_line(cli("events", "list", "--kit", example_kit))
    assert "sessions.csv:1:" in line and "missing column 'presenter'" in line


def test_csv_bad_cell_names_row_and_column(example_kit):
    path = example_kit / "events" / "sessions.csv"
    path.write_text(path.read_text() + "aspen-hollow,2027-02-30,10:00,60,okafor,Extra,40\n")
    with pytest.raises(EventsError, match=r"sessions.csv:4: column 'date' must be a date"):
        season_of(example_kit)


def test_csv_unknown_presenter_names_row_and_column(example_kit):
    path = example_kit / "events" / "sessions.csv"
    path.write_text(path.read_text() + "aspen-hollow,2027-05-15,10:00,60,okafr,Extra,40\n")
    with pytest.raises(EventsError, match=r"sessions.csv:4: column 'presenter'.*did you mean 'okafor'"):
        season_of(example_kit)


def test_roster_malformed_email(example_kit, cli):
    path = example_kit / "events" / "rosters" / "aspen-hollow.csv"
    lines = path.read_text().splitlines()
    lines[2] = lines[2].replace("@example.org", "example.org")
    path.write_text("\n".join(lines) + "\n")
    line = error_line(cli("events", "list", "--kit", example_kit))
    assert "aspen-hollow.csv:3:" in line and "column 'email' is not an e-mail address" in line


def test_roster_consent_must_be_yes_or_no(example_kit):
    path = example_kit / "events" / "rosters" / "aspen-hollow.csv"
    path.write_text(path.read_text().replace(",yes\n", ",maybe\n", 1))
    with pytest.raises(EventsError, match="column 'ok_to_contact' must be yes or no"):
        season_of(example_kit)


def test_roster_for_unknown_group(example_kit):
    (example_kit / "events" / "rosters" / "aspen-holow.csv").write_text("name,email,ok_to_contact\n")
    with pytest.raises(EventsError, match="unknown group 'aspen-holow' \\(did you mean 'aspen-hollow'"):
        season_of(example_kit)


def test_cancel_records_and_rejects_unknown_ids(example_kit, cli):
    result = cli("events", "cancel", "old-town-2027-08-21", "--reason", "school gym closed", "--kit", example_kit)
    assert result.exit_code == 0, result.output
    assert season_of(example_kit).session("old-town-2027-08-21").cancelled
    line = error_line(cli("events", "cancel", "old-town-2027-08-22", "--kit", example_kit))
    assert "did you mean 'old-town-2027-08-21'" in line
    line = error_line(cli("events", "cancel", "old-town-2027-08-21", "--kit", example_kit))
    assert "already cancelled" in line


def test_cancel_a_whole_series(example_kit, cli):
    assert cli("events", "cancel", "tamarack-series", "--kit", example_kit).exit_code == 0
    season = season_of(example_kit)
    assert all(s.cancelled for s in season.instances("tamarack-series"))
    listed = cli("events", "list", "--all", "--kit", example_kit, "--group", "tamarack").stdout
    assert listed.count("CANCELLED") == len(season.instances("tamarack-series"))


def test_cancel_reason_with_control_characters_round_trips(example_kit, cli):
    """D7: the reason goes through a TOML writer, so the kit reads back what it wrote."""
    reason = 'gym\x01closed "again"\\ \n next week'
    result = cli("events", "cancel", "old-town-2027-08-21", "--reason", reason, "--kit", example_kit)
    assert result.exit_code == 0, result.output
    import tomllib

    entries = tomllib.loads((example_kit / "events" / "cancelled.toml").read_text(encoding="utf-8"))["cancel"]
    assert entries[-1]["reason"] == reason and entries[-1]["session"] == "old-town-2027-08-21"
    listed = cli("events", "list", "--all", "--kit", example_kit, "--group", "old-town")
    assert listed.exit_code == 0 and "old-town-2027-08-21" in listed.stdout and "CANCELLED" in listed.stdout


def test_every_bad_group_of_a_file_is_reported(example_kit, cli):
    path = example_kit / "events" / "groups.toml"
    text = path.read_text(encoding="utf-8")
    first = text.index("neighborhood")
    second = text.index("neighborhood", first + 1)
    path.write_text(text[:first] + "neighbourhood" + text[first + 12:second] + "neighbourhood" + text[second + 12:],
                    encoding="utf-8")
    result = cli("events", "list", "--kit", example_kit)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert lines == [f"error: {path}: unknown field 'groups[0].neighbourhood' (did you mean 'groups[0].neighborhood'?)",
                     f"error: {path}: unknown field 'groups[1].neighbourhood' (did you mean 'groups[1].neighborhood'?)"]


def test_an_end_in_the_repeated_hour_is_refused(example_kit, cli):
    """Interop F12: 00:30 for 120 minutes ends at the second 01:30, which calendars read as the first."""
    add_toml(example_kit, one_off(start="2027-11-07T00:30:00", minutes=120))
    line = error_line(cli("events", "list", "--kit", example_kit))
    assert "aspen-hollow-2027-11-07" in line and "ends at 2027-11-07 01:30, which happens twice" in line


def test_csv_dst_refusal_names_file_and_line(example_kit):
    path = example_kit / "events" / "sessions.csv"
    path.write_text(path.read_text() + "aspen-hollow,2027-03-14,02:30,60,okafor,Extra,40\n")
    with pytest.raises(EventsError, match=r"sessions.csv:4: session 'aspen-hollow-2027-03-14' starts at .* does not "
                                          r"exist"):
        season_of(example_kit)
