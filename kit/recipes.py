"""Deck recipes: which modules, in which order and sections, for how long."""

from __future__ import annotations

from dataclasses import dataclass

from .errors import ContentError
from .schema import REQUIRED, STRINGS, Fields, Key, Table

DEFAULT_TARGET = (45, 60)
DEFAULT_QA_MINUTES = 10


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

    @property
    def module_ids(self) -> tuple[str, ...]:
        return tuple(mid for section in self.sections for mid in section.modules)


RECIPE = Table(Key("title", str, None), Key("audience", str, "block-watch"), Key("modules", list, None),
               Key("sections", list, None), Key("target", list, list(DEFAULT_TARGET)),
               Key("qa_minutes", (int, float), DEFAULT_QA_MINUTES))
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
    )


def _parse_section(fields: Fields, index: int, raw) -> Section:
    section = Fields(raw, where=fields.where, prefix=f"{fields.prefix}.sections[{index}]", error=ContentError)
    values = section.read(SECTION)
    return Section(title=values["title"], modules=values["modules"])
