"""python-pptx's XPath queries, each compiled once.

python-pptx's ``BaseOxmlElement.xpath(query)`` hands lxml the query string on every call, and lxml compiles
it each time (about 25 µs, several times the search itself). A deck build asks about 1,800 of them, nearly
all the same dozen (is this shape a placeholder, of which type? the slide's highest shape id?). Here the
method compiles each query once, with python-pptx's own namespace prefixes, and answers as lxml does.

Installed when the deck layers load python-pptx. tests/test_deck.py checks that every query a build asks
gives the same answer through ``ORIGINAL`` (python-pptx's method), so a python-pptx release that changes
the method fails there.
"""

from __future__ import annotations

from functools import lru_cache

from lxml import etree
from pptx.oxml.ns import _nsmap
from pptx.oxml.xmlchemy import BaseOxmlElement

ORIGINAL = BaseOxmlElement.xpath


@lru_cache(maxsize=256)  # a few queries carry a number (a chart's data points): the cache stays bounded
def compiled(query: str) -> etree.XPath:
    return etree.XPath(query, namespaces=_nsmap)


def xpath(self, query: str):
    return compiled(query)(self)


BaseOxmlElement.xpath = xpath
