"""Plan -> ``SlideSpec``s: title, agenda, sections, the modules' slides, reporting, Q&A and sources. Pure."""

from __future__ import annotations

import re
from dataclasses import replace

from ..content import Block, Columns, Library, Module, Paragraph, Quote, Run, Stat, block_texts, realize
from ..plan import OPENING_MINUTES, Plan
from ..profile import Profile
from ..sources import CITATION, unknown_citation
from .spec import DeckOptions, SlideSpec, cue, para
from .title import details_line, title_slide

# The calls a resident makes, in the order the reporting and sources slides list them.
REPORTING_CONTACTS = ("emergency", "state_hotline", "national_hotline", "cybertipline")


def compose(profile: Profile, library: Library, plan: Plan, options: DeckOptions) -> list[SlideSpec]:
    context = profile.template_context()
    presenter = profile.presenter(options.presenter)
    context["presenter"] = presenter
    total = plan.total
    slides = [title_slide(profile, plan, presenter, details_line(options.date, options.venue), total,
                          draft=options.draft),
              _agenda(plan, total)]
    current_section = None
    for entry in plan.entries:
        if entry.section and entry.section != current_section:
            current_section = entry.section
            slides.append(_section_slide(plan, entry.section, total))
        module_slides = realize(entry.module, context)
        share = entry.minutes / len(module_slides)
        for index, slide in enumerate(module_slides):
            start = entry.start + index * share
            timing = cue(start, start + share, total)
            if len(module_slides) > 1:
                timing += f" (module '{entry.module.id}', slide {index + 1} of {len(module_slides)})"
            slides.append(SlideSpec(kind="content", title=slide.title, blocks=slide.blocks, notes=slide.notes,
                                    cue=timing, module_id=slide.module_id, **entry.module.located(slide.line),
                                    start=start, end=start + share, skippable=entry.module.optional and index == 0))
    slides.append(_qa_slide(plan, total))
    slides.append(_report_slide(profile, plan, total))
    slides += sources_slides(profile, library, slides, [entry.module for entry in plan.entries])
    return [_cited(spec, library) for spec in slides]


def _cited(spec: SlideSpec, library: Library) -> SlideSpec:
    """Citations leave the text for the slide's source line, which names each source by its short label."""
    labels: dict[str, None] = {}

    def strip(p: Paragraph) -> Paragraph:
        for run in p.runs:
            labels.update((library.bibliography[sid].label, None) for sid in CITATION.findall(run.text))
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


def _agenda(plan: Plan, total: float) -> SlideSpec:
    """The topics in order; their minutes are for the presenter (notes, run-sheet), not the audience."""
    items = [para(title) for title, _start, _end in plan.sections]
    if plan.recipe.qa_minutes:
        items.append(para("Your questions"))
    timings = "; ".join(f"{title}: minutes {round(start)}-{round(end)}" for title, start, end in plan.sections)
    notes = (para("Walk the group through the plan for the evening so they know when questions come.",
                  bullet=False),
             para(f"Tip: {timings}; questions from minute {round(plan.qa_start)}.", bullet=False))
    return SlideSpec(kind="agenda", title="Agenda", blocks=tuple(items), notes=notes,
                     cue=cue(OPENING_MINUTES / 2, OPENING_MINUTES, total), start=OPENING_MINUTES / 2,
                     end=OPENING_MINUTES)


def _section_slide(plan: Plan, title: str, total: float) -> SlideSpec:
    titles = [t for t, _s, _e in plan.sections]
    start, end = next((s, e) for t, s, e in plan.sections if t == title)
    notes = (para(f"Next: {title}. This part runs about {round(end - start)} minutes.", bullet=False),)
    return SlideSpec(kind="section", title=title, subtitle=(f"Part {titles.index(title) + 1} of {len(titles)}",),
                     notes=notes, cue=cue(start, start, total), start=start, end=start)


def _report_slide(profile: Profile, plan: Plan, total: float) -> SlideSpec:
    """Each call as a number in large type with who it reaches; the slide stays up through the questions."""
    contacts = profile.contacts
    blocks: list[Block] = []
    for key in REPORTING_CONTACTS:
        contact = contacts.get(key)
        if contact is None or contact.accepts_trafficking is False or not (contact.number or contact.url):
            continue
        blocks.append(Stat(contact.number or contact.url, para(contact.label, bullet=False)))
        detail = " · ".join(part for part in (contact.text, contact.url if contact.number else "") if part)
        if detail:
            blocks.append(para(detail, bullet=False))
    if profile.agency.non_emergency:
        blocks.append(Stat(profile.agency.non_emergency, para(f"{profile.agency.name} non-emergency", bullet=False)))
    notes = (
        para("Leave this slide up while you take questions, so people can photograph or copy the numbers.",
             bullet=False),
        para("You don't need to be sure to call. If a child is in immediate danger, call 911.", bullet=False),
    )
    return SlideSpec(kind="report", title="Where to report", blocks=tuple(blocks), notes=notes,
                     cue=cue(plan.qa_start, plan.total, total), start=plan.qa_start, end=plan.total)


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
        para("Then show 'Where to report' and leave it up for the rest of the questions.", bullet=False),
    )
    return SlideSpec(kind="qa", title="Questions and answers", blocks=blocks, notes=notes,
                     cue=cue(plan.qa_start, plan.qa_start, total), start=plan.qa_start, end=plan.qa_start)


def sources_slides(profile: Profile, library: Library, slides: list[SlideSpec],
                   used_modules: list[Module]) -> list[SlideSpec]:
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
    lines = [Paragraph((Run(source.label, bold=True), Run(f": {source.reference()}")), bullet=True)
             for source in sources]
    for key in REPORTING_CONTACTS:
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


CITED = re.compile(rf"\s*{CITATION.pattern}")  # a citation and the space before it

