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
