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
from pypdf import PdfReader

from kit import dates
from kit.build import MANIFEST, _kit_inputs_digest, _up_to_date, plan_tasks
from kit.printing import FONT_FAMILY
from kit.resources import data_path, example_kit_path, template_path
from kit.sheets import Expected, write_session_sheets
from kit.workspace import Kit
from printed import pdf_fonts, pdf_syntax_errors, pdf_text, pdf_words

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


def test_loading_weasyprint_leaves_ctypes_find_library_as_it_was():
    """WeasyPrint loads its libraries with ctypes' find_library silenced (kit/printing.py); it is given back."""
    import ctypes.util

    from kit.printing import _without_find_library, require_printing

    find_library = ctypes.util.find_library
    with _without_find_library():
        assert sys.platform != "linux" or ctypes.util.find_library("c") is None
    require_printing()
    assert ctypes.util.find_library is find_library


def _layouts(monkeypatch) -> list[str]:
    """The HTML of each document WeasyPrint lays out from now on."""
    from weasyprint import HTML

    laid_out, render = [], HTML.render
    monkeypatch.setattr(HTML, "render", lambda self, *args, **kwargs: laid_out.append(self) or render(self, *args,
                                                                                                        **kwargs))
    return laid_out


def _printed_alone(monkeypatch) -> list[str]:
    """The HTML of each document html_to_pdfs prints alone from now on."""
    from kit import printing

    alone, html_to_pdf = [], printing.html_to_pdf
    monkeypatch.setattr(printing, "html_to_pdf", lambda html: alone.append(html) or html_to_pdf(html))
    return alone


def _square(fill: str) -> str:
    from urllib.parse import quote

    svg = f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 2 2"><rect width="1" height="1" fill="{fill}"/></svg>'
    return "data:image/svg+xml," + quote(svg, safe="")


def test_documents_that_differ_only_in_swapped_spans_are_laid_out_once(tmp_path, monkeypatch):
    """html_to_pdfs lays out and draws such documents once, and each swapped span and image once per document: each
    PDF reads as WeasyPrint prints that document alone, word by word and pixel by pixel, with its own title, and
    is well formed. A text wider in print than the longest one is laid out again, with every document."""
    from kit.printing import html_to_pdf, html_to_pdfs
    from printed import page_image

    page = ('<title>{title}</title><p>Starts at <span data-swap="start">{start}</span></p>'
            '<img data-swap="mark" src="{mark}" style="width: 20mm; height: 20mm; display: block">'
            '<p style="color: #555">Welcome, and why this talk · <span data-swap="s1">{s1}</span></p>'
            '<p>Nothing here changes.</p>' * 2)
    variants = [{"start": "6:30 PM", "s1": "minute 0-3 · 6:33 PM", "mark": _square("#000"), "title": "Evening"},
                {"start": "11:55 AM", "s1": "minute 0-3 · 11:58 AM", "mark": _square("#888"), "title": "Morning"},
                {"start": "9:00 AM", "s1": "minute 0-3 · 9:03 AM", "mark": _square("#000"), "title": "Nine"},
                {"start": "WWWWWW", "s1": "minute 0-3 · 9:03 AM", "mark": _square("#444"), "title": "Too wide"},
                {"start": "9:30 AM", "s1": "minute 0-3 · 9:33 AM", "mark": _square("#000"), "title": ""}]
    htmls = [page.format(**variant) for variant in variants]
    laid_out, alone = _layouts(monkeypatch), _printed_alone(monkeypatch)
    pdfs = html_to_pdfs(htmls)
    assert len(laid_out) == 2 and alone == []  # "WWWWWW" is shorter than "11:55 AM", and wider: laid out again
    for index, pdf in enumerate(pdfs):
        (tmp_path / "shared.pdf").write_bytes(pdf)
        (tmp_path / "alone.pdf").write_bytes(html_to_pdf(htmls[index]))
        assert pdf_syntax_errors(tmp_path / "shared.pdf") == []
        assert pdf_words(tmp_path / "shared.pdf") == pdf_words(tmp_path / "alone.pdf")
        shared, alone = (page_image(tmp_path / f"{name}.pdf", 1, tmp_path, dpi=50) for name in ("shared", "alone"))
        assert shared.tobytes() == alone.tobytes()
        assert PdfReader(tmp_path / "shared.pdf").metadata.title == (variants[index]["title"] or None)


def test_streams_compressed_once_for_all_documents_are_the_bytes_each_write_would_compress(monkeypatch):
    from kit import printing

    page = '<title>{0}</title><p>Starts at <span data-swap="start">{0}</span></p><p>Nothing here changes.</p>'
    htmls = [page.format(start) for start in ("6:30 PM", "11:55 AM", "9:00 AM")]
    once = printing.html_to_pdfs(htmls)
    monkeypatch.setattr(printing, "_compress_once", lambda pdf: None)
    assert printing.html_to_pdfs(htmls) == once


@pytest.mark.parametrize("style, texts", [("", ("Hall", "")), ("", ("Hall", "Main  Hall")),
                                          ("text-transform: uppercase", ("Hall", "Main Hall"))],
                         ids=["empty", "double space", "upper case"])
def test_a_swapped_text_that_layout_would_change_is_printed_alone(style, texts, tmp_path):
    from kit.printing import html_to_pdf, html_to_pdfs

    page = '<p style="{}"><span data-swap="where">{}</span></p><p>After</p>'
    htmls = [page.format(style, text) for text in texts]
    for html, pdf in zip(htmls, html_to_pdfs(htmls), strict=True):
        (tmp_path / "shared.pdf").write_bytes(pdf)
        (tmp_path / "alone.pdf").write_bytes(html_to_pdf(html))
        assert pdf_words(tmp_path / "shared.pdf") == pdf_words(tmp_path / "alone.pdf")


def test_a_swapped_text_that_a_shorter_one_could_have_followed_up_a_line_prints_each_document_alone(tmp_path):
    """The longest name does not fit after the talk's title and starts the next line; a shorter one, printed
    alone, ends the title's line."""
    from kit.printing import html_to_pdf, html_to_pdfs

    page = ('<p style="width: 80mm">Child sex and labor trafficking · <span data-swap="presenter" '
            'style="white-space: nowrap">{}</span></p><p>Venue,<br><span data-swap="address">{}</span></p>')
    htmls = [page.format(name, address) for name, address in (("Detective Kim Nguyen-Alvarez", "1 Elm Street"),
                                                               ("Kim Ng", "1200 Lakeview Parkway"))]
    for html, pdf in zip(htmls, html_to_pdfs(htmls), strict=True):
        (tmp_path / "shared.pdf").write_bytes(pdf)
        (tmp_path / "alone.pdf").write_bytes(html_to_pdf(html))
        assert pdf_words(tmp_path / "shared.pdf") == pdf_words(tmp_path / "alone.pdf")


def test_a_swapped_text_after_a_forced_line_break_shares_the_layout(monkeypatch):
    from kit.printing import html_to_pdfs

    page = '<p style="width: 70mm">Lakeview Community Church, Fellowship Hall,<br><span data-swap="a">{}</span></p>'
    laid_out = _layouts(monkeypatch)
    html_to_pdfs([page.format(address) for address in ("1 Elm Street", "1200 Lakeview Parkway")])
    assert len(laid_out) == 1


def test_a_swapped_text_the_same_in_every_document_may_break_across_lines(tmp_path, monkeypatch):
    from kit.printing import html_to_pdf, html_to_pdfs

    page = ('<p style="width: 30mm"><span data-swap="topic">Child sex and labor trafficking: what neighbors can do'
            '</span></p><p>Where: <span data-swap="where">{}</span></p>')
    htmls = [page.format(text) for text in ("Hall", "Library")]
    laid_out = _layouts(monkeypatch)
    pdfs = html_to_pdfs(htmls)
    assert len(laid_out) == 1
    for html, pdf in zip(htmls, pdfs, strict=True):
        (tmp_path / "shared.pdf").write_bytes(pdf)
        (tmp_path / "alone.pdf").write_bytes(html_to_pdf(html))
        assert pdf_words(tmp_path / "shared.pdf") == pdf_words(tmp_path / "alone.pdf")


def test_a_wider_text_that_would_break_in_a_layout_of_its_own_is_printed_alone(tmp_path, monkeypatch):
    """The W's are shorter than the i's but wider: laid out with them, they break, so the first layout stands and
    the W's are printed alone."""
    from kit.printing import html_to_pdf, html_to_pdfs

    page = '<p style="width: 40mm"><span data-swap="where">{}</span></p><p>After</p>'
    htmls = [page.format(text) for text in ("i i i i i i i i i i i", "i i i", "W W W W W W W W W W")]
    laid_out, alone = _layouts(monkeypatch), _printed_alone(monkeypatch)
    pdfs = html_to_pdfs(htmls)
    assert len(laid_out) == 3 and alone == [htmls[2]]  # the i's, the W's (found broken), the W's alone
    for html, pdf in zip(htmls, pdfs, strict=True):
        (tmp_path / "shared.pdf").write_bytes(pdf)
        (tmp_path / "alone.pdf").write_bytes(html_to_pdf(html))
        assert pdf_words(tmp_path / "shared.pdf") == pdf_words(tmp_path / "alone.pdf")


def test_a_swapped_text_that_breaks_across_lines_prints_each_document_alone(tmp_path, monkeypatch):
    from kit.printing import html_to_pdf, html_to_pdfs

    page = '<p style="width: 30mm">Where: <span data-swap="where">{}</span></p>'
    htmls = [page.format(text) for text in ("Hall", "The Lakeview Community Church, Fellowship Hall")]
    laid_out = _layouts(monkeypatch)
    pdfs = html_to_pdfs(htmls)
    assert len(laid_out) == 3  # the shared layout, found broken, then each alone
    for html, pdf in zip(htmls, pdfs, strict=True):
        (tmp_path / "shared.pdf").write_bytes(pdf)
        (tmp_path / "alone.pdf").write_bytes(html_to_pdf(html))
        assert pdf_words(tmp_path / "shared.pdf") == pdf_words(tmp_path / "alone.pdf")


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
