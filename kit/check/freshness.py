"""Rules on age: review dates, old sources and old data, and a kit bibliography's gaps and overrides.

A source's age runs from the year it was published; its figures' age from the last year they cover
(``data_end``, else the publication year). Past ``[check] source_max_age_years`` (10) a module citing the source
gets a warning, and so does each slide showing its figures (and another if the slide does not say their years);
past ``source_ceiling_years`` (15) these are errors, so a CI run fails.
"""

from __future__ import annotations

import yaml

from ..content import Module
from .core import ERROR, WARNING, Finding, Kit, SlideView, file_line, module_finding, toml_line
from .messages import say
from .numbers import figures
from .texts import normalize, unmarked


def module_findings(kit: Kit, module: Module, views: list[SlideView]) -> list[Finding]:
    return review(kit, module) + stale_data(kit, module, views) + old_sources(kit, module, views)


def review(kit: Kit, module: Module) -> list[Finding]:
    days, today = kit.profile.check.review_max_age_days, kit.today
    if module.reviewed is None:
        return [module_finding(WARNING, "stale-review", module, 2, say("review-missing"))]
    line = file_line(module.path, r"reviewed\s*:")
    if module.reviewed > today:
        return [module_finding(ERROR, "future-review", module, line,
                               say("review-future", reviewed=module.reviewed, today=today))]
    if (today - module.reviewed).days > days:
        return [module_finding(WARNING, "stale-review", module, line,
                               say("review-stale", reviewed=module.reviewed, days=days))]
    return []


def data_year(kit: Kit, source_id: str) -> int | None:
    source = kit.bibliography.get(source_id)
    return None if source is None else source.data_end or source.year


def _age_level(kit: Kit, year: int) -> tuple[int, str | None]:
    """How old, and whether that is a warning, an error (past the ceiling) or fine (None)."""
    settings, age = kit.profile.check, kit.today.year - year
    if age > settings.source_ceiling_years:
        return age, ERROR
    return age, WARNING if age > settings.source_max_age_years else None


def stale_data(kit: Kit, module: Module, views: list[SlideView]) -> list[Finding]:
    """On each slide that shows a figure of a source with old data: a warning (an error past the ceiling), and a
    second warning if the slide does not say the years."""
    settings, findings = kit.profile.check, []
    for view in views:
        shown = [p for p in view.pieces if p.visible and p.place != "attribution"]
        texts = [normalize(unmarked(p.text)) for p in shown]
        on_slide = {f.key: f.text for text in texts for f in figures(text, kit.language)}
        for source_id in dict.fromkeys((*module.sources, *view.cited)):
            year = data_year(kit, source_id)
            if year is None:
                continue
            age, level = _age_level(kit, year)
            keys = [key for key in on_slide if key in kit.figure_keys(source_id)]
            if level is None or not keys:
                continue
            line = view.slide.line
            findings.append(module_finding(level, "stale-data", module, line,
                                           say("stale-data-ceiling" if level == ERROR else "stale-data",
                                               slide=view.title, figure=on_slide[keys[0]], source=source_id,
                                               year=year, age=age, limit=settings.source_max_age_years,
                                               ceiling=settings.source_ceiling_years)))
            if not any(str(year) in text for text in texts):
                findings.append(module_finding(WARNING, "data-years", module, line,
                                               say("data-years", slide=view.title, source=source_id, year=year)))
    return findings


def old_sources(kit: Kit, module: Module, views: list[SlideView]) -> list[Finding]:
    """Every source the module cites, in its front matter, on a slide or only in the notes, by the year it was
    published (its figures are dated by ``stale_data``)."""
    cited = dict.fromkeys([*module.sources, *(sid for view in views for sid in view.cited
                                              if sid not in kit.stat_sources)])  # kit.toml's: dated there
    findings = []
    for source_id in cited:
        year = kit.bibliography[source_id].year if source_id in kit.bibliography else None
        if year is None:
            continue
        age, level = _age_level(kit, year)
        if level is None:
            continue
        findings.append(module_finding(level, "old-source", module, file_line(module.path, r"sources\s*:"),
                                       say("old-source", source=source_id, year=year, age=age,
                                           limit=kit.profile.check.source_max_age_years)))
    return findings


def kit_findings(kit: Kit) -> list[Finding]:
    return bibliography_entries(kit) + statistics(kit)


def bibliography_entries(kit: Kit) -> list[Finding]:
    """The kit's own bibliography: each entry has a URL and a year, and none silently re-dates a built-in one."""
    path = kit.own_bibliography
    if not path.is_file():
        return []
    text = path.read_text(encoding="utf-8")
    entries = yaml.safe_load(text) or {}
    findings = []
    for source_id, line in _entry_lines(text).items():
        source, raw = kit.bibliography[source_id], entries[source_id]
        if not source.url:
            findings.append(Finding(WARNING, "bibliography", str(path), line, say("bib-no-url", source=source_id)))
        if "year" not in raw:
            findings.append(Finding(WARNING, "bibliography", str(path), line, say("bib-no-year", source=source_id)))
        builtin = kit.builtin_bibliography.get(source_id)
        for field in ("year", "data_end"):
            if builtin is not None and getattr(builtin, field) != getattr(source, field):
                findings.append(Finding(WARNING, "bibliography", str(path), line,
                                        say("bib-override", source=source_id, field=field,
                                            builtin=getattr(builtin, field) or "none",
                                            own=getattr(source, field) or "none")))
    return findings


def _entry_lines(text: str) -> dict[str, int]:
    node = yaml.compose(text)
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {key.value: key.start_mark.line + 1 for key, _ in node.value}


def statistics(kit: Kit) -> list[Finding]:
    """A local statistic counts a year (``[stats.X] year``): the same age limits hold for it."""
    profile, settings, findings = kit.profile, kit.profile.check, []
    for stat in profile.statistics.values():
        age, level = _age_level(kit, stat.year)
        if level is not None:
            findings.append(Finding(level, "stale-data", str(profile.file),
                                    toml_line(profile.file, f"stats.{stat.id}", "year"),
                                    say("stat-stale-ceiling" if level == ERROR else "stat-stale", stat=stat.id,
                                        year=stat.year, age=age, limit=settings.source_max_age_years,
                                        ceiling=settings.source_ceiling_years)))
    return findings
