"""The knowledge check: questions in the modules, the before-and-after card, and its answers back in from a CSV."""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

import pytest

from kit.content import load_module
from kit.errors import ContentError, EventsError
from kit.events import Season
from kit.events.model import NO_LIMIT_HEAD_COUNT
from kit.plan import shortest_plan
from kit.resources import example_kit_path
from kit.runsheet import runsheet_markdown
from kit.survey import (MAX_QUESTIONS, SURVEY_FILE, card_questions, read_cards, record_survey, stored_cards,
                        write_survey_cards, write_survey_template)
from kit.workspace import Kit
from printed import page_sizes, pdf_text

ROOT = Path(__file__).parent.parent


@pytest.fixture(scope="module")
def library():
    return Kit.open(example_kit_path()).library


@pytest.fixture(scope="module")
def season(sessions):
    return Season(groups=(sessions[0].group,), sessions=sessions)


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


# ---- the questions -----------------------------------------------------------------------------

def test_every_builtin_recipe_asks_six_to_eight_questions_of_modules_it_always_keeps(library):
    for recipe_id in ("block-watch-60", "block-watch-45", "parents-caregivers", "first-reporters"):
        questions = card_questions(library, recipe_id)
        kept = {entry.module.id for entry in shortest_plan(library, library.recipe(recipe_id)).entries}
        assert 6 <= len(questions) <= MAX_QUESTIONS, recipe_id
        assert {q.id.rsplit("-", 1)[0] for q in questions} <= kept
        for question in questions:
            assert question.source in library.modules[question.id.rsplit("-", 1)[0]].sources


QUESTION = """---
id: extra
title: Extra
minutes: 2
optional: {optional}
sources: [iacp-2016]
checks:
  - question: Traffickers do not always use violence.
    options: [True, False]
    answer: True
    source: iacp-2016
---

## Extra slide

- Traffickers do not always use violence [@iacp-2016]
"""


@pytest.mark.parametrize("optional, asked", [(True, False), (False, True)])
def test_a_module_a_shortened_talk_may_drop_is_never_asked(example_kit, add_module, add_recipe, optional, asked):
    add_module(example_kit, "extra.md", QUESTION.format(optional=str(optional).lower()))
    add_recipe(example_kit, "short", ["definitions", "extra"])
    ids = [q.id for q in card_questions(Kit.open(example_kit).library, "short")]
    assert ids == ["definitions-1", "extra-1"] if asked else ["definitions-1"]


def test_unquoted_true_and_false_are_the_words(tmp_path):
    module = load_module(write(tmp_path / "extra.md", QUESTION.format(optional="true")))
    [question] = module.checks
    assert (question.options, question.answer, question.line) == (("True", "False"), "A", 8)


@pytest.mark.parametrize("old, new, message", [
    ("answer: True", "answer: Maybe", r"extra\.md:8: field 'checks\[0\]\.answer' is 'Maybe', which is not one of"),
    ("options: [True, False]", "options: [True]", r"field 'checks\[0\]\.options' must be 2 to 4 different answers"),
    ("source: iacp-2016\n---", "source: iacp-2016\n    sources: x\n---", r"unknown field 'checks\[0\]\.sources'"),
    ("source: iacp-2016\n---", "source: nowhere-2020\n---", r"nowhere-2020"),
])
def test_a_bad_question_names_its_file_line_and_field(example_kit, old, new, message):
    text = QUESTION.format(optional="true").replace(old, new)
    (example_kit / "slides").mkdir(exist_ok=True)
    path = write(example_kit / "slides" / "extra.md", text)
    with pytest.raises(ContentError, match=message):
        load_module(path)
        Kit.open(example_kit).library  # noqa: B018  (an unknown source is refused when the library loads)


def test_spanish_twins_ask_the_same_questions():
    english = {p.stem: load_module(p) for p in (ROOT / "slides").glob("*.md")}
    asked = {mid: module for mid, module in english.items() if module.checks}
    assert len(asked) >= 6
    for mid, module in asked.items():
        twin = load_module(ROOT / "slides" / "es" / f"{mid}.md")
        assert [(q.answer, q.source, len(q.options)) for q in twin.checks] == \
               [(q.answer, q.source, len(q.options)) for q in module.checks], mid
        assert [q.text for q in twin.checks] != [q.text for q in module.checks], f"{mid} is not translated"


def test_spanish_questions_use_no_banned_spanish_term():
    from kit.check.language import find_terms, load_banned_terms
    from kit.resources import data_path

    terms = load_banned_terms(data_path("banned-terms-es.yaml"))
    for path in sorted((ROOT / "slides" / "es").glob("*.md")):
        if path.name == "GLOSSARY.md":
            continue
        for question in load_module(path).checks:
            assert [m.found for text in (question.text, *question.options) for m in find_terms(text, terms)] == []


def test_check_lints_questions(example_kit, add_module, add_recipe, cli):
    bad = QUESTION.format(optional="false").replace(
        "    source: iacp-2016\n---",
        "    source: iacp-2016\n  - question: 1 in 3 children is a child prostitute.\n"
        "    options: [\"True\", \"False\"]\n    answer: \"False\"\n    source: co4kids-what-is\n---")
    add_module(example_kit, "extra.md", bad)
    add_recipe(example_kit, "short", ["definitions", "extra"])
    result = cli("check", "--kit", example_kit, "--today", "2027-01-01")
    lines = [line for line in result.output.splitlines() if "extra.md:12" in line]
    assert any("[unresolved-source]" in line and "'co4kids-what-is'" in line for line in lines), result.output
    assert any("[banned-term]" in line and "'child prostitute'" in line for line in lines), result.output
    assert any("[unsourced-number]" in line and "'1 in 3'" in line for line in lines), result.output
    assert "[knowledge-check] recipe 'short' asks 3 knowledge-check questions" in result.output
    assert "[knowledge-check]" not in cli("check", "--kit", example_kit_path(), "--today", "2027-01-01").output


# ---- the card ------------------------------------------------------------------------------------

@pytest.fixture(scope="module", params=["letter", "a4"])
def card(request, example_profile, library, sessions, tmp_path_factory) -> tuple[str, Path]:
    out = tmp_path_factory.mktemp(f"survey-{request.param}")
    write_survey_cards(example_profile, library, sessions[:1], out, paper=request.param, cards=3)
    return request.param, out / sessions[0].id / "survey.pdf"


def test_the_card_prints_two_a_page_on_letter_and_a4(card):
    paper, pdf = card
    assert page_sizes(pdf) == [{"letter": (612, 792), "a4": (595, 842)}[paper]] * 2  # 3 cards: two whole pages
    assert [re.findall(r"card (\d)", pdf_text(pdf, page)) for page in (1, 2)] == [["1", "2"], ["3", "4"]]


def test_the_card_reads_back_with_its_questions(card, library, sessions):
    _, pdf = card
    page = " ".join(pdf_text(pdf, 1, layout=False).split())
    for question in card_questions(library, sessions[0].recipe):
        assert page.count(question.text) == 2, question.text
        for option in question.options:
            assert option in page
    for words in (f"Session {sessions[0].id}", "Before the talk", "After the talk", "One thing I will do",
                  "No name, please.", "no card is traced to anyone", "Questions from: CO4Kids guide"):
        assert words in page


def test_a_meeting_without_a_talk_has_no_card(library, sessions):
    from dataclasses import replace

    with pytest.raises(EventsError, match="is a meeting with no talk"):
        write_survey_template(library, replace(sessions[0], recipe=""), Path("unused.csv"))


def test_runsheet_says_when_to_hand_out_and_collect_the_cards(library):
    text = runsheet_markdown(Kit.open(example_kit_path()).plan(), start=dt.time(18, 30), agency="A", presenter="P",
                             deck_name="talk.pptx")
    assert "before 18:30: hand out the before-and-after cards" in text
    assert "After the Q&A, at 19:30: ask everyone to tick the 'After' column" in text and "collect the cards" in text
    assert "move to the next slide, 'Where to report', and leave it up" in text  # the deck's order


# ---- results in ----------------------------------------------------------------------------------

def test_the_template_has_one_row_per_card(library, sessions, tmp_path):
    path = write_survey_template(library, sessions[0], tmp_path / "t.csv", cards=3)
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    questions = card_questions(library, sessions[0].recipe)
    assert rows[0] == ["session_id", "card"] + [f"q{n}_{p}" for n in range(1, len(questions) + 1)
                                                for p in ("before", "after")] + ["will_do"]
    assert [row[:2] for row in rows[1:]] == [[sessions[0].id, str(n)] for n in (1, 2, 3)]
    with pytest.raises(EventsError, match="is cancelled"):
        write_survey_template(library, sessions[2], tmp_path / "c.csv")


def test_a_room_with_no_seat_limit_gets_cards_for_a_full_group(library, sessions, tmp_path):
    from dataclasses import replace

    path = write_survey_template(library, replace(sessions[0], capacity=0), tmp_path / "t.csv")
    with open(path, encoding="utf-8-sig", newline="") as fh:
        assert len(list(csv.reader(fh))) == 1 + NO_LIMIT_HEAD_COUNT


def card_row(session_id: str, card: str, answers: list[str], will_do: str = "") -> str:
    return ",".join([session_id, card, *answers, will_do])


HEADER = "session_id,card," + ",".join(f"q{n}_{p}" for n in range(1, 9) for p in ("before", "after")) + ",will_do"


def test_recorded_cards_are_merged_with_letters_and_formulas_neutralized(example_kit, library, season, sessions):
    from kit.profile import load_profile

    profile = load_profile(example_kit)
    (example_kit / SURVEY_FILE).unlink(missing_ok=True)
    sid = sessions[0].id
    first = write(example_kit / "in.csv", "\n".join([
        HEADER,
        card_row(sid, "1", ["a", "B", "Someone grooms the child over time", "A"] + [""] * 12, "=1+1"),
        card_row(sid, "2", [""] * 16),  # an unused card
        card_row(sid, "3", ["B"] * 2 + [""] * 14, "Save the number"),
    ]) + "\n")
    result = record_survey(profile, season, library, first, today=dt.date(2027, 3, 10))
    assert (result.added, result.updated, result.sessions) == (2, 0, (sid,))
    again = write(example_kit / "again.csv", HEADER + "\n" + card_row(sid, "3", ["A", "A"] + [""] * 14) + "\n")
    assert (record_survey(profile, season, library, again).added, ) == (0,)
    with open(example_kit / SURVEY_FILE, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [(r["card"], r["q1_before"], r["q1_after"], r["q2_before"], r["will_do"]) for r in rows] == [
        ("1", "A", "B", "A", "'=1+1"), ("3", "A", "A", "", "")]
    cards = stored_cards(profile)
    assert cards[0].answers[0] == ("definitions-1", "B", "A", "B") and cards[0].wrote_will_do


@pytest.mark.parametrize("cells, problem", [
    (["{sid}x", "1", "A"], "column 'session_id': unknown session '{sid}x' (did you mean '{sid}'?)"),
    (["{cancelled}", "1", "A"], "column 'session_id' names session '{cancelled}', which was cancelled"),
    (["{sid}", "one", "A"], "column 'card' is 'one'; write the number printed on the card"),
    (["{sid}", "1", "D"], "column 'q1_before' is 'D'; write A or B (the box ticked for question 1)"),
    (["{sid}", "1", "", "", "", "", "C"], "column 'q3_before' is 'C'; write A or B"),
])
def test_a_bad_survey_csv_is_one_line_a_problem_and_exit_2(example_kit, cli, tmp_path, cells, problem):
    talks = [s for s in Kit.open(example_kit).season.sessions if s.recipe]
    ids = {"sid": next(s.id for s in talks if not s.cancelled), "cancelled": next(
        (s.id for s in talks if s.cancelled), None)}
    if "{cancelled}" in cells[0] and ids["cancelled"] is None:
        from kit.events import record_cancellation, events_dir

        kit = Kit.open(example_kit)
        ids["cancelled"] = talks[-1].id
        record_cancellation(events_dir(kit.profile), kit.season, ids["cancelled"], "", today=dt.date(2027, 1, 1))
    row = ",".join(cell.format(**ids) for cell in cells)
    source = write(tmp_path / "cards.csv", f"session_id,card,q1_before,q1_after,q2_before,q2_after,q3_before\n{row}\n")
    result = cli("survey", "record", source, "--kit", example_kit)
    assert result.exit_code == 2
    [line] = result.stderr.splitlines()
    assert line.startswith(f"error: {source}:2: {problem.format(**ids)}")


def test_every_problem_of_a_file_is_reported_and_nothing_recorded(example_kit, cli, tmp_path):
    sid = next(s.id for s in Kit.open(example_kit).season.sessions if s.recipe and not s.cancelled)
    before = (example_kit / SURVEY_FILE).read_bytes()
    source = write(tmp_path / "cards.csv", "session_id,card,q1_before,q1_after\n"
                                           f"{sid},1,A,Z\n{sid},1,B,A\nnope,2,A,A\n{sid},3,A,B\n")
    result = cli("survey", "record", source, "--kit", example_kit)
    assert result.exit_code == 2
    assert [line.split(": ", 2)[1] for line in result.stderr.splitlines()] == [
        f"{source}:2", f"{source}:3", f"{source}:4"]
    assert "is card 1 of session" in result.stderr and "also on line 2" in result.stderr
    assert (example_kit / SURVEY_FILE).read_bytes() == before


def test_read_cards_skips_unused_rows(library, season, sessions, tmp_path):
    source = write(tmp_path / "c.csv", HEADER + "\n" + card_row(sessions[0].id, "1", [""] * 16) + "\n")
    assert read_cards(source, season, library) == ()


def test_cards_are_printed_for_talks_not_cancelled(library, season, sessions):
    from dataclasses import replace

    from kit.survey import survey_sessions

    meeting = replace(sessions[1], id="maple-meeting", recipe="")
    with_meeting = replace(season, sessions=(*season.sessions, meeting))
    assert survey_sessions(with_meeting, None) == sessions[:2]
    assert survey_sessions(with_meeting, sessions[1].id) == (sessions[1],)
    with pytest.raises(EventsError, match="is cancelled"):
        survey_sessions(with_meeting, sessions[2].id)
    with pytest.raises(EventsError, match="did you mean 'maple-2027-04'"):
        survey_sessions(with_meeting, "maple-2027-4")


def test_cli_prints_cards_and_writes_the_template(example_kit, cli, tmp_path):
    talk = next(s for s in Kit.open(example_kit).season.sessions if s.recipe and not s.cancelled)
    printed = cli("sheets", "survey", "--session", talk.id, "--cards", "2", "--out", tmp_path / "print",
                  "--paper", "a4", "--kit", example_kit)
    assert printed.exit_code == 0, printed.output
    assert "wrote 2 files for 1 session(s)" in printed.output
    assert page_sizes(tmp_path / "print" / talk.id / "survey.pdf") == [(595, 842)]
    template = cli("survey", "template", "--session", talk.id, "--cards", "5", "--out", tmp_path / "cards.csv",
                   "--kit", example_kit)
    assert template.exit_code == 0, template.output
    assert f"then run 'blockwatch survey record {tmp_path / 'cards.csv'}'" in template.output
    with open(tmp_path / "cards.csv", encoding="utf-8-sig", newline="") as fh:
        assert len(list(csv.reader(fh))) == 1 + 5
    recorded = cli("survey", "record", tmp_path / "cards.csv", "--kit", example_kit)
    assert recorded.exit_code == 0  # every row unused
    assert "recorded 0 new, 0 updated and 0 unchanged cards" in recorded.output
