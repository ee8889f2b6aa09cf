"""The title slide, in one place: what it says, its logo, and the session details of a shared talk.

A season gives the same talk to many groups. The talk is rendered once with ``SESSION_DETAILS`` standing
where the date and venue go; each group's copy is that deck opened again, the line set through the
python-pptx API (``fill_session_details``) and saved.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from ..content import Paragraph
from ..dates import long_date
from ..errors import RenderError
from ..plan import OPENING_MINUTES, Plan
from ..profile import Presenter, Profile
from .spec import SlideSpec, cue, para

if TYPE_CHECKING:
    from ..events import Session

SESSION_DETAILS = "\u27e6session details\u27e7"  # stands on a shared talk's title slide until a session fills it
LOGO_SIZE_IN = 1.8  # the logo's square, top right of the built-in template's title slide
LOGO_MARGIN_IN = 0.4
# The first subtitle line of a deck built with --draft: it may still show placeholders, so it is not for a room.
DRAFT_MARK = "DRAFT \u2013 not for presenting"


def title_slide(profile: Profile, plan: Plan, presenter: Presenter, details: str, total: float, *,
                draft: bool = False) -> SlideSpec:
    """Agency, presenter, and (when known) the session's date and venue; notes that open the talk. A draft says
    so first, on the slide and in the notes."""
    subtitle = [profile.agency.name, f"{presenter.name}, {presenter.title}" if presenter.title else presenter.name]
    if details:
        subtitle.append(details)
    welcome = para(f"Welcome, everyone. I'm {presenter.name}. This talk runs about {round(total)} minutes, with "
                   f"time for your questions at the end.", bullet=False)
    notes: tuple[Paragraph, ...] = (welcome,)
    if draft:
        subtitle.insert(0, DRAFT_MARK)
        notes = (para(f"{DRAFT_MARK}: built from a kit.toml that may still hold placeholders.", bullet=False),
                 *notes)
    return SlideSpec(kind="title", title=plan.recipe.title, subtitle=tuple(subtitle), notes=notes,
                     cue=cue(0, OPENING_MINUTES / 2, total), end=OPENING_MINUTES / 2)


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
    """A copy of a shared talk with the session's details in place of ``SESSION_DETAILS``."""
    from ..files import atomic_path

    prs, line = _opened_talk(talk)
    line.text = details
    with atomic_path(out) as tmp:
        prs.save(str(tmp))
    return Path(out)


@lru_cache(maxsize=4)
def _opened_talk(talk: Path):
    """The shared talk opened once per worker process, and its session-details run, set anew for each group.

    (A talk's file name carries the kit's content hash, so a changed kit never meets a stale copy here.)
    """
    from pptx import Presentation

    prs = Presentation(str(talk))
    runs = [run for shape in prs.slides[0].placeholders if shape.has_text_frame
            for p in shape.text_frame.paragraphs for run in p.runs if run.text == SESSION_DETAILS]
    if not runs:
        raise RenderError("the shared talk has no session-details line on its title slide", where=talk,
                          hint="rebuild-all")
    return prs, runs[0]
