from pathlib import Path

import pytest

from conftest import PRESENTER, fill_placeholders
from kit.errors import ProfileError
from kit.profile import load_profile


def test_example_profile_loads_with_state_hotline(example_kit: Path):
    profile = load_profile(example_kit)
    assert profile.agency.name == "Lakeview Police Department"
    assert profile.timezone == "America/Denver"
    assert profile.contacts["state_hotline"].number.startswith("1-844-CO-4-KIDS")
    assert profile.contacts["state_hotline"].verified is not None
    assert profile.contacts["emergency"].number == "911"
    assert profile.statistics["co_cross_country_2017"].value == "17"


def _edit(kit: Path, old: str, new: str) -> None:
    path = kit / "kit.toml"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


@pytest.mark.parametrize("old,new,expected", [
    ('timezone = "America/Denver"', 'timezone = "America/Denvr"', "did you mean 'America/Denver'"),
    ('[agency]\nname', '[agency]\nnmae', "unknown field 'agency.nmae' (did you mean 'agency.name'?)"),
    ('state = "CO"', 'state = "Colorado"', "two-letter US state code"),
    ('email = "blockwatch@lakeview.example.org"', 'email = "blockwatch"', "is not an e-mail address"),
    ('primary = "#1F3A5F"', 'primary = "navy"', "must be a colour"),
    ('accent = "#B5302A"', 'accent = "#FFD700"', "is too light"),
])
def test_bad_profile_fields_name_the_field(example_kit, old, new, expected):
    _edit(example_kit, old, new)
    with pytest.raises(ProfileError) as err:
        load_profile(example_kit)
    assert expected in str(err.value)
    assert str(example_kit / "kit.toml") in str(err.value)


def test_missing_kit_file_says_how_to_start(tmp_path, cli):
    result = cli("deck", "plan", "--kit", tmp_path)
    assert result.exit_code == 2
    assert "no kit.toml here; run 'blockwatch init" in result.stderr
    assert "Traceback" not in result.output


def test_init_writes_a_kit_that_builds_once_its_placeholders_are_replaced(tmp_path, cli):
    kit = tmp_path / "newkit"
    result = cli("init", kit, "--agency", "Springfield Police", "--state", "co", "--timezone", "America/Denver",
                 "--non-emergency", "(303) 555-0100")
    assert result.exit_code == 0, result.output
    assert (kit / "slides").is_dir() and (kit / "events").is_dir()
    profile = load_profile(kit)
    assert profile.agency.name == "Springfield Police" and profile.state == "CO"
    assert {p.field for p in profile.placeholders} == {
        "presenters[0].name", "presenters[0].title", "presenters[0].email", "organizer.email"}
    fill_placeholders(kit, PRESENTER)
    result = cli("deck", "build", "--kit", kit, "--out", tmp_path / "deck.pptx")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "deck.pptx").stat().st_size > 10_000


def test_init_rejects_bad_timezone_and_writes_nothing(tmp_path, cli):
    kit = tmp_path / "newkit"
    result = cli("init", kit, "--state", "CO", "--timezone", "Mars/Olympus")
    assert result.exit_code == 2
    assert "timezone" in result.stderr and "IANA" in result.stderr
    assert not kit.exists()


def test_init_needs_a_state(tmp_path, cli):
    result = cli("init", tmp_path / "k")  # no terminal to ask on
    assert result.exit_code == 2
    assert result.stderr == "error: no state given; give --state with its two-letter code, like --state OH\n"
    assert not (tmp_path / "k").exists()
    result = cli("init", tmp_path / "k", "--state", "Ohio")
    assert result.exit_code == 2 and "'OHIO' is not the two-letter code of a US state or territory" in result.stderr


@pytest.mark.parametrize("state, zone", [("OH", "America/New_York"), ("CO", "America/Denver"),
                                         ("GU", "Pacific/Guam"), ("VI", "America/St_Thomas"),
                                         ("MP", "Pacific/Saipan"), ("AS", "Pacific/Pago_Pago")])
def test_init_takes_the_zone_of_a_state_with_one_clock(tmp_path, cli, state, zone):
    result = cli("init", tmp_path / "k", "--state", state)
    assert result.exit_code == 0, result.output
    profile = load_profile(tmp_path / "k")
    assert (profile.state, profile.timezone) == (state, zone)
    assert f"(time zone {zone})" in result.stdout


def test_init_asks_for_the_zone_of_a_state_with_two_clocks(tmp_path, cli):
    result = cli("init", tmp_path / "k", "--state", "TX")
    assert result.exit_code == 2
    assert result.stderr == ("error: Texas keeps more than one clock; choose its time zone: one of 'America/Chicago' "
                             "(most of Texas), 'America/Denver' (El Paso and Hudspeth counties); give it with "
                             "--timezone\n")
    assert not (tmp_path / "k").exists()


def test_init_writes_the_zone_under_its_current_name_and_says_so_once(tmp_path, cli):
    result = cli("init", tmp_path / "k", "--state", "OH", "--timezone", "US/Eastern")
    assert result.exit_code == 0, result.output
    assert result.stderr == ("note: time zone 'US/Eastern' is written as 'America/New_York' in kit.toml, the name "
                             "calendars know\n")
    assert 'timezone = "America/New_York"' in (tmp_path / "k" / "kit.toml").read_text()
    assert cli("events", "list", "--kit", tmp_path / "k").stderr.count("note:") == 0


def test_a_new_kit_lists_its_empty_season_and_library_and_says_what_comes_next(tmp_path, cli):
    kit = tmp_path / "k"
    result = cli("init", kit, "--state", "OH")
    assert result.stdout.splitlines()[-1] == (
        f"next: edit {kit / 'kit.toml'} (replace each \"<...>\" value), run 'blockwatch check --kit {kit}', "
        f"then 'blockwatch deck build --kit {kit}'")
    for stub in ("events/groups.toml", "events/sessions.toml", "slides/bibliography.yaml"):
        assert "# " in (kit / stub).read_text()
    listed = cli("events", "list", "--kit", kit)
    assert listed.exit_code == 0 and "0 upcoming sessions" in listed.stdout
    assert "no groups yet: add [[groups]] to events/groups.toml" in listed.stderr
    assert cli("slides", "list", "--kit", kit).exit_code == 0
    assert cli("events", "ics", "--kit", kit, "--out", tmp_path / "cal").exit_code == 0


def test_init_keeps_what_a_folder_already_holds(tmp_path, cli):
    kit = tmp_path / "k"
    (kit / "events").mkdir(parents=True)
    (kit / "events" / "groups.toml").write_text("# mine\n")
    assert cli("init", kit, "--state", "OH").exit_code == 0
    assert (kit / "events" / "groups.toml").read_text() == "# mine\n"
    again = cli("init", kit, "--state", "OH")
    assert again.exit_code == 2 and "already holds a kit.toml" in again.stderr


def test_init_example_copies_the_example_kit(tmp_path, cli):
    result = cli("init", tmp_path / "lake", "--example")
    assert result.exit_code == 0
    assert load_profile(tmp_path / "lake").agency.short_name == "Lakeview PD"


def test_a_kit_is_found_from_its_kit_toml_or_any_folder_inside_it(cli, example_kit):
    """Newcomer review: from slides/, or with --kit pointing at kit.toml, the kit is the one around it."""
    (example_kit / "slides").mkdir(exist_ok=True)
    for where in (example_kit / "slides", example_kit / "events" / "rosters", example_kit / "kit.toml"):
        result = cli("events", "list", "--all", "--kit", where)
        assert result.exit_code == 0, (where, result.output)
        assert "aspen-hollow" in result.stdout
    missing = cli("events", "list", "--kit", example_kit / "slides" / "no-such-folder")
    assert missing.exit_code == 2 and "no kit.toml here" in missing.stderr  # a typo is not taken for the kit around


def test_presenters_availability(example_kit):
    import datetime as dt

    okafor, reyes, nguyen = load_profile(example_kit).presenters
    assert okafor.weekdays == frozenset({0, 1, 2, 3}) and reyes.weekdays == frozenset({1, 2, 3, 5})
    assert okafor.blackouts == {dt.date(2027, 2, 15), dt.date(2027, 5, 31)} | {
        dt.date(2027, 3, 15) + dt.timedelta(days=d) for d in range(5)}  # a range counts each of its days
    assert (okafor.max_talks_per_week, nguyen.max_talks_per_week) == (2, 1)
    assert (okafor.home_area, nguyen.preferred_groups) == ("north", ("old-town",))


def test_a_presenter_without_availability_can_do_any_day(tmp_path, cli):
    assert cli("init", tmp_path / "k", "--state", "OH").exit_code == 0
    presenter = load_profile(tmp_path / "k").presenters[0]
    assert presenter.weekdays == frozenset(range(7)) and presenter.blackouts == frozenset()
    assert presenter.max_talks_per_week == 7 and presenter.preferred_groups == ()


@pytest.mark.parametrize("old,new,expected", [
    ('weekdays = ["mon", "tue", "wed", "thu"]', 'weekdays = ["Monday", "tues"]',
     "field 'presenters[0].weekdays' must list days like \"mon\", \"tue\" ... \"sun\", not 'tues' (did you mean "
     "'tue'?)"),
    ('weekdays = ["mon", "tue", "wed", "thu"]', 'weekdays = []', "field 'presenters[0].weekdays' lists no day"),
    ('"2027-03-15..2027-03-19"', '"2027-03-19..2027-03-15"', "has the range '2027-03-19..2027-03-15', which ends "
                                                             "before it starts"),
    ('"2027-03-15..2027-03-19"', '"March 15"', "field 'presenters[0].blackouts' must list dates like 2027-05-31 or "
                                               "ranges like \"2027-03-15..2027-03-19\", not 'March 15'"),
    ('"2027-03-15..2027-03-19"', '2027-03-15T18:00:00', "not datetime.datetime(2027, 3, 15, 18, 0)"),
    ("max_talks_per_week = 2", "max_talks_per_week = 0", "field 'presenters[0].max_talks_per_week' must be 1 or more"),
    ('home_area = "north"', 'home_area = 3', "field 'presenters[0].home_area' must be text"),
])
def test_bad_availability_names_the_presenter_and_field(example_kit, old, new, expected):
    _edit(example_kit, old, new)
    with pytest.raises(ProfileError) as err:
        load_profile(example_kit)
    assert expected in str(err.value) and "\n" not in str(err.value)


def test_weekday_names_in_full_and_any_case(example_kit):
    _edit(example_kit, 'weekdays = ["mon", "tue", "wed", "thu"]', 'weekdays = ["Monday", "SAT"]')
    assert load_profile(example_kit).presenters[0].weekdays == frozenset({0, 5})


def test_a_preferred_group_that_is_no_group_is_said_and_left_out(example_kit, cli):
    _edit(example_kit, 'preferred_groups = ["old-town"]', 'preferred_groups = ["old-twn"]')
    result = cli("events", "book", "--from", "2027-02-01", "--to", "2027-06-30", "--kit", example_kit)
    assert result.exit_code == 0 and result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"note: {example_kit / 'kit.toml'}: field 'presenters[2].preferred_groups' names "
                                    "an unknown group 'old-twn' (did you mean 'old-town'?); it is left out")
