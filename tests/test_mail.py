"""Invitations to the talks: MIME structure, readable text, one neighbor per message, updates and cancellations,
real SMTP. The groups' regular meetings are never invited to."""

from __future__ import annotations

import csv
import json
import re
from email import message_from_bytes, policy
from pathlib import Path

import pytest

from icscheck import (expand_ical_js, expand_recurring_ical_events, expand_vobject, expected_starts, lint,
                      require_ical_js, unfold)
from kit import calendar as cal
from kit.events import load_season
from kit.mail import roster_address_problems, write_invitations
from kit.profile import load_profile

ORGANIZER = "blockwatch@lakeview.example.org"


def neighbors(kit: Path, group: str | None = None) -> list[tuple[str, str]]:
    """(group id, e-mail) of every resident who agreed to be contacted."""
    season = load_season(load_profile(kit))
    return [(g.id, r.email) for g in season.groups if group in (None, g.id)
            for r in season.residents(g.id) if r.ok_to_contact]


def invitable(kit: Path) -> int:
    """Messages for a fresh kit: each neighbor gets their group's talk, and nothing for its meetings."""
    season = load_season(load_profile(kit))
    per_group = {g.id: sum(t.group.id == g.id for t in season.talks()) for g in season.groups}
    return sum(per_group[group] for group, _ in neighbors(kit))


def talk_of(kit: Path, group: str):
    return load_season(load_profile(kit)).talk(f"{group}-talk-2027")


def run_folder(out: Path, before: set | None = None) -> Path | None:
    """The dated folder the last run made in ``out`` (None when it made none)."""
    made = sorted(set(out.iterdir()) - (before or set())) if out.is_dir() else []
    assert len(made) <= 1, made
    return made[0] if made else None


def invite_out(cli, kit: Path, out: Path, *extra, code: int = 0):
    before = set(out.iterdir()) if out.is_dir() else set()
    result = cli("events", "invite", "--out", out, "--kit", kit, *extra)
    assert result.exit_code == code, result.output
    folder = run_folder(out, before)
    return sorted(folder.glob("*.eml")) if folder else []


def parse(path_or_bytes):
    data = path_or_bytes.read_bytes() if isinstance(path_or_bytes, Path) else path_or_bytes
    return data, message_from_bytes(data, policy=policy.default)


def calendar_part(message):
    """Google's structure: mixed { alternative { plain, html, calendar (last, rule 8) }, invite.ics }."""
    assert message.get_content_type() == "multipart/mixed"
    body, attachment = message.iter_parts()
    assert body.get_content_type() == "multipart/alternative"
    parts = list(body.iter_parts())
    assert [p.get_content_type() for p in parts] == ["text/plain", "text/html", "text/calendar"]
    assert attachment.get_content_type() == "application/ics" and attachment.get_filename() == "invite.ics"
    assert attachment.get_content_disposition() == "attachment"
    assert attachment.get_payload(decode=True) == parts[-1].get_payload(decode=True)
    return parts[-1]


def readable(message) -> tuple[str, str]:
    """The plain text and the HTML part as text, spaces made plain (dates use thin and narrow spaces)."""
    plain = message.get_body(("plain",)).get_content()
    html = re.sub(r"<[^>]+>", " ", message.get_body(("html",)).get_content()).replace("&#39;", "'")
    return tuple(re.sub(r"[\s\u2009\u202f]+", " ", text).strip() for text in (plain, html))


def fact(text: str, label: str, value: str) -> bool:
    """'When: ...' in the plain text, 'When ...' in the HTML table."""
    return re.search(rf"{label}:? {re.escape(value)}", text) is not None


def check_message(data: bytes, message, email: str, method: str) -> bytes:
    """Rules 7, 8, 9, 16 on one message; returns the calendar bytes."""
    assert b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")
    assert data.count(b"MIME-Version") == 1  # the parts do not repeat it
    part = calendar_part(message)
    assert part.get_param("method") == method and part.get_content_charset() == "utf-8"
    ics = part.get_payload(decode=True)
    assert b"\r\r\n" not in ics
    assert lint(ics, method=method) == []
    lines = unfold(ics)
    assert f"METHOD:{method}" in lines
    assert message["From"].addresses[0].addr_spec == ORGANIZER
    organizer = [line for line in lines if line.startswith("ORGANIZER")]
    assert organizer and organizer[0].endswith(f":mailto:{ORGANIZER}")
    attendees = [line for line in lines if line.startswith("ATTENDEE")]
    assert len(attendees) == 1 and attendees[0].endswith(f":mailto:{email}")
    assert ("RSVP=TRUE" in attendees[0]) == (method == "REQUEST")
    assert len(message["To"].addresses) == 1 and message["To"].addresses[0].addr_spec == email
    return ics


def sequence_of(ics: bytes) -> int:
    return int(next(line for line in unfold(ics) if line.startswith("SEQUENCE:")).split(":")[1])


def to_of(path: Path) -> str:
    return parse(path)[1]["To"].addresses[0].addr_spec


def test_one_message_per_neighbor_with_the_right_structure(example_kit, cli, tmp_path):
    files = invite_out(cli, example_kit, tmp_path / "out")
    assert len(files) == invitable(example_kit) == len(neighbors(example_kit))  # one talk each, no meeting
    everyone = {email for _, email in neighbors(example_kit)}
    assert {to_of(p) for p in files} == everyone
    assert {p.name.split(".")[0] for p in files} == {t.id for t in load_season(load_profile(example_kit)).talks()}
    for path in files[::7]:
        data, message = parse(path)
        ics = check_message(data, message, to_of(path), "REQUEST")
        assert sequence_of(ics) == 0
        assert message["Subject"].startswith(("Invitation: ", "Invitación: "))  # columbine-park: Spanish


def test_residents_without_consent_get_nothing(example_kit, cli, tmp_path):
    season = load_season(load_profile(example_kit))
    refused = [r.email for rs in season.rosters.values() for r in rs if not r.ok_to_contact]
    assert refused
    files = invite_out(cli, example_kit, tmp_path / "out")
    assert not [p for p in files if any(email in p.name for email in refused)]


def test_each_run_writes_its_own_folder_and_a_rerun_sends_nothing(example_kit, cli, tmp_path):
    out = tmp_path / "outbox"
    first = invite_out(cli, example_kit, out)
    result = cli("events", "invite", "--out", out, "--kit", example_kit)
    assert "nothing to send" in result.stdout and len(list(out.iterdir())) == 1  # no empty folder either
    cli("events", "cancel", "old-town-2027-08-21", "--kit", example_kit)  # a meeting without the talk: nothing
    assert "nothing to send" in cli("events", "invite", "--out", out, "--kit", example_kit).stdout
    cli("events", "cancel", talk_of(example_kit, "old-town").meeting, "--kit", example_kit)
    second = invite_out(cli, example_kit, out)
    folders = sorted(out.iterdir())
    assert len(folders) == 2 and first[0].parent == folders[0] and second[0].parent == folders[1]
    assert {p.name.split(".")[1] for p in second} == {"cancel"}
    assert re.fullmatch(r"\d{4}-\d\d-\d\d-\d{6}(-\d+)?", folders[1].name)


# ---------------------------------------------------------------- what a person reads


def test_invitation_says_when_where_and_who(example_kit, cli, tmp_path):
    files = invite_out(cli, example_kit, tmp_path / "out", "--session", "aspen-hollow-talk-2027")
    assert len(files) == len(neighbors(example_kit, "aspen-hollow"))
    _, message = parse(files[0])
    assert message["Subject"] == "Invitation: Aspen Hollow Block Watch, Mon, May 3, 2027"
    for text in readable(message):
        assert "You are invited to a block-watch meeting of Aspen Hollow Block Watch." in text
        assert fact(text, "What", "Aspen Hollow Block Watch: Child sex and labor trafficking: what neighbors can do")
        assert fact(text, "When", "Monday, May 3, 2027, 6:30 – 8:00 PM Mountain Time")
        assert "Dates" not in text  # one evening, not the group's every meeting
        assert fact(text, "Where", "Lakeview Public Library, Community Room, 410 Harbor Street, Lakeview, CO")
        assert fact(text, "Who", "Officer Dana Okafor, Community Liaison Officer, Lakeview PD")
        assert "invite.ics" in text and "(303) 555-0142" in text and "911" in text


def test_update_says_what_changed(example_kit, cli, tmp_path):
    invite_out(cli, example_kit, tmp_path / "first")
    path = example_kit / "events" / "sessions.toml"
    path.write_text(path.read_text().replace("start = 2027-01-05T18:30:00", "start = 2027-01-05T19:00:00"))
    files = invite_out(cli, example_kit, tmp_path / "second")
    assert len(files) == len(neighbors(example_kit, "birch-terrace"))
    _, message = parse(files[0])
    assert message["Subject"] == "Updated: Birch Terrace Block Watch, Tue, Apr 6, 2027"
    for text in readable(message):
        assert "The block-watch meeting of Birch Terrace Block Watch has changed." in text
        assert fact(text, "Time", "was 6:30 – 7:30 PM, now 7:00 – 8:00 PM")
        assert fact(text, "When", "Tuesday, April 6, 2027, 7:00 – 8:00 PM Mountain Time")


def test_a_called_off_meeting_cancels_the_talk_at_it_with_its_date_and_reason(example_kit, cli, tmp_path):
    invite_out(cli, example_kit, tmp_path / "first")
    reason = "Library closed for repairs; moved to May 8"
    assert cli("events", "cancel", "aspen-hollow-2027-05-03", "--reason", reason, "--kit", example_kit).exit_code == 0
    files = invite_out(cli, example_kit, tmp_path / "second")
    assert len(files) == len(neighbors(example_kit, "aspen-hollow"))
    _, message = parse(files[0])
    assert message["Subject"] == "Cancelled: Aspen Hollow Block Watch, Mon, May 3, 2027"
    for text in readable(message):
        assert "The block-watch meeting of Aspen Hollow Block Watch on Monday, May 3, 2027 is cancelled." in text
        assert fact(text, "When", "Monday, May 3, 2027, 6:30 – 8:00 PM Mountain Time")
        assert fact(text, "Reason", reason)
    lines = unfold(calendar_part(message).get_payload(decode=True))
    assert ("SUMMARY:Cancelled: Aspen Hollow Block Watch: Child sex and labor trafficking: what neighbors can do"
            in lines)
    assert "COMMENT:Library closed for repairs\\; moved to May 8" in lines


def test_a_whole_series_called_off_cancels_the_talk(example_kit, cli, tmp_path):
    invite_out(cli, example_kit, tmp_path / "first")
    cli("events", "cancel", "cedar-bluff-series", "--reason", "Group disbanded", "--kit", example_kit)
    files = invite_out(cli, example_kit, tmp_path / "second")
    assert len(files) == len(neighbors(example_kit, "cedar-bluff"))
    data, message = parse(files[0])
    check_message(data, message, to_of(files[0]), "CANCEL")
    assert message["Subject"] == "Cancelled: Cedar Bluff Block Watch, Wed, May 5, 2027"
    assert "UID:cedar-bluff-talk-2027@lakeview.example.org" in unfold(calendar_part(message).get_payload(decode=True))
    for text in readable(message):
        assert fact(text, "Reason", "Group disbanded")


def test_a_neighbor_added_after_a_change_gets_an_invitation_not_an_update(example_kit, cli, tmp_path):
    invite_out(cli, example_kit, tmp_path / "first")
    path = example_kit / "events" / "sessions.toml"
    path.write_text(path.read_text().replace("start = 2027-01-05T18:30:00", "start = 2027-01-05T19:00:00"))
    roster = example_kit / "events" / "rosters" / "birch-terrace.csv"
    roster.write_text(roster.read_text() + "Newcomer Neighbor,new.neighbor@example.org,,,yes\n")
    files = invite_out(cli, example_kit, tmp_path / "second")
    subjects = {to_of(f): parse(f)[1]["Subject"] for f in files}
    assert subjects.pop("new.neighbor@example.org").startswith("Invitation: ")
    assert subjects and all(subject.startswith("Updated: ") for subject in subjects.values())


@pytest.mark.parametrize("name", ["José Núñez – Enlace Comunitario, Lakeview PD", "O'Brien, Zoë", 'Zoë "Zee" O\'Brien',
                                  "Renée; Test", "Ana Peña (Apt. 3)", "Ana Peña <coordinator>", 'Café "Central", Ltd'])
def test_every_name_stays_one_address(example_kit, cli, tmp_path, name):
    kit_toml = example_kit / "kit.toml"
    kit_toml.write_text(kit_toml.read_text().replace('name = "Lakeview PD Community Liaison Unit"',
                                                     f"name = {json.dumps(name, ensure_ascii=False)}"))
    roster = example_kit / "events" / "rosters" / "old-town.csv"
    with roster.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([("name", "email", "ok_to_contact"), (name, "zoe@example.net", "yes")])
    files = invite_out(cli, example_kit, tmp_path / "out", "--session", "old-town-talk-2027")
    data, message = parse(files[0])
    check_message(data, message, "zoe@example.net", "REQUEST")
    assert not message["From"].defects and not message["To"].defects
    assert [(a.display_name, a.addr_spec) for a in message["From"].addresses] == [(name, ORGANIZER)]
    assert [(a.display_name, a.addr_spec) for a in message["To"].addresses] == [(name, "zoe@example.net")]


def test_a_long_subject_in_any_script_keeps_every_space(example_kit, cli, tmp_path):
    name = "Vecinos de José Núñez – Peña Blanca 🚸 東京 Ñandú 👨‍👩‍👧‍👦 Biblioteca, Piso 2, Ala Norte y Calle Ñandú 12"
    groups = example_kit / "events" / "groups.toml"
    groups.write_text(groups.read_text().replace('name = "Old Town Block Watch"',
                                                 f"name = {json.dumps(name, ensure_ascii=False)}"))
    files = invite_out(cli, example_kit, tmp_path / "out", "--session", "old-town-talk-2027")
    data, message = parse(files[0])
    assert message["Subject"] == f"Invitation: {name}, Tue, Feb 16, 2027"
    assert max(len(line) for line in data.split(b"\r\n")[:12]) <= 78


def test_addresses_no_server_takes_are_skipped_and_named(example_kit, cli, tmp_path):
    roster = example_kit / "events" / "rosters" / "old-town.csv"
    roster.write_text("name,email,ok_to_contact\nJosé,josé@example.net,yes\nIda,ida@exámple.net,yes\n"
                      "Ann,ann@example.net,yes\n")
    season = load_season(load_profile(example_kit))
    assert [(group, resident.email) for group, resident, _ in roster_address_problems(season)] == [
        ("old-town", "josé@example.net")]
    out = tmp_path / "out"
    result = cli("events", "invite", "--out", out, "--session", "old-town-talk-2027", "--kit", example_kit)
    assert result.exit_code == 4 and result.stderr.count("\n") == 1
    assert "josé@example.net (the part before the @ has letters outside plain ASCII" in result.stderr
    files = sorted(run_folder(out).glob("*.eml"))
    assert sorted(to_of(f) for f in files) == ["ann@example.net", "ida@xn--exmple-qta.net"]
    data, message = parse(next(f for f in files if "ida@" in f.name))
    check_message(data, message, "ida@xn--exmple-qta.net", "REQUEST")


# ---------------------------------------------------------------- updates and cancellations


def test_a_changed_meeting_time_updates_the_talk_with_same_uid_and_higher_sequence(example_kit, cli, tmp_path):
    invite_out(cli, example_kit, tmp_path / "first")
    path = example_kit / "events" / "sessions.toml"
    path.write_text(path.read_text().replace("start = 2027-01-05T18:30:00", "start = 2027-01-05T18:00:00"))
    files = invite_out(cli, example_kit, tmp_path / "second")
    assert len(files) == len(neighbors(example_kit, "birch-terrace"))
    for file in files:
        data, message = parse(file)
        ics = check_message(data, message, to_of(file), "REQUEST")
        assert "UID:birch-terrace-talk-2027@lakeview.example.org" in unfold(ics)
        assert sequence_of(ics) == 1
        assert "DTSTART;TZID=America/Denver:20270406T180000" in unfold(ics)
        event = unfold(ics)[unfold(ics).index("BEGIN:VEVENT"):]
        assert not [line for line in event if line.startswith(("RRULE", "EXDATE"))]  # a talk is one evening


def test_only_the_meeting_that_holds_the_talk_sends_a_cancel(example_kit, cli, tmp_path):
    invite_out(cli, example_kit, tmp_path / "first")
    assert cli("events", "cancel", "aspen-hollow-2027-03-01", "--kit", example_kit).exit_code == 0  # no talk there
    assert "nothing to send" in cli("events", "invite", "--out", tmp_path / "x", "--kit", example_kit).stdout
    assert cli("events", "cancel", "aspen-hollow-2027-05-03", "--kit", example_kit).exit_code == 0  # the talk's
    files = invite_out(cli, example_kit, tmp_path / "second")
    assert len(files) == len(neighbors(example_kit, "aspen-hollow"))
    for file in files:
        data, message = parse(file)
        ics = check_message(data, message, to_of(file), "CANCEL")
        lines = unfold(ics)
        assert "UID:aspen-hollow-talk-2027@lakeview.example.org" in lines
        assert "STATUS:CANCELLED" in lines and sequence_of(ics) == 1
        assert not [line for line in lines if line.startswith("RECURRENCE-ID")]
        assert expand_recurring_ical_events(ics) == {"aspen-hollow-talk-2027@lakeview.example.org":
                                                     ["2027-05-04T00:30:00Z"]}
    assert "nothing to send" in cli("events", "invite", "--out", tmp_path / "third", "--kit", example_kit).stdout
    assert not (tmp_path / "third").exists()


def test_a_cancelled_talk_sends_cancel(example_kit, cli, tmp_path):
    invite_out(cli, example_kit, tmp_path / "first")
    cli("events", "cancel", "old-town-talk-2027", "--kit", example_kit)
    files = invite_out(cli, example_kit, tmp_path / "second")
    assert len(files) == len(neighbors(example_kit, "old-town"))
    for file in files:
        data, message = parse(file)
        ics = check_message(data, message, to_of(file), "CANCEL")
        assert "UID:old-town-talk-2027@lakeview.example.org" in unfold(ics)
        assert sequence_of(ics) == 1
        assert message["Subject"] == "Cancelled: Old Town Block Watch, Tue, Feb 16, 2027"


def test_two_cancelled_talks_go_out_once_each(example_kit, cli, tmp_path, smtp_server):
    invite_out(cli, example_kit, tmp_path / "first")
    cli("events", "cancel", "aspen-hollow-talk-2027", "--kit", example_kit)
    cli("events", "cancel", "birch-terrace-talk-2027", "--kit", example_kit)
    total = len(neighbors(example_kit, "aspen-hollow")) + len(neighbors(example_kit, "birch-terrace"))
    smtp_server.refuse_from = 1
    failed = cli("events", "invite", "--smtp", smtp_server.address, "--kit", example_kit)
    assert failed.exit_code == 2 and f"sent 1 of {total} messages" in failed.stderr
    smtp_server.refuse_from = None
    assert cli("events", "invite", "--smtp", smtp_server.address, "--kit", example_kit).exit_code == 0
    sent = [(rcpt[0], _uid(data)) for _, rcpt, data in smtp_server.messages]
    assert len(sent) == total == len(set(sent))  # every neighbor of both groups, none twice
    assert "nothing to send" in cli("events", "invite", "--smtp", smtp_server.address, "--kit", example_kit).stdout


def test_uncancel_reinvites(example_kit, cli, tmp_path):
    invite_out(cli, example_kit, tmp_path / "first")
    cli("events", "cancel", "aspen-hollow-2027-05-03", "--kit", example_kit)
    invite_out(cli, example_kit, tmp_path / "second")
    (example_kit / "events" / "cancelled.toml").unlink()
    files = invite_out(cli, example_kit, tmp_path / "third")
    assert files and all(".request." in f.name for f in files)
    message = parse(files[0])[1]
    ics = calendar_part(message).get_payload(decode=True)
    assert sequence_of(ics) == 2 and "STATUS:CONFIRMED" in unfold(ics)
    assert "DTSTART;TZID=America/Denver:20270503T183000" in unfold(ics)
    assert message["Subject"] == "Invitation: Aspen Hollow Block Watch, Mon, May 3, 2027"


def test_deleted_event_and_removed_neighbor_get_cancels(example_kit, cli, tmp_path):
    invite_out(cli, example_kit, tmp_path / "first")
    drop_talk(example_kit, "old-town")
    roster = example_kit / "events" / "rosters" / "aspen-hollow.csv"
    lines = roster.read_text().splitlines()
    removed = lines.pop(1).split(",")[1]
    roster.write_text("\n".join(lines) + "\n")
    files = invite_out(cli, example_kit, tmp_path / "second")
    names = sorted(f.name for f in files)
    assert f"aspen-hollow-talk-2027.cancel.{removed}.eml" in names
    gone = parse(next(f for f in files if f.name == f"aspen-hollow-talk-2027.cancel.{removed}.eml"))[1]
    assert gone["Subject"] == "Removed from your calendar: Aspen Hollow Block Watch"
    deleted = [f for f in files if f.name.startswith("old-town-talk-2027.cancel.")]
    assert len(deleted) == len(neighbors(example_kit, "old-town"))
    for file in deleted:
        data, message = parse(file)
        ics = check_message(data, message, to_of(file), "CANCEL")
        assert sequence_of(ics) == 1 and "DTSTART;TZID=America/Denver:20270216T190000" in unfold(ics)
        assert fact(readable(message)[0], "When", "Tuesday, February 16, 2027, 7:00 – 8:00 PM Mountain Time")
    assert "nothing to send" in cli("events", "invite", "--out", tmp_path / "third", "--kit", example_kit).stdout


def test_a_deleted_talk_that_is_over_gets_no_cancel(example_kit, cli, tmp_path):
    """A past season's talks put away: nothing to take off anyone's calendar, so no message about them."""
    import datetime as dt

    from kit.mail import pending
    from kit.state import State

    invite_out(cli, example_kit, tmp_path / "first")
    drop_talk(example_kit, "old-town")  # on 2027-02-16, 19:00-20:00 MST
    profile = load_profile(example_kit)
    season, state = load_season(profile), State.load(profile)

    def cancelled(stamp: dt.datetime) -> set[str]:
        return {i.label for i in pending(profile, season, state, stamp=stamp).invitations if i.method == "CANCEL"}

    assert cancelled(dt.datetime(2027, 2, 17, 2, 59, tzinfo=dt.timezone.utc)) == {"old-town-talk-2027"}
    assert cancelled(dt.datetime(2027, 2, 17, 3, 1, tzinfo=dt.timezone.utc)) == set()


def test_cancel_of_a_deleted_event_keeps_its_own_zone_after_the_kit_moves(example_kit, cli, tmp_path):
    """F13: the VTIMEZONEs come from the TZIDs the events use, not from kit.toml."""
    invite_out(cli, example_kit, tmp_path / "first")
    drop_talk(example_kit, "old-town")
    kit_toml = example_kit / "kit.toml"
    kit_toml.write_text(kit_toml.read_text().replace('state = "CO"', 'state = "TX"')
                        .replace('timezone = "America/Denver"', 'timezone = "America/Chicago"')
                        .replace('[contacts.state_hotline]\n', '[contacts.state_hotline]\nlabel = "State hotline"\n'
                                 'accepts_trafficking = true\n'))
    files = invite_out(cli, example_kit, tmp_path / "second")
    deleted = next(f for f in files if f.name.startswith("old-town-talk-2027.cancel."))
    lines = unfold(calendar_part(parse(deleted)[1]).get_payload(decode=True))
    assert "DTSTART;TZID=America/Denver:20270216T190000" in lines
    assert [line for line in lines if line.startswith("TZID:")] == ["TZID:America/Denver"]
    moved = next(f for f in files if f.name.startswith("aspen-hollow-talk-2027.request."))
    lines = unfold(calendar_part(parse(moved)[1]).get_payload(decode=True))
    assert [line for line in lines if line.startswith("TZID:")] == ["TZID:America/Chicago"]


def test_one_talk_only(example_kit, cli, tmp_path):
    files = invite_out(cli, example_kit, tmp_path / "out", "--session", "old-town-talk-2027")
    assert {f.name.split(".")[0] for f in files} == {"old-town-talk-2027"}
    result = cli("events", "invite", "--out", tmp_path / "x", "--session", "old-town-talk-2072", "--kit", example_kit)
    assert result.exit_code == 2 and "did you mean 'old-town-talk-2027'" in result.stderr
    result = cli("events", "invite", "--out", tmp_path / "x", "--session", "old-town-2027-08-21", "--kit", example_kit)
    assert result.exit_code == 2 and result.stderr.strip() == (
        "error: 'old-town-2027-08-21' is a regular meeting, not a talk; the talk of old-town is 'old-town-talk-2027'; "
        "see 'blockwatch events list --talks'")
    assert not (tmp_path / "x").exists()


def test_dry_run_writes_a_preview_and_leaves_the_state_file_byte_for_byte(example_kit, cli, tmp_path):
    invite_out(cli, example_kit, tmp_path / "first")
    state = example_kit / ".blockwatch-state.json"
    before = state.read_bytes()
    cli("events", "cancel", talk_of(example_kit, "old-town").meeting, "--reason", "Storm", "--kit", example_kit)
    result = cli("events", "invite", "--dry-run", "--out", tmp_path / "preview", "--kit", example_kit)
    assert result.exit_code == 0, result.output
    assert "nothing sent or recorded" in result.stdout
    preview = run_folder(tmp_path / "preview")
    old_town = len(neighbors(example_kit, "old-town"))
    assert preview.name.startswith("preview-") and len(list(preview.glob("*.cancel.*.eml"))) == old_town
    assert state.read_bytes() == before
    assert len(invite_out(cli, example_kit, tmp_path / "real")) == old_town  # the preview counted as nothing


@pytest.fixture
def invitation_calendars(example_kit, tmp_path) -> dict[Path, dict[str, list[str]]]:
    """The calendar part of every invitation of the season, saved as .ics, with the meetings it must expand to."""
    profile = load_profile(example_kit)
    season = load_season(profile)
    expected = expected_starts(profile, season)
    files = {}
    for eml in write_invitations(profile, season, None, tmp_path / "eml"):
        ics = calendar_part(parse(eml)[1]).get_payload(decode=True)
        uid = next(line[4:] for line in unfold(ics) if line.startswith("UID:"))
        path = tmp_path / "ics" / f"{eml.stem}.ics"
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(ics)
        files[path] = {uid: expected[uid]}
    return files


def test_every_invitation_expands_alike_in_python_parsers(invitation_calendars):
    assert len(invitation_calendars) > 90
    for path, expected in invitation_calendars.items():
        assert expand_recurring_ical_events(path.read_bytes()) == expected, path
        assert expand_vobject(path.read_bytes()) == expected, path


def test_every_invitation_expands_alike_in_ical_js(invitation_calendars):
    require_ical_js()
    found = expand_ical_js(*invitation_calendars)
    for path, expected in invitation_calendars.items():
        assert found[str(path)] == expected, path


def test_demo_function_writes_every_invitation_without_state(example_kit, tmp_path):
    profile = load_profile(example_kit)
    paths = write_invitations(profile, load_season(profile), None, tmp_path / "demo")
    assert len(paths) == invitable(example_kit)
    assert not (example_kit / ".blockwatch-state.json").exists()


# ---------------------------------------------------------------- SMTP


def test_smtp_delivers_one_message_per_neighbor(example_kit, cli, smtp_server):
    result = cli("events", "invite", "--smtp", smtp_server.address, "--kit", example_kit)
    assert result.exit_code == 0, result.output
    assert len(smtp_server.messages) == invitable(example_kit)
    for mail_from, rcpt_tos, data in smtp_server.messages:
        assert mail_from == ORGANIZER and len(rcpt_tos) == 1
        data, message = parse(data)
        check_message(data, message, rcpt_tos[0], "REQUEST")
    again = cli("events", "invite", "--smtp", smtp_server.address, "--kit", example_kit)
    assert "nothing to send" in again.stdout and len(smtp_server.messages) == invitable(example_kit)


def test_smtp_login_with_password_from_environment(example_kit, cli, smtp_server, monkeypatch):
    monkeypatch.setenv("BLOCKWATCH_SMTP_PASSWORD", "letmein")
    result = cli("events", "invite", "--smtp", smtp_server.address, "--user", "organizer",
                 "--session", "old-town-talk-2027", "--kit", example_kit)
    assert result.exit_code == 0, result.output  # plain SMTP is allowed on this machine's loopback only
    assert smtp_server.logins == ["organizer"] and len(smtp_server.messages) == len(neighbors(example_kit, "old-town"))


def test_smtp_password_prompt_and_refused_login(example_kit, cli, smtp_server, monkeypatch):
    monkeypatch.delenv("BLOCKWATCH_SMTP_PASSWORD", raising=False)
    result = cli("events", "invite", "--smtp", smtp_server.address, "--user", "organizer", "--kit", example_kit,
                 input="wrong\n")
    assert result.exit_code == 2 and "refused the login for 'organizer'" in result.stderr
    assert not smtp_server.messages
    assert not _sent_records(example_kit)


def test_no_password_and_no_terminal_names_the_variable(example_kit, cli, smtp_server, monkeypatch):
    monkeypatch.delenv("BLOCKWATCH_SMTP_PASSWORD", raising=False)
    result = cli("events", "invite", "--smtp", smtp_server.address, "--user", "organizer", "--kit", example_kit)
    assert result.exit_code == 2
    assert result.stderr == ("error: no password given: set BLOCKWATCH_SMTP_PASSWORD (or run this in a terminal to be "
                             "asked)\n")
    assert not smtp_server.messages


def test_a_password_never_travels_in_clear(example_kit, cli, monkeypatch):
    monkeypatch.setenv("BLOCKWATCH_SMTP_PASSWORD", "letmein")
    result = cli("events", "invite", "--smtp", "mail.example.org:587", "--user", "organizer", "--kit", example_kit)
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert "would travel unencrypted to mail.example.org:587; add --starttls" in result.stderr
    assert not _sent_records(example_kit)


def test_starttls_then_login(example_kit, cli, starttls_smtp_server, monkeypatch):
    monkeypatch.setenv("BLOCKWATCH_SMTP_PASSWORD", "letmein")
    result = cli("events", "invite", "--smtp", starttls_smtp_server.address, "--starttls", "--user", "organizer",
                 "--session", "old-town-talk-2027", "--kit", example_kit)
    assert result.exit_code == 0, result.output
    assert starttls_smtp_server.logins == ["organizer"]
    assert len(starttls_smtp_server.messages) == len(neighbors(example_kit, "old-town"))


def test_implicit_tls_then_login(example_kit, cli, implicit_tls_smtp_server, monkeypatch):
    monkeypatch.setenv("BLOCKWATCH_SMTP_PASSWORD", "letmein")
    result = cli("events", "invite", "--smtp", implicit_tls_smtp_server.address, "--ssl", "--user", "organizer",
                 "--session", "old-town-talk-2027", "--kit", example_kit)
    assert result.exit_code == 0, result.output
    assert implicit_tls_smtp_server.logins == ["organizer"]
    assert len(implicit_tls_smtp_server.messages) == len(neighbors(example_kit, "old-town"))


def test_server_that_wants_starttls_without_it(example_kit, cli, starttls_smtp_server, monkeypatch):
    monkeypatch.setenv("BLOCKWATCH_SMTP_PASSWORD", "letmein")
    result = cli("events", "invite", "--smtp", starttls_smtp_server.address, "--user", "organizer",
                 "--kit", example_kit)
    line = result.stderr.strip()
    assert result.exit_code == 2 and "\n" not in line
    assert "add --starttls" in line and "nothing was sent" in line
    assert not starttls_smtp_server.messages and not _sent_records(example_kit)


def test_failure_mid_batch_reports_and_rerun_sends_only_the_rest(example_kit, cli, smtp_server):
    total = invitable(example_kit)
    smtp_server.refuse_from = 10
    result = cli("events", "invite", "--smtp", smtp_server.address, "--kit", example_kit)
    assert result.exit_code == 2
    assert f"sent 10 of {total} messages" in result.stderr and "451" in result.stderr
    assert result.stdout.count("REQUEST") == 10  # who was sent what
    assert len(_sent_records(example_kit)) == 10
    smtp_server.refuse_from = None
    result = cli("events", "invite", "--smtp", smtp_server.address, "--kit", example_kit)
    assert result.exit_code == 0, result.output
    delivered = [(rcpt[0], _uid(data)) for _, rcpt, data in smtp_server.messages]
    assert len(delivered) == total == len(set(delivered))  # all sent, none twice


def test_refused_address_is_named_once_and_the_rest_still_go_out(example_kit, cli, smtp_server):
    total = invitable(example_kit)
    mistyped = next(email for group, email in neighbors(example_kit) if group == "old-town")  # 1 message: the talk
    smtp_server.unknown = {mistyped}
    result = cli("events", "invite", "--smtp", smtp_server.address, "--kit", example_kit)
    line = result.stderr.strip()
    assert result.exit_code == 4 and "\n" not in line
    assert f"sent {total - 1} of {total} messages; 1 neighbor(s) got nothing: {mistyped} (550 5.1.1 no such " \
           "mailbox)" in line
    assert line.count(mistyped) == 1 and "fix those addresses in the roster" in line
    assert len(smtp_server.messages) == total - 1 and all(rcpt != [mistyped] for _, rcpt, _ in smtp_server.messages)


def test_a_refusal_after_data_loses_no_neighbor_and_a_rerun_neither_resends_nor_stalls(example_kit, cli, smtp_server):
    total = invitable(example_kit)
    rejected = neighbors(example_kit)[1][1]
    smtp_server.reject_data = {rejected}
    result = cli("events", "invite", "--smtp", smtp_server.address, "--kit", example_kit)
    assert result.exit_code == 4, result.output
    assert f"sent {total - 1} of {total} messages" in result.stderr
    assert f"{rejected} (550 5.7.1 message content rejected)" in result.stderr
    assert len(smtp_server.messages) == total - 1 and smtp_server.rejected == [[rejected]]
    again = cli("events", "invite", "--smtp", smtp_server.address, "--kit", example_kit)
    assert again.exit_code == 4 and "sent 0 of 1 messages" in again.stderr
    assert f"{rejected} (refused before: 550 5.7.1 message content rejected)" in again.stderr
    assert len(smtp_server.messages) == total - 1 and len(smtp_server.rejected) == 1  # nothing resent
    smtp_server.reject_data = set()
    retried = cli("events", "invite", "--smtp", smtp_server.address, "--retry-refused", "--kit", example_kit)
    assert retried.exit_code == 0, retried.output
    assert [rcpt for _, rcpt, _ in smtp_server.messages[total - 1:]] == [[rejected]]


def test_a_refused_sender_stops_the_batch_and_marks_no_neighbor(example_kit, cli, smtp_server):
    smtp_server.refuse_sender = True
    result = cli("events", "invite", "--smtp", smtp_server.address, "--kit", example_kit)
    assert result.exit_code == 2 and "refused the sender" in result.stderr and "[organizer]" in result.stderr
    smtp_server.refuse_sender = False
    assert cli("events", "invite", "--smtp", smtp_server.address, "--kit", example_kit).exit_code == 0
    assert len(smtp_server.messages) == invitable(example_kit)


def test_unreachable_server(example_kit, cli):
    from conftest import free_port

    result = cli("events", "invite", "--smtp", f"127.0.0.1:{free_port()}", "--kit", example_kit)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: cannot use SMTP server") and "nothing was sent" in result.stderr
    assert not _sent_records(example_kit)


@pytest.mark.parametrize("args, message", [
    ((), "give --out DIR (write .eml files) or --smtp HOST:PORT (send)"),
    (("--smtp", "mail.example.org", "--out", "x"), "not both"),
    (("--smtp", "mail.example.org"), "the SMTP server must be HOST:PORT like smtp.example.org:587, not "
                                      "'mail.example.org'; check --smtp"),
    (("--smtp", "mail.example.org:465", "--ssl", "--starttls"), "not both"),
])
def test_bad_invite_arguments(example_kit, cli, args, message):
    result = cli("events", "invite", "--kit", example_kit, *args)
    assert result.exit_code == 2 and message in result.stderr


def drop_talk(kit: Path, group: str) -> None:
    """Take the group's talk out of bookings.toml, as a person editing the file would."""
    from kit.bookings import read_bookings, write_bookings

    path = kit / "events" / "bookings.toml"
    write_bookings(path, [t for t in read_bookings(path, presenters=None) if t.group != group])


def _sent_records(kit: Path) -> list:
    path = kit / ".blockwatch-state.json"
    if not path.exists():
        return []
    objects = json.loads(path.read_text())["objects"]
    return [(uid, email) for uid, record in objects.items() for email in record.get("sent", {})]


def _uid(data: bytes) -> str:
    ics = calendar_part(parse(data)[1]).get_payload(decode=True)
    return next(line for line in unfold(ics) if line.startswith("UID:"))


def test_uids_are_derived_from_the_agency_host(example_kit):
    profile = load_profile(example_kit)
    assert cal.uid_for(profile, "aspen-hollow-series") == "aspen-hollow-series@lakeview.example.org"
