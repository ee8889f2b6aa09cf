"""What residents take home: the signs tip card, wallet-size reporting cards and the "what you can do" leaflet."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from .contacts import Contact
from .files import output_set
from .languages import ENGLISH, HANDOUTS, Language
from .printing import check_paper, write_document
from .profile import Profile

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
    serves: str = ""  # the languages the line serves, once confirmed ("Phone and text in español")


@dataclass(frozen=True)
class Mark:
    """A crop mark, absolutely placed (mm) relative to the card grid's top-left corner."""

    kind: str  # "v" or "h"
    left: float
    top: float


def first_calls(profile: Profile, words: Language) -> tuple[Dial, ...]:
    """911, the state hotline (where it takes child trafficking reports), the national hotline, the agency."""
    dials = [_dial(profile, key, words) for key in FIRST_CALLS if key in _printed(profile)]
    return (*dials, _agency_line(profile, words))


def all_calls(profile: Profile, words: Language) -> tuple[Dial, ...]:
    printed = _printed(profile)
    known = [key for key in LEAFLET_ORDER if key in printed]
    extra = [key for key in printed if key not in LEAFLET_ORDER]
    return (*(_dial(profile, key, words) for key in (*known, *extra)), _agency_line(profile, words))


def _printed(profile: Profile) -> list[str]:
    """The contacts a handout lists: like the deck, it names the state line only where the agency confirmed that
    the line takes child trafficking reports; elsewhere people go to the national hotline and the agency."""
    return [key for key in profile.contacts if key != "state_hotline" or state_line_takes_trafficking(profile)]


def state_line_takes_trafficking(profile: Profile) -> bool:
    contact = profile.contacts.get("state_hotline")
    return contact is not None and contact.accepts_trafficking is True


def _dial(profile: Profile, key: str, words: Language) -> Dial:
    contact = profile.contacts[key]
    text = contact.text_in(words.code)
    phone = " · ".join(part for part in (contact.number, text) if part)
    return Dial(label=contact.label_in(words.code), reach=contact.reach_in(words.code), phone=phone or contact.reach,
                serves=_serves(contact, words))


def _serves(contact: Contact, words: Language) -> str:
    """'Phone and text in Spanish': only once an agency confirmed the line's languages (they are not in our
    sources); English needs no mention."""
    channels = contact.serves(words.code)
    if words.code == ENGLISH or not channels:
        return ""
    names = [words.say(f"channels.{channel}") for channel in channels]
    joined = words.say("channels.and").join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names)
    return words.say("print.serves", channels=joined[:1].upper() + joined[1:], language=words.name)


def _agency_line(profile: Profile, words: Language) -> Dial:
    number = profile.agency.non_emergency
    return Dial(label=words.say("print.non_emergency", agency=profile.agency.short_name), reach=number, phone=number)


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


def reports_instead(profile: Profile, words: Language) -> str:
    """Where the state line is left off, the list of calls says where trafficking reports go instead."""
    if state_line_takes_trafficking(profile):
        return ""
    return words.table(HANDOUTS)["calls"]["without_state_line"].format(agency=profile.agency.short_name)


@dataclass(frozen=True)
class Side:
    """One side of a printed sheet, in one language: a bilingual handout has the first language on the front of
    each sheet and the second on its back."""

    say: Callable[..., str]
    lang: str
    text: dict
    first_calls: tuple[Dial, ...]
    all_calls: tuple[Dial, ...]
    instead: str
    cards: tuple[tuple[float, float], ...]
    back: bool  # printed on the back of the sheet: starts on a left-hand (verso) page


def sides(profile: Profile, languages: tuple[Language, ...]) -> list[Side]:
    """A side per language. Wallet cards on a back are mirrored left to right, so that after a flip on the long
    edge each card's back lies behind its own front."""
    found = []
    for index, words in enumerate(languages):
        back = index % 2 == 1
        cards = tuple(((CARD_COLUMNS - 1 - column if back else column) * CARD_W_MM, row * CARD_H_MM)
                      for row in range(CARD_ROWS) for column in range(CARD_COLUMNS))
        found.append(Side(say=words.say, lang=words.tag, text=words.table(HANDOUTS),
                          first_calls=first_calls(profile, words), all_calls=all_calls(profile, words),
                          instead=reports_instead(profile, words), cards=cards, back=back))
    return found


def write_handouts(profile: Profile, out_dir: Path, *, paper: str = "letter", draft: bool = False,
                   languages: tuple[Language, ...] = ()) -> list[Path]:
    """``tip-card``, ``wallet-cards`` and ``what-you-can-do``, each as HTML and PDF in ``out_dir``; ``draft``:
    each page marked DRAFT. ``languages``: the kit's own by default; two ("en,es") print the first on the front
    and the second on the back of each sheet (duplex, long edge)."""
    check_paper(paper)
    out_dir = Path(out_dir)
    languages = languages or (profile.speaks(),)
    words = languages[0]
    duplex = words.say("print.duplex", front=words.name_of(languages[0]), back=words.name_of(languages[1])) \
        if len(languages) > 1 else ""
    common: dict[str, Any] = {"agency": profile.agency, "paper": paper, "branding": profile.branding,
                              "draft": draft, "words": words, "sides": sides(profile, languages), "duplex": duplex}
    with output_set():  # all six files or none
        printed = (
            write_document("tipcard.html.j2", out_dir / "tip-card", **common),
            write_document("wallet.html.j2", out_dir / "wallet-cards", marks=crop_marks(), card_w=CARD_W_MM,
                           card_h=CARD_H_MM, columns=CARD_COLUMNS, rows=CARD_ROWS, **common),
            write_document("leaflet.html.j2", out_dir / "what-you-can-do", **common),
        )
    return [path for doc in printed for path in (doc.html, doc.pdf)]
