"""New slides and notes slides, each a copy of the first one python-pptx made for its layout.

python-pptx builds every slide's placeholders from its layout, and every notes slide's from the notes master,
shape by shape (about 2 ms a slide), and names each notes slide by walking the whole package (quadratic in the
slides). Here the first slide of each layout and the first notes slide are python-pptx's own; later ones are
deep copies of them, with the part names, relationships and XML python-pptx would have written. Their
placeholders are found where they were on the first one (python-pptx searches every shape, with an XPath each).
"""

from __future__ import annotations

import copy
from typing import Any

from pptx.opc.constants import CONTENT_TYPE as CT, RELATIONSHIP_TYPE as RT
from pptx.opc.packuri import PackURI
from pptx.parts.slide import NotesSlidePart, SlidePart

NOTES_PARTNAME = "/ppt/notesSlides/notesSlide%d.xml"


class Parts:
    """Adds slides and notes slides to one presentation."""

    def __init__(self, prs) -> None:
        self._prs = prs
        # a layout's part name -> a fresh slide's element, and each placeholder's idx and place among its shapes
        self._slides: dict[str, tuple[Any, list[tuple[int, int]]]] = {}
        self._notes: Any = None  # a fresh notes slide's element
        self._notes_body = 0  # the place of its notes placeholder among its shapes
        self._notes_names: set[str] = set()

    def add_slide(self, slide_layout) -> tuple[Any, dict[int, Any]]:
        """``prs.slides.add_slide(slide_layout)``, and its placeholders by idx."""
        layout_part = slide_layout.part
        if layout_part.partname not in self._slides:
            slide = self._prs.slides.add_slide(slide_layout)
            shapes = list(slide.shapes)
            self._slides[layout_part.partname] = (copy.deepcopy(slide.element), [
                (ph.placeholder_format.idx, shapes.index(ph)) for ph in slide.placeholders])
        else:
            presentation_part = self._prs.part
            slide_part = SlidePart(presentation_part._next_slide_partname, CT.PML_SLIDE, presentation_part.package,
                                   copy.deepcopy(self._slides[layout_part.partname][0]))
            slide_part.relate_to(layout_part, RT.SLIDE_LAYOUT)
            self._prs.slides._sldIdLst.add_sldId(presentation_part.relate_to(slide_part, RT.SLIDE))
            slide = slide_part.slide
        return slide, {idx: slide.shapes[place] for idx, place in self._slides[layout_part.partname][1]}

    def notes_text_frame(self, slide):
        """``slide.notes_slide.notes_text_frame`` of a slide that has no notes slide yet."""
        slide_part = slide.part
        package = slide_part.package
        if self._notes is None:
            notes = slide.notes_slide
            self._notes = copy.deepcopy(notes.element)
            self._notes_body = list(notes.shapes).index(notes.notes_placeholder)
            prefix = NOTES_PARTNAME.split("%")[0]
            self._notes_names = {str(part.partname) for part in package.iter_parts()
                                 if part.partname.startswith(prefix)}
            return notes.notes_text_frame
        notes_part = NotesSlidePart(self._next_notes_name(), CT.PML_NOTES_SLIDE, package, copy.deepcopy(self._notes))
        notes_part.relate_to(package.presentation_part.notes_master_part, RT.NOTES_MASTER)
        notes_part.relate_to(slide_part, RT.SLIDE)
        slide_part.relate_to(notes_part, RT.NOTES_SLIDE)
        return notes_part.notes_slide.shapes[self._notes_body].text_frame

    def _next_notes_name(self) -> PackURI:
        """The name ``package.next_partname`` would give: the highest free number up to one past the count."""
        names = self._notes_names
        number = next(n for n in range(len(names) + 1, 0, -1) if NOTES_PARTNAME % n not in names)
        names.add(NOTES_PARTNAME % number)
        return PackURI(NOTES_PARTNAME % number)
