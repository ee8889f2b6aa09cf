"""``kit.toml`` -> ``Profile``: who the agency is, who presents, whom to call, and how decks look."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from . import zones
from .errors import KitWarning, ProfileError, did_you_mean
from .packs import load_pack, require_state_hotline
from .recipes import Recipe, parse_recipe
from .resources import data_path
from .schema import Fields

KIT_FILE = "kit.toml"
STATES = {
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS", "KY",
    "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "OH",
    "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY", "PR",
}
HEX_COLOUR = re.compile(r"^#?[0-9A-Fa-f]{6}$")
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
    id: str
    name: str
    title: str
    email: str


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
    contacts: dict[str, Contact]
    statistics: dict[str, LocalStatistic]
    branding: Branding
    recipes: dict[str, Recipe] = field(default_factory=dict)
    default_recipe: str = "block-watch-60"
    calendar_base_url: str = ""
    check: CheckSettings = CheckSettings()

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def file(self) -> Path:
        return self.root / KIT_FILE

    def presenter(self, presenter_id: str, *, where="") -> Presenter:
        for presenter in self.presenters:
            if presenter.id == presenter_id:
                return presenter
        ids = [p.id for p in self.presenters]
        raise ProfileError(f"unknown presenter '{presenter_id}'{did_you_mean(presenter_id, ids)}; "
                           f"presenters in {KIT_FILE}: {', '.join(ids)}", where=where or self.file)

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
        raise ProfileError(f"no {KIT_FILE} here; run 'blockwatch init {kit_dir}' or pass --kit DIR", where=kit_dir)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(f"is not valid TOML ({exc}); fix the syntax", where=path)
    except UnicodeDecodeError:
        raise ProfileError("is not UTF-8 text; save it as UTF-8", where=path)
    profile = parse_profile(raw, kit_dir=kit_dir, where=path)
    require_state_hotline(profile)
    return profile


def parse_profile(raw: dict, *, kit_dir: Path, where) -> Profile:
    top = Fields(raw, where=where, error=ProfileError)
    top.allow_only({"agency", "presenters", "organizer", "state", "timezone", "language", "contacts", "stats",
                    "branding", "recipes", "default_recipe", "calendar", "check"})
    state = top.get("state", str).upper()
    if state not in STATES:
        top.fail("state", f"must be a two-letter US state code like 'CO', not {state!r}")
    timezone = _check_timezone(top.get("timezone", str), state, top)
    agency = _agency(top.sub("agency"))
    presenters = _presenters(top)
    organizer_fields = top.sub("organizer", default={})
    organizer_fields.allow_only({"name", "email"})
    organizer = Organizer(
        name=organizer_fields.get("name", str, agency.name),
        email=organizer_fields.email("email", default=presenters[0].email),
    )
    recipes = {rid: parse_recipe(rid, table, where=where) for rid, table in top.get("recipes", dict, {}).items()}
    calendar = top.sub("calendar", default={})
    calendar.allow_only({"base_url"})
    return Profile(
        root=kit_dir,
        agency=agency,
        presenters=presenters,
        organizer=organizer,
        state=state,
        timezone=timezone,
        language=top.get("language", str, "en-US"),
        contacts=_contacts(top, state),
        statistics=_statistics(top),
        branding=_branding(top.sub("branding", default={}), kit_dir),
        recipes=recipes,
        default_recipe=top.get("default_recipe", str, "block-watch-60"),
        calendar_base_url=calendar.get("base_url", str, ""),
        check=_check_settings(top.sub("check", default={})),
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
    fields.allow_only({"name", "short_name", "non_emergency", "website", "address"})
    name = fields.get("name", str)
    return Agency(
        name=name,
        short_name=fields.get("short_name", str, name),
        non_emergency=fields.get("non_emergency", str),
        website=fields.get("website", str, ""),
        address=fields.get("address", str, ""),
    )


def _presenters(top: Fields) -> tuple[Presenter, ...]:
    raw = top.get("presenters", list)
    if not raw:
        top.fail("presenters", "lists nobody; add at least one [[presenters]] with id, name, title and email")
    presenters = []
    for index, table in enumerate(raw):
        fields = Fields(table, where=top.where, prefix=f"presenters[{index}]", error=ProfileError)
        fields.allow_only({"id", "name", "title", "email"})
        presenters.append(Presenter(
            id=fields.get("id", str),
            name=fields.get("name", str),
            title=fields.get("title", str, ""),
            email=fields.email("email"),
        ))
    ids = [p.id for p in presenters]
    for pid in ids:
        if ids.count(pid) > 1:
            top.fail("presenters", f"has the id '{pid}' twice; give each presenter its own id")
    return tuple(presenters)


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
        fields.allow_only({"label", "number", "text", "url", "citation", "note", "verified", "status",
                           "accepts_trafficking"})
        base = contacts.get(key)
        label = fields.get("label", str, base.label if base else None)
        if label is None:
            fields.fail("label", "is missing (a new contact needs label, number or url, and citation)")
        contacts[key] = Contact(
            key=key,
            label=label,
            number=fields.get("number", str, base.number if base else ""),
            text=fields.get("text", str, base.text if base else ""),
            url=fields.get("url", str, base.url if base else ""),
            citation=_citation(fields, base),
            note=fields.get("note", str, ""),
            status=fields.get("status", str, "confirmed by agency"),
            recorded=base.recorded if base else None,
            verified=fields.date("verified"),
            accepts_trafficking=fields.get("accepts_trafficking", bool, base.accepts_trafficking if base else None),
        )
    return contacts


def _citation(fields: Fields, base: Contact | None) -> str:
    citation = fields.get("citation", str, base.citation if base else None)
    if citation is None:
        fields.fail("citation", "is missing; say where the public can check it (e.g. the agency's web page)")
    return citation


def _statistics(top: Fields) -> dict[str, LocalStatistic]:
    stats = {}
    table = top.sub("stats", default={})
    for key in table.table:
        fields = table.sub(key)
        fields.allow_only({"value", "wording", "source", "year"})
        value = fields.get("value", (str, int, float))
        stats[key] = LocalStatistic(
            id=key,
            value=str(value),
            wording=fields.get("wording", str),
            source=fields.get("source", str),
            year=fields.get("year", int),
        )
    return stats


def _branding(fields: Fields, kit_dir: Path) -> Branding:
    fields.allow_only({"template", "logo", "logo_alt", "primary", "accent"})
    template = fields.get("template", str, "")
    logo = fields.get("logo", str, "")
    logo_alt = fields.get("logo_alt", str, "")
    if logo and not logo_alt.strip():
        fields.fail("logo_alt", "is missing; describe the logo for screen readers (e.g. 'Lakeview PD badge')")
    colours = {}
    for key, default in (("primary", Branding.primary), ("accent", Branding.accent)):
        value = fields.get(key, str, default)
        if not HEX_COLOUR.match(value):
            fields.fail(key, f"must be a colour like '#1F3A5F', not {value!r}")
        colours[key] = value.lstrip("#").upper()
        if contrast_with_white(colours[key]) < MIN_CONTRAST:
            fields.fail(key, f"{value!r} is too light: text in it on white (and white on it) has contrast "
                             f"{contrast_with_white(colours[key]):.1f}:1, below {MIN_CONTRAST}:1; choose a darker colour")
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


def _check_settings(fields: Fields) -> CheckSettings:
    fields.allow_only({"source_max_age_years", "source_ceiling_years", "review_max_age_days", "contact_max_age_days"})
    return CheckSettings(
        source_max_age_years=fields.get("source_max_age_years", int, CheckSettings.source_max_age_years),
        source_ceiling_years=fields.get("source_ceiling_years", int, CheckSettings.source_ceiling_years),
        review_max_age_days=fields.get("review_max_age_days", int, CheckSettings.review_max_age_days),
        contact_max_age_days=fields.get("contact_max_age_days", int, CheckSettings.contact_max_age_days),
    )
