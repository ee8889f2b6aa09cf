"""Plan -> .pptx, in layers like python-pptx's own.

``spec``: what a slide says (pure data). ``compose``: plan -> slide specs (pure). ``title``: the title slide.
``layout``: the template and its boxes, measured once. ``fit``: type sizes and "(continued)" slides.
``render``: the python-pptx API. ``pptx_xml``: the few raw-XML edits python-pptx lacks, in schema order.
``parts``, ``stamps``: slides, notes slides, text styles and boxes made once by python-pptx, then copied (speed).
``job``: the whole build. ``typeset``: the type scale; ``cells``: slides laid out in cells of their own.
``materials``: the presenter's script and the audience take-home beside a deck. ``pptx_setup``: python-pptx
loaded for speed (Pillow deferred, XPath queries compiled once).
"""

from __future__ import annotations

from . import pptx_setup  # noqa: F401  (before any layer imports python-pptx)
from .compose import cite_labels, compose, sources_slides
from .fit import check_titles, fit
from .job import Deck, build_deck, deck_slides, for_talk
from .layout import Layouts, builtin_layouts, open_template, read_layouts
from .spec import DeckOptions, SlideSpec, para
from .title import SESSION_DETAILS, fill_session_details, session_details

__all__ = ["Deck", "DeckOptions", "Layouts", "SESSION_DETAILS", "SlideSpec", "build_deck", "builtin_layouts",
           "check_titles", "cite_labels", "compose", "deck_slides", "fill_session_details", "fit", "for_talk",
           "materials_paths", "open_template", "para", "read_layouts", "session_details", "sources_slides",
           "write_materials"]


def __getattr__(name: str):
    # The script and take-home are written only with --materials: their module, and the printing it loads,
    # are imported the first time one of them is asked for, not by every plain deck build.
    if name in ("materials_paths", "write_materials"):
        from . import materials

        return getattr(materials, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
