"""Plan -> ``SlideSpec``s: title, agenda, sections, the modules' slides, reporting, Q&A and sources. Pure."""

from __future__ import annotations

import re
from dataclasses import replace

from ..content import Block, Columns, Library, Module, Paragraph, Quote, Run, Stat, block_texts, realize
from ..languages import Language
from ..plan import OPENING_MINUTES, Plan
from ..profile import Profile
from ..sources import CITATION, unknown_citation
from .spec import DeckWords, DeckOptions, SlideSpec, cue, para
from .title import details_line, title_slide

# The calls a resident makes, in the order the reporting and sources slides list them.
REPORTING_CONTACTS = ("emergency", "state_hotline", "national_hotline", "cybertipline")


def compose(profile: Profile, library: Library, plan: Plan, options: DeckOptions) -> list[SlideSpec]:
    """The deck in ``options.language`` (the kit's by default): ``plan`` already holds that language's modules."""
    words = profile.speaks(options.language)
    context = profile.template_context(words.code)
    presenter = profile.presenter(options.presenter)
    context["presenter"] = presenter
    total = plan.total
    slides = [title_slide(profile, plan, presenter, details_line(options.date, options.venue), total, words,
                          draft=options.draft),
              _agenda(plan, total, words)]
    current_section = None
    for entry in plan.entries:
        if entry.section and entry.section != current_section:
            current_section = entry.section
            slides.append(_section_slide(plan, entry.section, total, words))
        module_slides = realize(entry.module, context)
        share = entry.minutes / len(module_slides)
        for index, slide in enumerate(module_slides):
            start = entry.start + index * share
            timing = cue(start, start + share, total, words)
            if len(module_slides) > 1:
                timing += words.say("deck.cue_slide", module=entry.module.id, number=index + 1,
                                    count=len(module_slides))
            slides.append(SlideSpec(kind="content", title=slide.title, blocks=slide.blocks, notes=slide.notes,
                                    cue=timing, module_id=slide.module_id, **entry.module.located(slide.line),
                                    start=start, end=start + share, skippable=entry.module.optional and index == 0))
    slides.append(_qa_slide(plan, total, words))
    slides.append(_report_slide(profile, plan, total, words))
    slides += sources_slides(profile, library, slides, [entry.module for entry in plan.entries], words)
    wording = DeckWords.of(words)
    return [replace(_cited(spec, library, words), wording=wording) for spec in slides]


def _cited(spec: SlideSpec, library: Library, words: Language) -> SlideSpec:
    """Citations leave the text for the slide's source line, which names each source by its short label."""
    labels: dict[str, None] = {}
    undated = words.say("deck.undated")

    def strip(p: Paragraph) -> Paragraph:
        for run in p.runs:
            labels.update((library.bibliography[sid].label_in(words.code, undated), None)
                          for sid in CITATION.findall(run.text))
        runs = tuple(replace(r, text=CITED.sub("", r.text)) for r in p.runs)
        return replace(p, runs=_trimmed(runs))

    def block(b: Block) -> Block:
        if isinstance(b, Paragraph):
            return strip(b)
        if isinstance(b, Stat):
            return replace(b, wording=strip(b.wording))
        if isinstance(b, Quote):
            return replace(b, text=strip(b.text), attribution=strip(b.attribution) if b.attribution else None)
        if isinstance(b, Columns):
            return replace(b, left=replace(b.left, paragraphs=tuple(map(strip, b.left.paragraphs))),
                           right=replace(b.right, paragraphs=tuple(map(strip, b.right.paragraphs))))
        return b

    title = strip(para(spec.title)).text
    blocks = tuple(map(block, spec.blocks))
    return replace(spec, title=title, blocks=blocks, sources=tuple(labels))


def _trimmed(runs: tuple[Run, ...]) -> tuple[Run, ...]:
    """Runs without the space a removed citation leaves at the end of the paragraph."""
    while runs and not runs[-1].text.strip():
        runs = runs[:-1]
    return runs[:-1] + (replace(runs[-1], text=runs[-1].text.rstrip()),) if runs else runs


def _agenda(plan: Plan, total: float, words: Language) -> SlideSpec:
    """The topics in order; their minutes are for the presenter (notes, run-sheet), not the audience."""
    items = [para(title) for title, _start, _end in plan.sections]
    if plan.recipe.qa_minutes:
        items.append(para(words.say("deck.your_questions")))
    timings = "; ".join(words.say("deck.agenda_timing", title=title, start=round(start), end=round(end))
                        for title, start, end in plan.sections)
    notes = (para(words.say("deck.agenda_note"), bullet=False),
             para(words.say("deck.agenda_tip", tip=words.tip, timings=timings, start=round(plan.qa_start)),
                  bullet=False))
    return SlideSpec(kind="agenda", title=words.say("deck.agenda"), blocks=tuple(items), notes=notes,
                     cue=cue(OPENING_MINUTES / 2, OPENING_MINUTES, total, words), start=OPENING_MINUTES / 2,
                     end=OPENING_MINUTES)


def _section_slide(plan: Plan, title: str, total: float, words: Language) -> SlideSpec:
    titles = [t for t, _s, _e in plan.sections]
    start, end = next((s, e) for t, s, e in plan.sections if t == title)
    notes = (para(words.say("deck.section_note", title=title, minutes=round(end - start)), bullet=False),)
    part = words.say("deck.part", number=titles.index(title) + 1, count=len(titles))
    return SlideSpec(kind="section", title=title, subtitle=(part,), notes=notes, cue=cue(start, start, total, words),
                     start=start, end=start)


def _report_slide(profile: Profile, plan: Plan, total: float, words: Language) -> SlideSpec:
    """Each call as a number in large type with who it reaches; the slide stays up through the questions."""
    contacts = profile.contacts
    blocks: list[Block] = []
    for key in REPORTING_CONTACTS:
        contact = contacts.get(key)
        if contact is None or contact.accepts_trafficking is False or not (contact.number or contact.url):
            continue
        blocks.append(Stat(contact.number or contact.url, para(contact.label_in(words.code), bullet=False)))
        detail = " · ".join(part for part in (contact.text_in(words.code), contact.url if contact.number else "")
                            if part)
        if detail:
            blocks.append(para(detail, bullet=False))
    if profile.agency.non_emergency:
        label = words.say("deck.non_emergency", agency=profile.agency.name)
        blocks.append(Stat(profile.agency.non_emergency, para(label, bullet=False)))
    notes = tuple(para(text, bullet=False) for text in words.words("deck.report_notes"))
    return SlideSpec(kind="report", title=words.say("deck.report"), blocks=tuple(blocks), notes=notes,
                     cue=cue(plan.qa_start, plan.total, total, words), start=plan.qa_start, end=plan.total)


def _qa_slide(plan: Plan, total: float, words: Language) -> SlideSpec:
    blocks = tuple(para(text) for text in words.words("deck.qa_points"))
    notes = (para(words.say("deck.qa_note"), bullet=False), *(para(t) for t in words.words("deck.qa_steps")),
             para(words.say("deck.qa_then"), bullet=False))
    return SlideSpec(kind="qa", title=words.say("deck.qa"), blocks=blocks, notes=notes,
                     cue=cue(plan.qa_start, plan.qa_start, total, words), start=plan.qa_start, end=plan.qa_start)


def sources_slides(profile: Profile, library: Library, slides: list[SlideSpec],
                   used_modules: list[Module], words: Language) -> list[SlideSpec]:
    """Every source cited on a slide or by a used module, then where each reporting number comes from."""
    cited: dict[str, None] = {}
    for spec in slides:
        for text in _all_texts(spec):
            for source_id in CITATION.findall(text):
                if source_id not in library.bibliography:
                    raise unknown_citation(source_id, library.bibliography, where=spec.where or "deck",
                                           line=spec.line)
                cited[source_id] = None
    for module in used_modules:
        cited.update(dict.fromkeys(module.sources))
    sources = [library.bibliography[sid] for sid in cited]
    undated = words.say("deck.undated")
    lines = [Paragraph((Run(source.label_in(words.code, undated), bold=True), Run(f": {source.reference(undated)}")),
                       bullet=True)
             for source in sources]
    for key in REPORTING_CONTACTS:
        contact = profile.contacts.get(key)
        if contact and contact.citation and contact.accepts_trafficking is not False:
            checked = words.say("deck.verified", date=contact.verified) if contact.verified else ""
            lines.append(para(f"{contact.label_in(words.code)}: {contact.citation}{checked}"))
    notes = (para(words.say("deck.sources_note"), bullet=False),)
    return [SlideSpec(kind="sources", title=words.say("deck.sources"), blocks=tuple(lines), notes=notes,
                      cue=words.say("deck.sources_cue"))]


def _all_texts(spec: SlideSpec) -> list[str]:
    return [spec.title, *spec.subtitle, *block_texts(spec.blocks), *(p.text for p in spec.notes)]


def cite_labels(text: str, library: Library) -> str:
    """``[@iacp-2016]`` -> ``(IACP 2016)``."""
    return CITATION.sub(lambda m: f"({library.bibliography[m.group(1)].label})", text)


CITED = re.compile(rf"\s*{CITATION.pattern}")  # a citation and the space before it

