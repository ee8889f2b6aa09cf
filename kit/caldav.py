"""Publish the season to a shared CalDAV calendar (Nextcloud, Radicale, iCloud, Fastmail) with plain HTTP.

One object per UID (RFC 4791 §4.1): the server is listed first, so an event already there - whoever put it
there, under whatever name - is replaced in place (If-Match on its ETag) instead of added a second time.
Stored objects carry no METHOD. Events deleted from ``events/`` are deleted from the calendar.
"""

from __future__ import annotations

import base64
import datetime as dt
import re
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Callable
from urllib.parse import quote, urljoin, urlparse
from xml.etree import ElementTree

from . import calendar as cal
from .errors import DeliveryError
from .events import Season
from .profile import Profile
from .state import State

TIMEOUT = 30
DAV = "{DAV:}"
CALDAV = "{urn:ietf:params:xml:ns:caldav}"
LIST_QUERY = b"""<?xml version="1.0" encoding="utf-8"?>
<C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
  <D:prop><D:getetag/><C:calendar-data/></D:prop>
  <C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT"/></C:comp-filter></C:filter>
</C:calendar-query>"""
UID_LINE = re.compile(r"^UID:(.*)$", re.MULTILINE)


@dataclass(frozen=True)
class Remote:
    href: str       # absolute URL of the object
    etag: str


@dataclass(frozen=True)
class Account:
    url: str
    user: str = ""
    password: str = ""


def publish(profile: Profile, season: Season, state: State, account: Account, *,
            report: Callable[[str, str], None] = lambda action, uid: None) -> dict[str, int]:
    """PUT every event (only when changed or missing), DELETE ours that left the season; counts per action."""
    url = account.url if account.url.endswith("/") else account.url + "/"
    account = Account(url, account.user, account.password)
    remote = list_objects(account)
    stamp = dt.datetime.now(dt.timezone.utc)
    counts = {"created": 0, "updated": 0, "unchanged": 0, "deleted": 0}
    current = set()
    for entry in cal.entries(profile, season):
        current.add(entry.uid)
        action = _put(profile, entry, state, account, remote.get(entry.uid), stamp)
        counts[action] += 1
        report(action, entry.uid)
    for uid, where in sorted(remote.items()):
        published = state.published(uid)
        if uid not in current and published and published["url"] == url:
            _request(account, "DELETE", where.href, headers={"If-Match": where.etag} if where.etag else {})
            state.record_published(uid, None)
            counts["deleted"] += 1
            report("deleted", uid)
    state.save()
    return counts


def _put(profile: Profile, entry: cal.Entry, state: State, account: Account, existing: Remote | None,
         stamp: dt.datetime) -> str:
    revision = cal.revision(profile, entry)
    sequence = state.revise(entry.uid, revision)
    published = state.published(entry.uid)
    if existing and published == {"url": account.url, "revision": revision}:
        return "unchanged"
    body = cal.to_bytes(cal.calendar(profile, None, [cal.event(profile, entry, sequence=sequence, stamp=stamp)]))
    if existing:
        href, headers = existing.href, ({"If-Match": existing.etag} if existing.etag else {})
    else:
        href, headers = urljoin(account.url, quote(entry.id) + ".ics"), {"If-None-Match": "*"}
    headers["Content-Type"] = "text/calendar; charset=utf-8"
    _request(account, "PUT", href, body, headers)
    state.record_published(entry.uid, {"url": account.url, "revision": revision})
    return "updated" if existing else "created"


def list_objects(account: Account) -> dict[str, Remote]:
    """UID -> where the calendar keeps it and its ETag (REPORT calendar-query, RFC 4791 §7.8)."""
    reply = _request(account, "REPORT", account.url, LIST_QUERY,
                     {"Depth": "1", "Content-Type": "application/xml; charset=utf-8"})
    try:
        tree = ElementTree.fromstring(reply)
    except ElementTree.ParseError:
        raise DeliveryError(f"{account.url} answered the calendar listing with something that is not WebDAV XML; "
                            "is it a CalDAV calendar URL?") from None
    found = {}
    for response in tree.iter(f"{DAV}response"):
        href = response.findtext(f"{DAV}href") or ""
        data = response.findtext(f".//{CALDAV}calendar-data") or ""
        etag = response.findtext(f".//{DAV}getetag") or ""
        for uid in set(UID_LINE.findall(data.replace("\r\n ", "").replace("\n ", ""))):
            found[uid.strip()] = Remote(href=urljoin(account.url, href), etag=etag)
    return found


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
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise DeliveryError(f"cannot reach {urlparse(url).netloc} ({reason}); re-running publishes whatever is "
                            "missing", hint="caldav-url") from None


def _http_problem(account: Account, method: str, url: str, code: int) -> tuple[str, str | None]:
    """What went wrong, and the key of the advice ``cli.py`` words for it."""
    if code == 401:
        return f"the CalDAV server refused the login{f' for {account.user!r}' if account.user else ''} (401)", \
            "caldav-login"
    if code == 403:
        return f"the CalDAV server forbids {method} on {url} (403); check that this user may write the calendar", None
    if code in (404, 409) and method in ("REPORT", "PUT"):
        return f"no calendar at {account.url} ({code}); create it on the server first", "caldav-url"
    if code == 412:
        return f"{url} changed on the server while publishing (412)", "publish-again"
    return f"the CalDAV server answered {method} {url} with HTTP {code}; re-running publishes whatever is missing", None
