"""Will this text fit that box? Word-wrapping with real font metrics (Liberation Sans, metric-compatible
with Arial), because python-pptx's autofit flags only take effect when PowerPoint re-renders the slide."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from fontTools.ttLib import TTFont

from .resources import data_path

LINE_HEIGHT = 1.17  # Liberation Sans ascent + descent, in em, as LibreOffice and PowerPoint lay out single spacing
SAFETY = 0.92  # renderers differ a little in kerning and wrapping; keep a margin


@dataclass(frozen=True)
class Line:
    """One paragraph to lay out: its text, weight, size (pt), left indent (pt) and space before it (pt)."""

    text: str
    size: float
    bold: bool = False
    indent: float = 0.0
    space_before: float = 0.0


class FontMetrics:
    def __init__(self, filename: str):
        font = TTFont(str(data_path("fonts", filename)), lazy=True)
        self.units = font["head"].unitsPerEm
        cmap = font.getBestCmap()
        advances = font["hmtx"].metrics
        fallback = advances[cmap[ord("n")]][0]
        self._advance = {code: advances[glyph][0] for code, glyph in cmap.items()}
        self._fallback = fallback

    def width(self, text: str, size: float) -> float:
        units = sum(self._advance.get(ord(ch), self._fallback) for ch in text)
        return units * size / self.units


@lru_cache(maxsize=2)
def metrics(bold: bool) -> FontMetrics:
    return FontMetrics("LiberationSans-Bold.ttf" if bold else "LiberationSans-Regular.ttf")


def line_count(line: Line, width: float) -> int:
    """Greedy word wrap, as text boxes do; a word longer than the line breaks across lines."""
    font = metrics(line.bold)
    usable = (width - line.indent) * SAFETY
    space = font.width(" ", line.size)
    count, used = 1, 0.0
    for word in line.text.split():
        w = font.width(word, line.size)
        if used and used + space + w > usable:
            count, used = count + 1, 0.0
        if w > usable:
            extra = int(w // usable)
            count += extra
            w -= extra * usable
        used = used + (space if used else 0) + w
    return count


def height(lines: list[Line], width: float) -> float:
    return sum(line.space_before + line_count(line, width) * line.size * LINE_HEIGHT for line in lines)


def fits(lines: list[Line], width: float, box_height: float) -> bool:
    return height(lines, width) <= box_height * SAFETY
