"""What a slide says before it meets a template: pure data, shared by compose, fit, title and render."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ..content import Block, Columns, Paragraph, Quote, Run, Stat

Kind = Literal["title", "agenda", "section", "content", "report", "qa", "sources"]
LayoutName = Literal["title", "content", "section", "two"]


@dataclass(frozen=True)
class DeckOptions:
    recipe: str | None = None
    minutes: float | None = None
    template: Path | None = None
    presenter: str | None = None
    date: str = ""
    venue: str = ""
    start: dt.time = dt.time(18, 30)
    draft: bool = False  # built from a kit that may still hold placeholders: the title slide says DRAFT


@dataclass(frozen=True)
class SlideSpec:
    """A slide before it meets the template: what it says and where it came from."""

    kind: Kind
    title: str
    blocks: tuple[Block, ...] = ()
    notes: tuple[Paragraph, ...] = ()
    cue: str = ""
    module_id: str = ""
    where: str = ""
    line: int | None = None
    subtitle: tuple[str, ...] = ()
    body_size: float = 0
    title_size: float = 0

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
    """A one-column body as the lines it is laid out in; fitting and rendering read the same list."""
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


def minute(value: float) -> str:
    return f"{value:.0f}" if abs(value - round(value)) < 0.05 else f"{value:.1f}"


def cue(minutes: float, start: float, end: float, total: float) -> str:
    """The timing line at the top of a slide's notes."""
    if end - start < 0.05:
        return f"at minute {minute(start)} of {minute(total)}"
    return f"about {max(1, round(minutes))} min · minutes {minute(start)}-{minute(end)} of {minute(total)}"
