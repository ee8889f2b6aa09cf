"""Publish the season to a shared CalDAV calendar (Nextcloud, Radicale, iCloud, Fastmail) with plain HTTP.

Before anything is written the URL is asked (PROPFIND) whether it is a calendar that takes events; an
account or folder URL is refused with the calendars found under it, and the server is left untouched.
One object per UID (RFC 4791 §4.1): the server is listed first, so an event already there - whoever put it
there, under whatever name - is replaced in place (If-Match on its ETag) instead of added a second time.
Stored objects carry no METHOD, and a mark of the revision they hold: with it, publishing after the state
file was lost neither lowers a SEQUENCE nor leaves behind an event deleted from ``events/``.
"""

from __future__ import annotations

import base64
import datetime as dt
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Callable
from urllib.parse import quote, urljoin, urlsplit
from xml.etree import ElementTree

from icalendar import Calendar

from . import calendar as cal
from .errors import DeliveryError
from .events import Season
from .profile import Profile
from .smtp import is_loopback
from .state import State

TIMEOUT = 30
DAV = "{DAV:}"
CALDAV = "{urn:ietf:params:xml:ns:caldav}"
MARK = "X-BLOCKWATCH-REVISION"  # on every event we store: what it holds, so it can be recognized as ours
LIST_QUERY = b"""<?xml version="1.0" encoding="utf-8"?>
<C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
  <D:prop><D:getetag/><C:calendar-data/></D:prop>
  <C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT"/></C:comp-filter></C:filter>
</C:calendar-query>"""
PROPERTIES = b"""<?xml version="1.0" encoding="utf-8"?>
<D:propfind xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
  <D:prop><D:resourcetype/><D:displayname/><C:supported-calendar-component-set/><C:calendar-home-set/></D:prop>
</D:propfind>"""


@dataclass(frozen=True)
class Remote:
    href: str              # absolute URL of the object
    etag: str
    sequence: int = 0
    revision: str = ""     # our mark; "" on an event another program put there


@dataclass(frozen=True)
class Account:
    url: str
    user: str = ""
    password: str = ""


def account(url: str, user: str = "") -> Account:
    """A calendar URL as the user gave it, checked before any password is asked for."""
    parts = urlsplit(url.strip())
    example = "like https://cloud.example.org/remote.php/dav/calendars/me/blockwatch/"
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise DeliveryError(f"the CalDAV address must be the calendar's full address starting with https://, "
                            f"{example}, not {url!r}", hint="caldav-address")
    try:
        _ = parts.port  # urllib raises ValueError for a port that is not a number
    except ValueError:
        raise DeliveryError(f"the CalDAV address has a port that is not a number ({parts.netloc!r}); {example}",
                            hint="caldav-address") from None
    if user and parts.scheme != "https" and not is_loopback(parts.hostname):
        raise DeliveryError(f"the CalDAV password for '{user}' would travel unencrypted to {parts.hostname}; "
                            "give the https:// address of the calendar")
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    return Account(parts._replace(path=path).geturl(), user)


def publish(profile: Profile, season: Season, state: State, account: Account, *,
            report: Callable[[str, str], None] = lambda action, uid: None) -> dict[str, int]:
    """PUT every event (only when changed or missing), DELETE ours that left the season; counts per action."""
    check_calendar(account)
    remote = list_objects(account)
    stamp = dt.datetime.now(dt.timezone.utc)
    counts = {"created": 0, "updated": 0, "unchanged": 0, "deleted": 0}
    current = set()
    for entry in cal.entries(profile, season):
        current.add(entry.uid)
        action = _put(profile, entry, state, account, remote.get(entry.uid), stamp)
        counts[action] += 1
        report(action, entry.uid)
    ours = f"@{cal.uid_host(profile)}"
    for uid, where in sorted(remote.items()):
        if uid not in current and uid.endswith(ours) and (where.revision or state.published(uid)):
            _request(account, "DELETE", where.href, headers={"If-Match": where.etag} if where.etag else {})
            state.record_published(uid, None)
            counts["deleted"] += 1
            report("deleted", uid)
    return counts


def _put(profile: Profile, entry: cal.Entry, state: State, account: Account, existing: Remote | None,
         stamp: dt.datetime) -> str:
    revision = cal.revision(profile, entry)
    sequence = state.sequence_for(entry.uid, revision)
    if existing and existing.revision == revision:
        if state.published(entry.uid) is None:  # the state file was lost: learn what the server holds
            state.record_published(entry.uid, {"url": account.url}, sequence=existing.sequence, revision=revision)
        return "unchanged"
    if existing:
        sequence = max(sequence, existing.sequence + 1)  # SEQUENCE on the server never goes down
    vevent = cal.event(profile, entry, sequence=sequence, stamp=stamp)
    vevent.add(MARK, revision)
    body = cal.to_bytes(cal.calendar(profile, None, [vevent]))
    if existing:
        href, headers = existing.href, ({"If-Match": existing.etag} if existing.etag else {})
    else:
        href, headers = urljoin(account.url, quote(entry.id) + ".ics"), {"If-None-Match": "*"}
    headers["Content-Type"] = "text/calendar; charset=utf-8"
    _request(account, "PUT", href, body, headers)
    state.record_published(entry.uid, {"url": account.url}, sequence=sequence, revision=revision)
    return "updated" if existing else "created"


def check_calendar(account: Account) -> None:
    """Refuse, before writing anything, a URL that is not a calendar taking events (RFC 4791 §5.2.3)."""
    found = _properties(account, account.url, depth="0")
    mine = found.get(account.url) or next(iter(found.values()), None)
    if mine is not None and mine["calendar"] and mine["events"]:
        return
    if mine is not None and mine["calendar"]:
        raise DeliveryError(f"{account.url} is a calendar for tasks or notes, not for events; give the address of a "
                            "calendar that holds events")
    home = urljoin(account.url, mine["home"]) if mine and mine["home"] else account.url
    calendars = [url for url, props in _properties(account, home, depth="1").items()
                 if props["calendar"] and props["events"] and url != home]
    if calendars:
        raise DeliveryError(f"{account.url} is not a calendar but holds calendars", hint="caldav-pick",
                            details={"calendars": ", ".join(sorted(calendars))})
    raise DeliveryError(f"{account.url} is not a calendar and holds none", hint="caldav-create")


def _properties(account: Account, url: str, *, depth: str) -> dict[str, dict]:
    reply = _request(account, "PROPFIND", url, PROPERTIES, {"Depth": depth,
                                                           "Content-Type": "application/xml; charset=utf-8"})
    found = {}
    for response in _xml(account, reply).iter(f"{DAV}response"):
        href = urljoin(url, response.findtext(f"{DAV}href") or "")
        props = {}
        for propstat in response.iter(f"{DAV}propstat"):
            if " 200 " in f" {propstat.findtext(f'{DAV}status') or ''} ":
                for prop in propstat.iter(f"{DAV}prop"):
                    props.update({child.tag: child for child in prop})
        kinds = props.get(f"{CALDAV}supported-calendar-component-set")
        home = props.get(f"{CALDAV}calendar-home-set")
        found[href] = {
            "calendar": props.get(f"{DAV}resourcetype") is not None
            and props[f"{DAV}resourcetype"].find(f"{CALDAV}calendar") is not None,
            # Without the property a calendar takes every kind of component (RFC 4791 §5.2.3).
            "events": kinds is None or any(c.get("name", "").upper() == "VEVENT" for c in kinds.iter(f"{CALDAV}comp")),
            "home": home.findtext(f"{DAV}href") if home is not None else "",
        }
    return found


def list_objects(account: Account) -> dict[str, Remote]:
    """UID -> where the calendar keeps it, its ETag, SEQUENCE and our mark (REPORT calendar-query, RFC 4791 §7.8)."""
    reply = _request(account, "REPORT", account.url, LIST_QUERY,
                     {"Depth": "1", "Content-Type": "application/xml; charset=utf-8"})
    found = {}
    for response in _xml(account, reply).iter(f"{DAV}response"):
        href = response.findtext(f"{DAV}href") or ""
        data = response.findtext(f".//{CALDAV}calendar-data") or ""
        etag = response.findtext(f".//{DAV}getetag") or ""
        try:
            events = Calendar.from_ical(data).walk("VEVENT") if data.strip() else []
        except ValueError:
            continue  # another program's object that icalendar cannot read: not ours to touch
        for vevent in events:
            if "RECURRENCE-ID" in vevent:
                continue
            found[str(vevent.get("uid", "")).strip()] = Remote(
                href=urljoin(account.url, href), etag=etag, sequence=int(vevent.get("sequence", 0)),
                revision=str(vevent.get(MARK, "")))
    return found


def _xml(account: Account, reply: bytes) -> ElementTree.Element:
    try:
        return ElementTree.fromstring(reply)
    except ElementTree.ParseError:
        raise DeliveryError(f"{account.url} answered with something that is not WebDAV XML; is it a CalDAV "
                            "calendar URL?") from None


def _request(account: Account, method: str, url: str, body: bytes | None = None, headers: dict | None = None) -> bytes:
    request = urllib.request.Request(url, data=body, method=method, headers=dict(headers or {}))
    if account.user:
        token = base64.b64encode(f"{account.user}:{account.password}".encode()).decode()
        request.add_header("Authorization", f"Basic {token}")
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            return response.read()
    except urllib.error.HTTPError as exc:
        message, hint = _http_problem(account, method, url, exc.code)
        raise DeliveryError(message, hint=hint) from None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        raise DeliveryError(f"cannot reach {urlsplit(url).netloc} ({reason}); re-running publishes whatever is "
                            "missing", hint="caldav-url") from None


def _http_problem(account: Account, method: str, url: str, code: int) -> tuple[str, str | None]:
    """What went wrong, and the key of the advice ``cli.py`` words about its flags, if any."""
    if code == 401:
        return (f"the CalDAV server refused the login{f' for {account.user!r}' if account.user else ''} (401)",
                "caldav-login")
    if code in (404, 409) and method in ("PROPFIND", "REPORT", "PUT"):
        return f"no calendar at {account.url} ({code}); create it on the server first", "caldav-url"
    if code in (403, 405, 501) and method == "PROPFIND":
        return f"{account.url} is not a CalDAV address (HTTP {code} to PROPFIND); give the calendar's CalDAV URL", None
    if code == 403:
        return f"the CalDAV server forbids {method} on {url} (403); check that this user may write the calendar", None
    if code == 412:
        return f"{url} changed on the server while publishing (412)", "publish-again"
    return f"the CalDAV server answered {method} {url} with HTTP {code}; re-running publishes whatever is missing", None
