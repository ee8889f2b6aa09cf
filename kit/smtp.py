"""Sending invitations over SMTP: a password only ever goes over TLS, and one refusal loses no neighbor.

A message the server refuses for good (5xx to RCPT TO, or at the end of DATA: a full mailbox, a content or
policy rule) is recorded for that neighbor and the batch goes on; the same message is not tried again on
the next run unless asked (``retry_refused``), a changed message is. Anything else (a connection lost, a
4xx "try later") stops the batch where it is, and the next run sends the rest.
"""

from __future__ import annotations

import ipaddress
import smtplib
import ssl
from dataclasses import dataclass
from typing import Callable

from .errors import DeliveryError, PartialDelivery
from .events import Season
from .mail import Held, Invitation, ascii_address, not_delivered, pending
from .profile import Profile
from .state import State

SMTP_TIMEOUT = 30


@dataclass(frozen=True)
class SmtpServer:
    host: str
    port: int
    starttls: bool = False
    ssl: bool = False      # implicit TLS from the first byte (port 465)
    user: str = ""
    password: str = ""

    @property
    def where(self) -> str:
        return f"{self.host}:{self.port}"


def server(value: str, *, starttls: bool = False, implicit_tls: bool = False, user: str = "") -> SmtpServer:
    """HOST:PORT and how to secure it; a login without TLS is refused (but on this machine's loopback)."""
    host, _, port = value.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise DeliveryError(f"the SMTP server must be HOST:PORT like smtp.example.org:587, not {value!r}",
                            hint="smtp-address")
    if starttls and implicit_tls:
        raise DeliveryError("STARTTLS (port 587) and TLS from the first byte (port 465) exclude each other",
                            hint="smtp-tls-both")
    found = SmtpServer(host=host.strip("[]"), port=int(port), starttls=starttls, ssl=implicit_tls, user=user)
    if user and not (starttls or implicit_tls or is_loopback(found.host)):
        raise DeliveryError(f"the SMTP password for '{user}' would travel unencrypted to {found.where}",
                            hint="smtp-tls")
    return found


def is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def send_invitations(profile: Profile, season: Season, state: State, smtp_server: SmtpServer, *,
                     only: str | None = None, retry_refused: bool = False, language: str | None = None,
                     report: Callable[[Invitation], None] = lambda i: None) -> int:
    """Send what is pending and return how many went out; raise PartialDelivery naming every neighbor who got
    nothing (refused now, refused before, or an address no server takes) once the rest has gone out."""
    batch = pending(profile, season, state, only=only, retry_refused=retry_refused, language=language)
    sent, refused = 0, []
    if batch.invitations:
        with _SmtpSession(smtp_server) as smtp:
            for invitation in batch.invitations:
                try:
                    smtp.send_message(invitation.message, from_addr=ascii_address(profile.organizer.email),
                                      to_addrs=[invitation.address])
                except smtplib.SMTPSenderRefused as exc:
                    # About our own address, not the neighbor's: no neighbor is marked refused for it.
                    raise DeliveryError(f"sent {sent} of {len(batch.invitations)} messages, then {smtp_server.where} "
                                        f"refused the sender {exc.sender!r} ({_reason(exc)}); check [organizer] "
                                        "email in kit.toml; the rest are still pending", hint="invite-again") from None
                except (smtplib.SMTPException, OSError) as exc:
                    if not _refused_for_good(exc):
                        raise DeliveryError(
                            f"sent {sent} of {len(batch.invitations)} messages, then {invitation.method} "
                            f"{invitation.label} to {invitation.email} failed ({_reason(exc)}); the "
                            f"{len(batch.invitations) - sent} not sent are still pending",
                            hint="invite-again") from None
                    state.record_refused(invitation.uid, invitation.email, invitation.record, _reason(exc))
                    refused.append(Held(invitation.email, invitation.label, _reason(exc)))
                    continue
                state.record_sent(invitation.uid, invitation.email, invitation.record, invitation.event_text,
                                  sequence=invitation.sequence, revision=invitation.revision)
                sent += 1
                report(invitation)
    if refused or batch.held:
        raise PartialDelivery(f"sent {sent} of {len(batch.invitations) + len(batch.held)} messages; "
                              + not_delivered(refused + batch.held), hint="retry-refused")
    return sent


def _refused_for_good(exc: Exception) -> bool:
    """A permanent (RFC 5321 5xx) answer about this one message: the neighbor's address at RCPT, or the message
    at the end of DATA. smtplib has sent RSET by then, so the session goes on."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in exc.recipients.values())
    return isinstance(exc, smtplib.SMTPDataError) and exc.smtp_code >= 500


class _SmtpSession:
    """SMTP session: TLS and login only when asked; failures become one DeliveryError line."""

    def __init__(self, smtp_server: SmtpServer):
        self.server = smtp_server
        self.smtp: smtplib.SMTP | None = None

    def __enter__(self) -> smtplib.SMTP:
        server = self.server
        try:
            if server.ssl:
                self.smtp = smtplib.SMTP_SSL(server.host, server.port, timeout=SMTP_TIMEOUT,
                                             context=ssl.create_default_context())
            else:
                self.smtp = smtplib.SMTP(server.host, server.port, timeout=SMTP_TIMEOUT)
            if server.starttls:
                self.smtp.starttls(context=ssl.create_default_context())
            if server.user:
                self.smtp.login(server.user, server.password)
        except smtplib.SMTPAuthenticationError as exc:
            self._close()
            raise DeliveryError(f"SMTP server {server.where} refused the login for '{server.user}' ({_reason(exc)}); "
                                "nothing was sent", hint="smtp-login") from None
        except (smtplib.SMTPException, OSError) as exc:
            self._close()
            raise DeliveryError(f"cannot use SMTP server {server.where} ({_reason(exc)}); nothing was sent",
                                hint="smtp" if server.starttls or server.ssl else "smtp-starttls") from None
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
