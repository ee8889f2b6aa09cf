"""iMIP invitations (RFC 6047): one message per neighbor, written as .eml files or sent over SMTP.

What to send comes from comparing each neighbor's record in the state file with the season: a new neighbor
or a changed event gets a REQUEST, a called-off meeting or event a CANCEL, an unchanged one nothing.
Every delivery is recorded at once, so a batch that breaks half-way is resumed, never repeated.
"""

from __future__ import annotations

import datetime as dt
import smtplib
import ssl
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, make_msgid
from pathlib import Path
from typing import Callable, cast

from icalendar import Calendar, Event, vCalAddress

from . import calendar as cal
from .errors import DeliveryError
from .events import Resident, Season
from .files import ensure_dir, write_bytes
from .profile import Profile
from .state import State

SMTP_TIMEOUT = 30


@dataclass(frozen=True)
class Invitation:
    """One message to one neighbor, and what the state file records once it is delivered."""

    uid: str
    label: str            # the session or series id, or the session id of a called-off meeting
    method: str           # REQUEST or CANCEL
    email: str
    message: EmailMessage
    record: dict
    event_text: str | None = None

    @property
    def file_name(self) -> str:
        return f"{self.label}.{self.method.lower()}.{self.email}.eml"


@dataclass(frozen=True)
class SmtpServer:
    host: str
    port: int
    starttls: bool = False
    user: str = ""
    password: str = ""


# ---------------------------------------------------------------- what to send


def pending(profile: Profile, season: Season, state: State, *, only: str | None = None,
            stamp: dt.datetime | None = None) -> list[Invitation]:
    """Every message the neighbors' calendars still need, in a stable order."""
    stamp = stamp or dt.datetime.now(dt.timezone.utc)
    entries = cal.entries(profile, season)
    if only is not None:
        if only not in {e.id for e in entries}:
            season.session(only)  # an unknown id raises here, with a "did you mean"
        entries = [e for e in entries if e.id == only or any(s.id == only for s in season.instances(e.id))]
    found = []
    for entry in entries:
        sequence = state.revise(entry.uid, cal.revision(profile, entry))
        invited = [r for r in season.residents(entry.group.id) if r.ok_to_contact]
        for resident in invited:
            found += _for_neighbor(profile, entry, resident, state, sequence, stamp)
        found += _uninvited(profile, entry, {r.email.lower() for r in invited}, state, sequence, stamp)
    if only is None:
        found += _deleted(profile, {e.uid for e in cal.entries(profile, season)}, state, stamp)
    return found


def _for_neighbor(profile, entry: cal.Entry, resident: Resident, state: State, sequence: int,
                  stamp) -> list[Invitation]:
    before = state.sent(entry.uid, resident.email)
    fingerprint = cal.fingerprint(profile, entry)
    called_off = [s.id for s in entry.cancelled_instances]
    record = {"method": "REQUEST", "sequence": sequence, "fingerprint": fingerprint, "cancelled": called_off}
    if entry.cancelled:
        if before and before["method"] == "REQUEST":
            return [_whole(profile, entry, resident.name, resident.email, "CANCEL", sequence, stamp)]
        return []
    if (before is None or before["method"] == "CANCEL" or before["fingerprint"] != fingerprint
            or set(before["cancelled"]) - set(called_off)):
        return [_whole(profile, entry, resident.name, resident.email, "REQUEST", sequence, stamp, record)]
    told, found = list(before["cancelled"]), []
    for session in entry.cancelled_instances:
        if session.id not in told:
            told.append(session.id)  # each record holds every cancel sent so far, should a later one fail
            found.append(_instance_cancel(profile, entry, session, resident, sequence, stamp,
                                          dict(record, cancelled=list(told))))
    return found


def _uninvited(profile, entry: cal.Entry, invited: set[str], state: State, sequence: int, stamp):
    """Neighbors taken off a roster (or who withdrew consent) get the event off their calendar."""
    return [_whole(profile, entry, "", email, "CANCEL", sequence, stamp)
            for email, before in sorted(state.recipients(entry.uid).items())
            if email not in invited and before["method"] == "REQUEST"]


def _deleted(profile: Profile, current: set[str], state: State, stamp) -> list[Invitation]:
    """Events deleted from events/ after they were sent: cancel them from the last copy sent."""
    found = []
    for uid in sorted(set(state.objects) - current):
        holders = [email for email, before in sorted(state.recipients(uid).items()) if before["method"] == "REQUEST"]
        text = state.last_event(uid)
        if not holders or text is None:
            continue
        record = state.objects[uid]
        sequence = record["sequence"] if record["revision"] == "deleted" else state.bump(uid)
        for email in holders:
            vevent = cast(Event, Calendar.from_ical(f"BEGIN:VCALENDAR\r\n{text}END:VCALENDAR\r\n").walk("VEVENT")[0])
            vevent["status"] = "CANCELLED"
            found.append(_message(profile, uid, uid.partition("@")[0], "", email, "CANCEL", vevent, sequence, stamp,
                                  {"method": "CANCEL", "sequence": sequence, "deleted": True}))
    return found


def _whole(profile, entry: cal.Entry, name: str, email: str, method: str, sequence: int, stamp,
           record: dict | None = None) -> Invitation:
    vevent = cal.event(profile, entry, sequence=sequence, stamp=stamp)
    if method == "CANCEL":
        vevent["status"] = "CANCELLED"
    record = record or {"method": "CANCEL", "sequence": sequence}
    return _message(profile, entry.uid, entry.id, name, email, method, vevent, sequence, stamp, record,
                    keep=method == "REQUEST")


def _instance_cancel(profile, entry: cal.Entry, session, resident: Resident, sequence: int, stamp,
                     record: dict) -> Invitation:
    vevent = cal.instance_cancel_event(profile, entry, session, sequence=sequence, stamp=stamp)
    return _message(profile, entry.uid, session.id, resident.name, resident.email, "CANCEL", vevent, sequence,
                    stamp, record)


def _message(profile: Profile, uid: str, label: str, name: str, email: str, method: str, vevent: Event,
             sequence: int, stamp, record: dict, keep: bool = False) -> Invitation:
    """Address the event to this neighbor alone (rule 16) and wrap it in a mail (rule 8)."""
    keep_text = _vevent_text(vevent) if keep else None
    for volatile in ("dtstamp", "sequence"):
        vevent.pop(volatile, None)
    vevent.add("dtstamp", stamp.astimezone(dt.timezone.utc))
    vevent.add("sequence", sequence)
    vevent.add("organizer", cal.organizer_address(profile))
    vevent.add("attendee", _attendee(name, email))
    calendar = cal.calendar(profile, method, [vevent])
    return Invitation(uid=uid, label=label, method=method, email=email,
                      message=mime(profile, name, email, method, str(vevent.get("summary", "")),
                                   cal.to_bytes(calendar), sequence, stamp),
                      record=record, event_text=keep_text)


def _vevent_text(vevent: Event) -> str:
    return vevent.to_ical().decode("utf-8")


def _attendee(name: str, email: str) -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    if name:
        address.params["CN"] = name
    address.params["ROLE"] = "REQ-PARTICIPANT"
    address.params["PARTSTAT"] = "NEEDS-ACTION"
    address.params["RSVP"] = "TRUE"
    return address


def mime(profile: Profile, name: str, email: str, method: str, summary: str, ics: bytes, sequence: int,
         stamp: dt.datetime) -> EmailMessage:
    """multipart/alternative: a plain-text note, then the inline text/calendar part with the same METHOD."""
    message = EmailMessage(policy=policy.SMTP)
    message["From"] = formataddr((profile.organizer.name, profile.organizer.email))
    message["To"] = formataddr((name, email)) if name else email
    message["Subject"] = _subject(method, sequence, summary)
    message["Date"] = format_datetime(stamp.astimezone(dt.timezone.utc))
    message["Message-ID"] = make_msgid(domain=cal.uid_host(profile))
    message.set_content(_body(profile, method, summary))
    message.add_alternative(ics, maintype="text", subtype="calendar",
                            params={"charset": "UTF-8", "method": method})
    return message


def _subject(method: str, sequence: int, summary: str) -> str:
    if method == "CANCEL":
        return f"Cancelled: {summary}"
    return f"{'Updated invitation' if sequence else 'Invitation'}: {summary}"


def _body(profile: Profile, method: str, summary: str) -> str:
    if method == "CANCEL":
        lead = f"This block-watch meeting has been called off: {summary}."
    else:
        lead = f"You are invited to a block-watch meeting: {summary}. Accept it to add it to your calendar."
    return (f"{lead}\n\nQuestions: {profile.agency.short_name} non-emergency line {profile.agency.non_emergency}."
            f"\nIn an emergency call 911.\n\n{profile.organizer.name}\n")


# ---------------------------------------------------------------- delivery


def as_bytes(invitation: Invitation) -> bytes:
    """The message with CRLF line ends, as SMTP carries it."""
    return invitation.message.as_bytes(policy=policy.SMTP)


def write_invitations(profile: Profile, season: Season, state: State | None, out_dir: Path,
                      *, only: str | None = None, report: Callable[[Invitation], None] = lambda i: None) -> list[Path]:
    """Pending invitations as ``out_dir/{label}.{method}.{email}.eml``; each counts as delivered once written.

    Pass ``state=None`` (the demo) to write every invitation as new without keeping a record.
    """
    state = state or State.memory()
    out_dir = ensure_dir(Path(out_dir))
    written = []
    for invitation in pending(profile, season, state, only=only):
        written.append(write_bytes(out_dir / invitation.file_name, as_bytes(invitation)))
        state.record_sent(invitation.uid, invitation.email, invitation.record, invitation.event_text)
        report(invitation)
    state.save()
    return written


def send_invitations(profile: Profile, season: Season, state: State, server: SmtpServer, *,
                     only: str | None = None, report: Callable[[Invitation], None] = lambda i: None) -> int:
    """Send what is pending over SMTP and return how many went out.

    An address the server refuses for good (5xx to RCPT TO) is skipped and named at the end, so one mistyped
    address in a roster does not hold back the rest; any other failure stops the batch where it is.
    """
    invitations = pending(profile, season, state, only=only)
    state.save()
    if not invitations:
        return 0
    sent, refused = 0, []
    with _SmtpSession(server) as smtp:
        for invitation in invitations:
            try:
                smtp.send_message(invitation.message, from_addr=profile.organizer.email, to_addrs=[invitation.email])
            except (smtplib.SMTPException, OSError) as exc:
                if not _refused_for_good(exc):
                    raise DeliveryError(
                        f"sent {sent} of {len(invitations)} messages, then {invitation.method} {invitation.label} to "
                        f"{invitation.email} failed ({_reason(exc)}); the {len(invitations) - sent} not sent are "
                        "still pending", hint="invite-again") from None
                refused.append(f"{invitation.email} ({_reason(exc)})")
                continue
            state.record_sent(invitation.uid, invitation.email, invitation.record, invitation.event_text)
            sent += 1
            report(invitation)
    if refused:
        shown = "; ".join(refused[:3]) + (f"; and {len(refused) - 3} more" if len(refused) > 3 else "")
        raise DeliveryError(f"sent {sent} of {len(invitations)} messages; the server refused {len(refused)}: {shown}; "
                            "fix those addresses in the roster", hint="invite-again")
    return sent


def _refused_for_good(exc: Exception) -> bool:
    """The server refused the neighbor's address for good (RFC 5321 5xx at RCPT); the session goes on."""
    return isinstance(exc, smtplib.SMTPRecipientsRefused) and all(
        code >= 500 for code, _ in exc.recipients.values())


class _SmtpSession:
    """SMTP session: STARTTLS and login only when asked; failures become one DeliveryError line."""

    def __init__(self, server: SmtpServer):
        self.server = server
        self.smtp: smtplib.SMTP | None = None

    def __enter__(self) -> smtplib.SMTP:
        server = self.server
        where = f"{server.host}:{server.port}"
        try:
            self.smtp = smtplib.SMTP(server.host, server.port, timeout=SMTP_TIMEOUT)
            if server.starttls:
                self.smtp.starttls(context=ssl.create_default_context())
            if server.user:
                self.smtp.login(server.user, server.password)
        except smtplib.SMTPAuthenticationError as exc:
            self._close()
            raise DeliveryError(f"SMTP server {where} refused the login for '{server.user}' ({_reason(exc)}); "
                                "nothing was sent", hint="smtp-login") from None
        except (smtplib.SMTPException, OSError) as exc:
            self._close()
            raise DeliveryError(f"cannot use SMTP server {where} ({_reason(exc)}); nothing was sent",
                                hint="smtp" if server.starttls else "smtp-starttls") from None
        return self.smtp

    def __exit__(self, *exc_info) -> None:
        self._close()

    def _close(self) -> None:
        if self.smtp is not None:
            try:
                self.smtp.quit()
            except (smtplib.SMTPException, OSError):
                self.smtp.close()


def _reason(exc: Exception) -> str:
    if isinstance(exc, smtplib.SMTPResponseException):
        text = exc.smtp_error.decode("utf-8", "replace") if isinstance(exc.smtp_error, bytes) else str(exc.smtp_error)
        return f"{exc.smtp_code} {text}".strip()
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        # One recipient a message, named by the caller already.
        return "; ".join(f"{code} {msg.decode('utf-8', 'replace')}" for code, msg in exc.recipients.values())
    return str(exc) or type(exc).__name__

