"""``blockwatch init``: a new kit (kit.toml with placeholders, commented examples), or a copy of the example."""

from __future__ import annotations

import shutil
import warnings
from dataclasses import dataclass
from pathlib import Path

from . import zones
from .errors import KitWarning, ProfileError, close_matches
from .files import ensure_dir, output_set, write_text
from .packs import load_pack
from .placeholders import field_lines
from .profile import KIT_FILE, STATES, parse_profile
from .readers import parse_toml, read_toml
from .resources import data_path, example_kit_path, template_path


@dataclass(frozen=True)
class NewKit:
    path: Path           # the kit.toml written
    timezone: str
    placeholders: int    # values in it the agency must still replace


# Where init writes commented examples that load as empty, so that every command works on a new kit.
INIT_STUBS = {"events/groups.toml": "groups.toml", "events/sessions.toml": "sessions.toml",
              "slides/bibliography.yaml": "bibliography.yaml"}


def new_kit(target: Path, *, state: str, timezone: str | None = None, agency: str | None = None,
            non_emergency: str | None = None) -> NewKit:
    if (target / KIT_FILE).exists():
        raise ProfileError(f"already holds a {KIT_FILE}; choose an empty folder", where=target)
    text = kit_toml(state, timezone, agency, non_emergency)
    where = f"{target / KIT_FILE} (from the options given)"
    profile = parse_profile(parse_toml(text, ProfileError, where=where), kit_dir=target, where=where,
                            lines=field_lines(text))
    with output_set():  # the whole kit or nothing
        for name, stub in INIT_STUBS.items():
            if not (target / name).exists():
                write_text(target / name, template_path("init", stub).read_text(encoding="utf-8"))
        written = write_text(target / KIT_FILE, text)
    return NewKit(written, profile.timezone, len(profile.placeholders))


def example_kit(target: Path) -> Path:
    if (target / KIT_FILE).exists():
        raise ProfileError(f"already holds a {KIT_FILE}; choose an empty folder", where=target)
    ensure_dir(target.parent)
    shutil.copytree(example_kit_path(), target, dirs_exist_ok=True)
    return target / KIT_FILE


def kit_toml(state: str, timezone: str | None, agency: str | None, non_emergency: str | None) -> str:
    """A new kit.toml: the given values, a "<...>" placeholder for each value only the agency can give, and the
    state's hotline block to confirm where the state has no pack (a number seen on a secondary page pre-filled,
    still marked to confirm)."""
    import jinja2

    state = state.strip().upper()
    if state not in STATES:
        raise ProfileError(f"'{state}' is not the two-letter code of a US state or territory, like 'OH'",
                           field="state", suggestions=close_matches(state, STATES))
    try:
        zone = zones.fit(state, timezone).name if timezone else zones.state_zone(state)
    except zones.ZoneProblem as problem:
        raise ProfileError(f"timezone {problem}" if timezone else str(problem), field="timezone",
                           hint=None if timezone else "init-timezone") from None
    if timezone and zone != timezone:
        warnings.warn(f"time zone '{timezone}' is written as '{zone}' in kit.toml, the name calendars know",
                      KitWarning, stacklevel=2)
    seen = read_toml(data_path("state-hotlines-to-confirm.toml")).get(state)
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, keep_trailing_newline=True, trim_blocks=True)
    env.filters["toml"] = toml_string
    return env.from_string(template_path("kit.toml.j2").read_text(encoding="utf-8")).render(
        state=state, state_name=zones.STATE_NAMES[state], timezone=zone, pack=load_pack(state) is not None,
        agency_given=bool(agency), agency=agency or "<your agency's name>",
        short_name=agency or "<your agency's short name>",
        non_emergency=non_emergency or "<your agency's non-emergency number>", seen=seen,
        hotline_label=seen["label"] if seen else "<the hotline's name>",
        hotline_number=f"<{seen['number']}, once confirmed>" if seen else "<the hotline's number>")



def toml_string(value: str) -> str:
    """``value`` as a TOML string, quotes and control characters escaped by a real TOML writer."""
    import tomli_w

    return tomli_w.dumps({"v": value}).partition(" = ")[2].rstrip("\n")

