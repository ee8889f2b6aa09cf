"""Slides laid out in cells fit places itself: the reporting numbers in rows, myth/fact pairs side by side row
by row, and two to four figures as big-number call-outs in a grid.

Each cell is a text box of its own, its height measured with real font metrics, so a myth and its fact
start on the same line however long either is, and every number on "Where to report" is large.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .. import textfit
from ..content import Paragraph, Run, Stat
from .layout import Box
from .spec import Frame, SlideSpec, Styled, continued, para
from .typeset import FLOOR, LABEL_SIZE, SUBTITLE_SIZE, Setting, height, one_line, styled

NUMBER_SIZES = (48, 44, 40, 36, 32, 28)  # the reporting numbers: the largest that fits
FIGURE_SIZES = (96, 88, 80, 72, 64, 56, 48, 40)  # figures: the largest at which each stays on one line
GRID_FIGURE_MAX = 80
COLUMN_GAP = 24.0  # pt between cells side by side
ROW_GAP = (4.0, 28.0)  # pt between rows: at least, and at most when the rows leave room
LABEL_SHARE = 0.3  # the reporting rows' label column is never narrower than this share of the body
PAIR_LABEL = re.compile(r"^\s*([A-Z][\w ]{0,15}?):\s+")  # "Myth: ..." / "Fact: ..."


@dataclass(frozen=True)
class Row:
    left: tuple[Styled, ...]
    right: tuple[Styled, ...]


def arrange(spec: SlideSpec, box: Box, setting: Setting) -> list[SlideSpec] | None:
    """The slide in cells, if it is one of the three kinds laid out so; None: it flows in its placeholder."""
    if spec.kind == "report":
        return _report(spec, box, setting)
    pairs = _pairs(spec.blocks)
    if pairs is not None:
        return _paired(spec, box, setting, *pairs)
    if 1 <= len(spec.blocks) <= 4 and all(isinstance(b, Stat) for b in spec.blocks):
        return _grid(spec, [b for b in spec.blocks if isinstance(b, Stat)], box, setting)
    return None


# ---- where to report ---------------------------------------------------------------------------

def _contacts(blocks) -> list[tuple[Stat, Paragraph | None]]:
    """Each number with the line of detail (text, web address) that follows it, if any."""
    rows: list[tuple[Stat, Paragraph | None]] = []
    for block in blocks:
        if isinstance(block, Stat):
            rows.append((block, None))
        elif isinstance(block, Paragraph) and rows and rows[-1][1] is None:
            rows[-1] = (rows[-1][0], block)
    return rows


def report_lines(blocks) -> tuple[Paragraph, ...]:
    """The reporting numbers as a plain list, one line each, for a slide with too many to set in rows."""
    return tuple(para(" · ".join([f"{stat.wording.text}: {stat.figure}", *([detail.text] if detail else [])]))
                 for stat, detail in _contacts(blocks))


def _report(spec: SlideSpec, box: Box, setting: Setting) -> list[SlideSpec] | None:
    """Label on the left, the number large on the right: the largest size at which every row fits, a long number
    on one line if it can be, else over two."""
    contacts = _contacts(spec.blocks)
    if not contacts:
        return None
    for size, whole, label_size in ((size, whole, label) for size in NUMBER_SIZES for whole in (True, False)
                                    for label in (LABEL_SIZE, FLOOR)):
        number_width = max(_width(stat.figure, size, setting, whole) for stat, _ in contacts)
        label_width = box.width - number_width - COLUMN_GAP
        if label_width < box.width * LABEL_SHARE:
            continue
        rows = [Row((styled(stat.wording, label_size, "label", label_width, setting),),
                    (styled(para(stat.figure, bullet=False), size, "number", number_width, setting),
                     *([styled(detail, FLOOR, "detail", number_width, setting)] if detail else [])))
                for stat, detail in contacts]
        placed = _rows(rows, box, label_width, number_width, setting)
        if placed is not None:
            return [replace(spec, frames=placed[0], rules=placed[1], body_size=label_size)]
    return None


def _width(figure: str, size: float, setting: Setting, whole: bool) -> float:
    """The room a number needs on one line (``whole``), or on as many lines as its pieces take ("1-844-CO-4-KIDS"
    over "(1-844-264-5437)")."""
    font = textfit.metrics(True, setting.font)
    pieces = [figure] if whole else [figure[s:e] for s, e in textfit.words(figure, setting.names)]
    return max(font.width(piece, size) for piece in pieces) / textfit.WIDTH_SAFETY + 2


# ---- myth and fact ----------------------------------------------------------------------------

def _pairs(blocks) -> tuple[str, str, list[tuple[Paragraph, Paragraph]]] | None:
    """A list whose points each have one sub-point, all labelled alike ("Myth: ..." / "Fact: ...")."""
    if not blocks or len(blocks) % 2 or not all(isinstance(b, Paragraph) for b in blocks):
        return None
    firsts, seconds = blocks[0::2], blocks[1::2]
    if any(p.level != 0 for p in firsts) or any(p.level != 1 for p in seconds):
        return None
    labels: list[str] = []
    for group in (firsts, seconds):
        found = {m.group(1) if (m := PAIR_LABEL.match(p.text)) else "" for p in group}
        if len(found) != 1 or "" in found:
            return None
        labels.append(found.pop())
    if labels[0] == labels[1]:
        return None
    return labels[0], labels[1], [(_unlabelled(a), _unlabelled(b)) for a, b in zip(firsts, seconds, strict=True)]


def _unlabelled(p: Paragraph) -> Paragraph:
    """The point without its label, starting with a capital: "Myth: most victims ..." -> "Most victims ..."."""
    match = PAIR_LABEL.match(p.text)
    drop = match.end() if match else 0
    runs: list[Run] = []
    for run in p.runs:
        cut = min(drop, len(run.text))
        drop -= cut
        if run.text[cut:]:
            text = run.text[cut:]
            runs.append(replace(run, text=text[:1].upper() + text[1:] if not runs else text))
    return Paragraph(tuple(runs), level=0, bullet=False)


def _paired(spec: SlideSpec, box: Box, setting: Setting, left: str, right: str,
            pairs: list[tuple[Paragraph, Paragraph]]) -> list[SlideSpec] | None:
    """Two columns under their labels, each pair on one row; rows that do not fit continue on a new slide."""
    width = (box.width - COLUMN_GAP) / 2
    heading = Row((Styled(para(left, bullet=False), setting.body, "heading"),),
                  (Styled(para(right, bullet=False), setting.body, "heading"),))
    rows = [Row((styled(a, setting.body, "body", width, setting),),
                (styled(b, setting.body, "body", width, setting),)) for a, b in pairs]
    def fit_in(part: list[int]) -> bool:
        return _rows([heading, *(rows[i] for i in part)], box, width, width, setting) is not None

    parts: list[list[int]] = [[]]  # the pairs on each slide, by index
    for index in range(len(rows)):
        if parts[-1] and not fit_in(parts[-1] + [index]):
            parts.append([])
        parts[-1].append(index)
    share = -(-len(rows) // len(parts))  # evened out: two and two, not three and one
    even = [list(range(start, min(start + share, len(rows)))) for start in range(0, len(rows), share)]
    if len(even) == len(parts) and all(map(fit_in, even)):
        parts = even
    out = []
    for number, part in enumerate(parts):
        placed = _rows([heading, *(rows[i] for i in part)], box, width, width, setting)
        if placed is None:  # one pair too long for a slide: it flows, and is refused there, naming the module
            return None
        blocks = tuple(spec.blocks[2 * i + j] for i in part for j in (0, 1))
        out.append(continued(spec, number, blocks=blocks, frames=placed[0], rules=placed[1], body_size=setting.body))
    return out


def _rows(rows: list[Row], box: Box, left_width: float, right_width: float, setting: Setting):
    """Frames for rows of two cells, top-aligned and evenly spaced; None if they do not fit ``box``."""
    heights = [max(height(row.left, left_width, setting, boxed=True),
                   height(row.right, right_width, setting, boxed=True)) for row in rows]
    room = box.height * textfit.SAFETY
    gap = ROW_GAP[0] if len(rows) < 2 else min(ROW_GAP[1], max(ROW_GAP[0], (room - sum(heights)) / (len(rows) - 1)))
    if sum(heights) + gap * (len(rows) - 1) > room:
        return None
    frames, rules, top = [], [], box.top
    for row, row_height in zip(rows, heights, strict=True):
        if top > box.top:
            rules.append((box.left, top - gap / 2, box.width))
        frames.append(Frame(row.left, placeholder=None, box=(box.left, top, left_width, row_height)))
        frames.append(Frame(row.right, placeholder=None,
                            box=(box.left + box.width - right_width, top, right_width, row_height)))
        top += row_height + gap
    return tuple(frames), tuple(rules)


# ---- figures ---------------------------------------------------------------------------------

def _grid(spec: SlideSpec, stats: list[Stat], box: Box, setting: Setting) -> list[SlideSpec] | None:
    """One figure, or two or three side by side, or four in two rows: each on one line, as large as fits (a
    grid of several no larger than 80 pt, so one figure stands out more than several do), centred on the
    slide."""
    columns = len(stats) if len(stats) <= 3 else 2
    width = (box.width - COLUMN_GAP * (columns - 1)) / columns
    for figure_size in (s for s in FIGURE_SIZES if len(stats) == 1 or s <= GRID_FIGURE_MAX):
        if not all(one_line(stat.figure, figure_size, width, setting, bold=True) for stat in stats):
            continue
        for size in (setting.body, SUBTITLE_SIZE, LABEL_SIZE):
            cells = [(Styled(para(stat.figure, bullet=False), figure_size, "figure"),
                      styled(replace(stat.wording, bullet=False, level=0), size, "body", width, setting))
                     for stat in stats]
            rows = [cells[i:i + columns] for i in range(0, len(cells), columns)]
            heights = [max(height(cell, width, setting, boxed=True) for cell in row) for row in rows]
            total = sum(heights) + ROW_GAP[1] * (len(rows) - 1)
            if total > box.height * textfit.SAFETY:
                continue
            top = box.top + (box.height * textfit.SAFETY - total) / 2  # the grid centred in the body
            frames = []
            for row, row_height in zip(rows, heights, strict=True):
                for index, cell in enumerate(row):
                    left = box.left + index * (width + COLUMN_GAP)
                    frames.append(Frame(tuple(cell), placeholder=None, box=(left, top, width, row_height)))
                top += row_height + ROW_GAP[1]
            return [replace(spec, frames=tuple(frames), body_size=size)]
    return None

