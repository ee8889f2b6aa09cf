"""``blockwatch events book`` end to end on the example kit: every rule on the result, stability, pinned talks,
talks that must move, a window too short, and the talks list as CSV. The solver itself is tested against brute
force in tests/test_booking.py; here the command and the files around it are."""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections import Counter
from email import message_from_bytes, policy
from pathlib import Path

import pytest

from kit.bookings import read_bookings
from kit.events import load_season
from kit.profile import load_profile
from kit.workspace import Kit

WINDOW = ("--from", "2027-02-01", "--to", "2027-06-30")
FIRST, LAST = dt.date(2027, 2, 1), dt.date(2027, 6, 30)


def book(cli, kit: Path, *extra, code: int = 0):
    result = cli("events", "book", *WINDOW, "--kit", kit, *extra)
    assert result.exit_code == code, result.output
    return result


def booked(kit: Path) -> dict[str, tuple[str, str, str, bool]]:
    """group -> (talk id, meeting, presenter, pinned), as bookings.toml says."""
    return {t.group: (t.id, t.session, t.presenter, t.pinned)
            for t in read_bookings(kit / "events" / "bookings.toml", presenters=None)}


def changed(before: dict, after: dict) -> set[str]:
    """Groups whose talk is at another meeting or with another presenter."""
    return {g for g in before if before[g][1:3] != after[g][1:3]}


def add_blackout(kit: Path, presenter: str, day: dt.date) -> None:
    path = kit / "kit.toml"
    text = path.read_text()
    block = text.index(f'id = "{presenter}"')
    at = text.index("blackouts = [", block) + len("blackouts = [")
    path.write_text(text[:at] + f"{day}, " + text[at:])


def test_the_example_season_books_every_group_with_every_rule_holding(example_kit, cli):
    committed = (example_kit / "events" / "bookings.toml").read_text()
    (example_kit / "events" / "bookings.toml").unlink()
    result = book(cli, example_kit)
    assert (example_kit / "events" / "bookings.toml").read_text() == committed  # the example is what book writes
    assert result.stdout.count("\nnew ") == 25
    profile = load_profile(example_kit)
    season = load_season(profile)
    presenters = {p.id: p for p in profile.presenters}
    talks = season.talks()
    assert len(talks) == 25 and {t.group.id for t in talks} == {g.id for g in season.groups}
    for talk in talks:
        who, day = presenters[talk.presenter.id], talk.start.date()
        meeting = season.session(talk.meeting)
        assert meeting.group == talk.group and not meeting.is_talk and not meeting.cancelled
        assert FIRST <= day <= LAST
        assert day.weekday() in who.weekdays and day not in who.blackouts, talk.id
    assert max(Counter((t.presenter.id, t.start.date()) for t in talks).values()) == 1
    weekly = Counter((t.presenter.id, t.start.date().isocalendar()[:2]) for t in talks)
    assert all(count <= presenters[p].max_talks_per_week for (p, _), count in weekly.items())
    load = Counter(t.presenter.id for t in talks)
    assert len(load) == 3 and max(load.values()) - min(load.values()) <= 1  # the load balanced
    months = Counter(t.start.month for t in talks)
    assert set(months) == {2, 3, 4, 5, 6}  # spread over the window


def test_a_second_run_books_the_same_way(example_kit, cli):
    path = example_kit / "events" / "bookings.toml"
    before = path.read_bytes()
    result = book(cli, example_kit)
    assert path.read_bytes() == before
    assert result.stdout.count("\nkept ") == 25 and "moved" not in result.stdout


def test_a_new_group_moves_no_other_talk(example_kit, cli):
    before = booked(example_kit)
    groups = example_kit / "events" / "groups.toml"
    groups.write_text(groups.read_text() + '\n[[groups]]\nid = "wren-hollow"\nname = "Wren Hollow Block Watch"\n'
                      'neighborhood = "Wren Hollow"\ncoordinator = { name = "Lee Example", email = '
                      '"lee.example@example.org" }\nvenue = { name = "Wren Hollow Chapel", address = '
                      '"5 Wren Lane, Lakeview, CO" }\n')
    sessions = example_kit / "events" / "sessions.toml"
    sessions.write_text(sessions.read_text() + '\n[[series]]\ngroup = "wren-hollow"\nstart = 2027-01-12T18:30:00\n'
                        'repeat = "monthly-nth-weekday"\ncount = 12\n')
    result = book(cli, example_kit)
    after = booked(example_kit)
    assert changed(before, after) == set()
    assert re.search(r"^new +\w{3} 2027-0[2-6]-\d\d 18:30  wren-hollow-talk-2027 ", result.stdout, re.M)
    assert result.stdout.count("\nkept ") == 25


def test_a_new_blackout_changes_only_the_talk_on_it(example_kit, cli):
    before = booked(example_kit)
    talk = load_season(load_profile(example_kit)).talks()[3]
    add_blackout(example_kit, talk.presenter.id, talk.start.date())
    result = book(cli, example_kit)
    after = booked(example_kit)
    assert changed(before, after) == {talk.group.id}
    assert after[talk.group.id][0] == talk.id  # the same talk, so its invitations follow it
    assert re.search(rf"^(moved|reassigned) .* {talk.id} .*\(was \w{{3}} {talk.start.date()} {talk.presenter.id}\)$",
                     result.stdout, re.M)


def test_invited_talks_are_pinned_and_a_blackout_on_one_asks_to_replan(example_kit, cli, tmp_path):
    assert cli("events", "invite", "--out", tmp_path / "outbox", "--kit", example_kit).exit_code == 0
    book(cli, example_kit)
    before = booked(example_kit)
    assert all(pinned for *_, pinned in before.values())  # written back: invitations are out
    talk = load_season(load_profile(example_kit)).talks()[5]
    add_blackout(example_kit, talk.presenter.id, talk.start.date())
    refused = book(cli, example_kit, code=2)
    line = refused.stderr.strip()
    assert "\n" not in line and f"talk '{talk.id}' on {talk.start.date()} falls on a blackout date" in line
    assert line.endswith("run 'blockwatch events book' again with --replan to move it, or edit "
                         "events/bookings.toml")
    assert booked(example_kit) == before  # nothing half-written
    book(cli, example_kit, "--replan")
    assert changed(before, booked(example_kit)) == {talk.group.id}


def test_a_talk_whose_meeting_is_called_off_moves_and_its_neighbors_get_an_update(example_kit, cli, tmp_path):
    assert cli("events", "invite", "--out", tmp_path / "first", "--kit", example_kit).exit_code == 0
    talk = load_season(load_profile(example_kit)).talks()[0]
    assert cli("events", "cancel", talk.meeting, "--reason", "hall flooded", "--kit", example_kit).exit_code == 0
    before = booked(example_kit)
    result = book(cli, example_kit)
    after = booked(example_kit)
    assert changed(before, after) == {talk.group.id} and after[talk.group.id][1] != talk.meeting
    assert re.search(rf"^moved .* {talk.id} ", result.stdout, re.M)
    invite = cli("events", "invite", "--out", tmp_path / "second", "--kit", example_kit)
    assert invite.exit_code == 0, invite.output
    files = sorted((tmp_path / "second").glob("*/*.eml"))
    assert files and {f.name.split(".")[:2] == [talk.id, "request"] for f in files} == {True}
    message = message_from_bytes(files[0].read_bytes(), policy=policy.default)
    ics = next(p for p in message.walk() if p.get_content_type() == "text/calendar").get_content()
    assert message["Subject"].startswith("Updated: ") and f"UID:{talk.id}@lakeview.example.org" in ics
    assert "SEQUENCE:1" in ics and "METHOD:REQUEST" in ics


def test_a_talk_at_a_one_off_outside_the_groups_rhythm_stays_there(example_kit, cli):
    from dataclasses import replace

    from kit.bookings import write_bookings

    sessions = example_kit / "events" / "sessions.toml"
    sessions.write_text(sessions.read_text() + '\n[[sessions]]\ngroup = "aspen-hollow"\nstart = 2027-05-15T10:00:00\n'
                        'minutes = 90\ntopic = "Saturday workshop"\n')
    path = example_kit / "events" / "bookings.toml"
    entries = read_bookings(path, presenters=None)
    write_bookings(path, [replace(e, session="aspen-hollow-2027-05-15", date=dt.date(2027, 5, 15),
                                  start=dt.time(10, 0), presenter="reyes", pinned=True)
                          if e.group == "aspen-hollow" else e for e in entries])
    before = booked(example_kit)
    result = book(cli, example_kit)
    assert booked(example_kit) == before
    assert re.search(r"^kept +Sat 2027-05-15 10:00  aspen-hollow-talk-2027 +reyes +pinned$", result.stdout, re.M)
    talk = load_season(load_profile(example_kit)).talk("aspen-hollow-talk-2027")
    assert (talk.start.hour, talk.end.hour, talk.end.minute) == (10, 11, 30)


def test_a_window_too_short_names_the_groups_and_writes_nothing(example_kit, cli):
    path = example_kit / "events" / "bookings.toml"
    path.unlink()
    result = cli("events", "book", "--from", "2027-02-01", "--to", "2027-02-03", "--kit", example_kit)
    assert result.exit_code == 2
    line = result.stderr.strip()
    assert re.fullmatch(r"error: cannot book group '[a-z-]+': has no meeting between 2027-02-01 and 2027-02-03 "
                        r"\(also unbooked: [a-z-, ]+\); widen the window \(an earlier --from or a later --to\)", line)
    assert not path.exists()


def test_a_window_that_is_over_or_not_a_date(example_kit, cli):
    result = cli("events", "book", "--from", "2020-01-01", "--to", "2020-06-30", "--kit", example_kit)
    assert result.exit_code == 2 and "before today" in result.stderr and result.stderr.count("\n") == 1
    result = cli("events", "book", "--from", "2027-02-30", "--to", "2027-06-30", "--kit", example_kit)
    assert result.exit_code == 2 and "'2027-02-30' is not a date like 2027-02-01" in result.output


def test_a_talk_already_given_never_moves_and_nothing_is_booked_into_the_past(example_kit):
    season = load_season(load_profile(example_kit))
    given = season.talks()[0]
    now = given.end + dt.timedelta(days=1)
    result = Kit.open(example_kit).book(FIRST, LAST, replan=True, now=now)
    statuses = {b.talk.id: b.status for b in result.talks}
    assert statuses[given.id] == "given"
    after = booked(example_kit)
    assert after[given.group.id][1] == given.meeting and after[given.group.id][3]  # there, and pinned
    assert all(b.talk.date >= now.date() for b in result.talks if b.status != "given")


def test_a_talk_is_found_by_its_id_and_a_meetings_id_names_the_talk(example_kit):
    from kit.errors import EventsError

    kit = Kit.open(example_kit)
    talk = kit.talk("aspen-hollow-talk-2027")
    assert (talk.kind, talk.presenter.id, talk.recipe, talk.group.venue.name) == (
        "talk", "okafor", "block-watch-60", "Lakeview Public Library, Community Room")
    with pytest.raises(EventsError, match="'aspen-hollow-2027-05-03' is a regular meeting, not a talk; the talk of "
                                          "aspen-hollow is 'aspen-hollow-talk-2027'"):
        kit.talk("aspen-hollow-2027-05-03")


def test_talks_list_as_csv_is_safe_for_a_spreadsheet(example_kit, cli, tmp_path):
    groups = example_kit / "events" / "groups.toml"
    groups.write_text(groups.read_text().replace('name = "Silver Creek Clubhouse"', 'name = "=HYPERLINK(1)"'))
    out = tmp_path / "talks.csv"
    result = cli("events", "list", "--talks", "--all", "--csv", out, "--kit", example_kit)
    assert result.exit_code == 0 and "wrote 25 talks" in result.stdout
    rows = list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines()))
    assert rows[0] == ["session_id", "group", "kind", "date", "start", "end", "presenter", "recipe", "venue"]
    assert len(rows) == 26 and {r[2] for r in rows[1:]} == {"talk"}
    first = load_season(load_profile(example_kit)).talks()[0]
    assert rows[1][:7] == [first.id, first.group.id, "talk", first.start.date().isoformat(),
                           f"{first.start:%H:%M}", f"{first.end:%H:%M}", first.presenter.id]
    assert "'=HYPERLINK(1)" in {r[8] for r in rows}  # a cell that would run as a formula is neutralized
    everything = cli("events", "list", "--all", "--csv", tmp_path / "all.csv", "--kit", example_kit)
    kinds = Counter(r[2] for r in csv.reader((tmp_path / "all.csv").read_text(encoding="utf-8-sig").splitlines()[1:]))
    assert everything.exit_code == 0 and kinds["talk"] == 25 and kinds["meeting"] > 250
    assert {r[6] for r in csv.reader((tmp_path / "all.csv").read_text(encoding="utf-8-sig").splitlines()[1:])
            if r[2] == "meeting"} == {""}


@pytest.mark.parametrize("talks_only", [True, False])
def test_list_tells_talks_from_meetings(example_kit, cli, talks_only):
    args = ("--talks",) if talks_only else ()
    result = cli("events", "list", "--all", "--group", "aspen-hollow", "--kit", example_kit, *args)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()[1:]
    talk = load_season(load_profile(example_kit)).talk("aspen-hollow-talk-2027")
    talk_lines = [line for line in lines if talk.id in line]
    assert len(talk_lines) == 1 and f"talk by {talk.presenter.id} " in talk_lines[0]
    assert all(" meeting " in line for line in lines if line not in talk_lines)
    assert (len(lines) == 1) == talks_only
