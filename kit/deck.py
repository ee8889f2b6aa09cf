"""Plan -> .pptx: compose the slides, fit their text with real font metrics, render with python-pptx.

Compose (pure) -> fit (needs the template's box sizes) -> quality gates -> render -> atomic save.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.enum.text import MSO_AUTO_SIZE, PP_ALIGN
from pptx.exc import PackageNotFoundError
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

from . import textfit
from .content import Columns, Image, Library, Paragraph, Quote, Run, Stat, block_texts, realize
from .errors import ContentError, RenderError
from .files import atomic_path
from .plan import OPENING_MINUTES, Plan
from .profile import Profile
from .sources import CITATION

BODY_SIZES = (28, 26, 24, 22, 20, 18)  # 18 pt is the floor for body text (deck-quality.md)
TITLE_SIZES = (36, 34, 32, 30, 28)
STAT_FIGURE_SIZE = 80
SUBTITLE_SIZE = 24
WHITE = RGBColor(0xFF, 0xFF, 0xFF)
LAYOUT_NAMES = {
    "title": ("Title Slide", "Title"),
    "content": ("Title and Content",),
    "section": ("Section Header",),
    "two": ("Two Content",),
}
WIDESCREEN = (Emu(12192000), Emu(6858000))  # 16:9, 13.333 x 7.5 in, as PowerPoint makes it
BULLET_INDENT_PT = 27.0  # the built-in template's hanging indent per level
INSET_PT = 7.2 * 2  # 0.1 in left and right


@dataclass(frozen=True)
class DeckOptions:
    recipe: str | None = None
    minutes: float | None = None
    template: Path | None = None
    presenter: str | None = None
    date: str = ""
    venue: str = ""
    start: dt.time = dt.time(18, 30)


@dataclass(frozen=True)
class SlideSpec:
    """A slide before it meets the template: what it says and where it came from."""

    kind: str  # title | agenda | section | content | report | qa | sources
    title: str
    blocks: tuple = ()
    notes: tuple[Paragraph, ...] = ()
    cue: str = ""
    module_id: str = ""
    where: str = ""
    line: int | None = None
    subtitle: tuple[str, ...] = ()
    body_size: float = 0
    title_size: float = 0

    @property
    def layout(self) -> str:
        if self.kind == "title":
            return "title"
        if self.kind == "section":
            return "section"
        return "two" if any(isinstance(b, Columns) for b in self.blocks) else "content"


@dataclass(frozen=True)
class Deck:
    path: Path
    slides: tuple[SlideSpec, ...]
    plan: Plan


def para(text: str, *, level: int = 0, bullet: bool = True, bold: bool = False) -> Paragraph:
    return Paragraph(runs=(Run(text, bold=bold),), level=level, bullet=bullet)


# ---- compose ----------------------------------------------------------------------------------

def compose(profile: Profile, library: Library, plan: Plan, options: DeckOptions) -> list[SlideSpec]:
    context = profile.template_context()
    presenter = profile.presenter(options.presenter) if options.presenter else profile.presenters[0]
    context["presenter"] = presenter
    total = plan.total
    slides = [_title_slide(profile, plan, presenter, options, total), _agenda(plan, total)]
    current_section = None
    for entry in plan.entries:
        if entry.section and entry.section != current_section:
            current_section = entry.section
            slides.append(_section_slide(plan, entry.section, total))
        module_slides = realize(entry.module, context)
        share = entry.minutes / len(module_slides)
        for index, slide in enumerate(module_slides):
            start = entry.start + index * share
            cue = _cue(share, start, start + share, total)
            if len(module_slides) > 1:
                cue += f" (module '{entry.module.id}', slide {index + 1} of {len(module_slides)})"
            slides.append(SlideSpec(kind="content", title=slide.title, blocks=slide.blocks, notes=slide.notes,
                                    cue=cue, module_id=slide.module_id, where=slide.where, line=slide.line))
    slides.append(_report_slide(profile, plan, total))
    slides.append(_qa_slide(plan, total))
    slides += sources_slides(profile, library, slides, [entry.module for entry in plan.entries])
    return [_with_labels(spec, library) for spec in slides]


def _with_labels(spec: SlideSpec, library: Library) -> SlideSpec:
    """Citations become short labels once the sources slide has collected them."""

    def label(p: Paragraph) -> Paragraph:
        return replace(p, runs=tuple(replace(r, text=cite_labels(r.text, library)) for r in p.runs))

    def block(b):
        if isinstance(b, Paragraph):
            return label(b)
        if isinstance(b, Stat):
            return replace(b, wording=label(b.wording))
        if isinstance(b, Quote):
            return replace(b, text=label(b.text), attribution=label(b.attribution) if b.attribution else None)
        if isinstance(b, Columns):
            return replace(b, left=replace(b.left, paragraphs=tuple(map(label, b.left.paragraphs))),
                           right=replace(b.right, paragraphs=tuple(map(label, b.right.paragraphs))))
        return b

    return replace(spec, title=cite_labels(spec.title, library), blocks=tuple(map(block, spec.blocks)),
                   notes=tuple(map(label, spec.notes)))


def _minute(value: float) -> str:
    return f"{value:.0f}" if abs(value - round(value)) < 0.05 else f"{value:.1f}"


def _cue(minutes: float, start: float, end: float, total: float) -> str:
    if end - start < 0.05:
        return f"at minute {_minute(start)} of {_minute(total)}"
    return f"about {max(1, round(minutes))} min · minutes {_minute(start)}-{_minute(end)} of {_minute(total)}"


def _title_slide(profile: Profile, plan: Plan, presenter, options: DeckOptions, total: float) -> SlideSpec:
    subtitle = [profile.agency.name, f"{presenter.name}, {presenter.title}" if presenter.title else presenter.name]
    when_where = " · ".join(part for part in (options.date, options.venue) if part)
    if when_where:
        subtitle.append(when_where)
    notes = (para(f"Welcome, everyone. I'm {presenter.name}. This talk runs about {round(total)} minutes, with "
                  f"time for your questions at the end.", bullet=False),)
    return SlideSpec(kind="title", title=plan.recipe.title, subtitle=tuple(subtitle), notes=notes,
                     cue=_cue(OPENING_MINUTES / 2, 0, OPENING_MINUTES / 2, total))


def _agenda(plan: Plan, total: float) -> SlideSpec:
    items = [para(f"{title} (minutes {round(start)}-{round(end)})") for title, start, end in plan.sections]
    if plan.recipe.qa_minutes:
        items.append(para(f"Your questions (minutes {round(plan.qa_start)}-{round(plan.total)})"))
    notes = (para("Walk the group through the plan for the evening so they know when questions come.",
                  bullet=False),)
    return SlideSpec(kind="agenda", title="Agenda", blocks=tuple(items), notes=notes,
                     cue=_cue(OPENING_MINUTES / 2, OPENING_MINUTES / 2, OPENING_MINUTES, total))


def _section_slide(plan: Plan, title: str, total: float) -> SlideSpec:
    start, end = next((s, e) for t, s, e in plan.sections if t == title)
    notes = (para(f"Next: {title}. This part runs about {round(end - start)} minutes.", bullet=False),)
    return SlideSpec(kind="section", title=title, subtitle=(f"Minutes {round(start)}-{round(end)}",),
                     notes=notes, cue=_cue(0, start, start, total))


def _report_slide(profile: Profile, plan: Plan, total: float) -> SlideSpec:
    contacts = profile.contacts
    lines = []
    for key in ("emergency", "state_hotline", "national_hotline", "cybertipline"):
        if key in contacts and contacts[key].accepts_trafficking is not False:
            lines.append(para(f"{contacts[key].label}: {contacts[key].reach}"))
    if profile.agency.non_emergency:
        lines.append(para(f"{profile.agency.name} non-emergency: {profile.agency.non_emergency}"))
    notes = (
        para("Leave this slide up while questions start, so people can copy the numbers.", bullet=False),
        para("You don't need to be sure to call. If a child is in immediate danger, call 911.", bullet=False),
    )
    return SlideSpec(kind="report", title="Where to report", blocks=tuple(lines), notes=notes,
                     cue=_cue(0, plan.qa_start, plan.qa_start, total))


def _qa_slide(plan: Plan, total: float) -> SlideSpec:
    blocks = (
        para("Ask out loud, or write your question on a card: no names needed"),
        para("Please don't share names or details of a real case here"),
        para("I'll stay afterwards for private conversations"),
    )
    notes = (
        para("If someone discloses abuse or trafficking during questions:", bullet=False),
        para("Believe and listen; don't ask for details in the room."),
        para("Don't promise secrecy you can't keep; say what you must report."),
        para("Offer to talk privately afterwards; have the hotline numbers and a victim advocate's contact ready."),
    )
    return SlideSpec(kind="qa", title="Questions and answers", blocks=blocks, notes=notes,
                     cue=_cue(plan.recipe.qa_minutes, plan.qa_start, plan.total, total))


def sources_slides(profile: Profile, library: Library, slides: list[SlideSpec], used_modules) -> list[SlideSpec]:
    """Every source cited on a slide or by a used module, then where each reporting number comes from."""
    cited: dict[str, None] = {}
    for spec in slides:
        for text in _all_texts(spec):
            for source_id in CITATION.findall(text):
                if source_id not in library.bibliography:
                    raise ContentError(f"cites [@{source_id}], which is not in bibliography.yaml; add it or fix "
                                       f"the id", where=spec.where or "deck", line=spec.line)
                cited[source_id] = None
    for module in used_modules:
        cited.update(dict.fromkeys(module.sources))
    lines = [para(library.bibliography[sid].reference()) for sid in cited]
    for key in ("emergency", "state_hotline", "national_hotline", "cybertipline"):
        contact = profile.contacts.get(key)
        if contact and contact.citation and contact.accepts_trafficking is not False:
            checked = f", verified {contact.verified}" if contact.verified else ""
            lines.append(para(f"{contact.label}: {contact.citation}{checked}"))
    notes = (para("Every figure in this talk comes from these sources.", bullet=False),)
    return [SlideSpec(kind="sources", title="Sources", blocks=tuple(lines), notes=notes, cue="after the talk")]


def _all_texts(spec: SlideSpec) -> list[str]:
    return [spec.title, *spec.subtitle, *block_texts(spec.blocks), *(p.text for p in spec.notes)]


def cite_labels(text: str, library: Library) -> str:
    """``[@iacp-2016]`` -> ``(IACP 2016)``."""
    return CITATION.sub(lambda m: f"({library.bibliography[m.group(1)].label})", text)


# ---- the template -----------------------------------------------------------------------------

def open_template(template: Path | None, profile: Profile):
    """The agency's .pptx (its sample slides removed), or the built-in clean 16:9 template."""
    if template is None:
        return _builtin_template()
    if not template.is_file():
        raise RenderError("template file not found; fix [branding] template in kit.toml or --template", where=template)
    try:
        prs = Presentation(str(template))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise RenderError(f"is not a readable .pptx template ({exc.__class__.__name__}); save it again from "
                          f"PowerPoint as .pptx", where=template)
    for slide_id in list(prs.slides._sldIdLst):
        prs.part.drop_rel(slide_id.rId)
        prs.slides._sldIdLst.remove(slide_id)
    template_layouts(prs, template)
    return prs


def _builtin_template():
    prs = Presentation()
    scale = WIDESCREEN[0] / prs.slide_width
    prs.slide_width, prs.slide_height = WIDESCREEN
    # Only shapes with a position of their own are scaled; the others inherit the master's, scaled here once.
    # (Asking a layout placeholder for an inherited position costs a search of the master each time.)
    shapes = [*prs.slide_master.shapes, *(shape for layout in prs.slide_layouts for shape in layout.shapes)]
    for element in (shape._element for shape in shapes):
        if element.xfrm is not None:
            element.x, element.cx = int(element.x * scale), int(element.cx * scale)
    theme = prs.slide_master.part.part_related_by(RT.THEME)
    # The default theme names Calibri, which Linux lacks; Arial is everywhere and metric-twin of our metrics font.
    theme._blob = theme.blob.replace(b'typeface="Calibri"', b'typeface="Arial"')
    return prs


def template_layouts(prs, where) -> dict:
    by_name = {layout.name: layout for layout in prs.slide_layouts}
    found = {}
    for kind, names in LAYOUT_NAMES.items():
        layout = next((by_name[n] for n in names if n in by_name), None)
        if layout is None:
            raise RenderError(f"template has no layout named '{names[0]}' (it has: {', '.join(by_name)}); rename one "
                              f"in PowerPoint's Slide Master view", where=where)
        found[kind] = layout
    return found


@dataclass(frozen=True)
class Box:
    width: float  # pt
    height: float


def _boxes(layout) -> tuple[Box, list[Box]]:
    title, bodies = None, []
    for ph in layout.placeholders:
        kind = ph.placeholder_format.type
        box = Box(Emu(ph.width).pt - INSET_PT, Emu(ph.height).pt - 7.2)
        if kind in (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE):
            title = box
        elif kind in (PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT, PP_PLACEHOLDER.SUBTITLE):
            bodies.append((ph.left, box))
    return title, [box for _, box in sorted(bodies, key=lambda pair: pair[0])]


# ---- fit --------------------------------------------------------------------------------------

def _lines(paragraphs, size: float) -> list[textfit.Line]:
    lines = []
    for p in paragraphs:
        indent = (p.level + (1 if p.bullet else 0)) * BULLET_INDENT_PT
        bold = all(run.bold for run in p.runs) and bool(p.runs)
        lines.append(textfit.Line(p.text, size, bold=bold, indent=indent, space_before=size * 0.3))
    return lines


def _block_lines(blocks, size: float) -> list[textfit.Line]:
    lines: list[textfit.Line] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            lines += _lines([block], size)
        elif isinstance(block, Stat):
            lines.append(textfit.Line(block.figure, STAT_FIGURE_SIZE, bold=True))
            lines += _lines([block.wording], size)
        elif isinstance(block, Quote):
            lines += _lines([block.text], size)
            if block.attribution:
                lines += _lines([block.attribution], max(18, size - 4))
    return lines


def _column_lines(column, size: float) -> list[textfit.Line]:
    heading = [textfit.Line(column.heading, size, bold=True)] if column.heading else []
    return heading + _lines(column.paragraphs, size)


def _fits(spec: SlideSpec, size: float, body: list[Box]) -> bool:
    columns = next((b for b in spec.blocks if isinstance(b, Columns)), None)
    if columns:
        return all(textfit.fits(_column_lines(col, size), box.width, box.height)
                   for col, box in zip((columns.left, columns.right), body))
    return textfit.fits(_block_lines(spec.blocks, size), body[0].width, body[0].height)


def fit(specs: list[SlideSpec], layouts: dict) -> list[SlideSpec]:
    """Choose each slide's type sizes; continue overlong bullet lists on a new slide; refuse what cannot fit."""
    fitted: list[SlideSpec] = []
    boxes = {kind: _boxes(layout) for kind, layout in layouts.items()}
    for spec in specs:
        title_box, body = boxes[spec.layout]
        title_size = next((s for s in TITLE_SIZES if textfit.fits([textfit.Line(spec.title, s)], title_box.width,
                                                                 title_box.height)), None)
        if title_size is None:
            raise ContentError(f"slide title '{spec.title}' does not fit its box at {TITLE_SIZES[-1]} pt; shorten it",
                               where=spec.where or "deck", line=spec.line)
        for part in _split(spec, body):
            size = next(s for s in BODY_SIZES if not part.blocks or _fits(part, s, body))
            fitted.append(replace(part, body_size=size, title_size=title_size))
    return fitted


def _split(spec: SlideSpec, body: list[Box]) -> list[SlideSpec]:
    if spec.kind in ("title", "section") or not spec.blocks or _fits(spec, BODY_SIZES[-1], body):
        return [spec]
    if not all(isinstance(b, Paragraph) for b in spec.blocks):
        raise ContentError(f"slide '{spec.title}' (module '{spec.module_id}') does not fit at {BODY_SIZES[-1]} pt; "
                           f"shorten its text or split it into two slides", where=spec.where or "deck", line=spec.line)
    parts, current = [], []
    for paragraph in spec.blocks:
        trial = replace(spec, blocks=tuple(current + [paragraph]))
        if current and not _fits(trial, BODY_SIZES[-2], body):
            parts.append(current)
            current = []
        if not _fits(replace(spec, blocks=(paragraph,)), BODY_SIZES[-1], body):
            raise ContentError(f"a paragraph on slide '{spec.title}' (module '{spec.module_id}') is too long to fit "
                               f"a slide at {BODY_SIZES[-1]} pt; shorten it", where=spec.where or "deck", line=spec.line)
        current.append(paragraph)
    parts.append(current)
    continued = (para("Continued from the previous slide; its notes cover this one too.", bullet=False),)
    return [replace(spec, title=spec.title if i == 0 else f"{spec.title} (continued{'' if i == 1 else f' {i}'})",
                    blocks=tuple(blocks), notes=spec.notes if i == 0 else continued)
            for i, blocks in enumerate(parts)]


def check_titles(specs: list[SlideSpec]) -> None:
    seen: dict[str, SlideSpec] = {}
    for spec in specs:
        if not spec.title.strip():
            raise ContentError("a slide has no title; start it with '## Title'", where=spec.where or "deck",
                               line=spec.line)
        key = spec.title.strip().lower()
        if key in seen:
            first = seen[key]
            raise ContentError(f"slide title '{spec.title}' is used twice (also in "
                               f"{first.module_id or first.kind}); give each slide its own title",
                               where=spec.where or "deck", line=spec.line)
        seen[key] = spec


# ---- render -----------------------------------------------------------------------------------

def render(prs, layouts: dict, specs: list[SlideSpec], profile: Profile, *, builtin: bool) -> None:
    primary, accent = RGBColor.from_string(profile.branding.primary), RGBColor.from_string(profile.branding.accent)
    body_order = {kind: _body_placeholders(layout) for kind, layout in layouts.items()}
    for spec in specs:
        slide = prs.slides.add_slide(layouts[spec.layout])
        # The built-in template marks the title and section slides with the agency's colour; an agency
        # template keeps its own look.
        banner = builtin and spec.kind in ("title", "section")
        if banner:
            slide.background.fill.solid()
            slide.background.fill.fore_color.rgb = primary
        _title(slide, spec, WHITE if banner else primary if builtin else None)
        on_slide = {ph.placeholder_format.idx: ph for ph in slide.placeholders}
        bodies = [on_slide[idx] for idx in body_order[spec.layout] if idx in on_slide]
        if spec.kind in ("title", "section"):
            if bodies:
                _fill(bodies[0].text_frame, [para(line, bullet=False) for line in spec.subtitle], SUBTITLE_SIZE,
                      colour=WHITE if banner else None)
            used = 1
        else:
            used = _body(slide, bodies, spec, accent if builtin else None)
        for ph in bodies[used:]:
            ph._element.getparent().remove(ph._element)
        if spec.kind == "title" and profile.branding.logo:
            _picture(slide, Image(profile.branding.logo, profile.branding.logo_alt),
                     prs.slide_width - Inches(2.2), Inches(0.4), Inches(1.8), Inches(1.8))
        if spec.kind != "title":
            _slide_number(slide, prs, WHITE if banner else None)
        _notes(slide, spec)


def _body_placeholders(layout) -> tuple[int, ...]:
    """The idx of each placeholder a new slide gets from ``layout`` besides its title, left to right.

    Read once per layout: asking each slide's placeholders for their inherited position costs a
    lookup in the layout every time.
    """
    bodies = [ph for ph in layout.iter_cloneable_placeholders() if ph.placeholder_format.idx != 0 and
              ph.placeholder_format.type not in (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)]
    return tuple(ph.placeholder_format.idx for ph in sorted(bodies, key=lambda ph: ph.left))


def _title(slide, spec: SlideSpec, colour) -> None:
    frame = slide.shapes.title.text_frame
    frame.text = spec.title
    frame.word_wrap = True
    for run in frame.paragraphs[0].runs:
        run.font.size = Pt(spec.title_size)
        if colour is not None:
            run.font.color.rgb = colour


def _body(slide, bodies, spec: SlideSpec, accent) -> int:
    columns = next((b for b in spec.blocks if isinstance(b, Columns)), None)
    if columns:
        for ph, column in zip(bodies, (columns.left, columns.right)):
            heading = [Paragraph((Run(column.heading, bold=True),), bullet=False)] if column.heading else []
            _fill(ph.text_frame, heading + list(column.paragraphs), spec.body_size)
        return 2
    image = next((b for b in spec.blocks if isinstance(b, Image)), None)
    if image:
        ph = bodies[0]
        _picture(slide, image, ph.left, ph.top, ph.width, ph.height)
        return 0
    frame = bodies[0].text_frame
    paragraphs = []
    for block in spec.blocks:
        if isinstance(block, Stat):
            paragraphs.append(("stat", block.figure))
            paragraphs.append(replace(block.wording, bullet=False))
        elif isinstance(block, Quote):
            paragraphs.append(replace(block.text, bullet=False))
            if block.attribution:
                paragraphs.append(("attribution", block.attribution))
        else:
            paragraphs.append(block)
    _fill(frame, paragraphs, spec.body_size, accent=accent)
    return 1


def _fill(frame, paragraphs, size: float, *, accent=None, colour=None) -> None:
    frame.clear()
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    for index, item in enumerate(paragraphs):
        p = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        p.line_spacing = 1.0
        p.space_before = Pt(size * 0.3)
        if isinstance(item, tuple):
            kind, value = item
            if kind == "stat":
                _no_bullet(p)
                run = p.add_run()
                run.text = value
                run.font.size, run.font.bold = Pt(STAT_FIGURE_SIZE), True
                if accent is not None:
                    run.font.color.rgb = accent
            else:
                _no_bullet(p)
                p.alignment = PP_ALIGN.RIGHT
                _runs(p, value.runs, max(18, size - 4))
            continue
        p.level = min(item.level, 4)
        if not item.bullet:
            _no_bullet(p)
        _runs(p, item.runs, size, colour)


def _runs(p, runs, size: float, colour=None) -> None:
    for source in runs:
        run = p.add_run()
        run.text = source.text
        run.font.size = Pt(size)
        run.font.bold = source.bold or None
        run.font.italic = source.italic or None
        if colour is not None:
            run.font.color.rgb = colour


def _no_bullet(p) -> None:
    pPr = p._p.get_or_add_pPr()
    pPr.set("marL", "0")
    pPr.set("indent", "0")
    for old in pPr.findall(qn("a:buNone")):
        pPr.remove(old)
    pPr.insert(0, pPr.makeelement(qn("a:buNone"), {}))


def _picture(slide, image: Image, left, top, width, height) -> None:
    from PIL import Image as PILImage, UnidentifiedImageError

    try:
        with PILImage.open(image.path) as img:
            px_w, px_h = img.size
    except FileNotFoundError:
        raise RenderError("image not found; fix the path or add the file", where=image.path)
    except (UnidentifiedImageError, OSError):
        raise RenderError("is not a readable image; export it again as PNG or JPEG", where=image.path)
    scale = min(width / px_w, height / px_h)
    w, h = int(px_w * scale), int(px_h * scale)
    picture = slide.shapes.add_picture(str(image.path), left + (width - w) // 2, top + (height - h) // 2, w, h)
    c_nv_pr = picture._element.nvPicPr.cNvPr
    # python-pptx writes the file name as the description; screen readers need words (python-pptx#508).
    c_nv_pr.set("descr", "" if image.decorative else image.alt)
    c_nv_pr.set("name", re.sub(r"\s+", " ", image.alt)[:60])
    if image.decorative:
        _mark_decorative(c_nv_pr)


def _mark_decorative(c_nv_pr) -> None:
    ext_lst = c_nv_pr.makeelement(qn("a:extLst"), {})
    ext = ext_lst.makeelement(qn("a:ext"), {"uri": "{C183D7F6-B498-43B3-948B-1728B52AA6E4}"})
    ns = "http://schemas.microsoft.com/office/drawing/2017/decorative"
    ext.append(ext.makeelement(f"{{{ns}}}decorative", {"val": "1"}))
    ext_lst.append(ext)
    c_nv_pr.append(ext_lst)


def _slide_number(slide, prs, colour=None) -> None:
    box = slide.shapes.add_textbox(prs.slide_width - Inches(1.4), prs.slide_height - Inches(0.55),
                                   Inches(1.0), Inches(0.4))
    box.name = "Slide number"
    p = box.text_frame.paragraphs[0]
    p.alignment = PP_ALIGN.RIGHT
    run = p.add_run()
    run.font.size = Pt(12)
    if colour is not None:
        run.font.color.rgb = colour
    # A real slide-number field, so the number stays right when slides are reordered in PowerPoint.
    field_el = run._r.makeelement(qn("a:fld"), {"id": "{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}", "type": "slidenum"})
    field_el.append(run._r.find(qn("a:rPr")))
    text = field_el.makeelement(qn("a:t"), {})
    text.text = str(len(prs.slides))
    field_el.append(text)
    run._r.addprevious(field_el)
    run._r.getparent().remove(run._r)


def _notes(slide, spec: SlideSpec) -> None:
    frame = slide.notes_slide.notes_text_frame
    frame.text = f"[{spec.cue}]" if spec.cue else ""
    for note in spec.notes:
        p = frame.add_paragraph()
        prefix = ("  " * note.level + "• ") if note.bullet else ""
        p.text = prefix + note.text


# ---- the whole job ----------------------------------------------------------------------------

def build_deck(profile: Profile, library: Library, plan: Plan, options: DeckOptions, out: Path) -> Deck:
    template = options.template or profile.branding.template
    prs = open_template(template, profile)
    layouts = template_layouts(prs, template or "built-in template")
    specs = fit(compose(profile, library, plan, options), layouts)
    check_titles(specs)
    render(prs, layouts, specs, profile, builtin=template is None)
    _properties(prs, profile, plan, options)
    with atomic_path(out) as tmp:
        prs.save(str(tmp))
    return Deck(path=Path(out), slides=tuple(specs), plan=plan)


def _properties(prs, profile: Profile, plan: Plan, options: DeckOptions) -> None:
    props = prs.core_properties
    presenter = profile.presenter(options.presenter) if options.presenter else profile.presenters[0]
    props.title = plan.recipe.title
    props.author = presenter.name
    props.subject = f"{profile.agency.name}: block-watch presentation ({round(plan.total)} minutes)"
    props.keywords = "child trafficking; block watch; community presentation"
    props.category = profile.agency.name
    props.language = profile.language
    props.comments = f"Built by blockwatch-kit from recipe '{plan.recipe.id}'"
    props.last_modified_by = "blockwatch-kit"
    props.revision = 1


SESSION_DETAILS = "\u27e6session details\u27e7"  # stands on a shared talk's title slide until a session fills it


def with_title_details(base: bytes, details: str, out: Path) -> Path:
    """A copy of a talk built with ``date=SESSION_DETAILS``, the session's date and venue in its place.

    A season gives the same talk to many groups: replacing one line in the title slide's XML costs a few
    milliseconds, where rendering the deck again would cost half a second.
    """
    import io
    from xml.sax.saxutils import escape

    token, text = SESSION_DETAILS.encode(), escape(details).encode()
    with zipfile.ZipFile(io.BytesIO(base)) as source, atomic_path(out) as tmp:
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as target:
            for item in source.infolist():
                data = source.read(item)
                if item.filename == "ppt/slides/slide1.xml":
                    if token not in data:
                        raise RenderError("the shared talk has no session-details line on its title slide; "
                                          "rebuild with --force", where=out)
                    data = data.replace(token, text)
                target.writestr(item, data)
    return Path(out)
