"""Paragraph properties, runs and text boxes: each style made once through python-pptx's API, then copied.

python-pptx sets a paragraph's spacing or a run's size and colour through proxy objects that look up each
element's place among its siblings in the schema, a few tenths of a millisecond a run: most of a deck's
drawing time. A deck has a few dozen distinct styles. Each is made the first time by the API, on a paragraph
of its own, and later paragraphs and runs get deep copies of that XML, so what is written is python-pptx's own.
"""

from __future__ import annotations

import copy
from functools import cache
from typing import Any, Callable

from pptx.oxml import parse_xml
from pptx.oxml.ns import nsdecls
from pptx.text.text import _Paragraph, _Run

# A style: a function of a paragraph or a run, and the hashable arguments it is called with.
Style = tuple[Callable[..., None], tuple[Any, ...]]


def style_paragraph(paragraph: _Paragraph, style: Style) -> None:
    """``function(paragraph, *arguments)`` on a paragraph that has no properties yet."""
    if paragraph._p.pPr is not None:  # its own properties to build on: no copy of a fresh one fits
        style[0](paragraph, *style[1])
        return
    properties = _made_paragraph(style).pPr
    if properties is not None:
        paragraph._p.insert(0, copy.deepcopy(properties))  # a:pPr comes first in a:p


def add_run(paragraph: _Paragraph, text: str, style: Style) -> _Run:
    """``paragraph.add_run()`` with ``text``, styled by ``function(run, *arguments)``."""
    r = copy.deepcopy(_made_run(style))
    paragraph._p.insert_element_before(r, "a:endParaRPr")
    run = _Run(r, paragraph)
    run.text = text
    return run


def add_textbox(shapes, box: tuple[int, int, int, int], style: Style):
    """``shapes.add_textbox(*box)`` styled by ``function(shape, *arguments)``, which names it (a copy keeps the
    name; python-pptx's own, "TextBox N", would follow the id)."""
    made = _made_boxes.get((box, style))
    if made is None:
        shape = shapes.add_textbox(*box)
        style[0](shape, *style[1])
        _made_boxes[box, style] = copy.deepcopy(shape.element)
        return shape
    sp = copy.deepcopy(made)
    sp.nvSpPr.cNvPr.id = shapes._next_shape_id
    shapes._spTree.insert_element_before(sp, "p:extLst")
    return shapes._shape_factory(sp)


_made_boxes: dict[tuple[tuple[int, int, int, int], Style], Any] = {}


@cache
def _made_paragraph(style: Style):
    paragraph = _blank_paragraph()
    style[0](paragraph, *style[1])
    return paragraph._p


@cache
def _made_run(style: Style):
    run = _blank_paragraph().add_run()
    style[0](run, *style[1])
    return run._r


def _blank_paragraph() -> _Paragraph:
    return _Paragraph(parse_xml(f"<a:p {nsdecls('a')}/>"), None)  # type: ignore[arg-type]
