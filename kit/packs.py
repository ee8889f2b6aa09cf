"""State packs: what holds in one state only (its hotline, its law, its practice), kept out of every other deck.

The core slide modules hold only what holds in every state. A pack is a folder ``slides/states/<code>/``
(lower-case state code) with ``pack.toml`` (the state's contacts, each with a public citation) and slide
modules that replace a core module of the same id (and its minutes, so every recipe keeps its length) or add
one. A kit in a state without a pack says in kit.toml how its state takes child trafficking reports.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .errors import ContentError, ProfileError
from .readers import read_toml
from .resources import builtin_path
from .schema import Fields

PACKS_FOLDER = "states"
PACK_FILE = "pack.toml"
CONTACT_FIELDS = ("label", "number", "text", "url", "citation", "note", "status", "recorded", "accepts_trafficking",
                  "translations", "languages", "languages_verified")
# What a kit outside every pack must confirm about its state's line before any deck names it.
STATE_HOTLINE_FIELDS = ("citation", "verified", "accepts_trafficking")


@dataclass(frozen=True)
class StatePack:
    state: str
    name: str
    folder: Path
    contacts: dict[str, dict]  # contact key -> the Contact fields, as pack.toml gives them


@lru_cache(maxsize=None)
def load_pack(state: str) -> StatePack | None:
    """The built-in pack of a two-letter state code, or None when the state has none."""
    folder = builtin_path("slides") / PACKS_FOLDER / state.lower()
    path = folder / PACK_FILE
    if not path.is_file():
        return None
    raw = read_toml(path, ContentError)
    fields = Fields(raw, where=path, error=ContentError)
    fields.allow_only({"state", "name", "contacts"})
    if fields.get("state", str) != state:
        fields.fail("state", f"must be '{state}', the code of the folder it is in")
    contacts = fields.sub("contacts", default={})
    table = {}
    for key in contacts.table:
        contact = contacts.sub(key).allow_only(CONTACT_FIELDS)
        contact.get("label", str), contact.get("citation", str), contact.date("recorded")
        contact.get("accepts_trafficking", bool)
        table[key] = dict(contact.table)
    return StatePack(state=state, name=fields.get("name", str), folder=folder, contacts=table)


def overlay(core: dict, pack_modules: dict, pack: StatePack) -> dict:
    """Core modules with the pack's on top. A replacement keeps the core module's minutes and topics, so a
    recipe runs as long, and covers as much, in every state."""
    modules = dict(core)
    for module_id, module in pack_modules.items():
        base = core.get(module_id)
        if base is not None and (module.minutes != base.minutes or not set(base.topics) <= set(module.topics)):
            raise ContentError(f"replaces core module '{module_id}' ({base.minutes:g} min, topics "
                               f"{', '.join(base.topics) or 'none'}) but runs {module.minutes:g} min with topics "
                               f"{', '.join(module.topics) or 'none'}; a {pack.name} module must keep the core "
                               f"module's minutes and topics", where=module.path, line=2)
        modules[module_id] = module
    return modules


def require_state_hotline(profile) -> None:
    """Outside every pack, the kit confirms how its state takes child trafficking reports (``accepts_trafficking``),
    where the public can check the number (``citation``) and when the agency checked it (``verified``)."""
    if load_pack(profile.state) is not None:
        return
    contact = profile.contacts.get("state_hotline")
    missing = ["number (or url)"] if contact is None or not (contact.number or contact.url) else []
    missing += [name for name in STATE_HOTLINE_FIELDS  # a placeholder is not missing: it is reported as one
                if (contact is None or getattr(contact, name) in (None, ""))
                and not profile.is_placeholder(f"contacts.state_hotline.{name}")]
    if missing:
        raise ProfileError(
            f"{profile.state} has no built-in state pack, so [contacts.state_hotline] must say how {profile.state} "
            f"takes child trafficking reports: add {', '.join(missing)} (accepts_trafficking = true only if the "
            f"line takes child trafficking reports; docs/slide-format.md explains each field)",
            where=profile.file)
