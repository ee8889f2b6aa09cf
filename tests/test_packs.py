"""State packs: one core talk for every state; a state's own facts, rules and numbers only in its own decks."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pptx import Presentation

from kit.content import load_library, load_module, realize
from kit.errors import ContentError
from kit.packs import load_pack, overlay
from kit.contacts import builtin_contacts
from kit.profile import load_profile
from kit.resources import builtin_path, data_path, example_kit_path
from kit.sources import CITATION

from conftest import PRESENTER, fill_placeholders

CO_PACK = builtin_path("slides") / "states" / "co"
NUMBER = re.compile(r"(?<!\w)\d+(?:[.,]\d+)*(?!\w)")  # whole numbers only: not the 4 of "CO4Kids"


def deck_texts(path: Path) -> list[tuple[str, str]]:
    """(slide title, every text on the slide and in its speaker notes), read back with python-pptx."""
    out = []
    for slide in Presentation(str(path)).slides:
        texts = [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]
        out.append((slide.shapes.title.text_frame.text, " ".join(texts + [slide.notes_slide.notes_text_frame.text])))
    return out


@pytest.fixture(scope="module")
def state_decks(ohio_kit, washington_kit, tmp_path_factory) -> dict[str, list[tuple[str, str]]]:
    from typer.testing import CliRunner

    from cli import app

    out = tmp_path_factory.mktemp("state-decks")
    decks = {}
    for name, kit in (("OH", ohio_kit), ("WA", washington_kit), ("CO", example_kit_path())):
        for recipe in ("block-watch-45", "block-watch-60"):
            path = out / f"{name}-{recipe}.pptx"
            result = CliRunner().invoke(app, ["deck", "build", "--kit", str(kit), "--recipe", recipe,
                                              "--out", str(path)])
            assert result.exit_code == 0, result.output
            decks[f"{name} {recipe}"] = deck_texts(path)
    return decks


def _sentences_and_numbers(paths, context) -> tuple[set[str], set[str]]:
    sentences, numbers = set(), set()
    for path in paths:
        for slide in realize(load_module(path), context):
            for text in [slide.title, *slide.texts(), *(note.text for note in slide.notes)]:
                text = CITATION.sub("", text)
                parts = (part.strip().rstrip(".!?:;") for part in re.split(r"(?<=[.!?:;])\s+", text))
                sentences |= {part for part in parts if len(part) >= 25}
                numbers |= set(NUMBER.findall(text))
    return sentences, numbers


def colorado_strings() -> dict[str, set[str]]:
    """What only the Colorado pack says: its contacts, and the sentences and numbers of its modules that no core
    module says too (rendered with the Colorado example kit)."""
    context = load_profile(example_kit_path()).template_context()
    sentences, numbers = _sentences_and_numbers(sorted(CO_PACK.glob("*.md")), context)
    core_sentences, core_numbers = _sentences_and_numbers(sorted(builtin_path("slides").glob("*.md")), context)
    contacts = {value for contact in load_pack("CO").contacts.values()
                for key, value in contact.items() if key in ("label", "number", "url", "citation")}
    return {"sentences": sentences - core_sentences, "numbers": numbers - core_numbers, "contacts": contacts}


def test_colorado_pack_replaces_core_modules_in_colorado_only(ohio_kit):
    colorado = load_library(load_profile(example_kit_path()))
    ohio = load_library(load_profile(ohio_kit))
    replaced = {path.stem for path in CO_PACK.glob("*.md")}
    assert replaced and replaced <= set(ohio.modules)  # the pack replaces core modules; it adds none
    for module_id in replaced:
        assert colorado.modules[module_id].path.parent == CO_PACK
        assert ohio.modules[module_id].path.parent == builtin_path("slides")
        assert colorado.modules[module_id].minutes == ohio.modules[module_id].minutes


@pytest.mark.parametrize("state", ["OH", "WA"])
def test_no_colorado_string_in_another_state_s_deck(state, state_decks):
    strings = colorado_strings()
    assert strings["sentences"] and strings["numbers"] and strings["contacts"]
    for recipe in ("block-watch-45", "block-watch-60"):
        slides = state_decks[f"{state} {recipe}"]
        # The Sources slides may credit a Colorado publication (title, publisher, URL); nothing else may.
        shown = " ".join(text for title, text in slides if not title.startswith("Sources"))
        for kind in ("sentences", "contacts"):
            found = [s for s in strings[kind] if s in shown]
            assert not found, (state, recipe, kind, found)
        found = [n for n in strings["numbers"] if re.search(rf"(?<![\w,.]){re.escape(n)}(?![\w,])", shown)]
        assert not found, (state, recipe, "numbers", found)
        assert "Colorado" not in shown, (state, recipe)
        assert not any(value in text for title, text in slides for value in strings["contacts"]
                       if title.startswith("Sources") and value != "co4kids.org"), (state, recipe)


def test_the_colorado_deck_has_the_colorado_pack(state_decks):
    everything = " ".join(text for _, text in state_decks["CO block-watch-60"])
    strings = colorado_strings()
    missing = [s for s in strings["sentences"] if s not in everything]
    assert not missing, missing
    assert "1-844-CO-4-KIDS (1-844-264-5437)" in everything


def test_a_state_line_that_takes_trafficking_reports_is_named_as_confirmed(state_decks):
    slides = dict(state_decks["OH block-watch-45"])
    assert "(614) 555-0190" in slides["Who to call, and when"] and "(614) 555-0190" in slides["Where to report"]
    assert "we have confirmed that in our state it is the Ohio child abuse hotline (test)" in \
        slides["Who to call, and when"]


def test_a_state_line_that_does_not_take_trafficking_reports_is_left_out(state_decks):
    for recipe in ("block-watch-45", "block-watch-60"):
        slides = dict(state_decks[f"WA {recipe}"])
        assert "(360) 555-0191" not in " ".join(slides.values())
        for title in ("Who to call, and when", "Where to report"):
            assert "1-888-373-7888" in slides[title] and "(555) 555-0123" in slides[title], title


def test_a_state_without_a_pack_must_confirm_its_state_line(tmp_path, cli):
    kit = tmp_path / "texas"
    assert cli("init", kit, "--state", "TX", "--timezone", "America/Chicago", "--agency", "Austin PD",
               "--non-emergency", "(512) 555-0101").exit_code == 0
    fill_placeholders(kit, PRESENTER)  # the state line is left to confirm
    path = kit / "kit.toml"
    result = cli("deck", "build", "--kit", kit, "--out", tmp_path / "d.pptx")
    assert result.exit_code == 2
    fields = [re.search(r"field '([^']+)'", line)[1] for line in result.stderr.splitlines()]
    assert fields == [f"contacts.state_hotline.{name}"
                      for name in ("number", "citation", "verified", "accepts_trafficking")]
    # The number seen on a secondary page is written in, and still to confirm.
    assert "'contacts.state_hotline.number' is still a placeholder; replace it with 1-800-252-5400, once confirmed" \
        in result.stderr
    # Without the block, the kit is told what the block must say.
    text = path.read_text()
    path.write_text(text[:text.index("[contacts.state_hotline]")])
    result = cli("deck", "build", "--kit", kit, "--out", tmp_path / "d.pptx")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"error: {path}: TX has no built-in state pack")
    assert "add number (or url), citation, verified, accepts_trafficking" in result.stderr
    assert not (tmp_path / "d.pptx").exists()
    with open(path, "a") as kit_toml:
        kit_toml.write('\n[contacts.state_hotline]\nlabel = "Texas line"\nnumber = "(512) 555-0100"\n'
                       'verified = 2026-11-01\ncitation = "agency"\n')
    result = cli("deck", "build", "--kit", kit, "--out", tmp_path / "d.pptx")
    assert result.exit_code == 2 and "add accepts_trafficking (" in result.stderr


def test_a_fresh_ohio_kit_builds_a_draft_deck_with_no_colorado_claim(tmp_path, cli):
    """Every placeholder in place, the Ohio line only pre-filled to confirm: the draft says nothing of Colorado."""
    kit = tmp_path / "ohio"
    assert cli("init", kit, "--state", "OH", "--timezone", "America/New_York").exit_code == 0
    assert load_profile(kit).placeholders
    result = cli("deck", "build", "--kit", kit, "--draft", "--out", tmp_path / "d.pptx")
    assert result.exit_code == 0, result.output
    slides = deck_texts(tmp_path / "d.pptx")
    assert "DRAFT" in slides[0][1]
    strings = colorado_strings()
    shown = " ".join(text for title, text in slides if not title.startswith("Sources"))
    for kind in ("sentences", "contacts"):
        assert not [s for s in strings[kind] if s in shown], kind
    assert not [n for n in strings["numbers"] if re.search(rf"(?<![\w,.]){re.escape(n)}(?![\w,])", shown)]
    assert "Colorado" not in shown
    # The Ohio number init wrote in is shown, if at all, as what it is: a value still to confirm.
    assert shown.count("855-642-4453") == shown.count("<855-O-H-CHILD (855-642-4453), once confirmed>")


def test_other_states_numbers_are_never_built_in():
    """The 'confirm' numbers of states without a pack stay in a data file nothing prints."""
    import tomllib

    to_confirm = tomllib.loads(data_path("state-hotlines-to-confirm.toml").read_text())
    assert {"OH", "TX", "NY", "FL", "MI"} <= set(to_confirm)
    for state, entry in to_confirm.items():
        contacts = builtin_contacts(state)
        assert "state_hotline" not in contacts
        assert all(entry["number"] not in (c.number, c.url) for c in contacts.values())


def test_a_pack_module_must_keep_the_core_minutes(tmp_path):
    core_text = (builtin_path("slides") / "after-a-call.md").read_text()
    longer = tmp_path / "after-a-call.md"
    longer.write_text(core_text.replace("minutes: 1", "minutes: 3"))
    core = {"after-a-call": load_module(builtin_path("slides") / "after-a-call.md")}
    with pytest.raises(ContentError, match="must keep the core module's minutes and topics"):
        overlay(core, {"after-a-call": load_module(longer)}, load_pack("CO"))
