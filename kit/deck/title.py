"""The title slide, in one place: what it says, its logo, and the session details of a shared talk.

A season gives the same talk to many groups. The talk is rendered once with ``SESSION_DETAILS`` standing
where the date and venue go; each group's copy is that deck with the line set through the python-pptx API
(``fill_session_details``).
"""

from __future__ import annotations

import zipfile
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from ..content import Paragraph
from ..dates import long_date
from ..errors import RenderError
from ..languages import Language
from ..plan import OPENING_MINUTES, Plan
from ..profile import Presenter, Profile
from .spec import SlideSpec, cue, para

if TYPE_CHECKING:
    from ..events import Session

SESSION_DETAILS = "\u27e6session details\u27e7"  # stands on a shared talk's title slide until a session fills it
LOGO_SIZE_IN = 1.8  # the logo's square, top right of the built-in template's title slide
LOGO_MARGIN_IN = 0.4


def title_slide(profile: Profile, plan: Plan, presenter: Presenter, details: str, total: float, words: Language,
                *, draft: bool = False) -> SlideSpec:
    """Agency, presenter, and (when known) the session's date and venue; notes that open the talk. A draft says
    so first, on the slide and in the notes."""
    subtitle = [profile.agency.name, f"{presenter.name}, {presenter.title}" if presenter.title else presenter.name]
    if details:
        subtitle.append(details)
    notes: tuple[Paragraph, ...] = (para(words.say("deck.welcome", name=presenter.name), bullet=False),
                                     para(words.say("deck.length", minutes=round(total)), bullet=False))
    if draft:
        mark = words.say("deck.draft")
        subtitle.insert(0, mark)
        notes = (para(words.say("deck.draft_note", draft=mark), bullet=False), *notes)
    return SlideSpec(kind="title", title=plan.recipe.title, subtitle=tuple(subtitle), notes=notes,
                     cue=cue(0, OPENING_MINUTES / 2, total, words), end=OPENING_MINUTES / 2)


def details_line(date: str, venue: str) -> str:
    return " · ".join(part for part in (date, venue) if part)


def session_details(session: Session, locale: str) -> str:
    """'Tuesday, January 5, 2027 · Lakeview Library, 12 Main St' in the kit's language, never the OS locale."""
    venue = session.group.venue
    return details_line(long_date(session.start, locale), f"{venue.name}, {venue.address}")


def add_logo(slide, prs, profile: Profile) -> None:
    from pptx.util import Inches

    from .render import picture
    from ..content import Image

    if profile.branding.logo:
        size = Inches(LOGO_SIZE_IN)
        picture(slide, Image(profile.branding.logo, profile.branding.logo_alt),
                prs.slide_width - Inches(LOGO_SIZE_IN + LOGO_MARGIN_IN), Inches(LOGO_MARGIN_IN), size, size)


def fill_session_details(talk: Path, details: str, out: Path) -> Path:
    """A copy of a shared talk with the session's details in place of ``SESSION_DETAILS``: the talk's package
    copied part by part, its title slide's part as python-pptx writes it with the line set. (Saving the whole
    presentation would serialize every part of it again, for each group, to change one line.)"""
    from ..files import atomic_path

    slide, line = _opened_talk(talk)
    line.text = details
    title_part = str(slide.part.partname).lstrip("/")
    with zipfile.ZipFile(talk) as shared, atomic_path(out) as tmp, zipfile.ZipFile(tmp, "w") as copy:
        for member in shared.infolist():
            copy.writestr(member, slide.part.blob if member.filename == title_part else shared.read(member))
    return Path(out)


@lru_cache(maxsize=4)
def _opened_talk(talk: Path):
    """The shared talk's title slide opened once per worker process, and its session-details run, set anew for
    each group.

    (A talk's file name carries the kit's content hash, so a changed kit never meets a stale copy here.)
    """
    from pptx import Presentation

    slide = Presentation(str(talk)).slides[0]
    runs = [run for shape in slide.placeholders if shape.has_text_frame
            for p in shape.text_frame.paragraphs for run in p.runs if run.text == SESSION_DETAILS]
    if not runs:
        raise RenderError("the shared talk has no session-details line on its title slide", where=talk,
                          hint="rebuild-all")
    return slide, runs[0]
