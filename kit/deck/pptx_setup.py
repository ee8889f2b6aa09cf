"""python-pptx, set up for speed before any layer of the deck imports it.

**Pillow runs when a picture needs it.** python-pptx imports Pillow as it loads, for the pictures a deck may
hold and for its own text fitting (which ``fit`` does instead). A deck without pictures never uses it, and
Pillow's start-up is about 2% of a deck build, so its modules are imported lazily (importlib's
``LazyLoader``): each runs the first time something uses it.

**Each XPath query is compiled once.** python-pptx's ``BaseOxmlElement.xpath(query)`` hands lxml the query
string on every call, and lxml compiles it each time (about 25 µs, several times the search itself). A deck
build asks about 1,800 of them, nearly all the same dozen (is this shape a placeholder, of which type? the
slide's highest shape id?). ``xpath`` compiles each query once, with python-pptx's own namespace prefixes,
and answers as lxml does. tests/test_deck.py checks that every query in python-pptx's source gives the same
answer through ``ORIGINAL`` (python-pptx's method), so a python-pptx release that changes it fails there.
"""

from __future__ import annotations

import importlib.util
import sys
from functools import lru_cache


def _deferred(*names: str) -> None:
    """Import each module now, but run it only when something first uses it."""
    for name in names:
        if name in sys.modules:
            continue
        spec = importlib.util.find_spec(name)
        if spec is None or spec.loader is None:
            continue  # python-pptx's own import will say what is missing
        loader = spec.loader = importlib.util.LazyLoader(spec.loader)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        loader.exec_module(module)
        parent, _, child = name.rpartition(".")
        setattr(sys.modules[parent], child, module)


_deferred("PIL.Image", "PIL.ImageFont")

from lxml import etree  # noqa: E402  (python-pptx's imports follow the deferral above)
from pptx.oxml.ns import _nsmap  # noqa: E402
from pptx.oxml.xmlchemy import BaseOxmlElement  # noqa: E402

ORIGINAL = BaseOxmlElement.xpath


@lru_cache(maxsize=256)  # a few queries carry a number (a chart's data points): the cache stays bounded
def compiled(query: str) -> etree.XPath:
    return etree.XPath(query, namespaces=_nsmap)


def xpath(self, query: str):
    return compiled(query)(self)


BaseOxmlElement.xpath = xpath  # type: ignore[method-assign,assignment]  # the patch this module is for
