"""The season planner's core: one talk per group, booked into one of its meetings, with a presenter.

Pure: typed inputs in, a booking out; no files, no clock. ``kit/bookings.py`` reads and writes the file.

The objective, compared lexicographically (``Score``, fields in this order, all minimised):

1. ``unbooked``: groups left without a talk (any > 0 raises ``BookingError`` naming the group and why);
2. ``moves``: talks of the previous booking whose meeting changes;
3. ``reassigned``: talks of the previous booking whose presenter changes;
4. ``load``: sum over presenters of (their talks in the booking)², i.e. the load as even as it can be;
5. ``spread``: each presenter's talks spread over the window: the window's ISO weeks are halved
   recursively (halves, quarters, ..., single weeks) and every part I but the whole window adds
   (L / |I|) * (the presenter's talks in I)², where |I| is its number of weeks and L the least common multiple
   of those lengths (so each part's share is in proportion to its weeks, in whole numbers);
6. ``mismatches``: preferences not met (a group's preferred presenters, a presenter's preferred groups, a
   group's area vs the presenter's home area; one each).

Hard constraints: a presenter only on their weekdays and never on a blackout date; never two talks the same
day; at most ``max_talks_per_week`` talks in an ISO week (Monday to Sunday); pinned talks (already invited)
stay as they are unless ``replan``.

Why a min-cost flow (networkx's network simplex) and not CP-SAT: the constraints are laminar. A unit of flow
is a talk: source -> group -> meeting -> presenter-day -> presenter-week -> halves of the window (nested) ->
presenter -> sink. Every option (meeting, presenter) lies in exactly one presenter-day, which lies in one
presenter-week, one part of each level and one presenter, so the same-day rule and the weekly limit are arc
capacities and the constraint matrix is a network matrix: the LP optimum is integral, i.e. exact. Moves,
reassignments and preferences are costs on the option arcs; the convex levels (load, spread) are parallel
arcs of increasing marginal cost 2k-1, exact because a cheaper copy is always filled first. The levels are
combined with integer weights, each above the largest possible total of all lower levels, so the single
integer cost orders solutions exactly as the tuple does (Python integers do not overflow). What a flow can
NOT express is a spread of all talks together per week (weeks across presenters cross the presenter family),
so "spread" is defined per presenter, above. Measured (benchmarks/RESULTS.md): networkx is pure Python, a
2 MB wheel with no dependencies, 0.3 s to import, and books 200 groups in a few seconds; OR-Tools pulls
numpy, pandas and protobuf (about 240 MiB installed) and takes 0.6-0.7 s just to import. networkx is
imported inside ``_solve`` so the CLI does not pay for it on every start.
"""

from __future__ import annotations

from typing import Any

import datetime as dt
import math
from collections import Counter
from dataclasses import dataclass, replace

from .errors import BookingError

# Why a group is left without a talk; the command line words the advice of each (``BookingError.hint``).
UNBOOKED_REASONS = {
    "no-meeting": "has no meeting between {start} and {end}",
    "no-presenter": "no presenter can do any of its meetings ({nights}): each falls outside every presenter's "
                    "weekdays or on their blackout dates",
    "busy": "every presenter who can do its meetings ({nights}) already has a talk on those days; widen the "
            "window or add a presenter",
    "weekly-limit": "the presenters who can do its meetings ({nights}) are at max_talks_per_week in those weeks; "
                    "raise max_talks_per_week or widen the window",
}
RELAXED_WEEKLY_LIMIT = 7  # one talk a day is the most a week can hold anyway


@dataclass(frozen=True)
class Meeting:
    """One occurrence of a group's regular meeting; ``id`` is that occurrence's session id."""

    id: str
    day: dt.date
    start: dt.datetime
    end: dt.datetime
    venue: str = ""


@dataclass(frozen=True)
class GroupToBook:
    id: str
    meetings: tuple[Meeting, ...]
    area: str = ""
    preferred_presenters: tuple[str, ...] = ()


@dataclass(frozen=True)
class Availability:
    """When a presenter can give a talk. ``weekdays``: 0 = Monday ... 6 = Sunday."""

    presenter: str
    weekdays: frozenset[int] = frozenset(range(7))
    blackouts: frozenset[dt.date] = frozenset()
    max_talks_per_week: int = RELAXED_WEEKLY_LIMIT
    home_area: str = ""
    preferred_groups: tuple[str, ...] = ()

    def can_do(self, day: dt.date) -> bool:
        return day.weekday() in self.weekdays and day not in self.blackouts


@dataclass(frozen=True)
class Talk:
    """A group's talk. ``id`` stays the same when the talk moves, so its invitations follow it."""

    id: str
    group: str
    meeting: Meeting
    presenter: str
    pinned: bool = False


@dataclass(frozen=True)
class Request:
    start: dt.date
    end: dt.date
    groups: tuple[GroupToBook, ...]
    presenters: tuple[Availability, ...]
    previous: tuple[Talk, ...] = ()
    replan: bool = False
    season: str = ""  # part of new talk ids; default: the year the window starts


@dataclass(frozen=True, order=True)
class Score:
    unbooked: int
    moves: int
    reassigned: int
    load: int
    spread: int
    mismatches: int


@dataclass(frozen=True)
class Unbooked:
    group: str
    reason: str  # a key of UNBOOKED_REASONS
    message: str


@dataclass(frozen=True)
class Booking:
    talks: tuple[Talk, ...]  # one per group, by date
    score: Score
    moved: tuple[str, ...] = ()  # ids of previous talks whose meeting changed
    dropped: tuple[Talk, ...] = ()  # previous talks of groups no longer asked for


def book(request: Request) -> Booking:
    """The optimal booking (see the module docstring); raises ``BookingError`` if a group cannot be booked."""
    request = _canonical(request)
    presenters = {a.presenter: a for a in request.presenters}
    groups = {g.id for g in request.groups}
    previous = {t.group: t for t in request.previous if t.group in groups}
    fixed = [t for t in previous.values() if t.pinned and not request.replan]
    _check_fixed(fixed, presenters)
    free = [g for g in request.groups if g.id not in {t.group for t in fixed}]
    chosen = _solve(request, free, fixed, presenters)
    missing = [g for g in free if chosen[g.id] is None]
    if missing:
        raise _unbookable(request, missing, fixed, presenters)
    talks = list(fixed)
    for group in free:
        meeting, presenter = chosen[group.id]
        before = previous.get(group.id)
        talks.append(Talk(id=before.id if before else talk_id(group.id, request.season), group=group.id,
                          meeting=meeting, presenter=presenter, pinned=bool(before and before.pinned)))
    talks.sort(key=lambda t: (t.meeting.start, t.group))
    _check_unique_ids(talks)
    moved = tuple(sorted(t.id for t in talks
                         if t.group in previous and t.meeting.id != previous[t.group].meeting.id))
    dropped = tuple(t for t in request.previous if t.group not in groups)
    return Booking(talks=tuple(talks), score=score(request, talks), moved=moved, dropped=dropped)


def talk_id(group_id: str, season: str) -> str:
    return f"{group_id}-talk-{season}"


# ---------------------------------------------------------------- the objective and the rules


def score(request: Request, talks) -> Score:
    """The objective of a booking, straight from its definition (tests compare the solver against it)."""
    presenters = {a.presenter: a for a in request.presenters}
    groups = {g.id: g for g in request.groups}
    previous = {t.group: t for t in request.previous}
    weeks = window_weeks(request.start, request.end)
    parts = week_parts(len(weeks))
    scale = _scale(len(weeks))
    index = {monday: i for i, monday in enumerate(weeks)}
    load = spread = mismatches = 0
    for presenter in sorted({t.presenter for t in talks}):
        own = [t for t in talks if t.presenter == presenter]
        load += len(own) ** 2
        at = [index[monday_of(t.meeting.day)] for t in own if monday_of(t.meeting.day) in index]
        spread += sum(scale // (hi - lo) * sum(lo <= i < hi for i in at) ** 2 for lo, hi in parts)
    for talk in talks:
        mismatches += _mismatches(groups[talk.group], presenters[talk.presenter])
    return Score(
        unbooked=len(groups) - len({t.group for t in talks}),
        moves=sum(t.group in previous and t.meeting.id != previous[t.group].meeting.id for t in talks),
        reassigned=sum(t.group in previous and t.presenter != previous[t.group].presenter for t in talks),
        load=load, spread=spread, mismatches=mismatches)


def conflicts(talks, presenters: dict[str, Availability]) -> list[str]:
    """What breaks the hard rules in a set of talks, one sentence each (empty: none)."""
    problems = []
    by_day: dict = {}
    by_week: dict = {}
    for talk in sorted(talks, key=lambda t: (t.meeting.start, t.id)):
        availability = presenters.get(talk.presenter)
        day = talk.meeting.day
        if availability is None:
            problems.append(f"talk '{talk.id}' names presenter '{talk.presenter}', who is not a presenter")
            continue
        if day in availability.blackouts:
            problems.append(f"talk '{talk.id}' on {day} falls on a blackout date of '{talk.presenter}'")
        elif day.weekday() not in availability.weekdays:
            problems.append(f"talk '{talk.id}' on {day:%A %Y-%m-%d} is not one of the weekdays of '{talk.presenter}'")
        same_day = by_day.setdefault((talk.presenter, day), [])
        if same_day:
            problems.append(f"'{talk.presenter}' has two talks on {day}: '{same_day[0]}' and '{talk.id}'")
        same_day.append(talk.id)
        week = by_week.setdefault((talk.presenter, monday_of(day)), [])
        week.append(talk.id)
        if len(week) == availability.max_talks_per_week + 1:
            problems.append(f"'{talk.presenter}' has more than max_talks_per_week = "
                            f"{availability.max_talks_per_week} talks in the week of {monday_of(day)}")
    return problems


def _mismatches(group: GroupToBook, presenter: Availability) -> int:
    return (bool(group.preferred_presenters) and presenter.presenter not in group.preferred_presenters) + \
        (bool(presenter.preferred_groups) and group.id not in presenter.preferred_groups) + \
        (bool(group.area and presenter.home_area) and group.area != presenter.home_area)


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def window_weeks(start: dt.date, end: dt.date) -> list[dt.date]:
    """The Mondays of the ISO weeks that overlap the window."""
    first, last = monday_of(start), monday_of(end)
    return [first + dt.timedelta(weeks=i) for i in range((last - first).days // 7 + 1)]


def week_parts(count: int) -> list[tuple[int, int]]:
    """Halves, quarters, ... down to single weeks, as [lo, hi) week ranges; the whole window is not a part."""
    parts = []
    todo = [(0, count)]
    while todo:
        lo, hi = todo.pop()
        if hi - lo > 1:
            mid = (lo + hi) // 2
            parts += [(lo, mid), (mid, hi)]
            todo += [(mid, hi), (lo, mid)]
    return sorted(parts) if count > 1 else []


def _scale(weeks: int) -> int:
    """The least common multiple of the parts' lengths: weights L/|I| in whole numbers."""
    return math.lcm(1, *(hi - lo for lo, hi in week_parts(weeks)))


# ---------------------------------------------------------------- input checks


def _canonical(request: Request) -> Request:
    """Sorted, de-duplicated inputs: the answer must not depend on the order things were listed in."""
    if request.end < request.start:
        raise BookingError(f"the window ends ({request.end}) before it starts ({request.start})", hint="swap-window")
    for kind, ids in (("group", [g.id for g in request.groups]),
                      ("presenter", [a.presenter for a in request.presenters]),
                      ("meeting", [m.id for m in {m for g in request.groups for m in g.meetings}]),
                      ("previous talk's group", [t.group for t in request.previous])):
        for twice in sorted(i for i, count in Counter(ids).items() if count > 1):
            raise BookingError(f"{kind} '{twice}' is listed twice; give each its own entry")
    if not request.presenters:
        raise BookingError("there are no presenters to book; add [[presenters]] to kit.toml")
    groups = tuple(sorted((replace(g, meetings=tuple(sorted(
        {m for m in g.meetings if request.start <= m.day <= request.end}, key=lambda m: (m.start, m.id))))
        for g in request.groups), key=lambda g: g.id))
    return replace(request, groups=groups, presenters=tuple(sorted(request.presenters, key=lambda a: a.presenter)),
                   previous=tuple(sorted(request.previous, key=lambda t: t.group)),
                   season=request.season or str(request.start.year))


def _check_fixed(fixed: list[Talk], presenters: dict[str, Availability]) -> None:
    problems = conflicts(fixed, presenters)
    if problems:
        raise BookingError(f"invited (pinned) talks break the rules: {problems[0]}", hint="replan")


def _check_unique_ids(talks: list[Talk]) -> None:
    for twice in sorted(i for i, count in Counter(t.id for t in talks).items() if count > 1):
        raise BookingError(f"two talks have the id '{twice}'; give one of them another id in events/bookings.toml")


# ---------------------------------------------------------------- why a group cannot be booked


def _unbookable(request: Request, missing, fixed, presenters) -> BookingError:
    relaxed = {p: replace(a, max_talks_per_week=max(a.max_talks_per_week, RELAXED_WEEKLY_LIMIT))
               for p, a in presenters.items()}
    relaxed_choice = None
    found = []
    for group in missing:
        nights = ", ".join(f"{m.day:%a} {m.day}" for m in group.meetings[:3])
        nights += ", ..." if len(group.meetings) > 3 else ""
        if not group.meetings:
            reason = "no-meeting"
        elif not any(a.can_do(m.day) for m in group.meetings for a in presenters.values()):
            reason = "no-presenter"
        else:
            if relaxed_choice is None:
                free = [g for g in request.groups if g.id not in {t.group for t in fixed}]
                relaxed_choice = _solve(request, free, fixed, relaxed)
            reason = "busy" if relaxed_choice[group.id] is None else "weekly-limit"
        text = UNBOOKED_REASONS[reason].format(start=request.start, end=request.end, nights=nights)
        found.append(Unbooked(group=group.id, reason=reason, message=f"cannot book group '{group.id}': {text}"))
    others = [u.group for u in found[1:]]
    tail = f" (also unbooked: {', '.join(others)})" if others else ""
    too_short = found[0].reason == "no-meeting"
    return BookingError(found[0].message + tail, unbooked=tuple(found), hint="widen-window" if too_short else None)


# ---------------------------------------------------------------- the flow


@dataclass(frozen=True)
class _Weights:
    mismatches: int
    spread: int
    load: int
    reassigned: int
    moves: int
    unbooked: int


def _weights(free: int, fixed: int, weeks: int) -> _Weights:
    """Lowest level first: each weight exceeds the largest total that all lower levels can reach together."""
    depth_bound = weeks  # no week lies in more parts than there are weeks
    bounds = [3 * free, _scale(weeks) * depth_bound * free * (2 * fixed + free), free * (2 * fixed + free), free,
              free]
    weights = [1]
    for bound in bounds:
        weights.append(weights[-1] * (bound + 1))
    return _Weights(*weights)


def _solve(request: Request, free, fixed, presenters) -> dict:
    """group id -> (meeting, presenter id), or None where no booking is possible; exact for ``Score``."""
    import networkx as nx  # about 0.3 s to import: only when booking

    if not free:
        return {}
    previous = {t.group: t for t in request.previous}
    weeks = window_weeks(request.start, request.end)
    index = {monday: i for i, monday in enumerate(weeks)}
    weights = _weights(len(free), len(fixed), len(weeks))
    graph = nx.MultiDiGraph()
    graph.add_node("sink", demand=len(free))
    days_used: dict[str, dict[int, set]] = {}  # presenter -> week -> days some option needs
    for group in free:
        node = ("group", group.id)
        graph.add_node(node, demand=-1)
        graph.add_edge(node, "sink", capacity=1, weight=weights.unbooked)
        before = previous.get(group.id)
        for meeting in group.meetings:
            moved = before is not None and meeting.id != before.meeting.id
            graph.add_edge(node, ("meeting", group.id, meeting.id), capacity=1, weight=weights.moves * moved)
            for pid, availability in presenters.items():
                if availability.can_do(meeting.day):
                    reassigned = before is not None and pid != before.presenter
                    cost = weights.reassigned * reassigned + weights.mismatches * _mismatches(group, availability)
                    graph.add_edge(("meeting", group.id, meeting.id), ("day", pid, meeting.day), capacity=1,
                                   weight=cost)
                    days_used.setdefault(pid, {}).setdefault(index[monday_of(meeting.day)], set()).add(meeting.day)
    for pid, availability in presenters.items():
        own = [t.meeting.day for t in fixed if t.presenter == pid]
        _presenter_arcs(graph, availability, own, days_used.get(pid, {}), index, len(free), weights)
    _, flow = nx.network_simplex(graph)
    chosen: dict[str, tuple[Any, Any] | None] = {}
    for group in free:
        chosen[group.id] = None
        for meeting in group.meetings:
            if flow[("group", group.id)][("meeting", group.id, meeting.id)][0]:
                pid = next(v[1] for v, keys in flow[("meeting", group.id, meeting.id)].items() if keys[0])
                chosen[group.id] = (meeting, pid)
    return chosen


def _presenter_arcs(graph, availability: Availability, own: list[dt.date], days_used: dict[int, set],
                    index: dict[dt.date, int], free: int, weights: _Weights) -> None:
    """One presenter's chain: day -> week (the weekly limit) -> halves ... -> whole window -> sink.

    ``own``: the days of the presenter's pinned talks, which take their day and count in their week and parts.
    """
    pid, weeks = availability.presenter, len(index)
    pinned_weeks = [index.get(monday_of(day)) for day in own]
    room = {}  # week -> how many more talks it can take
    for week, days in sorted(days_used.items()):
        open_days = sorted(d for d in days if d not in own)
        room[week] = max(0, min(len(open_days), availability.max_talks_per_week - pinned_weeks.count(week)))
        for day in open_days if room[week] else ():
            graph.add_edge(("day", pid, day), ("part", pid, week, week + 1), capacity=1, weight=0)
    if not any(room.values()):
        return
    parts = week_parts(weeks)
    scale = _scale(weeks)
    for lo, hi in parts:
        already = sum(w is not None and lo <= w < hi for w in pinned_weeks)
        parent = ("part", pid) + _parent(parts, lo, hi, weeks)
        for k in range(1, min(free, sum(room.get(w, 0) for w in range(lo, hi))) + 1):
            graph.add_edge(("part", pid, lo, hi), parent, capacity=1,
                           weight=weights.spread * (scale // (hi - lo)) * (2 * (already + k) - 1))
    for k in range(1, min(free, sum(room.values())) + 1):
        graph.add_edge(("part", pid, 0, weeks), "sink", capacity=1, weight=weights.load * (2 * (len(own) + k) - 1))


def _parent(parts, lo: int, hi: int, count: int) -> tuple[int, int]:
    """The smallest part (or the whole window) that strictly contains [lo, hi)."""
    outer = [(a, b) for a, b in parts + [(0, count)] if a <= lo and hi <= b and (a, b) != (lo, hi)]
    return min(outer, key=lambda ab: ab[1] - ab[0])
