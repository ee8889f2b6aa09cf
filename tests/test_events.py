"""Event definitions: the example season's meetings and talks, CSV imports, local-time checks and clashes."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
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
topic = "Extra meeting"
"""


def one_off(group="aspen-hollow", start="2027-05-15T10:00:00", minutes=60) -> str:
    return ONE_OFF.format(group=group, start=start, minutes=minutes)


# ---------------------------------------------------------------- the example season


def test_example_season_is_realistic(example_kit):
    season = season_of(example_kit)
    assert len(season.groups) == 25
    assert len(season.series) == 25
    meetings = season.meetings()
    assert min(s.start for s in meetings).date() >= dt.date(2027, 1, 1)
    offsets = {s.start.utcoffset() for s in meetings}
    assert offsets == {dt.timedelta(hours=-7), dt.timedelta(hours=-6)}  # MST and MDT: DST is crossed
    for series in season.series:
        months = {s.start.month for s in season.instances(series.id)}
        assert len(months) >= 9, series.id
    rhythms = {(s.repeat, s.first.start.weekday() == 5) for s in season.series}
    assert {("monthly-nth-weekday", False), ("monthly-nth-weekday", True), ("monthly-last-weekday", True),
            ("monthly-last-weekday", False), ("every-other-week", False)} <= rhythms
    saturday_mornings = {s.group.id for s in season.series if s.first.start.weekday() == 5}
    assert len(saturday_mornings) >= 3 and all(s.first.start.hour < 12 for s in season.series
                                               if s.group.id in saturday_mornings)
    assert all(s.first.start.hour >= 18 for s in season.series if s.group.id not in saturday_mornings)
    assert all(m.presenter is None and m.recipe == "" and m.kind == "meeting" for m in meetings)
    for group in season.groups:
        residents = season.residents(group.id)
        assert 3 <= len(residents) <= 6
        assert all(r.email.endswith("@example.org") for r in residents)
    assert len(season.one_offs()) == 4  # two from sessions.toml, two from sessions.csv


def test_the_example_talks_are_booked_into_the_groups_meetings(example_kit):
    profile = load_profile(example_kit)
    season = load_season(profile)
    talks = season.talks()
    assert len(talks) == 25 and {t.group.id for t in talks} == {g.id for g in season.groups}
    assert {t.presenter.id for t in talks} == {"okafor", "reyes", "nguyen"}
    for talk in talks:
        meeting = season.session(talk.meeting)
        assert not meeting.is_talk and meeting.group == talk.group
        assert (talk.start, talk.end, talk.capacity) == (meeting.start, meeting.end, meeting.capacity)
        assert talk.id == f"{talk.group.id}-talk-2027" and talk.kind == "talk"
        assert talk.recipe == profile.default_recipe and talk.topic
        assert dt.date(2027, 2, 1) <= talk.start.date() <= dt.date(2027, 6, 30)
    assert season.talk(talks[0].id) == talks[0]


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


def test_list_of_an_unknown_group_is_one_line_with_the_closest_group(example_kit, cli):
    result = cli("events", "list", "--kit", example_kit, "--group", "birch-terace")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.strip() == ("error: unknown group 'birch-terace' (did you mean 'birch-terrace'?); "
                                     "groups are defined in events/groups.toml")


def test_session_ids_are_readable_slugs(example_kit):
    season = season_of(example_kit)
    for session in season.meetings():
        assert re.fullmatch(rf"{session.group.id}-\d{{4}}-\d{{2}}-\d{{2}}", session.id)
    for talk in season.talks():
        assert re.fullmatch(rf"{talk.group.id}-talk-2027", talk.id)


def test_every_other_week_skips_a_week(example_kit):
    season = season_of(example_kit)
    series = next(s for s in season.series if s.repeat == "every-other-week")
    days = [m.start.date() for m in season.instances(series.id)]
    gaps = {(b - a).days for a, b in zip(days, days[1:], strict=False)}
    assert gaps == {14, 28}  # 28 where a skipped date was
    assert all(m.start.time() == series.first.start.time() for m in season.instances(series.id))


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


def overlapping(season):
    """A talk and another group's meeting at an overlapping time: booking that group's talk there with the same
    presenter puts one presenter in two places at once."""
    for talk in season.talks():
        for meeting in season.meetings():
            if meeting.group != talk.group and meeting.start < talk.end and talk.start < meeting.end:
                return talk, meeting
    raise AssertionError("the example season has no two groups meeting at the same time")


def test_presenter_booked_twice(example_kit, cli):
    from kit.bookings import read_bookings, write_bookings

    talk, meeting = overlapping(season_of(example_kit))
    path = example_kit / "events" / "bookings.toml"
    entries = read_bookings(path, presenters=None)
    write_bookings(path, [replace(e, session=meeting.id, date=meeting.start.date(), presenter=talk.presenter.id)
                          if e.group == meeting.group.id else e for e in entries])
    line = error_line(cli("events", "list", "--kit", example_kit))
    assert f"presenter '{talk.presenter.id}' is booked twice" in line
    assert talk.id in line and f"{meeting.group.id}-talk-2027" in line


def test_two_sessions_in_one_venue(example_kit):
    # Same room as birch-terrace (Lakeview Recreation Center, Room B), same evening: a talk does not clash with
    # its own meeting, but two meetings in one room do.
    add_toml(example_kit, one_off(group="lodgepole", start="2027-01-05T19:15:00"))
    with pytest.raises(EventsError, match="venue 'Lakeview Recreation Center, Room B' has two sessions"):
        season_of(example_kit)


def test_cancelled_sessions_do_not_clash(example_kit, cli):
    assert cli("events", "cancel", "birch-terrace-2027-01-05", "--kit", example_kit).exit_code == 0
    add_toml(example_kit, one_off(group="lodgepole", start="2027-01-05T19:15:00"))
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
    (example_kit / "events" / "sessions.csv").write_text("group,date,time,topic\n"
                                                         "aspen-hollow,2027-05-15,10:00,Extra\n")
    line = error_line(cli("events", "list", "--kit", example_kit))
    assert "sessions.csv:1:" in line and "missing column 'minutes'" in line


@pytest.mark.parametrize("date, time, message", [
    ("2027-02-30", "10:00", r"column 'date' is 2027-02-30, a day no calendar has \(February 2027 has 28 days\)"),
    ("2/6/2027", "10:00", r"column 'date' is '2/6/2027', which reads as two different days in two countries; "
                          r"write it year first, like 2027-03-20"),
    ("soon", "10:00", r"column 'date' must be a date like 2027-03-20, not 'soon'"),
    ("2027-05-15", "10 o'clock", r"column 'time' must be a time like 18:30 or 6:30 PM, not \"10 o'clock\""),
])
def test_csv_bad_cell_names_row_and_column(example_kit, date, time, message):
    path = example_kit / "events" / "sessions.csv"
    path.write_text(path.read_text() + f"aspen-hollow,{date},{time},60,Extra,40\n")
    with pytest.raises(EventsError, match=r"sessions.csv:4: " + message):
        season_of(example_kit)


def test_csv_times_as_a_spreadsheet_writes_them(example_kit):
    path = example_kit / "events" / "sessions.csv"
    path.write_text(path.read_text() + "aspen-hollow,2027-05-15,10:00 AM,60,Extra,40\n")
    added = [s for s in season_of(example_kit).one_offs() if s.start.date() == dt.date(2027, 5, 15)]
    assert [(s.start.hour, s.start.minute) for s in added] == [(10, 0)]


def test_a_meeting_with_a_presenter_says_where_the_presenter_went(example_kit):
    """A kit from before meetings and talks were told apart: the one line says what to do."""
    path = example_kit / "events" / "sessions.csv"
    path.write_text("group,date,time,minutes,presenter\naspen-hollow,2027-05-15,10:00,60,okafor\n")
    with pytest.raises(EventsError, match=r"sessions.csv:2: column 'presenter' belongs to the group's talk now, not "
                                          r"to its meetings: remove it here"):
        season_of(example_kit)
    path.unlink()
    add_toml(example_kit, one_off() + 'recipe = "block-watch-45"\n')
    with pytest.raises(EventsError, match=r"field 'sessions\[2\].recipe' belongs to the group's talk now"):
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
    assert season.talk("tamarack-talk-2027").cancelled  # its meeting is off, so is the talk
    listed = cli("events", "list", "--all", "--kit", example_kit, "--group", "tamarack").stdout
    assert listed.count("CANCELLED") == len(season.instances("tamarack-series")) + 1


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
    path.write_text(path.read_text() + "aspen-hollow,2027-03-14,02:30,60,Extra,40\n")
    with pytest.raises(EventsError, match=r"sessions.csv:4: session 'aspen-hollow-2027-03-14' starts at .* does not "
                                          r"exist"):
        season_of(example_kit)


# ---------------------------------------------------------------- talks in bookings.toml


def test_a_talk_whose_meeting_is_gone_says_to_book_again(example_kit, cli):
    from kit.bookings import read_bookings, write_bookings

    talk = season_of(example_kit).talks()[0]
    gone = talk.start.date() + dt.timedelta(days=1)  # as if the group's meeting had moved to the next day
    path = example_kit / "events" / "bookings.toml"
    write_bookings(path, [replace(e, session=f"{e.group}-{gone}", date=gone) if e.id == talk.id else e
                          for e in read_bookings(path, presenters=None)])
    line = error_line(cli("events", "list", "--kit", example_kit))
    assert f"bookings.toml:13: field 'talks[0].session' names an unknown session '{talk.group.id}-{gone}'" in line
    assert line.endswith("run 'blockwatch events book --from DATE --to DATE' to book the talk again (it keeps its id)")


def test_a_talk_at_another_groups_meeting_is_refused(example_kit):
    from kit.bookings import read_bookings, write_bookings

    season = season_of(example_kit)
    first, second = season.talks()[:2]
    path = example_kit / "events" / "bookings.toml"
    entries = read_bookings(path, presenters=None)
    write_bookings(path, [replace(e, session=second.meeting, date=second.start.date()) if e.id == first.id else e
                          for e in entries])
    with pytest.raises(EventsError, match=rf"field 'talks\[0\].session' '{second.meeting}' is a meeting of "
                                          rf"'{second.group.id}', not of '{first.group.id}'"):
        season_of(example_kit)


def test_a_preferred_presenter_must_be_one_of_kit_toml(example_kit):
    path = example_kit / "events" / "groups.toml"
    path.write_text(path.read_text().replace('preferred_presenters = ["reyes"]', 'preferred_presenters = ["reyez"]'))
    with pytest.raises(EventsError, match=r"preferred_presenters' names an unknown presenter 'reyez' \(did you mean "
                                          r"'reyes'\?\)"):
        season_of(example_kit)
