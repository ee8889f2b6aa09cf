"""Talk papers: sign-up and sign-in sheets, question cards, which talks get them, and the attendance CSV."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import zxingcpp

from kit.attendance import ATTENDANCE_FILE, read_attendance, record_attendance
from kit.csvfiles import neutral_cell
from kit.errors import EventsError, RenderError
from kit.events import load_season
from kit.events.model import NO_LIMIT_HEAD_COUNT
from kit.profile import load_profile
from kit.sheets import SPARE_ROWS, Expected, read_roster, select_talks, write_session_sheets
from printed import MM, page_sizes, pdf_text, qr_codes, row_numbers, table_rows

SCRIPT = "<script>alert(1)</script>"
LINK = "https://lakeview.example.org/blockwatch/calendar/sessions/maple-2027-03.ics"


@pytest.fixture(scope="module")
def printed(example_profile, sessions, tmp_path_factory) -> Path:
    """The March session (capacity 25) printed on Letter with two expected residents, one of them hostile."""
    out = tmp_path_factory.mktemp("sheets")
    write_session_sheets(example_profile, sessions[:1], out, roster=(Expected(SCRIPT), Expected("Ana García")))
    return out / "maple-2027-03"


def test_writes_one_folder_per_session_with_three_documents(example_profile, sessions, tmp_path):
    written = write_session_sheets(example_profile, [s for s in sessions if not s.cancelled], tmp_path)
    assert sorted(p.relative_to(tmp_path).as_posix() for p in written) == sorted(
        f"{sid}/{doc}.{ext}" for sid in ("maple-2027-03", "maple-2027-04")
        for doc in ("signup", "signin", "questions") for ext in ("html", "pdf"))
    assert not list(tmp_path.rglob("*.tmp"))


def test_signup_sheet_shows_the_session(printed):
    text = " ".join(pdf_text(printed / "signup.pdf").split())
    for detail in ("Maple Street Block Watch (North Lakeview)",
                   "Tuesday, March 9, 2027, 6:30 PM – 7:30 PM MST",
                   "Lakeview Community Church, Fellowship Hall",
                   "Officer Dana Okafor",
                   "Child sex and labor trafficking: what to look for and where to call",
                   "Phone and e-mail are optional", "OK to contact"):
        assert detail in text


def test_signup_rows_are_capacity_plus_spares_and_tall_enough_to_write_in(printed):
    html_rows = table_rows((printed / "signup.html").read_text(encoding="utf-8"))
    assert len(html_rows) == 25 + SPARE_ROWS
    assert all(len(cells) == 6 for cells in html_rows)  # #, name, street, phone, e-mail, OK to contact
    numbers = row_numbers(printed / "signup.pdf")
    assert len(numbers) == 25 + SPARE_ROWS
    same_page = [(a[1], b[1]) for a, b in zip(numbers, numbers[1:], strict=False) if a[0] == b[0]]
    assert min(b - a for a, b in same_page) >= 9 * MM


def test_signup_table_starts_on_page_one_and_repeats_its_header(printed):
    pdf = printed / "signup.pdf"
    assert page_sizes(pdf) == [(612, 792)] * 2  # 30 rows of 10 mm: two Letter pages
    assert row_numbers(pdf)[0][0] == 1
    for page in (1, 2):
        text = pdf_text(pdf, page)
        assert f"Page {page} of 2" in text
        assert "E-mail (optional)" in text


def test_signup_qr_opens_the_sessions_calendar_file(printed, tmp_path):
    codes = qr_codes(printed / "signup.pdf", 1, tmp_path)
    assert [(c.format, c.text) for c in codes] == [(zxingcpp.BarcodeFormat.QRCode, LINK)]


def test_signup_without_calendar_url_has_no_qr(example_profile, sessions, tmp_path):
    profile = dataclasses.replace(example_profile, calendar_base_url="")
    write_session_sheets(profile, sessions[:1], tmp_path)
    assert "<img" not in (tmp_path / "maple-2027-03" / "signup.html").read_text(encoding="utf-8")
    assert qr_codes(tmp_path / "maple-2027-03" / "signup.pdf", 1, tmp_path) == []


def test_roster_names_are_text_not_markup(printed):
    html = (printed / "signup.html").read_text(encoding="utf-8")
    assert SCRIPT not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert [row[1] for row in table_rows(html)[:3]] == [SCRIPT, "Ana García", ""]
    assert SCRIPT in pdf_text(printed / "signup.pdf")


def test_signin_sheet_lists_expected_names_then_blank_rows(printed):
    rows = table_rows((printed / "signin.html").read_text(encoding="utf-8"))
    assert len(rows) == 25 + SPARE_ROWS
    assert [row[1] for row in rows[:3]] == [SCRIPT, "Ana García", ""]
    text = pdf_text(printed / "signin.pdf", 1)
    assert "Sign-in sheet" in text and "Page 1 of 2" in text


def test_question_cards_fill_one_page(printed):
    pdf = printed / "questions.pdf"
    assert len(page_sizes(pdf)) == 1
    assert pdf_text(pdf).count("Your question (no name needed)") == 8


def test_more_expected_residents_than_capacity_get_rows_and_spares(example_profile, sessions, tmp_path):
    roster = tuple(Expected(f"Resident {i}") for i in range(15)) + (Expected("Only April", "maple-2027-04"),)
    write_session_sheets(example_profile, sessions[1:2], tmp_path, roster=roster)  # capacity 12
    rows = table_rows((tmp_path / "maple-2027-04" / "signup.html").read_text(encoding="utf-8"))
    assert len(rows) == 16 + SPARE_ROWS
    assert rows[15][1] == "Only April"


def test_a_room_with_no_seat_limit_gets_rows_for_a_full_group(example_profile, sessions, tmp_path):
    write_session_sheets(example_profile, [dataclasses.replace(sessions[1], capacity=0)], tmp_path)
    rows = table_rows((tmp_path / "maple-2027-04" / "signup.html").read_text(encoding="utf-8"))
    assert len(rows) == NO_LIMIT_HEAD_COUNT + SPARE_ROWS


def test_a_groups_own_roster_prefills_the_sheets(example_kit):
    roster = example_kit / "events" / "rosters" / "aspen-hollow.csv"
    names = [line.split(",")[0] for line in roster.read_text(encoding="utf-8").splitlines()[1:] if line]
    assert [e.name for e in read_roster(roster)] == names and names


def test_a4_paper(example_profile, sessions, tmp_path):
    write_session_sheets(example_profile, sessions[:1], tmp_path, paper="a4")
    assert set(page_sizes(tmp_path / "maple-2027-03" / "signup.pdf")) == {(595, 842)}


def test_unknown_paper_is_refused(example_profile, sessions, tmp_path):
    with pytest.raises(RenderError, match="unknown paper size 'legal'"):
        write_session_sheets(example_profile, sessions[:1], tmp_path, paper="legal")


def test_session_id_cannot_escape_the_output_folder(example_profile, sessions, tmp_path):
    with pytest.raises(EventsError, match="cannot be a folder name"):
        write_session_sheets(example_profile, [dataclasses.replace(sessions[0], id="../x")], tmp_path / "out")
    assert not (tmp_path / "x").exists()


def test_select_talks_defaults_to_each_groups_next_talk(example_kit):
    season = load_season(load_profile(example_kit))
    before = dt.datetime(2027, 1, 1, tzinfo=ZoneInfo("America/Denver"))
    chosen = select_talks(season, None, before)
    assert len(chosen) == len(season.groups) == 25 and all(t.is_talk for t in chosen)
    assert {t.group.id for t in chosen} == {g.id for g in season.groups}
    mid_season = dt.datetime(2027, 4, 1, tzinfo=ZoneInfo("America/Denver"))
    assert {t.id for t in select_talks(season, None, mid_season)} == {t.id for t in season.talks()
                                                                      if t.end >= mid_season}
    talk = season.talks()[0]
    assert select_talks(season, talk.id, mid_season) == (talk,)  # asked for by id: printed even when it is over
    with pytest.raises(EventsError, match=rf"'{talk.meeting}' is a regular meeting, not a talk; the talk of "
                                          rf"{talk.group.id} is '{talk.id}'"):
        select_talks(season, talk.meeting, before)
    with pytest.raises(EventsError, match=f"did you mean '{talk.id}'"):
        select_talks(season, talk.id[:-1], before)


def test_a_cancelled_talk_has_nothing_to_print(example_kit, cli):
    talk = load_season(load_profile(example_kit)).talks()[0]
    assert cli("events", "cancel", talk.meeting, "--kit", example_kit).exit_code == 0  # its meeting is called off
    season = load_season(load_profile(example_kit))
    with pytest.raises(EventsError, match=f"talk '{talk.id}' is cancelled"):
        select_talks(season, talk.id, dt.datetime(2027, 1, 1, tzinfo=ZoneInfo("America/Denver")))


def test_signup_prints_the_next_talk_of_each_group_not_every_meeting(example_kit, cli, tmp_path):
    bookings = example_kit / "events" / "bookings.toml"
    header, *talks = bookings.read_text().split("\n[[talks]]\n")
    bookings.write_text(header + "".join("\n[[talks]]\n" + t for t in talks[:2]))  # two groups booked
    booked = load_season(load_profile(example_kit)).talks()
    result = cli("sheets", "signup", "--out", tmp_path / "print", "--kit", example_kit)
    assert result.exit_code == 0, result.output
    assert "wrote 12 files for 2 talk(s)" in result.stdout
    assert sorted(p.name for p in (tmp_path / "print").iterdir()) == sorted(t.id for t in booked)
    signup = tmp_path / "print" / booked[0].id / "signup.pdf"
    text = " ".join(pdf_text(signup).split())
    assert booked[0].group.name in text and booked[0].presenter.name in text
    bookings.write_text(header)
    nothing = cli("sheets", "signup", "--out", tmp_path / "none", "--kit", example_kit)
    assert nothing.exit_code == 0 and "no talk to come" in nothing.stdout and not (tmp_path / "none").exists()


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_roster_keeps_those_who_said_yes(tmp_path):
    roster = write(tmp_path / "r.csv", "Name,RSVP,session_id\nAna,yes,\nBo,no,\nCy,Y,maple-2027-04\nDee,,\n")
    assert read_roster(roster) == (Expected("Ana"), Expected("Cy", "maple-2027-04"))


def test_roster_without_rsvp_column_means_everyone(tmp_path):
    assert read_roster(write(tmp_path / "r.csv", "name\nAna\n\nBo\n")) == (Expected("Ana"), Expected("Bo"))


def test_roster_errors_name_file_line_and_column(tmp_path):
    with pytest.raises(EventsError, match=r"r\.csv:3: column 'rsvp' is 'maybe'; write yes or no"):
        read_roster(write(tmp_path / "r.csv", "name,rsvp\nAna,yes\nBo,maybe\n"))
    with pytest.raises(EventsError, match=r"r\.csv:1: has no column 'name'"):
        read_roster(write(tmp_path / "r.csv", "full name,rsvp\nAna,yes\n"))


@pytest.mark.parametrize("cell", ["=HYPERLINK(\"http://x\",\"click\")", "+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1",
                                  "  =1+1"])
def test_formula_cells_are_neutralized(cell):
    assert neutral_cell(cell) == "'" + cell
    assert neutral_cell(neutral_cell(cell)) == "'" + cell


@pytest.mark.parametrize("cell", ["Ana García", "", "'=already", "303-555-0142", "a=b"])
def test_plain_cells_are_kept(cell):
    assert neutral_cell(cell) == cell


ATTENDANCE = ('session_id,name,email,attended\n'
              'maple-2027-03,"=HYPERLINK(""http://evil.example/"",""x"")",,yes\n'
              'maple-2027-03,Ana García,ana@example.org,no\n'
              'maple-2027-04,@Bo,,Y\n')


def kit_rows(profile) -> list[list[str]]:
    with open(profile.root / ATTENDANCE_FILE, encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


@pytest.fixture
def kit_profile(example_kit, monkeypatch, sessions):
    """The example kit, with the fixture's sessions standing in for its season (these tests are about the CSV)."""
    from kit.profile import load_profile

    monkeypatch.setattr("kit.attendance.known_session_ids", lambda profile: frozenset(s.id for s in sessions))
    (example_kit / ATTENDANCE_FILE).unlink(missing_ok=True)  # the example's sample data
    return load_profile(example_kit)


def test_attendance_checks_ids_against_the_real_season(example_kit, tmp_path, cli):
    from kit.events import load_season
    from kit.profile import load_profile

    real = load_season(load_profile(example_kit)).sessions[0].id
    good = write(tmp_path / "good.csv", f"session_id,name,attended\n{real},Ana,yes\n")
    assert cli("sheets", "attendance", good, "--kit", example_kit).exit_code == 0
    bad = write(tmp_path / "bad.csv", f"session_id,name,attended\n{real}x,Ana,yes\n")
    result = cli("sheets", "attendance", bad, "--kit", example_kit)
    assert result.exit_code == 2 and f"did you mean '{real}'" in result.stderr


def test_attendance_is_recorded_with_formulas_neutralized(kit_profile, tmp_path):
    result = record_attendance(kit_profile, write(tmp_path / "a.csv", ATTENDANCE), today=dt.date(2027, 3, 10))
    assert (result.added, result.updated, result.sessions) == (3, 0, ("maple-2027-03", "maple-2027-04"))
    rows = kit_rows(kit_profile)
    assert rows == [
        ["session_id", "name", "street", "email", "attended", "recorded"],
        ["maple-2027-03", "'=HYPERLINK(\"http://evil.example/\",\"x\")", "", "", "yes", "2027-03-10"],
        ["maple-2027-03", "Ana García", "", "ana@example.org", "no", "2027-03-10"],
        ["maple-2027-04", "'@Bo", "", "", "yes", "2027-03-10"],
    ]
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def test_attendance_reimport_updates_instead_of_duplicating(kit_profile, tmp_path):
    record_attendance(kit_profile, write(tmp_path / "a.csv", ATTENDANCE), today=dt.date(2027, 3, 10))
    fix = "session_id,name,attended\nmaple-2027-03,ana garcía,yes\nmaple-2027-03,=HYPERLINK(1),no\n"
    result = record_attendance(kit_profile, write(tmp_path / "b.csv", fix), today=dt.date(2027, 3, 11))
    assert (result.added, result.updated) == (1, 1)
    rows = kit_rows(kit_profile)
    assert len(rows) == 1 + 4
    assert rows[2] == ["maple-2027-03", "ana garcía", "", "", "yes", "2027-03-11"]


@pytest.mark.parametrize("text, message", [
    ("session_id,name,attended\nmaple-2027-03,Ana,perhaps\n", r"a\.csv:2: column 'attended' is 'perhaps'"),
    ("session_id,name,attended\nmaple-2027-03,,yes\n", r"a\.csv:2: column 'name' is empty"),
    ("session_id,name,email,attended\nmaple-2027-03,Ana,ana at home,yes\n", r"a\.csv:2: column 'email' is not"),
    ("session,name,attended\n", r"a\.csv:1: has no column 'session_id'"),
    ("session_id,name,attended,notes\n", r"a\.csv:1: has an unknown column 'notes'"),
])
def test_attendance_errors_name_line_and_column(tmp_path, text, message):
    with pytest.raises(EventsError, match=message):
        read_attendance(write(tmp_path / "a.csv", text), known=None)


def test_attendance_reports_every_bad_cell_at_once(tmp_path):
    source = write(tmp_path / "a.csv", "session_id,name,attended\nmaple-2027-03,,maybe\nnope,Bo,yes\n")
    with pytest.raises(EventsError) as caught:
        read_attendance(source, known=frozenset({"maple-2027-03"}))
    assert [str(problem.args[0]) for problem in caught.value.problems] == [
        f"{source}:2: column 'name' is empty; fill it in or delete the row",
        f"{source}:2: column 'attended' is 'maybe'; write yes or no",
        f"{source}:3: column 'session_id': unknown session 'nope'"]


def test_attendance_keeps_the_street_and_reads_a_file_written_without_it(kit_profile, tmp_path):
    old = "session_id,name,email,attended,recorded\nmaple-2027-03,Ana,,yes,2027-03-01\n"
    write(kit_profile.root / ATTENDANCE_FILE, old)
    source = write(tmp_path / "a.csv", "session_id,name,street,attended\nmaple-2027-04,Bo,200 block of Elm,yes\n")
    record_attendance(kit_profile, source, today=dt.date(2027, 4, 20))
    assert kit_rows(kit_profile)[1:] == [["maple-2027-03", "Ana", "", "", "yes", "2027-03-01"],
                                         ["maple-2027-04", "Bo", "200 block of Elm", "", "yes", "2027-04-20"]]


def test_attendance_unknown_session_suggests_the_right_one(tmp_path):
    source = write(tmp_path / "a.csv", "session_id,name,attended\nmaple-2027-03,Ana,yes\nmaple-2027-4,Bo,yes\n")
    with pytest.raises(EventsError, match=r"a\.csv:3: column 'session_id': unknown session 'maple-2027-4' "
                                          r"\(did you mean 'maple-2027-04'\?\)"):
        read_attendance(source, known=frozenset({"maple-2027-03", "maple-2027-04"}))


def test_cli_attendance(cli, example_kit, tmp_path):
    (example_kit / ATTENDANCE_FILE).unlink()  # the example's sample data
    source = write(tmp_path / "a.csv", ATTENDANCE.replace("maple-2027-03", "copper-ridge-talk-2027")
                   .replace("maple-2027-04", "elk-meadow-talk-2027"))
    result = cli("sheets", "attendance", source, "--kit", example_kit)
    assert result.exit_code == 0, result.output
    assert "recorded 3 new, 0 updated and 0 unchanged rows for 2 session(s)" in result.output
    again = cli("sheets", "attendance", source, "--kit", example_kit)
    assert "recorded 0 new, 0 updated and 3 unchanged rows for 2 session(s)" in again.output
    bad = cli("sheets", "attendance", write(tmp_path / "b.csv", "session_id,name,attended\nnope,A,yes\n"),
              "--kit", example_kit)
    assert bad.exit_code == 2
    assert "error:" in bad.output and "b.csv:2: column 'session_id': unknown session 'nope'" in bad.output


def test_cli_signup(cli, example_kit, tmp_path):
    roster = write(tmp_path / "roster.csv", "name,rsvp\nAna García,yes\nBo,no\n")
    result = cli("sheets", "signup", "--session", "elk-meadow-talk-2027", "--roster", roster, "--out",
                 tmp_path / "out", "--paper", "A4", "--kit", example_kit)
    assert result.exit_code == 0, result.output
    assert "wrote 6 files for 1 talk(s)" in result.output
    html = (tmp_path / "out" / "elk-meadow-talk-2027" / "signup.html").read_text(encoding="utf-8")
    assert [row[1] for row in table_rows(html)[:2]] == ["Ana García", ""]
    assert set(page_sizes(tmp_path / "out" / "elk-meadow-talk-2027" / "signup.pdf")) == {(595, 842)}


def test_cli_signup_warns_without_calendar_url(cli, example_kit, tmp_path):
    toml = example_kit / "kit.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace("[calendar]\nbase_url", "[calendar]\n# base_url"),
                    encoding="utf-8")
    result = cli("sheets", "signup", "--session", "copper-ridge-talk-2027", "--out", tmp_path / "out", "--kit",
                 example_kit)
    assert result.exit_code == 0, result.output
    assert "warning: kit.toml has no [calendar] base_url" in result.output
    bad = cli("sheets", "signup", "--session", "maple-03", "--out", tmp_path / "out", "--kit", example_kit)
    assert bad.exit_code == 2 and "unknown session 'maple-03'" in bad.output
