from pathlib import Path

import pytest

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


def test_init_writes_a_kit_that_builds_at_once(tmp_path, cli):
    kit = tmp_path / "newkit"
    result = cli("init", kit, "--agency", "Springfield Police", "--state", "co", "--timezone", "America/Denver")
    assert result.exit_code == 0, result.output
    assert (kit / "slides").is_dir() and (kit / "events").is_dir()
    profile = load_profile(kit)
    assert profile.agency.name == "Springfield Police" and profile.state == "CO"
    result = cli("deck", "build", "--kit", kit, "--out", tmp_path / "deck.pptx")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "deck.pptx").stat().st_size > 10_000


def test_init_rejects_bad_timezone_and_writes_nothing(tmp_path, cli):
    kit = tmp_path / "newkit"
    result = cli("init", kit, "--timezone", "Mars/Olympus")
    assert result.exit_code == 2
    assert "timezone" in result.stderr and "IANA" in result.stderr
    assert not (kit / "kit.toml").exists()


def test_init_example_copies_the_example_kit(tmp_path, cli):
    result = cli("init", tmp_path / "lake", "--example")
    assert result.exit_code == 0
    assert load_profile(tmp_path / "lake").agency.short_name == "Lakeview PD"


def test_presenters_availability(example_kit):
    import datetime as dt

    okafor, reyes, nguyen = load_profile(example_kit).presenters
    assert okafor.weekdays == frozenset({0, 1, 2, 3}) and reyes.weekdays == frozenset({1, 2, 3, 5})
    assert okafor.blackouts == {dt.date(2027, 2, 15), dt.date(2027, 5, 31)} | {
        dt.date(2027, 3, 15) + dt.timedelta(days=d) for d in range(5)}  # a range counts each of its days
    assert (okafor.max_talks_per_week, nguyen.max_talks_per_week) == (2, 1)
    assert (okafor.home_area, nguyen.preferred_groups) == ("north", ("old-town",))


def test_a_presenter_without_availability_can_do_any_day(tmp_path, cli):
    assert cli("init", tmp_path / "k").exit_code == 0
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
