"""The presenter's materials beside a deck ``NAME.pptx``: ``NAME-script.pdf``, the script (each slide's title,
outline, clock time, notes and sources, and where an optional module can be skipped), and
``NAME-takehome.pdf``, one or two pages for the audience (key points, signs, what to do and never do, every
number from the profile, the sources; no speaker notes). Jinja2 + WeasyPrint, through ``kit/printing.py`` and
``kit/pdf.py``.
"""

from __future__ import annotations

import datetime as dt
import warnings
from dataclasses import dataclass, replace
from pathlib import Path

from ..content import Block, Columns, Image, Paragraph, Quote, Stat
from ..dates import clock
from ..files import write_bytes
from ..handouts import all_calls, reports_instead
from ..languages import HANDOUTS, TAKEHOME, Language
from ..plan import Plan
from ..pdf import PrintingSkipped, html_to_pdf, printing_unavailable
from ..printing import render_html
from ..profile import Presenter, Profile
from .spec import DeckOptions, SlideSpec, minutes, plain

PAPER = "letter"


@dataclass(frozen=True)
class Line:
    """One line of a slide's outline or notes, as the script prints it."""

    text: str
    level: int = 0
    bullet: bool = False
    tip: bool = False  # a note for the presenter alone ("Tip: ...")
    presenter: str = ""  # the line's end from where it names the presenter, printed after ``text`` (swapped)


@dataclass(frozen=True)
class ScriptSlide:
    number: int
    title: str
    clock: str  # "6:42 PM"
    minutes: str  # "12-15"
    outline: tuple[Line, ...]
    notes: tuple[Line, ...]
    sources: tuple[str, ...]
    skip: str  # where the talk goes on if this optional module is skipped; "" for a slide that cannot be


def materials_paths(deck: Path) -> tuple[Path, Path]:
    return deck.with_name(f"{deck.stem}-script.pdf"), deck.with_name(f"{deck.stem}-takehome.pdf")


def write_materials(profile: Profile, plan: Plan, slides: list[SlideSpec], options: DeckOptions,
                    deck: Path) -> list[Path]:
    """The script and the take-home, each written atomically (inside the deck's output set, with it). On a
    machine that cannot make PDFs, neither: the deck is of use without them, and a note says what is missing."""
    script_path, takehome_path = materials_paths(deck)
    unavailable = printing_unavailable()
    if unavailable:
        warnings.warn(PrintingSkipped(unavailable, f"{script_path.name} and {takehome_path.name}"), stacklevel=2)
        return []
    return [write_script(profile, plan, slides, options, script_path, deck.name),
            write_takehome(profile, plan, slides, options, takehome_path)]


def write_script(profile: Profile, plan: Plan, slides: list[SlideSpec], options: DeckOptions, target: Path,
                 deck_name: str) -> Path:
    """The presenter's script for the deck named ``deck_name``, its clock times from ``options.start_time``."""
    return write_bytes(target, html_to_pdf(script_html(profile, plan, slides, options, options.start_time,
                                                       deck_name)))


def script_html(profile: Profile, plan: Plan, slides: list[SlideSpec], options: DeckOptions, start: dt.time,
                deck_name: str) -> str:
    """The script for a talk starting at ``start``, to print: a talk's scripts differ only in their clock
    times and where they name the presenter (the spans swapped in script.html.j2), so html_to_pdfs lays out
    once the scripts of one talk for every presenter and start time."""
    words = profile.speaks(options.language)
    presenter = profile.presenter(options.presenter)
    script = [replace(slide, outline=_naming(slide.outline, presenter), notes=_naming(slide.notes, presenter))
              for slide in script_slides(slides, start, words)]
    return render_html("script.html.j2", paper=PAPER, branding=profile.branding, inline_css=False,
                       draft=options.draft, words=words, slides=script, deck=deck_name,
                       start=clock(start, words.locale), total=round(plan.total),
                       **_common(profile, plan, slides, options))


def write_takehome(profile: Profile, plan: Plan, slides: list[SlideSpec], options: DeckOptions, target: Path) -> Path:
    """The audience's take-home: the same at any start time."""
    return write_bytes(target, html_to_pdf(takehome_html(profile, plan, slides, options)))


def takehome_html(profile: Profile, plan: Plan, slides: list[SlideSpec], options: DeckOptions) -> str:
    """The take-home to print: presenters' take-homes of one talk differ only in the presenter's name (swapped),
    so html_to_pdfs lays them out once."""
    words = profile.speaks(options.language)
    return render_html("takehome.html.j2", paper=PAPER, branding=profile.branding, inline_css=False,
                       draft=options.draft, words=words, text=words.table(TAKEHOME),
                       handouts=words.table(HANDOUTS), calls=all_calls(profile, words),
                       instead=reports_instead(profile, words), **_common(profile, plan, slides, options))


def _common(profile: Profile, plan: Plan, slides: list[SlideSpec], options: DeckOptions) -> dict:
    sources = [plain(p.text) for spec in slides if spec.kind == "sources" for p in spec.blocks
               if isinstance(p, Paragraph)]
    return {"agency": profile.agency, "talk": plan.recipe.title, "presenter": profile.presenter(options.presenter),
            "details": " · ".join(part for part in (options.date, options.venue) if part), "sources": sources}


def script_slides(slides: list[SlideSpec], start: dt.time, words: Language) -> list[ScriptSlide]:
    return [ScriptSlide(number=number, title=spec.title, clock=_clock(spec, start, words),
                        minutes=minutes(spec.start, spec.end), outline=tuple(outline(spec.blocks, words)),
                        notes=tuple(_notes(spec, words)), sources=spec.sources, skip=_skip(slides, number - 1, words))
            for number, spec in enumerate(slides, 1)]


def _clock(spec: SlideSpec, start: dt.time, words: Language) -> str:
    """When the slide comes up in a talk starting at ``start``: "6:42 PM"."""
    begin = dt.datetime.combine(dt.date(2000, 1, 1), start) + dt.timedelta(minutes=spec.start)
    return clock(begin, words.locale)


def outline(blocks: tuple[Block, ...], words: Language) -> list[Line]:
    """What the slide shows, as lines of text."""
    lines: list[Line] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            lines.append(Line(plain(block.text), block.level, block.bullet))
        elif isinstance(block, Stat):
            lines.append(Line(f"{block.figure}: {plain(block.wording.text)}"))
        elif isinstance(block, Quote):
            said = f" {plain(block.attribution.text)}" if block.attribution else ""
            lines.append(Line(f"\u201c{plain(block.text.text)}\u201d{said}"))
        elif isinstance(block, Columns):
            for column in (block.left, block.right):
                if column.heading:
                    lines.append(Line(column.heading))
                lines += [Line(plain(p.text), p.level + 1, True) for p in column.paragraphs]
        elif isinstance(block, Image):
            lines.append(Line(words.say("script.picture", alt=block.alt)))
    return lines


def _notes(spec: SlideSpec, words: Language) -> list[Line]:
    return [Line(p.text, p.level, p.bullet, tip=p.text.startswith(words.tip)) for p in spec.notes]


def _naming(lines: tuple[Line, ...], presenter: Presenter) -> tuple[Line, ...]:
    """``lines``, each cut where it first names the presenter (their name or title), the rest to be swapped.
    Where that rest fits on the line where the name starts (our modules word their notes so), the presenters'
    scripts share a layout; otherwise html_to_pdfs prints each alone."""
    names = [part for part in (presenter.name, presenter.title) if part]
    return tuple(_cut(line, names) for line in lines)


def _cut(line: Line, names: list[str]) -> Line:
    at = min((index for index in (line.text.find(name) for name in names) if index >= 0), default=-1)
    return line if at < 0 else replace(line, text=line.text[:at], presenter=line.text[at:])


def _skip(slides: list[SlideSpec], index: int, words: Language) -> str:
    """For the first slide of an optional module: how long it runs and which slide follows it."""
    spec = slides[index]
    if not spec.skippable:
        return ""
    rest = [s for s in slides[index:] if s.module_id == spec.module_id]
    minutes = max(1, round(rest[-1].end - spec.start))
    after = index + len(rest)
    if after >= len(slides):
        return words.say("script.skip_end", minutes=minutes)
    return words.say("script.skip_to", minutes=minutes, number=after + 1, title=slides[after].title)
