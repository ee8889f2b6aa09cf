"""The bibliography (``slides/bibliography.yaml``) and the citations that point into it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from .errors import ContentError, did_you_mean
from .schema import Fields

CITATION = re.compile(r"\[@([A-Za-z0-9_.-]+)\]")
BIBLIOGRAPHY_FILE = "bibliography.yaml"
UNDATED = "n.d."


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    publisher: str
    year: int | None  # None: undated ("n.d.")
    url: str = ""
    seed: str = ""
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
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", None)
        raise ContentError(f"is not valid YAML ({getattr(exc, 'problem', exc)}); fix the syntax",
                           where=path, line=line + 1 if line is not None else None)
    if not isinstance(raw, dict):
        raise ContentError("must map source ids to entries (id: {title: ..., year: ...})", where=path)
    return {source_id: _source(source_id, entry, path) for source_id, entry in raw.items()}


def _source(source_id: str, entry, path: Path) -> Source:
    fields = Fields(entry, where=path, prefix=source_id, error=ContentError)
    fields.allow_only({"title", "publisher", "year", "url", "seed", "short", "figures", "note", "data_end"})
    figures = fields.get("figures", list, [])
    year = fields.get("year", (int, str), None)
    if isinstance(year, str) and year != UNDATED:
        fields.fail("year", f"must be a year like 2016, or '{UNDATED}' for an undated source, not {year!r}")
    return Source(
        id=source_id,
        title=fields.get("title", str),
        publisher=fields.get("publisher", str),
        year=year if isinstance(year, int) else None,
        url=fields.get("url", str, ""),
        seed=str(fields.get("seed", (str, int), "")),
        short=fields.get("short", str, ""),
        figures=tuple(str(f) for f in figures),
        note=fields.get("note", str, ""),
        data_end=fields.get("data_end", int, None),
    )


def require_known(source_id: str, bibliography: dict[str, Source], *, where, line=None) -> Source:
    if source_id not in bibliography:
        raise ContentError(
            f"cites source '{source_id}', which is not in {BIBLIOGRAPHY_FILE}{did_you_mean(source_id, bibliography)}; "
            f"add it there or fix the id",
            where=where, line=line)
    return bibliography[source_id]
