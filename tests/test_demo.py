"""``blockwatch demo`` copies the example kit; a second demo keeps the user's edits and replaces an old copy."""

from __future__ import annotations

from kit.demo import COPIED, _digest, _fresh_copy
from kit.resources import example_kit_path

EXAMPLE = (example_kit_path() / "kit.toml").read_text(encoding="utf-8")


def test_a_second_demo_keeps_the_users_edits(tmp_path):
    kit, marker = tmp_path / "kit", tmp_path / COPIED
    assert _fresh_copy(kit, marker) == f"copied the example kit to {kit}"
    assert (kit / "kit.toml").read_text(encoding="utf-8") == EXAMPLE
    (kit / "kit.toml").write_text(EXAMPLE.replace("Lakeview", "Springfield"), encoding="utf-8")
    assert _fresh_copy(kit, marker) == f"kept your edited kit in {kit} (delete it to start again from the example)"
    assert "Springfield" in (kit / "kit.toml").read_text(encoding="utf-8")


def test_an_unedited_copy_of_an_older_example_is_replaced(tmp_path):
    kit, marker = tmp_path / "kit", tmp_path / COPIED
    _fresh_copy(kit, marker)
    (kit / "kit.toml").write_text("# the example as an older version shipped it\n", encoding="utf-8")
    marker.write_text(_digest(kit), encoding="utf-8")  # what that older demo recorded
    assert _fresh_copy(kit, marker) == f"copied the example kit to {kit}"
    assert (kit / "kit.toml").read_text(encoding="utf-8") == EXAMPLE


def test_the_state_file_is_no_edit(tmp_path):
    kit, marker = tmp_path / "kit", tmp_path / COPIED
    _fresh_copy(kit, marker)
    (kit / ".blockwatch-state.json").write_text("{}", encoding="utf-8")  # written by events invite
    assert _fresh_copy(kit, marker).startswith("copied")
