"""The deck's one type scale, and setting a paragraph in it: measured with real font metrics, its lines broken
where ``kit/textfit.py`` chose when a renderer could otherwise break a phone number or address inside."""

from __future__ import annotations

from dataclasses import dataclass, replace
from itertools import pairwise

from .. import textfit
from ..content import Paragraph, Run
from .spec import LINE_BREAK, Style, Styled

# The type scale (pt). Body text has one size on every content slide of a deck: the first of BODY_SIZES at
# which few of its lists need a "(continued)" slide (28 pt on the built-in 16:9 template; a narrower agency
# template may need 26 or 24). A list too long for its slide continues rather than shrinking; only a slide
# that cannot continue (two columns, a stat with its text, a long quote) steps down through SHRINK_SIZES,
# never below FLOOR, the least a projected slide should show.
BODY_SIZES = (28, 26, 24)
SHRINK_SIZES = (26, 24, 22, 20, 18)
FLOOR = 18
TITLE_SIZES = (36, 32, 28)
TITLE_SLIDE_SIZES = (44, 40, 36, 32)
SUBTITLE_SIZE = 24
LABEL_SIZE = 20  # who a number reaches, who said a quote
REFERENCE_SIZE = 18  # the Sources slides: a reference list, for reading after the talk
STAT_FIGURE_SIZE = 80
QUOTE_SIZES = (40, 36, 32, 28)
QUOTE_MARK_SIZE = 72
SOURCE_LINE_SIZES = (12, 11, 10)  # the source line at the foot of a slide, and the footer beside it
BULLET_INDENT_PT = 27.0  # the built-in template's hanging indent per level
SPACE_BEFORE = 0.3  # of the type size, before each paragraph
BOLD_STYLES = ("figure", "number", "heading")


def space_before(item: Styled, first: bool, boxed: bool) -> float:
    """The space above a paragraph: none above the first in a cell's own box, none above a detail line."""
    return 0.0 if (first and boxed) or item.style == "detail" else item.size * SPACE_BEFORE


@dataclass(frozen=True)
class Setting:
    """What measuring a deck's text needs besides the text: names a line may not break inside, and the
    template's body and title fonts ("" for the built-in template's Arial, measured with Liberation Sans)."""

    names: tuple[str, ...] = ()
    font: str = ""
    title_font: str = ""
    body: float = BODY_SIZES[0]  # the deck's body size


def line_of(item: Styled, setting: Setting, first: bool = False, boxed: bool = False) -> textfit.Line:
    p = item.paragraph
    indent = (p.level + (1 if p.bullet else 0)) * BULLET_INDENT_PT if item.style == "body" else 0.0
    bold = item.style in BOLD_STYLES or (bool(p.runs) and all(run.bold for run in p.runs))
    return textfit.Line(p.text, item.size, bold=bold, indent=indent, space_before=space_before(item, first, boxed),
                        font=setting.font)


def height(items: list[Styled] | tuple[Styled, ...], width: float, setting: Setting, boxed: bool = False) -> float:
    """How tall ``items`` set one after another are; ``boxed``: in a cell's own text box."""
    return textfit.height([line_of(item, setting, i == 0, boxed) for i, item in enumerate(items)], width,
                          setting.names)


def fits(items: list[Styled] | tuple[Styled, ...], width: float, box_height: float, setting: Setting) -> bool:
    return height(items, width, setting) <= box_height * textfit.SAFETY


def styled(p: Paragraph, size: float, style: Style, width: float, setting: Setting) -> Styled:
    """``p`` in ``style`` at ``size``; where it holds a phone number or address that a renderer might break
    inside, its lines end where textfit wrapped them (explicit line breaks)."""
    item = Styled(p, size, style)
    if not textfit.needs_breaks(p.text, setting.names):
        return item
    spans = textfit.line_spans(line_of(item, setting), width, setting.names)
    return replace(item, paragraph=replace(p, runs=broken(p.runs, spans))) if len(spans) > 1 else item


def broken(runs: tuple[Run, ...], spans: list[tuple[int, int]]) -> tuple[Run, ...]:
    """``runs`` with the spaces between the lines ``spans`` give replaced by ``LINE_BREAK``."""
    gaps = {end: start for (_, end), (start, _) in pairwise(spans) if start > end}
    texts: list[list[str]] = [[] for _ in runs]
    owner = [index for index, run in enumerate(runs) for _ in run.text]
    text = "".join(run.text for run in runs)
    at = 0
    while at < len(text):
        if at in gaps:
            texts[owner[at]].append(LINE_BREAK)
            at = gaps[at]
            continue
        texts[owner[at]].append(text[at])
        at += 1
    return tuple(replace(run, text="".join(chars)) for run, chars in zip(runs, texts, strict=True))


def lines_of(text: str, size: float, width: float, setting: Setting, *, title: bool = False) -> list[str]:
    """A title's lines: evened out, no lone last word."""
    line = textfit.Line(text, size, font=setting.title_font if title else setting.font)
    return [text[s:e] for s, e in textfit.balanced_spans(line, width, setting.names)]


def one_line(text: str, size: float, width: float, setting: Setting, *, bold: bool = False) -> bool:
    return textfit.metrics(bold, setting.font).width(text, size) <= width * textfit.WIDTH_SAFETY
