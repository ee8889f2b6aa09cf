"""The season planner's core: rules on the result, stability, pinned talks, errors, optimality vs brute force."""

from __future__ import annotations

import datetime as dt
import itertools
import random
from collections import Counter
from dataclasses import replace

import pytest

from bookingcases import WINDOW, meeting, realistic_request
from kit.booking import Availability, GroupToBook, Request, Score, Talk, book, score
from kit.errors import BookingError, KitError

MONDAY = dt.date(2027, 3, 1)


def day(offset: int) -> dt.date:
    return MONDAY + dt.timedelta(days=offset)


def broken_rules(request: Request, talks) -> list[str]:
    """The hard rules, checked here independently of the module."""
    presenters = {a.presenter: a for a in request.presenters}
    groups = {g.id: g for g in request.groups}
    problems = []
    for talk in talks:
        who = presenters[talk.presenter]
        if talk.meeting.day.weekday() not in who.weekdays:
            problems.append(f"{talk.id}: not a weekday of {talk.presenter}")
        if talk.meeting.day in who.blackouts:
            problems.append(f"{talk.id}: blackout of {talk.presenter}")
        if not talk.pinned and talk.meeting not in groups[talk.group].meetings:
            problems.append(f"{talk.id}: not a meeting of {talk.group}")
        if not talk.pinned and not request.start <= talk.meeting.day <= request.end:
            problems.append(f"{talk.id}: outside the window")
    for (presenter, _), count in Counter((t.presenter, t.meeting.day) for t in talks).items():
        if count > 1:
            problems.append(f"{presenter}: two talks a day")
    for (presenter, year_week), count in Counter((t.presenter, t.meeting.day.isocalendar()[:2]) for t in talks).items():
        if count > presenters[presenter].max_talks_per_week:
            problems.append(f"{presenter}: over the weekly limit in week {year_week}")
    return problems


def by_group(booking) -> dict[str, tuple[str, str, str]]:
    return {t.group: (t.id, t.meeting.id, t.presenter) for t in booking.talks}


# ---------------------------------------------------------------- a realistic season


@pytest.fixture(scope="module")
def season():
    request = realistic_request()
    return request, book(request)


def test_realistic_season_books_every_group_within_the_rules(season):
    request, booking = season
    assert sorted(t.group for t in booking.talks) == sorted(g.id for g in request.groups)
    assert len(request.groups) == 25
    assert broken_rules(request, booking.talks) == []
    assert {t.id for t in booking.talks} == {f"{g.id}-talk-2027" for g in request.groups}
    loads = Counter(t.presenter for t in booking.talks)
    assert set(loads) == {"okafor", "reyes", "nguyen"} and max(loads.values()) - min(loads.values()) <= 1
    assert {t.meeting.day.month for t in booking.talks} == {2, 3, 4, 5, 6}
    assert booking.score.unbooked == 0 and booking.score.moves == 0


def test_realistic_season_has_the_variety_it_claims():
    request = realistic_request()
    weekdays = Counter(m.day.weekday() for g in request.groups for m in g.meetings)
    assert weekdays[5] >= 6 and set(weekdays) >= {0, 1, 2, 3, 5}  # Saturday mornings among weekday evenings
    gaps = {(b.day - a.day).days for g in request.groups for a, b in zip(g.meetings, g.meetings[1:], strict=False)}
    assert 14 in gaps  # one group meets every other week
    assert all(WINDOW[0] <= m.day <= WINDOW[1] for g in request.groups for m in g.meetings)


def test_same_input_gives_the_same_booking_whatever_the_order(season):
    request, booking = season
    shuffled = replace(request, groups=tuple(replace(g, meetings=g.meetings[::-1]) for g in request.groups[::-1]),
                       presenters=request.presenters[::-1])
    assert book(request) == booking
    assert book(shuffled) == booking


def test_run_again_with_its_own_result_changes_nothing(season):
    request, booking = season
    again = book(replace(request, previous=booking.talks))
    assert again.talks == booking.talks
    assert again.moved == ()


def test_a_new_group_moves_no_talk_when_it_fits(season):
    request, booking = season
    newcomer = GroupToBook("willow-bend", tuple(meeting("willow-bend", d) for d in (dt.date(2027, 3, 9),
                                                                                      dt.date(2027, 4, 13))))
    again = book(replace(request, groups=request.groups + (newcomer,), previous=booking.talks))
    before, after = by_group(booking), by_group(again)
    assert after.pop("willow-bend")[0] == "willow-bend-talk-2027"
    assert after == before


def test_a_new_blackout_keeps_every_meeting_and_changes_only_presenters(season):
    request, booking = season
    talk = next(t for t in booking.talks if t.presenter == "okafor")
    presenters = tuple(replace(a, blackouts=a.blackouts | {talk.meeting.day}) if a.presenter == "okafor" else a
                       for a in request.presenters)
    again = book(replace(request, presenters=presenters, previous=booking.talks))
    assert broken_rules(replace(request, presenters=presenters), again.talks) == []
    assert [(t.id, t.meeting) for t in again.talks] == [(t.id, t.meeting) for t in booking.talks]  # nobody's date moves
    assert next(t for t in again.talks if t.id == talk.id).presenter != "okafor"
    assert again.score.moves == 0 and again.score.reassigned >= 1


# ---------------------------------------------------------------- pinned talks


def small_request(**changes) -> Request:
    groups = tuple(GroupToBook(g, tuple(meeting(g, day(d)) for d in days))
                   for g, days in (("ash", (0, 7, 14)), ("elm", (1, 8)), ("oak", (2, 9, 16))))
    presenters = (Availability("okafor", max_talks_per_week=1), Availability("reyes", max_talks_per_week=1))
    return replace(Request(start=MONDAY, end=day(20), groups=groups, presenters=presenters), **changes)


def test_pinned_talks_stay_even_where_the_solver_would_not_put_them():
    request = small_request()
    ash = request.groups[0]
    pinned = Talk("ash-talk-2027", "ash", ash.meetings[2], "reyes", pinned=True)
    result = book(replace(request, previous=(pinned,)))
    assert next(t for t in result.talks if t.group == "ash") == pinned
    assert broken_rules(request, result.talks) == []


def test_a_pinned_talk_on_a_new_blackout_is_an_error_unless_replan():
    request = small_request()
    pinned = Talk("ash-custom-id", "ash", request.groups[0].meetings[0], "reyes", pinned=True)
    blocked = replace(request, previous=(pinned,), presenters=(
        request.presenters[0], replace(request.presenters[1], blackouts=frozenset({day(0)}))))
    with pytest.raises(BookingError, match=r"ash-custom-id.*blackout") as caught:
        book(blocked)
    assert caught.value.hint == "replan"  # worded by the command line, which has the flag
    result = book(replace(blocked, replan=True))
    ash = next(t for t in result.talks if t.group == "ash")
    assert ash.id == "ash-custom-id" and ash.pinned
    assert (ash.meeting.day, ash.presenter) == (day(0), "okafor")  # the meeting stays; only the presenter changes
    assert result.moved == ()


def test_previous_talks_of_groups_no_longer_asked_for_are_dropped():
    request = small_request()
    gone = Talk("maple-talk-2027", "maple", meeting("maple", day(3)), "okafor", pinned=True)
    result = book(replace(request, previous=(gone,)))
    assert result.dropped == (gone,)
    assert "maple" not in {t.group for t in result.talks}


# ---------------------------------------------------------------- errors


def reasons(request: Request) -> dict[str, str]:
    with pytest.raises(BookingError) as caught:
        book(request)
    assert isinstance(caught.value, KitError) and "\n" not in str(caught.value)
    return {u.group: u.reason for u in caught.value.unbooked}


def test_a_window_too_short_names_the_groups_without_a_meeting():
    request = replace(small_request(), start=day(3), end=day(6))
    with pytest.raises(BookingError, match=r"cannot book group 'ash': has no meeting between 2027-03-04 and "
                                           r"2027-03-07 \(also unbooked: elm, oak\)$") as caught:
        book(request)
    assert caught.value.hint == "widen-window"
    assert reasons(request) == {"ash": "no-meeting", "elm": "no-meeting", "oak": "no-meeting"}


def test_a_group_on_nights_no_presenter_works_is_named():
    saturday = GroupToBook("pine", (meeting("pine", day(5), 10, 0),))
    weekdays_only = tuple(replace(a, weekdays=frozenset(range(5))) for a in small_request().presenters)
    request = small_request(groups=small_request().groups + (saturday,), presenters=weekdays_only)
    assert reasons(request) == {"pine": "no-presenter"}
    with pytest.raises(BookingError, match=r"'pine': no presenter can do any of its meetings \(Sat 2027-03-06\)"):
        book(request)


def test_every_presenter_busy_that_night():
    groups = tuple(GroupToBook(g, (meeting(g, day(1)),)) for g in ("ash", "elm", "oak"))
    request = small_request(groups=groups)
    assert list(reasons(request).values()) == ["busy"]  # two presenters, three groups, one night


def test_weekly_limits():
    groups = tuple(GroupToBook(g, (meeting(g, day(d)),)) for g, d in (("ash", 0), ("elm", 1), ("oak", 2)))
    request = small_request(groups=groups)
    with pytest.raises(BookingError, match=r"cannot book group '\w+': the presenters who can do its meetings "
                                           r"\(\w{3} 2027-03-0\d\) are at max_talks_per_week in those weeks"):
        book(request)
    assert list(reasons(request).values()) == ["weekly-limit"]  # two presenters, one talk a week, three groups


def test_a_window_that_ends_before_it_starts():
    with pytest.raises(BookingError, match="before it starts") as caught:
        book(replace(small_request(), end=day(-1)))
    assert caught.value.hint == "swap-window"


# ---------------------------------------------------------------- the objective


def test_the_objective_levels_come_in_their_order():
    request = small_request(presenters=(Availability("okafor"), Availability("reyes")))
    balanced = Counter(t.presenter for t in book(request).talks)
    assert sorted(balanced.values()) == [1, 2]
    all_okafor = tuple(Talk(f"{g.id}-talk-2027", g.id, g.meetings[0], "okafor") for g in request.groups)
    kept = book(replace(request, previous=all_okafor))  # fewer reassignments outrank an even load
    assert kept.talks == tuple(sorted(all_okafor, key=lambda t: t.meeting.start))
    assert kept.score.reassigned == 0 and kept.score.load == 9


def test_one_presenter_s_talks_are_spread_over_the_window():
    groups = tuple(GroupToBook(g, tuple(meeting(g, day(7 * w + i)) for w in range(8)))
                   for i, g in enumerate(("ash", "elm", "oak", "yew")))
    request = Request(start=MONDAY, end=day(55), groups=groups, presenters=(Availability("okafor"),))
    weeks = sorted((t.meeting.day - MONDAY).days // 7 for t in book(request).talks)
    assert [w // 2 for w in weeks] == [0, 1, 2, 3]  # one talk in each quarter of the eight weeks


def test_the_score_of_a_small_booking_by_hand():
    request = Request(start=MONDAY, end=day(27), groups=tuple(GroupToBook(g, ()) for g in ("a", "b", "c")),
                      presenters=(Availability("okafor", preferred_groups=("a",)),))
    talks = [Talk(f"{g}-t", g, meeting(g, day(d)), "okafor") for g, d in (("a", 0), ("b", 2), ("c", 8))]
    # Four weeks: halves of 2 weeks weigh 2/2, single weeks 2/1. Weeks 0,0,1: halves 3,0; weeks 2,1,0,0.
    assert score(request, talks) == Score(unbooked=0, moves=0, reassigned=0, load=9, spread=9 + 2 * (4 + 1),
                                          mismatches=2)


# ---------------------------------------------------------------- optimal, checked by brute force


def brute_force(request: Request):
    """The least score over every assignment that keeps the rules (None: a group cannot be booked)."""
    presenters = {a.presenter: a for a in request.presenters}
    previous = {t.group: t for t in request.previous}
    fixed = [t for t in request.previous if t.pinned and not request.replan]
    free = [g for g in request.groups if g.id not in {t.group for t in fixed}]
    choices = [[None] + [(m, p) for m in g.meetings if request.start <= m.day <= request.end for p in presenters]
               for g in free]
    best = None
    for picks in itertools.product(*choices):
        talks = fixed + [Talk(previous[g.id].id if g.id in previous else g.id, g.id, *pick)
                         for g, pick in zip(free, picks, strict=False) if pick]
        if broken_rules(request, talks):
            continue
        best = min(best or score(request, talks), score(request, talks))
    return best


def random_request(rng: random.Random) -> Request:
    weeks = rng.randint(1, 4)
    end = day(7 * weeks - 1)
    presenters = tuple(Availability(pid, weekdays=frozenset(rng.sample(range(7), rng.randint(3, 7))),
                                    blackouts=frozenset(day(rng.randrange(7 * weeks))
                                                        for _ in range(rng.randint(0, 2))),
                                    max_talks_per_week=rng.randint(1, 2), home_area=rng.choice(("", "n", "s")))
                       for pid in ("okafor", "reyes", "nguyen")[:rng.randint(1, 3)])
    groups = []
    for g in ("ash", "elm", "oak", "yew")[:rng.randint(2, 4)]:
        days = sorted({rng.randrange(7 * weeks) for _ in range(rng.randint(1, 3))})
        groups.append(GroupToBook(g, tuple(meeting(g, day(d)) for d in days), area=rng.choice(("", "n", "s")),
                                  preferred_presenters=tuple(rng.sample([p.presenter for p in presenters],
                                                                        rng.randint(0, 1)))))
    previous = tuple(Talk(f"{g.id}-old", g.id, rng.choice(g.meetings), rng.choice(presenters).presenter,
                          pinned=rng.random() < 0.25) for g in groups if rng.random() < 0.6)
    return Request(start=MONDAY, end=end, groups=tuple(groups), presenters=presenters, previous=previous,
                   replan=rng.random() < 0.3)


def test_optimal_against_brute_force_on_random_small_cases():
    rng = random.Random(20270201)
    solved = unbookable = 0
    for _ in range(150):
        request = random_request(rng)
        try:
            booking = book(request)
        except BookingError as exc:
            if not exc.unbooked:  # pinned talks that break the rules: nothing to compare
                continue
            assert brute_force(request).unbooked == len(exc.unbooked)
            unbookable += 1
            continue
        assert broken_rules(request, booking.talks) == []
        assert booking.score == brute_force(request) == score(request, booking.talks)
        solved += 1
    assert solved >= 60 and unbookable >= 10


def test_a_new_group_or_blackout_moves_as_few_talks_as_brute_force_finds():
    rng = random.Random(17)
    compared = 0
    while compared < 40:
        request = random_request(rng)
        try:
            first = book(replace(request, previous=(), replan=False))
        except BookingError:
            continue
        presenter = rng.choice(request.presenters)
        blackout = rng.choice(first.talks).meeting.day
        newcomer = GroupToBook("new", (meeting("new", day(rng.randrange(7))),))
        for changed in (replace(request, groups=request.groups + (newcomer,)),
                        replace(request, presenters=tuple(replace(a, blackouts=a.blackouts | {blackout})
                                                          if a == presenter else a for a in request.presenters))):
            changed = replace(changed, previous=first.talks, replan=False)
            best = brute_force(changed)
            if best.unbooked:
                continue
            assert book(changed).score == best
            compared += 1
