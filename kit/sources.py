"""The bibliography (``slides/bibliography.yaml``) and the citations that point into it."""

from __future__ import annotations

import re
from dataclasses import dataclass
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

    @property
    def dated(self) -> str:
        return str(self.year) if self.year is not None else UNDATED

    @property
    def label(self) -> str:
        return self.short or f"{self.publisher} {self.dated}"

    def reference(self) -> str:
        """One line for the sources slide."""
        title = self.title if self.title[-1:] in ".?!" else f"{self.title}."
        parts = [f"{self.publisher} ({self.dated}). {title}"]
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
               Key("short", str, ""), Key("figures", list, []), Key("note", str, ""), Key("data_end", int, None))


def _source(source_id: str, entry, path: Path) -> Source:
    fields = Fields(entry, where=path, prefix=source_id, error=ContentError)
    values = fields.read(SOURCE)
    year = values["year"]
    if isinstance(year, str) and year != UNDATED:
        fields.fail("year", f"must be a year like 2016, or '{UNDATED}' for an undated source, not {year!r}")
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
