"""The season report: figures worked out from attendance and cards, its three files read back, and no names."""

from __future__ import annotations

import csv
import datetime as dt
import filecmp
import re
import shutil
from pathlib import Path

import pytest

from kit.events import Season
from kit.report import season_report
from kit.resources import example_kit_path
from kit.survey import StoredCard
from kit.workspace import Kit
from printed import pdf_text
from sampledata import write_sample


@pytest.fixture(scope="module")
def sample_kit(tmp_path_factory) -> Path:
    """The example kit with its sample data made afresh for its season (the committed files are these once the
    season has talks; see test_committed_sample_is_what_the_generator_writes)."""
    kit = tmp_path_factory.mktemp("report") / "kit"
    shutil.copytree(example_kit_path(), kit)
    write_sample(kit)
    return kit


@pytest.fixture(scope="module")
def written(sample_kit, tmp_path_factory) -> Path:
    from typer.testing import CliRunner

    from cli import app

    out = tmp_path_factory.mktemp("report-out")
    result = CliRunner().invoke(app, ["report", "--kit", str(sample_kit), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "wrote report.html, report.pdf, report.csv" in result.output
    return out


def rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def figure(out: Path, measure: str, section: str = "season", item: str = "all groups") -> str:
    [value] = [r["value"] for r in rows(out / "report.csv")
               if (r["section"], r["item"], r["measure"]) == (section, item, measure)]
    return value


def right_percent(cards: list[dict[str, str]], phase: str) -> float:
    """Worked out from the kit's survey.csv: the letters ticked against the right ones kept with each card."""
    marks = [(card[f"q{n}_{phase}"], card["key"][n - 1]) for card in cards
             for n in range(1, len(card["key"]) + 1) if card[f"q{n}_{phase}"]]
    return 100 * sum(given == key for given, key in marks) / len(marks)


def test_the_csv_counts_what_was_recorded(sample_kit, written):
    season = Kit.open(sample_kit).season
    talks = {s.id for s in season.sessions if s.recipe}
    came = [r for r in rows(sample_kit / "attendance.csv") if r["attended"] == "yes" and r["session_id"] in talks]
    cards = [r for r in rows(sample_kit / "survey.csv") if r["session_id"] in talks]
    held = {r["session_id"] for r in came}
    assert int(figure(written, "talks_planned")) == len(talks)
    assert int(figure(written, "talks_held")) == len(held) > 3
    assert int(figure(written, "attendance_total")) == len(came)
    assert int(figure(written, "residents_reached")) == len({(r["session_id"], r["name"]) for r in came})
    assert int(figure(written, "groups_reached")) == len({s.group.id for s in season.sessions if s.id in held})
    assert int(figure(written, "cards")) == len(cards) >= 20
    assert figure(written, "attendance_average") == f"{len(came) / len(held):.1f}"
    for phase in ("before", "after"):
        assert figure(written, f"right_{phase}_percent") == f"{right_percent(cards, phase):.1f}"
    assert float(figure(written, "right_after_percent")) > float(figure(written, "right_before_percent"))
    assert figure(written, "sample_data") == "yes" and figure(written, "few_figures") == "no"


def test_the_pdf_shows_the_headline_figures_and_percentages(sample_kit, written):
    text = " ".join(pdf_text(written / "report.pdf").split())
    held, planned = figure(written, "talks_held"), figure(written, "talks_planned")
    talks = {s.id for s in Kit.open(sample_kit).season.sessions if s.recipe}
    cards = [r for r in rows(sample_kit / "survey.csv") if r["session_id"] in talks]
    before, after = (f"{right_percent(cards, phase):.0f}" for phase in ("before", "after"))
    assert f"{held} of {planned} talks held ({figure(written, 'talks_cancelled')} cancelled" in text
    assert f"{figure(written, 'groups_reached')} of {figure(written, 'groups')} groups reached" in text
    assert f"{figure(written, 'residents_reached')} residents reached" in text
    assert f"{figure(written, 'attendance_average')} residents a talk on average (model: 20-25)" in text
    assert f"{before}% → {after}% right answers, before → after the talk, on {figure(written, 'cards')} cards" in text
    assert f"answered {before}% of the questions right before the talk and {after}% after it" in text
    assert "Sample data." in text and "In a minute" in text


def test_the_charts_are_svg_in_the_html_and_drawn_in_the_pdf(written):
    html = (written / "report.html").read_text(encoding="utf-8")
    for chart in ("attendance-by-group", "sessions-by-month", "before-after"):
        assert f'id="chart-{chart}"' in html
    assert "<script" not in html  # a printed report runs nothing ...
    assert not re.findall(r'(?:href|src)="(?:https?:)?//|url\((?:https?:)?//|@import', html)  # ... and fetches nothing
    text = " ".join(pdf_text(written / "report.pdf", layout=False).split())
    for words in ("Residents at talks, per group", "Talks per month", "Right answers, per question (%)",
                  "Before the talk", "After the talk", "1. A girl under 18 who says she is willing"):
        assert words in text


def test_no_roster_name_or_street_reaches_any_report_file(sample_kit, written):
    season = Kit.open(sample_kit).season
    private = {r.name for people in season.rosters.values() for r in people}
    private |= {r.street for people in season.rosters.values() for r in people if r.street}
    private |= {g.coordinator.name for g in season.groups}
    private |= {r[key] for r in rows(sample_kit / "attendance.csv") for key in ("name", "street") if r[key]}
    private |= {r["will_do"] for r in rows(sample_kit / "survey.csv") if r["will_do"]}
    assert len(private) > 100
    files = {"report.html": (written / "report.html").read_text(encoding="utf-8"),
             "report.csv": (written / "report.csv").read_text(encoding="utf-8-sig"),
             "report.pdf": " ".join(pdf_text(written / "report.pdf", layout=False).split())}
    for name, text in files.items():
        assert [words for words in private if words in text] == [], name


def test_few_cards_are_said_plainly(sample_kit, cli, tmp_path):
    first = min(s.start.date() for s in Kit.open(sample_kit).season.sessions if s.recipe)
    result = cli("report", "--kit", sample_kit, "--out", tmp_path, "--from", first, "--to", first)
    assert result.exit_code == 0, result.output
    assert figure(tmp_path, "few_figures") == "yes" and int(figure(tmp_path, "talks_held")) < 3
    text = " ".join(pdf_text(tmp_path / "report.pdf", layout=False).split())
    assert "too few to draw conclusions from" in text


def test_a_period_with_from_after_to_is_refused(sample_kit, cli, tmp_path):
    result = cli("report", "--kit", sample_kit, "--out", tmp_path, "--from", "2027-05-01", "--to", "2027-04-01")
    assert result.exit_code == 2 and "--from 2027-05-01 is after --to 2027-04-01" in result.output
    assert not (tmp_path / "report.pdf").exists()


def test_committed_sample_is_what_the_generator_writes(tmp_path):
    if not any(getattr(s, "is_talk", False) for s in Kit.open(example_kit_path()).season.sessions):
        pytest.skip("the example season has no talks yet: its committed sample data is for the talks of "
                    "events/bookings.toml (issue 17)")
    kit = tmp_path / "kit"
    shutil.copytree(example_kit_path(), kit)
    write_sample(kit)
    for name in ("attendance.csv", "survey.csv"):
        assert filecmp.cmp(kit / name, example_kit_path() / name, shallow=False), name


# ---- the figures, on a season made by hand --------------------------------------------------------

def attended(session_id: str, name: str, street: str = "", recorded: str = "2027-03-10") -> dict[str, str]:
    return {"session_id": session_id, "name": name, "street": street, "attended": "yes", "recorded": recorded}


def test_a_resident_is_a_name_and_a_street_within_a_group(sessions, example_profile):
    from dataclasses import replace

    other = replace(sessions[0], id="elm-2027-03", group=replace(sessions[0].group, id="elm", name="Elm"))
    season = Season(groups=(sessions[0].group, other.group), sessions=(*sessions, other))
    present = [attended("maple-2027-03", "Ana García", "Elm St"), attended("maple-2027-04", "ana garcía ", "Elm St"),
               attended("maple-2027-04", "Ana García", ""),  # the same Ana: the group's only Ana with a street
               attended("maple-2027-04", "Bo", "Oak St"), attended("maple-2027-03", "Bo", "Ash St"),
               attended("elm-2027-03", "Ana García", "Elm St"),  # another group: another resident
               {**attended("maple-2027-04", "Cy"), "attended": "no"}]
    report = season_report(season, present, [], Kit.open(example_kit_path()).library, zone=example_profile.zone)
    assert (report.residents, report.attendances) == (4, 6)
    assert [(g.name, g.residents, g.attendances, g.sessions.held) for g in report.groups] == [
        ("Maple Street Block Watch", 3, 5, 2), ("Elm", 1, 1, 1)]
    assert (report.sessions.planned, report.sessions.held, report.sessions.cancelled) == (4, 3, 1)
    assert report.average == 2.0 and not report.sample


def test_right_answers_and_the_period(sessions, example_profile):
    season = Season(groups=(sessions[0].group,), sessions=sessions)
    card = StoredCard("maple-2027-04", (("definitions-1", "B", "A", "B"), ("why-no-help-1", "A", "", "A")),
                      wrote_will_do=True, sample=True)
    library = Kit.open(example_kit_path()).library
    report = season_report(season, [], [card, card], library, zone=example_profile.zone)
    [first, second] = report.questions
    assert first.text.startswith("A girl under 18") and (first.before.percent, first.after.percent) == (0, 100)
    assert (second.before.answered, second.after.percent) == (0, 100)
    assert (report.before.percent, report.after.percent, report.cards, report.wrote_will_do) == (0, 100, 2, 2)
    assert report.sample and report.few and report.sessions.held == 1
    march = season_report(season, [], [card], library, zone=example_profile.zone, end=dt.date(2027, 3, 10))
    assert (march.sessions.planned, march.cards, march.end) == (1, 0, dt.date(2027, 3, 10))


def test_the_pdf_and_its_charts_are_set_in_the_kit_fonts_only(written):
    from printed import pdf_fonts

    assert pdf_fonts(written / "report.pdf") <= {"Blockwatch-Sans", "Blockwatch-Sans-Bold"}
