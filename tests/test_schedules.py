"""``blockwatch events calendar``: each presenter's page (read back from the PDF) and .ics (parsed)."""

from __future__ import annotations

import re

import pytest
from icalendar import Calendar

from icscheck import expand_recurring_ical_events, lint, utc
from kit import calendar as cal
from kit.events import load_season
from kit.profile import load_profile
from printed import pdf_text


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    import shutil

    from typer.testing import CliRunner

    from cli import app
    from kit.resources import example_kit_path

    root = tmp_path_factory.mktemp("schedules")
    kit = root / "kit"
    shutil.copytree(example_kit_path(), kit)
    kit_toml = kit / "kit.toml"  # a fourth officer with no talk booked
    kit_toml.write_text(kit_toml.read_text().replace("[organizer]", '[[presenters]]\nid = "patel"\n'
                                                     'name = "Officer Ravi Patel"\n'
                                                     'email = "ravi.patel@lakeview.example.org"\n\n[organizer]'))
    result = CliRunner().invoke(app, ["events", "calendar", "--out", str(root / "out"), "--kit", str(kit)])
    assert result.exit_code == 0, result.output
    return kit, root / "out", result.stdout


def words(text: str) -> str:
    return " ".join(text.replace("\u202f", " ").split())


def test_one_page_and_one_calendar_per_presenter(written):
    kit, out, stdout = written
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [f"{p}.{ext}" for p in ("okafor", "reyes", "nguyen") for ext in ("html", "pdf", "ics")] +
        ["patel.html", "patel.pdf"])  # no talk, no calendar (an empty VCALENDAR is not valid)
    assert "wrote 11 files" in stdout


@pytest.mark.parametrize("presenter", ["okafor", "reyes", "nguyen"])
def test_the_page_lists_the_presenters_talks_and_availability(written, presenter):
    kit, out, _ = written
    profile = load_profile(kit)
    season = load_season(profile)
    talks = [t for t in season.talks() if t.presenter.id == presenter]
    text = words(pdf_text(out / f"{presenter}.pdf", layout=False))
    assert "Page 1 of 1" in text  # one page each
    assert f"{profile.presenter(presenter).name}: block-watch talks" in text
    for talk in talks:
        assert f"{talk.start:%B} {talk.start.day}, {talk.start:%Y}" in text, talk.id
        assert talk.group.name in text and talk.id in text and talk.group.coordinator.email in text
    others = [t for t in season.talks() if t.presenter.id != presenter]
    assert not [t.id for t in others if t.id in text]
    limit = profile.presenter(presenter).max_talks_per_week
    assert f"at most {limit} a week" in text
    okafor_away = "Monday, March 15, 2027 – Friday, March 19, 2027"  # a training week, as one span
    assert (okafor_away in text) == (presenter == "okafor")


def test_the_calendar_holds_the_presenters_talks_with_the_residents_uids(written):
    kit, out, _ = written
    profile = load_profile(kit)
    season = load_season(profile)
    for presenter in ("okafor", "reyes", "nguyen"):
        data = (out / f"{presenter}.ics").read_bytes()
        assert lint(data, method="PUBLISH") == []
        parsed = Calendar.from_ical(data)
        talks = [t for t in season.talks() if t.presenter.id == presenter]
        assert sorted(str(e["UID"]) for e in parsed.walk("VEVENT")) == sorted(cal.uid_for(profile, t.id) for t in talks)
        assert expand_recurring_ical_events(data) == {cal.uid_for(profile, t.id): [utc(t.start)] for t in talks}
        assert re.search(rf"NAME:{re.escape(profile.presenter(presenter).name)}: block-watch talks",
                         data.decode())


def test_a_presenter_with_no_talk_gets_a_page_that_says_so(written):
    _, out, _ = written
    text = words(pdf_text(out / "patel.pdf", layout=False))
    assert "No talks are booked for Officer Ravi Patel." in text
    assert "Monday, Tuesday, Wednesday, Thursday, Friday, Saturday, Sunday" in text and "no dates given" in text
