"""Dates and times in words, as a language writes them (its ``[dates]`` in ``texts.toml``), for invitations.

Babel writes them for the language's locale, never the operating system's: the same kit sends the same words
from any computer. Each language chooses its forms: Spanish subjects use whole words, since Babel's short
Spanish dates are ambiguous ("mar" is both martes and marzo).
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from babel import dates

from .languages import Language

WIDTHS = ("full", "long", "medium", "short")


def day(moment: dt.datetime, language: Language) -> str:
    """'Tue, Mar 2, 2027'; 'martes, 2 de marzo de 2027'."""
    return _format(moment, "day", language)


def long_day(moment: dt.datetime, language: Language) -> str:
    """'Tuesday, March 2, 2027'"""
    return _format(moment, "long_day", language)


def date(moment: dt.datetime, language: Language) -> str:
    """'Mar 2, 2027'"""
    return _format(moment, "date", language)


def short_day(moment: dt.datetime, language: Language) -> str:
    """'Mar 2'"""
    return _format(moment, "short_day", language)


def when(start: dt.datetime, end: dt.datetime, language: Language) -> str:
    """'Tuesday, March 2, 2027, 6:30 – 7:30 PM Mountain Time', in the meeting's own zone."""
    return f"{long_day(start, language)}, {hours(start, end, language)} {zone_name(start.tzinfo, language)}"


def hours(start: dt.datetime, end: dt.datetime, language: Language) -> str:
    """'6:30 – 7:30 PM'"""
    return dates.format_interval(start, end, "hm", locale=language.locale)


def zone_name(zone, language: Language) -> str:
    """'Mountain Time'; a zone Babel can only name by country and city is named by its city."""
    name = dates.get_timezone_name(zone, width="long", locale=language.locale)
    if "(" in name and isinstance(zone, ZoneInfo):
        return language.say("dates.zone_city", city=zone.key.rpartition("/")[2].replace("_", " "))
    return name


def _format(moment: dt.datetime, what: str, language: Language) -> str:
    """The language's form for ``what``: a Babel width ("full") or a CLDR skeleton ("yMMMEd")."""
    form = language.say(f"dates.{what}")
    if form in WIDTHS:
        return dates.format_date(moment, form, locale=language.locale)
    return dates.format_skeleton(form, moment, locale=language.locale)
