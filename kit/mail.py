"""iMIP invitations (RFC 6047): one message per neighbor, written as .eml files or sent (kit/smtp.py).

What to send is planned first, without changing anything: each neighbor's record in the state file is
compared with the season, and a new neighbor or a changed event gets a REQUEST, a called-off meeting or
event a CANCEL, an unchanged one nothing. Each message says in words what the calendar part says (when,
where, what changed, why it was cancelled), carries the calendar inline and as ``invite.ics``, and is
recorded as delivered only once it is written or the server has taken it.
"""

from __future__ import annotations

import datetime as dt
import warnings
from dataclasses import dataclass, field
from email import policy
from email.header import Header
from email.headerregistry import Address
from email.message import EmailMessage, MIMEPart
from email.utils import format_datetime, make_msgid
from pathlib import Path
from typing import Any, Callable, cast

from icalendar import Calendar, Event, vCalAddress

from . import calendar as cal
from .errors import KitWarning, PartialDelivery
from .events import Resident, Season, Session
from .files import output_set, write_bytes
from .languages import Language
from .letter import Letter, compose, render
from .profile import Profile
from .state import DELETED, State


@dataclass(frozen=True)
class Invitation:
    """One message to one neighbor, and what the state file records once it is delivered."""

    uid: str
    label: str            # the session or series id, or the session id of a called-off meeting
    method: str           # REQUEST or CANCEL
    email: str            # as in the roster
    address: str          # as sent: the domain in ASCII (IDNA)
    message: EmailMessage
    record: dict
    sequence: int
    revision: str
    event_text: str | None = None

    @property
    def file_name(self) -> str:
        return f"{self.label}.{self.method.lower()}.{self.email.replace('/', '_')}.eml"


@dataclass(frozen=True)
class Held:
    """A message not sent, and why: an address no mail server can take, or one refused for good before."""

    email: str
    label: str
    reason: str


@dataclass(frozen=True)
class Batch:
    invitations: list[Invitation]
    held: list[Held] = field(default_factory=list)


@dataclass(frozen=True)
class Planned:
    """What one neighbor needs, before it is put into words."""

    kind: str             # invitation, update, cancel_meeting, cancel_event, cancel_series, removed
    method: str
    uid: str
    label: str
    name: str
    email: str
    vevent: Event
    sequence: int
    revision: str
    record: dict
    entry: cal.Entry | None = None
    reason: str = ""
    before: Event | None = None   # the event as last sent, for "what changed"
    called_off: tuple[Session, ...] = ()  # meetings this neighbor now learns are off
    back_on: tuple[Session, ...] = ()     # meetings this neighbor was told were off, on again
    title: str = ""               # an event deleted from events/: its summary as last sent


# ---------------------------------------------------------------- what to send


def pending(profile: Profile, season: Season, state: State, *, only: str | None = None,
            stamp: dt.datetime | None = None, retry_refused: bool = False, language: str | None = None) -> Batch:
    """Every message the neighbors' calendars still need, in a stable order. Changes nothing. Each is worded
    in its group's language, or in ``language`` where given."""
    stamp = stamp or dt.datetime.now(dt.timezone.utc)
    entries = cal.entries(profile, season)  # one per talk: the groups' regular meetings are never invited to
    if only is not None:
        season.talk(only)  # an unknown id, or a meeting's, raises here, with a "did you mean" or the group's talk
        entries = [e for e in entries if e.id == only]
    planned = []
    for entry in entries:
        revision = cal.revision(profile, entry)
        sequence = state.sequence_for(entry.uid, revision)
        invited = [r for r in season.residents(entry.group.id) if r.ok_to_contact]
        for resident in invited:
            planned += _for_neighbor(profile, season, entry, resident, state, sequence, revision, stamp)
        planned += _uninvited(profile, entry, {r.email.lower() for r in invited}, state, sequence, revision, stamp)
    if only is None:
        planned += _deleted(profile, {e.uid for e in entries}, state, stamp)
    batch = Batch(invitations=[])
    for plan in planned:
        problem = address_problem(plan.email)
        refused = None if retry_refused else state.refused(plan.uid, plan.email)
        if problem:
            batch.held.append(Held(plan.email, plan.label, problem))
        elif refused and _same(refused, plan.record):
            batch.held.append(Held(plan.email, plan.label, f"refused before: {refused['answer']}"))
        else:
            group = plan.entry.group.language if plan.entry else None
            batch.invitations.append(_invitation(profile, season, plan, stamp, profile.speaks(language or group)))
    return batch


def _same(refused: dict, record: dict) -> bool:
    return {k: v for k, v in refused.items() if k not in ("answer", "at")} == record


def _for_neighbor(profile, season: Season, entry: cal.Entry, resident: Resident, state: State, sequence: int,
                  revision: str, stamp) -> list[Planned]:
    before = state.sent(entry.uid, resident.email)
    fingerprint = cal.fingerprint(profile, entry)
    called_off = [s.id for s in entry.cancelled_instances]
    plan: dict[str, Any] = dict(uid=entry.uid, name=resident.name, email=resident.email, sequence=sequence,
                                revision=revision, entry=entry)
    if entry.cancelled:
        if not before or before["method"] != "REQUEST":
            return []
        kind = "cancel_series" if entry.series else "cancel_event"
        return [Planned(kind=kind, method="CANCEL", label=entry.id, vevent=_event(profile, entry, sequence, stamp),
                        record={"method": "CANCEL", "sequence": sequence}, reason=entry.reason, **plan)]
    record = {"method": "REQUEST", "sequence": sequence, "fingerprint": fingerprint, "cancelled": called_off}
    if (before is None or before["method"] == "CANCEL" or before["fingerprint"] != fingerprint
            or set(before["cancelled"]) - set(called_off)):
        fresh = before is None or before["method"] == "CANCEL"
        sent_off = set(before["cancelled"] if before is not None and not fresh else ())
        return [Planned(kind="invitation" if fresh else "update", method="REQUEST", label=entry.id,
                        vevent=_event(profile, entry, sequence, stamp), record=record,
                        before=None if fresh else _last_event(state, entry.uid),
                        called_off=tuple(s for s in entry.cancelled_instances if s.id not in sent_off),
                        back_on=tuple(s for s in season.instances(entry.id) if s.id in sent_off - set(called_off)),
                        **plan)]
    told, found = list(before["cancelled"]), []
    for session in entry.cancelled_instances:
        if session.id not in told:
            told.append(session.id)  # each record holds every cancel sent so far, should a later one fail
            reason = season.reasons.get(session.id, "")
            vevent = cal.instance_cancel_event(profile, entry, session, sequence=sequence, stamp=stamp, reason=reason)
            found.append(Planned(kind="cancel_meeting", method="CANCEL", label=session.id, vevent=vevent,
                                 record=dict(record, cancelled=list(told)), reason=reason, **plan))
    return found


def _uninvited(profile, entry: cal.Entry, invited: set[str], state: State, sequence: int, revision: str,
               stamp) -> list[Planned]:
    """Neighbors taken off a roster (or who withdrew consent) get the event off their calendar."""
    return [Planned(kind="removed", method="CANCEL", uid=entry.uid, label=entry.id, name="", email=email,
                    vevent=_event(profile, entry, sequence, stamp), sequence=sequence, revision=revision,
                    record={"method": "CANCEL", "sequence": sequence}, entry=entry)
            for email, before in sorted(state.recipients(entry.uid).items())
            if email not in invited and before["method"] == "REQUEST"]


def _deleted(profile: Profile, current: set[str], state: State, stamp) -> list[Planned]:
    """Events deleted from events/ after they were sent: cancel them from the last copy sent. One that is over
    (a past season's talk, its bookings put away) is left alone: there is nothing to take off a calendar."""
    found = []
    for uid in sorted(set(state.objects) - current):
        holders = [email for email, before in sorted(state.recipients(uid).items()) if before["method"] == "REQUEST"]
        vevent = _last_event(state, uid)
        if not holders or vevent is None or _over(vevent, stamp):
            continue
        sequence = state.sequence_for(uid, DELETED)
        title = str(vevent.get("summary", ""))
        for email in holders:
            copy = _last_event(state, uid)
            if copy is None:
                continue
            copy["status"] = "CANCELLED"
            copy["summary"] = profile.speaks().say("calendar.cancelled_summary", summary=title)
            found.append(Planned(kind="cancel_event", method="CANCEL", uid=uid, label=uid.partition("@")[0], name="",
                                 email=email, vevent=copy, sequence=sequence, revision=DELETED, title=title,
                                 record={"method": "CANCEL", "sequence": sequence, "deleted": True}))
    return found


def _over(vevent: Event, stamp: dt.datetime) -> bool:
    """A single event that has ended (a series' last meeting is not worked out here: it is never over)."""
    return "RRULE" not in vevent and vevent.decoded("dtend") < stamp


def _event(profile: Profile, entry: cal.Entry, sequence: int, stamp) -> Event:
    return cal.event(profile, entry, sequence=sequence, stamp=stamp)


def _last_event(state: State, uid: str) -> Event | None:
    text = state.last_event(uid)
    if text is None:
        return None
    return cast(Event, Calendar.from_ical(f"BEGIN:VCALENDAR\r\n{text}END:VCALENDAR\r\n").walk("VEVENT")[0])


# ---------------------------------------------------------------- addresses


def address_problem(email: str) -> str | None:
    """Why no mail server can be handed this address as it is written, or None when it can."""
    local, _, domain = email.rpartition("@")
    if not local.isascii():
        return ("the part before the @ has letters outside plain ASCII, which most mail servers cannot deliver; "
                "ask the neighbor for another address")
    try:
        domain.encode("idna")
    except UnicodeError:
        return "the part after the @ is not a domain name mail can be sent to"
    return None


def ascii_address(email: str) -> str:
    """The address as sent: an international domain (exámple.net) in its ASCII form (xn--exmple-qta.net)."""
    local, _, domain = email.rpartition("@")
    return f"{local}@{domain.encode('idna').decode('ascii')}"


def roster_address_problems(season: Season) -> list[tuple[str, Resident, str]]:
    """(group id, resident, why) for every neighbor who agreed to be contacted but cannot be mailed."""
    return [(group.id, resident, problem) for group in season.groups for resident in season.residents(group.id)
            if resident.ok_to_contact and (problem := address_problem(resident.email))]


# ---------------------------------------------------------------- the message


def _invitation(profile: Profile, season: Season, plan: Planned, stamp, words: Language) -> Invitation:
    """Address the event to this neighbor alone and wrap it in a mail (calendar rules 16 and 8, docs/events.md)."""
    vevent = plan.vevent
    keep_text = vevent.to_ical().decode("utf-8") if plan.method == "REQUEST" else None
    address = ascii_address(plan.email)
    for volatile in ("dtstamp", "sequence"):
        vevent.pop(volatile, None)
    vevent.add("dtstamp", stamp.astimezone(dt.timezone.utc))
    vevent.add("sequence", plan.sequence)
    vevent.add("organizer", cal.organizer_address(profile))
    vevent.add("attendee", _attendee(plan.name, address, plan.method))
    ics = cal.to_bytes(cal.calendar(profile, plan.method, [vevent]))
    letter = compose(profile, season, plan, words)
    return Invitation(uid=plan.uid, label=plan.label, method=plan.method, email=plan.email, address=address,
                      message=mime(profile, plan.name, address, plan.method, letter, ics, stamp),
                      record=plan.record, sequence=plan.sequence, revision=plan.revision, event_text=keep_text)


def _attendee(name: str, email: str, method: str) -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    if name:
        address.params["CN"] = cal.cn(name)
    address.params["ROLE"] = "REQ-PARTICIPANT"
    if method == "REQUEST":  # a cancellation asks for no answer
        address.params["PARTSTAT"] = "NEEDS-ACTION"
        address.params["RSVP"] = "TRUE"
    return address


def mime(profile: Profile, name: str, email: str, method: str, letter: Letter, ics: bytes,
         stamp: dt.datetime) -> EmailMessage:
    """The structure Google sends: multipart/mixed { multipart/alternative { text, HTML, the calendar with
    its METHOD }, invite.ics } so that a mail program that ignores the inline calendar still offers the file."""
    message = EmailMessage(policy=policy.SMTP)
    # Structured addresses: a name with a comma, quote or accent stays one mailbox (a broken From is refused).
    message["From"] = Address(display_name=profile.organizer.name, addr_spec=ascii_address(profile.organizer.email))
    message["To"] = Address(display_name=name, addr_spec=email)
    if letter.subject.isascii():
        message["Subject"] = letter.subject
    else:  # encoded here: CPython's refolding loses a space between encoded words of a long subject (gh-121284)
        message.set_raw("Subject", Header(letter.subject, "utf-8", header_name="Subject").encode())
    message["Date"] = format_datetime(stamp.astimezone(dt.timezone.utc))
    message["Message-ID"] = make_msgid(domain=cal.uid_host(profile))
    message["MIME-Version"] = "1.0"  # once, here: the parts are MIMEParts, which do not repeat it
    body = MIMEPart(policy=policy.SMTP)
    body.set_content(render(letter, "text"))
    body.add_alternative(render(letter, "html"), subtype="html")
    calendar = MIMEPart(policy=policy.SMTP)
    calendar.set_content(ics, maintype="text", subtype="calendar", params={"charset": "UTF-8", "method": method})
    body.attach(calendar)
    attachment = MIMEPart(policy=policy.SMTP)
    attachment.set_content(ics, maintype="application", subtype="ics", disposition="attachment",
                           filename="invite.ics", params={"name": "invite.ics"})
    message.make_mixed()
    message.attach(body)  # type: ignore[arg-type]  # typeshed wants an EmailMessage; any MIMEPart works
    message.attach(attachment)  # type: ignore[arg-type]
    return message


def as_bytes(invitation: Invitation) -> bytes:
    """The message with CRLF line ends, as SMTP carries it."""
    return invitation.message.as_bytes(policy=policy.SMTP)


# ---------------------------------------------------------------- .eml files


def dated_folder(parent: Path, now: dt.datetime, *, preview: bool = False) -> Path:
    """A folder of its own for one run's messages (``2027-01-05-183000``, or ``preview-...``), never reused."""
    stem = ("preview-" if preview else "") + now.strftime("%Y-%m-%d-%H%M%S")
    folder, number = Path(parent) / stem, 1
    while folder.exists():
        number += 1
        folder = Path(parent) / f"{stem}-{number}"
    return folder


def write_invitations(profile: Profile, season: Season, state: State | None, out_dir: Path, *,
                      only: str | None = None, record: bool = True, retry_refused: bool = False,
                      language: str | None = None,
                      report: Callable[[Invitation], None] = lambda i: None) -> list[Path]:
    """Pending invitations as ``out_dir/{label}.{method}.{email}.eml``, all or none; with ``record`` each counts
    as delivered once every file is written. Pass ``state=None`` (the demo) to write every invitation as new.

    Neighbors no message can be written for are named at the end: PartialDelivery, or notes in a preview.
    """
    record = record and state is not None
    state = state or State.memory()
    batch = pending(profile, season, state, only=only, retry_refused=retry_refused, language=language)
    written = []
    with output_set():
        for invitation in batch.invitations:
            written.append(write_bytes(Path(out_dir) / invitation.file_name, as_bytes(invitation)))
    for invitation in batch.invitations:
        if record:
            state.record_sent(invitation.uid, invitation.email, invitation.record, invitation.event_text,
                              sequence=invitation.sequence, revision=invitation.revision)
        report(invitation)
    if batch.held and record:
        raise PartialDelivery(f"wrote {len(written)} of {len(written) + len(batch.held)} messages to {out_dir}; "
                              + not_delivered(batch.held), hint="retry-refused")
    for item in batch.held:
        warnings.warn(f"no message for {item.email} ({item.label}): {item.reason}", KitWarning, stacklevel=2)
    return written


def not_delivered(held: list[Held]) -> str:
    """Each address once, with the server's answer (or the kit's reason) and how many messages it missed."""
    by_address: dict[str, list[Held]] = {}
    for item in held:
        by_address.setdefault(item.email.lower(), []).append(item)
    shown = []
    for items in by_address.values():
        reasons = "; ".join(dict.fromkeys(item.reason for item in items))
        count = f"; {len(items)} messages" if len(items) > 1 else ""
        shown.append(f"{items[0].email} ({reasons}{count})")
    return f"{len(by_address)} neighbor(s) got nothing: {', '.join(shown)}; fix those addresses in the roster"
