"""The whole deck job: compose (pure) -> fit (the template's boxes) -> quality gates -> render -> atomic save."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..content import Library
from ..dates import LOCALE, long_date
from ..errors import EventsError
from ..files import atomic_path
from ..plan import Plan
from ..profile import Profile
from .compose import compose
from .fit import check_titles, fit
from .layout import BUILTIN, Layouts, open_template, read_layouts
from .render import render
from .spec import DeckOptions, SlideSpec

if TYPE_CHECKING:
    from ..events import Session


SHORT_NAME = 24  # characters: a longer name may break like any phrase


@dataclass(frozen=True)
class Deck:
    path: Path
    slides: tuple[SlideSpec, ...]
    plan: Plan


def build_deck(profile: Profile, library: Library, plan: Plan, options: DeckOptions, out: Path) -> Deck:
    template = options.template or profile.branding.template
    prs = open_template(template)
    layouts = read_layouts(prs, template or BUILTIN)
    specs = _fitted(profile, library, plan, options, layouts)
    render(prs, layouts, specs, profile, builtin=template is None)
    _properties(prs, profile, plan, options)
    with atomic_path(out) as tmp:
        prs.save(str(tmp))
    return Deck(path=Path(out), slides=tuple(specs), plan=plan)


def for_talk(options: DeckOptions, session: Session, locale: str = LOCALE) -> DeckOptions:
    """The talk's recipe, presenter, date, venue and start time, wherever ``options`` leaves them unset."""
    if session.cancelled:
        raise EventsError(f"talk '{session.id}' is cancelled; there is no talk to build a deck for",
                          field="session", hint="list-talks")
    venue = session.group.venue
    return replace(options, recipe=options.recipe or session.recipe,
                   presenter=options.presenter or (session.presenter.id if session.presenter else None),
                   date=options.date or long_date(session.start, locale),
                   venue=options.venue or f"{venue.name}, {venue.address}",
                   start=options.start or session.start.time())


def deck_slides(profile: Profile, library: Library, plan: Plan, options: DeckOptions) -> list[SlideSpec]:
    """The slides a deck of these options has, laid out on its template, without drawing them (the season's
    groups share one drawn talk; each group's script needs its slides)."""
    template = options.template or profile.branding.template
    return _fitted(profile, library, plan, options, read_layouts(open_template(template), template or BUILTIN))


def _fitted(profile: Profile, library: Library, plan: Plan, options: DeckOptions, layouts: Layouts) -> list[SlideSpec]:
    specs = fit(compose(profile, library, plan, options), layouts, names=short_names(profile, library))
    check_titles(specs)
    return specs


def short_names(profile: Profile, library: Library) -> tuple[str, ...]:
    """Names a line may not break inside: the agency's short name and the sources' labels."""
    labels = {source.label for source in library.bibliography.values()}
    return tuple(name for name in (profile.agency.short_name, *sorted(labels)) if len(name) <= SHORT_NAME)


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
