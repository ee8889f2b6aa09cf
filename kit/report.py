"""The season report's figures, worked out from the season, attendance and survey cards (pure: no files).

Counts only. A resident is a name and a street within a group (so two neighbors of one name on different
streets are two residents, and one person at three talks is one); no name or street leaves this module, only
how many there are. ``kit/reportfiles.py`` writes the figures as HTML, PDF and CSV.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Iterable, Mapping, Sequence

from .content import Library
from .csvrows import SAMPLE
from .events import Group, Season, Session
from .survey import StoredCard

# The model the talk comes from: Toledo PD talks to 25 block-watch groups "each of which comprise approximately
# 20-25 community members" (IACP/COPS 2016, p. 12). Average attendance is read against it.
MODEL_GROUP_SIZE = (20, 25)
# Below these the report says its figures rest on too little to go on.
FEW_CARDS, FEW_SESSIONS = 20, 3


@dataclass(frozen=True)
class Score:
    """Right answers out of the questions answered (a box left empty is not counted)."""

    correct: int = 0
    answered: int = 0

    @property
    def percent(self) -> float | None:
        return 100 * self.correct / self.answered if self.answered else None

    def __add__(self, other: Score) -> Score:
        return Score(self.correct + other.correct, self.answered + other.answered)


@dataclass(frozen=True)
class Tally:
    """Sessions planned (every one in the period, cancelled ones too), held (with attendance or cards recorded)
    and cancelled; the rest are not recorded yet."""

    planned: int = 0
    held: int = 0
    cancelled: int = 0

    @property
    def unrecorded(self) -> int:
        return self.planned - self.held - self.cancelled


@dataclass(frozen=True)
class GroupRow:
    name: str
    sessions: Tally
    attendances: int
    residents: int
    cards: int
    before: Score
    after: Score

    @property
    def average(self) -> float | None:
        return self.attendances / self.sessions.held if self.sessions.held else None


@dataclass(frozen=True)
class QuestionRow:
    id: str
    text: str
    before: Score
    after: Score


@dataclass(frozen=True)
class MonthRow:
    month: dt.date  # its first day
    sessions: Tally


@dataclass(frozen=True)
class Report:
    start: dt.date | None
    end: dt.date | None
    sessions: Tally
    groups: tuple[GroupRow, ...]  # every group of the season, reached or not
    residents: int
    attendances: int
    cards: int
    wrote_will_do: int
    questions: tuple[QuestionRow, ...]
    months: tuple[MonthRow, ...]
    sample: bool  # some of the rows counted are the example kit's fictional sample data

    @property
    def reached(self) -> tuple[GroupRow, ...]:
        return tuple(g for g in self.groups if g.sessions.held)

    @property
    def missed(self) -> tuple[GroupRow, ...]:
        return tuple(g for g in self.groups if not g.sessions.held)

    @property
    def average(self) -> float | None:
        return self.attendances / self.sessions.held if self.sessions.held else None

    @property
    def before(self) -> Score:
        return sum((q.before for q in self.questions), Score())

    @property
    def after(self) -> Score:
        return sum((q.after for q in self.questions), Score())

    @property
    def few(self) -> bool:
        """Too few cards or talks to draw conclusions from."""
        return self.cards < FEW_CARDS or self.sessions.held < FEW_SESSIONS


def season_report(season: Season, attendance: Sequence[Mapping[str, str]], cards: Sequence[StoredCard],
                  library: Library, *, zone, start: dt.date | None = None, end: dt.date | None = None) -> Report:
    """The figures for the talks whose local date falls in ``start``-``end`` (either open). A talk is a session
    with a recipe: a group's regular meeting, with no talk booked at it, is not counted."""
    sessions = [s for s in season.sessions if s.recipe and _within(s.start.astimezone(zone).date(), start, end)]
    by_id = {s.id: s for s in sessions}
    present = [row for row in attendance if row["session_id"] in by_id and row["attended"] == "yes"]
    counted_cards = [card for card in cards if card.session_id in by_id]
    held = {row["session_id"] for row in present} | {card.session_id for card in counted_cards}
    people = _residents(present, by_id)
    groups = tuple(_group_row(group, [s for s in sessions if s.group.id == group.id], held, present,
                              counted_cards, people.get(group.id, set())) for group in season.groups)
    months: dict[dt.date, list[Session]] = defaultdict(list)
    for session in sessions:
        months[session.start.astimezone(zone).date().replace(day=1)].append(session)
    sample = any(row.get("recorded") == SAMPLE for row in present) or any(c.sample for c in counted_cards)
    days = sorted(session.start.astimezone(zone).date() for session in sessions)
    return Report(
        start=start or (days[0] if days else None), end=end or (days[-1] if days else None),
        sessions=_tally(sessions, held), groups=groups,
        residents=sum(len(found) for found in people.values()), attendances=len(present),
        cards=len(counted_cards), wrote_will_do=sum(card.wrote_will_do for card in counted_cards),
        questions=_questions(counted_cards, library),
        months=tuple(MonthRow(month, _tally(months[month], held)) for month in sorted(months)), sample=sample)


def _within(day: dt.date, start: dt.date | None, end: dt.date | None) -> bool:
    return (start is None or day >= start) and (end is None or day <= end)


def _tally(sessions: Iterable[Session], held: set[str]) -> Tally:
    sessions = list(sessions)
    return Tally(planned=len(sessions), held=sum(s.id in held and not s.cancelled for s in sessions),
                 cancelled=sum(s.cancelled for s in sessions))


def _group_row(group: Group, sessions: list[Session], held: set[str], present: Sequence[Mapping[str, str]],
               cards: Sequence[StoredCard], people: set) -> GroupRow:
    ids = {s.id for s in sessions}
    mine = [card for card in cards if card.session_id in ids]
    return GroupRow(name=group.name, sessions=_tally(sessions, held),
                    attendances=sum(row["session_id"] in ids for row in present), residents=len(people),
                    cards=len(mine), before=_score(mine, 2), after=_score(mine, 3))


def _score(cards: Iterable[StoredCard], phase: int, question: str | None = None) -> Score:
    """``phase``: 2 for the before column, 3 for after (the places in ``StoredCard.answers``)."""
    marks = [(answer[phase], answer[1]) for card in cards for answer in card.answers
             if answer[phase] and (question is None or answer[0] == question)]
    return Score(correct=sum(given == right for given, right in marks), answered=len(marks))


def _questions(cards: Sequence[StoredCard], library: Library) -> tuple[QuestionRow, ...]:
    """Each question asked, in the order the cards ask them; its words as the module now says them."""
    texts = {q.id: q.text for module in library.modules.values() for q in module.checks}
    ids = list(dict.fromkeys(answer[0] for card in cards for answer in card.answers))
    return tuple(QuestionRow(id=qid, text=texts.get(qid, qid), before=_score(cards, 2, qid),
                             after=_score(cards, 3, qid)) for qid in ids)


def _residents(present: Sequence[Mapping[str, str]], sessions: Mapping[str, Session]) -> dict[str, set]:
    """Per group id, the distinct (name, street) keys of those who came. A row without a street counts as the same
    person as the group's one row of that name with a street, where there is exactly one such street."""
    seen: dict[str, Counter] = defaultdict(Counter)
    for row in present:
        seen[sessions[row["session_id"]].group.id][(_plain(row["name"]), _plain(row.get("street", "")))] += 1
    people: dict[str, set] = {}
    for group_id, keys in seen.items():
        streets = defaultdict(set)
        for name, street in keys:
            if street:
                streets[name].add(street)
        people[group_id] = {(name, street or (next(iter(streets[name])) if len(streets[name]) == 1 else ""))
                            for name, street in keys}
    return people


def _plain(text: str) -> str:
    return " ".join(text.lstrip("'").split()).casefold()
