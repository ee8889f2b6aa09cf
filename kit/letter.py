"""The readable part of an invitation: what a neighbor reads in the text and HTML parts, in the catalog's
words (kit/data/texts/), so that a mail program that shows no calendar still says when, where and what changed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import jinja2
from icalendar import Event

from . import calendar as cal
from . import texts
from .events import Season, Session
from .languages import Language
from .profile import Profile
from .resources import template_path

if TYPE_CHECKING:
    from .mail import Planned

MAX_DATES = 12  # dates listed in a series' message before "and N more"


@dataclass(frozen=True)
class Letter:
    """The readable part of a message, in the catalog's words, for the text and the HTML template alike."""

    subject: str
    lead: str
    facts: list[tuple[str, str]]
    changes: list[tuple[str, str]]
    reason: str
    action: str
    footer: str
    signature: str
    changed_label: str
    reason_label: str
    language: str  # the language tag of the HTML part ("es-US")


def compose(profile: Profile, season: Season, plan: Planned, words: Language) -> Letter:
    """The message in ``words``, its group's language (or the one ``events invite --language`` asked for)."""
    say = words.say
    vevent = plan.vevent
    start, end = vevent.decoded("dtstart"), vevent.decoded("dtend")
    series = plan.entry.series if plan.entry else None
    group = plan.entry.group.name if plan.entry else plan.title
    first = texts.day(start, words)
    facts = [(say("mail.label.what"), cal.summary(plan.entry.session, words) if plan.entry else plan.title)]
    if series and plan.kind != "cancel_meeting":
        meetings = [s for s in season.instances(series.id) if not s.cancelled or series.cancelled]
        facts.append((say("mail.label.when"), texts.when(meetings[0].start, meetings[0].end, words)
                       if meetings else ""))
        facts.append((say("mail.label.dates"), _dates(meetings, words)))
        when = say("mail.value.series_from", day=first)
    else:
        facts.append((say("mail.label.when"), texts.when(start, end, words)))
        when = first
    facts.append((say("mail.label.where"), str(vevent.get("location", ""))))
    presenter = plan.entry.session.presenter if plan.entry else None
    if presenter:
        facts.append((say("mail.label.who"), say("mail.value.presenter", agency=profile.agency.short_name,
                                                 name=", ".join(p for p in (presenter.name, presenter.title) if p))))
    lead_key = plan.kind + ("_series" if series and plan.kind in ("invitation", "update") else "")
    lead_key = "cancel_deleted" if plan.title else lead_key
    action = {"invitation": "request", "update": "update"}.get(plan.kind, "cancel")
    return Letter(
        subject=say(f"mail.subject.{plan.kind}", group=group, when=when, day=first),
        lead=say(f"mail.lead.{lead_key}", group=group, title=plan.title, day=texts.long_day(start, words)),
        facts=facts,
        changes=_changes(plan, words) if plan.kind == "update" else [],
        reason=plan.reason,
        action=say(f"mail.action.{action}"),
        footer=say("mail.footer.questions", agency=profile.agency.short_name, number=profile.agency.non_emergency),
        signature=profile.organizer.name,
        changed_label=say("mail.label.changed"),
        reason_label=say("mail.label.reason"),
        language=words.tag,
    )


def _dates(meetings: list[Session], words: Language) -> str:
    """'Feb 1, Mar 1, Apr 5 (2027)', or with the year on each date when the meetings span two."""
    one_year = len({s.start.year for s in meetings}) == 1
    shown = ", ".join((texts.short_day if one_year else texts.date)(s.start, words) for s in meetings[:MAX_DATES])
    if len(meetings) > MAX_DATES:
        shown += ", " + words.say("mail.value.more_dates", count=len(meetings) - MAX_DATES,
                                  last=texts.date(meetings[-1].start, words))
    elif meetings and one_year:
        shown += f" ({meetings[0].start.year})"
    return shown


def _changes(plan: Planned, words: Language) -> list[tuple[str, str]]:
    """What this neighbor's calendar will show differently, in words."""
    say = words.say

    def long_day(moment: dt.datetime) -> str:
        return texts.long_day(moment, words)

    before, after = plan.before, plan.vevent
    found = []
    if before is not None:
        old_start, old_end = before.decoded("dtstart"), before.decoded("dtend")
        new_start, new_end = after.decoded("dtstart"), after.decoded("dtend")
        if old_start.date() != new_start.date():
            found.append((say("mail.change.date"), _was_now(long_day(old_start), long_day(new_start), words)))
        old_hours, new_hours = texts.hours(old_start, old_end, words), texts.hours(new_start, new_end, words)
        if old_hours != new_hours:
            found.append((say("mail.change.time"), _was_now(old_hours, new_hours, words)))
        for key, label in (("location", "place"), ("summary", "topic")):
            if str(before.get(key, "")) != str(after.get(key, "")):
                found.append((say(f"mail.change.{label}"),
                              _was_now(str(before.get(key, "")), str(after.get(key, "")), words)))
        if _rule(before) != _rule(after):
            found.append((say("mail.change.dates"), ""))
    if plan.called_off:
        found.append((say("mail.change.called_off"), ", ".join(long_day(s.start) for s in plan.called_off)))
    if plan.back_on:
        found.append((say("mail.change.back_on"), ", ".join(long_day(s.start) for s in plan.back_on)))
    return found or [(say("mail.change.details"), "")]


def _rule(vevent: Event) -> bytes:
    rule: Any = vevent.get("rrule")  # icalendar's stubs type a property as a union of every value class
    return rule.to_ical() if rule else b""


def _was_now(before: str, after: str, words: Language) -> str:
    return words.say("mail.value.was_now", before=before, after=after)


def render(letter: Letter, form: str) -> str:
    """``form`` "text" or "html": kit/templates/mail/message.{txt,html}.j2."""
    return _template("message.html.j2" if form == "html" else "message.txt.j2").render(letter=letter)


@lru_cache(maxsize=2)
def _template(name: str) -> jinja2.Template:
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(str(template_path("mail"))),
                                     autoescape=name.endswith(".html.j2"), undefined=jinja2.StrictUndefined,
                                     trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    return environment.get_template(name)
