"""Invitations: MIME structure, one neighbor per message, updates and cancellations, real SMTP delivery."""

from __future__ import annotations

import json
from email import message_from_bytes, policy
from pathlib import Path

import pytest

from icscheck import (expand_ical_js, expand_recurring_ical_events, expand_vobject, expected_starts, lint,
                      require_ical_js, unfold)
from kit import calendar as cal
from kit.events import load_season
from kit.mail import write_invitations
from kit.profile import load_profile

ORGANIZER = "blockwatch@lakeview.example.org"


def neighbors(kit: Path, group: str | None = None) -> list[tuple[str, str]]:
    """(group id, e-mail) of every resident who agreed to be contacted."""
    season = load_season(load_profile(kit))
    return [(g.id, r.email) for g in season.groups if group in (None, g.id)
            for r in season.residents(g.id) if r.ok_to_contact]


def invitable(kit: Path) -> int:
    """Messages for a fresh kit: each neighbor gets each series and one-off of their group."""
    season = load_season(load_profile(kit))
    per_group = {g.id: 1 + sum(s.group.id == g.id for s in season.one_offs()) for g in season.groups}
    return sum(per_group[group] for group, _ in neighbors(kit))


def invite_out(cli, kit: Path, out: Path, *extra):
    result = cli("events", "invite", "--out", out, "--kit", kit, *extra)
    assert result.exit_code == 0, result.output
    return sorted(out.glob("*.eml")) if out.is_dir() else []


def parse(path_or_bytes):
    data = path_or_bytes.read_bytes() if isinstance(path_or_bytes, Path) else path_or_bytes
    return data, message_from_bytes(data, policy=policy.default)


def calendar_part(message):
    parts = list(message.iter_parts())
    assert message.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in parts] == ["text/plain", "text/calendar"]  # calendar last (rule 8)
    return parts[-1]


def check_message(data: bytes, message, email: str, method: str) -> bytes:
    """Rules 7, 8, 9, 16 on one message; returns the calendar bytes."""
    assert b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")
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
    assert message["To"].addresses[0].addr_spec == email
    return ics


def sequence_of(ics: bytes) -> int:
    return int(next(line for line in unfold(ics) if line.startswith("SEQUENCE:")).split(":")[1])


def test_one_message_per_neighbor_with_the_right_structure(example_kit, cli, tmp_path):
    files = invite_out(cli, example_kit, tmp_path / "out")
    assert len(files) == invitable(example_kit)
    everyone = {email for _, email in neighbors(example_kit)}
    assert {parse(p)[1]["To"].addresses[0].addr_spec for p in files} == everyone
    for path in files[::7]:
        data, message = parse(path)
        email = message["To"].addresses[0].addr_spec
        ics = check_message(data, message, email, "REQUEST")
        assert sequence_of(ics) == 0
        assert message["Subject"].strip().startswith("Invitation: ")


def test_residents_without_consent_get_nothing(example_kit, cli, tmp_path):
    season = load_season(load_profile(example_kit))
    refused = [r.email for rs in season.rosters.values() for r in rs if not r.ok_to_contact]
    assert refused
    files = invite_out(cli, example_kit, tmp_path / "out")
    assert not [p for p in files if any(email in p.name for email in refused)]


def test_rerun_sends_nothing(example_kit, cli, tmp_path):
    invite_out(cli, example_kit, tmp_path / "first")
    result = cli("events", "invite", "--out", tmp_path / "second", "--kit", example_kit)
    assert "nothing to send" in result.stdout
    assert not list((tmp_path / "second").glob("*.eml"))


def test_changed_series_sends_updates_with_same_uid_and_higher_sequence(example_kit, cli, tmp_path):
    invite_out(cli, example_kit, tmp_path / "first")
    path = example_kit / "events" / "sessions.toml"
    path.write_text(path.read_text().replace("start = 2027-01-05T18:30:00", "start = 2027-01-05T18:00:00"))
    files = invite_out(cli, example_kit, tmp_path / "second")
    assert len(files) == len(neighbors(example_kit, "birch-terrace"))
    for file in files:
        data, message = parse(file)
        ics = check_message(data, message, message["To"].addresses[0].addr_spec, "REQUEST")
        assert "UID:birch-terrace-series@lakeview.example.org" in unfold(ics)
        assert sequence_of(ics) == 1
        assert "DTSTART;TZID=America/Denver:20270105T180000" in unfold(ics)
        assert message["Subject"].strip().startswith("Updated invitation: ")


def test_cancelled_meeting_of_a_series_sends_cancel_with_recurrence_id(example_kit, cli, tmp_path):
    invite_out(cli, example_kit, tmp_path / "first")
    assert cli("events", "cancel", "aspen-hollow-2027-03-01", "--kit", example_kit).exit_code == 0
    files = invite_out(cli, example_kit, tmp_path / "second")
    assert len(files) == len(neighbors(example_kit, "aspen-hollow"))
    for file in files:
        data, message = parse(file)
        ics = check_message(data, message, message["To"].addresses[0].addr_spec, "CANCEL")
        lines = unfold(ics)
        assert "UID:aspen-hollow-series@lakeview.example.org" in lines
        assert "RECURRENCE-ID;TZID=America/Denver:20270301T183000" in lines
        assert "STATUS:CANCELLED" in lines and sequence_of(ics) == 1
        assert message["Subject"].strip().startswith("Cancelled: ")
        assert expand_vobject(ics) == {}  # only the called-off instance, no series of its own
        assert expand_recurring_ical_events(ics) == {"aspen-hollow-series@lakeview.example.org":
                                                     ["2027-03-02T01:30:00Z"]}
    assert not list((tmp_path / "third").glob("*")) and "nothing to send" in cli(
        "events", "invite", "--out", tmp_path / "third", "--kit", example_kit).stdout


def test_cancelled_one_off_sends_cancel(example_kit, cli, tmp_path):
    invite_out(cli, example_kit, tmp_path / "first")
    cli("events", "cancel", "old-town-2027-08-21", "--kit", example_kit)
    files = invite_out(cli, example_kit, tmp_path / "second")
    assert len(files) == len(neighbors(example_kit, "old-town"))
    for file in files:
        data, message = parse(file)
        ics = check_message(data, message, message["To"].addresses[0].addr_spec, "CANCEL")
        assert "UID:old-town-2027-08-21@lakeview.example.org" in unfold(ics)
        assert sequence_of(ics) == 1


def test_two_cancelled_meetings_go_out_once_each(example_kit, cli, tmp_path, smtp_server):
    invite_out(cli, example_kit, tmp_path / "first")
    cli("events", "cancel", "aspen-hollow-2027-03-01", "--kit", example_kit)
    cli("events", "cancel", "aspen-hollow-2027-04-05", "--kit", example_kit)
    smtp_server.refuse_from = 1
    failed = cli("events", "invite", "--smtp", smtp_server.address, "--kit", example_kit)
    assert failed.exit_code == 2 and "sent 1 of 6 messages" in failed.stderr
    smtp_server.refuse_from = None
    assert cli("events", "invite", "--smtp", smtp_server.address, "--kit", example_kit).exit_code == 0
    sent = [(rcpt[0], line) for _, rcpt, data in smtp_server.messages
            for line in unfold(calendar_part(parse(data)[1]).get_payload(decode=True))
            if line.startswith("RECURRENCE-ID")]
    assert len(sent) == 6 == len(set(sent))  # 3 neighbors x 2 meetings, none twice
    assert "nothing to send" in cli("events", "invite", "--smtp", smtp_server.address, "--kit", example_kit).stdout


def test_uncancel_reinvites(example_kit, cli, tmp_path):
    invite_out(cli, example_kit, tmp_path / "first")
    cli("events", "cancel", "aspen-hollow-2027-03-01", "--kit", example_kit)
    invite_out(cli, example_kit, tmp_path / "second")
    (example_kit / "events" / "cancelled.toml").unlink()
    files = invite_out(cli, example_kit, tmp_path / "third")
    assert files and all(".request." in f.name for f in files)
    ics = calendar_part(parse(files[0])[1]).get_payload(decode=True)
    assert sequence_of(ics) == 2 and b"20270301T183000" not in ics


def test_deleted_event_and_removed_neighbor_get_cancels(example_kit, cli, tmp_path):
    invite_out(cli, example_kit, tmp_path / "first")
    path = example_kit / "events" / "sessions.toml"
    text = path.read_text()
    path.write_text(text[:text.index('[[sessions]]\ngroup = "old-town"')])
    roster = example_kit / "events" / "rosters" / "aspen-hollow.csv"
    lines = roster.read_text().splitlines()
    removed = lines.pop(1).split(",")[1]
    roster.write_text("\n".join(lines) + "\n")
    files = invite_out(cli, example_kit, tmp_path / "second")
    names = sorted(f.name for f in files)
    assert f"aspen-hollow-series.cancel.{removed}.eml" in names
    deleted = [f for f in files if f.name.startswith("old-town-2027-08-21.cancel.")]
    assert len(deleted) == len(neighbors(example_kit, "old-town"))
    for file in deleted:
        data, message = parse(file)
        ics = check_message(data, message, message["To"].addresses[0].addr_spec, "CANCEL")
        assert sequence_of(ics) == 1 and "DTSTART;TZID=America/Denver:20270821T100000" in unfold(ics)
    assert "nothing to send" in cli("events", "invite", "--out", tmp_path / "third", "--kit", example_kit).stdout


def test_one_session_only(example_kit, cli, tmp_path):
    files = invite_out(cli, example_kit, tmp_path / "out", "--session", "old-town-2027-08-21")
    assert {f.name.split(".")[0] for f in files} == {"old-town-2027-08-21"}
    result = cli("events", "invite", "--out", tmp_path / "x", "--session", "old-town-2027-08-22", "--kit", example_kit)
    assert result.exit_code == 2 and "did you mean" in result.stderr


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
    assert len(invitation_calendars) > 100
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
                 "--session", "old-town-2027-08-21", "--kit", example_kit)
    assert result.exit_code == 0, result.output
    assert smtp_server.logins == ["organizer"] and len(smtp_server.messages) == len(neighbors(example_kit, "old-town"))


def test_smtp_password_prompt_and_refused_login(example_kit, cli, smtp_server, monkeypatch):
    monkeypatch.delenv("BLOCKWATCH_SMTP_PASSWORD", raising=False)
    result = cli("events", "invite", "--smtp", smtp_server.address, "--user", "organizer", "--kit", example_kit,
                 input="wrong\n")
    assert result.exit_code == 2 and "refused the login for 'organizer'" in result.stderr
    assert not smtp_server.messages
    assert not _sent_records(example_kit)


def test_starttls_then_login(example_kit, cli, starttls_smtp_server, monkeypatch):
    monkeypatch.setenv("BLOCKWATCH_SMTP_PASSWORD", "letmein")
    result = cli("events", "invite", "--smtp", starttls_smtp_server.address, "--starttls", "--user", "organizer",
                 "--session", "old-town-2027-08-21", "--kit", example_kit)
    assert result.exit_code == 0, result.output
    assert starttls_smtp_server.logins == ["organizer"]
    assert len(starttls_smtp_server.messages) == len(neighbors(example_kit, "old-town"))


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


def test_refused_address_is_named_and_the_rest_still_go_out(example_kit, cli, smtp_server):
    total = invitable(example_kit)
    _, mistyped = neighbors(example_kit)[3]
    smtp_server.unknown = {mistyped}
    result = cli("events", "invite", "--smtp", smtp_server.address, "--kit", example_kit)
    line = result.stderr.strip()
    assert result.exit_code == 2 and "\n" not in line
    assert f"sent {total - 1} of {total} messages; the server refused 1: {mistyped} (550 " in line
    assert "fix those addresses in the roster" in line
    assert len(smtp_server.messages) == total - 1 and all(rcpt != [mistyped] for _, rcpt, _ in smtp_server.messages)
    smtp_server.unknown = set()  # the neighbor's address fixed at the mail server's end
    result = cli("events", "invite", "--smtp", smtp_server.address, "--kit", example_kit)
    assert result.exit_code == 0, result.output
    assert [rcpt for _, rcpt, _ in smtp_server.messages[total - 1:]] == [[mistyped]]


def test_unreachable_server(example_kit, cli):
    from conftest import free_port

    result = cli("events", "invite", "--smtp", f"127.0.0.1:{free_port()}", "--kit", example_kit)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: cannot use SMTP server") and "nothing was sent" in result.stderr
    assert not _sent_records(example_kit)


@pytest.mark.parametrize("args, message", [
    ((), "give either --out DIR"),
    (("--smtp", "mail.example.org", "--out", "x"), "give either --out DIR"),
    (("--smtp", "mail.example.org"), "--smtp must be HOST:PORT"),
])
def test_bad_invite_arguments(example_kit, cli, args, message):
    result = cli("events", "invite", "--kit", example_kit, *args)
    assert result.exit_code == 2 and message in result.stderr


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
