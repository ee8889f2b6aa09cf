"""Deck recipes: which modules, in which order and sections, for how long."""

from __future__ import annotations

from dataclasses import dataclass

from .errors import ContentError, close_matches
from .schema import REQUIRED, STRINGS, Fields, Key, Table

DEFAULT_TARGET = (45, 60)
DEFAULT_QA_MINUTES = 10
# What a module can cover and a recipe can require (docs/slide-format.md explains each). One fixed list, so a
# recipe's "covers every Toledo topic" can be checked rather than trusted. The first ten are the topics of the
# Toledo block-watch talks described in the IACP/COPS 2016 guide.
TOPICS = (
    "national-statistics", "local-statistics", "recruitment", "those-involved", "how-victimized",
    "recruiting-areas", "control", "why-no-help", "what-to-look-for", "where-to-call",
    "what-it-is", "myths", "labor-trafficking", "online-safety", "what-to-do", "if-a-child-tells",
    "after-a-call", "survivor-support", "partners", "first-reporters", "learn-more",
)


@dataclass(frozen=True)
class Section:
    title: str
    modules: tuple[str, ...]


@dataclass(frozen=True)
class Recipe:
    id: str
    title: str
    audience: str
    sections: tuple[Section, ...]
    target: tuple[float, float] = DEFAULT_TARGET
    qa_minutes: float = DEFAULT_QA_MINUTES
    where: str = ""
    topics: tuple[str, ...] = ()  # topics some module of the plan must always cover
    builtin: bool = False

    @property
    def location(self) -> str:
        """How a message names the recipe: its file in the kit, or 'built-in recipe 'x''."""
        return f"built-in recipe '{self.id}'" if self.builtin else (self.where or f"recipe '{self.id}'")

    @property
    def module_ids(self) -> tuple[str, ...]:
        return tuple(mid for section in self.sections for mid in section.modules)


RECIPE = Table(Key("title", str, None), Key("audience", str, "block-watch"), Key("modules", list, None),
               Key("sections", list, None), Key("target", list, list(DEFAULT_TARGET)),
               Key("qa_minutes", (int, float), DEFAULT_QA_MINUTES), Key("topics", STRINGS, ()))
SECTION = Table(Key("title"), Key("modules", STRINGS))


def parse_recipe(recipe_id: str, table, *, where) -> Recipe:
    fields = Fields(table, where=where, prefix=f"recipes.{recipe_id}", error=ContentError)
    values = fields.read(RECIPE)
    title = values["title"] or recipe_id
    if "sections" in fields.table and "modules" in fields.table:
        fields.fail("modules", "cannot be given together with 'sections'; put the modules inside the sections")
    if "sections" in fields.table:
        raw_sections = fields.get("sections", list)
        sections = tuple(_parse_section(fields, i, raw) for i, raw in enumerate(raw_sections))
    else:
        sections = (Section(title="", modules=fields.strings("modules", default=REQUIRED)),)
    if not any(section.modules for section in sections):
        fields.fail("modules", "lists no modules; name the slide module ids in order")
    target = values["target"]
    if len(target) != 2 or not all(isinstance(v, (int, float)) and v > 0 for v in target) or target[0] > target[1]:
        fields.fail("target", f"must be [low, high] minutes like [45, 60], not {target!r}")
    qa = values["qa_minutes"]
    if qa < 0:
        fields.fail("qa_minutes", "must be zero or more minutes")
    return Recipe(
        id=recipe_id,
        title=title,
        audience=values["audience"],
        sections=sections,
        target=(float(target[0]), float(target[1])),
        qa_minutes=float(qa),
        where=str(where),
        topics=known_topics(fields, "topics"),
    )


def known_topics(fields: Fields, key: str) -> tuple[str, ...]:
    topics = fields.strings(key)
    for topic in topics:
        if topic not in TOPICS:
            fields.fail(key, f"names the unknown topic '{topic}'; the topics are listed in docs/slide-format.md",
                        suggestions=close_matches(topic, TOPICS))
    return topics


def _parse_section(fields: Fields, index: int, raw) -> Section:
    section = Fields(raw, where=fields.where, prefix=f"{fields.prefix}.sections[{index}]", error=ContentError)
    values = section.read(SECTION)
    return Section(title=values["title"], modules=values["modules"])
