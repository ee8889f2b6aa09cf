"""The template: opening it, finding its four layouts, and each layout's text boxes, measured once.

Asking python-pptx for a placeholder's inherited size searches the layout and master every time, so
``read_layouts`` measures every layout once into a ``Layouts`` value that fitting and rendering share.
Each layout also gets its foot: the band where the template puts date, footer and slide number, which
carries the slide's source line, the agency's name and the slide number. Where a template's body box
reaches into that band, the body is trimmed so the two never overlap.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..errors import RenderError
from .pptx_xml import remove_all_slides, replace_theme_font, theme_fonts
from .spec import LayoutName

LAYOUT_NAMES: dict[LayoutName, tuple[str, ...]] = {
    "title": ("Title Slide", "Title"),
    "content": ("Title and Content",),
    "section": ("Section Header",),
    "two": ("Two Content",),
}
# How many body placeholders each layout must offer.
BODIES_NEEDED: dict[LayoutName, int] = {"title": 0, "content": 1, "section": 0, "two": 2}
WIDESCREEN = (12192000, 6858000)  # EMU: 16:9, 13.333 x 7.5 in, as PowerPoint makes it
INSET_X = 7.2  # pt: a text box's default inset, 0.1 in left and right
INSET_Y = 3.6  # 0.05 in top and bottom
EMU_PER_PT = 12700
BUILTIN = "built-in template"
FOOT_HEIGHT = 29.0  # pt: the built-in template's footer placeholders; a template without them gets this band
FOOT_GAP = 6.0  # pt between the body and the foot


@dataclass(frozen=True)
class Box:
    """A text area in pt: ``left``/``top`` of the text inside its insets, ``width``/``height`` inside them."""

    width: float
    height: float
    left: float = 0.0
    top: float = 0.0

    @property
    def bottom(self) -> float:
        return self.top + self.height


@dataclass(frozen=True)
class Layout:
    """One slide layout and what fitting and rendering need of it."""

    name: str
    slide_layout: Any  # pptx.slide.SlideLayout
    title: Box
    bodies: tuple[Box, ...]  # text boxes besides the title, left to right (trimmed clear of the foot)
    body_idx: tuple[int, ...]  # placeholder idx a new slide gets for each body, left to right
    foot: Box = Box(0, 0)  # the source line's band, left of ``number``
    number: Box = Box(0, 0)  # where the slide number (and the agency's name) go
    trimmed: bool = False  # the bodies were cut shorter than the template's to clear the foot


@dataclass(frozen=True)
class Layouts:
    by_kind: dict[LayoutName, Layout]
    width: float = 960.0  # the slide, pt
    height: float = 540.0
    branded: bool = False  # the template's master or layouts carry a picture (its logo): add no logo of ours
    font: str = ""  # the theme's body and title fonts, for measuring ("" or "Arial": the bundled metrics)
    title_font: str = ""

    def __getitem__(self, kind: LayoutName) -> Layout:
        return self.by_kind[kind]


def open_template(template: Path | None):
    """The agency's .pptx (its sample slides removed), or the built-in clean 16:9 template."""
    from pptx import Presentation
    from pptx.exc import PackageNotFoundError

    if template is None:
        return _builtin_template()
    if not template.is_file():
        raise RenderError("template file not found", where=template, hint="template")
    try:
        prs = Presentation(str(template))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise RenderError(f"is not a readable .pptx template ({exc.__class__.__name__}); save it again from "
                          f"PowerPoint as .pptx", where=template) from None
    remove_all_slides(prs)
    return prs


def _builtin_template():
    from pptx import Presentation

    prs = Presentation()
    scale = WIDESCREEN[0] / prs.slide_width
    prs.slide_width, prs.slide_height = WIDESCREEN
    # Only shapes with a position of their own are scaled; the others inherit the master's, scaled here once.
    # (Asking a layout placeholder for an inherited position costs a search of the master each time.)
    shapes = [*prs.slide_master.shapes, *(shape for layout in prs.slide_layouts for shape in layout.shapes)]
    for element in (shape.element for shape in shapes):
        if element.xfrm is not None:
            element.x, element.cx = int(element.x * scale), int(element.cx * scale)
    # The default theme names Calibri, which Linux lacks; Arial is everywhere and metric-twin of our metrics font.
    replace_theme_font(prs, "Calibri", "Arial")
    return prs


def read_layouts(prs, where: str | Path = BUILTIN) -> Layouts:
    """Each of the four layouts by name, measured once; a template lacking one is refused, naming it."""
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    by_name = {layout.name: layout for layout in prs.slide_layouts}
    found: dict[LayoutName, Layout] = {}
    for kind, names in LAYOUT_NAMES.items():
        slide_layout = next((by_name[n] for n in names if n in by_name), None)
        if slide_layout is None:
            raise RenderError(f"template has no layout named '{names[0]}' (it has: {', '.join(by_name)}); rename one "
                              f"in PowerPoint's Slide Master view", where=where)
        found[kind] = _measure(kind, slide_layout, where, prs.slide_width / EMU_PER_PT, prs.slide_height / EMU_PER_PT)
    pictures = [shape for owner in (prs.slide_master, *(layout.slide_layout for layout in found.values()))
                for shape in owner.shapes if shape.shape_type == MSO_SHAPE_TYPE.PICTURE]
    title_font, font = theme_fonts(prs)
    return Layouts(found, width=prs.slide_width / EMU_PER_PT, height=prs.slide_height / EMU_PER_PT,
                   branded=bool(pictures), font=font, title_font=title_font)


def builtin_layouts() -> Layouts:
    return read_layouts(open_template(None), BUILTIN)


def _measure(kind: LayoutName, slide_layout, where, width: float, height: float) -> Layout:
    from pptx.enum.shapes import PP_PLACEHOLDER

    titles = (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)
    feet = (PP_PLACEHOLDER.DATE, PP_PLACEHOLDER.FOOTER)
    title, bodies, foot, number, by_idx = None, [], [], None, {}
    for ph in slide_layout.placeholders:
        kind_of = ph.placeholder_format.type
        box = by_idx[ph.placeholder_format.idx] = _inner(ph)
        if kind_of in titles:
            title = box
        elif kind_of in (PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT, PP_PLACEHOLDER.SUBTITLE):
            bodies.append(box)
        elif kind_of in feet:
            foot.append(box)
        elif kind_of == PP_PLACEHOLDER.SLIDE_NUMBER:
            number = box
    if title is None:
        raise RenderError(f"template layout '{slide_layout.name}' has no title placeholder; add one in "
                          f"PowerPoint's Slide Master view", where=where)
    if len(bodies) < BODIES_NEEDED[kind]:
        raise RenderError(f"template layout '{slide_layout.name}' needs {BODIES_NEEDED[kind]} text placeholder(s) "
                          f"besides the title and has {len(bodies)}; add them in PowerPoint's Slide Master view",
                          where=where)
    cloneable = [ph.placeholder_format.idx for ph in slide_layout.iter_cloneable_placeholders()
                 if ph.placeholder_format.idx != 0 and ph.placeholder_format.type not in titles]
    band, number_box = _foot(foot, number, width, height)
    boxes = sorted(bodies, key=lambda box: box.left)
    clear = band.top - FOOT_GAP
    trimmed = [replace(box, height=clear - box.top) if box.bottom > clear and kind != "title" else box
               for box in boxes]
    return Layout(name=slide_layout.name, slide_layout=slide_layout, title=title, bodies=tuple(trimmed),
                  body_idx=tuple(sorted(cloneable, key=lambda idx: by_idx[idx].left)),
                  foot=band, number=number_box, trimmed=trimmed != boxes)


def _inner(ph) -> Box:
    element = ph.element
    left, top, width, height = element.x, element.y, element.cx, element.cy  # where the layout sets its own
    if None in (left, top, width, height):  # the rest is the master's: found once (python-pptx searches per read)
        base = ph._base_placeholder
        left, top = (base.left if left is None else left), (base.top if top is None else top)
        width, height = (base.width if width is None else width), (base.height if height is None else height)
    return Box(width / EMU_PER_PT - 2 * INSET_X, height / EMU_PER_PT - 2 * INSET_Y,
               left / EMU_PER_PT + INSET_X, top / EMU_PER_PT + INSET_Y)


def _foot(foot: list[Box], number: Box | None, width: float, height: float) -> tuple[Box, Box]:
    """The template's date and footer placeholders make the source line's band; its slide-number placeholder
    the number's. A template without them gets a band along the bottom edge."""
    if number is None:
        number = Box(160, FOOT_HEIGHT - 2 * INSET_Y, width - 200 + INSET_X, height - FOOT_HEIGHT - 12 + INSET_Y)
    if not foot:
        left = 36 + INSET_X
        return Box(number.left - left - 2 * INSET_X, number.height, left, number.top), number
    left = min(box.left for box in foot)
    right = max(box.left + box.width for box in foot if box.left < number.left)
    top = min(box.top for box in foot)
    return Box(right - left, max(box.bottom for box in foot) - top, left, top), number
