"""``kit.toml`` -> ``Profile``: who the agency is, who presents, whom to call, and how decks look."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping
from zoneinfo import ZoneInfo

from . import zones
from .errors import KitWarning, Problems, ProfileError, close_matches
from .packs import load_pack, require_state_hotline
from .placeholders import Placeholder, field_lines
from .readers import parse_toml, read_text
from .recipes import Recipe, parse_recipe
from .resources import data_path
from .schema import DATE, E_MAIL, STRINGS, Fields, Key, Table

KIT_FILE = "kit.toml"
STATES = {
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS", "KY",
    "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "OH",
    "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY",
    "PR", "VI", "GU", "MP", "AS",  # the territories: Puerto Rico, U.S. Virgin Islands, Guam, N. Mariana Is., Am. Samoa
}
HEX_COLOUR = re.compile(r"^#?[0-9A-Fa-f]{6}$")
WEEKDAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
WEEKDAYS_IN_FULL = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MAX_TALKS_PER_WEEK = 7  # no limit beyond one talk a day
MIN_CONTRAST = 4.5  # WCAG AA for body text; titles and banners use these colours with white


@dataclass(frozen=True)
class Agency:
    name: str
    short_name: str
    non_emergency: str
    website: str = ""
    address: str = ""


@dataclass(frozen=True)
class Presenter:
    """An officer who gives the talk, and when they can: ``weekdays`` 0 = Monday ... 6 = Sunday; ``blackouts``
    (holidays, training weeks) never; at most ``max_talks_per_week`` in an ISO week (Monday to Sunday)."""

    id: str
    name: str
    title: str
    email: str
    weekdays: frozenset[int] = frozenset(range(7))
    blackouts: frozenset[dt.date] = frozenset()
    max_talks_per_week: int = MAX_TALKS_PER_WEEK
    home_area: str = ""
    preferred_groups: tuple[str, ...] = ()


@dataclass(frozen=True)
class Organizer:
    name: str
    email: str


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

    @property
    def reach(self) -> str:
        """Everything a resident needs to get through, in one line."""
        return " · ".join(part for part in (self.number, self.text, self.url) if part)


@dataclass(frozen=True)
class LocalStatistic:
    id: str
    value: str
    wording: str
    source: str
    year: int


@dataclass(frozen=True)
class Branding:
    template: Path | None = None
    logo: Path | None = None
    logo_alt: str = ""
    primary: str = "1F3A5F"
    accent: str = "B5302A"


@dataclass(frozen=True)
class CheckSettings:
    source_max_age_years: int = 10  # older data: a warning on each slide that shows it
    source_ceiling_years: int = 15  # older still: an error, so a CI run fails
    review_max_age_days: int = 365
    contact_max_age_days: int = 365


@dataclass(frozen=True)
class Profile:
    root: Path
    agency: Agency
    presenters: tuple[Presenter, ...]
    organizer: Organizer
    state: str
    timezone: str
    language: str
    # Mappings, not dicts: nothing mutates a loaded profile (mypy holds every caller to that).
    contacts: Mapping[str, Contact]
    statistics: Mapping[str, LocalStatistic]
    branding: Branding
    recipes: Mapping[str, Recipe] = field(default_factory=dict)
    default_recipe: str = "block-watch-60"
    calendar_base_url: str = ""
    check: CheckSettings = CheckSettings()
    placeholders: tuple[Placeholder, ...] = ()  # values still to replace ("<...>"); builds refuse them but drafts

    def is_placeholder(self, field_name: str) -> bool:
        return any(p.field == field_name for p in self.placeholders)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def file(self) -> Path:
        return self.root / KIT_FILE

    def presenter(self, presenter_id: str | None, *, where="") -> Presenter:
        """The presenter with this id; no id: the first one listed in kit.toml."""
        if presenter_id is None:
            return self.presenters[0]
        for presenter in self.presenters:
            if presenter.id == presenter_id:
                return presenter
        ids = [p.id for p in self.presenters]
        raise ProfileError(f"unknown presenter '{presenter_id}'; presenters in {KIT_FILE}: {', '.join(ids)}",
                           where=where or self.file, field="presenter", suggestions=close_matches(presenter_id, ids))

    def template_context(self) -> dict:
        """The variables a slide module may use: ``{{ agency.name }}``, ``{{ contacts.state_hotline.number }}`` ..."""
        return {
            "agency": self.agency,
            "presenter": self.presenters[0],
            "presenters": self.presenters,
            "state": self.state,
            "contacts": self.contacts,
            "stats": self.statistics,
        }


def load_profile(kit_dir: Path) -> Profile:
    kit_dir = Path(kit_dir)
    path = kit_dir / KIT_FILE
    if not path.is_file():
        raise ProfileError(f"no {KIT_FILE} here", where=kit_dir, hint="no-kit")
    text = read_text(path, ProfileError)
    profile = parse_profile(parse_toml(text, ProfileError, where=path), kit_dir=kit_dir, where=path,
                            lines=field_lines(text))
    require_state_hotline(profile)
    return profile


TOP = Table(Key("agency", dict), Key("presenters", list), Key("organizer", dict, {}), Key("state"), Key("timezone"),
            Key("language", str, "en-US"), Key("contacts", dict, {}), Key("stats", dict, {}),
            Key("branding", dict, {}), Key("recipes", dict, {}), Key("default_recipe", str, "block-watch-60"),
            Key("calendar", dict, {}), Key("check", dict, {}))
AGENCY = Table(Key("name"), Key("short_name", str, None), Key("non_emergency"), Key("website", str, ""),
               Key("address", str, ""))
PRESENTER = Table(Key("id"), Key("name"), Key("title", str, ""), Key("email", E_MAIL),
                  Key("weekdays", STRINGS, WEEKDAY_NAMES), Key("blackouts", list, []),
                  Key("max_talks_per_week", int, MAX_TALKS_PER_WEEK), Key("home_area", str, ""),
                  Key("preferred_groups", STRINGS, ()))
ORGANIZER = Table(Key("name", str, None), Key("email", str, None))
CONTACT = Table(Key("label", str, None), Key("number", str, None), Key("text", str, None), Key("url", str, None),
                Key("citation", str, None), Key("note", str, ""), Key("verified", DATE),
                Key("status", str, "confirmed by agency"), Key("accepts_trafficking", bool, None))
STATISTIC = Table(Key("value", (str, int, float)), Key("wording"), Key("source"), Key("year", int))
BRANDING = Table(Key("template", str, ""), Key("logo", str, ""), Key("logo_alt", str, ""),
                 Key("primary", str, Branding.primary), Key("accent", str, Branding.accent))
CALENDAR = Table(Key("base_url", str, ""))
CHECK = Table(Key("source_max_age_years", int, CheckSettings.source_max_age_years),
              Key("source_ceiling_years", int, CheckSettings.source_ceiling_years),
              Key("review_max_age_days", int, CheckSettings.review_max_age_days),
              Key("contact_max_age_days", int, CheckSettings.contact_max_age_days))


def parse_profile(raw: dict, *, kit_dir: Path, where, lines: Mapping[str, int] | None = None) -> Profile:
    """Every table of kit.toml is checked, and every problem found is reported, before loading stops.
    Placeholders are recorded with their ``lines`` (field -> kit.toml line), not judged."""
    pending: dict[str, str] = {}
    top = Fields(raw, where=where, error=ProfileError, pending=pending, lines=lines)
    values = top.read(TOP)
    problems = Problems()
    parts: dict = {}
    with problems.attempt():
        parts["state"] = values["state"].upper()
        if parts["state"] not in STATES:
            top.fail("state", f"must be a two-letter US state code like 'CO', not {values['state']!r}")
    with problems.attempt():
        parts["timezone"] = _check_timezone(values["timezone"], parts.get("state", ""), top)
    for name, read in (("agency", lambda: _agency(top.sub("agency"))), ("presenters", lambda: _presenters(top)),
                       ("statistics", lambda: _statistics(top)),
                       ("branding", lambda: _branding(top.sub("branding", default={}), kit_dir)),
                       ("recipes", lambda: {rid: parse_recipe(rid, table, where=where)
                                            for rid, table in values["recipes"].items()}),
                       ("calendar", lambda: top.sub("calendar", default={}).read(CALENDAR)),
                       ("check", lambda: CheckSettings(**top.sub("check", default={}).read(CHECK)))):
        with problems.attempt():
            parts[name] = read()
    with problems.attempt():
        parts["contacts"] = _contacts(top, parts.get("state", ""))
    problems.raise_any()
    organizer = _organizer(top.sub("organizer", default={}), parts["agency"], parts["presenters"])
    return Profile(
        root=kit_dir,
        agency=parts["agency"],
        presenters=parts["presenters"],
        organizer=organizer,
        state=parts["state"],
        timezone=parts["timezone"],
        language=values["language"],
        contacts=parts["contacts"],
        statistics=parts["statistics"],
        branding=parts["branding"],
        recipes=parts["recipes"],
        default_recipe=values["default_recipe"],
        calendar_base_url=parts["calendar"]["base_url"],
        check=parts["check"],
        placeholders=tuple(sorted((Placeholder(name, (lines or {}).get(name), value)
                                   for name, value in pending.items()), key=lambda p: p.line or 0)),
    )


def _check_timezone(timezone: str, state: str, top: Fields) -> str:
    """An IANA zone that keeps the state's clock (kit/zones.py), under its current name."""
    try:
        choice = zones.fit(state, timezone)
    except zones.ZoneProblem as problem:
        top.fail("timezone", str(problem))
    if choice.note:
        warnings.warn(f"{top.where}: {choice.note}", KitWarning, stacklevel=2)
    return choice.name


def _agency(fields: Fields) -> Agency:
    values = fields.read(AGENCY)
    return Agency(**{**values, "short_name": values["short_name"] or values["name"]})


def _organizer(fields: Fields, agency: Agency, presenters: tuple[Presenter, ...]) -> Organizer:
    """The From address of invitations: by default the agency's name and the first presenter's address."""
    values = fields.read(ORGANIZER)
    return Organizer(name=values["name"] or agency.name,
                     email=fields.email("email", default=presenters[0].email))


def _presenters(top: Fields) -> tuple[Presenter, ...]:
    raw = top.get("presenters", list)
    if not raw:
        top.fail("presenters", "lists nobody; add at least one [[presenters]] with id, name, title and email")
    problems, presenters = Problems(), []
    for index, table in enumerate(raw):
        with problems.attempt():
            name = f"presenters[{index}]"
            fields = Fields(table, where=top.where, prefix=name, error=ProfileError, pending=top.pending,
                            line=top.lines.get(name), lines=top.child_lines(name))
            presenters.append(_presenter(fields))
    problems.raise_any()
    ids = [p.id for p in presenters]
    for pid in ids:
        if ids.count(pid) > 1:
            top.fail("presenters", f"has the id '{pid}' twice; give each presenter its own id")
    return tuple(presenters)


def _presenter(fields: Fields) -> Presenter:
    values = fields.read(PRESENTER)
    if values["max_talks_per_week"] < 1:
        fields.fail("max_talks_per_week", f"must be 1 or more, not {values['max_talks_per_week']}")
    return Presenter(**{**values, "weekdays": _weekdays(fields, values["weekdays"]),
                        "blackouts": _blackouts(fields, values["blackouts"])})


def _weekdays(fields: Fields, names: tuple[str, ...]) -> frozenset[int]:
    """["mon", "tue", ...] (or whole names, in any case) -> weekday numbers, 0 = Monday."""
    days = set()
    for name in names:
        key = name.strip().lower()
        if key not in WEEKDAY_NAMES and key not in WEEKDAYS_IN_FULL:
            fields.fail("weekdays", f"must list days like \"mon\", \"tue\" ... \"sun\", not {name!r}",
                        suggestions=close_matches(key, WEEKDAY_NAMES + WEEKDAYS_IN_FULL))
        days.add(WEEKDAY_NAMES.index(key[:3]))
    if not days:
        fields.fail("weekdays", "lists no day; give the days this presenter can give a talk, like [\"tue\", \"wed\"]")
    return frozenset(days)


def _blackouts(fields: Fields, raw: list) -> frozenset[dt.date]:
    """Dates (2027-05-31) and inclusive ranges ("2027-03-15..2027-03-19") -> every date they cover."""
    days: set[dt.date] = set()
    for value in raw:
        if isinstance(value, dt.datetime) or not isinstance(value, (dt.date, str)):
            fields.fail("blackouts", f"must list dates like 2027-05-31 or ranges like \"2027-03-15..2027-03-19\", "
                                     f"not {value!r}")
        if isinstance(value, dt.date):
            start = end = value
        else:
            first, _, last = value.partition("..")
            try:
                start, end = dt.date.fromisoformat(first.strip()), dt.date.fromisoformat((last or first).strip())
            except ValueError:
                fields.fail("blackouts", f"must list dates like 2027-05-31 or ranges like "
                                         f"\"2027-03-15..2027-03-19\", not {value!r}")
        if end < start:
            fields.fail("blackouts", f"has the range {value!r}, which ends before it starts")
        days |= {start + dt.timedelta(days=i) for i in range((end - start).days + 1)}
    return frozenset(days)


def builtin_contacts(state: str) -> dict[str, Contact]:
    table = tomllib.loads(data_path("contacts.toml").read_text(encoding="utf-8"))
    entries = dict(table["national"])
    pack = load_pack(state)
    entries.update(pack.contacts if pack else {})
    return {key: Contact(key=key, **values) for key, values in entries.items()}


def _contacts(top: Fields, state: str) -> dict[str, Contact]:
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
        contacts[key] = Contact(key=key, label=label, number=number, text=text, url=url, citation=citation,
                                note=values["note"],
                                status=values["status"], recorded=base.recorded if base else None,
                                verified=values["verified"],
                                accepts_trafficking=accepts if accepts is not None else (
                                    base.accepts_trafficking if base else None))
    return contacts


def _statistics(top: Fields) -> dict[str, LocalStatistic]:
    stats = {}
    table = top.sub("stats", default={})
    for key in table.table:
        values = table.sub(key).read(STATISTIC)
        stats[key] = LocalStatistic(id=key, **{**values, "value": str(values["value"])})
    return stats


def _branding(fields: Fields, kit_dir: Path) -> Branding:
    values = fields.read(BRANDING)
    template, logo, logo_alt = values["template"], values["logo"], values["logo_alt"]
    if logo and not logo_alt.strip():
        fields.fail("logo_alt", "is missing; describe the logo for screen readers (e.g. 'Lakeview PD badge')")
    colours = {}
    for key in ("primary", "accent"):
        value = values[key]
        if not HEX_COLOUR.match(value):
            fields.fail(key, f"must be a colour like '#1F3A5F', not {value!r}")
        colours[key] = value.lstrip("#").upper()
        if contrast_with_white(colours[key]) < MIN_CONTRAST:
            fields.fail(key, f"{value!r} is too light: text in it on white (and white on it) has contrast "
                             f"{contrast_with_white(colours[key]):.1f}:1, below {MIN_CONTRAST}:1; "
                             "choose a darker colour")
    return Branding(
        template=(kit_dir / template) if template else None,
        logo=(kit_dir / logo) if logo else None,
        logo_alt=logo_alt,
        **colours,
    )


def contrast_with_white(hex_colour: str) -> float:
    """WCAG 2 contrast ratio between a colour and white."""
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (0, 2, 4))
    luminance = 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    return 1.05 / (luminance + 0.05)
