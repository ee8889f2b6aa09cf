"""The whole deck job: compose (pure) -> fit (the template's boxes) -> quality gates -> render -> atomic save."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..content import Library
from ..files import atomic_path
from ..plan import Plan
from ..profile import Profile
from .compose import compose
from .fit import check_titles, fit
from .layout import BUILTIN, open_template, read_layouts
from .render import render
from .spec import DeckOptions, SlideSpec


@dataclass(frozen=True)
class Deck:
    path: Path
    slides: tuple[SlideSpec, ...]
    plan: Plan


def build_deck(profile: Profile, library: Library, plan: Plan, options: DeckOptions, out: Path) -> Deck:
    template = options.template or profile.branding.template
    prs = open_template(template)
    layouts = read_layouts(prs, template or BUILTIN)
    specs = fit(compose(profile, library, plan, options), layouts)
    check_titles(specs)
    render(prs, layouts, specs, profile, builtin=template is None)
    _properties(prs, profile, plan, options)
    with atomic_path(out) as tmp:
        prs.save(str(tmp))
    return Deck(path=Path(out), slides=tuple(specs), plan=plan)


def _properties(prs, profile: Profile, plan: Plan, options: DeckOptions) -> None:
    props = prs.core_properties
    props.title = plan.recipe.title
    props.author = profile.presenter(options.presenter).name
    props.subject = f"{profile.agency.name}: block-watch presentation ({round(plan.total)} minutes)"
    props.keywords = "child trafficking; block watch; community presentation"
    props.category = profile.agency.name
    props.language = profile.language
    props.comments = f"Built by blockwatch-kit from recipe '{plan.recipe.id}'"
    props.last_modified_by = "blockwatch-kit"
    props.revision = 1
