"""The template: opening it, finding its four layouts, and each layout's text boxes, measured once.

Asking python-pptx for a placeholder's inherited size searches the layout and master every time, so
``read_layouts`` measures every layout once into a ``Layouts`` value that fitting and rendering share.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import RenderError
from .pptx_xml import remove_all_slides, replace_theme_font
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
INSET_PT = 7.2 * 2  # 0.1 in left and right
INSET_HEIGHT_PT = 7.2
EMU_PER_PT = 12700
BUILTIN = "built-in template"


@dataclass(frozen=True)
class Box:
    width: float  # pt, inside the text insets
    height: float


@dataclass(frozen=True)
class Layout:
    """One slide layout and what fitting and rendering need of it."""

    name: str
    slide_layout: Any  # pptx.slide.SlideLayout
    title: Box
    bodies: tuple[Box, ...]  # text boxes besides the title, left to right
    body_idx: tuple[int, ...]  # placeholder idx a new slide gets for each body, left to right


@dataclass(frozen=True)
class Layouts:
    by_kind: dict[LayoutName, Layout]

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
    by_name = {layout.name: layout for layout in prs.slide_layouts}
    found: dict[LayoutName, Layout] = {}
    for kind, names in LAYOUT_NAMES.items():
        slide_layout = next((by_name[n] for n in names if n in by_name), None)
        if slide_layout is None:
            raise RenderError(f"template has no layout named '{names[0]}' (it has: {', '.join(by_name)}); rename one "
                              f"in PowerPoint's Slide Master view", where=where)
        found[kind] = _measure(kind, slide_layout, where)
    return Layouts(found)


def builtin_layouts() -> Layouts:
    return read_layouts(open_template(None), BUILTIN)


def _measure(kind: LayoutName, slide_layout, where) -> Layout:
    from pptx.enum.shapes import PP_PLACEHOLDER

    titles = (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)
    title, bodies = None, []
    for ph in slide_layout.placeholders:
        kind_of = ph.placeholder_format.type
        box = Box(ph.width / EMU_PER_PT - INSET_PT, ph.height / EMU_PER_PT - INSET_HEIGHT_PT)
        if kind_of in titles:
            title = box
        elif kind_of in (PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT, PP_PLACEHOLDER.SUBTITLE):
            bodies.append((ph.left, box))
    if title is None:
        raise RenderError(f"template layout '{slide_layout.name}' has no title placeholder; add one in "
                          f"PowerPoint's Slide Master view", where=where)
    if len(bodies) < BODIES_NEEDED[kind]:
        raise RenderError(f"template layout '{slide_layout.name}' needs {BODIES_NEEDED[kind]} text placeholder(s) "
                          f"besides the title and has {len(bodies)}; add them in PowerPoint's Slide Master view",
                          where=where)
    cloneable = [ph for ph in slide_layout.iter_cloneable_placeholders()
                 if ph.placeholder_format.idx != 0 and ph.placeholder_format.type not in titles]
    return Layout(name=slide_layout.name, slide_layout=slide_layout, title=title,
                  bodies=tuple(box for _, box in sorted(bodies, key=lambda pair: pair[0])),
                  body_idx=tuple(ph.placeholder_format.idx for ph in sorted(cloneable, key=lambda ph: ph.left)))
