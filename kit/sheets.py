"""The papers a volunteer prints for one meeting: sign-up sheet, sign-in sheet and anonymous question cards."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Sequence
from urllib.parse import quote

from .dates import LOCALE, meeting_time
from .errors import EventsError
from .events import Session, unknown_session
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
    """A CSV with ``name`` and optionally ``rsvp`` (yes/no; missing means yes) and ``session_id``."""
    expected = []
    for line, row in read_csv(path, required=("name",), optional=("rsvp", "session_id", "email", "street", "phone")):
        if not row.get("name"):
            raise EventsError("column 'name' is empty; fill it in or delete the row", where=path, line=line)
        if rsvp(row.get("rsvp", "yes"), where=path, line=line, column="rsvp"):
            expected.append(Expected(name=row["name"], session_id=row.get("session_id") or None))
    return tuple(expected)


def select_sessions(sessions: Sequence[Session], session_id: str | None) -> tuple[Session, ...]:
    """The one session asked for, or every session not cancelled."""
    if session_id is None:
        return tuple(s for s in sessions if not s.cancelled)
    for session in sessions:
        if session.id == session_id:
            if session.cancelled:
                raise EventsError(f"session '{session_id}' is cancelled; there is no meeting to print for")
            return (session,)
    raise unknown_session(session_id, [s.id for s in sessions])


def calendar_link(profile: Profile, session: Session) -> str | None:
    """Where the calendar engineer publishes this session's .ics; None when kit.toml sets no base URL."""
    if not profile.calendar_base_url:
        return None
    return profile.calendar_base_url.rstrip("/") + "/sessions/" + quote(session.id) + ".ics"


def when(session: Session, profile: Profile, locale: str = LOCALE) -> str:
    """'Tuesday, March 10, 2026, 6:30 PM – 7:30 PM MDT' in the kit's time zone and language."""
    return meeting_time(session.start.astimezone(profile.zone), session.end.astimezone(profile.zone), locale)


def names_for(session: Session, roster: Sequence[Expected]) -> list[str]:
    return [e.name for e in roster if e.session_id in (None, session.id)]


def row_count(session: Session, names: Sequence[str]) -> int:
    return max(session.capacity, len(names)) + SPARE_ROWS


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
                       names: Sequence[str] = ()):
    link = calendar_link(profile, session)
    return write_document(
        "signup.html.j2", folder / "signup", paper=paper, branding=profile.branding,
        qr=qr_svg(link) if link else None, link=link,
        privacy=PRIVACY_NOTE.format(agency=profile.agency.short_name),
        **_context(profile, session, names),
    )


def write_signin_sheet(profile: Profile, session: Session, folder: Path, *, paper: str = "letter",
                       names: Sequence[str] = ()):
    return write_document("signin.html.j2", folder / "signin", paper=paper, branding=profile.branding,
                          **_context(profile, session, names))


def write_question_cards(profile: Profile, session: Session, folder: Path, *, paper: str = "letter"):
    return write_document(
        "questions.html.j2", folder / "questions", paper=paper, branding=profile.branding,
        agency=profile.agency, session=session, when=when(session, profile), cards=range(QUESTION_CARDS_PER_PAGE),
    )


def folder_name(session: Session) -> str:
    # The id becomes a folder name: refuse anything that would write outside --out.
    if not session.id or session.id in {".", ".."} or any(sep in session.id for sep in "/\\"):
        raise EventsError(f"session id {session.id!r} cannot be a folder name; use letters, digits and hyphens")
    return session.id


def write_session_sheets(profile: Profile, sessions: Sequence[Session], out_dir: Path, *, paper: str = "letter",
                         roster: Sequence[Expected] = ()) -> list[Path]:
    """For each session, a folder ``OUT/<session id>/`` with sign-up, sign-in and question cards (HTML + PDF)."""
    check_paper(paper)
    written = []
    with output_set():  # every session's sheets or none, and no empty session folder
        for session in sessions:
            folder = Path(out_dir) / folder_name(session)
            names = names_for(session, roster)
            for printed in (
                write_signup_sheet(profile, session, folder, paper=paper, names=names),
                write_signin_sheet(profile, session, folder, paper=paper, names=names),
                write_question_cards(profile, session, folder, paper=paper),
            ):
                written += [printed.html, printed.pdf]
    return written
