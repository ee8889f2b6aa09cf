"""Every date and time a user reads (title slide, sheets, run-sheet, session lists), worded by Babel (CLDR).

The locale is a parameter (``"en_US"`` today, ``"es_US"`` later), never the machine's: the same kit prints
the same sheets on any computer. Babel loads on first use: importing ``babel.dates`` looks for the machine's
time zone among some 600 zone files, which a deck without a date has no need of.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

LOCALE = "en_US"
# CLDR puts a narrow no-break space before AM/PM; printers' fonts and pdftotext handle a plain space best.
_NARROW_SPACE = "\u202f"


def long_date(moment: dt.date, locale: str = LOCALE) -> str:
    """'Tuesday, March 9, 2027'."""
    from babel.dates import format_date

    return format_date(moment, format="full", locale=locale)


def weekday_name(moment: dt.date, locale: str = LOCALE) -> str:
    """'Tuesday'."""
    from babel.dates import format_date

    return format_date(moment, format="EEEE", locale=locale)


def clock(moment: dt.datetime | dt.time, locale: str = LOCALE) -> str:
    """'6:30 PM' (the locale's short time)."""
    from babel.dates import format_time

    return format_time(moment, format="short", locale=locale).replace(_NARROW_SPACE, " ")


def clock_24(moment: dt.datetime | dt.time) -> str:
    """'18:30': run-sheets and session lists, read beside a 24-hour schedule."""
    return f"{moment.hour:02d}:{moment.minute:02d}"


def day_and_date(moment: dt.date, locale: str = LOCALE) -> str:
    """'Tue 2027-01-05': a sortable date with its weekday, for lists."""
    from babel.dates import format_date

    return format_date(moment, format="EEE yyyy-MM-dd", locale=locale)


def meeting_time(start: dt.datetime, end: dt.datetime, locale: str = LOCALE) -> str:
    """'Tuesday, March 9, 2027, 6:30 PM – 7:30 PM MST' (times as given: convert to the kit's zone first)."""
    return f"{long_date(start, locale)}, {clock(start, locale)} \u2013 {clock(end, locale)} {end.tzname()}"


def read_clock(written: str) -> dt.time:
    """18:30, or a time as many people write it: 6:30pm, 6:30 p.m., 6 PM; ValueError for anything else."""
    twelve_hour = re.fullmatch(r"\s*(\d{1,2})(?::(\d{2}))?\s*([ap])\.?\s*m\.?\s*", written, re.IGNORECASE)
    if twelve_hour and 1 <= int(twelve_hour[1]) <= 12:
        hour = int(twelve_hour[1]) % 12 + (12 if twelve_hour[3].lower() == "p" else 0)
        return dt.time(hour, int(twelve_hour[2] or 0))
    return dt.time.fromisoformat(written.strip())


def read_date(written: str) -> dt.date:
    """A date written year first (2027-03-20); ValueError saying what is wrong with anything else."""
    try:
        return dt.date.fromisoformat(written.strip())
    except ValueError:
        pass
    year_first = re.fullmatch(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*", written)
    if year_first and 1 <= int(year_first[2]) <= 12:
        year, month = int(year_first[1]), int(year_first[2])
        days = calendar.monthrange(year, month)[1]
        raise ValueError(f"is {written.strip()}, a day no calendar has ({calendar.month_name[month]} {year} has "
                         f"{days} days)")
    if re.fullmatch(r"\s*\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\s*", written):
        raise ValueError(f"is {written!r}, which reads as two different days in two countries; write it year "
                         f"first, like 2027-03-20 (in a spreadsheet, format the column as yyyy-mm-dd)")
    raise ValueError(f"must be a date like 2027-03-20, not {written!r}")
