"""What a slide says before it meets a template, and how fit lays it out: pure data, shared by compose, fit,
title, render and the presenter's materials."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from ..content import Block, Columns, Paragraph, Quote, Run, Stat

Kind = Literal["title", "agenda", "section", "content", "report", "qa", "sources"]
LayoutName = Literal["title", "content", "section", "two"]
# How a fitted paragraph looks: render maps each style to weight, colour and alignment.
Style = Literal["body", "subtitle", "heading", "figure", "label", "number", "detail", "quote", "quote-mark",
                "attribution", "reference"]
LINE_BREAK = "\u2028"  # in fitted text: a line break fit chose, drawn as a:br


DEFAULT_START = dt.time(18, 30)


@dataclass(frozen=True)
class DeckOptions:
    materials: bool = False  # write the presenter's script and the audience take-home beside the deck
    recipe: str | None = None
    minutes: float | None = None
    template: Path | None = None
    presenter: str | None = None
    date: str = ""
    venue: str = ""
    start: dt.time | None = None  # the clock the run-sheet and script count from; None: the session's, or 18:30
    draft: bool = False  # built from a kit that may still hold placeholders: the title slide says DRAFT

    @property
    def start_time(self) -> dt.time:
        return self.start or DEFAULT_START


@dataclass(frozen=True)
class Styled:
    """One paragraph as fit laid it out: its runs (``LINE_BREAK`` where a line must end), size and style."""

    paragraph: Paragraph
    size: float
    style: Style = "body"


@dataclass(frozen=True)
class Frame:
    """Text fit placed: in the layout's n-th body placeholder, or (``box``) in a text box of its own."""

    items: tuple[Styled, ...]
    placeholder: int | None = 0
    box: tuple[float, float, float, float] | None = None  # pt: left, top, width, height on the slide
    middle: bool = False  # centred vertically in its box


@dataclass(frozen=True)
class SlideSpec:
    """A slide before it meets the template: what it says and where it came from; fit adds its layout."""

    kind: Kind
    title: str
    blocks: tuple[Block, ...] = ()
    notes: tuple[Paragraph, ...] = ()
    cue: str = ""
    module_id: str = ""
    where: str = ""
    line: int | None = None
    subtitle: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()  # the short labels of what the slide cites, for its source line
    start: float = 0.0  # minutes into the talk
    end: float = 0.0
    skippable: bool = False  # the first slide of an optional module: the script says it can be skipped
    # Set by fit:
    body_size: float = 0
    title_size: float = 0
    title_lines: tuple[str, ...] = ()
    frames: tuple[Frame, ...] = ()
    rules: tuple[tuple[float, float, float], ...] = ()  # pt: left, top, width of a thin line between rows
    source_line: Styled | None = None

    @property
    def layout(self) -> LayoutName:
        if self.kind == "title":
            return "title"
        if self.kind == "section":
            return "section"
        return "two" if any(isinstance(b, Columns) for b in self.blocks) else "content"


@dataclass(frozen=True)
class StatFigure:
    """The big number of a ``::: stat`` block, on a line of its own."""

    figure: str


@dataclass(frozen=True)
class Attribution:
    """Who said a quote: a smaller, right-aligned line."""

    paragraph: Paragraph


BodyItem = Paragraph | StatFigure | Attribution


def body_items(blocks: tuple[Block, ...]) -> list[BodyItem]:
    """A one-column body as the lines it is laid out in."""
    items: list[BodyItem] = []
    for block in blocks:
        if isinstance(block, Stat):
            items += [StatFigure(block.figure), Paragraph(block.wording.runs, block.wording.level, bullet=False)]
        elif isinstance(block, Quote):
            items.append(Paragraph(block.text.runs, block.text.level, bullet=False))
            if block.attribution:
                items.append(Attribution(block.attribution))
        elif isinstance(block, Paragraph):
            items.append(block)
    return items


def para(text: str, *, level: int = 0, bullet: bool = True, bold: bool = False) -> Paragraph:
    return Paragraph(runs=(Run(text, bold=bold),), level=level, bullet=bullet)


CONTINUED_NOTE = "Continued from the previous slide; its notes cover this one too."


def continued(spec: SlideSpec, part: int, **changes) -> SlideSpec:
    """The ``part``-th slide ``spec`` is split into: "Title (continued)", "Title (continued 2)", ..."""
    if part == 0:
        return replace(spec, **changes)
    return replace(spec, title=f"{spec.title} (continued{'' if part == 1 else f' {part}'})",
                   notes=(para(CONTINUED_NOTE, bullet=False),), **changes)


def plain(text: str) -> str:
    """Fitted text as a reader copies it: fit's line breaks back to spaces."""
    return text.replace(LINE_BREAK, " ")


def minutes(start: float, end: float) -> str:
    """A slide's span in whole minutes, widened, never narrowed: a half-minute slide at 36.2 is "36-37"; a
    moment (a section slide) is "25"."""
    first = math.floor(start + 1e-6)
    if end - start < 0.05:
        return str(first)
    return f"{first}-{max(math.ceil(end - 1e-6), first + 1)}"


def cue(start: float, end: float, total: float) -> str:
    """The timing line at the top of a slide's notes: 'about 3 min · minutes 12-15 of 60'."""
    if end - start < 0.05:
        return f"at minute {minutes(start, end)} of {round(total)}"
    return f"about {max(1, round(end - start))} min · minutes {minutes(start, end)} of {round(total)}"
