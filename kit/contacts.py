"""Whom residents call: the built-in national contacts (``kit/data/contacts.toml``), the state pack's, and the
kit's own ``[contacts.KEY]`` laid over them; each with its label in other languages and the languages it serves."""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass, field, replace
from typing import Mapping

from .errors import close_matches
from .packs import load_pack
from .resources import data_path
from .schema import DATE, Fields, Key, Table


@dataclass(frozen=True)
class Contact:
    key: str
    label: str
    number: str = ""
    text: str = ""
    url: str = ""
    citation: str = ""  # where the public can check it; printed on the Sources slide
    note: str = ""  # the maintainers' own note (where it was seen); never printed
    status: str = ""
    recorded: dt.date | None = None
    verified: dt.date | None = None
    accepts_trafficking: bool | None = None  # does this line take child trafficking reports?
    source_date: dt.date | None = None  # the date of the page the number was seen on, where known
    # The wording in other languages: {"es": {"label": "...", "text": "mensaje de texto al 233733"}}.
    translations: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    # Which languages each way of reaching the line serves ({"phone": ("en", "es")}), and when an agency
    # confirmed it: until then no page says so (a claim about a line's languages is not in our sources).
    languages: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    languages_verified: dt.date | None = None

    @property
    def reach(self) -> str:
        """Everything a resident needs to get through, in one line."""
        return self.reach_in("")

    def label_in(self, code: str) -> str:
        """The label in a language; the English one where the contact has none in it (a line's own name)."""
        return self.translations.get(code, {}).get("label", self.label)

    def text_in(self, code: str) -> str:
        return self.translations.get(code, {}).get("text", self.text) if self.text else ""

    def worded(self, code: str) -> Contact:
        """The contact with its label and text in a language (the number never changes)."""
        return replace(self, label=self.label_in(code), text=self.text_in(code))

    def reach_in(self, code: str) -> str:
        return " · ".join(part for part in (self.number, self.text_in(code), self.url) if part)

    def serves(self, code: str) -> tuple[str, ...]:
        """The ways of reaching the line that serve a language, once confirmed; () while unconfirmed."""
        if self.languages_verified is None:
            return ()
        return tuple(channel for channel, codes in self.languages.items() if code in codes)


CHANNELS = ("phone", "text", "chat", "web")  # the ways of reaching a line whose languages it may list
CONTACT = Table(Key("label", str, None), Key("number", str, None), Key("text", str, None), Key("url", str, None),
                Key("citation", str, None), Key("note", str, ""), Key("verified", DATE),
                Key("status", str, "confirmed by agency"), Key("accepts_trafficking", bool, None),
                Key("translations", dict, None), Key("languages", dict, None), Key("languages_verified", DATE, None))


def builtin_contacts(state: str) -> dict[str, Contact]:
    table = tomllib.loads(data_path("contacts.toml").read_text(encoding="utf-8"))
    entries = dict(table["national"])
    pack = load_pack(state)
    entries.update(pack.contacts if pack else {})
    return {key: Contact(key=key, **contact_values(values)) for key, values in entries.items()}


def contact_values(values: Mapping) -> dict:
    """A contact table's values, its translations and languages as mappings of strings."""
    return {**values, "translations": {str(code): {str(k): str(v) for k, v in wording.items()}
                                       for code, wording in (values.get("translations") or {}).items()},
            "languages": {str(k): tuple(map(str, v)) for k, v in (values.get("languages") or {}).items()}}


def contacts_of(top: Fields, state: str) -> dict[str, Contact]:
    contacts = builtin_contacts(state)
    overrides = top.sub("contacts", default={})
    for key in overrides.table:
        fields = overrides.sub(key)
        if "source" in fields.table:
            fields.fail("source", "is now two fields: 'citation' (where the public can check the number) and "
                                  "'note' (your own note, never printed); rename it")
        values = fields.read(CONTACT)
        base = contacts.get(key)
        label = values["label"] or (base.label if base else None)
        if label is None:  # a new contact, or a built-in one misspelt
            fields.fail("label", "is missing (a new contact needs label, number or url, and citation)",
                        suggestions=[f"contacts.{name}" for name in close_matches(key, contacts)])
        citation = values["citation"] if values["citation"] is not None else (base.citation if base else None)
        if citation is None:
            fields.fail("citation", "is missing; say where the public can check it (e.g. the agency's web page)")
        accepts = values["accepts_trafficking"]
        number, text, url = (values[name] if values[name] is not None else getattr(base, name, "")
                             for name in ("number", "text", "url"))
        own = contact_values({name: _checked(fields, name, values[name] or {})
                              for name in ("translations", "languages")})
        inherited = {code: {name: text for name, text in wording.items() if values[name] is None}
                     for code, wording in (base.translations if base else {}).items()}  # not of the kit's own wording
        contacts[key] = Contact(key=key, label=label, number=number, text=text, url=url, citation=citation,
                                note=values["note"],
                                status=values["status"], recorded=base.recorded if base else None,
                                verified=values["verified"],
                                accepts_trafficking=accepts if accepts is not None else (
                                    base.accepts_trafficking if base else None),
                                translations={code: {**inherited.get(code, {}), **own["translations"].get(code, {})}
                                              for code in {*inherited, *own["translations"]}},
                                languages=own["languages"] or (base.languages if base else {}),
                                languages_verified=values["languages_verified"] or (
                                    base.languages_verified if base else None))
    return contacts


def _checked(fields: Fields, name: str, table: dict) -> dict:
    """``translations``: a table per language of label and text; ``languages``: channels, each a list of codes."""
    for key, value in table.items():
        if name == "translations" and not (isinstance(value, dict) and set(value) <= {"label", "text"}
                                           and all(isinstance(v, str) for v in value.values())):
            fields.fail(name, f"'{key}' must be a table like {{ label = \"...\", text = \"...\" }}")
        if name == "languages" and (key not in CHANNELS or not isinstance(value, list)
                                    or not all(isinstance(code, str) for code in value)):
            fields.fail(name, f"must give each of {', '.join(CHANNELS)} a list of language codes, like "
                              f"phone = [\"en\", \"es\"], not {key} = {value!r}")
    return table
