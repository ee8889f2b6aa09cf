"""Languages: each one a folder of content, so that adding one is adding files, never code.

A language ``<code>`` is the folder ``kit/data/languages/<code>/`` (built in: ``en``, ``es``) or a kit's own
``languages/<code>/``, holding:

- ``texts.toml``: every sentence the kit prints, sends or shows around the slides, and ``[language]``: its name,
  its Babel locale (dates, times and numbers: ``es_US``), the document tag (``es-US``), its speaking rate in
  words a minute, and how a presenter's note starts (``Tip:``);
- ``handouts.toml`` (tip card and leaflet), ``takehome.toml`` (the audience take-home) and ``banned-terms.yaml``
  (the checker's victim-centered wording).

Its slide modules live beside the English ones, in ``slides/<code>/`` (kit/translations.py). A kit's own file
is laid over the built-in one of the same name (tables merged, the kit's values winning), so a kit can reword
one invitation line of a built-in language, or bring a whole language of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from .errors import ContentError, close_matches
from .readers import read_toml
from .resources import data_path

ENGLISH = "en"
FOLDER = "languages"  # in the package's data and in a kit
TEXTS, HANDOUTS, TAKEHOME, BANNED_TERMS = "texts.toml", "handouts.toml", "takehome.toml", "banned-terms.yaml"
CODE = re.compile(r"^[a-z]{2,3}$")
ABOUT = ("name", "locale", "tag", "words_per_minute", "tip")


@dataclass(frozen=True)
class Language:
    """One language's content: the kit's own folder first (where it has one), then the built-in one."""

    code: str
    folders: tuple[Path, ...]

    @cached_property
    def texts(self) -> dict[str, Any]:
        return self.table(TEXTS)

    @property
    def name(self) -> str:
        return self._about("name")

    @property
    def locale(self) -> str:
        """Babel's locale for dates, times and numbers ('es_US'), never the machine's."""
        return self._about("locale")

    @property
    def tag(self) -> str:
        """The language of a document, as .pptx and HTML write it ('es-US')."""
        return self._about("tag")

    @property
    def words_per_minute(self) -> int:
        """The unhurried speaking rate the notes are timed at (docs/languages.md says how each was chosen)."""
        return int(self._about("words_per_minute"))

    @property
    def tip(self) -> str:
        """How a note for the presenter alone starts ('Tip:'): not spoken, so not timed."""
        return self._about("tip")

    def name_of(self, other: Language) -> str:
        """Another language's name in this one ("Spanish" in English): its ``[names]``, else its own name."""
        return str(self.texts.get("names", {}).get(other.code, other.name))

    def _about(self, key: str) -> str:
        return self.say(f"language.{key}")

    def say(self, key: str, **values) -> str:
        """The text at a dotted ``key`` ("mail.subject.invitation"), with ``values`` filled in."""
        node: Any = self.texts
        for part in key.split("."):
            if not isinstance(node, dict) or part not in node:
                raise ContentError(f"has no text '{key}'; add it (kit/data/languages/{ENGLISH}/{TEXTS} holds every "
                                   f"key, in English)", where=self.where(TEXTS), field=key)
            node = node[part]
        return str(node).format(**values)

    def words(self, key: str) -> tuple[str, ...]:
        """A list of words or phrases at ``key`` (empty when the language has none)."""
        node: Any = self.texts
        for part in key.split("."):
            node = node.get(part, {}) if isinstance(node, dict) else {}
        return tuple(str(item) for item in node) if isinstance(node, list) else ()

    def file(self, name: str) -> Path | None:
        """The language's file of that name, the kit's own first; None when neither folder has one."""
        return next((folder / name for folder in self.folders if (folder / name).is_file()), None)

    def where(self, name: str) -> str:
        found = self.file(name)
        return str(found) if found else str(self.folders[0] / name)

    def table(self, name: str) -> dict[str, Any]:
        """A TOML file of the language, the built-in one with the kit's laid over it."""
        paths = [folder / name for folder in reversed(self.folders) if (folder / name).is_file()]
        if not paths:
            raise ContentError(f"language '{self.code}' has no {name}; add it (kit/data/languages/{ENGLISH}/{name} "
                               f"is the English one to translate)", where=self.folders[0] / name)
        merged: dict[str, Any] = {}
        for path in paths:
            merged = _merged(merged, read_toml(path, ContentError))
        return merged


def _merged(base: dict, over: dict) -> dict:
    out = dict(base)
    for key, value in over.items():
        out[key] = _merged(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


def code_of(value: str) -> str:
    """A language code from what a user may write: 'es', 'ES', 'es-US' or 'es_US' -> 'es'."""
    return re.split(r"[-_]", value.strip(), maxsplit=1)[0].lower()


def available(root: Path | None = None) -> list[str]:
    """Every language a kit can use: the built-in ones and its own."""
    folders = [data_path(FOLDER)] + ([Path(root) / FOLDER] if root else [])
    return sorted({path.parent.name for folder in folders if folder.is_dir() for path in folder.glob(f"*/{TEXTS}")})


def language(value: str | None, root: Path | None = None, *, where=None, field: str = "language") -> Language:
    """The language of a code ('es', 'es-US'); ``root``: a kit whose own ``languages/`` folder counts too."""
    return _language(code_of(value or ENGLISH), Path(root).resolve() if root else None, where, field)


@lru_cache(maxsize=64)
def _language(code: str, root: Path | None, where, field: str) -> Language:
    known = available(root)
    if code not in known:
        # Worded to follow the field's name: "field 'language' is 'fr', ...".
        raise ContentError(f"is '{code}', not a language the kit has ({', '.join(known)}); a new one is a "
                           f"folder languages/{code}/ in the kit (docs/languages.md)", where=where, field=field,
                           suggestions=close_matches(code, known))
    folders = ([root / FOLDER / code] if root and (root / FOLDER / code).is_dir() else [])
    folders += [data_path(FOLDER, code)] if data_path(FOLDER, code).is_dir() else []
    return _loaded(code, tuple(folders))


@lru_cache(maxsize=64)
def _loaded(code: str, folders: tuple[Path, ...]) -> Language:
    """One ``Language`` per set of folders, so that its texts are read once: a kit without its own English
    and the built-in English are the same language."""
    found = Language(code=code, folders=folders)
    for key in ABOUT:
        found.say(f"language.{key}")  # a language without its name, locale or speaking rate fails here, once
    return found


def split_languages(value: str, root: Path | None = None) -> tuple[Language, ...]:
    """'en,es' -> the two languages, in that order (a bilingual handout: the first on the front)."""
    codes = [part for part in (piece.strip() for piece in value.split(",")) if part]
    return tuple(language(code, root) for code in dict.fromkeys(codes))
