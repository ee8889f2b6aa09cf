"""The presenter's script and the audience take-home beside a deck, read back from their PDFs."""

from __future__ import annotations

import re

import pytest
from pypdf import PdfReader

from kit.deck import DeckOptions
from kit.workspace import Kit
from printed import pdf_text


def flowing(pdf) -> str:
    return " ".join(pdf_text(pdf, layout=False).split())


@pytest.fixture(scope="session")
def script(built_decks):
    return flowing(built_decks["example"].with_name("lakeview-script.pdf"))


@pytest.fixture(scope="session")
def takehome(built_decks):
    return built_decks["example"].with_name("lakeview-takehome.pdf")


def test_the_script_follows_the_deck_slide_by_slide_with_clock_times(script, built_decks):
    from pptx import Presentation

    titles = [slide.shapes.title.text_frame.text.replace("\v", " ") for slide in
              Presentation(str(built_decks["example"])).slides]
    at = 0
    for number, title in enumerate(titles, 1):
        found = script.find(f"{number} {title}", at)
        assert found >= 0, (number, title)
        at = found
    assert "Presenter's script · Tuesday, January 12, 2027 · Lakeview Library" in script
    assert "runs 60 minutes · for the presenter, not the audience Presenter: Officer Dana Okafor Starts at 6:30 PM" \
        in script
    assert re.search(r"Where to report minute 5\d-60 · 7:\d\d PM", script)


def test_the_script_has_each_slide_s_outline_notes_and_sources(script):
    assert "Most victims are kidnapped by strangers" not in script  # the outline is the slide's own text:
    assert "Myth: most victims are kidnapped by strangers" in script
    assert "Welcome, everyone. I'm Officer Dana Okafor." in script  # the notes
    assert "Tip: Read each myth and ask for a show of hands" in script
    assert "Sources: CO4Kids; IACP 2016; CO4Kids guide" in script  # the slide's source line
    assert "IACP 2016: International Association of Chiefs of Police" in script  # the full list at the end


def test_the_script_says_where_an_optional_module_can_be_skipped(script, built_decks, example_profile):
    from pptx import Presentation

    from kit.content import load_library

    titles = [slide.shapes.title.text_frame.text.replace("\v", " ") for slide in
              Presentation(str(built_decks["example"])).slides]
    headers = []
    for number, title in enumerate(titles, 1):
        headers.append(script.find(f"{number} {title} ", headers[-1] if headers else 0))
    cues = {}
    for cue in re.finditer(r"Optional \((\d+) min\): if the talk runs long, skip to slide (\d+), “([^”]+)”", script):
        number = max(n for n, at in enumerate(headers, 1) if at < cue.start())
        cues[titles[number - 1]] = (number, int(cue[1]), int(cue[2]), cue[3])
    assert len(cues) >= 3
    for number, minutes, slide, after in cues.values():
        assert titles[slide - 1] == after and slide > number and minutes >= 1
    myths = load_library(example_profile).modules["myths-facts"]
    assert myths.optional and cues["Myth or fact?"][1] == myths.minutes
    assert "Why we are here tonight" not in cues  # welcome is not optional


def test_the_take_home_has_every_number_the_signs_and_the_sources_but_no_notes(takehome, example_profile):
    text = flowing(takehome)
    assert len(PdfReader(str(takehome)).pages) <= 2
    numbers = [c.number for c in example_profile.contacts.values() if c.number]
    assert numbers and all(number in text for number in numbers + [example_profile.agency.non_emergency])
    assert "Signs a child may be trafficked" in text and "Answers that sound scripted or rehearsed" in text
    assert "Never confront someone you suspect of trafficking." in text
    assert "IACP 2016: International Association of Chiefs of Police" in text
    assert "Welcome, everyone" not in text and "Tip:" not in text  # no speaker notes


def test_a_session_s_script_counts_from_its_start(built_decks):
    text = flowing(built_decks["session"].with_name("talk-script.pdf"))
    assert "Presenter's script · Tuesday, February 16, 2027 · Lakeview Fire Station 3" in text
    assert "Presenter: Sergeant Luis Reyes" in text
    assert "Starts at 7:00 PM" in text and re.search(r"minute 1\S* · 7:01 PM", text)


def test_scripts_for_several_presenters_and_start_times_read_as_if_each_were_laid_out_alone(tmp_path, monkeypatch):
    """A season lays a talk's script out once and sets only its clock times and the presenter's name for each
    presenter and start time; the presenters' take-homes of one talk are laid out once too."""
    import datetime as dt
    from dataclasses import replace

    from weasyprint import HTML

    from kit.deck import deck_slides
    from kit.deck.materials import script_html, takehome_html, write_script, write_takehome
    from kit.pdf import html_to_pdfs
    from kit.resources import example_kit_path
    from printed import pdf_words

    kit = Kit.open(example_kit_path())
    plan = kit.plan("block-watch-45")
    talks = {options: deck_slides(kit.profile, kit.library, plan, options)
             for options in (DeckOptions(recipe="block-watch-45", presenter=presenter)
                             for presenter in ("reyes", "okafor"))}
    scripts = {(options, start): tmp_path / f"script-{options.presenter}-{start:%H%M}.pdf"
               for options in talks for start in (dt.time(18, 30), dt.time(11, 55))}
    takehomes = {options: tmp_path / f"takehome-{options.presenter}.pdf" for options in talks}
    renders, render = [], HTML.render
    monkeypatch.setattr(HTML, "render", lambda self, *args, **kwargs: renders.append(self) or render(self, *args,
                                                                                                       **kwargs))
    htmls = [script_html(kit.profile, plan, talks[options], options, start, "deck.pptx") for options, start in scripts]
    htmls += [takehome_html(kit.profile, plan, talks[options], options) for options in takehomes]
    for target, pdf in zip([*scripts.values(), *takehomes.values()], html_to_pdfs(htmls), strict=True):
        target.write_bytes(pdf)
    assert len(renders) == 2  # the script once for both presenters and start times, the take-home once
    for (options, start), shared in scripts.items():
        alone = write_script(kit.profile, plan, talks[options], replace(options, start=start), tmp_path / "alone.pdf",
                             deck_name="deck.pptx")
        assert pdf_words(shared) == pdf_words(alone)  # every word, at the same place
    for options, shared in takehomes.items():
        alone = write_takehome(kit.profile, plan, talks[options], options, tmp_path / "alone.pdf")
        assert pdf_words(shared) == pdf_words(alone)
    noon = pdf_text(scripts[next(iter(talks)), dt.time(11, 55)])
    assert "11:55 AM" in noon and "11:55 AM" not in pdf_text(scripts[next(iter(talks)), dt.time(18, 30)])
    okafor = [pdf_text(pdf) for (options, _), pdf in scripts.items() if options.presenter == "okafor"]
    assert all("I'm Officer Dana Okafor." in text and "Sergeant Luis Reyes" not in text for text in okafor)
    assert "Dana Okafor" in pdf_text(takehomes[DeckOptions(recipe="block-watch-45", presenter="okafor")])


def test_a_draft_s_script_and_take_home_say_so_on_every_page(tmp_path):
    from kit.resources import example_kit_path

    deck, written = Kit.open(example_kit_path(), draft=True).build_deck(
        DeckOptions(recipe="block-watch-45", materials=True), tmp_path / "draft.pptx")
    for pdf in written[1:]:
        pages = PdfReader(str(pdf)).pages
        assert all("DRAFT" in page.extract_text() for page in pages), pdf.name


def test_deck_run_sheet_and_materials_are_written_together_or_not_at_all(tmp_path, monkeypatch):
    from kit.resources import example_kit_path

    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("kit.deck.materials.html_to_pdf", broken)
    with pytest.raises(OSError):
        Kit.open(example_kit_path()).build_deck(DeckOptions(recipe="block-watch-45", materials=True),
                                                tmp_path / "talk.pptx")
    assert list(tmp_path.iterdir()) == []


def test_the_script_and_take_home_are_set_in_the_kit_fonts_only(built_decks):
    """No full system font embedded: the take-home is as small as a sheet (under 40 KiB)."""
    from printed import pdf_fonts

    kit_fonts = {"Blockwatch-Sans", "Blockwatch-Sans-Bold", "Blockwatch-Sans-Italic", "Blockwatch-Sans-BoldItalic"}
    for name in ("lakeview-script.pdf", "lakeview-takehome.pdf"):
        assert pdf_fonts(built_decks["example"].with_name(name)) <= kit_fonts, name
    assert built_decks["example"].with_name("lakeview-takehome.pdf").stat().st_size < 40 * 1024
