"""New slides and notes slides, each a copy of the first one python-pptx made for its layout.

python-pptx builds every slide's placeholders from its layout, and every notes slide's from the notes master,
shape by shape (about 2 ms a slide), and names each notes slide by walking the whole package (quadratic in the
slides). Here the first slide of each layout and the first notes slide are python-pptx's own; later ones are
deep copies of them, with the part names, relationships and XML python-pptx would have written.
"""

from __future__ import annotations

import copy

from pptx.opc.constants import CONTENT_TYPE as CT, RELATIONSHIP_TYPE as RT
from pptx.opc.packuri import PackURI
from pptx.parts.slide import NotesSlidePart, SlidePart

NOTES_PARTNAME = "/ppt/notesSlides/notesSlide%d.xml"


class Parts:
    """Adds slides and notes slides to one presentation."""

    def __init__(self, prs) -> None:
        self._prs = prs
        self._slides: dict[str, object] = {}  # a layout's part name -> a fresh slide's element
        self._notes: object | None = None  # a fresh notes slide's element
        self._notes_names: set[str] = set()

    def add_slide(self, slide_layout):
        """``prs.slides.add_slide(slide_layout)``."""
        layout_part = slide_layout.part
        prepared = self._slides.get(layout_part.partname)
        if prepared is None:
            slide = self._prs.slides.add_slide(slide_layout)
            self._slides[layout_part.partname] = copy.deepcopy(slide.element)
            return slide
        presentation_part = self._prs.part
        slide_part = SlidePart(presentation_part._next_slide_partname, CT.PML_SLIDE, presentation_part.package,
                               copy.deepcopy(prepared))
        slide_part.relate_to(layout_part, RT.SLIDE_LAYOUT)
        self._prs.slides._sldIdLst.add_sldId(presentation_part.relate_to(slide_part, RT.SLIDE))
        return slide_part.slide

    def notes_slide(self, slide):
        """``slide.notes_slide`` of a slide that has none yet."""
        slide_part = slide.part
        package = slide_part.package
        if self._notes is None:
            notes = slide.notes_slide
            self._notes = copy.deepcopy(notes.element)
            prefix = NOTES_PARTNAME.split("%")[0]
            self._notes_names = {str(part.partname) for part in package.iter_parts()
                                 if part.partname.startswith(prefix)}
            return notes
        notes_part = NotesSlidePart(self._next_notes_name(), CT.PML_NOTES_SLIDE, package, copy.deepcopy(self._notes))
        notes_part.relate_to(package.presentation_part.notes_master_part, RT.NOTES_MASTER)
        notes_part.relate_to(slide_part, RT.SLIDE)
        slide_part.relate_to(notes_part, RT.NOTES_SLIDE)
        return notes_part.notes_slide

    def _next_notes_name(self) -> PackURI:
        """The name ``package.next_partname`` would give: the highest free number up to one past the count."""
        names = self._notes_names
        number = next(n for n in range(len(names) + 1, 0, -1) if NOTES_PARTNAME % n not in names)
        names.add(NOTES_PARTNAME % number)
        return PackURI(NOTES_PARTNAME % number)
