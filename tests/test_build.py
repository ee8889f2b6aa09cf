"""The season build end to end: files present, decks open, calendars parse, PDFs read; no change, no rebuild."""

import datetime as dt
import email
import json

import pytest
from icalendar import Calendar
from pptx import Presentation
from pypdf import PdfReader

from kit.build import MANIFEST
from kit.events import load_season
from kit.profile import load_profile
from kit.workspace import Kit

BEFORE_THE_SEASON = dt.datetime(2026, 12, 1, 9, 0)


def build_season(kit, out, **options):
    """A fresh Kit each time, as each run of ``blockwatch build`` opens the kit anew."""
    return Kit.open(kit).build_season(out, **options)


@pytest.fixture(scope="module")
def season_build(tmp_path_factory):
    import shutil

    from kit.resources import example_kit_path

    root = tmp_path_factory.mktemp("season")
    kit = root / "kit"
    shutil.copytree(example_kit_path(), kit)
    profile = load_profile(kit)
    now = BEFORE_THE_SEASON.replace(tzinfo=profile.zone)
    outcomes = build_season(kit, root / "out", now=now)
    return kit, root / "out", outcomes, now


def test_every_task_built(season_build):
    kit, out, outcomes, _ = season_build
    season = load_season(load_profile(kit))
    assert {o.key for o in outcomes} == {"calendar", "handouts"} | {f"group:{g.id}" for g in season.groups}
    assert all(o.status == "built" for o in outcomes), [o for o in outcomes if o.status != "built"]
    assert json.loads((out / MANIFEST).read_text()).keys() == {o.key for o in outcomes}


def test_each_group_gets_its_deck_with_its_next_session(season_build):
    kit, out, _, now = season_build
    season = load_season(load_profile(kit))
    for group in season.groups:
        first = min((s for s in season.sessions if s.group.id == group.id and not s.cancelled),
                    key=lambda s: s.start)
        title = " ".join(ph.text_frame.text for ph in Presentation(str(out / group.id / "deck.pptx")).slides[0]
                         .placeholders)
        assert f"{first.start:%B} {first.start.day}, {first.start:%Y}" in title, group.id
        assert group.venue.name in title and first.presenter.name in title
        assert "session details" not in title
        runsheet = (out / group.id / "deck-runsheet.md").read_text()
        assert f"| {first.start:%H:%M}-" in runsheet


def test_calendars_parse_and_cover_every_session(season_build):
    kit, out, _, _ = season_build
    season = load_season(load_profile(kit))
    for session in season.sessions:
        cal = Calendar.from_ical((out / "calendar" / "sessions" / f"{session.id}.ics").read_bytes())
        assert cal["METHOD"] == "PUBLISH"
    feed = Calendar.from_ical((out / "calendar" / "season.ics").read_bytes())
    assert len(feed.walk("VEVENT")) >= len(season.groups)


def test_invitations_are_one_per_neighbor(season_build):
    kit, out, _, _ = season_build
    season = load_season(load_profile(kit))
    group = next(g for g in season.groups if season.residents(g.id))
    messages = sorted((out / group.id / "invitations").glob("*.eml"))
    assert messages
    for path in messages:
        message = email.message_from_bytes(path.read_bytes())
        assert message["To"].count("@") == 1
        assert message.get_content_type() == "multipart/mixed"  # { alternative { text, html, calendar }, invite.ics }


def test_sheets_and_handouts_read_back(season_build):
    kit, out, _, _ = season_build
    season = load_season(load_profile(kit))
    group = season.groups[0]
    signup = next((out / group.id / "sheets").glob("*/signup.pdf"))
    text = "".join(page.extract_text() for page in PdfReader(str(signup)).pages)
    assert group.name in text
    handouts = sorted(p.name for p in (out / "handouts").glob("*.pdf"))
    assert len(handouts) == 3
    wallet = next((out / "handouts").glob("*wallet*.pdf"))
    assert "1-844-264-5437" in "".join(p.extract_text() for p in PdfReader(str(wallet)).pages)


def test_second_run_rebuilds_nothing_and_a_change_rebuilds_only_its_group(season_build):
    kit, out, _, now = season_build
    again = build_season(kit, out, now=now)
    assert {o.status for o in again} == {"skipped"}
    roster = next((kit / "events" / "rosters").glob("*.csv"))
    roster.write_text(roster.read_text() + "Test Neighbor,test.neighbor@example.org,,,yes\n")
    changed = build_season(kit, out, now=now)
    rebuilt = [o.key for o in changed if o.status == "built"]
    assert rebuilt == [f"group:{roster.stem}"]
    forced = build_season(kit, out, now=now, force=True)
    assert all(o.status == "built" for o in forced)


def test_command_line_lists_what_it_built_and_counts_the_rest(season_build, cli):
    kit, out, _, _ = season_build
    build_season(kit, out)  # today: whatever is stale is built here, not by the command below
    result = cli("build", "--kit", kit, "--out", out)
    assert result.exit_code == 0, result.output
    groups = len(load_season(load_profile(kit)).groups)
    assert result.stdout.strip() == f"0 built, {groups + 2} unchanged, 0 failed"


def test_a_later_day_rebuilds_only_the_groups_whose_next_meeting_is_over(season_build):
    kit, out, _, now = season_build
    build_season(kit, out, now=now)  # whatever an earlier test changed, built
    season = load_season(load_profile(kit))
    first = min(season.sessions, key=lambda s: s.end)
    next_day = build_season(kit, out, now=now + dt.timedelta(days=1))
    assert {o.status for o in next_day} == {"skipped"}
    after_first = build_season(kit, out, now=first.end + dt.timedelta(minutes=1))
    rebuilt = {o.key for o in after_first if o.status == "built"}
    assert rebuilt == {f"group:{s.group.id}" for s in season.sessions if s.end == first.end}
    moved_on = Presentation(str(out / first.group.id / "deck.pptx")).slides[0]
    assert f"{first.start:%B} {first.start.day}," not in " ".join(
        shape.text_frame.text for shape in moved_on.shapes if shape.has_text_frame)
    sheets = [folder.name for folder in (out / first.group.id / "sheets").iterdir()]
    assert len(sheets) == 1 and first.id not in sheets  # last meeting's sheets are gone, not left to print


def test_demo_writes_decks_and_the_season(tmp_path, cli):
    result = cli("demo", "--out", tmp_path)
    assert result.exit_code == 0, result.output
    assert len(list((tmp_path / "decks").glob("*.pptx"))) == 4
    assert (tmp_path / "season" / "calendar" / "season.ics").is_file()
    assert list((tmp_path / "season").glob("*/invitations/*.eml"))
    assert list((tmp_path / "season").glob("*/sheets/*/signup.pdf"))
    assert len(list((tmp_path / "season" / "handouts").glob("*.pdf"))) == 3
    assert sorted(path.name for path in (tmp_path / "report").iterdir()) == ["report.csv", "report.html", "report.pdf"]


def test_a_task_that_breaks_is_a_failed_outcome_with_its_traceback(monkeypatch, tmp_path):
    """D11: an unexpected error in one task fails that task, not the season (the others and the manifest go on)."""
    from kit.build import _run

    def broken(*args):
        raise ZeroDivisionError("not a KitError")

    monkeypatch.setattr("kit.build._do", broken)
    outcome = _run(None, "handouts", str(tmp_path), BEFORE_THE_SEASON, "digest")
    assert outcome.status == "failed" and outcome.error == "internal error: ZeroDivisionError: not a KitError"
    assert "Traceback (most recent call last)" in outcome.trace and "broken" in outcome.trace
