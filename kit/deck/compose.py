"""Plan -> ``SlideSpec``s: title, agenda, sections, the modules' slides, reporting, Q&A and sources. Pure."""

from __future__ import annotations

from dataclasses import replace

from ..content import Block, Columns, Library, Module, Paragraph, Quote, Stat, block_texts, realize
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
            timing = cue(share, start, start + share, total)
            if len(module_slides) > 1:
                timing += f" (module '{entry.module.id}', slide {index + 1} of {len(module_slides)})"
            slides.append(SlideSpec(kind="content", title=slide.title, blocks=slide.blocks, notes=slide.notes,
                                    cue=timing, module_id=slide.module_id,
                                    **entry.module.located(slide.line)))
    slides.append(_report_slide(profile, plan, total))
    slides.append(_qa_slide(plan, total))
    slides += sources_slides(profile, library, slides, [entry.module for entry in plan.entries])
    return [_with_labels(spec, library) for spec in slides]


def _with_labels(spec: SlideSpec, library: Library) -> SlideSpec:
    """Citations become short labels once the sources slide has collected them."""

    def label(p: Paragraph) -> Paragraph:
        return replace(p, runs=tuple(replace(r, text=cite_labels(r.text, library)) for r in p.runs))

    def block(b: Block) -> Block:
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


def _agenda(plan: Plan, total: float) -> SlideSpec:
    items = [para(f"{title} (minutes {round(start)}-{round(end)})") for title, start, end in plan.sections]
    if plan.recipe.qa_minutes:
        items.append(para(f"Your questions (minutes {round(plan.qa_start)}-{round(plan.total)})"))
    notes = (para("Walk the group through the plan for the evening so they know when questions come.",
                  bullet=False),)
    return SlideSpec(kind="agenda", title="Agenda", blocks=tuple(items), notes=notes,
                     cue=cue(OPENING_MINUTES / 2, OPENING_MINUTES / 2, OPENING_MINUTES, total))


def _section_slide(plan: Plan, title: str, total: float) -> SlideSpec:
    start, end = next((s, e) for t, s, e in plan.sections if t == title)
    notes = (para(f"Next: {title}. This part runs about {round(end - start)} minutes.", bullet=False),)
    return SlideSpec(kind="section", title=title, subtitle=(f"Minutes {round(start)}-{round(end)}",),
                     notes=notes, cue=cue(0, start, start, total))


def _report_slide(profile: Profile, plan: Plan, total: float) -> SlideSpec:
    contacts = profile.contacts
    lines = [para(f"{contacts[key].label}: {contacts[key].reach}") for key in REPORTING_CONTACTS
             if key in contacts and contacts[key].accepts_trafficking is not False]
    if profile.agency.non_emergency:
        lines.append(para(f"{profile.agency.name} non-emergency: {profile.agency.non_emergency}"))
    notes = (
        para("Leave this slide up while questions start, so people can copy the numbers.", bullet=False),
        para("You don't need to be sure to call. If a child is in immediate danger, call 911.", bullet=False),
    )
    return SlideSpec(kind="report", title="Where to report", blocks=tuple(lines), notes=notes,
                     cue=cue(0, plan.qa_start, plan.qa_start, total))


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
                     cue=cue(plan.recipe.qa_minutes, plan.qa_start, plan.total, total))


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
    lines = [para(library.bibliography[sid].reference()) for sid in cited]
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

