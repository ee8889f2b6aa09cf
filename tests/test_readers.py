"""Reading what people save from spreadsheets: UTF-8 with or without a BOM, Excel's UTF-16 "Unicode text",
commas, semicolons or tabs."""

from __future__ import annotations

import pytest

from kit.errors import EventsError
from kit.readers import read_csv

ROWS = [(2, {"name": "Ana García", "rsvp": "yes"}), (3, {"name": "Bo", "rsvp": "no"})]


@pytest.mark.parametrize("encoding, mark", [("utf-8", ","), ("utf-8-sig", ","), ("utf-8-sig", ";"),
                                            ("utf-16", "\t"), ("utf-16", ",")])
def test_a_spreadsheets_csv_reads_the_same_however_it_was_saved(tmp_path, encoding, mark):
    path = tmp_path / "r.csv"
    path.write_text(f"name{mark}rsvp\nAna García{mark}yes\nBo{mark}no\n", encoding=encoding)
    assert read_csv(path, required=("name",), optional=("rsvp",)) == ROWS


def test_a_comma_inside_a_semicolon_file_is_part_of_its_cell(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("name;rsvp\nGarcía, Ana;yes\n", encoding="utf-8")
    assert read_csv(path, required=("name",), optional=("rsvp",)) == [(2, {"name": "García, Ana", "rsvp": "yes"})]


def test_too_many_cells_name_the_files_own_separator(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("name;rsvp\nAna;yes;extra\n", encoding="utf-8")
    with pytest.raises(EventsError, match="has 3 cells but the header has 2; quote cells that contain a semicolon"):
        read_csv(path, required=("name",), optional=("rsvp",))


def test_text_in_another_encoding_names_its_line(tmp_path):
    path = tmp_path / "r.csv"
    path.write_bytes("name\nAna\nGarc\u00eda\n".encode("latin-1"))
    with pytest.raises(EventsError, match="is not UTF-8 text; save it as 'CSV UTF-8'") as caught:
        read_csv(path, required=("name",))
    assert caught.value.line == 3
