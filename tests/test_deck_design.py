"""The deck PowerPoint opens cleanly and looks designed: valid Open XML, one type scale, credits at the foot,
numbers whole and large, figures and quotes that fill their slides, pairs that line up, the agency's look.

Decks are built once (conftest ``built_decks``, ``season_decks``) and read back with python-pptx.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.enum.dml import MSO_COLOR_TYPE, MSO_FILL_TYPE
from pptx.enum.text import MSO_ANCHOR
from pptx.util import Pt

from conftest import SESSION_ID

DECKS = ("example", "45-minute", "agency template", "logo", "session")


def audit(deck: Path) -> list[str]:
    """openxml-audit's findings, as ``openxml-audit -m 0 DECK`` reports them."""
    from openxml_audit import OpenXmlValidator

    return [str(error) for error in OpenXmlValidator(max_errors=0).validate(deck).errors]


def slides_titled(deck: Path) -> dict[str, object]:
    return {slide.shapes.title.text_frame.text.replace("\v", " "): slide for slide in Presentation(str(deck)).slides}


def body_runs(slide):
    """(paragraph, run) of the slide's body placeholders and text boxes, leaving out title and foot."""
    for shape in slide.shapes:
        if shape.has_text_frame and shape != slide.shapes.title and shape.name not in ("Sources", "Slide number"):
            for paragraph in shape.text_frame.paragraphs:
                for run in paragraph.runs:
                    yield paragraph, run


@pytest.mark.parametrize("name", DECKS)
def test_openxml_audit_finds_nothing(built_decks, name):
    assert audit(built_decks[name]) == []


def test_the_season_s_decks_pass_openxml_audit_too(season_decks):
    assert len(season_decks) >= 2
    assert {deck.name: audit(deck) for deck in season_decks} == {deck.name: [] for deck in season_decks}


@pytest.mark.parametrize("name", ["example", "agency template"])
def test_body_text_is_one_size_on_every_content_slide(built_decks, name):
    """Bulleted text is the same size on every slide (a long list continues; nothing shrinks to fit)."""
    sizes = {}
    for title, slide in slides_titled(built_decks[name]).items():
        if title.startswith("Sources"):
            continue
        for paragraph, run in body_runs(slide):
            if paragraph._p.pPr is None or paragraph._p.pPr.find(
                    "{http://schemas.openxmlformats.org/drawingml/2006/main}buNone") is None:
                sizes.setdefault(run.font.size, title)
    assert len(sizes) == 1, sizes
    assert min(sizes) >= Pt(24)


def test_agenda_shows_topics_and_sections_show_no_minutes(built_decks):
    slides = slides_titled(built_decks["example"])
    agenda = slides["Agenda"].placeholders[1].text_frame.text
    assert "Understanding trafficking" in agenda and "Your questions" in agenda
    assert not re.search(r"minute", agenda, re.I)
    for slide in slides.values():
        if slide.slide_layout.name == "Section Header":
            text = " ".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)
            assert re.search(r"Part \d of \d", text) and not re.search(r"minute", text, re.I)


def test_a_title_never_ends_on_a_lone_word():
    """The newcomer's title broke as "... what Springfield neighbors can" / "do"."""
    from kit.textfit import Line, balanced, wrap

    title = Line("Child sex and labor trafficking: what Springfield neighbors can do", 36)
    widows = [width for width in range(200, 1400, 7) if len(wrap(title, width)[-1].split()) == 1]
    assert widows  # widths at which a text box, wrapping greedily, leaves "do" alone
    for width in widows:
        assert len(balanced(title, width)) == len(wrap(title, width))
        assert len(balanced(title, width)[-1].split()) >= 2
    assert balanced(title, 801.6) == ["Child sex and labor trafficking:", "what Springfield neighbors can do"]
    assert balanced(Line("Child sex and labor trafficking: what neighbors can do", 36), 801.6) == [
        "Child sex and labor trafficking:", "what neighbors can do"]


def test_the_title_slide_breaks_where_fit_chose(built_decks):
    first = Presentation(str(built_decks["45-minute"])).slides[0].shapes.title.text_frame.text
    lines = first.split("\v")
    assert len(lines) == 2 and all(len(line.split()) >= 2 for line in lines), lines


def test_numbers_and_addresses_are_never_broken_inside():
    from kit.textfit import Line, needs_breaks, wrap

    text = "National Human Trafficking Hotline (24/7, 200+ languages): 1-888-373-7888 · text 233733"
    for width in range(300, 800, 20):
        lines = wrap(Line(text, 28), width)
        assert any("1-888-373-7888" in line for line in lines) and any("(24/7," in line for line in lines)
    for width in range(300, 800, 20):
        vanity = wrap(Line("Worried about a child: 1-844-CO-4-KIDS (1-844-264-5437) · co4kids.org", 28), width)
        assert all(any(piece in line for line in vanity) for piece in ("1-844-CO-4-KIDS", "(1-844-264-5437)"))
    short = wrap(Line("Not sure, or want to talk it through: Lakeview PD, (303) 555-0142", 28), 420,
                 names=("Lakeview PD",))
    assert any("Lakeview PD," in line for line in short) and any("(303) 555-0142" in line for line in short)
    assert needs_breaks(text) and not needs_breaks("Know the signs: look for control")


def test_where_to_report_shows_its_numbers_large_each_whole(built_decks, example_profile):
    slide = slides_titled(built_decks["example"])["Where to report"]
    numbers = {run.text: run.font for _, run in body_runs(slide) if run.font.bold}
    expected = {example_profile.agency.non_emergency, *(c.number for key, c in example_profile.contacts.items()
                                                          if key in ("emergency", "state_hotline", "national_hotline",
                                                                     "cybertipline"))}
    assert set(numbers) == expected
    labels = {run.font.size for _, run in body_runs(slide) if not run.font.bold}
    assert all(font.size > max(labels) and font.size >= Pt(28) for font in numbers.values())
    assert len({font.size for font in numbers.values()}) == 1


def test_myths_and_facts_line_up_pair_by_pair(built_decks):
    slide = slides_titled(built_decks["example"])["Myth or fact?"]
    boxes = [shape for shape in slide.shapes if shape.has_text_frame and shape.name.startswith("TextBox")]
    rows: dict[int, list[str]] = {}
    for box in boxes:
        rows.setdefault(box.top, []).append(box.text_frame.text)
    assert ["Myth", "Fact"] in rows.values()
    assert ["Most victims are kidnapped by strangers", "Most are groomed over time by someone they know"] in \
        rows.values()
    assert all(len(texts) == 2 for texts in rows.values())


def test_figures_are_big_number_call_outs_local_ones_too(built_decks, example_kit, tmp_path, cli):
    slides = slides_titled(built_decks["example"])
    for title, figure in (("Closer to home", "17"), ("Runaways at risk (2014)", "1 in 6")):
        sizes = {run.text: run.font.size for _, run in body_runs(slides[title])}
        assert sizes[figure] >= Pt(72), title
    with open(example_kit / "kit.toml", "a", encoding="utf-8") as kit_toml:
        kit_toml.write('\n[stats.runaways]\nvalue = "1 in 6"\nwording = "endangered runaways reported to NCMEC in '
                       '2014 were likely victims of sex trafficking"\nsource = "iacp-2016"\nyear = 2014\n')
    result = cli("deck", "build", "--kit", example_kit, "--recipe", "block-watch-45", "--out", tmp_path / "d.pptx")
    assert result.exit_code == 0, result.output
    local = slides_titled(tmp_path / "d.pptx")["Closer to home"]
    figures = [(run.text, shape.top) for shape in local.shapes if shape.has_text_frame
               for p in shape.text_frame.paragraphs for run in p.runs if run.font.size and run.font.size >= Pt(60)]
    assert [text for text, _ in figures] == ["17", "1 in 6"] and len({top for _, top in figures}) == 1


def test_a_quote_fills_its_slide(built_decks):
    slide = slides_titled(built_decks["example"])["When it looks like a choice"]
    body = slide.placeholders[1].text_frame
    assert body.vertical_anchor == MSO_ANCHOR.MIDDLE
    sizes = {run.text: run.font.size for p in body.paragraphs for run in p.runs}
    quote = next(text for text in sizes if text.startswith("What looks like a choice"))
    assert sizes[quote] >= Pt(32) and sizes["\u201c"] > sizes[quote]
    assert "Police chiefs' guide" in body.text and "IACP" not in body.text


def test_content_slides_carry_the_agency_name_and_logo_at_the_foot(built_decks):
    plain, logo = (Presentation(str(built_decks[name])).slides for name in ("example", "logo"))
    content = [slide for slide in plain if slide.slide_layout.name == "Title and Content"]
    for slide in content:
        foot = next(shape for shape in slide.shapes if shape.name == "Slide number").text_frame.text
        assert foot.startswith("Lakeview PD")
    pictures = [[shape for shape in slide.shapes if shape.shape_type == 13] for slide in logo]
    assert len(pictures[0]) == 1 and pictures[0][0].width > Pt(100)  # the title slide's logo
    foot_logos = [p for slide in pictures[1:] for p in slide]
    assert foot_logos and all(p.width <= Pt(30) for p in foot_logos)
    assert all(p._element.nvPicPr.cNvPr.get("descr") == "Lakeview Police Department badge" for p in foot_logos)


def test_an_agency_template_keeps_its_layouts_and_its_colours(built_decks):
    """The template's layouts and theme draw the deck; the built-in template is drawn in the agency's colours."""
    ours = slides_titled(built_decks["agency template"])
    assert {slide.slide_layout.name for slide in ours.values()} <= {"Title Slide", "Title and Content",
                                                                    "Section Header", "Two Content"}
    figure = next(run for _, run in body_runs(ours["Runaways at risk (2014)"]) if run.text == "1 in 6")
    assert figure.font.color.type == MSO_COLOR_TYPE.SCHEME
    assert ours["Agenda"].background.fill.type == MSO_FILL_TYPE.BACKGROUND  # the template's own background
    builtin = slides_titled(built_decks["example"])
    section = next(slide for slide in builtin.values() if slide.slide_layout.name == "Section Header")
    assert str(section.background.fill.fore_color.rgb) == "1F3A5F"
    figure = next(run for _, run in body_runs(builtin["Runaways at risk (2014)"]) if run.text == "1 in 6")
    assert str(figure.font.color.rgb) == "B5302A"


def test_deck_build_for_a_session_takes_its_date_time_venue_presenter_and_recipe(built_decks, example_profile):
    deck = built_decks["session"]
    first = " ".join(shape.text_frame.text for shape in Presentation(str(deck)).slides[0].shapes
                     if shape.has_text_frame)
    assert "Tuesday, February 16, 2027" in first and "Lakeview Fire Station 3" in first
    assert "Sergeant Luis Reyes" in first
    props = Presentation(str(deck)).core_properties
    assert props.author == "Sergeant Luis Reyes" and props.title.endswith("what neighbors can do")  # block-watch-60
    runsheet = deck.with_name("talk-runsheet.md").read_text()
    assert "| 19:00-19:01 | 0-1 | Title and agenda" in runsheet and "starts 19:00" in runsheet


def test_deck_build_for_a_session_names_the_deck_after_it(example_kit, tmp_path, cli, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = cli("deck", "build", "--kit", example_kit, "--session", SESSION_ID, "--date", "Someday")
    assert result.exit_code == 0, result.output
    first = Presentation(str(tmp_path / f"{SESSION_ID}.pptx")).slides[0]
    assert "Someday · Lakeview Fire Station 3" in " ".join(s.text_frame.text for s in first.placeholders)
    assert not list(tmp_path.glob("*.pdf"))  # materials only when asked


def test_deck_build_for_an_unknown_cancelled_or_non_talk_session(example_kit, tmp_path, cli):
    result = cli("deck", "build", "--kit", example_kit, "--session", "old-town-talk-2072", "--out",
                 tmp_path / "d.pptx")
    assert result.exit_code == 2
    assert "unknown session 'old-town-talk-2072'" in result.stderr and SESSION_ID in result.stderr
    from kit.workspace import Kit

    meeting = next(s for s in Kit.open(example_kit).season.meetings() if s.group.id == "old-town")
    result = cli("deck", "build", "--kit", example_kit, "--session", meeting.id, "--out", tmp_path / "d.pptx")
    assert result.exit_code == 2 and f"the talk of old-town is '{SESSION_ID}'" in result.stderr
    assert cli("events", "cancel", SESSION_ID, "--kit", example_kit).exit_code == 0
    result = cli("deck", "build", "--kit", example_kit, "--session", SESSION_ID, "--out", tmp_path / "d.pptx")
    assert result.exit_code == 2 and f"talk '{SESSION_ID}' is cancelled" in result.stderr
    assert not list(tmp_path.glob("d*"))


@pytest.mark.skipif(shutil.which("fc-match") is None, reason="measuring a template's own font needs fontconfig")
def test_a_template_font_is_measured_as_this_machine_draws_it():
    import subprocess

    from kit.textfit import FontMetrics, metrics

    drawn = subprocess.run(["fc-match", "-f", "%{file}", "Calibri:regular"], capture_output=True, text=True,
                           check=True).stdout
    text = "children recovered from sex trafficking in the U.S. by FBI Innocence Lost task forces"
    assert metrics(False, "Calibri").width(text, 28) == FontMetrics.read(Path(drawn)).width(text, 28)
    assert metrics(False, "Arial").width(text, 28) == metrics(False, "").width(text, 28)  # the bundled twin


@pytest.mark.parametrize("bold", [False, True])
def test_the_bundled_font_s_saved_advances_are_the_font_s_own(bold):
    """The bundled Liberation Sans is measured with the advances saved beside it (LiberationSans-*.metrics.json,
    written by benchmarks/make_font_metrics.py, which reads glyphs by number): each character's is the one
    fontTools gives through the font's own glyph names, so a changed font with stale metrics fails here."""
    from fontTools.ttLib import TTFont

    from kit.resources import data_path
    from kit.textfit import FontMetrics, metrics

    path = data_path("fonts", "LiberationSans-Bold.ttf" if bold else "LiberationSans-Regular.ttf")
    font = TTFont(str(path))
    advances = font["hmtx"].metrics
    expected = {chr(code): advances[name][0] for code, name in font.getBestCmap().items()}
    assert len(expected) > 2000
    for measured in (metrics(bold), FontMetrics.read(path)):
        assert measured.units == font["head"].unitsPerEm
        assert {char: measured.advance(char) for char in expected} == expected
