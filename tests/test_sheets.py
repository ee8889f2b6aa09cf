"""Talk papers: sign-up and sign-in sheets, question cards, which talks get them, and the attendance CSV."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import zxingcpp
from pypdf import PdfReader

from kit.attendance import ATTENDANCE_FILE, read_attendance, record_attendance
from kit.csvfiles import neutral_cell
from kit.errors import EventsError, RenderError
from kit.events import load_season
from kit.events.model import NO_LIMIT_HEAD_COUNT
from kit.profile import load_profile
from kit.resources import example_kit_path
from kit.sheets import SPARE_ROWS, Expected, read_roster, select_talks, write_session_sheets
from printed import MM, dark_lines, page_image, page_sizes, pdf_text, pdf_words, qr_codes, row_numbers, sheet_rows

SCRIPT = "<script>alert(1)</script>"
LINK = "https://lakeview.example.org/blockwatch/calendar/sessions/maple-2027-03.ics"
LONG_NAME = "Bartholomew Alexander Montgomery-Featherstonehaugh of Little Snoring"


@pytest.fixture(scope="module")
def printed(example_profile, sessions, tmp_path_factory) -> Path:
    """The March session (capacity 25) printed on Letter with two expected residents, one of them hostile."""
    out = tmp_path_factory.mktemp("sheets")
    write_session_sheets(example_profile, sessions[:1], out, roster=(Expected(SCRIPT), Expected("Ana García")))
    return out / "maple-2027-03"


@pytest.fixture(scope="module")
def layouts(example_profile, sessions, tmp_path_factory) -> dict[str, Path]:
    """The March session on each paper and in Spanish, its third expected resident's name too long for its column."""
    roster = (Expected("Ana García"), Expected("Łukasz Wróblewski"), Expected(LONG_NAME))
    folders = {}
    for key, paper, language in (("letter", "letter", None), ("a4", "a4", None), ("letter-es", "letter", "es")):
        out = tmp_path_factory.mktemp(key)
        write_session_sheets(example_profile, sessions[:1], out, paper=paper, roster=roster, language=language)
        folders[key] = out / "maple-2027-03"
    return folders


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
    sheet = sheet_rows((printed / "signup.html").read_text(encoding="utf-8"))
    assert [number for number, _ in sheet.rows] == [str(n) for n in range(1, 25 + SPARE_ROWS + 1)]
    assert sheet.headers == ["#", "Name", "Street or block", "Phone (optional)", "E-mail (optional)", "OK to contact"]
    assert set(sheet.spans) == {6} and len(sheet.widths_mm) == 6  # each row's cell spans the header's columns
    numbers = row_numbers(printed / "signup.pdf")
    assert [number for _, _, number in numbers] == list(range(1, 25 + SPARE_ROWS + 1))
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


def lines_of_rows(pdf: Path, page: int, tmp: Path) -> tuple[list[float], list[float], list[float], list[float]]:
    """On ``page``: the x of the vertical lines across the first row and across the header row just above it, the y
    of the horizontal lines down the number column, and the y of the middle of each row number (all in points)."""
    image = page_image(pdf, page, tmp)
    middles = [y for p, y, _ in row_numbers(pdf) if p == page]
    pitch = middles[1] - middles[0]
    rows = dark_lines(image, y=middles[0] - pitch / 2 + 1.5 * MM)  # above the text and the tick box
    across = dark_lines(image, x=rows[0] + 0.8 * MM)  # inside the number column, left of its numbers
    header_foot = max(y for y in across if y < middles[0])
    header = dark_lines(image, y=header_foot - 0.4 * MM)  # below the header's words
    return rows, header, [y for y in across if header_foot - pitch / 2 < y < middles[-1] + pitch], middles


@pytest.mark.parametrize("layout", ["letter", "a4", "letter-es"])
@pytest.mark.parametrize("sheet", ["signup", "signin"])
def test_the_rows_lines_fall_on_the_headers_borders_and_around_each_row(layouts, layout, sheet, tmp_path):
    pdf = layouts[layout] / f"{sheet}.pdf"
    columns = len(sheet_rows((pdf.with_suffix(".html")).read_text(encoding="utf-8")).widths_mm)
    width = page_sizes(pdf)[0][0]
    for page in (1, 2):  # the header repeated on page 2, the lines still on it
        rows, header, across, middles = lines_of_rows(pdf, page, tmp_path)
        assert len(rows) == columns + 1 and len(header) == columns + 1
        assert all(abs(r - h) < 0.3 for r, h in zip(rows, header, strict=True)), (rows, header)
        assert abs(rows[0] - 14 * MM) < 0.5 and abs(rows[-1] - (width - 14 * MM)) < 0.5  # the text's width
        # a line above and below every row, its number in the middle (on a pre-filled name's line: a little higher)
        assert len(across) == len(middles) + 1
        assert all(abs((above + below) / 2 - middle) < 1.5
                   for above, below, middle in zip(across, across[1:], middles, strict=False)), (across, middles)


@pytest.mark.parametrize("sheet", ["signup", "signin"])
def test_the_tick_box_is_square_and_centred_in_its_column(layouts, sheet, tmp_path):
    pdf = layouts["a4"] / f"{sheet}.pdf"
    rows, _, _, middles = lines_of_rows(pdf, 1, tmp_path)
    image = page_image(pdf, 1, tmp_path)
    left, right = [x for x in dark_lines(image, y=middles[3]) if rows[-2] + 0.3 < x < rows[-1] - 0.3]
    assert abs((left + right) / 2 - (rows[-2] + rows[-1]) / 2) < 0.3
    top, bottom = [y for y in dark_lines(image, x=(left + right) / 2) if abs(y - middles[3]) < 3 * MM]
    assert abs((top + bottom) / 2 - middles[3]) < 0.5
    assert abs((right - left) - (bottom - top)) < 0.3 and abs(right - left + 0.6 - 4 * MM) < 0.3  # 4 mm outside


@pytest.mark.parametrize("sheet", ["signup", "signin"])
def test_a_long_name_is_cut_short_in_its_column(layouts, sheet, tmp_path):
    pdf = layouts["letter"] / f"{sheet}.pdf"
    rows, _, _, middles = lines_of_rows(pdf, 1, tmp_path)
    assert [w for p, x, y, w in pdf_words(pdf) if p == 1 and abs(y - middles[2]) < 4 * MM][:2] == ["3", "Bartholomew"]
    image = page_image(pdf, 1, tmp_path)
    band = [middles[2] + dy for dy in (-2, -1, 0, 1, 2)]  # across the name's letters
    inked = [x for y in band for x in dark_lines(image, y=y)]
    assert not [x for x in inked if rows[2] + 0.5 < x < rows[3] - 0.5]  # nothing in the next column
    assert [x for x in inked if rows[2] - 6 * MM < x < rows[2] - 0.5]  # the name runs on to its column's end


def test_signup_qr_opens_the_sessions_calendar_file(printed, tmp_path):
    codes = qr_codes(printed / "signup.pdf", 1, tmp_path)
    assert [(c.format, c.text) for c in codes] == [(zxingcpp.BarcodeFormat.QRCode, LINK)]


def test_groups_sheets_printed_together_read_as_each_printed_alone(tmp_path, monkeypatch):
    """Sheets of one kind for groups of one size are laid out once: each group's PDF reads as its sheet printed
    alone, word by word and pixel by pixel (its own details and QR code), with its own title."""
    from weasyprint import HTML

    from kit.pdf import html_to_pdf
    from kit.sheets import row_count, session_sheets
    from kit.workspace import Kit

    kit = Kit.open(example_kit_path())
    talks = [talk for talk in kit.season.next_talks(dt.datetime(2027, 1, 1, tzinfo=kit.profile.zone))
             if row_count(talk, ()) == 45][:3]
    renders, render = [], HTML.render
    monkeypatch.setattr(HTML, "render", lambda self, *args, **kwargs: renders.append(self) or render(self, *args,
                                                                                                       **kwargs))
    write_session_sheets(kit.profile, talks, tmp_path)
    assert len(renders) == 3  # sign-up, sign-in and question cards, each laid out once for the three groups
    for document in session_sheets(kit.profile, talks, tmp_path):
        shared = document.target_stem.with_suffix(".pdf")
        alone = tmp_path / "alone.pdf"
        alone.write_bytes(html_to_pdf(document.printable))
        assert pdf_words(shared) == pdf_words(alone), shared
        for page in range(1, len(page_sizes(shared)) + 1):
            assert page_image(shared, page, tmp_path, dpi=40).tobytes() == page_image(alone, page, tmp_path,
                                                                                       dpi=40).tobytes()
        assert PdfReader(shared).metadata.title == PdfReader(alone).metadata.title


def test_signup_without_calendar_url_has_no_qr(example_profile, sessions, tmp_path):
    profile = dataclasses.replace(example_profile, calendar_base_url="")
    write_session_sheets(profile, sessions[:1], tmp_path)
    assert "<img" not in (tmp_path / "maple-2027-03" / "signup.html").read_text(encoding="utf-8")
    assert qr_codes(tmp_path / "maple-2027-03" / "signup.pdf", 1, tmp_path) == []


def test_roster_names_are_text_not_markup(printed):
    html = (printed / "signup.html").read_text(encoding="utf-8")
    assert SCRIPT not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert sheet_rows(html).rows[:3] == [("1", SCRIPT), ("2", "Ana García"), ("3", "")]
    assert SCRIPT in pdf_text(printed / "signup.pdf")


def test_signin_sheet_lists_expected_names_then_blank_rows(printed):
    sheet = sheet_rows((printed / "signin.html").read_text(encoding="utf-8"))
    assert len(sheet.rows) == 25 + SPARE_ROWS and sheet.headers == ["#", "Name", "Street or block (optional)", "Here"]
    assert [name for _, name in sheet.rows[:3]] == [SCRIPT, "Ana García", ""]
    lines = pdf_text(printed / "signin.pdf", 1).splitlines()
    assert [line.split() for line in lines if "García" in line] == [["2", "Ana", "García"]]  # in its row
    assert "Sign-in sheet" in "".join(lines) and "Page 1 of 2" in "".join(lines)
    assert [number for _, _, number in row_numbers(printed / "signin.pdf")] == list(range(1, 25 + SPARE_ROWS + 1))
    assert "Street or block (optional)" in pdf_text(printed / "signin.pdf", 2)  # the header on every page


def test_question_cards_fill_one_page(printed):
    pdf = printed / "questions.pdf"
    assert len(page_sizes(pdf)) == 1
    assert pdf_text(pdf).count("Your question (no name needed)") == 8


def test_more_expected_residents_than_capacity_get_rows_and_spares(example_profile, sessions, tmp_path):
    roster = tuple(Expected(f"Resident {i}") for i in range(15)) + (Expected("Only April", "maple-2027-04"),)
    write_session_sheets(example_profile, sessions[1:2], tmp_path, roster=roster)  # capacity 12
    rows = sheet_rows((tmp_path / "maple-2027-04" / "signup.html").read_text(encoding="utf-8")).rows
    assert len(rows) == 16 + SPARE_ROWS
    assert rows[15] == ("16", "Only April")


def test_a_room_with_no_seat_limit_gets_rows_for_a_full_group(example_profile, sessions, tmp_path):
    write_session_sheets(example_profile, [dataclasses.replace(sessions[1], capacity=0)], tmp_path)
    rows = sheet_rows((tmp_path / "maple-2027-04" / "signup.html").read_text(encoding="utf-8")).rows
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
    assert sheet_rows(html).rows[:2] == [("1", "Ana García"), ("2", "")]
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
