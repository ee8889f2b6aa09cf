"""events/bookings.toml: written whole and readable by people, read back the same, bad entries named by line."""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import replace

import pytest

from bookingcases import realistic_request
from kit.booking import book
from kit.bookings import BookedTalk, booked_talks, previous_talks, read_bookings, write_bookings
from kit.errors import EventsError

PRESENTERS = ("okafor", "reyes", "nguyen")


@pytest.fixture(scope="module")
def season():
    request = realistic_request()
    return request, book(request)


def sessions_of(request) -> dict[str, dt.date]:
    return {m.id: m.day for g in request.groups for m in g.meetings}


def test_written_file_reads_back_the_same_and_explains_itself(season, tmp_path):
    request, booking = season
    path = tmp_path / "events" / "bookings.toml"
    talks = booked_talks(booking)
    write_bookings(path, talks)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# ") and "(blockwatch events book)" in text.splitlines()[1]
    assert text.count("\n[[talks]]\n") == 25
    assert len(tomllib.loads(text)["talks"]) == 25
    again = read_bookings(path, presenters=PRESENTERS, groups={g.id for g in request.groups},
                          sessions=sessions_of(request))
    assert again == tuple(sorted(talks, key=lambda t: (t.date, t.start, t.group)))
    assert [p.name for p in path.parent.iterdir()] == ["bookings.toml"]  # no temporary file left behind
    first = tomllib.loads(text)["talks"][0]
    assert first == {"id": again[0].id, "group": again[0].group, "session": again[0].session,
                     "date": again[0].date, "start": again[0].start, "presenter": again[0].presenter, "pinned": False}


def test_file_talks_feed_the_next_run_and_keep_their_recipe(season, tmp_path):
    request, booking = season
    path = tmp_path / "bookings.toml"
    edited = tuple(replace(t, recipe="block-watch-45", pinned=True) if i == 0 else t
                   for i, t in enumerate(booked_talks(booking)))
    write_bookings(path, edited)
    read = read_bookings(path, presenters=PRESENTERS)
    meetings = {m.id: m for g in request.groups for m in g.meetings}
    again = book(replace(request, previous=previous_talks(read, meetings)))
    rewritten = booked_talks(again, before=read)
    assert sorted(rewritten, key=lambda t: t.id) == sorted(edited, key=lambda t: t.id)


def test_a_start_time_is_the_local_wall_clock_time(season):
    _, booking = season
    saturday = next(t for t in booked_talks(booking) if t.date.weekday() == 5)
    assert saturday.start == dt.time(10, 0)


TALK = """
[[talks]]
id = "aspen-hollow-talk-2027"
group = "aspen-hollow"
session = "aspen-hollow-2027-03-01"
date = 2027-03-01
start = 18:30:00
presenter = "okafor"
pinned = true
"""


def read_text(tmp_path, text: str, **known):
    path = tmp_path / "bookings.toml"
    path.write_text(text, encoding="utf-8")
    return read_bookings(path, presenters=known.pop("presenters", PRESENTERS), **known)


def test_a_hand_written_talk_reads_with_its_values(tmp_path):
    strings = TALK.replace("18:30:00", '"18:30"').replace("2027-03-01\n", '"2027-03-01"\n')
    assert read_text(tmp_path, "# a comment\n" + strings) == (
        BookedTalk(id="aspen-hollow-talk-2027", group="aspen-hollow", session="aspen-hollow-2027-03-01",
                   date=dt.date(2027, 3, 1), start=dt.time(18, 30), presenter="okafor", pinned=True),)


def test_no_file_means_nothing_booked_yet(tmp_path):
    assert read_bookings(tmp_path / "bookings.toml", presenters=PRESENTERS) == ()


@pytest.mark.parametrize("change, message", [
    (("presenter = ", "presentr = "),
     r":17: unknown field 'talks\[1\].presentr' \(did you mean 'talks\[1\].presenter'\?\)"),
    (('"okafor"', '"okafr"'), r":17: field 'talks\[1\].presenter' names an unknown presenter 'okafr' \(did you mean "
                              r"'okafor'\?\); presenters in kit.toml: nguyen, okafor, reyes"),
    (("date = 2027-03-01", 'date = "2027-03-32"'), r":15: field 'talks\[1\].date' is 2027-03-32, a day no "
                                                   r"calendar has \(March 2027 has 31 days\)"),
    (("date = 2027-03-01", "date = 2027-03-01T18:30:00"), r":15: field 'talks\[1\].date' must be a date like "
                                                          r"2027-03-01 without a time"),
    (("start = 18:30:00", 'start = "6:30 pm"'), r":16: field 'talks\[1\].start' must be a local time like 18:30:00"),
    (("pinned = true", 'pinned = "yes"'), r":18: field 'talks\[1\].pinned' must be true or false"),
    (('id = "birch-terrace-talk-2027"', 'id = "Aspen Talk"'), r":12: field 'talks\[1\].id' must be lower-case"),
    (('id = "birch-terrace-talk-2027"\n', ""), r":11: field 'talks\[1\].id' is missing"),
])
def test_bad_entries_are_named_by_file_line_and_field(tmp_path, change, message):
    text = TALK + TALK.replace("aspen-hollow", "birch-terrace").replace(*change)  # the second talk: lines 11-18
    with pytest.raises(EventsError, match=r"bookings\.toml" + message) as caught:
        read_text(tmp_path, text)
    assert "\n" not in str(caught.value)


def test_two_talks_for_one_group_or_with_one_id(tmp_path):
    twice = TALK + TALK.replace("aspen-hollow-talk-2027", "aspen-hollow-extra")
    with pytest.raises(EventsError, match=r":13: field 'talks\[1\].group' 'aspen-hollow' is also on line 2"):
        read_text(tmp_path, twice)
    same_id = TALK + TALK.replace('group = "aspen-hollow"', 'group = "birch-terrace"')
    with pytest.raises(EventsError, match=r":12: field 'talks\[1\].id' 'aspen-hollow-talk-2027' is also on line 2"):
        read_text(tmp_path, same_id)


def test_groups_and_sessions_are_checked_when_known(tmp_path):
    with pytest.raises(EventsError, match=r":4: field 'talks\[0\].group' names an unknown group 'aspen-hollow' "
                                          r"\(did you mean 'aspen-holow'\?\)"):
        read_text(tmp_path, TALK, groups={"aspen-holow"})
    with pytest.raises(EventsError, match=r":5: field 'talks\[0\].session' names an unknown session"):
        read_text(tmp_path, TALK, sessions={"aspen-hollow-2027-04-05": dt.date(2027, 4, 5)})
    with pytest.raises(EventsError, match=r":6: field 'talks\[0\].date' is 2027-03-01 but session "
                                          r"'aspen-hollow-2027-03-01' is on 2027-03-02"):
        read_text(tmp_path, TALK, sessions={"aspen-hollow-2027-03-01": dt.date(2027, 3, 2)})


def test_not_toml(tmp_path):
    with pytest.raises(EventsError, match=r"bookings\.toml: is not valid TOML"):
        read_text(tmp_path, "[[talks]\nid = 1\n")
