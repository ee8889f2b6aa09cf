"""What the kit says to neighbors, from one catalog (``kit/data/texts/en.toml``), with dates in words.

Dates and times are written by Babel for the catalog's locale, never by the operating system's locale.
"""

from __future__ import annotations

from typing import Any

import datetime as dt
import tomllib
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel import dates

from .resources import data_path

LANGUAGE = "en"
LOCALE = "en_US"


@lru_cache(maxsize=1)
def _catalog() -> dict:
    return tomllib.loads(data_path("texts", f"{LANGUAGE}.toml").read_text(encoding="utf-8"))


def say(key: str, **values) -> str:
    """The catalog's text at a dotted ``key`` ("mail.subject.invitation"), with ``values`` filled in."""
    node: Any = _catalog()
    for part in key.split("."):
        node = node[part]
    return str(node).format(**values)


def day(moment: dt.datetime) -> str:
    """'Tue, Mar 2, 2027'"""
    return _format(moment, "day")


def long_day(moment: dt.datetime) -> str:
    """'Tuesday, March 2, 2027'"""
    return _format(moment, "long_day")


def date(moment: dt.datetime) -> str:
    """'Mar 2, 2027'"""
    return _format(moment, "date")


def short_day(moment: dt.datetime) -> str:
    """'Mar 2'"""
    return _format(moment, "short_day")


def when(start: dt.datetime, end: dt.datetime) -> str:
    """'Tuesday, March 2, 2027, 6:30 – 7:30 PM Mountain Time', in the meeting's own zone."""
    return f"{long_day(start)}, {hours(start, end)} {zone_name(start.tzinfo)}"


def hours(start: dt.datetime, end: dt.datetime) -> str:
    """'6:30 – 7:30 PM'"""
    return _format(start, "hours", end)


def zone_name(zone) -> str:
    """'Mountain Time'; a zone Babel can only name by country and city is named by its city."""
    name = dates.get_timezone_name(zone, width="long", locale=LOCALE)
    if "(" in name and isinstance(zone, ZoneInfo):
        return f"{zone.key.rpartition('/')[2].replace('_', ' ')} time"
    return name


def _format(moment: dt.datetime, what: str, end: dt.datetime | None = None) -> str:
    """The one place dates become words (until the kit has one Babel date formatter for every output)."""
    if what == "hours":
        return dates.format_interval(moment, end, "hm", locale=LOCALE)
    if what == "long_day":
        return dates.format_date(moment, "full", locale=LOCALE)
    return dates.format_skeleton({"day": "yMMMEd", "date": "yMMMd", "short_day": "MMMd"}[what], moment, locale=LOCALE)
