"""The before/after knowledge check: a talk's questions, the printed card, and the answers back in from a CSV.

A card asks the ``checks:`` questions of the modules every plan of the session's recipe keeps (the shortest plan),
so a shortened talk is never tested on what it left out. Residents tick a "before" column when the card is handed
out and an "after" column after the Q&A. A volunteer types each card into a row of ``survey template``'s CSV;
``survey record`` checks it and merges it into the kit's ``survey.csv``, which keeps, with the answers, the ids of
the questions asked and their right answers, so later edits of a module never change recorded results.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from .content import LETTERS, Library, Question
from .csvfiles import write_csv
from .csvrows import SAMPLE, Row, checked_rows, merge_records
from .errors import ContentError, EventsError
from .events import Season, Session
from .files import output_set
from .plan import shortest_plan
from .printing import Printed, check_paper, write_document
from .profile import Profile
from .readers import read_csv
from .sheets import folder_name, when

SURVEY_FILE = "survey.csv"
MAX_QUESTIONS = 8  # what fits on a half-page card
PHASES = ("before", "after")
PRIVACY_NOTE = ("No name, please. {agency} adds up the answers of all cards to see what the talk teaches; "
                "no card is traced to anyone.")


def card_questions(library: Library, recipe_id: str) -> tuple[Question, ...]:
    """The questions of the modules the recipe always keeps, in the talk's order."""
    plan = shortest_plan(library, library.recipe(recipe_id))
    return tuple(question for entry in plan.entries for question in entry.module.checks)


def session_questions(library: Library, session: Session) -> tuple[Question, ...]:
    if not session.recipe:  # a group's regular meeting: only a talk has a recipe, and cards
        raise EventsError(f"session '{session.id}' is a meeting with no talk, so it has no before-and-after card; "
                          f"give the talk's id", hint="list-sessions")
    questions = card_questions(library, session.recipe)
    if not questions:
        raise ContentError(f"recipe '{session.recipe}' has no knowledge-check questions: none of the modules it "
                           f"always keeps has a 'checks:' block; add one (docs/slide-format.md)")
    if len(questions) > MAX_QUESTIONS:
        raise ContentError(f"recipe '{session.recipe}' asks {len(questions)} knowledge-check questions; a card "
                           f"holds at most {MAX_QUESTIONS}: take 'checks:' out of some of its modules")
    return questions


def survey_sessions(season: Season, session_id: str | None) -> tuple[Session, ...]:
    """The one talk asked for, or every talk not cancelled (a talk is a session with a recipe)."""
    if session_id is None:
        return tuple(s for s in season.sessions if s.recipe and not s.cancelled)
    session = season.session(session_id)
    if session.cancelled:
        raise EventsError(f"session '{session_id}' is cancelled; there is no talk to print cards for")
    return (session,)


def answer_columns(count: int) -> list[str]:
    return [f"q{n}_{phase}" for n in range(1, count + 1) for phase in PHASES]


# ---- the card ---------------------------------------------------------------------------------------

def write_survey_cards(profile: Profile, library: Library, sessions: Sequence[Session], out_dir: Path, *,
                       paper: str = "letter", cards: int | None = None) -> list[Path]:
    """For each session, ``OUT/<session id>/survey.html`` and ``.pdf``: numbered cards, two a page."""
    check_paper(paper)
    written = []
    with output_set():
        for session in sessions:
            printed = write_survey_card(profile, library, session, Path(out_dir) / folder_name(session),
                                        paper=paper, cards=cards)
            written += [printed.html, printed.pdf]
    return written


def write_survey_card(profile: Profile, library: Library, session: Session, folder: Path, *, paper: str,
                      cards: int | None = None) -> Printed:
    questions = session_questions(library, session)
    count = 2 * math.ceil((cards or session.head_count) / 2)  # whole pages
    sources = dict.fromkeys(library.bibliography[q.source].label for q in questions)
    return write_document(
        "survey.html.j2", folder / "survey", paper=paper, branding=profile.branding, agency=profile.agency,
        session=session, when=when(session, profile), cards=range(1, count + 1),
        questions=[(question, list(zip(LETTERS, question.options, strict=False))) for question in questions],
        privacy=PRIVACY_NOTE.format(agency=profile.agency.short_name), sources="; ".join(sources))


# ---- results in ---------------------------------------------------------------------------------------

def write_survey_template(library: Library, session: Session, target: Path, *, cards: int | None = None) -> Path:
    """A CSV to type the cards into: one row per card, its session and number filled in."""
    if session.cancelled:
        raise EventsError(f"session '{session.id}' is cancelled; no cards were handed out")
    questions = session_questions(library, session)
    header = ["session_id", "card", *answer_columns(len(questions)), "will_do"]
    blank = [""] * (len(header) - 2)
    numbers = range(1, (cards or session.head_count) + 1)
    return write_csv(target, header, ([session.id, str(n), *blank] for n in numbers))


@dataclass(frozen=True)
class Card:
    """One typed-in card: the letters ticked before and after for each question ('' where nothing was)."""

    session_id: str
    number: int
    questions: tuple[Question, ...]
    before: tuple[str, ...]
    after: tuple[str, ...]
    will_do: str


@dataclass(frozen=True)
class SurveyRecorded:
    path: Path
    added: int
    updated: int
    sessions: tuple[str, ...]
    unchanged: int = 0


STORED = ("session_id", "card", "questions", "key", *answer_columns(MAX_QUESTIONS), "will_do", "recorded")


def read_cards(path: Path, season: Season, library: Library) -> tuple[Card, ...]:
    """Every card typed into ``path``; rows with nothing ticked or written are unused cards and skipped."""
    sessions = {s.id: s for s in season.sessions}
    asked: dict[str, tuple[Question, ...]] = {}
    seen: dict[tuple[str, int], int] = {}
    cards = []
    rows = checked_rows(path, required=("session_id", "card"), optional=(*answer_columns(MAX_QUESTIONS), "will_do"))
    for row in rows:
        if not any(row.get(c) for c in (*answer_columns(MAX_QUESTIONS), "will_do")):
            continue
        session_id = row.session_id("session_id", sessions)
        number = row.check("card", _card_number)
        if session_id is None or number is None:
            continue
        session = sessions[session_id]
        if session.cancelled:
            row.fail("session_id", f"names session '{session_id}', which was cancelled; check the id on the card")
            continue
        if (session_id, number) in seen:
            row.fail("card", f"is card {number} of session '{session_id}' again (also on line "
                             f"{seen[session_id, number]}); give each card its own number")
            continue
        seen[session_id, number] = row.line
        if session.recipe not in asked:
            asked[session.recipe] = session_questions(library, session)
        card = _card(row, session_id, number, asked[session.recipe])
        if card is not None:
            cards.append(card)
    return tuple(cards)


def _card_number(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise ValueError(f"is {value!r}; write the number printed on the card (1, 2, ...)")
    return int(value)


def _card(row: Row, session_id: str, number: int, questions: tuple[Question, ...]) -> Card | None:
    answers: dict[str, list[str]] = {phase: [] for phase in PHASES}
    ok = True
    for index in range(MAX_QUESTIONS):
        for phase in PHASES:
            column = f"q{index + 1}_{phase}"
            value = row.get(column)
            if index >= len(questions):
                if value:
                    row.fail(column, f"is {value!r}, but the card of session '{session_id}' has {len(questions)} "
                                     f"questions; leave it empty")
                    ok = False
                continue
            letter = _letter(value, questions[index])
            if letter is None:
                letters = LETTERS[:len(questions[index].options)]
                row.fail(column, f"is {value!r}; write {', '.join(letters[:-1])} or {letters[-1]} (the box ticked "
                                 f"for question {index + 1}), or leave it empty if none was")
                ok = False
            else:
                answers[phase].append(letter)
    if not ok:
        return None
    return Card(session_id=session_id, number=number, questions=questions, before=tuple(answers["before"]),
                after=tuple(answers["after"]), will_do=row.get("will_do"))


def _letter(value: str, question: Question) -> str | None:
    """'b', 'B' or the option's own words -> 'B'; '' -> '' (nothing ticked); anything else None."""
    if not value:
        return ""
    letters = LETTERS[:len(question.options)]
    if value.upper() in letters:
        return value.upper()
    for option in question.options:
        if value.casefold() == option.casefold():
            return question.letter(option)
    return None


def record_survey(profile: Profile, season: Season, library: Library, source: Path, *,
                  today: dt.date | None = None) -> SurveyRecorded:
    """Merge the cards of ``source`` into ``<kit>/survey.csv``: a card recorded before (same session and number)
    is replaced."""
    cards = read_cards(source, season, library)
    recorded = (today or dt.date.today()).isoformat()
    merged = merge_records(profile.root / SURVEY_FILE, STORED, (_stored(card, recorded) for card in cards),
                           key=lambda cells: (cells[0], cells[1]), stamp="recorded")
    return SurveyRecorded(path=merged.path, added=merged.added, updated=merged.updated, unchanged=merged.unchanged,
                          sessions=tuple(sorted({card.session_id for card in cards})))


def _stored(card: Card, recorded: str) -> list[str]:
    answers = [letter for pair in zip(card.before, card.after, strict=True) for letter in pair]
    answers += [""] * (2 * MAX_QUESTIONS - len(answers))
    return [card.session_id, str(card.number), " ".join(q.id for q in card.questions),
            "".join(q.answer for q in card.questions), *answers, card.will_do, recorded]


@dataclass(frozen=True)
class StoredCard:
    """A card as the kit recorded it: each question's id, right answer, and the letters ticked."""

    session_id: str
    answers: tuple[tuple[str, str, str, str], ...]  # (question id, right letter, before, after)
    wrote_will_do: bool
    sample: bool


def stored_cards(profile: Profile) -> list[StoredCard]:
    target = profile.root / SURVEY_FILE
    if not target.exists():
        return []
    cards = []
    for line, row in read_csv(target, required=STORED):
        ids, key = row["questions"].split(), row["key"]
        if len(ids) != len(key) or len(ids) > MAX_QUESTIONS:
            raise EventsError("the questions and key columns do not match; record the cards again from your "
                              "spreadsheet", where=target, line=line)
        answers = tuple((qid, right, row[f"q{n}_before"], row[f"q{n}_after"])
                        for n, (qid, right) in enumerate(zip(ids, key, strict=True), start=1))
        cards.append(StoredCard(session_id=row["session_id"], answers=answers, wrote_will_do=bool(row["will_do"]),
                                sample=row["recorded"] == SAMPLE))
    return cards
