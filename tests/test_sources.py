"""Sources as the public knows them: what the bibliography holds, and that no internal file name reaches a user."""

from __future__ import annotations

import re

import pytest
import yaml
from pptx import Presentation

from kit.content import realize
from kit.errors import ContentError
from kit.resources import builtin_path, example_kit_path
from kit.sources import UNDATED, load_bibliography
from kit.workspace import Kit
from printed import pdf_text

BIBLIOGRAPHY = builtin_path("slides") / "bibliography.yaml"


def test_every_source_has_title_publisher_year_and_url_and_no_internal_file_id():
    raw = yaml.safe_load(BIBLIOGRAPHY.read_text())
    for source_id, entry in raw.items():
        assert {"title", "publisher", "year", "url"} <= set(entry), source_id
        assert isinstance(entry["year"], int) or entry["year"] == UNDATED, source_id
        assert "seed" not in entry and not re.search(r"seed", entry.get("note", ""), re.I), source_id
    assert raw["co4kids-le-guide"]["year"] == raw["co4kids-what-is"]["year"] == UNDATED  # A13


def test_figures_are_whole_figures_not_bare_digits():
    figures = load_bibliography([BIBLIOGRAPHY])["iacp-2016"].figures
    assert not {"1", "6", "10", "15", "18"} & set(figures)
    assert {"1 in 6", "15 life terms", "$3.1 million"} <= set(figures)


def test_a_made_up_year_is_refused(tmp_path):
    path = tmp_path / "bibliography.yaml"
    path.write_text("mine:\n  title: A page\n  publisher: Someone\n  year: about 2018\n")
    with pytest.raises(ContentError, match=r"field 'mine.year' must be a year like 2016, or 'n.d.'"):
        load_bibliography([path])


def test_stale_national_figures_name_their_years():
    workspace = Kit.open(example_kit_path())
    source = workspace.library.bibliography["iacp-2016"]
    assert source.data_end == 2014
    for slide in realize(workspace.library.modules["national-stats"], workspace.profile.template_context()):
        assert re.search(r"\b(2003-)?2014\b", slide.title), slide.title


@pytest.mark.parametrize("kit_name", ["example", "ohio_kit"])
def test_no_internal_file_name_reaches_slides_notes_or_handouts(kit_name, request, tmp_path, cli):
    kit = example_kit_path() if kit_name == "example" else request.getfixturevalue(kit_name)
    deck = tmp_path / "deck.pptx"
    assert cli("deck", "build", "--kit", kit, "--recipe", "block-watch-60", "--out", deck).exit_code == 0
    assert cli("handouts", "--kit", kit, "--out", tmp_path / "handouts").exit_code == 0
    texts = [shape.text_frame.text for slide in Presentation(str(deck)).slides for shape in slide.shapes
             if shape.has_text_frame]
    texts += [slide.notes_slide.notes_text_frame.text for slide in Presentation(str(deck)).slides]
    texts += [pdf_text(path) for path in (tmp_path / "handouts").glob("*.pdf")]
    assert not [text for text in texts if re.search(r"\bseeds?\b", text, re.I)]
    sources = " ".join(t for slide in Presentation(str(deck)).slides if slide.shapes.title.text_frame.text
                       .startswith("Sources") for t in (s.text_frame.text for s in slide.shapes if s.has_text_frame))
    assert "(n.d.). What is child trafficking?" in sources
    assert "Emergency" not in sources  # 911 is credited to nobody, least of all a state agency


def test_a_citation_missing_from_the_bibliography_has_one_wording_everywhere(cli, example_kit, add_module,
                                                                             add_recipe, tmp_path):
    """D18: loading (front matter), the deck and check say it in the same words."""
    wording = "cites [@no-such-source], which is not in bibliography.yaml; add the source there or fix the id"
    module = ("---\nid: mine\ntitle: Mine\nminutes: 1\nsources: [{sources}]\n---\n\n"
              "## Mine\n\n- A fact [@no-such-source]\n")
    path = add_module(example_kit, "mine.md", module.format(sources="iacp-2016"))
    add_recipe(example_kit, "mine-only", ["mine"])
    deck = cli("deck", "build", "--kit", example_kit, "--recipe", "mine-only", "--out", tmp_path / "d.pptx")
    checked = cli("check", "--kit", example_kit)
    path.write_text(module.format(sources="no-such-source"))
    loading = cli("slides", "list", "--kit", example_kit)
    assert deck.stderr == f"error: {path}:8: {wording}\n"  # the deck names the slide, check the line
    assert f"{path}:10: error: [unresolved-source] {wording}" in checked.stdout
    assert loading.stderr == f"error: {path}:2: {wording}\n"
