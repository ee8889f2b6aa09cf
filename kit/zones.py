"""Which time zones fit each US state and territory, so that no meeting lands an hour off half the year.

Source: the IANA time zone database (tzdb 2026f, as shipped in the ``tzdata`` package), file ``zone.tab``:
its comment column says which part of the country each zone covers ("Eastern - KY (Louisville area)",
"MST - AZ (except Navajo)", "Mountain - ID (south), OR (east)"), and ``zone1970.tab`` for the territories.
States split between two zones by the federal time zone boundaries (49 CFR Part 71) list both: the
Florida panhandle, west Kentucky and Tennessee, the western edges of Kansas, Nebraska, the Dakotas and
Texas (El Paso), West Wendover in Nevada, Malheur County in Oregon, northern Idaho, and the Navajo Nation
in Arizona, which keeps daylight saving time while the rest of Arizona does not. Hawaii and the
territories keep one clock all year.

A zone fits a state when it is one of the state's zones, or keeps the same clock as one of them for
years ahead (America/New_York in Michigan). Names that are not places (EST5EDT, US/Eastern, Etc/GMT+5,
HST) are replaced by the state's zone with the same clock, and the user is told once; when none has the
same clock (EST in Ohio, which changes its clocks) the zone is refused with the name to use instead.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from .errors import did_you_mean

# state or territory -> ((zone, the part of it the zone covers), ...); the first is the most populous.
STATE_ZONES: dict[str, tuple[tuple[str, str], ...]] = {
    "AL": (("America/Chicago", "all of it"),),
    "AK": (("America/Anchorage", "most of Alaska"), ("America/Juneau", "Juneau area"),
           ("America/Sitka", "Sitka area"), ("America/Metlakatla", "Annette Island"), ("America/Yakutat", "Yakutat"),
           ("America/Nome", "western Alaska"), ("America/Adak", "western Aleutians")),
    "AZ": (("America/Phoenix", "outside the Navajo Nation: no daylight saving time"),
           ("America/Denver", "the Navajo Nation")),
    "AR": (("America/Chicago", "all of it"),),
    "CA": (("America/Los_Angeles", "all of it"),),
    "CO": (("America/Denver", "all of it"),),
    "CT": (("America/New_York", "all of it"),),
    "DE": (("America/New_York", "all of it"),),
    "DC": (("America/New_York", "all of it"),),
    "FL": (("America/New_York", "most of Florida"), ("America/Chicago", "the western panhandle")),
    "GA": (("America/New_York", "all of it"),),
    "HI": (("Pacific/Honolulu", "all of it"),),
    "ID": (("America/Boise", "southern Idaho"), ("America/Los_Angeles", "northern Idaho")),
    "IL": (("America/Chicago", "all of it"),),
    "IN": (("America/Indiana/Indianapolis", "most of Indiana"),
           ("America/Chicago", "the northwest and southwest corners"),
           ("America/Indiana/Vincennes", "Daviess, Dubois, Knox, Martin"), ("America/Indiana/Winamac", "Pulaski"),
           ("America/Indiana/Marengo", "Crawford"), ("America/Indiana/Petersburg", "Pike"),
           ("America/Indiana/Vevay", "Switzerland"), ("America/Indiana/Tell_City", "Perry"),
           ("America/Indiana/Knox", "Starke"), ("America/Kentucky/Louisville", "Clark, Floyd, Harrison"),
           ("America/New_York", "Dearborn, Ohio")),
    "IA": (("America/Chicago", "all of it"),),
    "KS": (("America/Chicago", "most of Kansas"), ("America/Denver", "the western border counties")),
    "KY": (("America/New_York", "eastern Kentucky"), ("America/Kentucky/Louisville", "Louisville area"),
           ("America/Kentucky/Monticello", "Wayne County"), ("America/Chicago", "western Kentucky")),
    "LA": (("America/Chicago", "all of it"),),
    "ME": (("America/New_York", "all of it"),),
    "MD": (("America/New_York", "all of it"),),
    "MA": (("America/New_York", "all of it"),),
    "MI": (("America/Detroit", "most of Michigan"),
           ("America/Menominee", "the four counties on the Wisconsin border")),
    "MN": (("America/Chicago", "all of it"),),
    "MS": (("America/Chicago", "all of it"),),
    "MO": (("America/Chicago", "all of it"),),
    "MT": (("America/Denver", "all of it"),),
    "NE": (("America/Chicago", "most of Nebraska"), ("America/Denver", "western Nebraska")),
    "NV": (("America/Los_Angeles", "most of Nevada"), ("America/Denver", "West Wendover")),
    "NH": (("America/New_York", "all of it"),),
    "NJ": (("America/New_York", "all of it"),),
    "NM": (("America/Denver", "all of it"),),
    "NY": (("America/New_York", "all of it"),),
    "NC": (("America/New_York", "all of it"),),
    "ND": (("America/Chicago", "most of North Dakota"), ("America/Denver", "the southwest"),
           ("America/North_Dakota/Center", "Oliver County"), ("America/North_Dakota/New_Salem", "rural Morton"),
           ("America/North_Dakota/Beulah", "Mercer County")),
    "OH": (("America/New_York", "all of it"),),
    "OK": (("America/Chicago", "all of it"),),
    "OR": (("America/Los_Angeles", "most of Oregon"), ("America/Boise", "Malheur County")),
    "PA": (("America/New_York", "all of it"),),
    "RI": (("America/New_York", "all of it"),),
    "SC": (("America/New_York", "all of it"),),
    "SD": (("America/Chicago", "eastern South Dakota"), ("America/Denver", "western South Dakota")),
    "TN": (("America/Chicago", "middle and west Tennessee"), ("America/New_York", "east Tennessee")),
    "TX": (("America/Chicago", "most of Texas"), ("America/Denver", "El Paso and Hudspeth counties")),
    "UT": (("America/Denver", "all of it"),),
    "VT": (("America/New_York", "all of it"),),
    "VA": (("America/New_York", "all of it"),),
    "WA": (("America/Los_Angeles", "all of it"),),
    "WV": (("America/New_York", "all of it"),),
    "WI": (("America/Chicago", "all of it"),),
    "WY": (("America/Denver", "all of it"),),
    "PR": (("America/Puerto_Rico", "all of it"),),
    "VI": (("America/St_Thomas", "all of them"), ("America/Puerto_Rico", "all of them")),
    "GU": (("Pacific/Guam", "all of it"),),
    "MP": (("Pacific/Saipan", "all of them"), ("Pacific/Guam", "all of them")),
    "AS": (("Pacific/Pago_Pago", "all of it"),),
}
STATE_NAMES = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California", "CO": "Colorado",
    "CT": "Connecticut", "DE": "Delaware", "DC": "the District of Columbia", "FL": "Florida", "GA": "Georgia",
    "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois", "IN": "Indiana", "IA": "Iowa", "KS": "Kansas", "KY": "Kentucky",
    "LA": "Louisiana", "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota",
    "MS": "Mississippi", "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada", "NH": "New Hampshire",
    "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York", "NC": "North Carolina", "ND": "North Dakota",
    "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon", "PA": "Pennsylvania", "RI": "Rhode Island",
    "SC": "South Carolina", "SD": "South Dakota", "TN": "Tennessee", "TX": "Texas", "UT": "Utah", "VT": "Vermont",
    "VA": "Virginia", "WA": "Washington", "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming",
    "PR": "Puerto Rico", "VI": "the U.S. Virgin Islands", "GU": "Guam", "MP": "the Northern Mariana Islands",
    "AS": "American Samoa",
}

# How far ahead two zones must keep the same clock to count as one: the life of a season and then some.
SAME_CLOCK_YEARS = 6


class ZoneProblem(ValueError):
    """The zone does not fit the state; the message says which to use."""


@dataclass(frozen=True)
class ZoneChoice:
    name: str           # the IANA name to use and to write into calendars
    note: str = ""      # said once when the name given was replaced


def us_zones() -> list[str]:
    """Every zone in use in the US and its territories (for tests that run each through the parsers)."""
    return sorted({zone for zones in STATE_ZONES.values() for zone, _ in zones})


def state_zone(state: str) -> str:
    """The zone of a state that keeps one clock everywhere (Ohio; the Virgin Islands, whose two names keep the
    same clock); ZoneProblem naming the choices where it keeps more than one."""
    zones = [zone for zone, _ in STATE_ZONES[state]]
    if all(_same_clock(ZoneInfo(zones[0]), ZoneInfo(zone)) for zone in zones[1:]):
        return zones[0]
    raise ZoneProblem(f"{STATE_NAMES[state]} keeps more than one clock; choose its time zone: {_choices(state)}")


def fit(state: str, name: str) -> ZoneChoice:
    """The zone to use for ``name`` in ``state``; raises ZoneProblem with the name to give instead."""
    try:
        given = ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ZoneProblem(f"is not an IANA time zone{did_you_mean(name, available_timezones())}; use a name like "
                          f"'{_first(state)}'") from None
    zones = [zone for zone, _ in STATE_ZONES.get(state, ())]
    if not zones or name in zones:
        return ZoneChoice(name)
    if _links().get(name) in zones:
        target = _links()[name]
        return ZoneChoice(target, f"time zone '{name}' is an old name of '{target}'; using '{target}' "
                                  f"(write timezone = \"{target}\" in kit.toml to stop this note)")
    same = [zone for zone in zones if _same_clock(given, ZoneInfo(zone))]
    if same and is_place(name):
        return ZoneChoice(name)
    if same:
        return ZoneChoice(same[0], f"time zone '{name}' is not a place name; using '{same[0]}', which keeps the same "
                                   f"clock (write timezone = \"{same[0]}\" in kit.toml to stop this note)")
    where = STATE_NAMES.get(state, state)
    if not observes_dst(given) and any(observes_dst(ZoneInfo(zone)) for zone in zones):
        offset = _offset_text(dt.datetime(_this_year(), 1, 15, tzinfo=given).utcoffset() or dt.timedelta(0))
        raise ZoneProblem(f"is '{name}', which keeps UTC{offset} all year, but {where} changes its clocks for "
                          f"daylight saving time, so every summer meeting would be an hour off; use {_choices(state)}")
    raise ZoneProblem(f"is '{name}', which does not keep the clock of {where}; use {_choices(state)}")


@lru_cache(maxsize=1)
def _links() -> dict[str, str]:
    """Old names of zones ('US/Eastern' -> 'America/New_York'), from the tz database's own link lines."""
    text = resources.files("tzdata").joinpath("zoneinfo", "tzdata.zi").read_text(encoding="utf-8")
    return {parts[2]: parts[1] for parts in (line.split() for line in text.splitlines()) if parts[:1] == ["L"]}


def is_place(name: str) -> bool:
    """'America/New_York' is a place; 'EST5EDT', 'US/Eastern', 'Etc/GMT+5' and 'HST' are not."""
    area = name.partition("/")[0]
    return "/" in name and area not in ("US", "Etc", "SystemV")


def observes_dst(zone: ZoneInfo) -> bool:
    year = _this_year()
    return any(dt.datetime(y, m, 15, 12, tzinfo=zone).dst() for y in (year, year + 1) for m in (1, 7))


def _same_clock(a: ZoneInfo, b: ZoneInfo) -> bool:
    return all(moment.astimezone(a).utcoffset() == moment.astimezone(b).utcoffset() for moment in _moments())


@lru_cache(maxsize=1)
def _moments() -> tuple[dt.datetime, ...]:
    """Every six hours from this January for SAME_CLOCK_YEARS: fine enough to see a change a week apart."""
    start = dt.datetime(_this_year(), 1, 1, tzinfo=dt.timezone.utc)
    return tuple(start + dt.timedelta(hours=6 * i) for i in range(SAME_CLOCK_YEARS * 365 * 4))


def _this_year() -> int:
    return dt.date.today().year


def _first(state: str) -> str:
    zones = STATE_ZONES.get(state)
    return zones[0][0] if zones else "America/Denver"


def _choices(state: str) -> str:
    zones = STATE_ZONES[state]
    if len(zones) == 1:
        return f"'{zones[0][0]}'"
    return "one of " + ", ".join(f"'{zone}' ({area})" for zone, area in zones)


def _offset_text(offset: dt.timedelta) -> str:
    minutes = int(offset.total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
