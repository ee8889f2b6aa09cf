"""Type sizes that fit: each slide's text measured with real font metrics against its layout's boxes.

An overlong bullet list continues on a "(continued)" slide; anything else that cannot fit at the 18 pt
floor is refused, naming the module and line.
"""

from __future__ import annotations

from dataclasses import replace

from .. import textfit
from ..content import Column, Columns, Paragraph
from ..errors import ContentError
from .layout import Box, Layouts
from .spec import Attribution, SlideSpec, StatFigure, body_items, para

BODY_SIZES = (28, 26, 24, 22, 20, 18)  # 18 pt is the floor for body text on a projected slide
TITLE_SIZES = (36, 34, 32, 30, 28)
STAT_FIGURE_SIZE = 80
SUBTITLE_SIZE = 24
ATTRIBUTION_SHRINK = 4  # pt smaller than the body, never under 18
BULLET_INDENT_PT = 27.0  # the built-in template's hanging indent per level
SPACE_BEFORE = 0.3  # of the type size, before each paragraph


def attribution_size(size: float) -> float:
    return max(BODY_SIZES[-1], size - ATTRIBUTION_SHRINK)


def _lines(paragraphs, size: float) -> list[textfit.Line]:
    lines = []
    for p in paragraphs:
        indent = (p.level + (1 if p.bullet else 0)) * BULLET_INDENT_PT
        bold = all(run.bold for run in p.runs) and bool(p.runs)
        lines.append(textfit.Line(p.text, size, bold=bold, indent=indent, space_before=size * SPACE_BEFORE))
    return lines


def _body_lines(spec: SlideSpec, size: float) -> list[textfit.Line]:
    lines: list[textfit.Line] = []
    for item in body_items(spec.blocks):
        if isinstance(item, StatFigure):
            lines.append(textfit.Line(item.figure, STAT_FIGURE_SIZE, bold=True))
        elif isinstance(item, Attribution):
            lines += _lines([item.paragraph], attribution_size(size))
        else:
            lines += _lines([item], size)
    return lines


def _column_lines(column: Column, size: float) -> list[textfit.Line]:
    heading = [textfit.Line(column.heading, size, bold=True)] if column.heading else []
    return heading + _lines(column.paragraphs, size)


def _fits(spec: SlideSpec, size: float, body: tuple[Box, ...]) -> bool:
    columns = next((b for b in spec.blocks if isinstance(b, Columns)), None)
    if columns:
        return all(textfit.fits(_column_lines(col, size), box.width, box.height)
                   for col, box in zip((columns.left, columns.right), body, strict=False))
    return textfit.fits(_body_lines(spec, size), body[0].width, body[0].height)


def fit(specs: list[SlideSpec], layouts: Layouts) -> list[SlideSpec]:
    """Choose each slide's type sizes; continue overlong bullet lists on a new slide; refuse what cannot fit."""
    fitted: list[SlideSpec] = []
    for spec in specs:
        layout = layouts[spec.layout]
        title_size = next((s for s in TITLE_SIZES if textfit.fits([textfit.Line(spec.title, s)], layout.title.width,
                                                                 layout.title.height)), None)
        if title_size is None:
            raise ContentError(f"slide title '{spec.title}' does not fit its box at {TITLE_SIZES[-1]} pt; shorten it",
                               where=spec.where or "deck", line=spec.line)
        for part in _split(spec, layout.bodies):
            size = next(s for s in BODY_SIZES if not part.blocks or _fits(part, s, layout.bodies))
            fitted.append(replace(part, body_size=size, title_size=title_size))
    return fitted


def _split(spec: SlideSpec, body: tuple[Box, ...]) -> list[SlideSpec]:
    if spec.kind in ("title", "section") or not spec.blocks or _fits(spec, BODY_SIZES[-1], body):
        return [spec]
    if not all(isinstance(b, Paragraph) for b in spec.blocks):
        raise ContentError(f"slide '{spec.title}' (module '{spec.module_id}') does not fit at {BODY_SIZES[-1]} pt; "
                           f"shorten its text or split it into two slides", where=spec.where or "deck", line=spec.line)
    parts: list[list[Paragraph]] = []
    current: list[Paragraph] = []
    for paragraph in [b for b in spec.blocks if isinstance(b, Paragraph)]:
        trial = replace(spec, blocks=tuple(current + [paragraph]))
        if current and not _fits(trial, BODY_SIZES[-2], body):
            parts.append(current)
            current = []
        if not _fits(replace(spec, blocks=(paragraph,)), BODY_SIZES[-1], body):
            raise ContentError(f"a paragraph on slide '{spec.title}' (module '{spec.module_id}') is too long to fit "
                               f"a slide at {BODY_SIZES[-1]} pt; shorten it", where=spec.where or "deck",
                               line=spec.line)
        current.append(paragraph)
    parts.append(current)
    continued = (para("Continued from the previous slide; its notes cover this one too.", bullet=False),)
    return [replace(spec, title=spec.title if i == 0 else f"{spec.title} (continued{'' if i == 1 else f' {i}'})",
                    blocks=tuple(blocks), notes=spec.notes if i == 0 else continued)
            for i, blocks in enumerate(parts)]


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
