"""The papers a volunteer prints for one talk: sign-up sheet, sign-in sheet and anonymous question cards."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence
from urllib.parse import quote

from .dates import LOCALE, meeting_time
from .errors import EventsError
from .events import Season, Session
from .files import output_set
from .printing import check_paper, qr_svg, write_document
from .profile import Profile
from .readers import read_csv, yes_no

# Blank rows after the expected head count: people bring neighbours.
SPARE_ROWS = 5
QUESTION_CARDS_PER_PAGE = 8
# One line on the sheet. No promise of secrecy: a police sign-up sheet may be a public record.
PRIVACY_NOTE = ("Phone and e-mail are optional; {agency} uses them only to contact you about block watch, "
                "if you tick \u201cOK to contact\u201d.")


@dataclass(frozen=True)
class Expected:
    """A resident who said yes. ``session_id`` None: expected at every session printed."""

    name: str
    session_id: str | None = None


def rsvp(value: str, *, where: Path, line: int, column: str) -> bool:
    answer = yes_no(value)
    if answer is None:
        raise EventsError(f"column '{column}' is {value!r}; write yes or no", where=where, line=line, field=column)
    return answer


def read_roster(path: Path) -> tuple[Expected, ...]:
    """A CSV with ``name`` and optionally ``rsvp`` (yes/no; missing means yes) and ``session_id``; a group's own
    roster (events/rosters/) reads too, its contact columns ignored."""
    expected = []
    optional = ("rsvp", "session_id", "email", "street", "phone", "ok_to_contact")
    for line, row in read_csv(path, required=("name",), optional=optional):
        if not row.get("name"):
            raise EventsError("column 'name' is empty; fill it in or delete the row", where=path, line=line)
        if rsvp(row.get("rsvp", "yes"), where=path, line=line, column="rsvp"):
            expected.append(Expected(name=row["name"], session_id=row.get("session_id") or None))
    return tuple(expected)


def select_talks(season: Season, session_id: str | None, now: dt.datetime) -> tuple[Session, ...]:
    """The talk asked for, or each group's next talk (one not over and not called off)."""
    if session_id is None:
        return season.next_talks(now)
    talk = season.talk(session_id)  # a meeting's id is refused, naming the group's talk
    if talk.cancelled:
        raise EventsError(f"talk '{session_id}' is cancelled; there is no talk to print for")
    return (talk,)


def calendar_link(profile: Profile, session: Session) -> str | None:
    """Where ``events ics`` puts this talk's .ics once uploaded; None when kit.toml sets no base URL."""
    if not profile.calendar_base_url:
        return None
    return profile.calendar_base_url.rstrip("/") + "/sessions/" + quote(session.id) + ".ics"


def when(session: Session, profile: Profile, locale: str = LOCALE) -> str:
    """'Tuesday, March 10, 2026, 6:30 PM – 7:30 PM MDT' in the kit's time zone and language."""
    return meeting_time(session.start.astimezone(profile.zone), session.end.astimezone(profile.zone), locale)


def names_for(session: Session, roster: Sequence[Expected]) -> list[str]:
    return [e.name for e in roster if e.session_id in (None, session.id)]


def row_count(session: Session, names: Sequence[str]) -> int:
    return max(session.head_count, len(names)) + SPARE_ROWS


def _context(profile: Profile, session: Session, names: Sequence[str]) -> dict:
    names = list(names)
    rows = row_count(session, names)
    return {
        "agency": profile.agency,
        "session": session,
        "when": when(session, profile),
        "rows": [names[i] if i < len(names) else "" for i in range(rows)],
    }


def write_signup_sheet(profile: Profile, session: Session, folder: Path, *, paper: str = "letter",
                       names: Sequence[str] = (), draft: bool = False):
    link = calendar_link(profile, session)
    return write_document(
        "signup.html.j2", folder / "signup", paper=paper, branding=profile.branding, draft=draft,
        qr=qr_svg(link) if link else None, link=link,
        privacy=PRIVACY_NOTE.format(agency=profile.agency.short_name),
        **_context(profile, session, names),
    )


def write_signin_sheet(profile: Profile, session: Session, folder: Path, *, paper: str = "letter",
                       names: Sequence[str] = (), draft: bool = False):
    return write_document("signin.html.j2", folder / "signin", paper=paper, branding=profile.branding, draft=draft,
                          **_context(profile, session, names))


def write_question_cards(profile: Profile, session: Session, folder: Path, *, paper: str = "letter",
                         draft: bool = False):
    return write_document(
        "questions.html.j2", folder / "questions", paper=paper, branding=profile.branding, draft=draft,
        agency=profile.agency, session=session, when=when(session, profile), cards=range(QUESTION_CARDS_PER_PAGE),
    )


def folder_name(session: Session) -> str:
    # The id becomes a folder name: refuse anything that would write outside --out.
    if not session.id or session.id in {".", ".."} or any(sep in session.id for sep in "/\\"):
        raise EventsError(f"session id {session.id!r} cannot be a folder name; use letters, digits and hyphens")
    return session.id


def write_session_sheets(profile: Profile, sessions: Sequence[Session], out_dir: Path, *, paper: str = "letter",
                         roster: Sequence[Expected] = (), draft: bool = False) -> list[Path]:
    """For each session, a folder ``OUT/<session id>/`` with sign-up, sign-in and question cards (HTML + PDF);
    ``draft``: each page marked DRAFT."""
    check_paper(paper)
    written = []
    with output_set():  # every session's sheets or none, and no empty session folder
        for session in sessions:
            folder = Path(out_dir) / folder_name(session)
            names = names_for(session, roster)
            for printed in (
                write_signup_sheet(profile, session, folder, paper=paper, names=names, draft=draft),
                write_signin_sheet(profile, session, folder, paper=paper, names=names, draft=draft),
                write_question_cards(profile, session, folder, paper=paper, draft=draft),
            ):
                written += [printed.html, printed.pdf]
    return written
