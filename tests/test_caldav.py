"""Publishing the talks to a real CalDAV server (Radicale with htpasswd auth on 127.0.0.1)."""

from __future__ import annotations

import datetime as dt

import pytest

from icscheck import lint, unfold
from test_mail import drop_talk
from kit import calendar as cal
from kit.events import load_season
from kit.profile import load_profile


@pytest.fixture
def publish(cli, caldav_server, example_kit, monkeypatch):
    monkeypatch.setenv("BLOCKWATCH_CALDAV_PASSWORD", caldav_server.password)

    def run(*extra):
        return cli("events", "publish", "--caldav", caldav_server.url, "--user", caldav_server.user,
                   "--kit", example_kit, *extra)

    return run


def by_uid(caldav_server) -> dict[str, list[bytes]]:
    found: dict[str, list[bytes]] = {}
    for data in caldav_server.objects().values():
        uids = [line[4:] for line in unfold(data) if line.startswith("UID:")]
        assert len(set(uids)) == 1
        found.setdefault(uids[0], []).append(data)
    return found


def groups(kit) -> list[str]:
    return [g.id for g in load_season(load_profile(kit)).groups]


def entry_uids(kit) -> set[str]:
    profile = load_profile(kit)
    return {e.uid for e in cal.entries(profile, load_season(profile))}


def test_publishing_three_times_leaves_one_object_per_event(publish, caldav_server, example_kit):
    for _ in range(3):
        result = publish()
        assert result.exit_code == 0, result.output
    objects = by_uid(caldav_server)
    assert set(objects) == entry_uids(example_kit) == {f"{g}-talk-2027@lakeview.example.org" for g in groups(
        example_kit)}  # the talks: the groups' regular meetings are not put on the residents' calendar
    assert all(len(copies) == 1 for copies in objects.values())
    assert "25 unchanged" in result.stdout
    for copies in objects.values():
        assert lint(copies[0], method=None) == []  # no METHOD in a stored object (rule 15)


def test_changed_start_shows_up_with_higher_sequence(publish, caldav_server, example_kit):
    assert publish().exit_code == 0
    uid = "birch-terrace-talk-2027@lakeview.example.org"
    assert "SEQUENCE:0" in unfold(by_uid(caldav_server)[uid][0])
    path = example_kit / "events" / "sessions.toml"
    path.write_text(path.read_text().replace("start = 2027-01-05T18:30:00", "start = 2027-01-05T18:00:00"))
    result = publish()
    assert result.exit_code == 0, result.output
    assert f"updated   {uid}" in result.stdout and "24 unchanged" in result.stdout
    lines = unfold(by_uid(caldav_server)[uid][0])
    assert "SEQUENCE:1" in lines and "DTSTART;TZID=America/Denver:20270406T180000" in lines
    assert len(caldav_server.objects()) == 25


def test_cancelled_and_deleted_events(publish, caldav_server, example_kit, cli):
    assert publish().exit_code == 0
    cli("events", "cancel", "aspen-hollow-2027-03-01", "--kit", example_kit)  # a meeting without the talk
    cli("events", "cancel", "silver-creek-talk-2027", "--kit", example_kit)
    drop_talk(example_kit, "old-town")
    result = publish()
    assert result.exit_code == 0, result.output
    objects = by_uid(caldav_server)
    assert "old-town-talk-2027@lakeview.example.org" not in objects
    assert "SEQUENCE:0" in unfold(objects["aspen-hollow-talk-2027@lakeview.example.org"][0])
    talk = unfold(objects["silver-creek-talk-2027@lakeview.example.org"][0])
    assert "STATUS:CANCELLED" in talk and any(line.startswith("SUMMARY:Cancelled: ") for line in talk)
    assert "SEQUENCE:1" in talk


def test_an_event_stored_under_another_name_is_replaced_not_duplicated(publish, caldav_server, example_kit):
    profile = load_profile(example_kit)
    entry = next(e for e in cal.entries(profile, load_season(profile)) if e.id == "tamarack-talk-2027")
    body = cal.to_bytes(cal.calendar(profile, None, [cal.event(profile, entry, sequence=0,
                                                                stamp=dt.datetime.now(dt.timezone.utc))]))
    caldav_server.request("PUT", caldav_server.url + "made-by-another-client.ics", body,
                          {"Content-Type": "text/calendar"})
    assert publish().exit_code == 0
    objects = by_uid(caldav_server)
    assert len(objects[entry.uid]) == 1 and "made-by-another-client.ics" in caldav_server.objects()
    assert len(caldav_server.objects()) == 25


def test_wrong_password(cli, caldav_server, example_kit, monkeypatch):
    monkeypatch.setenv("BLOCKWATCH_CALDAV_PASSWORD", "not-it")
    result = cli("events", "publish", "--caldav", caldav_server.url, "--user", "alice", "--kit", example_kit)
    assert result.exit_code == 2
    assert result.stderr.strip() == ("error: the CalDAV server refused the login for 'alice' (401); "
                                     "check --user and BLOCKWATCH_CALDAV_PASSWORD")
    assert not caldav_server.objects()


def test_password_prompt(cli, caldav_server, example_kit, monkeypatch):
    monkeypatch.delenv("BLOCKWATCH_CALDAV_PASSWORD", raising=False)
    result = cli("events", "publish", "--caldav", caldav_server.url, "--user", "alice", "--kit", example_kit,
                 input=caldav_server.password + "\n")
    assert result.exit_code == 0, result.output
    assert len(caldav_server.objects()) == 25


def test_missing_calendar(publish, cli, caldav_server, example_kit):
    result = cli("events", "publish", "--caldav", caldav_server.url.replace("blockwatch", "nope"),
                 "--user", "alice", "--kit", example_kit)
    assert result.exit_code == 2 and "create it on the server first" in result.stderr


def test_unreachable_server(cli, example_kit):
    from conftest import free_port

    result = cli("events", "publish", "--caldav", f"http://127.0.0.1:{free_port()}/alice/cal/", "--kit", example_kit)
    assert result.exit_code == 2 and result.stderr.startswith("error: cannot reach 127.0.0.1:")


# ---------------------------------------------------------------- a calendar URL that is a calendar


def collections(caldav_server) -> list[str]:
    return sorted(p.name for p in caldav_server.folder.parent.iterdir() if p.is_dir() and not p.name.startswith("."))


def test_an_account_url_is_refused_with_its_calendars_and_the_server_is_untouched(cli, caldav_server, example_kit,
                                                                                  monkeypatch):
    monkeypatch.setenv("BLOCKWATCH_CALDAV_PASSWORD", caldav_server.password)
    account = caldav_server.url.replace("blockwatch/", "")
    result = cli("events", "publish", "--caldav", account, "--user", "alice", "--kit", example_kit)
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert result.stderr == (f"error: {account} is not a calendar but holds calendars; give one of them to --caldav: "
                             f"{caldav_server.url}\n")
    assert collections(caldav_server) == ["blockwatch"] and not caldav_server.objects()


def test_an_account_without_calendars_is_refused(cli, caldav_server, example_kit, monkeypatch):
    monkeypatch.setenv("BLOCKWATCH_CALDAV_PASSWORD", caldav_server.password)
    caldav_server.request("DELETE", caldav_server.url)
    account = caldav_server.url.replace("blockwatch/", "")
    result = cli("events", "publish", "--caldav", account, "--user", "alice", "--kit", example_kit)
    assert result.exit_code == 2 and "is not a calendar and holds none; create a calendar" in result.stderr
    assert collections(caldav_server) == []


def test_a_calendar_for_tasks_only_is_refused(cli, caldav_server, example_kit, monkeypatch):
    monkeypatch.setenv("BLOCKWATCH_CALDAV_PASSWORD", caldav_server.password)
    tasks = caldav_server.url.replace("blockwatch/", "tasks/")
    caldav_server.request("MKCALENDAR", tasks, b"""<?xml version="1.0" encoding="utf-8"?>
<C:mkcalendar xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:set><D:prop>
<C:supported-calendar-component-set><C:comp name="VTODO"/></C:supported-calendar-component-set>
</D:prop></D:set></C:mkcalendar>""", {"Content-Type": "application/xml"})
    result = cli("events", "publish", "--caldav", tasks, "--user", "alice", "--kit", example_kit)
    assert result.exit_code == 2 and "is a calendar for tasks or notes, not for events" in result.stderr
    assert not list((caldav_server.folder.parent / "tasks").glob("*.ics"))


def test_a_lost_state_file_neither_lowers_sequence_nor_leaves_deleted_events(publish, caldav_server, example_kit):
    assert publish().exit_code == 0
    path = example_kit / "events" / "sessions.toml"
    path.write_text(path.read_text().replace("start = 2027-01-05T18:30:00", "start = 2027-01-05T18:00:00"))
    assert publish().exit_code == 0
    uid = "birch-terrace-talk-2027@lakeview.example.org"
    assert "SEQUENCE:1" in unfold(by_uid(caldav_server)[uid][0])
    (example_kit / ".blockwatch-state.json").unlink()
    drop_talk(example_kit, "old-town")
    result = publish()
    assert result.exit_code == 0, result.output
    assert "deleted   old-town-talk-2027@lakeview.example.org" in result.stdout and "24 unchanged" in result.stdout
    objects = by_uid(caldav_server)
    assert set(objects) == entry_uids(example_kit) and "SEQUENCE:1" in unfold(objects[uid][0])
    path.write_text(path.read_text().replace("start = 2027-01-05T18:00:00", "start = 2027-01-05T17:30:00"))
    (example_kit / ".blockwatch-state.json").unlink()
    assert publish().exit_code == 0
    assert "SEQUENCE:2" in unfold(by_uid(caldav_server)[uid][0])  # the server's 1, plus one: never back to 0


@pytest.mark.parametrize("url, message", [
    ("cloud.example.org/remote.php/dav/calendars/me/blockwatch/", "must be the calendar's full address starting "
                                                                   "with https://"),
    ("https://cloud.example.org:abc/dav/", "has a port that is not a number ('cloud.example.org:abc')"),
    ("ftp://cloud.example.org/dav/", "must be the calendar's full address"),
])
def test_a_malformed_url_is_one_line(cli, example_kit, url, message):
    result = cli("events", "publish", "--caldav", url, "--kit", example_kit)
    assert result.exit_code == 2 and result.stderr.count("\n") == 1 and message in result.stderr


def test_basic_auth_only_over_https(cli, example_kit, monkeypatch):
    monkeypatch.setenv("BLOCKWATCH_CALDAV_PASSWORD", "secret")
    result = cli("events", "publish", "--caldav", "http://cloud.example.org/dav/cal/", "--user", "me",
                 "--kit", example_kit)
    assert result.exit_code == 2
    assert "password for 'me' would travel unencrypted to cloud.example.org; give the https:// address" in result.stderr


def test_no_password_and_no_terminal_names_the_variable(cli, caldav_server, example_kit, monkeypatch):
    monkeypatch.delenv("BLOCKWATCH_CALDAV_PASSWORD", raising=False)
    result = cli("events", "publish", "--caldav", caldav_server.url, "--user", "alice", "--kit", example_kit)
    assert result.exit_code == 2 and "set BLOCKWATCH_CALDAV_PASSWORD" in result.stderr
    assert "Aborted" not in result.output and not caldav_server.objects()


def test_a_web_page_url_is_not_a_caldav_address(cli, caldav_server, example_kit, monkeypatch):
    monkeypatch.setenv("BLOCKWATCH_CALDAV_PASSWORD", caldav_server.password)
    web = caldav_server.url.replace("alice/blockwatch/", ".web/")
    result = cli("events", "publish", "--caldav", web, "--user", "alice", "--kit", example_kit)
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert "not a CalDAV address" in result.stderr and "may write" not in result.stderr
    assert not caldav_server.objects()
