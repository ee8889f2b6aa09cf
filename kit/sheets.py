"""The papers a volunteer prints for one talk: sign-up sheet, sign-in sheet and anonymous question cards."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar, Sequence
from urllib.parse import quote

from .dates import LOCALE, meeting_time
from .errors import EventsError
from .events import Season, Session
from .files import output_set
from .languages import Language
from .printing import Document, check_paper, qr_svg, render_document, write_documents
from .profile import Profile
from .readers import read_csv, yes_no

# Blank rows after the expected head count: people bring neighbours.
SPARE_ROWS = 5
QUESTION_CARDS_PER_PAGE = 8

# The writing rows' geometry, in mm. The width of a page's text is the paper's less print.css's side margins
# (`@page { margin: ... 14mm ... 14mm }`): the rows' columns are laid out in mm for it, so that the lines drawn
# under the rows fall on the header's column borders.
TEXT_WIDTH_MM = {"letter": 215.9 - 2 * 14, "a4": 210.0 - 2 * 14}
NUMBER_COLUMN_MM = 7.0
LINE_MM = 0.6 * 25.4 / 72  # print.css's 0.6pt rules
TICK_BOX_MM = 4.0
TEXT_INSET_MM = 1.5  # between a column's line and its text


@dataclass(frozen=True)
class RowColumns:
    """A sheet's writing columns: between the row number and the tick box, each a share of the text width (None:
    what is left); the name column comes first."""

    shares: tuple[float | None, ...]
    tick_mm: float

    def widths(self, paper: str) -> tuple[float, ...]:
        """Every column's width in mm on ``paper``, the number's first and the tick box's last."""
        text = TEXT_WIDTH_MM[check_paper(paper)]
        fixed = [share * text for share in self.shares if share is not None]
        rest = text - NUMBER_COLUMN_MM - self.tick_mm - sum(fixed)
        return (NUMBER_COLUMN_MM, *(rest if share is None else share * text for share in self.shares), self.tick_mm)


SIGNUP_COLUMNS = RowColumns(shares=(0.27, 0.23, 0.17, None), tick_mm=15.0)  # name, street, phone, e-mail
SIGNIN_COLUMNS = RowColumns(shares=(0.50, None), tick_mm=18.0)  # name, street


def _svg_uri(svg: str) -> str:
    return "data:image/svg+xml," + quote(svg, safe="")  # nothing left to end an unquoted url()


def _row_lines(widths: Sequence[float]) -> str:
    """One row's lines as an SVG: a line on each column's edges, the outer ones included, and the bottom line.

    Neither a size nor a view box: the background's size is the drawing's, a length is the page's and "100%" is
    the row's height, whatever print.css makes it (WeasyPrint would scale a drawing from a size of its own). The
    background is a line wider than the row and placed half a line to its left, so that each line is centred on
    its column's edge as the header's borders are; the bottom line is lifted by half its width (0.4 px), so that
    each row draws its own in full.
    """
    edges = [sum(widths[:i]) + LINE_MM / 2 for i in range(len(widths) + 1)]
    lines = "".join(f'<line x1="{x:.3f}mm" y1="0" x2="{x:.3f}mm" y2="100%"/>' for x in edges)
    lines += '<line x1="0" y1="100%" x2="100%" y2="100%" transform="translate(0 -0.4)"/>'
    return f'<svg xmlns="http://www.w3.org/2000/svg"><g stroke="#000" stroke-width="0.6pt">{lines}</g></svg>'


def _tick_box() -> str:
    """The tick box as an SVG: in a box one row tall, its 4 x 4 view box is drawn 4 mm square, in the middle."""
    side = TICK_BOX_MM - LINE_MM
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{TICK_BOX_MM}mm" height="{TICK_BOX_MM}mm" '
            f'viewBox="0 0 {TICK_BOX_MM} {TICK_BOX_MM}"><rect x="{LINE_MM / 2:.4f}" y="{LINE_MM / 2:.4f}" '
            f'width="{side:.4f}" height="{side:.4f}" fill="none" stroke="#000" stroke-width="{LINE_MM:.4f}"/></svg>')


@dataclass(frozen=True)
class RowGrid:
    """A sheet's writing rows on one paper, in mm, for _rows.html.j2: the columns' widths, the lines drawn under the
    rows (SVG data URIs) and where the cell's text goes."""

    widths: tuple[float, ...]
    lines: str
    tick_box: str
    digits: int  # of the highest row number
    tick_box_mm: ClassVar[float] = TICK_BOX_MM
    lines_x: ClassVar[float] = -LINE_MM / 2  # the lines' background is a line wider than the table (_row_lines)
    number_end: ClassVar[float] = NUMBER_COLUMN_MM - TEXT_INSET_MM
    name_indent: ClassVar[float] = 2 * TEXT_INSET_MM  # from the number's end

    @property
    def width(self) -> float:
        return sum(self.widths)

    @property
    def lines_width(self) -> float:
        return self.width + LINE_MM

    @property
    def tick_x(self) -> float:
        return self.width - self.widths[-1] / 2 - TICK_BOX_MM / 2

    @property
    def after_name(self) -> float:
        """From an inset before the name column's end to the table's end: no part of a name goes there."""
        return self.width - (NUMBER_COLUMN_MM + self.widths[1] - TEXT_INSET_MM)


def row_grid(columns: RowColumns, paper: str, rows: int) -> RowGrid:
    """The writing rows of a sheet on ``paper``, ``rows`` of them.

    A row is one table cell (its number and a pre-filled name): a cell for each column and its borders cost
    WeasyPrint about three times as much. The lines are the table's background instead, drawn once a page and
    repeated every row (``--signup-row-height``, print.css) below the header row: each column's edges, the row's
    bottom line and a tick box in the middle of the last column. The table is as wide as its columns, in mm, so
    that the lines fall exactly on the header's borders. A background and not a box holding the rows: a box
    broken across pages is stretched to the page's foot, and would show a part of a row there.
    """
    widths = columns.widths(paper)
    return RowGrid(widths, _svg_uri(_row_lines(widths)), _svg_uri(_tick_box()), len(str(rows)))


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


def words_for(profile: Profile, session: Session, language: str | None = None) -> Language:
    """The language of a session's papers: the one asked for, else its group's, else the kit's."""
    return profile.speaks(language or session.group.language)


@dataclass(frozen=True)
class Row:
    number: str  # right-aligned with figure spaces (as wide as a digit): the cell's text starts at its left
    name: str


def writing_rows(count: int, names: Sequence[str]) -> list[Row]:
    digits = len(str(count))
    return [Row(str(i + 1).rjust(digits, "\u2007"), names[i] if i < len(names) else "") for i in range(count)]


def _context(profile: Profile, session: Session, names: Sequence[str], words: Language, columns: RowColumns,
             paper: str) -> dict:
    count = row_count(session, names)
    return {
        "agency": profile.agency,
        "session": session,
        "when": when(session, profile, words.locale),
        "rows": writing_rows(count, names),
        "grid": row_grid(columns, paper, count),
        "words": words,
    }


def signup_sheet(profile: Profile, session: Session, folder: Path, *, paper: str = "letter",
                 names: Sequence[str] = (), draft: bool = False, language: str | None = None) -> Document:
    link = calendar_link(profile, session)
    words = words_for(profile, session, language)
    # No promise of secrecy: a police sign-up sheet may be a public record.
    return render_document(
        "signup.html.j2", folder / "signup", paper=paper, branding=profile.branding, draft=draft,
        qr=qr_svg(link) if link else None, link=link,
        privacy=words.say("print.signup.privacy", agency=profile.agency.short_name),
        **_context(profile, session, names, words, SIGNUP_COLUMNS, paper),
    )


def signin_sheet(profile: Profile, session: Session, folder: Path, *, paper: str = "letter",
                 names: Sequence[str] = (), draft: bool = False, language: str | None = None) -> Document:
    words = words_for(profile, session, language)
    return render_document("signin.html.j2", folder / "signin", paper=paper, branding=profile.branding, draft=draft,
                           **_context(profile, session, names, words, SIGNIN_COLUMNS, paper))


def question_cards(profile: Profile, session: Session, folder: Path, *, paper: str = "letter",
                   draft: bool = False, language: str | None = None) -> Document:
    words = words_for(profile, session, language)
    return render_document(
        "questions.html.j2", folder / "questions", paper=paper, branding=profile.branding, draft=draft,
        agency=profile.agency, session=session, when=when(session, profile, words.locale), words=words,
        cards=range(QUESTION_CARDS_PER_PAGE),
    )


def folder_name(session: Session) -> str:
    # The id becomes a folder name: refuse anything that would write outside --out.
    if not session.id or session.id in {".", ".."} or any(sep in session.id for sep in "/\\"):
        raise EventsError(f"session id {session.id!r} cannot be a folder name; use letters, digits and hyphens")
    return session.id


SHEETS = ("signup", "signin", "questions")  # what a session's sheets folder holds, by file name


def session_sheets(profile: Profile, sessions: Sequence[Session], out_dir: Path, *, paper: str = "letter",
                   roster: Sequence[Expected] = (), draft: bool = False, language: str | None = None,
                   kinds: Sequence[str] = SHEETS) -> list[Document]:
    """For each session, in ``OUT/<session id>/``: its sign-up and sign-in sheets and question cards (``kinds``)."""
    check_paper(paper)
    documents = []
    for session in sessions:
        folder = Path(out_dir) / folder_name(session)
        names = names_for(session, roster)
        documents += [_sheet(kind, profile, session, folder, paper=paper, names=names, draft=draft,
                             language=language) for kind in kinds]
    return documents


def _sheet(kind: str, profile: Profile, session: Session, folder: Path, *, paper: str, names: Sequence[str],
           draft: bool, language: str | None) -> Document:
    if kind == "questions":
        return question_cards(profile, session, folder, paper=paper, draft=draft, language=language)
    sheet = signup_sheet if kind == "signup" else signin_sheet
    return sheet(profile, session, folder, paper=paper, names=names, draft=draft, language=language)


def write_session_sheets(profile: Profile, sessions: Sequence[Session], out_dir: Path, *, paper: str = "letter",
                         roster: Sequence[Expected] = (), draft: bool = False, language: str | None = None,
                         kinds: Sequence[str] = SHEETS) -> list[Path]:
    """For each session, a folder ``OUT/<session id>/`` with sign-up, sign-in and question cards (HTML + PDF;
    ``kinds``: only these); ``draft``: each page marked DRAFT; ``language``: all in it (default: each group's
    own, else the kit's). The sessions' sheets are printed together: laid out once where only their details
    differ."""
    documents = session_sheets(profile, sessions, out_dir, paper=paper, roster=roster, draft=draft,
                               language=language, kinds=kinds)
    with output_set():  # every session's sheets or none, and no empty session folder
        written = write_documents(documents)
    return [path for document in written for path in (document.html, document.pdf)]
