"""Fitted ``SlideSpec``s -> slides, through python-pptx's API (raw XML only via ``pptx_xml``).

Fit decided every size, line break and cell position; this module draws them. The built-in template gets
the agency's colours; an agency template keeps its own (its theme's accent marks figures and numbers).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from pptx.dml.color import RGBColor
from pptx.enum.dml import MSO_THEME_COLOR
from pptx.enum.shapes import MSO_CONNECTOR
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.util import Pt

from .. import textfit
from ..content import Image
from ..errors import RenderError
from ..profile import Profile
from . import pptx_xml, title
from .layout import INSET_X, INSET_Y, Layout, Layouts
from .parts import Parts
from .spec import LINE_BREAK, Frame, SlideSpec, Styled
from .stamps import add_run, add_textbox, style_paragraph
from .typeset import SOURCE_LINE_SIZES, space_before

WHITE = RGBColor(0xFF, 0xFF, 0xFF)
GREY = RGBColor(0x59, 0x59, 0x59)  # 7:1 on white: small print that stays readable
RULE = RGBColor(0xBF, 0xBF, 0xBF)
BANNER_KINDS = ("title", "section")  # the built-in template fills these with the agency's colour
FOOT_LOGO_PT = 26.0
EMU_PER_PT = 12700


@dataclass(frozen=True)
class Look:
    """The colours a deck is drawn in: the agency's on the built-in template, the theme's on its own."""

    builtin: bool
    primary: Any  # RGBColor, or a theme colour
    accent: Any
    footer: str  # the agency's short name at the foot of content slides ("" when the template brands itself)
    logo: Image | None  # the agency's logo, small, beside it


def render(prs, layouts: Layouts, specs: list[SlideSpec], profile: Profile, *, builtin: bool) -> None:
    branded = layouts.branded and not builtin
    look = Look(builtin=builtin,
                primary=RGBColor.from_string(profile.branding.primary) if builtin else MSO_THEME_COLOR.TEXT_2,
                accent=RGBColor.from_string(profile.branding.accent) if builtin else MSO_THEME_COLOR.ACCENT_1,
                footer="" if branded else profile.agency.short_name,
                logo=Image(profile.branding.logo, profile.branding.logo_alt)
                if profile.branding.logo and not branded else None)
    parts = Parts(prs)
    for spec in specs:
        layout = layouts[spec.layout]
        slide, on_slide = parts.add_slide(layout.slide_layout)
        banner = builtin and spec.kind in BANNER_KINDS
        if banner:
            slide.background.fill.solid()
            slide.background.fill.fore_color.rgb = look.primary
        _title(on_slide[0], spec, WHITE if banner else look.primary if builtin else None)
        bodies = [on_slide[idx] for idx in layout.body_idx if idx in on_slide]
        used = _body(slide, layout, bodies, spec, look, WHITE if banner else None)
        for index, ph in enumerate(bodies):
            if index not in used:
                ph.element.getparent().remove(ph.element)
        for left, top, width in spec.rules:
            _rule(slide, left, top, width)
        if spec.kind == "title":
            title.add_logo(slide, prs, profile)
        else:
            _foot(slide, prs, layout, spec, look, WHITE if banner else None)
        _notes(parts.notes_text_frame(slide), spec)


def _title(title, spec: SlideSpec, colour) -> None:
    frame = title.text_frame
    frame.word_wrap = True
    p = frame.paragraphs[0]
    for index, line in enumerate(spec.title_lines or (spec.title,)):
        if index:
            pptx_xml.line_break(p, spec.title_size)
        add_run(p, line, (_title_font, (spec.title_size, colour)))


def _title_font(run, size: float, colour) -> None:
    run.font.size = Pt(size)
    if colour is not None:
        run.font.color.rgb = colour


def _body(slide, layout: Layout, bodies, spec: SlideSpec, look: Look, colour) -> set[int]:
    """Fill the frames; return the indexes of the body placeholders used."""
    image = next((b for b in spec.blocks if isinstance(b, Image)), None)
    if image is not None:
        ph = bodies[0]
        picture(slide, image, ph.left, ph.top, ph.width, ph.height)
        return set()
    used = set()
    for frame in spec.frames:
        if frame.placeholder is None or frame.placeholder >= len(bodies):
            left, top, width, height = frame.box or (0, 0, 0, 0)
            box = slide.shapes.add_textbox(Pt(left), Pt(top), Pt(width), Pt(height))
            text_frame = box.text_frame
            text_frame.margin_left = text_frame.margin_right = text_frame.margin_top = text_frame.margin_bottom = 0
        else:
            ph = bodies[frame.placeholder]
            if layout.trimmed:
                _place(ph, layout.bodies[frame.placeholder])
            used.add(frame.placeholder)
            text_frame = ph.text_frame
        _fill(text_frame, frame, look, colour)
    return used


def _place(ph, box) -> None:
    """A body placeholder made shorter than its layout's, clear of the foot (all four set: a placeholder that
    inherits its position gets none of its own until one is written)."""
    ph.left, ph.top = Pt(box.left - INSET_X), Pt(box.top - INSET_Y)
    ph.width, ph.height = Pt(box.width + 2 * INSET_X), Pt(box.height + 2 * INSET_Y)


def _fill(text_frame, frame: Frame, look: Look, colour=None) -> None:
    text_frame.clear()
    text_frame.word_wrap = True
    text_frame.auto_size = MSO_AUTO_SIZE.NONE
    if frame.middle:
        text_frame.vertical_anchor = MSO_ANCHOR.MIDDLE
    for index, item in enumerate(frame.items):
        p = text_frame.paragraphs[0] if index == 0 else text_frame.add_paragraph()
        level = min(item.paragraph.level, 4) if item.style == "body" else None
        style_paragraph(p, (_paragraph_style, (space_before(item, index == 0, frame.placeholder is None), level,
                                               item.style == "body" and item.paragraph.bullet,
                                               item.style == "attribution")))
        _runs(p, item, _colour(item, look, colour))


def _paragraph_style(p, space: float, level: int | None, bullet: bool, right: bool) -> None:
    p.line_spacing = 1.0
    p.space_before = Pt(space)
    if level is not None:
        p.level = level
    if not bullet:
        pptx_xml.no_bullet(p)
    if right:
        p.alignment = PP_ALIGN.RIGHT


def _colour(item: Styled, look: Look, colour):
    if colour is not None:
        return colour
    if item.style in ("figure", "quote-mark"):
        return look.accent
    if item.style in ("number", "heading"):
        return look.primary
    if item.style == "detail" and look.builtin:
        return GREY
    return None


def _runs(p, item: Styled, colour) -> None:
    bold = item.style in ("figure", "number", "heading") or None
    italic = item.style == "quote" or None
    for source in item.paragraph.runs:
        for index, piece in enumerate(source.text.split(LINE_BREAK)):
            if index:
                pptx_xml.line_break(p, item.size)
            if not piece:
                continue
            add_run(p, piece, (_font, (item.size, bold or source.bold or None, italic or source.italic or None,
                                       colour)))


def _font(run, size: float, bold: bool | None, italic: bool | None, colour) -> None:
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    _paint(run.font.color, colour)


def _paint(color, colour) -> None:
    if isinstance(colour, RGBColor):
        color.rgb = colour
    elif colour is not None:
        color.theme_color = colour


def _rule(slide, left: float, top: float, width: float) -> None:
    line = slide.shapes.add_connector(MSO_CONNECTOR.STRAIGHT, Pt(left), Pt(top), Pt(left + width), Pt(top))
    line.line.color.rgb = RULE
    line.line.width = Pt(0.75)
    line.name = "Row rule"


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


def _foot(slide, prs, layout: Layout, spec: SlideSpec, look: Look, colour) -> None:
    """The source line on the left; the agency's name (and logo) and the slide number on the right."""
    if spec.source_line is not None:
        box = layout.foot
        shape = add_textbox(slide.shapes, (Pt(box.left), Pt(box.top), Pt(box.width), Pt(box.height)),
                            (_sources_box, ()))
        _fill(shape.text_frame, Frame((spec.source_line,), placeholder=None), look, colour)
    box = layout.number
    shape = add_textbox(slide.shapes, (Pt(box.left), Pt(box.top), Pt(box.width), Pt(box.height)), (_number_box, ()))
    p = shape.text_frame.paragraphs[0]
    size = SOURCE_LINE_SIZES[0]
    footer = look.footer if spec.kind not in BANNER_KINDS else ""
    font = (_font, (size, None, None, colour or (GREY if look.builtin else None)))
    if footer:
        add_run(p, f"{footer}   ", font)
    pptx_xml.slide_number_field(add_run(p, "", font), len(prs.slides))
    if footer and look.logo is not None:
        used = textfit.metrics(False).width(f"{footer}   {len(prs.slides)}", size)
        left = box.left + box.width - used - FOOT_LOGO_PT - 6
        top = box.top + (box.height - FOOT_LOGO_PT) / 2
        picture(slide, look.logo, Pt(left), Pt(top), Pt(FOOT_LOGO_PT), Pt(FOOT_LOGO_PT))


def _sources_box(shape) -> None:
    shape.name = "Sources"
    text_frame = shape.text_frame
    text_frame.margin_left = text_frame.margin_right = text_frame.margin_top = text_frame.margin_bottom = 0
    text_frame.vertical_anchor = MSO_ANCHOR.MIDDLE


def _number_box(shape) -> None:
    shape.name = "Slide number"
    text_frame = shape.text_frame
    text_frame.margin_left = text_frame.margin_right = text_frame.margin_top = text_frame.margin_bottom = 0
    text_frame.word_wrap, text_frame.auto_size = True, MSO_AUTO_SIZE.NONE  # the box stays where the layout put it
    text_frame.vertical_anchor = MSO_ANCHOR.MIDDLE
    text_frame.paragraphs[0].alignment = PP_ALIGN.RIGHT


def _notes(frame, spec: SlideSpec) -> None:
    frame.text = f"[{spec.cue}]" if spec.cue else ""
    for note in spec.notes:
        p = frame.add_paragraph()
        prefix = ("  " * note.level + "• ") if note.bullet else ""
        p.text = prefix + note.text
