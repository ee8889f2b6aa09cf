"""Will this text fit that box, and where do its lines break? Word-wrapping with real font metrics (Liberation
Sans, metric-compatible with Arial), because python-pptx's autofit flags only take effect when PowerPoint
re-renders the slide. An agency template's own font is measured with the font this machine would draw it
with (fontconfig's match: LibreOffice's choice here, as wide as or wider than the real font elsewhere).

Phone numbers, web addresses and short names are kept whole: wrapping treats each as one word, so a line
breaks before it, never inside it (LibreOffice and PowerPoint would break "1-888-373-" / "7888" after a
hyphen, and the bundled fonts have no non-breaking hyphen). Where a renderer could still break inside one,
the caller sets the lines this module chose as explicit line breaks (``needs_breaks``).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise, repeat
from pathlib import Path

from .resources import data_path

LINE_HEIGHT = 1.17  # Liberation Sans ascent + descent, in em, as LibreOffice and PowerPoint lay out single spacing
# Renderers differ a little in kerning, wrapping and line height: lines are filled to WIDTH_SAFETY of their width
# (fit's explicit line breaks hold only if each line fits the renderer's box), boxes to SAFETY of their height.
WIDTH_SAFETY = 0.96
SAFETY = 0.92

# "1-888-373-7888", "(303) 555-0142", "1-844-CO-4-KIDS", "(1-844-264-5437)": each whole; a line may still
# break between a number spelled in letters and the same number in digits.
PHONE = r"\(\d{3}\)\s?\d{3}[-.]\d{4}|\(?[0-9A-Z]*\d[0-9A-Z]*(?:[-.][0-9A-Z]+){2,}\)?"
WEB = r"(?:https?://)?[\w-]+(?:\.[\w-]+)*\.(?:org|gov|com|net|edu|us)(?:/[^\s,;)]*)?"
SHORT = r"\d+/\d+"  # "24/7": a renderer may break after the slash
KEEP = re.compile(rf"{PHONE}|{WEB}|{SHORT}")
BREAKABLE = re.compile(r"[\s\-/]")  # where a renderer may break inside a kept-together token


@dataclass(frozen=True)
class Line:
    """One paragraph to lay out: its text, weight, size (pt), left indent (pt) and space before it (pt)."""

    text: str
    size: float
    bold: bool = False
    indent: float = 0.0
    space_before: float = 0.0
    font: str = ""  # a template's font family; "" is Arial, measured with the bundled Liberation Sans


class FontMetrics:
    """A font's advance widths, by character, in its units per em (a character it lacks is as wide as "n")."""

    def __init__(self, units: int, advances: dict[str, int]):
        self.units = units
        self._advance = advances
        self._fallback = advances["n"]

    @classmethod
    def read(cls, path: Path) -> FontMetrics:
        """Read from a font file with fontTools."""
        from fontTools.ttLib import TTFont

        font = TTFont(str(path), lazy=True)
        # Glyphs named by their number: fontTools would otherwise read every glyph's name from the 'post' table
        # (two thirds of reading a font), and only the character -> advance mapping is wanted here.
        font.setGlyphOrder([f"glyph{index}" for index in range(font["maxp"].numGlyphs)])
        advances = font["hmtx"].metrics
        by_character = {chr(code): advances[glyph][0] for code, glyph in font.getBestCmap().items()}
        return cls(font["head"].unitsPerEm, by_character)

    @classmethod
    def load(cls, path: Path) -> FontMetrics:
        """Load from a file of ``as_json``."""
        saved = json.loads(path.read_text(encoding="utf-8"))
        return cls(saved["units_per_em"], saved["advances"])

    def as_json(self) -> str:
        return json.dumps({"units_per_em": self.units, "advances": self._advance}, indent=0)

    def advance(self, text: str) -> int:
        """The text's width in font units (additive: a line's is the sum of its words')."""
        return sum(map(self._advance.get, text, repeat(self._fallback)))

    def scaled(self, advance: int, size: float) -> float:
        return advance * size / self.units

    def width(self, text: str, size: float) -> float:
        return self.scaled(self.advance(text), size)


ARIAL_METRICS = ("", "arial", "liberation sans", "arimo", "helvetica")


BUNDLED = {False: "LiberationSans-Regular", True: "LiberationSans-Bold"}  # kit/data/fonts/NAME.ttf


@lru_cache(maxsize=16)
def metrics(bold: bool, font: str = "") -> FontMetrics:
    path = None if font.lower() in ARIAL_METRICS else _installed(font, bold)
    return _read(path) if path else _bundled(bold)


@lru_cache(maxsize=16)
def _read(path: Path) -> FontMetrics:
    """Each font file read once, however its family was named."""
    return FontMetrics.read(path)


@lru_cache(maxsize=2)
def _bundled(bold: bool) -> FontMetrics:
    """The bundled Liberation Sans, from its advances saved beside it (NAME.metrics.json, written by
    benchmarks/make_font_metrics.py): importing fontTools and reading the font took about 4% of a deck build."""
    return FontMetrics.load(data_path("fonts", f"{BUNDLED[bold]}.metrics.json"))


def _installed(family: str, bold: bool) -> Path | None:
    """The font file fontconfig draws ``family`` with here; None without fontconfig (PowerPoint on Windows has the
    template's font, and Arial's metrics are a fair guess)."""
    if shutil.which("fc-match") is None:
        return None
    try:
        found = subprocess.run(["fc-match", "-f", "%{file}", f"{family}:{'bold' if bold else 'regular'}"],
                               capture_output=True, text=True, timeout=10, check=True).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return Path(found) if found.lower().endswith((".ttf", ".otf")) and Path(found).is_file() else None


@lru_cache(maxsize=64)
def _names_pattern(names: tuple[str, ...]) -> re.Pattern | None:
    names = tuple(sorted((n for n in names if " " in n.strip() or "-" in n), key=len, reverse=True))
    return re.compile("|".join(re.escape(n) for n in names)) if names else None


def kept(text: str, names: tuple[str, ...] = ()) -> list[tuple[int, int]]:
    """The spans of ``text`` wrapping must keep whole: phone numbers, web addresses, "24/7" and ``names``."""
    return list(_kept(text, names))


@lru_cache(maxsize=4096)  # fitting tries each paragraph at several sizes and widths
def _kept(text: str, names: tuple[str, ...]) -> tuple[tuple[int, int], ...]:
    spans = [m.span() for m in KEEP.finditer(text)]
    pattern = _names_pattern(names)
    if pattern is not None:
        spans += [m.span() for m in pattern.finditer(text)]
    return tuple(sorted(spans))


def words(text: str, names: tuple[str, ...] = ()) -> list[tuple[int, int]]:
    """(start, end) of each unit wrapping may not break: space-separated words, kept-together spans joined."""
    return list(_words(text, names))


@lru_cache(maxsize=4096)
def _words(text: str, names: tuple[str, ...]) -> tuple[tuple[int, int], ...]:
    units: list[list[int]] = []
    spans = _kept(text, names)
    for match in re.finditer(r"\S+", text):
        start, end = match.span()
        if units and any(s < start and units[-1][1] < e for s, e in spans):
            units[-1][1] = end  # the space before this word lies inside a kept-together span
        else:
            units.append([start, end])
    return tuple((s, e) for s, e in units)


def needs_breaks(text: str, names: tuple[str, ...] = ()) -> bool:
    """Does ``text`` hold a kept-together token a renderer could still break inside (at a space or hyphen)?"""
    return any(BREAKABLE.search(text[s:e]) for s, e in kept(text, names))


def line_spans(line: Line, width: float, names: tuple[str, ...] = ()) -> list[tuple[int, int]]:
    """Greedy word wrap, as text boxes do: (start, end) of each line in ``line.text``. A word longer than the
    line is split across lines, as a renderer would."""
    font, text = metrics(line.bold, line.font), line.text
    usable = (width - line.indent) * WIDTH_SAFETY
    spans: list[tuple[int, int]] = []
    current: tuple[int, int] | None = None
    advance = 0  # the current line's, in font units
    for start, end in words(text, names):
        if current:
            joined = advance + font.advance(text[current[1]:end])
            if font.scaled(joined, line.size) <= usable:
                current, advance = (current[0], end), joined
                continue
            spans.append(current)
            current = None
        while end - start > 1 and font.width(text[start:end], line.size) > usable:  # alone, and still too long
            cut = _longest_prefix(text[start:end], usable, font, line.size)
            spans.append((start, start + cut))
            start += cut
        current, advance = (start, end), font.advance(text[start:end])
    if current:
        spans.append(current)
    return spans or [(0, 0)]  # an empty paragraph still takes a line


def wrap(line: Line, width: float, names: tuple[str, ...] = ()) -> list[str]:
    return [line.text[s:e] for s, e in line_spans(line, width, names)]


def _longest_prefix(word: str, room: float, font: FontMetrics, size: float) -> int:
    cut = 1
    while cut < len(word) and font.width(word[:cut + 1], size) <= room:
        cut += 1
    return cut


def balanced_spans(line: Line, width: float, names: tuple[str, ...] = ()) -> list[tuple[int, int]]:
    """As few lines as greedy wrapping needs, but evened out, with no lone word on the last line.

    For titles: "Child sex and labor trafficking:" / "what neighbors can do", not "... neighbors can" / "do".
    A break after a colon or comma costs less than one inside a phrase.
    """
    greedy = line_spans(line, width, names)
    units = words(line.text, names)
    if len(greedy) < 2 or len(units) < 3:
        return greedy
    font, text = metrics(line.bold, line.font), line.text
    usable = (width - line.indent) * WIDTH_SAFETY

    def wide(first: int, last: int) -> float:
        return font.width(text[units[first][0]:units[last - 1][1]], line.size)

    @lru_cache(maxsize=None)
    def best(first: int, lines_left: int) -> tuple[float, tuple[int, ...]] | None:
        if lines_left == 1:
            rest = wide(first, len(units))
            if rest > usable or len(units) - first < 2:  # too long, or a lone word
                return None
            return (usable - rest) ** 2, ()
        found = None
        for cut in range(first + 1, len(units)):
            used = wide(first, cut)
            if used > usable:
                break
            after = best(cut, lines_left - 1)
            if after is None:
                continue
            bonus = 0.3 * usable ** 2 if text[units[cut - 1][1] - 1] in ":,;" else 0
            cost = (usable - used) ** 2 + after[0] - bonus
            if found is None or cost < found[0]:
                found = (cost, (cut, *after[1]))
        return found

    choice = best(0, len(greedy))
    if choice is None:
        return greedy
    cuts = (0, *choice[1], len(units))
    return [(units[a][0], units[b - 1][1]) for a, b in pairwise(cuts)]


def balanced(line: Line, width: float, names: tuple[str, ...] = ()) -> list[str]:
    return [line.text[s:e] for s, e in balanced_spans(line, width, names)]


def line_count(line: Line, width: float, names: tuple[str, ...] = ()) -> int:
    return len(wrap(line, width, names))


def height(lines: list[Line], width: float, names: tuple[str, ...] = ()) -> float:
    return sum(line.space_before + line_count(line, width, names) * line.size * LINE_HEIGHT for line in lines)


def fits(lines: list[Line], width: float, box_height: float, names: tuple[str, ...] = ()) -> bool:
    return height(lines, width, names) <= box_height * SAFETY
