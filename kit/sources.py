"""The bibliography (``slides/bibliography.yaml``) and the citations that point into it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

from .errors import ContentError, Problems, close_matches
from .readers import read_yaml
from .schema import Fields, Key, Table

CITATION = re.compile(r"\[@([A-Za-z0-9_.-]+)\]")
BIBLIOGRAPHY_FILE = "bibliography.yaml"
# The one wording of a citation the bibliography lacks: loading (front matter), the deck, and `check` all use it.
UNKNOWN_CITATION = ("cites [@{source}]{place}, which is not in " + BIBLIOGRAPHY_FILE
                    + "; add the source there or fix the id")
UNDATED = "n.d."


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    publisher: str
    year: int | None  # None: undated ("n.d.")
    url: str = ""
    short: str = ""
    figures: tuple[str, ...] = ()
    note: str = ""
    data_end: int | None = None  # the last year the source's figures cover, where it says
    shorts: Mapping[str, str] = field(default_factory=dict)  # the short label in other languages: {"es": "guía ..."}

    def dated(self, undated: str = UNDATED) -> str:
        return str(self.year) if self.year is not None else undated

    @property
    def label(self) -> str:
        return self.label_in("en")

    def label_in(self, code: str, undated: str = UNDATED) -> str:
        """The short label printed after a cited line, in a language (its own words where the source gives them)."""
        return self.shorts.get(code) or self.short or f"{self.publisher} {self.dated(undated)}"

    def reference(self, undated: str = UNDATED) -> str:
        """One line for the sources slide (titles stay as published; ``undated`` is the language's "n.d.")."""
        title = self.title if self.title[-1:] in ".?!" else f"{self.title}."
        parts = [f"{self.publisher} ({self.dated(undated)}). {title}"]
        if self.url:
            parts.append(self.url)
        return " ".join(parts)


def load_bibliography(paths: list[Path]) -> dict[str, Source]:
    """Later files add to and override earlier ones (the kit's own after the built-in one)."""
    sources: dict[str, Source] = {}
    for path in paths:
        if path.is_file():
            sources.update(_read(path))
    return sources


def _read(path: Path) -> dict[str, Source]:
    raw = read_yaml(path, ContentError) or {}
    if not isinstance(raw, dict):
        raise ContentError("must map source ids to entries (id: {title: ..., year: ...})", where=path)
    problems = Problems()
    sources = problems.each(raw.items(), lambda source_id, entry: _source(source_id, entry, path))
    problems.raise_any()
    return sources


SOURCE = Table(Key("title"), Key("publisher"), Key("year", (int, str), None), Key("url", str, ""),
               Key("short", str, ""), Key("figures", list, []), Key("note", str, ""), Key("data_end", int, None),
               Key("shorts", dict, {}))


def _source(source_id: str, entry, path: Path) -> Source:
    fields = Fields(entry, where=path, prefix=source_id, error=ContentError)
    values = fields.read(SOURCE)
    year = values["year"]
    if isinstance(year, str) and year != UNDATED:
        fields.fail("year", f"must be a year like 2016, or '{UNDATED}' for an undated source, not {year!r}")
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in values["shorts"].items()):
        fields.fail("shorts", "must give a short label per language code, like {es: guía CO4Kids}")
    return Source(id=source_id, **{**values, "year": year if isinstance(year, int) else None,
                                   "figures": tuple(str(f) for f in values["figures"])})


def require_known(source_id: str, bibliography: Mapping[str, Source], *, where, line=None) -> Source:
    if source_id not in bibliography:
        raise unknown_citation(source_id, bibliography, where=where, line=line)
    return bibliography[source_id]


def unknown_citation(source_id: str, bibliography: Mapping[str, Source], *, where, line=None) -> ContentError:
    """A citation the bibliography lacks, in front matter or on a slide."""
    return ContentError(UNKNOWN_CITATION.format(source=source_id, place=""), where=where, line=line,
                        suggestions=close_matches(source_id, bibliography))
