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
     "cites [@iacp-2061], which is not in bibliography.yaml (did you mean 'iacp-2016'?); add the source there"),
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


# ---- a kit's own modules: where each comes from, copying one in, and messages that name the kit's files -------

def slides_listed(cli, kit) -> dict[str, str]:
    """Module id -> its 'from' column, as ``slides list`` prints it."""
    result = cli("slides", "list", "--kit", kit)
    assert result.exit_code == 0, result.output
    header, *rows = result.stdout.splitlines()
    start, end = header.index("from"), header.index("title")
    return {row.split()[0]: row[start:end].strip() for row in rows if not row.startswith("note:")}


def test_slides_list_says_where_each_module_comes_from(cli, example_kit, add_module):
    add_module(example_kit, "mine.md", GOOD_MODULE)  # id local-extra, in no recipe
    add_module(example_kit, "welcome.md", GOOD_MODULE.replace("id: local-extra", "id: welcome"))
    listed = slides_listed(cli, example_kit)
    assert listed["local-extra"] == "kit, in no recipe"
    assert listed["welcome"] == "kit, replaces built-in"
    assert listed["where-to-call"] == "built-in" and listed["reporting-duty"] == "CO pack"
    assert "note: a module 'in no recipe' is in no deck" in cli("slides", "list", "--kit", example_kit).stdout


def test_slides_copy_puts_a_built_in_module_into_the_kit(cli, example_kit):
    from kit.resources import builtin_path

    result = cli("slides", "copy", "where-to-call", "--kit", example_kit)
    assert result.exit_code == 0, result.output
    copy = example_kit / "slides" / "where-to-call.md"
    assert result.stdout.startswith(f"wrote {copy}, a copy of the built-in module 'where-to-call'; edit it there")
    assert copy.read_text() == (builtin_path("slides") / "where-to-call.md").read_text()
    assert slides_listed(cli, example_kit)["where-to-call"] == "kit, replaces built-in"
    assert cli("slides", "copy", "reporting-duty", "--kit", example_kit).exit_code == 0  # from the CO pack
    assert slides_listed(cli, example_kit)["reporting-duty"] == "kit, replaces CO pack"


def test_slides_copy_refuses_to_overwrite_and_suggests_an_id(cli, example_kit, add_module):
    result = cli("slides", "copy", "where-to-cal", "--kit", example_kit)
    assert result.exit_code == 2 and result.stderr == (
        "error: unknown module 'where-to-cal' (did you mean 'where-to-call'?); 'blockwatch slides list' shows every "
        "module\n")
    mine = add_module(example_kit, "close.md", GOOD_MODULE)  # the file name of a built-in, holding another module
    before = mine.read_text()
    result = cli("slides", "copy", "close", "--kit", example_kit)
    assert result.exit_code == 2 and result.stderr.startswith(f"error: {mine}: already exists")
    assert mine.read_text() == before
    assert cli("slides", "copy", "local-extra", "--kit", example_kit).stderr == (
        f"error: {mine}: module 'local-extra' is already the kit's own; edit it there\n")


def test_a_kit_copy_that_drops_a_required_topic_is_named_by_its_own_file(cli, example_kit):
    from kit.resources import builtin_path

    assert cli("slides", "copy", "methods-of-control", "--kit", example_kit).exit_code == 0
    copy = example_kit / "slides" / "methods-of-control.md"
    copy.write_text(copy.read_text().replace("topics: [control]", "topics: []"))
    result = cli("deck", "plan", "--kit", example_kit)
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: {copy}:2: recipe 'block-watch-60' requires topic 'control', which the built-in module "
        "'methods-of-control' covered, but the kit's own methods-of-control.md replaces it without the topic; add "
        "'control' to its 'topics:' in the front matter\n")
    assert str(builtin_path("slides")) not in result.stderr


def test_messages_about_a_built_in_module_name_no_file_inside_the_package(cli, example_kit, tmp_path):
    """A kit's values that break a built-in module: the message names the module, never its path in the package."""
    from kit.resources import builtin_path

    path = example_kit / "kit.toml"
    path.write_text(path.read_text().replace('short_name = "Lakeview PD"', f'short_name = "{"Lakeview " * 300}"'))
    result = cli("deck", "build", "--kit", example_kit, "--out", tmp_path / "d.pptx")
    assert result.exit_code == 2
    assert "built-in module '" in result.stderr and str(builtin_path("slides")) not in result.stderr
    assert not (tmp_path / "d.pptx").exists()
