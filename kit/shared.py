"""What many groups' folders share, made once per kit version into ``OUT/.cache/`` and copied into each: the
talk of a recipe, presenter and language (each group's copy given its session's details), its take-home, its
script for each start time, and the groups' sheets of each kind, printed together and handed over. And a
group's folder made from them: its deck, run-sheet, script and take-home (``group_deck``), and its sheets
(``group_sheets``).
"""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from .errors import KitError
from .files import output_set, write_bytes, write_text
from .pdf import html_to_pdfs, printing_unavailable
from .sheets import SHEETS, folder_name, write_session_sheets

if TYPE_CHECKING:
    from .events import Session
    from .profile import Presenter
    from .workspace import Kit

CACHE = ".cache"  # talks shared by the groups' decks, named by the kit's content hash
HANDOVER = CACHE + "/sheets"  # during a build: the groups' sheets, printed together, a folder a talk


def group_sheets(kit: Kit, talk: Session, folder: Path, out: Path) -> list[Path]:
    """The group's sheets for its talk, in ``folder/<talk id>/``: those printed with the other groups'
    (``_print_sheets``), else printed here."""
    handed = out / HANDOVER / folder_name(talk)
    files = [handed / f"{kind}.{suffix}" for kind in SHEETS for suffix in ("html", "pdf")]
    if not all(path.is_file() for path in files):  # a batch failed: print them all here
        return write_session_sheets(kit.profile, [talk], folder, draft=kit.draft)
    with output_set():
        written = [write_bytes(folder / handed.name / path.name, path.read_bytes()) for path in files]
    shutil.rmtree(handed)
    return written


@dataclass(frozen=True, order=True)
class Shared:
    """What many groups' folders share, made once per kit version into OUT/.cache and copied (the talk: opened
    and given each session's details): the talk of a recipe and presenter, its take-home, and its script for
    one start time (the script's clock times differ). And a group's sheet of one kind, printed with the other
    groups' (laid out once where only their details differ) and handed over in OUT/.cache/sheets."""

    kind: str  # talk | takehome | script, or a sheet: signup | signin | questions
    recipe: str
    presenter: str
    language: str  # "en", "es": the code of the group's language
    start: str = ""  # "1830": the script's start time
    session: str = ""  # a sheet's talk

    def path(self, out: Path, digest: str) -> Path:
        stem = f"{digest[:16]}-{self.recipe}-{self.presenter}-{self.language}"
        return out / CACHE / {"talk": f"{stem}.pptx", "takehome": f"{stem}-takehome.pdf",
                              "script": f"{stem}-{self.start}-script.pdf"}[self.kind]


def needs(kit: Kit, session: Session) -> list[Shared]:
    """The shared files a group's folder is made from, for its next talk, in the group's language."""
    recipe, presenter, code = session.recipe, _presenter(session).id, _code(kit, session)
    papers = [] if printing_unavailable() else [Shared("takehome", recipe, presenter, code),
                                                Shared("script", recipe, presenter, code, f"{session.start:%H%M}"),
                                                *(Shared(kind, "", "", code, session=session.id) for kind in SHEETS)]
    return [Shared("talk", recipe, presenter, code), *papers]


def _code(kit: Kit, session: Session) -> str:
    """The language of a group's talk, papers and invitations: its own, else the kit's."""
    return kit.profile.speaks(session.group.language).code


def _shared(kit: Kit, item: Shared, out: Path, digest: str) -> Path:
    """The shared file, made unless an earlier task of this build made it."""
    path = item.path(out, digest)
    if not path.is_file():
        make(kit, (item,), out, digest)
    return path


def make(kit: Kit, batch: tuple[Shared, ...], out: Path, digest: str) -> None:
    """Make a batch of shared files: a talk; the papers of a talk in one language, each presenter's take-home
    and scripts, printed together (the scripts laid out once for every presenter and start time, the
    take-homes once); or the groups' sheets of one kind."""
    from .deck import SESSION_DETAILS, DeckOptions, build_deck

    first = batch[0]
    if first.kind in SHEETS:
        _print_sheets(kit, batch, out)
    elif first.kind == "talk":
        options = DeckOptions(recipe=first.recipe, presenter=first.presenter, draft=kit.draft,
                              language=first.language, date=SESSION_DETAILS)
        build_deck(kit.profile, kit.library, kit.plan(first.recipe, language=first.language), options,
                   first.path(out, digest))
    else:
        papers = [(item.path(out, digest), _paper_html(kit, item)) for item in batch]
        for (target, _), pdf in zip(papers, html_to_pdfs([html for _, html in papers]), strict=True):
            write_bytes(target, pdf)


def _paper_html(kit: Kit, item: Shared) -> str:
    """A take-home or a script (for the item's start time) to print."""
    from .deck import DeckOptions
    from .deck.materials import script_html, takehome_html

    plan = kit.plan(item.recipe, language=item.language)
    options = DeckOptions(recipe=item.recipe, presenter=item.presenter, draft=kit.draft, language=item.language)
    slides = _slides(kit, item.recipe, item.presenter, item.language)
    if item.kind == "takehome":
        return takehome_html(kit.profile, plan, slides, options)
    start = dt.datetime.strptime(item.start, "%H%M").time()
    return script_html(kit.profile, plan, slides, options, start, deck_name="deck.pptx")


def _print_sheets(kit: Kit, batch: tuple[Shared, ...], out: Path) -> None:
    """The groups' sheets of one kind, printed together, for each group's task to take (``group_sheets``)."""
    talks = [kit.season.talk(item.session) for item in batch]
    write_session_sheets(kit.profile, talks, out / HANDOVER, draft=kit.draft, kinds=(batch[0].kind,))


def batches(items: Iterable[Shared]) -> list[tuple[Shared, ...]]:
    """The shared files grouped as one worker makes them: each talk alone, a talk's papers in one language
    together (each presenter's slides composed once, each presenter's scripts laid out once, and the
    presenters' take-homes), and the groups' sheets of each kind and language together."""
    grouped: dict[Shared, list[Shared]] = {}
    for item in sorted(items):
        key = item if item.kind == "talk" else replace(item, session="") if item.kind in SHEETS else replace(
            item, kind="papers", presenter="", start="")
        grouped.setdefault(key, []).append(item)
    return [tuple(batch) for batch in grouped.values()]


@lru_cache(maxsize=8)
def _slides(kit: Kit, recipe: str, presenter: str, language: str) -> list:
    """A talk's slides for its script and take-home: composed and fitted once per worker, for every start time."""
    from .deck import DeckOptions, deck_slides

    return deck_slides(kit.profile, kit.library, kit.plan(recipe, language=language),
                       DeckOptions(recipe=recipe, presenter=presenter, draft=kit.draft, language=language))


def group_deck(kit: Kit, session: Session, folder: Path, out: Path, digest: str) -> list[Path]:
    """The shared talk, given the booked date and venue on its title slide, the talk's run-sheet, and its
    script and take-home (on a machine that can print): all written, or none."""
    from .deck import fill_session_details, materials_paths, session_details
    from .runsheet import runsheet_markdown

    code = _code(kit, session)
    words = kit.profile.speaks(code)
    talk, *papers = (_shared(kit, item, out, digest) for item in needs(kit, session) if item.kind not in SHEETS)
    deck_path = folder / "deck.pptx"
    # needs() lists the take-home before the script; materials_paths() the script first
    copies = list(zip(reversed(papers), materials_paths(deck_path) if papers else (), strict=True))
    with output_set():
        deck = fill_session_details(talk, session_details(session, words.locale), deck_path)
        text = runsheet_markdown(kit.plan(session.recipe, language=code), start=session.start.time(),
                                 agency=kit.profile.agency.name, presenter=_presenter(session).name,
                                 deck_name=deck.name, words=words)
        return [deck, write_text(folder / "deck-runsheet.md", text),
                *(write_bytes(target, source.read_bytes()) for source, target in copies)]


def _presenter(talk: Session) -> Presenter:
    if talk.presenter is None:  # a talk always has one (kit/events/talks.py); a meeting never reaches here
        raise KitError(f"'{talk.id}' has no presenter")
    return talk.presenter
