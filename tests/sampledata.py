"""The example kit's sample data: fictional attendance and before-and-after cards for its first talks.

    python tests/sampledata.py [KIT]      (default: events/example)

Rewrites KIT/attendance.csv and KIT/survey.csv, every row marked ``recorded = sample`` (the report then says
its figures are sample data). The talks are the season's talks up to ``UNTIL`` (a season without talks: each
group's first session); names are made up (or a group's own fictional roster), dates come from the season, and
a fixed seed makes every run write the same files. tests/test_report.py checks the committed files are these.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent
sys.path.insert(0, str(ROOT))

from kit.attendance import ATTENDANCE_FILE, COLUMNS, LATER_COLUMNS  # noqa: E402
from kit.content import LETTERS  # noqa: E402
from kit.csvrows import SAMPLE, merge_records  # noqa: E402
from kit.survey import STORED, SURVEY_FILE, Card, _stored, session_questions  # noqa: E402
from kit.workspace import Kit  # noqa: E402

SEED = 2027
UNTIL = dt.date(2027, 4, 30)  # the "first months" the sample covers
FIRST = ("Avery", "Blake", "Cameron", "Dakota", "Emerson", "Finley", "Harper", "Jamie", "Kendall", "Logan",
         "Morgan", "Parker", "Quinn", "Reese", "Riley", "Rowan", "Sawyer", "Skyler", "Taylor", "Jordan")
LAST = ("Example", "Sample", "Placeholder", "Fictional", "Specimen", "Testwell", "Demo", "Mockford", "Standin",
        "Dummy")
WILL_DO = ("Save the hotline number in my phone", "Call instead of posting in the group chat",
           "Write down what I see, then call", "Tell my neighbors the signs", "Talk with my kids about online safety",
           "Keep the tip card by the phone")
# How likely a resident is to tick the right box, by question number, before and after the talk.
RIGHT_BEFORE = (0.55, 0.62, 0.48, 0.58, 0.66, 0.42, 0.36, 0.5)
RIGHT_AFTER = (0.93, 0.9, 0.88, 0.91, 0.9, 0.94, 0.85, 0.9)


def sample_sessions(kit: Kit):
    season = kit.season
    talks = [s for s in season.sessions if getattr(s, "is_talk", False)]
    if not talks:
        firsts: dict[str, object] = {}
        for session in season.sessions:
            firsts.setdefault(session.group.id, session)
        talks = list(firsts.values())
    return sorted((s for s in talks if not s.cancelled and s.start.date() <= UNTIL), key=lambda s: (s.start, s.id))


def people(rng: random.Random, kit: Kit, group_id: str) -> list[tuple[str, str]]:
    """(name, street) of the group's neighbors: its roster first, then made-up names on its streets."""
    roster = [(r.name, r.street) for r in kit.season.residents(group_id)]
    streets = sorted({street for _, street in roster if street}) or ["100 block of Main Street"]
    made = [(f"{first} {last}", rng.choice(streets)) for first in FIRST for last in LAST]
    rng.shuffle(made)
    return roster + made[:40]


def write_sample(kit_dir: Path) -> None:
    kit = Kit.open(kit_dir)
    rng = random.Random(SEED)
    attendance, cards = [], []
    for session in sample_sessions(kit):
        neighbors = people(rng, kit, session.group.id)
        came = rng.sample(neighbors, rng.randint(12, min(28, len(neighbors))))
        for name, street in came:
            attendance.append([session.id, name, street if rng.random() > 0.1 else "", "", "yes", SAMPLE])
        questions = session_questions(kit.library, session)
        for number in range(1, round(len(came) * rng.uniform(0.7, 0.95)) + 1):
            before = tuple(tick(rng, q, RIGHT_BEFORE[i % len(RIGHT_BEFORE)]) for i, q in enumerate(questions))
            after = tuple(tick(rng, q, RIGHT_AFTER[i % len(RIGHT_AFTER)]) for i, q in enumerate(questions))
            will_do = rng.choice(WILL_DO) if rng.random() < 0.6 else ""
            cards.append(_stored(Card(session.id, number, questions, before, after, will_do), SAMPLE))
    for name in (ATTENDANCE_FILE, SURVEY_FILE):
        (kit.root / name).unlink(missing_ok=True)
    merge_records(kit.root / ATTENDANCE_FILE, COLUMNS, attendance, key=lambda c: (c[0], c[1].casefold()),
                  optional=LATER_COLUMNS)
    merge_records(kit.root / SURVEY_FILE, STORED, cards, key=lambda c: (c[0], c[1]))


def tick(rng: random.Random, question, right: float) -> str:
    """The letter a resident ticks: mostly right with probability ``right``, sometimes nothing."""
    if rng.random() < 0.04:
        return ""
    if rng.random() < right:
        return question.answer
    return rng.choice([letter for letter in LETTERS[:len(question.options)] if letter != question.answer])


if __name__ == "__main__":
    write_sample(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "events" / "example")
