"""The print pipeline on any machine: every PDF set in the kit's own fonts (a name they lack still prints, in a
system font), and, where the system cannot print (Pango hidden from a real process), one line instead of a
traceback, while the demo still writes its decks and calendars."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from kit import dates
from kit.build import MANIFEST, _kit_inputs_digest, _up_to_date, plan_tasks
from kit.printing import FONT_FAMILY
from kit.resources import data_path, example_kit_path, template_path
from kit.sheets import Expected, write_session_sheets
from kit.workspace import Kit
from printed import pdf_fonts, pdf_text

ROOT = Path(__file__).resolve().parent.parent
KIT_FONTS = {"Blockwatch-Sans", "Blockwatch-Sans-Bold"}
SHIPPED = sorted(data_path("fonts").glob("DejaVuSans-Latin*.ttf"))
INSTALL = ("sudo apt install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0", "sudo dnf install pango",
           "brew install pango")


@pytest.fixture(scope="module")
def example() -> Kit:
    return Kit.open(example_kit_path())


@pytest.fixture(scope="module")
def talk(example):
    return next(t for t in example.season.talks() if not t.cancelled)


# ---- the kit's fonts ----------------------------------------------------------------------------------

def test_the_example_sign_up_sheet_is_set_in_the_kit_fonts_only_and_small(example, talk, tmp_path):
    """The footer, the page numbers in the margin and the table included: no full system font is embedded."""
    written = write_session_sheets(example.profile, [talk], tmp_path)
    sheets = [p for p in written if p.suffix == ".pdf"]
    assert {p.stem for p in sheets} == {"signup", "signin", "questions"}
    for pdf in sheets:
        assert pdf_fonts(pdf) == KIT_FONTS, pdf.name
    signup = next(p for p in sheets if p.stem == "signup")
    assert signup.stat().st_size < 40 * 1024
    assert re.search(r"Page 1 of \d", pdf_text(signup, 1))  # the @page margin box, set in the kit's font too


def test_a_name_the_kit_fonts_lack_still_prints_in_a_system_font(example, talk, tmp_path):
    latin = ["Łukasz Żółkiewski", "Zoë O’Brien-Dvořák", "Ștefan Țăranu", "Kaʻiulani Kahananui"]
    other = ["Nguyễn Thị Ánh", "Ольга Петрова"]
    write_session_sheets(example.profile, [talk], tmp_path, roster=tuple(Expected(n) for n in latin + other))
    signup = tmp_path / talk.id / "signup.pdf"
    text = pdf_text(signup, layout=False)
    for name in latin + other:
        assert name in text, name
    fonts = pdf_fonts(signup)
    assert KIT_FONTS <= fonts and fonts - KIT_FONTS, fonts  # the Vietnamese and Cyrillic letters: a system font


def test_a_chinese_name_prints_where_the_system_has_a_chinese_font(example, talk, tmp_path):
    found = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True).stdout.strip()
    if not found:
        pytest.skip("no font with Chinese characters on this machine (fc-list :lang=zh finds none)")
    write_session_sheets(example.profile, [talk], tmp_path, roster=(Expected("王秀英"),))
    assert "王秀英" in pdf_text(tmp_path / talk.id / "signup.pdf", layout=False)


def _printed_characters() -> set[str]:
    """Every character the kit itself prints: templates, built-in texts, slides (the take-home quotes them),
    the example kit, and dates and times as Babel words them in each locale the kit speaks."""
    files = [*template_path("print").iterdir(), *data_path().glob("*.toml"), *data_path("texts").glob("*.toml"),
             *(ROOT / "slides").rglob("*.md"), *example_kit_path().rglob("*.toml")]
    chars = set("".join(path.read_text(encoding="utf-8") for path in files if path.is_file()))
    moment = dt.datetime(2027, 9, 8, 18, 30)
    for locale in ("en_US", "es_US"):
        chars |= set(dates.long_date(moment, locale) + dates.clock(moment, locale)
                     + dates.meeting_time(moment, moment + dt.timedelta(hours=1), locale))
    return {c for c in chars if c.isprintable() or c in "\u00a0\u2009\u202f"}


@pytest.mark.parametrize("font", SHIPPED, ids=lambda path: path.stem)
def test_the_kit_fonts_hold_every_character_the_kit_prints(font):
    cmap = TTFont(font)["cmap"].getBestCmap()
    missing = sorted(c for c in _printed_characters() if ord(c) not in cmap)
    assert not missing, [f"U+{ord(c):04X} {c}" for c in missing]


def test_no_print_template_names_another_font():
    """One rule in print.css sets the font of everything: a rule naming a system font would embed it whole."""
    declared = []
    for path in template_path("print").iterdir():
        text = re.sub(r"/\*.*?\*/", "", path.read_text(encoding="utf-8"), flags=re.S)  # CSS comments
        declared += [(path.name, value.strip()) for value in re.findall(r"font(?:-family)?\s*:\s*([^;}]+)", text)]
    assert declared and all(value == FONT_FAMILY for _, value in declared), declared


def test_the_kit_fonts_are_declared_for_every_style():
    """Regular, bold, italic and bold italic each have their face, so none is taken from a system font."""
    css = data_path("fonts", "print-fonts.css").read_text(encoding="utf-8")
    faces = re.findall(r"@font-face\s*{([^}]*)}", css)
    styles = {(re.search(r"font-weight:\s*(\w+)", f)[1], re.search(r"font-style:\s*(\w+)", f)[1]) for f in faces}
    assert styles == {("normal", "normal"), ("bold", "normal"), ("normal", "italic"), ("bold", "italic")}
    for face in faces:
        assert f'font-family: {FONT_FAMILY.split(",")[0]};' in face
        assert data_path("fonts", re.search(r"url\(([^)]+)\)", face)[1]).is_file()


# ---- a machine without Pango ----------------------------------------------------------------------------

@pytest.fixture(scope="session")
def without_pango(tmp_path_factory) -> dict[str, str]:
    """The environment of a machine without Pango: the dynamic loader finds an empty file of Pango's name before
    the real library. WeasyPrint loads Pango through cffi's dlopen under fixed names (libpango-1.0-0, then what
    ctypes' find_library finds, then libpango-1.0.so.0); each fails, as on a machine that lacks it."""
    if sys.platform != "linux":
        pytest.skip("hides Pango with LD_LIBRARY_PATH, which only Linux's dynamic loader honours for every process")
    folder = tmp_path_factory.mktemp("no-pango")
    (folder / "libpango-1.0.so.0").write_bytes(b"")
    env = {**os.environ, "LD_LIBRARY_PATH": os.pathsep.join(filter(None, [str(folder),
                                                                        os.environ.get("LD_LIBRARY_PATH")]))}
    probe = subprocess.run([sys.executable, "-c", "import weasyprint"], env=env, capture_output=True, text=True)
    if probe.returncode == 0 or "libpango" not in probe.stderr:
        pytest.skip("could not hide Pango from WeasyPrint on this machine")
    return env


def blockwatch(env: dict[str, str], *args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "cli.py"), *map(str, args)], env=env, capture_output=True,
                          text=True, timeout=300)


PRINTING_COMMANDS = {
    "handouts": ["handouts"],
    "sheets signup": ["sheets", "signup"],
    "sheets survey": ["sheets", "survey"],
    "events calendar": ["events", "calendar"],
    "report": ["report"],
}


@pytest.mark.parametrize("command", PRINTING_COMMANDS)
def test_without_pango_a_command_that_prints_says_what_to_install_in_one_line(without_pango, example_kit,
                                                                              tmp_path, command):
    result = blockwatch(without_pango, *PRINTING_COMMANDS[command], "--kit", example_kit, "--out", tmp_path / "out")
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""  # WeasyPrint's own notice is not shown
    [line] = result.stderr.splitlines()
    assert line.startswith("error: cannot make PDFs: WeasyPrint could not load the system library 'libpango")
    assert all(install in line for install in INSTALL), line
    assert not (tmp_path / "out").exists()  # nothing half-written


def test_without_pango_the_demo_writes_decks_calendars_and_invitations(without_pango, tmp_path):
    result = blockwatch(without_pango, "demo", "--out", tmp_path)
    assert result.returncode == 0, result.stderr
    assert len(list((tmp_path / "decks").glob("*.pptx"))) == 4
    assert (tmp_path / "season" / "calendar" / "season.ics").is_file()
    groups = [p.parent for p in (tmp_path / "season").glob("*/deck.pptx")]
    assert groups and all(list((group / "invitations").glob("*.eml")) for group in groups)
    assert not list(tmp_path.rglob("*.pdf")) and not (tmp_path / "report").exists()
    [note] = result.stderr.splitlines()  # said once, for the season and the report alike
    assert note.startswith("note: skipped every PDF (sheets, cards, handouts, the presenter's scripts and "
                           "take-homes, the report): WeasyPrint could not load the system library 'libpango")
    assert all((group / "deck-runsheet.md").is_file() for group in groups)
    assert all(install in note for install in INSTALL), note
    assert "Traceback" not in result.stderr and "WeasyPrint could not import" not in result.stdout

    # Once the machine can print, nothing of that build counts as done: every group gets its sheets.
    kit = Kit.open(tmp_path / "kit")
    manifest = json.loads((tmp_path / "season" / MANIFEST).read_text())
    tasks = plan_tasks(kit.season, kit.state, dt.datetime.now(kit.profile.zone), _kit_inputs_digest(kit))
    assert "handouts" not in manifest and "handouts" in {t.key for t in tasks}
    assert not [t.key for t in tasks if _up_to_date(t, manifest, tmp_path / "season")]


def test_without_pango_deck_build_writes_the_deck_and_says_which_materials_it_skipped(without_pango, example_kit,
                                                                                      tmp_path):
    """The deck is the command's work and serves without its papers: written, exit 0, one note naming the two PDFs."""
    result = blockwatch(without_pango, "deck", "build", "--kit", example_kit, "--materials",
                        "--out", tmp_path / "out" / "talk.pptx")
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["talk-runsheet.md", "talk.pptx"]
    [note] = result.stderr.splitlines()
    assert note.startswith("note: skipped talk-script.pdf and talk-takehome.pdf: WeasyPrint could not load")
    assert all(install in note for install in INSTALL), note
