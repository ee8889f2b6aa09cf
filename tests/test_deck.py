"""The deck as its user gets it: open the .pptx and check slides, notes, titles, sources, sizes, pictures."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image as PILImage
from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.util import Pt

from kit.resources import example_kit_path
from printed import pdf_text

MODULE = """---
id: {id}
title: Module {id}
minutes: {minutes}
sources: [iacp-2016]
---

{body}
"""
LONG_BULLETS = "## Many signs\n\n" + "\n".join(
    f"- Sign number {i}: a child's movements seem closely controlled by someone who is not a guardian"
    for i in range(1, 15)) + "\n\n::: notes\nWalk through the signs.\n:::\n"


def texts_of(slide) -> list[str]:
    return [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]


def build(cli, kit: Path, out: Path, *args) -> Presentation:
    result = cli("deck", "build", "--kit", kit, "--out", out, *args)
    assert result.exit_code == 0, result.output
    return Presentation(str(out))


@pytest.fixture(scope="session")
def demo_deck(built_decks) -> Path:
    return built_decks["example"]


def test_every_slide_has_a_unique_title_in_its_title_placeholder(demo_deck):
    titles = []
    for slide in Presentation(str(demo_deck)).slides:
        title = slide.shapes.title
        assert title is not None and title.placeholder_format.type in (PP_PLACEHOLDER.TITLE,
                                                                        PP_PLACEHOLDER.CENTER_TITLE)
        assert title.text_frame.text.strip()
        titles.append(title.text_frame.text.strip().lower())
    assert len(titles) == len(set(titles))


def test_deck_frame_title_agenda_report_qa_sources(demo_deck):
    prs = Presentation(str(demo_deck))
    slides = list(prs.slides)
    first = " ".join(texts_of(slides[0]))
    assert "Lakeview Police Department" in first and "Officer Dana Okafor" in first
    assert "Tuesday, January 12, 2027" in first and "Lakeview Library" in first
    assert slides[1].shapes.title.text_frame.text == "Agenda"
    titles = [s.shapes.title.text_frame.text for s in slides]
    report = slides[titles.index("Where to report")]
    assert "1-844-CO-4-KIDS (1-844-264-5437)" in " ".join(texts_of(report))
    assert "911" in " ".join(texts_of(report))
    # Questions first; then the numbers stay up while the questions go on.
    assert titles.index("Questions and answers") + 1 == titles.index("Where to report")
    assert titles[-1].startswith("Sources")
    assert prs.slide_width == Pt(960) and prs.slide_height == Pt(540)


def test_speaker_notes_with_timing_cue_on_every_slide(demo_deck):
    total = None
    for slide in Presentation(str(demo_deck)).slides:
        notes = slide.notes_slide.notes_text_frame.text
        assert notes.strip(), slide.shapes.title.text_frame.text
        assert not re.search(r"\d\.\d", notes.split("]")[0]), notes[:80]  # whole minutes only
        match = re.search(r"^\[(?:about \d+ min · minutes \d+-\d+|at minute \d+) of (\d+)", notes)
        if slide.shapes.title.text_frame.text.startswith("Sources"):
            continue
        assert match, notes[:80]
        total = total or int(match.group(1))
        assert 45 <= total <= 60


def test_no_template_syntax_survives(demo_deck):
    for slide in Presentation(str(demo_deck)).slides:
        everything = " ".join(texts_of(slide)) + slide.notes_slide.notes_text_frame.text
        assert "{{" not in everything and "{%" not in everything and "[@" not in everything


def test_body_text_is_at_least_18pt(demo_deck):
    for slide in Presentation(str(demo_deck)).slides:
        for shape in slide.placeholders:
            for paragraph in shape.text_frame.paragraphs:
                for run in paragraph.runs:
                    assert run.font.size is None or run.font.size >= Pt(18), (shape.name, run.text)


def test_credits_leave_the_text_for_a_source_line_the_sources_slides_explain(demo_deck):
    """Bullets carry no "(IACP 2016)"; each slide that cites names its sources in one small line at its foot,
    and the Sources slides list every label used there with the full reference."""
    slides = list(Presentation(str(demo_deck)).slides)
    labels, sized = set(), set()
    for slide in slides:
        for shape in [] if slide.shapes.title.text_frame.text.startswith("Sources") else slide.placeholders:
            assert not re.search(r"\((IACP|CO4Kids)[^)]*\)", shape.text_frame.text), shape.text_frame.text
        line = next((shape for shape in slide.shapes if shape.name == "Sources"), None)
        if line is not None:
            text = line.text_frame.text
            assert re.fullmatch(r"Sources?: [^;]+(; [^;]+)*", text), text
            labels.update(text.split(": ", 1)[1].split("; "))
            sized |= {run.font.size for p in line.text_frame.paragraphs for run in p.runs}
    assert {"IACP 2016", "CO4Kids guide"} <= labels and sized == {Pt(12)}
    listed = " ".join(" ".join(texts_of(s)) for s in slides if s.shapes.title.text_frame.text.startswith("Sources"))
    assert all(f"{label}:" in listed for label in labels), labels


def test_document_properties(demo_deck):
    props = Presentation(str(demo_deck)).core_properties
    assert props.author == "Officer Dana Okafor"
    assert props.language == "en-US"
    assert props.title


def test_runsheet_has_clock_times(demo_deck):
    runsheet = demo_deck.with_name("lakeview-runsheet.md").read_text()
    assert "| 18:30-18:31 | 0-1 | Title and agenda" in runsheet
    assert "Questions and answers" in runsheet


@pytest.fixture(scope="session")
def demo_pdf(demo_deck, tmp_path_factory) -> Path:
    """The example deck as LibreOffice draws it."""
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice is installed by .ci/run")
    out = tmp_path_factory.mktemp("lo")
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{out}/profile", "--convert-to", "pdf",
                    "--outdir", str(out), str(demo_deck)], check=True, capture_output=True, timeout=240)
    return out / "lakeview.pdf"


def test_libreoffice_opens_the_deck_one_page_per_slide(demo_deck, demo_pdf):
    from pypdf import PdfReader

    assert len(PdfReader(str(demo_pdf)).pages) == len(Presentation(str(demo_deck)).slides)


def test_libreoffice_keeps_every_phone_number_on_one_line(demo_pdf, example_profile):
    """Each number of the profile, and each web address the reporting slide shows, is whole on a line wherever
    the deck shows it (LibreOffice would break "1-888-373-" / "7888" after a hyphen). A number given twice, in
    letters and in digits ("1-844-CO-4-KIDS (1-844-264-5437)"), may put each on a line of its own."""
    from kit.textfit import words

    lines = [" ".join(line.split()) for line in pdf_text(demo_pdf).splitlines()]
    flowing = " ".join(lines)
    contacts = [c for c in example_profile.contacts.values() if c.accepts_trafficking is not False]
    numbers = {piece for number in (example_profile.agency.non_emergency, *(c.number for c in contacts))
               for piece in (number[s:e] for s, e in words(number))} | {c.url for c in contacts if c.url}
    shown = [number for number in numbers if number in flowing]
    assert {"1-844-CO-4-KIDS", "(1-844-264-5437)", "1-888-373-7888", "1-800-843-5678", "(303) 555-0142",
            "humantraffickinghotline.org"} <= set(shown)
    for number in shown:
        assert flowing.count(number) == sum(line.count(number) for line in lines), number


def test_long_list_continues_on_a_new_slide(example_kit, tmp_path, cli, add_module, add_recipe):
    add_module(example_kit, "signs.md", MODULE.format(id="signs", minutes=5, body=LONG_BULLETS))
    add_recipe(example_kit, "long", ["signs"])
    prs = build(cli, example_kit, tmp_path / "d.pptx", "--recipe", "long")
    titles = [s.shapes.title.text_frame.text for s in prs.slides]
    assert "Many signs" in titles and "Many signs (continued)" in titles
    body = " ".join(" ".join(texts_of(s)) for s in prs.slides)
    assert all(f"Sign number {i}:" in body for i in range(1, 15))
    notes = {s.shapes.title.text_frame.text: s.notes_slide.notes_text_frame.text for s in prs.slides}
    assert "Walk through the signs." in notes["Many signs"]
    assert "Walk through the signs." not in notes["Many signs (continued)"]
    assert "Continued from the previous slide" in notes["Many signs (continued)"]


def test_paragraph_too_long_for_any_slide_is_an_error_naming_the_module(example_kit, tmp_path, cli, add_module,
                                                                        add_recipe):
    body = "## Wall of text\n\n" + "word " * 900
    path = add_module(example_kit, "wall.md", MODULE.format(id="wall", minutes=5, body=body))
    add_recipe(example_kit, "wall", ["wall"])
    result = cli("deck", "build", "--kit", example_kit, "--recipe", "wall", "--out", tmp_path / "d.pptx")
    assert result.exit_code == 2
    assert str(path) in result.stderr and "module 'wall'" in result.stderr
    assert not (tmp_path / "d.pptx").exists()


def test_picture_gets_its_alt_text(example_kit, tmp_path, cli, add_module, add_recipe):
    PILImage.new("RGB", (400, 300), "navy").save(example_kit / "slides" / "map.png")
    add_module(example_kit, "pic.md", MODULE.format(
        id="pic", minutes=2, body="## Where we meet\n\n![Map of the library's community room](map.png)\n"))
    add_recipe(example_kit, "pic", ["pic"])
    prs = build(cli, example_kit, tmp_path / "d.pptx", "--recipe", "pic")
    pictures = [shape for slide in prs.slides for shape in slide.shapes if shape.shape_type == 13]
    assert len(pictures) == 1
    assert pictures[0]._element.nvPicPr.cNvPr.get("descr") == "Map of the library's community room"


@pytest.mark.parametrize("content,expected", [(None, "image not found"), (b"not a png", "is not a readable image")])
def test_missing_or_corrupt_image(example_kit, tmp_path, cli, add_module, add_recipe, content, expected):
    if content is not None:
        (example_kit / "slides" / "map.png").write_bytes(content)
    add_module(example_kit, "pic.md", MODULE.format(id="pic", minutes=2, body="## Map\n\n![A map](map.png)\n"))
    add_recipe(example_kit, "pic", ["pic"])
    result = cli("deck", "build", "--kit", example_kit, "--recipe", "pic", "--out", tmp_path / "d.pptx")
    assert result.exit_code == 2
    assert expected in result.stderr and "map.png" in result.stderr
    assert list(tmp_path.glob("*.pptx")) == [] and list(tmp_path.glob(".*tmp")) == []


def test_agency_template_layouts_by_name(example_kit, tmp_path, cli, add_module, add_recipe):
    template = tmp_path / "agency.pptx"
    Presentation().save(str(template))
    add_module(example_kit, "one.md", MODULE.format(id="one", minutes=2, body="## One slide\n\n- a point\n"))
    add_recipe(example_kit, "one", ["one"])
    prs = build(cli, example_kit, tmp_path / "d.pptx", "--recipe", "one", "--template", template)
    assert prs.slide_width == Presentation(str(template)).slide_width
    assert [s.slide_layout.name for s in prs.slides][:2] == ["Title Slide", "Title and Content"]


def test_template_missing_corrupt_or_lacking_a_layout(example_kit, tmp_path, cli):
    corrupt = tmp_path / "corrupt.pptx"
    corrupt.write_bytes(b"PK\x03\x04 nonsense")
    lacking = tmp_path / "lacking.pptx"
    prs = Presentation()
    prs.slide_layouts.get_by_name("Two Content")._element.cSld.set("name", "Side by side")
    prs.save(str(lacking))
    cases = [(tmp_path / "nope.pptx", "template file not found"), (corrupt, "is not a readable .pptx template"),
             (lacking, "template has no layout named 'Two Content'")]
    for template, expected in cases:
        result = cli("deck", "build", "--kit", example_kit, "--out", tmp_path / "d.pptx", "--template", template)
        assert result.exit_code == 2, template
        assert expected in result.stderr and str(template) in result.stderr
    assert not (tmp_path / "d.pptx").exists()


def test_unwritable_output_folder(example_kit, tmp_path, cli):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = cli("deck", "build", "--kit", example_kit, "--out", blocker / "deck.pptx")
    assert result.exit_code == 2
    assert "cannot create output folder" in result.stderr and "--out" in result.stderr


def test_paragraph_properties_are_in_schema_order(demo_deck):
    """D5: a:buNone after a:lnSpc and a:spcBef, as ECMA-376's CT_TextParagraphProperties orders them."""
    import zipfile

    from lxml import etree

    from kit.deck.pptx_xml import PARAGRAPH_PROPERTIES

    a = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
    order = [a + tag.split(":")[1] for tag in PARAGRAPH_PROPERTIES]
    checked = 0
    with zipfile.ZipFile(demo_deck) as package:
        for name in package.namelist():
            if name.startswith("ppt/slides/slide") and name.endswith(".xml"):
                for ppr in etree.fromstring(package.read(name)).iter(a + "pPr"):
                    tags = [child.tag for child in ppr]
                    positions = [order.index(tag) for tag in tags if tag in order]
                    assert positions == sorted(positions), (name, tags)
                    checked += a + "buNone" in tags
    assert checked > 20


def test_copied_slides_are_each_their_own(built_decks):
    """Slides, notes slides and foot boxes are copies of the first python-pptx made (kit/deck/parts.py, stamps.py):
    each slide still has shape ids of its own, its own notes slide named after it, and its own text."""
    for name, path in built_decks.items():
        prs = Presentation(str(path))
        titles = []
        for number, slide in enumerate(prs.slides, 1):
            ids = [shape.shape_id for shape in slide.shapes]
            assert len(ids) == len(set(ids)), (name, number, ids)
            notes = slide.notes_slide
            assert notes.part.partname == f"/ppt/notesSlides/notesSlide{number}.xml", name
            assert notes.part.part_related_by(RT.SLIDE) is slide.part, (name, number)
            assert notes.notes_text_frame.text.strip(), (name, number)
            titles.append(slide.shapes.title.text_frame.text)
            numbers = [shape for shape in slide.shapes if shape.name == "Slide number"]
            assert all(shape.text_frame.text.endswith(str(number)) for shape in numbers), (name, number)
        assert len(titles) > 40 and len(set(titles)) > len(titles) // 2, name


def test_title_slide_session_details_follow_the_locale_not_the_machine():
    import datetime as dt
    from zoneinfo import ZoneInfo

    from kit.deck import session_details
    from kit.events import TALK, Group, Person, Session, Venue
    from kit.profile import Presenter

    venue = Venue("Library", "1 Main St")
    group = Group("g", "G", "N", Person("P", "p@example.org"), venue)
    start = dt.datetime(2027, 1, 5, 18, 30, tzinfo=ZoneInfo("America/Denver"))
    session = Session(id="g-2027-01-05", group=group, start=start, end=start, capacity=0, topic="t", kind=TALK,
                      presenter=Presenter("x", "X", "", "x@example.org"), recipe="r")
    assert session_details(session, "en_US") == "Tuesday, January 5, 2027 · Library, 1 Main St"
    assert session_details(session, "es_US").startswith("martes, 5 de enero de 2027 · ")


def test_fit_reads_only_the_measured_boxes():
    """Fitting is pure: it needs a Layouts value (measured once per template), never the template itself. A list
    too long for its box continues on a new slide at the deck's one body size."""
    from kit.deck import SlideSpec, fit, para
    from kit.deck.layout import Box, Layout, Layouts

    def layouts(height: float) -> Layouts:
        layout = Layout(name="measured", slide_layout=None, title=Box(800, 60), bodies=(Box(800, height),) * 2,
                        body_idx=(1, 2))
        return Layouts({kind: layout for kind in ("title", "content", "section", "two")})

    spec = SlideSpec(kind="content", title="Signs", blocks=tuple(para(f"Sign {i}: a long enough line of text")
                                                                 for i in range(8)))
    [roomy] = fit([spec], layouts(400))
    assert roomy.body_size == 28 and roomy.title_size == 36
    cramped = fit([spec], layouts(120))
    assert [s.title for s in cramped][:2] == ["Signs", "Signs (continued)"]
    assert sum(len(s.blocks) for s in cramped) == 8 and len({s.body_size for s in cramped}) == 1


def test_python_pptx_s_queries_answer_the_same_compiled_once(built_decks):
    """kit/deck/pptx_setup.py compiles each of python-pptx's XPath queries once: every query python-pptx's
    source asks gives the same answer as through python-pptx's own method, on the elements of a built deck."""
    import itertools

    import pptx
    from pptx.oxml.xmlchemy import BaseOxmlElement

    from kit.deck import pptx_setup

    assert BaseOxmlElement.xpath is pptx_setup.xpath and pptx_setup.ORIGINAL.__qualname__ == "BaseOxmlElement.xpath"
    source = "\n".join(path.read_text(encoding="utf-8") for path in Path(pptx.__file__).parent.rglob("*.py"))
    queries = set(re.findall(r"""\.xpath\(\s*(?:"([^"]+)"|'([^']+)')\s*\)""", source))
    queries = {double or single for double, single in queries}
    assert {"./*[1]/p:nvPr/p:ph", "//@id"} <= queries and len(queries) > 30
    prs = Presentation(str(built_decks["example"]))
    owners = [prs.slide_master, prs.slide_layouts[0], *itertools.islice(prs.slides, 2),
              prs.slides[0].notes_slide]
    elements = [element for owner in owners for element in owner.element.iter()
                if isinstance(element, BaseOxmlElement)]
    assert len(elements) > 200
    for query in sorted(queries):
        for element in elements:
            assert pptx_setup.xpath(element, query) == pptx_setup.ORIGINAL(element, query), (query, element.tag)


def test_a_deck_without_pictures_never_runs_pillow(tmp_path):
    """kit/deck/pptx_setup.py defers Pillow, which python-pptx imports as it loads, until a picture needs it
    (the decks with a logo or a picture module, built above, need it and have it)."""
    code = ("import sys, cli\nsys.argv = ['blockwatch', 'deck', 'build', '--kit', %r, '--out', %r]\n"
            "try:\n    cli.main()\nexcept SystemExit:\n    pass\n"
            "print(sorted(name for name in sys.modules if name.startswith('PIL.') and name != 'PIL._version'))"
            % (str(example_kit_path()), str(tmp_path / "deck.pptx")))
    result = subprocess.run([sys.executable, "-c", code], cwd=Path(__file__).parent.parent, capture_output=True,
                            text=True, check=True)
    assert result.stdout.strip().splitlines()[-1] == "['PIL.Image', 'PIL.ImageFont']"  # imported, never run
    assert (tmp_path / "deck.pptx").is_file()
