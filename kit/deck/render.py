"""Fitted ``SlideSpec``s -> slides, through python-pptx's API (raw XML only via ``pptx_xml``)."""

from __future__ import annotations

import re
from typing import Sequence

from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_AUTO_SIZE, PP_ALIGN
from pptx.util import Inches, Pt

from ..content import Columns, Image, Paragraph, Run
from ..errors import RenderError
from ..profile import Profile
from . import pptx_xml, title
from .fit import SPACE_BEFORE, STAT_FIGURE_SIZE, SUBTITLE_SIZE, attribution_size
from .layout import Layouts
from .spec import Attribution, BodyItem, SlideSpec, StatFigure, body_items, para

WHITE = RGBColor(0xFF, 0xFF, 0xFF)
SLIDE_NUMBER_SIZE = 12
BANNER_KINDS = ("title", "section")  # the built-in template fills these with the agency's colour


def render(prs, layouts: Layouts, specs: list[SlideSpec], profile: Profile, *, builtin: bool) -> None:
    primary, accent = RGBColor.from_string(profile.branding.primary), RGBColor.from_string(profile.branding.accent)
    for spec in specs:
        layout = layouts[spec.layout]
        slide = prs.slides.add_slide(layout.slide_layout)
        # An agency template keeps its own look; the built-in one gets the agency's colours.
        banner = builtin and spec.kind in BANNER_KINDS
        if banner:
            slide.background.fill.solid()
            slide.background.fill.fore_color.rgb = primary
        _title(slide, spec, WHITE if banner else primary if builtin else None)
        on_slide = {ph.placeholder_format.idx: ph for ph in slide.placeholders}
        bodies = [on_slide[idx] for idx in layout.body_idx if idx in on_slide]
        if spec.kind in BANNER_KINDS:
            if bodies:
                _fill(bodies[0].text_frame, [para(line, bullet=False) for line in spec.subtitle], SUBTITLE_SIZE,
                      colour=WHITE if banner else None)
            used = 1
        else:
            used = _body(slide, bodies, spec, accent if builtin else None)
        for ph in bodies[used:]:
            ph.element.getparent().remove(ph.element)
        if spec.kind == "title":
            title.add_logo(slide, prs, profile)
        else:
            _slide_number(slide, prs, WHITE if banner else None)
        _notes(slide, spec)


def _title(slide, spec: SlideSpec, colour) -> None:
    frame = slide.shapes.title.text_frame
    frame.text = spec.title
    frame.word_wrap = True
    for run in frame.paragraphs[0].runs:
        run.font.size = Pt(spec.title_size)
        if colour is not None:
            run.font.color.rgb = colour


def _body(slide, bodies, spec: SlideSpec, accent) -> int:
    columns = next((b for b in spec.blocks if isinstance(b, Columns)), None)
    if columns:
        for ph, column in zip(bodies, (columns.left, columns.right), strict=False):
            heading = [Paragraph((Run(column.heading, bold=True),), bullet=False)] if column.heading else []
            _fill(ph.text_frame, heading + list(column.paragraphs), spec.body_size)
        return 2
    image = next((b for b in spec.blocks if isinstance(b, Image)), None)
    if image:
        ph = bodies[0]
        picture(slide, image, ph.left, ph.top, ph.width, ph.height)
        return 0
    _fill(bodies[0].text_frame, body_items(spec.blocks), spec.body_size, accent=accent)
    return 1


def _fill(frame, items: Sequence[BodyItem], size: float, *, accent=None, colour=None) -> None:
    frame.clear()
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    for index, item in enumerate(items):
        p = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        p.line_spacing = 1.0
        p.space_before = Pt(size * SPACE_BEFORE)
        if isinstance(item, StatFigure):
            pptx_xml.no_bullet(p)
            run = p.add_run()
            run.text = item.figure
            run.font.size, run.font.bold = Pt(STAT_FIGURE_SIZE), True
            if accent is not None:
                run.font.color.rgb = accent
        elif isinstance(item, Attribution):
            pptx_xml.no_bullet(p)
            p.alignment = PP_ALIGN.RIGHT
            _runs(p, item.paragraph.runs, attribution_size(size))
        else:
            p.level = min(item.level, 4)
            if not item.bullet:
                pptx_xml.no_bullet(p)
            _runs(p, item.runs, size, colour)


def _runs(p, runs, size: float, colour=None) -> None:
    for source in runs:
        run = p.add_run()
        run.text = source.text
        run.font.size = Pt(size)
        run.font.bold = source.bold or None
        run.font.italic = source.italic or None
        if colour is not None:
            run.font.color.rgb = colour


def picture(slide, image: Image, left, top, width, height) -> None:
    """The image centred in the box at its own aspect ratio, with alt text (or marked decorative)."""
    from PIL import Image as PILImage, UnidentifiedImageError

    try:
        with PILImage.open(image.path) as img:
            px_w, px_h = img.size
    except FileNotFoundError:
        raise RenderError("image not found; fix the path or add the file", where=image.path) from None
    except (UnidentifiedImageError, OSError):
        raise RenderError("is not a readable image; export it again as PNG or JPEG", where=image.path) from None
    scale = min(width / px_w, height / px_h)
    w, h = int(px_w * scale), int(px_h * scale)
    shape = slide.shapes.add_picture(str(image.path), left + (width - w) // 2, top + (height - h) // 2, w, h)
    pptx_xml.describe_picture(shape, "" if image.decorative else image.alt, re.sub(r"\s+", " ", image.alt)[:60])
    if image.decorative:
        pptx_xml.mark_decorative(shape)


def _slide_number(slide, prs, colour=None) -> None:
    box = slide.shapes.add_textbox(prs.slide_width - Inches(1.4), prs.slide_height - Inches(0.55),
                                   Inches(1.0), Inches(0.4))
    box.name = "Slide number"
    p = box.text_frame.paragraphs[0]
    p.alignment = PP_ALIGN.RIGHT
    run = p.add_run()
    run.font.size = Pt(SLIDE_NUMBER_SIZE)
    if colour is not None:
        run.font.color.rgb = colour
    pptx_xml.slide_number_field(run, len(prs.slides))


def _notes(slide, spec: SlideSpec) -> None:
    frame = slide.notes_slide.notes_text_frame
    frame.text = f"[{spec.cue}]" if spec.cue else ""
    for note in spec.notes:
        p = frame.add_paragraph()
        prefix = ("  " * note.level + "• ") if note.bullet else ""
        p.text = prefix + note.text
