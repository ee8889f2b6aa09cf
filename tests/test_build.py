"""The season build end to end: each group's talk deck, sheets and invitations (talks only, never the regular
meetings); files present, decks open, calendars parse, PDFs read; no change, no rebuild."""

import datetime as dt
import email
import json
import re

from babel.dates import format_date
from icalendar import Calendar
from pptx import Presentation
from pypdf import PdfReader

from kit.build import MANIFEST, group_talk
from kit.shared import Shared, group_sheets, make
from kit.events import load_season
from kit.profile import load_profile
from kit.workspace import Kit

from conftest import BEFORE_THE_SEASON


def build_season(kit, out, **options):
    """A fresh Kit each time, as each run of ``blockwatch build`` opens the kit anew."""
    return Kit.open(kit).build_season(out, **options)


def test_every_task_built(season_build):
    kit, out, outcomes, _ = season_build
    season = load_season(load_profile(kit))
    assert {o.key for o in outcomes} == {"calendar", "handouts"} | {f"group:{g.id}" for g in season.groups}
    assert all(o.status == "built" for o in outcomes), [o for o in outcomes if o.status != "built"]
    assert json.loads((out / MANIFEST).read_text()).keys() == {o.key for o in outcomes}


def test_each_group_gets_its_talk_deck_with_the_booked_date_venue_and_presenter(season_build):
    kit, out, _, now = season_build
    season = load_season(load_profile(kit))
    presenters, later = set(), 0
    for group in season.groups:
        talk = next(t for t in season.talks() if t.group == group)
        later += talk.start > min(m.start for m in season.meetings() if m.group == group)
        title = " ".join(ph.text_frame.text for ph in Presentation(str(out / group.id / "deck.pptx")).slides[0]
                         .placeholders)
        # Babel's long date in the group's language: "April 1, 2027", or "1 de abril de 2027" in Spanish.
        locale = "es_US" if group.language == "es" else "en_US"
        assert format_date(talk.start, "long", locale=locale) in title, group.id
        assert group.venue.name in title and talk.presenter.name in title
        assert "session details" not in title
        runsheet = (out / group.id / "deck-runsheet.md").read_text()
        assert f"| {talk.start:%H:%M}-" in runsheet and talk.presenter.name in runsheet
        presenters.add(talk.presenter.id)
    assert presenters == {"okafor", "reyes", "nguyen"}
    assert later > 20  # the booked evening, not simply the group's next meeting


def test_each_group_gets_the_script_and_take_home_of_its_talk(season_build):
    """One group for each start time: a talk's scripts share one layout, each with its own clock times."""
    kit, out, _, now = season_build
    season = load_season(load_profile(kit))
    talks = {talk.start.time(): talk for talk in map(lambda g: group_talk(season, g.id, now), season.groups)
             if not talk.group.language}
    assert len(talks) > 2
    for start, talk in talks.items():
        pages = PdfReader(str(out / talk.group.id / "deck-script.pdf")).pages
        script = " ".join(" ".join(page.extract_text() for page in pages).split())
        assert f"Starts at {talk.start:%-I:%M %p}" in script and talk.presenter.name in script
        clocks = re.findall(r"minute (\d+)(?:-\d+)? · (\d+:\d\d [AP]M)", script)
        assert len(clocks) > 50  # one a slide
        begin = dt.datetime.combine(talk.start.date(), start)
        assert all(clock == f"{begin + dt.timedelta(minutes=int(minute)):%-I:%M %p}" for minute, clock in clocks)
        takehome = PdfReader(str(out / talk.group.id / "deck-takehome.pdf"))
        assert len(takehome.pages) <= 2 and "1-888-373-7888" in takehome.pages[-1].extract_text()
        assert "presenter's script for deck.pptx" in script  # the group's deck, not a file of the build's cache


def test_the_cache_holds_a_talk_and_take_home_per_presenter_and_a_script_per_start_time(season_build):
    """What the groups share is made once per kit version: the take-home for every start time of a talk alike."""
    kit, out, _, now = season_build
    season = load_season(load_profile(kit))
    talks = [group_talk(season, group.id, now) for group in season.groups]
    code = {t.id: t.group.language or "en" for t in talks}  # the example's Columbine Park speaks Spanish
    assert set(code.values()) == {"en", "es"}
    expected = {f"{t.recipe}-{t.presenter.id}-{code[t.id]}{end}" for t in talks for end in (".pptx", "-takehome.pdf")}
    expected |= {f"{t.recipe}-{t.presenter.id}-{code[t.id]}-{t.start:%H%M}-script.pdf" for t in talks}
    assert sorted(p.name.split("-", 1)[1] for p in (out / ".cache").iterdir()) == sorted(expected)
    assert len({t.start.time() for t in talks}) > 1  # so that scripts differ by start time


def test_calendars_parse_and_cover_every_talk(season_build):
    kit, out, _, _ = season_build
    season = load_season(load_profile(kit))
    assert sorted(p.stem for p in (out / "calendar" / "sessions").glob("*.ics")) == sorted(t.id for t in season.talks())
    for talk in season.talks():
        cal = Calendar.from_ical((out / "calendar" / "sessions" / f"{talk.id}.ics").read_bytes())
        assert cal["METHOD"] == "PUBLISH" and str(cal.walk("VEVENT")[0]["UID"]).startswith(talk.id + "@")
    feed = Calendar.from_ical((out / "calendar" / "season.ics").read_bytes())
    assert len(feed.walk("VEVENT")) == len(season.talks())


def test_invitations_are_one_per_neighbor_for_the_talk(season_build):
    kit, out, _, _ = season_build
    season = load_season(load_profile(kit))
    for group in season.groups:
        talk = next(t for t in season.talks() if t.group == group)
        names = sorted(p.name for p in (out / group.id / "invitations").glob("*.eml"))
        invited = sorted(r.email for r in season.residents(group.id) if r.ok_to_contact)
        assert names == sorted(f"{talk.id}.request.{email}.eml" for email in invited), group.id
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
    for group in season.groups:
        talk = next(t for t in season.talks() if t.group == group)
        assert [p.name for p in (out / group.id / "sheets").iterdir()] == [talk.id]  # the talk's, no meeting's
    group = season.groups[0]
    signup = next((out / group.id / "sheets").glob("*/signup.pdf"))
    text = "".join(page.extract_text() for page in PdfReader(str(signup)).pages)
    assert group.name in text
    handouts = sorted(p.name for p in (out / "handouts").glob("*.pdf"))
    assert len(handouts) == 3
    wallet = next((out / "handouts").glob("*wallet*.pdf"))
    assert "1-844-264-5437" in "".join(p.extract_text() for p in PdfReader(str(wallet)).pages)


def test_a_groups_task_takes_its_sheets_printed_with_the_other_groups(example_kit, tmp_path):
    """The groups' sheets are printed together, a batch a kind, and each group's task takes its own; a group
    whose sheets were not all printed so prints them itself."""
    kit = Kit.open(example_kit)
    now = BEFORE_THE_SEASON.replace(tzinfo=kit.profile.zone)
    talks = [group_talk(kit.season, group.id, now) for group in kit.season.groups[:3]]
    for kind in ("signup", "signin", "questions"):
        make(kit, tuple(Shared(kind, "", "", "en", session=talk.id) for talk in talks[:2]), tmp_path, "0" * 64)
    handed = {path.relative_to(tmp_path / ".cache" / "sheets"): path.read_bytes()
              for path in (tmp_path / ".cache" / "sheets").rglob("*.*")}
    assert len(handed) == 2 * 3 * 2
    for talk in talks:
        written = group_sheets(kit, talk, tmp_path / "sheets", tmp_path)
        assert sorted(path.relative_to(tmp_path / "sheets").as_posix() for path in written) == sorted(
            f"{talk.id}/{kind}.{suffix}" for kind in ("signup", "signin", "questions") for suffix in ("html", "pdf"))
        assert not (tmp_path / ".cache" / "sheets" / talk.id).exists()
        signup = tmp_path / "sheets" / talk.id / "signup.pdf"
        assert (signup.read_bytes() == handed.get(signup.relative_to(tmp_path / "sheets"))) == (talk != talks[2])
        text = "".join(page.extract_text() for page in PdfReader(signup).pages)
        assert talk.group.name in text and all(other.group.name not in text for other in talks if other != talk)


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


def test_a_later_day_rebuilds_nothing_and_a_moved_talk_only_its_group(season_build, cli):
    kit, out, _, now = season_build
    build_season(kit, out, now=now)  # whatever an earlier test changed, built
    season = load_season(load_profile(kit))
    first = min(season.talks(), key=lambda t: t.end)
    next_day = build_season(kit, out, now=now + dt.timedelta(days=1))
    assert {o.status for o in next_day} == {"skipped"}
    after_first = build_season(kit, out, now=first.end + dt.timedelta(minutes=1))
    assert {o.status for o in after_first} == {"skipped"}  # a group's one talk stays its deck once given
    assert cli("events", "cancel", first.meeting, "--kit", kit).exit_code == 0
    assert cli("events", "book", "--from", "2027-02-01", "--to", "2027-06-30", "--kit", kit).exit_code == 0
    moved = load_season(load_profile(kit)).talk(first.id)
    assert moved.start != first.start
    rebuilt = {o.key for o in build_season(kit, out, now=now) if o.status == "built"}
    assert rebuilt == {"calendar", f"group:{first.group.id}"}
    title = Presentation(str(out / first.group.id / "deck.pptx")).slides[0]
    shown = " ".join(shape.text_frame.text for shape in title.shapes if shape.has_text_frame)
    assert f"{moved.start:%B} {moved.start.day}," in shown and f"{first.start:%B} {first.start.day}," not in shown


def test_a_group_without_a_talk_gets_no_folder(season_build):
    from kit.bookings import read_bookings, write_bookings

    kit, out, _, now = season_build
    path = kit / "events" / "bookings.toml"
    before = path.read_text()
    talks = read_bookings(path, presenters=None)
    try:
        write_bookings(path, talks[1:])
        outcomes = {o.key: o for o in build_season(kit, out, now=now)}
        assert outcomes[f"group:{talks[0].group}"].status == "built"
        assert outcomes[f"group:{talks[0].group}"].outputs == ()
        assert not (out / talks[0].group).exists()  # last build's deck, sheets and invitations are gone too
    finally:
        path.write_text(before)
        build_season(kit, out, now=now)


def test_demo_writes_decks_and_the_season(tmp_path, cli):
    result = cli("demo", "--out", tmp_path)
    assert result.exit_code == 0, result.output
    decks = sorted((tmp_path / "decks").glob("*.pptx"))
    assert len(decks) == 4
    assert all(deck.with_name(f"{deck.stem}-{part}.pdf").is_file() for deck in decks for part in ("script", "takehome"))
    assert (tmp_path / "season" / "calendar" / "season.ics").is_file()
    assert list((tmp_path / "season").glob("*/invitations/*.eml"))
    assert list((tmp_path / "season").glob("*/sheets/*/signup.pdf"))
    assert len(list((tmp_path / "season" / "handouts").glob("*.pdf"))) == 3
    assert sorted(path.name for path in (tmp_path / "report").iterdir()) == ["report.csv", "report.html", "report.pdf"]
    assert result.output.splitlines()[-1].startswith(f"next: open {tmp_path / 'decks'} and {tmp_path / 'season'}")


def test_a_task_that_breaks_is_a_failed_outcome_with_its_traceback(monkeypatch, tmp_path):
    """D11: an unexpected error in one task fails that task, not the season (the others and the manifest go on)."""
    from kit.build import _run

    def broken(*args):
        raise ZeroDivisionError("not a KitError")

    monkeypatch.setattr("kit.build._do", broken)
    outcome = _run(None, "handouts", str(tmp_path), BEFORE_THE_SEASON, "digest")
    assert outcome.status == "failed" and outcome.error == "internal error: ZeroDivisionError: not a KitError"
    assert "Traceback (most recent call last)" in outcome.trace and "broken" in outcome.trace


def test_a_broken_slide_file_is_one_line_and_no_season_folder(cli, example_kit, tmp_path):
    (example_kit / "slides").mkdir(exist_ok=True)
    (example_kit / "slides" / "definitions.md").write_text("---\ntitle: [unclosed\n---\nText\n", encoding="utf-8")
    result = cli("build", "--kit", example_kit, "--out", tmp_path / "season")
    assert result.exit_code == 2
    [line] = result.stderr.splitlines()
    assert line.startswith("error: ") and "definitions.md:3: front matter is not valid YAML" in line, line
    assert not (tmp_path / "season").exists()
