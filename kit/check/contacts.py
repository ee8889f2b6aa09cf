"""Rules on the numbers residents will call: each is verified, recent, and the one the built-in table knows."""

from __future__ import annotations

import datetime as dt
import re

from ..contacts import Contact
from .core import ERROR, WARNING, Finding, Kit, file_line, toml_line
from .messages import say
from .numbers import phone_digits, phones

YEAR = re.compile(r"\b(?:19[89]\d|20\d\d)\b")


def contact_findings(kit: Kit, printed: str) -> list[Finding]:
    findings = agency_number(kit)
    for contact in kit.profile.contacts.values():
        findings += age(kit, contact) + unverified(kit, contact, printed) + differs(kit, contact)
    return findings


def _where(kit: Kit, contact: Contact, key: str | None = None) -> tuple[str, int | None]:
    return str(kit.profile.file), toml_line(kit.profile.file, f"contacts.{contact.key}", key)


def source_date(contact: Contact) -> dt.date | None:
    """The date of the page a number was seen on: given, or the last day of the latest year its source names."""
    if contact.source_date:
        return contact.source_date
    texts = [getattr(contact, name, "") for name in ("source", "citation", "note")]
    years = [int(y) for text in texts for y in YEAR.findall(text or "")]
    return dt.date(max(years), 12, 31) if years else None


def age(kit: Kit, contact: Contact) -> list[Finding]:
    """Age runs from the agency's own check; without one, from the source's date, else from when we recorded it."""
    days, today = kit.profile.check.contact_max_age_days, kit.today
    where, line = _where(kit, contact)
    label = contact.label
    if contact.verified is None and (seen := source_date(contact)) and (today - seen).days > days:
        return [Finding(WARNING, "contact-stale", where, line,
                        say("contact-source-old", key=contact.key, label=label, year=seen.year, days=days))]
    checked = contact.verified or contact.recorded
    if checked and (today - checked).days > days:
        return [Finding(WARNING, "contact-stale", where, line,
                        say("contact-stale", key=contact.key, label=label, checked=checked, days=days))]
    return []


def unverified(kit: Kit, contact: Contact, printed: str) -> list[Finding]:
    shown = any(value and value in printed for value in (contact.number, contact.url))
    if shown and contact.verified is None and re.search(r"\bconfirm\b", contact.status):
        where, line = _where(kit, contact)
        return [Finding(WARNING, "contact-unverified", where, line,
                        say("contact-unverified", key=contact.key, reach=contact.reach))]
    return []


def differs(kit: Kit, contact: Contact) -> list[Finding]:
    """kit.toml gives a number the built-in table has differently: one of the two is wrong."""
    builtin = kit.builtin_contacts.get(contact.key)
    if builtin is None or not builtin.number or not contact.number:
        return []
    own, ours = _dialled(contact.number), _dialled(builtin.number)
    if own & ours:
        return []
    where, line = _where(kit, contact, "number")
    return [Finding(WARNING, "contact-differs", where, line,
                    say("contact-differs", key=contact.key, own=contact.number, builtin=builtin.number))]


def _dialled(number: str) -> set[str]:
    return {phone_digits(p) for p in phones(number)} or {re.sub(r"\D", "", number)}


def agency_number(kit: Kit) -> list[Finding]:
    """Slides, wallet cards and the leaflet print the agency's non-emergency number; an empty one leaves a gap."""
    profile = kit.profile
    if profile.agency.non_emergency.strip():
        return []
    return [Finding(ERROR, "agency-number", str(profile.file), file_line(profile.file, r"^\s*non_emergency\s*="),
                    say("agency-number"))]
