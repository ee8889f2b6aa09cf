"""Where text hides on a slide, and which of it came from ``kit.toml``.

Slides are realized with every profile value wrapped in two private-use characters, so the rules know exactly
which spans the kit's own ``kit.toml`` supplied: those are checked once, at their line in ``kit.toml``, and taken
out of the module's text (a presenter called John is not a "john"; a local statistic's "17" is sourced there).
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from dataclasses import dataclass

from ..content import Columns, Image, Paragraph, Quote, Slide, Stat
from ..profile import Profile
from ..sources import CITATION

OPEN, CLOSE = "\ue000", "\ue001"
MARKED = re.compile(f"{OPEN}[^{CLOSE}]*{CLOSE}")
# Fields that are ids, not wording: a citation [@{{ s.source }}] must stay a citation.
UNMARKED_FIELDS = {"id", "key", "source", "status"}
INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff\u180e"))
DASHES = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-")
                       | {"\u2018": "'", "\u2019": "'"})
# Cyrillic and Greek letters that look like Latin ones: "prоstitute" with a Cyrillic o is still the word.
LOOKALIKES = str.maketrans("\u0430\u0435\u043e\u0440\u0441\u0445\u0443\u0456\u0458\u0455\u0410\u0412\u0415\u041a\u041c"
                           "\u041d\u041e\u0420\u0421\u0422\u0425\u03bf\u03b1\u039f",
                           "aeopcxyijsABEKMHOPCTXoaO")


@dataclass(frozen=True)
class Piece:
    """One run of text on a slide and where a reader meets it (a key of ``messages.PLACES``)."""

    place: str
    text: str

    @property
    def visible(self) -> bool:
        return self.place != "notes"


def marked_context(profile: Profile, code: str = "") -> dict:
    """``profile.template_context()`` with every wording value wrapped, so realized text shows what it came from;
    ``code``: contacts worded in that language."""
    context = profile.template_context(code)
    return {key: value if key == "state" else _mark(value) for key, value in context.items()}


def _mark(value):
    if isinstance(value, str):
        return f"{OPEN}{value}{CLOSE}" if value.strip() else value
    if isinstance(value, dict):
        return {key: _mark(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_mark(item) for item in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: _mark(getattr(value, f.name)) for f in dataclasses.fields(value)
                   if f.name not in UNMARKED_FIELDS and isinstance(getattr(value, f.name), str)}
        return dataclasses.replace(value, **changes)
    return value


def unmarked(text: str) -> str:
    """The module's own words: kit.toml values become a space (they are checked in kit.toml)."""
    return MARKED.sub(" ", text)


def shown(text: str) -> str:
    """The text as residents see it, kit.toml values included."""
    return text.replace(OPEN, "").replace(CLOSE, "")


def normalize(text: str) -> str:
    """What a reader sees, for matching words: compatibility forms, no invisible characters, one kind of dash."""
    return unicodedata.normalize("NFKC", text).translate(INVISIBLE).translate(DASHES).translate(LOOKALIKES)


def slide_pieces(slide: Slide) -> list[Piece]:
    """Every piece of text of a slide, the speaker notes included, in reading order."""
    pieces = [Piece("title", slide.title)]
    for block in slide.blocks:
        if isinstance(block, Paragraph):
            pieces.append(Piece("text", block.text))
        elif isinstance(block, Stat):
            pieces += [Piece("stat", block.figure), Piece("stat", block.wording.text)]
        elif isinstance(block, Columns):
            for column in (block.left, block.right):
                pieces += [Piece("table", text) for text in (column.heading, *(p.text for p in column.paragraphs))
                           if text]
        elif isinstance(block, Quote):
            pieces.append(Piece("quote", block.text.text))
            if block.attribution:
                pieces.append(Piece("attribution", block.attribution.text))
        elif isinstance(block, Image):
            pieces.append(Piece("alt", block.alt))
    pieces += [Piece("notes", note.text) for note in slide.notes]
    return pieces


def citations(pieces: list[Piece]) -> list[str]:
    return list(dict.fromkeys(sid for piece in pieces for sid in CITATION.findall(piece.text)))


def words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+(?:'[^\W_]+)?", text)
