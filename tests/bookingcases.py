"""Booking inputs shaped like a real season, for tests/test_booking.py and benchmarks/booking.py.

Groups meet on their own rhythm: most on the nth weekday evening of the month, a few on Saturday mornings,
some every other week; some skip a month. Presenters have their weekdays, holidays and training weeks, and a
weekly limit. Deterministic: the same arguments give the same request.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from kit.booking import Availability, GroupToBook, Meeting, Request

ZONE = ZoneInfo("America/Denver")
WINDOW = (dt.date(2027, 2, 1), dt.date(2027, 6, 30))
NAMES = ("aspen-hollow", "birch-terrace", "cedar-bluff", "columbine-park", "copper-ridge", "elk-meadow",
         "foothill-commons", "juniper-heights", "kestrel-point", "larkspur-grove", "lodgepole", "meadowlark",
         "mesa-vista", "old-town", "pinon-flats", "quarry-hill", "red-fox-run", "sage-crossing", "silver-creek",
         "spruce-landing", "sunflower-row", "tamarack", "thistle-bend", "yarrow-fields", "zephyr-court")
AREAS = ("north", "south", "east", "west")
HOLIDAYS = (dt.date(2027, 2, 15), dt.date(2027, 5, 31))  # Presidents Day, Memorial Day


def meeting(group_id: str, day: dt.date, hour: int = 18, minute: int = 30, minutes: int = 60,
            venue: str = "") -> Meeting:
    start = dt.datetime.combine(day, dt.time(hour, minute), ZONE)
    return Meeting(id=f"{group_id}-{day.isoformat()}", day=day, start=start,
                   end=start + dt.timedelta(minutes=minutes), venue=venue)


def nth_weekday(year: int, month: int, weekday: int, nth: int) -> dt.date:
    first = dt.date(year, month, 1)
    return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))


def regular_meetings(index: int, group_id: str) -> tuple[Meeting, ...]:
    """Group ``index``'s meetings in the window, by a rhythm that depends on the index."""
    start, end = WINDOW
    venue = f"Hall {index}"
    if index % 12 == 5:  # every other Tuesday (or Wednesday) evening
        first = start + dt.timedelta(days=(1 + index % 2 - start.weekday()) % 7 + 7 * (index % 3 == 0))
        days = [first + dt.timedelta(weeks=2 * k) for k in range(12)]
        return tuple(meeting(group_id, d, 19, 0, venue=venue) for d in days if d <= end)
    if index % 8 == 3:  # a Saturday morning, once a month
        days = [nth_weekday(2027, month, 5, 1 + index % 3) for month in range(2, 7)]
        return tuple(meeting(group_id, d, 10, 0, 90, venue) for d in days)
    weekday, nth = index % 4, 1 + (index // 4) % 4  # Monday to Thursday evenings
    skipped = 2 + index % 5 if index % 3 == 0 else None  # some groups skip a month
    return tuple(meeting(group_id, nth_weekday(2027, month, weekday, nth), 18 + index % 2, 30, venue=venue)
                 for month in range(2, 7) if month != skipped)


def group_id(index: int) -> str:
    return NAMES[index] if index < len(NAMES) else f"group-{index:03d}"


def realistic_groups(count: int) -> tuple[GroupToBook, ...]:
    groups = []
    for index in range(count):
        gid = group_id(index)
        groups.append(GroupToBook(id=gid, meetings=regular_meetings(index, gid), area=AREAS[index % 4]))
    return tuple(groups)


def week_of(monday: dt.date) -> frozenset[dt.date]:
    return frozenset(monday + dt.timedelta(days=d) for d in range(7))


PRESENTER_PATTERNS = (
    # weekdays, extra blackouts, weekly limit
    (frozenset({0, 1, 2, 3}), week_of(dt.date(2027, 3, 15)), 2),  # Mon-Thu; a training week in March
    (frozenset({1, 2, 3, 5}), week_of(dt.date(2027, 4, 19)), 2),  # Tue-Thu and Saturdays; a week off in April
    (frozenset({0, 2, 5}), week_of(dt.date(2027, 5, 10)), 1),  # Mon, Wed, Sat; a training week in May
)


def realistic_presenters(count: int) -> tuple[Availability, ...]:
    presenters = []
    for index in range(count):
        weekdays, away, limit = PRESENTER_PATTERNS[index % len(PRESENTER_PATTERNS)]
        shifted = frozenset(d + dt.timedelta(weeks=index // len(PRESENTER_PATTERNS)) for d in away)
        presenters.append(Availability(presenter=("okafor", "reyes", "nguyen")[index] if index < 3 else f"p{index:02d}",
                                       weekdays=weekdays, blackouts=frozenset(HOLIDAYS) | shifted,
                                       max_talks_per_week=limit, home_area=AREAS[index % 4]))
    return tuple(presenters)


def realistic_request(groups: int = 25, presenters: int = 3, **changes) -> Request:
    """``groups`` groups over five months (Feb-Jun 2027); ``presenters`` officers."""
    start, end = WINDOW
    return Request(start=start, end=end, groups=realistic_groups(groups), presenters=realistic_presenters(presenters),
                   **changes)
