"""Layouts that fit: each slide's text set in the type scale (``typeset``) and measured with real font metrics
against its layout's boxes.

Body text has one size. An overlong list continues on a "(continued)" slide; a slide that cannot continue
steps down the scale, and is refused at the floor, naming the module and line. Titles break where fit
chooses (evened out, no lone last word); numbers, figures, quotes and pairs are laid out by ``cells``.
"""

from __future__ import annotations

from dataclasses import replace

from .. import textfit
from ..content import Columns, Image, Paragraph, Quote
from ..errors import ContentError
from . import cells
from .layout import Box, Layout, Layouts
from .spec import Attribution, BodyItem, Frame, SlideSpec, StatFigure, Styled, body_items, continued, para
from .typeset import (BODY_SIZES, FLOOR, LABEL_SIZE, QUOTE_MARK_SIZE, QUOTE_SIZES, REFERENCE_SIZE, SHRINK_SIZES,
                      SOURCE_LINE_SIZES, STAT_FIGURE_SIZE, SUBTITLE_SIZE, TITLE_SIZES, TITLE_SLIDE_SIZES, Setting,
                      fits, lines_of, one_line, styled)

CONTINUED_SHARE = 0.05  # a deck whose lists continue on more new slides than this share steps down a body size


def fit(specs: list[SlideSpec], layouts: Layouts, names: tuple[str, ...] = ()) -> list[SlideSpec]:
    """Lay out each slide; continue overlong lists on new slides; refuse what cannot fit.

    ``names``: short names (the agency's, the sources' labels) that a line may not break inside.
    """
    for size in BODY_SIZES:
        setting = Setting(names, layouts.font, layouts.title_font, body=size)
        fitted: list[SlideSpec] = []
        continued = 0
        for spec in specs:
            layout = layouts[spec.layout]
            parts = _parts(spec, layout, setting)
            continued += (len(parts) - 1) if spec.kind != "sources" else 0
            fitted += [_finish(part, layout, setting) for part in parts]
        if continued <= CONTINUED_SHARE * len(specs):
            break
    return fitted


def _finish(spec: SlideSpec, layout: Layout, setting: Setting) -> SlideSpec:
    """The title's size and lines, and the source line at the foot."""
    sizes = TITLE_SLIDE_SIZES if spec.kind == "title" else TITLE_SIZES
    box = layout.title
    for size in sizes:
        lines = lines_of(spec.title, size, box.width, setting, title=True)
        if len(lines) * size * textfit.LINE_HEIGHT <= box.height * textfit.SAFETY:
            break
    else:
        raise ContentError(f"slide title '{spec.title}' does not fit its box at {sizes[-1]} pt; shorten it",
                           where=spec.where or "deck", line=spec.line)
    return replace(spec, title_size=size, title_lines=tuple(lines),
                   source_line=_source_line(spec, layout.foot, setting))


def _source_line(spec: SlideSpec, foot: Box, setting: Setting) -> Styled | None:
    if not spec.sources:
        return None
    text = f"{'Source' if len(spec.sources) == 1 else 'Sources'}: {'; '.join(spec.sources)}"
    size = next((s for s in SOURCE_LINE_SIZES if one_line(text, s, foot.width, setting)), SOURCE_LINE_SIZES[-1])
    return Styled(para(text, bullet=False), size, "detail")


def _parts(spec: SlideSpec, layout: Layout, setting: Setting) -> list[SlideSpec]:
    body = layout.bodies
    if spec.kind in ("title", "section"):
        items = tuple(styled(para(line, bullet=False), SUBTITLE_SIZE, "subtitle", body[0].width, setting)
                      for line in spec.subtitle) if body else ()
        return [replace(spec, frames=(Frame(items),) if items else (), body_size=SUBTITLE_SIZE)]
    if not spec.blocks or any(isinstance(b, Image) for b in spec.blocks):
        return [replace(spec, body_size=setting.body)]
    if spec.kind == "sources":
        return _flow(spec, body[0], setting, REFERENCE_SIZE)
    columns = next((b for b in spec.blocks if isinstance(b, Columns)), None)
    if columns is not None:
        return _columns(spec, columns, body, setting)
    laid_out = cells.arrange(spec, body[0], setting)
    if laid_out is not None:
        return laid_out
    if len(spec.blocks) == 1 and isinstance(spec.blocks[0], Quote):
        return [_quote(spec, spec.blocks[0], body[0], setting)]
    if spec.kind == "report":  # too many numbers for rows: one line each, continued as a list is
        return _flow(replace(spec, blocks=cells.report_lines(spec.blocks)), body[0], setting, setting.body)
    return _flow(spec, body[0], setting, setting.body)


def _item(item: BodyItem, size: float, width: float, setting: Setting) -> Styled:
    if isinstance(item, StatFigure):
        return styled(para(item.figure, bullet=False), STAT_FIGURE_SIZE, "figure", width, setting)
    if isinstance(item, Attribution):
        return styled(item.paragraph, max(FLOOR, size - 4), "attribution", width, setting)
    return styled(item, size, "body", width, setting)


def _flow(spec: SlideSpec, box: Box, setting: Setting, size: float) -> list[SlideSpec]:
    """The body in its placeholder at ``size``; an overlong list continues, anything else steps down."""
    items = body_items(spec.blocks)
    styled_items = tuple(_item(item, size, box.width, setting) for item in items)
    if fits(styled_items, box.width, box.height, setting):
        return [replace(spec, frames=(Frame(styled_items),), body_size=size)]
    if all(isinstance(b, Paragraph) for b in spec.blocks):
        return _continued(spec, box, setting, size)
    for smaller in (s for s in SHRINK_SIZES if s < size):
        styled_items = tuple(_item(item, smaller, box.width, setting) for item in items)
        if fits(styled_items, box.width, box.height, setting):
            return [replace(spec, frames=(Frame(styled_items),), body_size=smaller)]
    raise ContentError(f"slide '{spec.title}' (module '{spec.module_id}') does not fit at {FLOOR} pt; shorten its "
                       f"text or split it into two slides", where=spec.where or "deck", line=spec.line)


def _continued(spec: SlideSpec, box: Box, setting: Setting, size: float) -> list[SlideSpec]:
    """A list split over slides: whole items (a point and its sub-points together where they fit), the parts
    evened out so the last is not a lone line."""
    paragraphs = [b for b in spec.blocks if isinstance(b, Paragraph)]
    groups: list[list[Styled]] = []
    for p in paragraphs:
        item = styled(p, size, "body", box.width, setting)
        if not fits([item], box.width, box.height, setting):
            raise ContentError(f"a paragraph on slide '{spec.title}' (module '{spec.module_id}') is too long to fit "
                               f"a slide at {size:g} pt; shorten it", where=spec.where or "deck", line=spec.line)
        if p.level > 0 and groups and fits(groups[-1] + [item], box.width, box.height, setting):
            groups[-1].append(item)
        else:
            groups.append([item])
    parts = _packed(groups, lambda items: fits(items, box.width, box.height, setting))
    return [continued(spec, i, blocks=tuple(item.paragraph for item in part), frames=(Frame(tuple(part)),),
                      body_size=size) for i, part in enumerate(parts)]


def _packed(groups: list[list[Styled]], fit_in) -> list[list[Styled]]:
    """Groups of items into as few parts as greedy packing needs, then evened out: each part filled only up to
    its fair share of the groups, so "(continued)" is not left with one line."""
    greedy: list[list[Styled]] = [[]]
    for group in groups:
        if greedy[-1] and not fit_in(greedy[-1] + group):
            greedy.append([])
        greedy[-1] += group
    count = len(greedy)
    if count == 1:
        return greedy
    share = -(-len(groups) // count)
    parts: list[list[Styled]] = []
    for start in range(0, len(groups), share):
        part = [item for group in groups[start:start + share] for item in group]
        if not fit_in(part):
            return greedy
        parts.append(part)
    return parts


def _columns(spec: SlideSpec, columns: Columns, body: tuple[Box, ...], setting: Setting) -> list[SlideSpec]:
    """Two columns under their headings; too long, both continue on a new slide (each with its heading), and
    only columns too long for two slides step down the scale."""
    for size, count in [(setting.body, 1), (setting.body, 2),
                        *((s, 2) for s in SHRINK_SIZES if s < setting.body)]:
        parts = [_column_part(columns, body, setting, size, count, part) for part in range(count)]
        laid_out = [frames for frames in parts if frames is not None]
        if len(laid_out) == count:
            return [continued(spec, part, frames=frames, body_size=size, blocks=(_column_slice(columns, count, part),))
                    for part, frames in enumerate(laid_out)]
    raise ContentError(f"slide '{spec.title}' (module '{spec.module_id}') does not fit at {FLOOR} pt; shorten its "
                       f"columns", where=spec.where or "deck", line=spec.line)


def _column_slice(columns: Columns, count: int, part: int) -> Columns:
    """The ``part``-th of ``count`` even shares of each column's points, under its heading."""
    def share(column):
        step = -(-len(column.paragraphs) // count)
        return replace(column, paragraphs=column.paragraphs[part * step:(part + 1) * step])

    return Columns(share(columns.left), share(columns.right))


def _column_part(columns: Columns, body: tuple[Box, ...], setting: Setting, size: float, count: int,
                 part: int) -> tuple[Frame, ...] | None:
    frames = []
    shares = _column_slice(columns, count, part)
    for index, (column, box) in enumerate(zip((shares.left, shares.right), body, strict=False)):
        heading = [styled(para(column.heading, bullet=False), size, "heading", box.width, setting)] \
            if column.heading else []
        items = heading + [styled(p, size, "body", box.width, setting) for p in column.paragraphs]
        if not fits(items, box.width, box.height, setting):
            return None
        frames.append(Frame(tuple(items), placeholder=index))
    return tuple(frames)



def _quote(spec: SlideSpec, quote: Quote, box: Box, setting: Setting) -> SlideSpec:
    """A quote fills its slide: a large opening mark, the words at the largest size that fits, who said it."""
    for size in (*QUOTE_SIZES, *(s for s in SHRINK_SIZES if s < QUOTE_SIZES[-1])):
        items = [Styled(para("\u201c", bullet=False), QUOTE_MARK_SIZE, "quote-mark"),
                 styled(quote.text, size, "quote", box.width, setting)]
        if quote.attribution:
            items.append(styled(quote.attribution, LABEL_SIZE if size > LABEL_SIZE else size, "attribution",
                                box.width, setting))
        if fits(items, box.width, box.height, setting):
            return replace(spec, frames=(Frame(tuple(items), middle=True),), body_size=size)
    raise ContentError(f"the quote on slide '{spec.title}' (module '{spec.module_id}') does not fit at {FLOOR} pt; "
                       f"shorten it", where=spec.where or "deck", line=spec.line)


def check_titles(specs: list[SlideSpec]) -> None:
    """Every slide has a title, and no two share one (PowerPoint's outline and screen readers go by titles)."""
    seen: dict[str, SlideSpec] = {}
    for spec in specs:
        if not spec.title.strip():
            raise ContentError("a slide has no title; start it with '## Title'", where=spec.where or "deck",
                               line=spec.line)
        key = spec.title.strip().lower()
        if key in seen:
            first = seen[key]
            raise ContentError(f"slide title '{spec.title}' is used twice (also in "
                               f"{first.module_id or first.kind}); give each slide its own title",
                               where=spec.where or "deck", line=spec.line)
        seen[key] = spec

