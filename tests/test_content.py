"""Slide modules: loading, overrides, and every bad input the builder must refuse with one clear line."""


import pytest

from kit.content import Columns, Quote, Stat, load_library, realize
from kit.profile import load_profile

GOOD_MODULE = """---
id: local-extra
title: A local extra
minutes: 2
audiences: [block-watch]
sources: [iacp-2016]
optional: true
priority: 10
reviewed: 2026-11-01
---

## Our neighborhood's partners

- {{ agency.name }} works with schools and shelters [@iacp-2016]
  - and with child welfare

::: notes
Tell the group who the partners are.

- Name the local shelter.
:::

---

## A figure to remember

::: stat
1 in 6
endangered runaways reported in 2014 were likely sex trafficking victims [@iacp-2016]
:::

---

## Myth and fact side by side

:::: columns
::: column
### Myth
- Strangers kidnap children
:::
::: column
### Fact
- Most are groomed by someone they know
:::
::::

---

## In the guide's words

> It does not require travel or transportation.
> -- IACP, Top 10 things to know [@iacp-2016]
"""


def test_kit_module_parses_into_slide_kinds(example_kit, add_module):
    add_module(example_kit, "local-extra.md", GOOD_MODULE)
    profile = load_profile(example_kit)
    library = load_library(profile)
    module = library.modules["local-extra"]
    assert not module.builtin and module.minutes == 2 and module.priority == 10
    slides = realize(module, profile.template_context())
    assert [s.title for s in slides] == ["Our neighborhood's partners", "A figure to remember",
                                         "Myth and fact side by side", "In the guide's words"]
    first = slides[0]
    assert first.blocks[0].text == "Lakeview Police Department works with schools and shelters [@iacp-2016]"
    assert first.blocks[1].level == 1
    assert [n.bullet for n in first.notes] == [False, True]
    assert isinstance(slides[1].blocks[0], Stat) and slides[1].blocks[0].figure == "1 in 6"
    assert isinstance(slides[2].blocks[0], Columns) and slides[2].blocks[0].right.heading == "Fact"
    quote = slides[3].blocks[0]
    assert isinstance(quote, Quote) and quote.attribution.text.startswith("— IACP")
    assert first.citations() == ["iacp-2016"]


def test_kit_module_overrides_builtin_by_id(example_kit, add_module):
    builtin = load_library(load_profile(example_kit))
    target = sorted(builtin.modules)[0]
    add_module(example_kit, "mine.md", GOOD_MODULE.replace("id: local-extra", f"id: {target}"))
    library = load_library(load_profile(example_kit))
    assert library.modules[target].title == "A local extra"
    assert not library.modules[target].builtin


BAD_MODULES = [
    ("front matter not YAML", GOOD_MODULE.replace("minutes: 2", "minutes: [2"), "front matter is not valid YAML"),
    ("unknown field", GOOD_MODULE.replace("title:", "titel:"), "unknown field 'titel' (did you mean 'title'?)"),
    ("missing field", GOOD_MODULE.replace("minutes: 2\n", ""), "field 'minutes' is missing"),
    ("minutes negative", GOOD_MODULE.replace("minutes: 2", "minutes: -3"), "must be a positive number of minutes"),
    ("minutes text", GOOD_MODULE.replace("minutes: 2", "minutes: ten"), "field 'minutes' must be a number, not 'ten'"),
    ("unknown source", GOOD_MODULE.replace("sources: [iacp-2016]", "sources: [iacp-2061]"),
     "cites source 'iacp-2061', which is not in bibliography.yaml"),
    ("undefined variable", GOOD_MODULE.replace("{{ agency.name }}", "{{ agency.nmae }}"),
     "undefined template variable"),
    ("no front matter", "## Just a slide\n", "has no front matter"),
]


@pytest.mark.parametrize("label,text,expected", BAD_MODULES, ids=[b[0] for b in BAD_MODULES])
def test_bad_module_is_one_line_exit_2_and_no_deck(example_kit, tmp_path, cli, label, text, expected,
                                                   add_module, add_recipe):
    path = add_module(example_kit, "broken.md", text)
    add_recipe(example_kit, "mine", ["local-extra"])
    out = tmp_path / "out" / "deck.pptx"
    result = cli("deck", "build", "--kit", example_kit, "--recipe", "mine", "--out", out)
    assert result.exit_code == 2, result.output
    assert expected in result.stderr
    assert str(path) in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output
    assert not out.exists()


def test_error_names_the_line_of_the_bad_field(example_kit, cli, add_module):
    add_module(example_kit, "broken.md", GOOD_MODULE.replace("title:", "titel:"))
    result = cli("slides", "list", "--kit", example_kit)
    assert f"{example_kit / 'slides' / 'broken.md'}:3: unknown field" in result.stderr


def test_undefined_variable_names_its_line(example_kit, cli, add_module, add_recipe):
    path = add_module(example_kit, "broken.md", GOOD_MODULE.replace("{{ agency.name }}", "{{ agency.nmae }}"))
    add_recipe(example_kit, "mine", ["local-extra"])
    result = cli("deck", "build", "--kit", example_kit, "--recipe", "mine", "--out", example_kit / "d.pptx")
    line = next(i for i, text in enumerate(path.read_text().splitlines(), 1) if "agency.nmae" in text)
    assert f"{path}:{line}: undefined template variable" in result.stderr


def test_duplicate_module_id_names_both_files(example_kit, cli, add_module):
    add_module(example_kit, "a.md", GOOD_MODULE)
    add_module(example_kit, "b.md", GOOD_MODULE)
    result = cli("slides", "list", "--kit", example_kit)
    assert result.exit_code == 2
    assert "b.md" in result.stderr and "also used by a.md" in result.stderr


def test_image_without_alt_text_is_refused(example_kit, cli, add_module, add_recipe):
    add_module(example_kit, "pic.md", GOOD_MODULE + "\n---\n\n## A picture\n\n![](photo.png)\n")
    add_recipe(example_kit, "mine", ["local-extra"])
    result = cli("deck", "build", "--kit", example_kit, "--recipe", "mine", "--out", example_kit / "d.pptx")
    assert result.exit_code == 2
    assert "image has no real alt text" in result.stderr
