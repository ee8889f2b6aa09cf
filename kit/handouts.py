"""What residents take home: the signs tip card, wallet-size reporting cards and the "what you can do" leaflet."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .files import output_set
from .printing import check_paper, write_document
from .profile import Profile
from .readers import read_toml
from .resources import data_path

# The wallet card and tip card carry the calls a resident makes first; the leaflet lists every contact.
FIRST_CALLS = ("emergency", "state_hotline", "national_hotline")
LEAFLET_ORDER = ("emergency", "state_hotline", "national_hotline", "cybertipline", "hsi_tipline", "fbi")
# Business-card size, 2 columns x 4 rows: fits US Letter and A4 with room for crop marks.
CARD_W_MM, CARD_H_MM, CARD_COLUMNS, CARD_ROWS = 88.9, 50.8, 2, 4
MARK_GAP_MM, MARK_LEN_MM = 1.5, 5.0


@dataclass(frozen=True)
class Dial:
    """One line of a reporting list: who, and how to reach them."""

    label: str
    reach: str  # number, text and web address: the leaflet and tip card
    phone: str  # number and text only: what fits on a wallet card


@dataclass(frozen=True)
class Mark:
    """A crop mark, absolutely placed (mm) relative to the card grid's top-left corner."""

    kind: str  # "v" or "h"
    left: float
    top: float


def first_calls(profile: Profile) -> tuple[Dial, ...]:
    """911, the state hotline (where it takes child trafficking reports), the national hotline, the agency."""
    dials = [_dial(profile, key) for key in FIRST_CALLS if key in _printed(profile)]
    return (*dials, _agency_line(profile))


def all_calls(profile: Profile) -> tuple[Dial, ...]:
    printed = _printed(profile)
    known = [key for key in LEAFLET_ORDER if key in printed]
    extra = [key for key in printed if key not in LEAFLET_ORDER]
    return (*(_dial(profile, key) for key in (*known, *extra)), _agency_line(profile))


def _printed(profile: Profile) -> list[str]:
    """The contacts a handout lists: like the deck, it names the state line only where the agency confirmed that
    the line takes child trafficking reports; elsewhere people go to the national hotline and the agency."""
    return [key for key in profile.contacts if key != "state_hotline" or state_line_takes_trafficking(profile)]


def state_line_takes_trafficking(profile: Profile) -> bool:
    contact = profile.contacts.get("state_hotline")
    return contact is not None and contact.accepts_trafficking is True


def _dial(profile: Profile, key: str) -> Dial:
    contact = profile.contacts[key]
    phone = " · ".join(part for part in (contact.number, contact.text) if part)
    return Dial(label=contact.label, reach=contact.reach, phone=phone or contact.reach)


def _agency_line(profile: Profile) -> Dial:
    number = profile.agency.non_emergency
    return Dial(label=f"{profile.agency.short_name} non-emergency", reach=number, phone=number)


def crop_marks() -> tuple[Mark, ...]:
    """Short lines outside the grid at every cut, so a guillotine or scissors can follow them."""
    width, height = CARD_W_MM * CARD_COLUMNS, CARD_H_MM * CARD_ROWS
    outside = MARK_GAP_MM + MARK_LEN_MM
    marks = []
    for column in range(CARD_COLUMNS + 1):
        x = column * CARD_W_MM
        marks += [Mark("v", x, -outside), Mark("v", x, height + MARK_GAP_MM)]
    for row in range(CARD_ROWS + 1):
        y = row * CARD_H_MM
        marks += [Mark("h", -outside, y), Mark("h", width + MARK_GAP_MM, y)]
    return tuple(marks)


def _text() -> dict:
    return read_toml(data_path("handouts.toml"))


def reports_instead(profile: Profile) -> str:
    """Where the state line is left off, the list of calls says where trafficking reports go instead."""
    if state_line_takes_trafficking(profile):
        return ""
    return _text()["calls"]["without_state_line"].format(agency=profile.agency.short_name)


def write_handouts(profile: Profile, out_dir: Path, *, paper: str = "letter", draft: bool = False) -> list[Path]:
    """``tip-card``, ``wallet-cards`` and ``what-you-can-do``, each as HTML and PDF in ``out_dir``; ``draft``:
    each page marked DRAFT."""
    check_paper(paper)
    text, out_dir = _text(), Path(out_dir)
    common: dict[str, Any] = {"agency": profile.agency, "paper": paper, "branding": profile.branding,
                              "draft": draft, "instead": reports_instead(profile)}
    cards = [(column * CARD_W_MM, row * CARD_H_MM) for row in range(CARD_ROWS) for column in range(CARD_COLUMNS)]
    with output_set():  # all six files or none
        printed = (
            write_document("tipcard.html.j2", out_dir / "tip-card", tip=text["tipcard"], calls=first_calls(profile),
                           **common),
            write_document("wallet.html.j2", out_dir / "wallet-cards", calls=first_calls(profile), cards=cards,
                           marks=crop_marks(), card_w=CARD_W_MM, card_h=CARD_H_MM, columns=CARD_COLUMNS,
                           rows=CARD_ROWS, **common),
            write_document("leaflet.html.j2", out_dir / "what-you-can-do", leaflet=text["leaflet"],
                           calls=all_calls(profile), **common),
        )
    return [path for doc in printed for path in (doc.html, doc.pdf)]
